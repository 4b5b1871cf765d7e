using System.Security.Claims;
using Grondslag.Server.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Grondslag.Server.Accounts;

/// <summary>
/// Checks every authenticated bearer token and web cookie against the account, on every request: the account must still
/// exist, not be disabled, and carry the same security stamp as when the token or cookie was issued. Signing out, a
/// password change and disabling the account all change the stamp, so every token and cookie of the account dies at
/// once. A session that still has to replace its one-time password holds no role. (TAXII clients, which authenticate
/// with a secret per request, carry no account and pass unchanged.)
/// </summary>
internal sealed class SessionValidation(UserManager<IdentityUser> users, IOptions<IdentityOptions> identity, IHttpContextAccessor http) : IClaimsTransformation
{
    private static readonly ClaimsPrincipal Nobody = new(new ClaimsIdentity());

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var claims = identity.Value.ClaimsIdentity;
        if (principal.Identity?.IsAuthenticated != true || principal.FindFirstValue(claims.UserIdClaimType) is not { } id)
        {
            return principal;
        }

        var stamp = principal.FindFirstValue(claims.SecurityStampClaimType);
        var cache = http.HttpContext?.Items;
        var key = "grondslag:session:" + id + "\n" + stamp;
        if (cache?[key] is not bool valid)
        {
            var user = await users.FindByIdAsync(id).ConfigureAwait(false);
            valid = user is not null && stamp is not null && string.Equals(user.SecurityStamp, stamp, StringComparison.Ordinal)
                && !await users.IsLockedOutAsync(user).ConfigureAwait(false);
            if (cache is not null)
            {
                cache[key] = valid;
            }
        }

        if (!valid)
        {
            return Nobody;
        }

        if (OneTimePasswords.MustChange(principal))
        {
            // Only the password change and sign-out accept such a session; they require no role.
            var restricted = new ClaimsIdentity(principal.Claims.Where(c => c.Type != claims.RoleClaimType && c.Type != ClaimTypes.Role),
                principal.Identity.AuthenticationType, claims.UserNameClaimType, claims.RoleClaimType);
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
