using System.Security.Claims;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grondslag.Server.Endpoints;

/// <summary>Machine access for a recipient: its own released shares only; anything else is "not found".</summary>
internal static class RecipientEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/recipient").WithTags("recipient");
        group.MapGet("/shares", ListAsync).Roles(Role.Recipient);
        group.MapGet("/shares/{shareId}", GetAsync).Roles(Role.Recipient);
    }

    private static async Task<Results<Ok<StoredRelease[]>, ProblemHttpResult>> ListAsync(string? after, int? limit, HttpContext http, ClaimsPrincipal user, ICaseQueries queries, CancellationToken ct)
    {
        if (Paging.Check(limit, "shares") is { } invalid)
        {
            return invalid;
        }

        return TypedResults.Ok(user.FindFirstValue(GrondslagClaims.Party) is { } party
            ? Paging.Page(await queries.ReleasesForAsync(party, ct).ConfigureAwait(false), r => r.Id, after, limit, http)
            : []);
    }

    private static async Task<Results<Ok<RecipientShare>, ProblemHttpResult>> GetAsync(string shareId, ClaimsPrincipal user, ICaseQueries queries, CancellationToken ct)
    {
        if (user.FindFirstValue(GrondslagClaims.Party) is not { } party
            || await queries.RecipientShareAsync(party, shareId, ct).ConfigureAwait(false) is not { } share)
        {
            return Problems.NotFound($"There is no share '{shareId}' for you.");
        }

        return TypedResults.Ok(share);
    }
}
