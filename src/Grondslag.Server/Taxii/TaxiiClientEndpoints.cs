using System.Security.Claims;
using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Server.Composition;
using Grondslag.Storage;
using Grondslag.Storage.Delivery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

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

    /// <summary>Revokes a party's TAXII credential: its next pull is refused (401); the revocation is audited.</summary>
    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> RevokeAsync(
        string party, ClaimsPrincipal user, GrondslagDbContext db, IRecordAccountEvent record, CancellationToken ct)
    {
        var row = await db.Set<TaxiiClientRow>().FirstOrDefaultAsync(c => c.PartyId == party, ct).ConfigureAwait(false);
        if (row is null)
        {
            return Problems.NotFound($"party '{party}' has no TAXII credential to revoke (issue one with POST /api/admin/taxii-clients or 'grondslag admin taxii issue').");
        }

        db.Set<TaxiiClientRow>().Remove(row);
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        var actor = Actors.Of(user, Role.Administrator);
        await record.ExecuteAsync("taxii.client-revoke", actor, party, new JsonObject { ["party"] = party }, ct).ConfigureAwait(false);
        return TypedResults.Ok(new JsonObject { ["party"] = party, ["revoked"] = true });
    }

    private static async Task<Results<Created<IssuedTaxiiClient>, ProblemHttpResult>> IssueAsync(
        TaxiiClientRequest body, ClaimsPrincipal user, GrondslagDbContext db, ISharingContext sharing, IRecordAccountEvent record, TimeProvider time, CancellationToken ct)
    {
        var party = body.Party?.Trim() ?? "";
        if (party.Length == 0 || sharing.Parties.Find(party) is null)
        {
            return Problems.Invalid($"party: '{body.Party}' is not a party of the registry (e.g. cert-fr).");
        }

        var secret = TaxiiSecrets.NewSecret();
        var actor = Actors.Of(user, Role.Administrator);
        var existing = await db.Set<TaxiiClientRow>().FirstOrDefaultAsync(c => c.PartyId == party, ct).ConfigureAwait(false);
        var row = existing ?? db.Set<TaxiiClientRow>().Add(new TaxiiClientRow { PartyId = party }).Entity;
        row.SecretHash = TaxiiSecrets.Hash(secret);
        row.IssuedBy = actor.Name;
        row.IssuedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        db.Entry(row).State = EntityState.Detached;
        var collection = TaxiiCollections.IdOf(party);
        // The secret is in the answer only: not in the audit record, not in a log.
        await record.ExecuteAsync(existing is null ? "taxii.client-issue" : "taxii.client-replace", actor, party, new JsonObject
        {
            ["party"] = party,
            ["collection"] = collection,
        }, ct).ConfigureAwait(false);
        return TypedResults.Created("/taxii2/", new IssuedTaxiiClient(party, party, secret, collection, "/taxii2/", existing is not null));
    }
}
