using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Server.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grondslag.Server.Web.Pages;

/// <summary>
/// The signed-in person changes their password (after a one-time password: must). Open to any signed-in web session,
/// also one without roles yet. A change gives the account a new security stamp: every cookie and token ends, and the
/// person signs in again with the new password.
/// </summary>
public sealed class PasswordModel(UserManager<IdentityUser> users, IRecordAccountEvent record) : PageModel
{
    public bool MustChange { get; private set; }

    /// <summary>English texts of what was wrong (the page shows them translated where it knows them).</summary>
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var session = await HttpContext.AuthenticateAsync(WebComposition.Scheme).ConfigureAwait(false);
        if (!session.Succeeded || session.Principal.Identity?.IsAuthenticated != true)
        {
            return Redirect("/sign-in?returnUrl=%2Fpassword");
        }

        MustChange = OneTimePasswords.MustChange(session.Principal);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? currentPassword, string? newPassword, string? confirmPassword, CancellationToken cancellationToken)
    {
        var session = await HttpContext.AuthenticateAsync(WebComposition.Scheme).ConfigureAwait(false);
        if (!session.Succeeded || session.Principal.Identity?.IsAuthenticated != true || await users.GetUserAsync(session.Principal).ConfigureAwait(false) is not { } user)
        {
            return Redirect("/sign-in?returnUrl=%2Fpassword");
        }

        MustChange = OneTimePasswords.MustChange(session.Principal);
        if ((currentPassword?.Length ?? 0) > PasswordPolicy.MaximumLength || (newPassword?.Length ?? 0) > PasswordPolicy.MaximumLength)
        {
            Errors = ["The user name or password is too long."];
            return Page();
        }

        if (!string.Equals(newPassword, confirmPassword, StringComparison.Ordinal))
        {
            Errors = ["The two new passwords differ."];
            return Page();
        }

        var changed = await users.ChangePasswordAsync(user, currentPassword ?? "", newPassword ?? "").ConfigureAwait(false);
        if (!changed.Succeeded)
        {
            Errors = [.. changed.Errors.Select(e => e.Code switch
            {
                "PasswordMismatch" => "The current password is wrong.",
                "PasswordTooShort" => "The new password is too short.",
                "PasswordCommon" => "This password is too common (or a common word with digits or symbols added); choose a longer passphrase of your own.",
                "PasswordContainsUserName" => "The password must not contain the user name.",
                "PasswordRequiresUniqueChars" => "The new password needs more different characters.",
                _ => e.Description,
            })];
            return Page();
        }

        await OneTimePasswords.ClearAsync(users, user).ConfigureAwait(false);
        await record.ExecuteAsync("account.password-changed", new Actor(user.UserName!, Role.Recipient), user.UserName!, new JsonObject { ["via"] = "web" }, cancellationToken).ConfigureAwait(false);
        await HttpContext.SignOutAsync(WebComposition.Scheme).ConfigureAwait(false);
        return Redirect("/sign-in?changed=1");
    }
}
