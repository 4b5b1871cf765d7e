using System.Globalization;
using System.Net;
using Grondslag.Domain.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Localization;

namespace Grondslag.Server.Web;

/// <summary>
/// Error answers for people: a browser asking for a page (not the API, TAXII or static files; <c>Accept: text/html</c>)
/// gets a readable HTML page in its language with the original status code, also when the failure happens before any
/// page runs (an exception, or Kestrel refusing an upload over the limit). Machine callers keep problem details.
/// Self-contained (no Razor), so it works whatever failed.
/// </summary>
public static class BrowserErrors
{
    /// <summary>Whether the request comes from a person's browser asking for a page.</summary>
    public static bool IsBrowser(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api", StringComparison.Ordinal) || path.StartsWithSegments("/taxii2", StringComparison.Ordinal)
            || path.StartsWithSegments("/.well-known", StringComparison.Ordinal) || path.StartsWithSegments("/css", StringComparison.Ordinal)
            || path.StartsWithSegments("/js", StringComparison.Ordinal) || path.StartsWithSegments("/openapi", StringComparison.Ordinal))
        {
            return false;
        }

        return context.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
    }

    /// <summary>
    /// The language of the request: as the localisation middleware chose it, else the signed-in account's choice, else
    /// the language cookie, else Dutch.
    /// </summary>
    public static async Task<string> LanguageAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name is { Length: >= 2 } chosen)
        {
            return Localisation.Known(chosen[..2]) ?? Localisation.Dutch;
        }

        try
        {
            var auth = await context.AuthenticateAsync(WebComposition.Scheme).ConfigureAwait(false);
            if (Localisation.Known(auth.Principal?.FindFirst(Localisation.LanguageClaim)?.Value) is { } account)
            {
                return account;
            }
        }
        catch (InvalidOperationException)
        {
            // No cookie scheme in this host: fall back to the cookie.
        }

        var cookie = context.Request.Cookies[Localisation.Cookie];
        var parsed = cookie is null ? null : CookieRequestCultureProvider.ParseCookieValue(cookie);
        return Localisation.Known(parsed?.UICultures.FirstOrDefault().Value) ?? Localisation.Dutch;
    }

    /// <summary>Title and explanation of an error status, in English and Dutch.</summary>
    public static (LocalText Title, LocalText Text) Explain(int status, long? uploadLimit = null) => status switch
    {
        404 => (new("Not found", "Niet gevonden"),
            new("There is no such page, case or share. It may have been mistyped, or the link is out of date.",
                "Deze pagina, zaak of deling bestaat niet. Misschien is het adres verkeerd getypt, of is de link verouderd.")),
        403 => (new("Not allowed", "Niet toegestaan"),
            new("This page needs a role your account does not have. Ask an administrator if you need it.",
                "Voor deze pagina is een rol nodig die uw account niet heeft. Vraag een beheerder als u die nodig hebt.")),
        413 => (new("The file is too large", "Het bestand is te groot"),
            new(string.Create(CultureInfo.InvariantCulture, $"The server accepts files up to {Megabytes(uploadLimit)}. Nothing was stored. Go back (your other fields are kept by the form), split the list into smaller files, or ask an administrator to raise the limit."),
                string.Create(CultureInfo.InvariantCulture, $"De server neemt bestanden tot {Megabytes(uploadLimit)} aan. Er is niets opgeslagen. Ga terug (het formulier bewaart uw andere velden), splits de lijst in kleinere bestanden, of vraag een beheerder de grens te verhogen."))),
        400 => (new("The request could not be read", "Het verzoek kon niet worden gelezen"),
            new("The request could not be read. Go back and try again.", "Het verzoek kon niet worden gelezen. Ga terug en probeer het opnieuw.")),
        503 => (new("Temporarily unavailable", "Tijdelijk niet beschikbaar"),
            new("The server cannot complete this request right now (it is busy or not fully configured). Nothing was changed; try again in a moment, and tell the administrator if it keeps happening.",
                "De server kan dit verzoek nu niet afronden (hij is bezet of niet volledig ingericht). Er is niets gewijzigd; probeer het zo opnieuw, en meld het de beheerder als het blijft gebeuren.")),
        _ => (new("Something went wrong", "Er ging iets mis"),
            new("The server could not complete this request. Nothing was changed by the failed step; try again, and tell the administrator if it keeps happening.",
                "De server kon dit verzoek niet afronden. De mislukte stap heeft niets gewijzigd; probeer het opnieuw, en meld het de beheerder als het blijft gebeuren.")),
    };

    /// <summary>Writes the HTML error page with the status code (and the reference to find it in the server log).</summary>
    public static async Task WriteAsync(HttpContext context, int status, long? uploadLimit = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var language = await LanguageAsync(context).ConfigureAwait(false);
        var (title, text) = Explain(status, uploadLimit);
        var trace = System.Diagnostics.Activity.Current?.Id ?? context.TraceIdentifier;
        string E(string s) => WebUtility.HtmlEncode(s);
        var back = new LocalText("Back to the open cases", "Terug naar de open zaken").For(language);
        var code = new LocalText("Error code", "Foutcode").For(language);
        var reference = new LocalText("Reference for the administrator", "Kenmerk voor de beheerder").For(language);
        var html = string.Create(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{language}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{E(title.For(language))} – Grondslag</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><main id="main" class="error-page"><h1>{E(title.For(language))}</h1><p>{E(text.For(language))}</p><p>{E(code)}: {status}</p><p>{E(reference)}: <code>{E(trace)}</code></p><p><a href="/">{E(back)}</a></p></main></body>
            </html>
            """);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = WebComposition.ContentSecurityPolicy;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentLanguage = language;
        await response.WriteAsync(html, context.RequestAborted).ConfigureAwait(false);
    }

    private static string Megabytes(long? bytes) =>
        bytes is { } b ? (b >= 1 << 20 ? string.Create(CultureInfo.InvariantCulture, $"{b / (1 << 20)} MB") : string.Create(CultureInfo.InvariantCulture, $"{b} bytes")) : "the configured limit";
}

/// <summary>
/// First of the exception handlers: a failure on a page request (an exception, or Kestrel's 413 for an upload over
/// the limit, thrown while the form is read) becomes the HTML error page; API callers fall through to problem details.
/// </summary>
internal sealed partial class BrowserExceptionHandler(IConfiguration configuration, ILogger<BrowserExceptionHandler> logger) : Microsoft.AspNetCore.Diagnostics.IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!BrowserErrors.IsBrowser(httpContext) || httpContext.Response.HasStarted)
        {
            return false;
        }

        var bad = exception as BadHttpRequestException ?? exception.InnerException as BadHttpRequestException;
        var status = exception switch
        {
            _ when bad is not null => bad.StatusCode,
            Grondslag.Attribution.Tables.AddressDataException or Grondslag.Attribution.Data.DataInstallException => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status500InternalServerError,
        };
        if (status >= 500)
        {
            LogFailed(logger, httpContext.Request.Path.Value ?? "", exception);
        }

        await BrowserErrors.WriteAsync(httpContext, status, configuration.GetValue<long?>(Composition.ServerKeys.UploadMaxBytes) ?? Composition.ServerKeys.DefaultUploadMaxBytes).ConfigureAwait(false);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A page request to {Path} failed; the person saw the HTML error page.")]
    private static partial void LogFailed(ILogger logger, string path, Exception exception);
}

/// <summary>Page posts that announce a body over the upload limit get the readable 413 page before anything reads them.</summary>
internal static class BrowserUploadLimit
{
    public static IApplicationBuilder UseBrowserUploadLimit(this IApplicationBuilder app, long limit) => app.Use(async (context, next) =>
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.ContentLength > limit && BrowserErrors.IsBrowser(context))
        {
            await BrowserErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, limit).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    });
}
