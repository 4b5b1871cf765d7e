using System.Security.Claims;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grondslag.Server.Endpoints;

/// <summary>A new account: its roles and, for a recipient, its party.</summary>
public sealed record CreateAccountRequest(string? UserName, string[]? Roles, string? Party);

/// <summary>
/// The new account and its one-time password (shown in this answer only). <see cref="Roles"/> it holds now;
/// <see cref="PendingRoles"/> wait for a second administrator's approval at <see cref="Approve"/>.
/// </summary>
public sealed record CreatedAccount(string UserName, string[] Roles, string? Party, string OneTimePassword, string[] PendingRoles, long? Grant, string? Approve);

/// <summary>An approved grant: the roles the account now holds.</summary>
public sealed record ApprovedGrant(long Grant, string UserName, string[] Roles, string? Party, string RequestedBy, string ApprovedBy);

/// <summary>The address an account's staff notices go to (empty or null removes it).</summary>
public sealed record SetEmailRequest(string? Email);

/// <summary>A party in the registry, as the administrator sees it.</summary>
public sealed record PartySummary(string Id, string Name, string Kind, string Country);

/// <summary>Administration: accounts and the party registry.</summary>
internal static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("admin");
        group.MapPost("/accounts", CreateAccountAsync).Roles(Role.Administrator);
        group.MapPost("/account-grants/{grantId:long}/approval", ApproveGrantAsync).Roles(Role.Administrator);
        group.MapGet("/account-grants", PendingGrantsAsync).Roles(Role.Administrator);
        group.MapPost("/accounts/{userName}/disable", DisableAsync).Roles(Role.Administrator);
        group.MapPut("/accounts/{userName}/email", SetEmailAsync).Roles(Role.Administrator);
        group.MapGet("/parties", Parties).Roles(Role.Administrator);
    }

    private static async Task<Results<Created<CreatedAccount>, Accepted<CreatedAccount>, ProblemHttpResult>> CreateAccountAsync(
        CreateAccountRequest body, ClaimsPrincipal principal, AccountAdministration accounts, CancellationToken cancellationToken)
    {
        var outcome = await accounts.CreateAsync(body.UserName, body.Roles, body.Party, principal, cancellationToken).ConfigureAwait(false);
        if (outcome.Refusal is { } refusal)
        {
            return Problems.Of(refusal);
        }

        var created = outcome.Value!;
        return created.Approve is { } approve
            ? TypedResults.Accepted(approve, created)
            : TypedResults.Created($"/api/admin/accounts/{Uri.EscapeDataString(created.UserName)}", created);
    }

    /// <summary>A second administrator approves a grant (<see cref="AccountAdministration.ApproveGrantAsync"/>).</summary>
    private static async Task<Results<Ok<ApprovedGrant>, ProblemHttpResult>> ApproveGrantAsync(
        long grantId, ClaimsPrincipal principal, AccountAdministration accounts, CancellationToken cancellationToken)
    {
        var outcome = await accounts.ApproveGrantAsync(grantId, principal, cancellationToken).ConfigureAwait(false);
        return outcome.Refusal is { } refusal ? Problems.Of(refusal) : TypedResults.Ok(outcome.Value!);
    }

    private static async Task<Ok<PendingGrant[]>> PendingGrantsAsync(AccountAdministration accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok((await accounts.PendingGrantsAsync(cancellationToken).ConfigureAwait(false)).ToArray());

    private static async Task<Results<NoContent, ProblemHttpResult>> DisableAsync(
        string userName, ClaimsPrincipal principal, AccountAdministration accounts, CancellationToken cancellationToken)
    {
        var outcome = await accounts.DisableAsync(userName, principal, cancellationToken).ConfigureAwait(false);
        return outcome.Refusal is { } refusal ? Problems.Of(refusal) : TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetEmailAsync(
        string userName, SetEmailRequest request, ClaimsPrincipal principal, AccountAdministration accounts, CancellationToken cancellationToken)
    {
        var outcome = await accounts.SetEmailAsync(userName, request?.Email, principal, cancellationToken).ConfigureAwait(false);
        return outcome.Refusal is { } refusal ? Problems.Of(refusal) : TypedResults.NoContent();
    }

    private static Ok<PartySummary[]> Parties(ISharingContext sharing) =>
        TypedResults.Ok(sharing.Parties.Parties.Select(p => new PartySummary(p.Id, p.Name, Grondslag.Domain.Parties.RecipientKinds.ToWire(p.Kind), p.Country.Value)).ToArray());
}
