using System.Globalization;
using System.Text.Json.Nodes;
using Grondslag.Domain.Cases;
using Grondslag.Server.Composition;
using Grondslag.Storage;
using Grondslag.Storage.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Endpoints;

/// <summary>
/// The audit log for auditors (read-only): the timeline, verification, signed checkpoints and the proofs an
/// outside party can check with only the log's public key.
/// </summary>
internal static class AuditEndpoints
{
    private const int MaxPage = 500;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit").WithTags("audit");
        group.MapGet("/entries", EntriesAsync).Roles(Role.Auditor);
        group.MapGet("/verification", VerifyAsync).Roles(Role.Auditor);
        group.MapGet("/checkpoints", CheckpointsAsync).Roles(Role.Auditor);
        group.MapGet("/public-key", PublicKey).Roles(Role.Auditor);
        group.MapGet("/proofs/inclusion", InclusionAsync).Roles(Role.Auditor);
        group.MapGet("/proofs/consistency", ConsistencyAsync).Roles(Role.Auditor);
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> EntriesAsync(
        GrondslagDbContext db, string? caseId, string? action, string? actor, long? from, int? limit, CancellationToken cancellationToken)
    {
        var take = limit ?? 100;
        if (take is < 1 or > MaxPage)
        {
            return Problems.Invalid($"limit: give a number from 1 to {MaxPage}.");
        }

        var query = db.Set<AuditEntry>().AsNoTracking().Where(e => e.Index >= (from ?? 0));
        if (!string.IsNullOrWhiteSpace(caseId))
        {
            query = query.Where(e => e.CaseId == caseId);
        }

        if (!string.IsNullOrWhiteSpace(action))
        {
            query = query.Where(e => e.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(actor))
        {
            query = query.Where(e => e.Actor == actor);
        }

        var entries = await query.OrderBy(e => e.Index).Take(take + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        var page = entries.Take(take).ToList();
        return TypedResults.Ok(new JsonObject
        {
            ["entries"] = new JsonArray([.. page.Select(e => (JsonNode)new JsonObject
            {
                ["index"] = e.Index,
                ["at"] = e.At.ToString("O", CultureInfo.InvariantCulture),
                ["actor"] = e.Actor,
                ["role"] = e.Role,
                ["action"] = e.Action,
                ["case"] = e.CaseId,
                ["subject"] = e.Subject,
                ["payload"] = JsonNode.Parse(e.Payload),
                ["leafHash"] = Convert.ToHexStringLower(e.LeafHash),
            })]),
            ["next"] = entries.Count > take ? page[^1].Index + 1 : null,
        });
    }

    private static async Task<Ok<JsonObject>> VerifyAsync(GrondslagDbContext db, AuditLogSettings settings, CancellationToken cancellationToken)
    {
        var result = await new AuditVerifier(db, settings.Origin, settings.Verifier, settings.Witness).VerifyAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new JsonObject
        {
            ["intact"] = result.IsIntact,
            ["entriesChecked"] = result.EntriesChecked,
            ["checkpointsTrusted"] = result.CheckpointsTrusted,
            ["verifiedSize"] = result.VerifiedSize,
            ["firstBadIndex"] = result.FirstBadIndex,
            ["summary"] = result.Summary,
            ["problems"] = new JsonArray([.. result.Problems.Select(p => (JsonNode)new JsonObject
            {
                ["kind"] = p.Kind.ToString(),
                ["index"] = p.Index,
                ["checkpointSize"] = p.CheckpointSize,
                ["explanation"] = p.Explanation,
            })]),
        });
    }

    /// <summary>Signed checkpoints, newest first, a page at a time: <c>next</c> is the <c>before</c> of the following page.</summary>
    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> CheckpointsAsync(GrondslagDbContext db, long? before, int? limit, CancellationToken cancellationToken)
    {
        var take = limit ?? 100;
        if (take is < 1 or > MaxPage)
        {
            return Problems.Invalid($"limit: give a number from 1 to {MaxPage}.");
        }

        var found = await db.Set<AuditCheckpoint>().AsNoTracking().Where(c => c.Size < (before ?? long.MaxValue)).OrderByDescending(c => c.Size).Take(take + 1)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var checkpoints = found.Take(take).ToList();
        return TypedResults.Ok(new JsonObject
        {
            ["next"] = found.Count > take ? checkpoints[^1].Size : null,
            ["checkpoints"] = new JsonArray([.. checkpoints.Select(c => (JsonNode)new JsonObject
            {
                ["size"] = c.Size,
                ["rootHash"] = Convert.ToBase64String(c.RootHash),
                ["signedNote"] = c.SignedNote,
            })]),
        });
    }

    private static Ok<JsonObject> PublicKey(AuditPublicKey key) =>
        TypedResults.Ok(new JsonObject { ["origin"] = key.Origin, ["verifierKey"] = key.VerifierKey });

    private static async Task<Results<Ok<JsonNode>, ProblemHttpResult>> InclusionAsync(
        GrondslagDbContext db, AuditLogSettings settings, long? index, long? size, CancellationToken cancellationToken)
    {
        if (index is not { } i || i < 0)
        {
            return Problems.Invalid("index: give the index of the entry (0 or more).");
        }

        try
        {
            var proof = await new AuditVerifier(db, settings.Origin, settings.Verifier).ProveInclusionAsync(i, size, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(JsonNode.Parse(proof.ToJson())!);
        }
        catch (AuditProofException ex)
        {
            return Problems.NotFound(ex.Message);
        }
    }

    private static async Task<Results<Ok<JsonNode>, ProblemHttpResult>> ConsistencyAsync(
        GrondslagDbContext db, AuditLogSettings settings, long? from, long? to, CancellationToken cancellationToken)
    {
        if (from is not { } a || to is not { } b || a < 1 || b < a)
        {
            return Problems.Invalid("from, to: give two checkpoint sizes with 1 <= from <= to.");
        }

        try
        {
            var proof = await new AuditVerifier(db, settings.Origin, settings.Verifier).ProveConsistencyAsync(a, b, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(JsonNode.Parse(proof.ToJson())!);
        }
        catch (AuditProofException ex)
        {
            return Problems.NotFound(ex.Message);
        }
    }
}
