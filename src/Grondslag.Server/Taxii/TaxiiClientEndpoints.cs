using System.Security.Claims;
using Grondslag.Domain.Cases;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grondslag.Server.Taxii;

/// <summary>Issue TAXII credentials for a party of the registry.</summary>
public sealed record TaxiiClientRequest(string? Party);

/// <summary>The credentials: HTTP Basic user name and secret (shown in this answer only), and where to pull.</summary>
public sealed record IssuedTaxiiClient(string Party, string UserName, string Secret, string CollectionId, string Discovery, bool Replaced);

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
        TaxiiClientRequest body, ClaimsPrincipal user, AccountAdministration administration, CancellationToken ct)
    {
        var outcome = await administration.IssueTaxiiClientAsync(body.Party, user, ct).ConfigureAwait(false);
        return outcome.Refusal is { } refusal ? Problems.Of(refusal) : TypedResults.Created("/taxii2/", outcome.Value!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string party, ClaimsPrincipal user, AccountAdministration administration, CancellationToken ct)
    {
        var outcome = await administration.RevokeTaxiiClientAsync(party, user, ct).ConfigureAwait(false);
        return outcome.Refusal is { } refusal ? Problems.Of(refusal) : TypedResults.NoContent();
    }
}
