using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grondslag.Server.Web.Pages;

/// <summary>Cookie sign-in for the web UI with a local account; failed attempts are audited and count towards lockout.</summary>
public sealed class SignInModel(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn, IRecordAccountEvent record) : PageModel
{
    public string? Error { get; private set; }

    public string? UserName { get; private set; }

    public string ReturnUrl { get; private set; } = "/";

    public void OnGet(string? returnUrl) => ReturnUrl = LocalOrHome(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? userName, string? password, string? returnUrl, CancellationToken cancellationToken)
    {
        ReturnUrl = LocalOrHome(returnUrl);
        var name = userName?.Trim() ?? "";
        UserName = name;
        var user = name.Length == 0 ? null : await users.FindByNameAsync(name).ConfigureAwait(false);
        var result = user is null ? Microsoft.AspNetCore.Identity.SignInResult.Failed : await signIn.CheckPasswordSignInAsync(user, password ?? "", lockoutOnFailure: true).ConfigureAwait(false);
        if (!result.Succeeded || user is null)
        {
            await record.ExecuteAsync("auth.sign-in-failed", new Actor(name.Length == 0 ? "(none)" : name, Role.Recipient), name,
                new JsonObject { ["knownUser"] = user is not null, ["lockedOut"] = result.IsLockedOut, ["via"] = "web" }, cancellationToken).ConfigureAwait(false);
            Error = result.IsLockedOut ? "The account is locked after too many failed attempts; try again later." : "Unknown user name or wrong password.";
            return Page();
        }

        var principal = await signIn.CreateUserPrincipalAsync(user).ConfigureAwait(false);
        if (principal.IsInRole(Role.Recipient.ToWire()))
        {
            Error = "Recipient accounts use the API (TAXII, recipient endpoints), not the web UI.";
            return Page();
        }

        await HttpContext.SignInAsync(WebComposition.Scheme, principal).ConfigureAwait(false);
        return LocalRedirect(ReturnUrl);
    }

    private string LocalOrHome(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : "/";
}
