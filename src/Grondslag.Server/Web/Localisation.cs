using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Localization;

namespace Grondslag.Server.Web;

/// <summary>
/// The web UI speaks Dutch and English. Dutch is the default (the NCSC's own staff work in Dutch); a user's choice is
/// kept on the account (an Identity claim, so it follows the user to any browser) and, for pages before sign-in, in a
/// cookie. The API keeps English: its problem details are read by machines and by the pages that translate them.
/// Dates are ISO in both languages, so the cultures' own date formats are never used.
/// </summary>
public static class Localisation
{
    /// <summary>The claim on the account that holds the chosen language ("nl" or "en").</summary>
    public const string LanguageClaim = "grondslag:language";

    /// <summary>The cookie that holds the choice for pages shown before sign-in.</summary>
    public const string Cookie = "grondslag-language";

    public const string Dutch = "nl";

    public const string English = "en";

    public static readonly IReadOnlyList<string> Languages = [Dutch, English];

    /// <summary>The language of the current request's pages: "nl" or "en" (the culture's name; under invariant
    /// globalization the ISO-639 properties say "iv").</summary>
    public static string Current => Known(CultureInfo.CurrentUICulture.Name) ?? Dutch;

    /// <summary>The language for a requested code, or null when it is not one the UI speaks.</summary>
    public static string? Known(string? code) =>
        Languages.FirstOrDefault(l => string.Equals(l, code?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static IServiceCollection AddGrondslagLocalisation(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Languages.Select(l => new CultureInfo(l)).ToList();
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.DefaultRequestCulture = new RequestCulture(Dutch);
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            o.RequestCultureProviders =
            [
                new AccountLanguageProvider(),
                new CookieRequestCultureProvider { CookieName = Cookie },
            ];
        });
        return services;
    }

    /// <summary>The choice as the cookie stores it.</summary>
    public static string CookieValue(string language) =>
        CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language));

    /// <summary>The language on the signed-in web user's account; machine callers (API, TAXII) are not asked.</summary>
    private sealed class AccountLanguageProvider : RequestCultureProvider
    {
        public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var path = httpContext.Request.Path;
            if (path.StartsWithSegments("/api", StringComparison.Ordinal) || path.StartsWithSegments("/taxii2", StringComparison.Ordinal)
                || path.StartsWithSegments("/css", StringComparison.Ordinal) || path.StartsWithSegments("/js", StringComparison.Ordinal))
            {
                return null;
            }

            var auth = await httpContext.AuthenticateAsync(WebComposition.Scheme).ConfigureAwait(false);
            var language = Known(auth.Principal?.FindFirstValue(LanguageClaim));
            return language is null ? null : new ProviderCultureResult(language);
        }
    }
}
