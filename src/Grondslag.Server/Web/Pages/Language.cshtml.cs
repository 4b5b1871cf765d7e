using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grondslag.Server.Web.Pages;

/// <summary>
/// Switches the UI's language (POST with antiforgery). Signed in, the choice is stored on the account and the session
/// renewed so it takes effect at once; before sign-in it is kept in a cookie.
/// </summary>
public sealed class LanguageModel(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn) : PageModel
{
    public IActionResult OnGet(string? returnUrl) => LocalRedirect(LocalOrHome(returnUrl));

    public async Task<IActionResult> OnPostAsync(string? language, string? returnUrl)
    {
        var chosen = Localisation.Known(language);
        if (chosen is null)
        {
            return BadRequest($"Language '{language}' is not offered; choose '{Localisation.Dutch}' or '{Localisation.English}'.");
        }

        Response.Cookies.Append(Localisation.Cookie, Localisation.CookieValue(chosen), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = Request.IsHttps,
            MaxAge = TimeSpan.FromDays(365),
            IsEssential = true,
        });

        var auth = await HttpContext.AuthenticateAsync(WebComposition.Scheme).ConfigureAwait(false);
        if (auth.Succeeded && auth.Principal is { } principal
            && await users.GetUserAsync(principal).ConfigureAwait(false) is { } user)
        {
            foreach (var old in (await users.GetClaimsAsync(user).ConfigureAwait(false)).Where(c => c.Type == Localisation.LanguageClaim).ToList())
            {
                await users.RemoveClaimAsync(user, old).ConfigureAwait(false);
            }

            await users.AddClaimAsync(user, new Claim(Localisation.LanguageClaim, chosen)).ConfigureAwait(false);
            var renewed = await signIn.CreateUserPrincipalAsync(user).ConfigureAwait(false);
            await HttpContext.SignInAsync(WebComposition.Scheme, renewed, auth.Properties).ConfigureAwait(false);
        }

        return LocalRedirect(LocalOrHome(returnUrl));
    }

    private string LocalOrHome(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : "/";
}
