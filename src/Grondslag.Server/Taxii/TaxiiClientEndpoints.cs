using System.Security.Claims;
using Grondslag.Application.Accounts;
using Grondslag.Domain.Cases;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grondslag.Server.Taxii;

/// <summary>Issue TAXII credentials for a party of the registry.</summary>
public sealed record TaxiiClientRequest(string? Party);

/// <summary>Administration of TAXII clients: one per recipient; issuing again replaces the secret.</summary>
internal static class TaxiiClientEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("admin");
        group.MapPost("/taxii-clients", IssueAsync).Roles(Role.Administrator);
        group.MapDelete("/taxii-clients/{party}", RevokeAsync).Roles(Role.Administrator);
    }

    private static async Task<Results<Created<IssuedTaxiiClient>, ProblemHttpResult>> IssueAsync(
        TaxiiClientRequest body, ClaimsPrincipal user, IIssueTaxiiClient issue, CancellationToken ct)
    {
        var outcome = await issue.ExecuteAsync(body.Party, Actors.Of(user, Role.Administrator), ct).ConfigureAwait(false);
        return outcome.Refusal is { } refusal ? Problems.Of(refusal) : TypedResults.Created("/taxii2/", outcome.Value!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string party, ClaimsPrincipal user, IRevokeTaxiiClient revoke, CancellationToken ct)
    {
        var outcome = await revoke.ExecuteAsync(party, Actors.Of(user, Role.Administrator), ct).ConfigureAwait(false);
        return outcome.Refusal is { } refusal ? Problems.Of(refusal) : TypedResults.NoContent();
    }
}
