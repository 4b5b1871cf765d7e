using System.Security.Claims;
using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Server.Accounts;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Grondslag.Server.Endpoints;

/// <summary>
/// Sign-in request for a local account. <see cref="NewPassword"/> (optional) replaces the password in the same request:
/// the way to sign in with a one-time password and get a full session at once.
/// </summary>
public sealed record SignInRequest(string? UserName, string? Password, string? NewPassword = null);

/// <summary>Password change for the signed-in account.</summary>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>
/// Sign-in with a local account (bearer token), sign-out (ends every token and cookie of the account) and password change
/// (likewise). Failed sign-ins are audited with a bounded name; throttled per source, never by locking the account.
/// </summary>
internal static class AuthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("auth");
        group.MapPost("/sign-in", SignInAsync).AllowAnonymous();
        group.MapPost("/sign-out", SignOutAsync).RequireAuthorization();
        group.MapPost("/password", ChangePasswordAsync).RequireAuthorization();
    }

    internal static string Source(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> SignInAsync(
        SignInRequest body, HttpContext context, AccountSignIn accounts, CancellationToken cancellationToken)
    {
        var attempt = await accounts.TryAsync(body.UserName, body.Password, body.NewPassword, Source(context), "api", cancellationToken).ConfigureAwait(false);
        switch (attempt.Verdict)
        {
            case SignInVerdict.Succeeded:
                return TypedResults.SignIn(attempt.Principal!, authenticationScheme: IdentityConstants.BearerScheme);
            case SignInVerdict.Throttled:
                var seconds = Math.Max(1, (int)Math.Ceiling(attempt.RetryAfter.TotalSeconds));
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed sign-ins",
                    detail: $"Too many failed sign-ins from your address; try again in {seconds} s.");
            case SignInVerdict.TooLong:
                return Problems.Invalid(attempt.Detail!);
            case SignInVerdict.NewPasswordRefused:
                return Problems.Invalid("newPassword: " + attempt.Detail);
            case SignInVerdict.Failed:
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed", detail: "Unknown user name or wrong password.");
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SignOutAsync(ClaimsPrincipal principal, UserManager<IdentityUser> users, IRecordAccountEvent record, CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(principal).ConfigureAwait(false) is not { } user)
        {
            return Problems.NotFound("The signed-in account no longer exists.");
        }

        // A new stamp: every bearer token and web cookie issued before this moment is refused from now on.
        await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
        await record.ExecuteAsync("auth.sign-out", new Actor(user.UserName!, Role.Recipient), user.UserName!, new JsonObject { ["via"] = "api" }, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest body, ClaimsPrincipal principal, UserManager<IdentityUser> users, IRecordAccountEvent record, CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(principal).ConfigureAwait(false) is not { } user)
        {
            return Problems.NotFound("The signed-in account no longer exists.");
        }

        if ((body.CurrentPassword?.Length ?? 0) > PasswordPolicy.MaximumLength || (body.NewPassword?.Length ?? 0) > PasswordPolicy.MaximumLength)
        {
            return Problems.Invalid($"A password has at most {PasswordPolicy.MaximumLength} characters.");
        }

        // Identity checks the current password, applies the policy and changes the security stamp: every session ends.
        var changed = await users.ChangePasswordAsync(user, body.CurrentPassword ?? "", body.NewPassword ?? "").ConfigureAwait(false);
        if (!changed.Succeeded)
        {
            return Problems.Invalid(string.Join(" ", changed.Errors.Select(e => e.Description)));
        }

        await OneTimePasswords.ClearAsync(users, user).ConfigureAwait(false);
        await record.ExecuteAsync("account.password-changed", new Actor(user.UserName!, Role.Recipient), user.UserName!, new JsonObject { ["via"] = "api" }, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }
}
