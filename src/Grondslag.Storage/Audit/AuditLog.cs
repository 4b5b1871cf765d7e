using Grondslag.Application.Auditing;
using Grondslag.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Storage.Audit;

/// <summary>A checkpoint as signed by the log: the parsed body and the signed note text.</summary>
public sealed record SignedCheckpoint(Checkpoint Checkpoint, string SignedNote);

/// <summary>
/// The tamper-evident audit log on the Grondslag database. Appends run inside the caller's
/// transaction on <paramref name="context"/> (or one of their own when there is none), serialised
/// by a transaction-scoped lock, so an action and its entry commit or roll back together and
/// indexes have no gap or duplicate. Each append hashes the entry into the Merkle frontier kept in
/// the head row (O(log n)) and signs a checkpoint every <see cref="AuditLogSettings.CheckpointEvery"/> entries.
/// Use PostgreSQL's default READ COMMITTED isolation for transactions that append.
/// </summary>
public sealed class AuditLog(GrondslagDbContext context, TimeProvider time, AuditLogSettings settings) : IAuditTrail
{
    // The pg_advisory_xact_lock key for "audit log append" is 0x47726F6E64417564 ("GrondAud"),
    // a constant no other part of Grondslag uses.
    private const string PostgresLockAndHead =
        "SELECT h.id, h.size, h.frontier FROM audit_log_head AS h WHERE h.id = 1 AND (SELECT pg_advisory_xact_lock(5148299843956995428)::text) IS NOT NULL FOR UPDATE OF h";

    private const string SqliteLockAndHead = "UPDATE audit_log_head SET size = size WHERE id = 1 RETURNING id, size, frontier";

    public async Task<AuditReceipt> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        Require(record.Action, "action");
        Require(record.Actor, "actor");
        Require(record.Role, "role");
        ArgumentNullException.ThrowIfNull(record.Payload);
        var payload = CanonicalJson.SerializeToString(record.Payload);

        var entry = await InTransactionAsync(
            async () =>
            {
                var (head, frontier) = await LockHeadAsync(cancellationToken).ConfigureAwait(false);
                var appended = new AuditEntry
                {
                    Index = frontier.Size,
                    At = AuditEntryEncoding.Truncate(time.GetUtcNow()),
                    Actor = record.Actor,
                    Role = record.Role,
                    Action = record.Action,
                    CaseId = record.CaseId,
                    Subject = record.Subject,
                    Payload = payload,
                };
                appended.LeafHash = MerkleHasher.HashLeaf(AuditEntryEncoding.Encode(appended));
                frontier.Append(appended.LeafHash);
                context.Set<AuditEntry>().Add(appended);
                SaveHead(head, frontier);
                var signed = settings.CheckpointEvery > 0 && frontier.Size % settings.CheckpointEvery == 0
                    ? AddCheckpoint(frontier)
                    : null;
                await SaveAndForgetAsync(cancellationToken).ConfigureAwait(false);
                return (appended, signed);
            },
            cancellationToken).ConfigureAwait(false);

        return new AuditReceipt(entry.Index, entry.At, Convert.ToHexStringLower(entry.LeafHash));
    }

    /// <summary>
    /// Signs a checkpoint of the log as it is now (or returns the one already signed at this size),
    /// stores it, and copies it to the witness when this call owns the transaction.
    /// </summary>
    public async Task<SignedCheckpoint> CheckpointAsync(CancellationToken cancellationToken = default) =>
        await InTransactionAsync(
            async () =>
            {
                var (_, frontier) = await LockHeadAsync(cancellationToken).ConfigureAwait(false);
                var existing = await context.Set<AuditCheckpoint>().AsNoTracking()
                    .SingleOrDefaultAsync(c => c.Size == frontier.Size, cancellationToken).ConfigureAwait(false);
                if (existing is not null)
                {
                    var checkpoint = new Checkpoint(settings.Origin, (ulong)existing.Size, existing.RootHash);
                    var known = new SignedCheckpoint(checkpoint, existing.SignedNote);
                    return (known, (SignedCheckpoint?)known);
                }

                var signed = AddCheckpoint(frontier);
                await SaveAndForgetAsync(cancellationToken).ConfigureAwait(false);
                return (signed, (SignedCheckpoint?)signed);
            },
            cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Signs a checkpoint of the log when entries arrived after the last one (its own short transaction, and a witness
    /// copy); null when there is nothing unproven. Called at least every minute and on shutdown, so the tail a rewrite
    /// could hide in stays small and visible.
    /// </summary>
    public async Task<SignedCheckpoint?> CheckpointTailAsync(CancellationToken cancellationToken = default)
    {
        var size = await context.Set<AuditLogHead>().AsNoTracking().Select(h => (long?)h.Size).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false) ?? 0;
        if (size == 0)
        {
            return null;
        }

        var last = await context.Set<AuditCheckpoint>().AsNoTracking().MaxAsync(c => (long?)c.Size, cancellationToken).ConfigureAwait(false) ?? 0;
        return last >= size ? null : await CheckpointAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Copies every committed checkpoint the witness directory lacks to it; returns how many. Call after
    /// committing a transaction of your own in which entries were appended (appends in this log's own
    /// transactions are witnessed at once). Refused inside a transaction: it would publish uncommitted state.
    /// </summary>
    public async Task<int> ExportToWitnessAsync(CancellationToken cancellationToken = default)
    {
        if (settings.Witness is null)
        {
            return 0;
        }

        if (context.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("Export checkpoints to the witness after the transaction commits, not inside it.");
        }

        var witnessed = settings.Witness.ReadAll().Select(w => w.Size).ToHashSet();
        var written = 0;
        await foreach (var row in context.Set<AuditCheckpoint>().AsNoTracking().OrderBy(c => c.Size).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!witnessed.Contains(row.Size))
            {
                settings.Witness.Write(row.Size, row.SignedNote);
                written++;
            }
        }

        return written;
    }

    // Runs the work in the caller's transaction, or in one of its own which it commits and after
    // which it copies the checkpoints signed in it to the witness.
    private async Task<TResult> InTransactionAsync<TResult>(Func<Task<(TResult Result, SignedCheckpoint? Signed)>> work, CancellationToken cancellationToken)
    {
        if (context.Database.CurrentTransaction is not null)
        {
            return (await work().ConfigureAwait(false)).Result;
        }

        (TResult Result, SignedCheckpoint? Signed) outcome;
        var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            outcome = await work().ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (outcome.Signed is { } signed && settings.Witness is { } witness)
        {
            // Committed, so safe to publish. If this fails the entry still stands; ExportToWitnessAsync catches up.
            witness.Write((long)signed.Checkpoint.Size, signed.SignedNote);
        }

        return outcome.Result;
    }

    // Takes the append lock for the rest of the transaction and reads the head, in one statement (one round trip).
    // PostgreSQL: the advisory transaction lock is taken first (an uncorrelated sub-select, evaluated once before the
    // scan), then the head row is read FOR UPDATE, which returns its newest committed version even when an append
    // committed after this statement's snapshot was taken (READ COMMITTED re-reads a row locked FOR UPDATE). Nodes that
    // take only the advisory lock (an older version during a rolling upgrade) are still excluded by it.
    // SQLite: an UPDATE that changes nothing takes the database's write lock and returns the head (RETURNING).
    // Only before the first append is there no head: it is then read once more, under the lock already held.
    private async Task<(AuditLogHead? Head, MerkleFrontier Frontier)> LockHeadAsync(CancellationToken cancellationToken)
    {
        var locking = context.Database.IsNpgsql() ? PostgresLockAndHead : SqliteLockAndHead;
        var head = (await context.Set<AuditLogHead>().FromSqlRaw(locking).AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false)).SingleOrDefault()
            ?? await context.Set<AuditLogHead>().AsNoTracking().SingleOrDefaultAsync(h => h.Id == AuditLogHead.SingletonId, cancellationToken).ConfigureAwait(false);
        return (head, head is null ? new MerkleFrontier() : MerkleFrontier.Restore(head.Size, Split(head.Frontier)));
    }

    private void SaveHead(AuditLogHead? head, MerkleFrontier frontier)
    {
        var updated = head ?? new AuditLogHead();
        updated.Size = frontier.Size;
        updated.Frontier = [.. frontier.ExportNodes().SelectMany(n => n)];
        if (head is null)
        {
            context.Set<AuditLogHead>().Add(updated);
        }
        else
        {
            context.Set<AuditLogHead>().Update(updated);
        }
    }

    private SignedCheckpoint AddCheckpoint(MerkleFrontier frontier)
    {
        var checkpoint = new Checkpoint(settings.Origin, (ulong)frontier.Size, frontier.Root());
        var note = SignedNote.Sign(checkpoint.Format(), [settings.Signer]).Format();
        context.Set<AuditCheckpoint>().Add(new AuditCheckpoint
        {
            Size = frontier.Size,
            RootHash = checkpoint.RootHash.ToArray(),
            SignedNote = note,
            CreatedAt = AuditEntryEncoding.Truncate(time.GetUtcNow()),
        });
        return new SignedCheckpoint(checkpoint, note);
    }

    // Saves, then stops tracking the audit rows, so a long-lived context neither grows nor keeps a stale head.
    private async Task SaveAndForgetAsync(CancellationToken cancellationToken)
    {
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var tracked in context.ChangeTracker.Entries().Where(e => e.Entity is AuditEntry or AuditLogHead or AuditCheckpoint).ToList())
        {
            tracked.State = EntityState.Detached;
        }
    }

    internal static List<byte[]> Split(byte[] nodes) => [.. nodes.Chunk(MerkleHasher.HashSize)];

    private static void Require(string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"An audit record needs a non-empty {what}.", nameof(value));
        }
    }
}
