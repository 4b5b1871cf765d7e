using System.Security.Claims;
using Grondslag.Server.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Grondslag.Server.Accounts;

/// <summary>
/// Checks every authenticated bearer token and web cookie against the account, on every request: the account must still
/// exist, not be disabled, and carry the same security stamp as when the token or cookie was issued. Signing out, a
/// password change and disabling the account all change the stamp, so every token and cookie of the account dies at
/// once (the API answers 401, the web UI sends the person to sign in). A session that still has to replace its one-time
/// password holds no role. (TAXII clients, which authenticate with a secret per request, carry no account.)
/// </summary>
internal static class SessionValidation
{
    /// <summary>The API's bearer principal, checked after authentication: a dead token leaves the request anonymous.</summary>
    public static IApplicationBuilder UseSessionValidation(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            // Assigning User also clears the authentication result, so authorisation challenges (401) instead of forbidding.
            context.User = await CheckAsync(context, context.User).ConfigureAwait(false) ?? new ClaimsPrincipal(new ClaimsIdentity());
        }

        await next(context).ConfigureAwait(false);
    });

    /// <summary>The web cookie, checked each time it is read: a dead cookie is rejected and removed.</summary>
    public static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Principal is not { } principal)
        {
            return;
        }

        if (await CheckAsync(context.HttpContext, principal).ConfigureAwait(false) is { } checkedPrincipal)
        {
            if (!ReferenceEquals(checkedPrincipal, principal))
            {
                context.ReplacePrincipal(checkedPrincipal);
            }

            return;
        }

        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(context.Scheme.Name).ConfigureAwait(false);
    }

    /// <summary>The principal as it may act now (roles removed while a one-time password is to be replaced), or null when its session ended.</summary>
    private static async Task<ClaimsPrincipal?> CheckAsync(HttpContext http, ClaimsPrincipal principal)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        if (principal.FindFirstValue(options.UserIdClaimType) is not { } id)
        {
            return principal;
        }

        var stamp = principal.FindFirstValue(options.SecurityStampClaimType);
        var key = "grondslag:session:" + id + "\n" + stamp;
        if (http.Items[key] is not bool valid)
        {
            var users = http.RequestServices.GetRequiredService<UserManager<IdentityUser>>();
            var user = await users.FindByIdAsync(id).ConfigureAwait(false);
            valid = user is not null && stamp is not null && string.Equals(user.SecurityStamp, stamp, StringComparison.Ordinal)
                && !await users.IsLockedOutAsync(user).ConfigureAwait(false);
            http.Items[key] = valid;
        }

        if (!valid)
        {
            return null;
        }

        if (OneTimePasswords.MustChange(principal))
        {
            // Only the password change and sign-out accept such a session; they require no role.
            var restricted = new ClaimsIdentity(principal.Claims.Where(c => c.Type != options.RoleClaimType && c.Type != ClaimTypes.Role),
                principal.Identity!.AuthenticationType, options.UserNameClaimType, options.RoleClaimType);
            return new ClaimsPrincipal(restricted);
        }

        return principal;
    }
}

/// <summary>
/// Tells a session that must first replace its one-time password what to do, instead of a bare 403: the API answers
/// with problem details naming the endpoint, the web UI sends the person to the password page.
/// </summary>
internal static class OneTimePasswordGuard
{
    public static IApplicationBuilder UseOneTimePasswordGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            if (OneTimePasswords.MustChange(context.User) && !path.StartsWithSegments("/api/auth", StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Change your one-time password first",
                    detail: "This account signed in with a one-time password: choose your own (POST /api/auth/password with currentPassword and newPassword), then sign in again.")
                    .ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
        }
        else if (!path.StartsWithSegments("/password", StringComparison.Ordinal) && !path.StartsWithSegments("/sign-out", StringComparison.Ordinal)
            && !path.StartsWithSegments("/sign-in", StringComparison.Ordinal) && !path.StartsWithSegments("/css", StringComparison.Ordinal)
            && !path.StartsWithSegments("/js", StringComparison.Ordinal) && !path.StartsWithSegments("/taxii2", StringComparison.Ordinal))
        {
            var web = await context.AuthenticateAsync(WebComposition.Scheme).ConfigureAwait(false);
            if (web.Succeeded && OneTimePasswords.MustChange(web.Principal))
            {
                context.Response.Redirect("/password");
                return;
            }
        }

        await next(context).ConfigureAwait(false);
    });
}
