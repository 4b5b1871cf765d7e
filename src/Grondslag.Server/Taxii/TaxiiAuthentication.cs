using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Grondslag.Application.Accounts;
using Grondslag.Delivery.Taxii;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Grondslag.Server.Taxii;

/// <summary>
/// HTTP Basic for TAXII clients: the user name is the party id, the password the secret an administrator issued.
/// The principal carries the party claim; nothing about the secret is logged.
/// </summary>
internal sealed class TaxiiBasicHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ITaxiiClientStore clients, TaxiiSecrets secrets, TaxiiConcurrency concurrency,
    TaxiiFailures failures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TaxiiBasic";

    private const string ThrottledItem = "grondslag:taxii-throttled";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return AuthenticateResult.NoResult();
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return AuthenticateResult.Fail("The Basic credentials are not base64.");
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return AuthenticateResult.Fail("The Basic credentials have no user name.");
        }

        var party = decoded[..colon];
        var secret = decoded[(colon + 1)..];
        var source = Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var wait = failures.Throttle.RetryAfter(source, party.Length > 200 ? party[..200] : party);
        if (wait > TimeSpan.Zero)
        {
            // Too many wrong secrets from this address: answered without a key derivation.
            Context.Items[ThrottledItem] = wait;
            return AuthenticateResult.Fail("Too many wrong secrets from this address.");
        }

        string? secretHash;
        await concurrency.Semaphore.WaitAsync(Context.RequestAborted).ConfigureAwait(false);
        try
        {
            secretHash = await clients.SecretHashOfAsync(party, Context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            concurrency.Semaphore.Release();
        }

        // Same work for a party without credentials (a dummy derivation), so timing does not tell who has them.
        if (party.Length > 200 || secret.Length > 256)
        {
            return AuthenticateResult.Fail("Unknown TAXII client or wrong secret.");
        }

        if (!await secrets.VerifyAsync(party, secret, secretHash, Context.RequestAborted).ConfigureAwait(false) || secretHash is null)
        {
            failures.Throttle.Failed(source, party);
            return AuthenticateResult.Fail("Unknown TAXII client or wrong secret.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, party), new Claim(GrondslagClaims.Party, party), new Claim(ClaimTypes.Role, "recipient")],
            SchemeName);
        failures.Throttle.Succeeded(source, party);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[ThrottledItem] is TimeSpan wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await TaxiiErrors.WriteAsync(Context, StatusCodes.Status429TooManyRequests, "Too many requests",
                $"Too many wrong secrets from this address; retry after {seconds} s.").ConfigureAwait(false);
            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"Grondslag TAXII\", charset=\"UTF-8\"";
        await TaxiiErrors.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Authentication required",
            "Send HTTP Basic credentials: your party id and the TAXII secret your administrator issued.").ConfigureAwait(false);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await TaxiiErrors.WriteAsync(Context, StatusCodes.Status404NotFound, "Not found", "No such resource.").ConfigureAwait(false);
}

/// <summary>
/// Wrong TAXII secrets counted per source address and per (source, party), with the sign-in's progressive delays: a flood
/// of guesses is answered 429 without a key derivation, and no one can lock a recipient out from elsewhere.
/// </summary>
internal sealed record TaxiiFailures(Accounts.SignInThrottle Throttle);

/// <summary>TAXII error messages (section 3.6.1 of the specification).</summary>
internal static class TaxiiErrors
{
    public static async Task WriteAsync(HttpContext context, int status, string title, string description)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = TaxiiMedia.Taxii;
        var body = new System.Text.Json.Nodes.JsonObject { ["title"] = title, ["description"] = description, ["http_status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    public static IResult Result(int status, string title, string description) =>
        Results.Bytes(Encoding.UTF8.GetBytes(new System.Text.Json.Nodes.JsonObject { ["title"] = title, ["description"] = description, ["http_status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture) }.ToJsonString()),
            TaxiiMedia.Taxii) is var bytes ? new StatusResult(bytes, status) : bytes;

    /// <summary>A result with another status code than its inner result's.</summary>
    private sealed class StatusResult(IResult inner, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
