using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grondslag.Server.Web.Pages;

/// <summary>
/// Ends the session (POST only, with antiforgery, so no other site can sign a user out). It ends every session of the
/// account — this cookie, cookies in other browsers and the API's bearer tokens — by giving the account a new security stamp.
/// </summary>
public sealed class SignOutModel(UserManager<IdentityUser> users, IRecordAccountEvent record) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var session = await HttpContext.AuthenticateAsync(WebComposition.Scheme).ConfigureAwait(false);
        if (session.Succeeded && await users.GetUserAsync(session.Principal).ConfigureAwait(false) is { } user)
        {
            await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
            await record.ExecuteAsync("auth.sign-out", new Actor(user.UserName!, Role.Recipient), user.UserName!, new JsonObject { ["via"] = "web" }, cancellationToken).ConfigureAwait(false);
        }

        await HttpContext.SignOutAsync(WebComposition.Scheme).ConfigureAwait(false);
        return Redirect("/sign-in");
    }
}
