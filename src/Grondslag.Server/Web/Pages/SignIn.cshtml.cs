using Grondslag.Domain.Cases;
using Grondslag.Server.Accounts;
using Grondslag.Server.Endpoints;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grondslag.Server.Web.Pages;

/// <summary>
/// Cookie sign-in for the web UI with a local account, through <see cref="AccountSignIn"/> (the API's rules: one answer
/// for unknown names and wrong passwords, throttling per source, audited failures). A one-time password leads to the
/// password page and nowhere else.
/// </summary>
public sealed class SignInModel(AccountSignIn accounts) : PageModel
{
    /// <summary>The English text of the error (the page shows it translated).</summary>
    public string? Error { get; private set; }

    /// <summary>The English text of a notice (e.g. after a password change).</summary>
    public string? Notice { get; private set; }

    public string? UserName { get; private set; }

    public string ReturnUrl { get; private set; } = "/";

    public void OnGet(string? returnUrl, string? changed)
    {
        ReturnUrl = LocalOrHome(returnUrl);
        Notice = changed is null ? null : "Your password is changed; sign in with the new one.";
    }

    public async Task<IActionResult> OnPostAsync(string? userName, string? password, string? returnUrl, CancellationToken cancellationToken)
    {
        ReturnUrl = LocalOrHome(returnUrl);
        var name = userName?.Trim() ?? "";
        UserName = name.Length <= AccountSignIn.MaxUserName ? name : "";
        var attempt = await accounts.TryAsync(name, password, null, AuthEndpoints.Source(HttpContext), "web", cancellationToken).ConfigureAwait(false);
        switch (attempt.Verdict)
        {
            case SignInVerdict.Succeeded:
                break;
            case SignInVerdict.Throttled:
                Error = "Too many failed sign-ins from your address; try again later.";
                return Page();
            case SignInVerdict.TooLong:
                Error = "The user name or password is too long.";
                return Page();
            case SignInVerdict.Failed:
            case SignInVerdict.NewPasswordRefused:
            default:
                Error = "Unknown user name or wrong password.";
                return Page();
        }

        var principal = attempt.Principal!;
        if (principal.IsInRole(Role.Recipient.ToWire()))
        {
            Error = "Recipient accounts use the API (TAXII, recipient endpoints), not the web UI.";
            return Page();
        }

        await HttpContext.SignInAsync(WebComposition.Scheme, principal).ConfigureAwait(false);
        return OneTimePasswords.MustChange(principal) ? LocalRedirect("/password") : LocalRedirect(ReturnUrl);
    }

    private string LocalOrHome(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : "/";
}
