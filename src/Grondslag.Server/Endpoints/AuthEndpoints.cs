using System.Security.Claims;
using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Grondslag.Server.Endpoints;

/// <summary>Sign-in request for a local account.</summary>
public sealed record SignInRequest(string? UserName, string? Password);

/// <summary>Password change for the signed-in account.</summary>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>Sign-in with a local account (bearer token) and password change. Failed sign-ins are audited.</summary>
internal static class AuthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("auth");
        group.MapPost("/sign-in", SignInAsync).AllowAnonymous();
        group.MapPost("/password", ChangePasswordAsync).RequireAuthorization();
    }

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> SignInAsync(
        SignInRequest body, UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn, IRecordAccountEvent record, CancellationToken cancellationToken)
    {
        var name = body.UserName?.Trim() ?? "";
        var user = name.Length == 0 ? null : await users.FindByNameAsync(name).ConfigureAwait(false);
        var result = user is null ? SignInResult.Failed : await signIn.CheckPasswordSignInAsync(user, body.Password ?? "", lockoutOnFailure: true).ConfigureAwait(false);
        if (!result.Succeeded || user is null)
        {
            await record.ExecuteAsync("auth.sign-in-failed", new Actor(name.Length == 0 ? "(none)" : name, Role.Recipient), name,
                new JsonObject { ["knownUser"] = user is not null, ["lockedOut"] = result.IsLockedOut }, cancellationToken).ConfigureAwait(false);
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed",
                detail: result.IsLockedOut ? "The account is locked after too many failed attempts; try again later." : "Unknown user name or wrong password.");
        }

        var principal = await signIn.CreateUserPrincipalAsync(user).ConfigureAwait(false);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePasswordAsync(ChangePasswordRequest body, ClaimsPrincipal principal, UserManager<IdentityUser> users)
    {
        if (await users.GetUserAsync(principal).ConfigureAwait(false) is not { } user)
        {
            return Problems.NotFound("The signed-in account no longer exists.");
        }

        var changed = await users.ChangePasswordAsync(user, body.CurrentPassword ?? "", body.NewPassword ?? "").ConfigureAwait(false);
        return changed.Succeeded ? TypedResults.NoContent() : Problems.Invalid(string.Join(" ", changed.Errors.Select(e => e.Description)));
    }
}
