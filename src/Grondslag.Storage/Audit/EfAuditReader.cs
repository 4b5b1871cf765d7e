using Grondslag.Application.Auditing;
using Grondslag.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Storage.Audit;

/// <summary><see cref="IAuditReader"/> on the stored log: entries and checkpoints read without tracking, <see cref="AuditVerifier"/> for checks and proofs.</summary>
public sealed class EfAuditReader(GrondslagDbContext db, AuditLogSettings settings, AuditLog log) : IAuditReader
{
    public async Task<AuditEntryPage> EntriesAsync(AuditEntryFilter filter, int limit, bool newestFirst, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var from = filter.From;
        var query = db.Set<AuditEntry>().AsNoTracking().Where(e => e.Index >= from);
        if (!string.IsNullOrWhiteSpace(filter.CaseId))
        {
            var caseId = filter.CaseId;
            query = query.Where(e => e.CaseId == caseId);
        }

        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = filter.Action;
            query = query.Where(e => e.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actor = filter.Actor;
            query = query.Where(e => e.Actor == actor);
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text;
            query = query.Where(e => e.Action.Contains(text) || e.Actor.Contains(text) || (e.Subject != null && e.Subject.Contains(text)) || e.Payload.Contains(text));
        }

        var ordered = newestFirst ? query.OrderByDescending(e => e.Index) : query.OrderBy(e => e.Index);
        var entries = await ordered.Take(limit + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new AuditEntryPage([.. entries.Take(limit).Select(e => new AuditEntryView(e.Index, e.At, e.Actor, e.Role, e.Action, e.CaseId, e.Subject, e.Payload, Convert.ToHexStringLower(e.LeafHash)))],
            entries.Count > limit);
    }

    public async Task<IReadOnlyList<AuditCheckpointView>> CheckpointsAsync(long? before, int limit, CancellationToken cancellationToken)
    {
        var below = before ?? long.MaxValue;
        return [.. (await db.Set<AuditCheckpoint>().AsNoTracking().Where(c => c.Size < below).OrderByDescending(c => c.Size).Take(limit)
                .ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(c => new AuditCheckpointView(c.Size, Convert.ToBase64String(c.RootHash), c.SignedNote))];
    }

    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken) =>
        new AuditVerifier(db, settings.Origin, settings.Verifier, settings.Witness).VerifyAsync(cancellationToken);

    public async Task<AuditProof> ProveInclusionAsync(long index, long? treeSize, CancellationToken cancellationToken)
    {
        var document = await new AuditVerifier(db, settings.Origin, settings.Verifier).ProveInclusionAsync(index, treeSize, cancellationToken).ConfigureAwait(false);
        return new AuditProof(document.ToJson(), document.SignedCheckpoint);
    }

    public async Task<AuditProof> ProveConsistencyAsync(long size1, long size2, CancellationToken cancellationToken)
    {
        var document = await new AuditVerifier(db, settings.Origin, settings.Verifier).ProveConsistencyAsync(size1, size2, cancellationToken).ConfigureAwait(false);
        return new AuditProof(document.ToJson(), document.SignedCheckpoint2);
    }

    public async Task<long> LatestCheckpointSizeAsync(CancellationToken cancellationToken) =>
        await db.Set<AuditCheckpoint>().AsNoTracking().MaxAsync(c => (long?)c.Size, cancellationToken).ConfigureAwait(false) ?? 0;

    public async Task<Checkpoint> SignCheckpointAsync(CancellationToken cancellationToken) =>
        (await log.CheckpointAsync(cancellationToken).ConfigureAwait(false)).Checkpoint;
}
