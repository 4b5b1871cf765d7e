using System.Security.Claims;
using Grondslag.Application.Accounts;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grondslag.Server.Endpoints;

/// <summary>A new account: its roles and, for a recipient, its party.</summary>
public sealed record CreateAccountRequest(string? UserName, string[]? Roles, string? Party);

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
        group.MapPost("/accounts/{userName}/enable", EnableAsync).Roles(Role.Administrator);
        group.MapPut("/accounts/{userName}/email", SetEmailAsync).Roles(Role.Administrator);
        group.MapGet("/parties", Parties).Roles(Role.Administrator);
    }

    private static async Task<Results<Created<CreatedAccount>, Accepted<CreatedAccount>, ProblemHttpResult>> CreateAccountAsync(
        CreateAccountRequest body, ClaimsPrincipal principal, ICreateAccount createAccount, CancellationToken cancellationToken)
    {
        var outcome = await createAccount.ExecuteAsync(body.UserName, body.Roles, body.Party, Actors.Of(principal, Role.Administrator), cancellationToken).ConfigureAwait(false);
        if (outcome.Refusal is { } refusal)
        {
            return Problems.Of(refusal);
        }

        var created = outcome.Value!;
        return created.Approve is { } approve
            ? TypedResults.Accepted(approve, created)
            : TypedResults.Created($"/api/admin/accounts/{Uri.EscapeDataString(created.UserName)}", created);
    }

    /// <summary>A second administrator approves a grant (<see cref="IApproveGrant"/>).</summary>
    private static async Task<Results<Ok<ApprovedGrant>, ProblemHttpResult>> ApproveGrantAsync(
        long grantId, ClaimsPrincipal principal, IApproveGrant approveGrant, CancellationToken cancellationToken)
    {
        var outcome = await approveGrant.ExecuteAsync(grantId, Actors.Of(principal, Role.Administrator), cancellationToken).ConfigureAwait(false);
        return outcome.Refusal is { } refusal ? Problems.Of(refusal) : TypedResults.Ok(outcome.Value!);
    }

    private static async Task<Results<Ok<PendingGrant[]>, ProblemHttpResult>> PendingGrantsAsync(
        string? after, int? limit, HttpContext http, IAccountQueries accounts, CancellationToken cancellationToken)
    {
        if (Paging.Check(limit, "grants") is { } invalid)
        {
            return invalid;
        }

        var grants = await accounts.PendingGrantsAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(Paging.Page(grants, g => g.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), after, limit, http));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DisableAsync(
        string userName, ClaimsPrincipal principal, IDisableAccount disableAccount, CancellationToken cancellationToken)
    {
        var outcome = await disableAccount.ExecuteAsync(userName, Actors.Of(principal, Role.Administrator), cancellationToken).ConfigureAwait(false);
        return outcome.Refusal is { } refusal ? Problems.Of(refusal) : TypedResults.NoContent();
    }

    /// <summary>200 when re-enabled at once; 202 with the grant to approve when a second administrator must (<see cref="IEnableAccount"/>).</summary>
    private static async Task<Results<Ok<EnabledAccount>, Accepted<EnabledAccount>, ProblemHttpResult>> EnableAsync(
        string userName, ClaimsPrincipal principal, IEnableAccount enableAccount, CancellationToken cancellationToken)
    {
        var outcome = await enableAccount.ExecuteAsync(userName, Actors.Of(principal, Role.Administrator), cancellationToken).ConfigureAwait(false);
        if (outcome.Refusal is { } refusal)
        {
            return Problems.Of(refusal);
        }

        var enabled = outcome.Value!;
        return enabled.Approve is { } approve ? TypedResults.Accepted(approve, enabled) : TypedResults.Ok(enabled);
    }

    private static Results<Ok<PartySummary[]>, ProblemHttpResult> Parties(string? after, int? limit, HttpContext http, ISharingContext sharing)
    {
        if (Paging.Check(limit, "parties") is { } invalid)
        {
            return invalid;
        }

        return TypedResults.Ok(Paging.Page(sharing.Parties.Parties.Select(p => new PartySummary(p.Id, p.Name, Grondslag.Domain.Parties.RecipientKinds.ToWire(p.Kind), p.Country.Value)),
            p => p.Id, after, limit, http));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetEmailAsync(
        string userName, SetEmailRequest request, ClaimsPrincipal principal, ISetAccountEmail setEmail, CancellationToken cancellationToken)
    {
        var outcome = await setEmail.ExecuteAsync(userName, request?.Email, Actors.Of(principal, Role.Administrator), cancellationToken).ConfigureAwait(false);
        return outcome.Refusal is { } refusal ? Problems.Of(refusal) : TypedResults.NoContent();
    }
}
