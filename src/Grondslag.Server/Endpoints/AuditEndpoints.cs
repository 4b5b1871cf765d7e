using System.Globalization;
using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Domain.Cases;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Http.HttpResults;

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
        IAuditReader audit, string? caseId, string? action, string? actor, long? from, int? limit, CancellationToken cancellationToken)
    {
        var take = limit ?? 100;
        if (take is < 1 or > MaxPage)
        {
            return Problems.Invalid($"limit: give a number from 1 to {MaxPage}.");
        }

        var found = await audit.EntriesAsync(new AuditEntryFilter(from ?? 0, caseId, action, actor), take, newestFirst: false, cancellationToken).ConfigureAwait(false);
        var page = found.Entries;
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
                ["leafHash"] = e.LeafHash,
            })]),
            ["next"] = found.More ? page[^1].Index + 1 : null,
        });
    }

    private static async Task<Ok<JsonObject>> VerifyAsync(IAuditReader audit, CancellationToken cancellationToken)
    {
        var result = await audit.VerifyAsync(cancellationToken).ConfigureAwait(false);
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
    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> CheckpointsAsync(IAuditReader audit, long? before, int? limit, CancellationToken cancellationToken)
    {
        var take = limit ?? 100;
        if (take is < 1 or > MaxPage)
        {
            return Problems.Invalid($"limit: give a number from 1 to {MaxPage}.");
        }

        var found = await audit.CheckpointsAsync(before, take + 1, cancellationToken).ConfigureAwait(false);
        var checkpoints = found.Take(take).ToList();
        return TypedResults.Ok(new JsonObject
        {
            ["next"] = found.Count > take ? checkpoints[^1].Size : null,
            ["checkpoints"] = new JsonArray([.. checkpoints.Select(c => (JsonNode)new JsonObject
            {
                ["size"] = c.Size,
                ["rootHash"] = c.RootHash,
                ["signedNote"] = c.SignedNote,
            })]),
        });
    }

    private static Ok<JsonObject> PublicKey(AuditPublicKey key) =>
        TypedResults.Ok(new JsonObject { ["origin"] = key.Origin, ["verifierKey"] = key.VerifierKey });

    private static async Task<Results<Ok<JsonNode>, ProblemHttpResult>> InclusionAsync(
        IAuditReader audit, long? index, long? size, CancellationToken cancellationToken)
    {
        if (index is not { } i || i < 0)
        {
            return Problems.Invalid("index: give the index of the entry (0 or more).");
        }

        try
        {
            var proof = await audit.ProveInclusionAsync(i, size, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(JsonNode.Parse(proof.Json)!);
        }
        catch (AuditProofException ex)
        {
            return Problems.NotFound(ex.Message);
        }
    }

    private static async Task<Results<Ok<JsonNode>, ProblemHttpResult>> ConsistencyAsync(
        IAuditReader audit, long? from, long? to, CancellationToken cancellationToken)
    {
        if (from is not { } a || to is not { } b || a < 1 || b < a)
        {
            return Problems.Invalid("from, to: give two checkpoint sizes with 1 <= from <= to.");
        }

        try
        {
            var proof = await audit.ProveConsistencyAsync(a, b, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(JsonNode.Parse(proof.Json)!);
        }
        catch (AuditProofException ex)
        {
            return Problems.NotFound(ex.Message);
        }
    }
}
