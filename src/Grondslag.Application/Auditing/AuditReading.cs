using System.Collections.Immutable;
using Grondslag.Domain.Audit;

namespace Grondslag.Application.Auditing;

/// <summary>What <c>audit verify</c> can find wrong.</summary>
public enum AuditProblemKind
{
    /// <summary>An entry's columns no longer give the leaf hash stored with it: the entry was changed.</summary>
    LeafHashMismatch,

    /// <summary>An entry does not carry the next index: one was deleted, inserted or moved.</summary>
    MisnumberedEntry,

    /// <summary>The stored entries do not give a signed checkpoint's root.</summary>
    CheckpointMismatch,

    /// <summary>A signed checkpoint covers more entries than are stored.</summary>
    CheckpointBeyondLog,

    /// <summary>A stored checkpoint's signature does not verify with the log's public key (forged or altered).</summary>
    CheckpointSignatureInvalid,

    /// <summary>A stored checkpoint's size or root column differs from its signed note.</summary>
    CheckpointRowMismatch,

    /// <summary>A witness copy does not verify with the log's public key.</summary>
    WitnessInvalid,

    /// <summary>The witness holds another checkpoint of the same size than the database.</summary>
    WitnessDisagrees,

    /// <summary>The witness holds a checkpoint the database no longer has.</summary>
    WitnessCheckpointMissing,

    /// <summary>The head row (size and frontier) does not match the stored entries.</summary>
    HeadMismatch,
}

/// <summary>
/// One defect: what, the first entry index it puts in doubt (if any), the checkpoint involved (if any), and why.
/// <paramref name="IndexIsExact"/> is false when the index only starts the range that holds the change (a checkpoint
/// or the head disagrees with the recomputed tree, and cannot say which entry of the range differs).
/// </summary>
public sealed record AuditProblem(AuditProblemKind Kind, long? Index, long? CheckpointSize, string Explanation, bool IndexIsExact = true);

/// <summary>The outcome of <c>audit verify</c>: intact, or the defects found, with the first bad index.</summary>
public sealed record AuditVerification(long EntriesChecked, int CheckpointsTrusted, long VerifiedSize, ImmutableArray<AuditProblem> Problems, string Summary)
{
    public bool IsIntact => Problems.IsEmpty;

    /// <summary>
    /// The first entry that differs from what was logged; null when intact or only checkpoints are bad. An entry named
    /// exactly (its columns no longer give its leaf hash, it is misnumbered, or entries were added or removed) wins
    /// over the start of a range a checkpoint or the head can only bound (the entries after the last matching
    /// checkpoint), unless that range ends before the exactly named entry: then something earlier was changed and only
    /// the range start can be named.
    /// </summary>
    public long? FirstBadIndex => FirstBad(Problems);

    /// <summary>The first bad index of these problems (see <see cref="FirstBadIndex"/>).</summary>
    public static long? FirstBad(IEnumerable<AuditProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        long? exact = null, bound = null;
        long? boundEnd = null;
        foreach (var p in problems)
        {
            if (p.Index is not { } index)
            {
                continue;
            }

            if (p.IndexIsExact)
            {
                exact = exact is { } e ? Math.Min(e, index) : index;
            }
            else if (bound is null || index < bound)
            {
                bound = index;
                boundEnd = p.CheckpointSize;
            }
        }

        return (exact, bound) switch
        {
            (null, _) => bound,
            (_, null) => exact,
            ({ } e, { } b) => e >= b && (boundEnd is null || e < boundEnd) ? e : Math.Min(e, b),
        };
    }
}

/// <summary>A proof cannot be given for what was asked; the message says why and what to ask instead.</summary>
public sealed class AuditProofException(string message) : Exception(message);

/// <summary>One entry of the audit log as stored: its index, time, who, what, and the leaf hash (lower-case hex).</summary>
public sealed record AuditEntryView(long Index, DateTimeOffset At, string Actor, string Role, string Action, string? CaseId, string? Subject, string Payload, string LeafHash);

/// <summary>
/// Which entries to read: at index <paramref name="From"/> or later; exactly this case, action and actor when given;
/// or (<paramref name="Text"/>) those whose action, actor, subject or details contain the text.
/// </summary>
public sealed record AuditEntryFilter(long From = 0, string? CaseId = null, string? Action = null, string? Actor = null, string? Text = null);

/// <summary>A page of entries and whether more match.</summary>
public sealed record AuditEntryPage(IReadOnlyList<AuditEntryView> Entries, bool More);

/// <summary>A stored signed checkpoint: the log's size, its root hash (base64) and the signed note.</summary>
public sealed record AuditCheckpointView(long Size, string RootHash, string SignedNote);

/// <summary>A proof document (JSON, checkable with only the log's public key) and the signed checkpoint(s) it leads to.</summary>
public sealed record AuditProof(string Json, string SignedCheckpoint);

/// <summary>
/// The audit log for auditors, read through one port by the API, the audit page and the CLI's checks: the timeline,
/// verification, the signed checkpoints and proofs. <see cref="SignCheckpointAsync"/> is its one write: a signed
/// checkpoint of the log as it is (it adds no entry).
/// </summary>
public interface IAuditReader
{
    /// <summary>The entries the filter selects, oldest first (or newest first), at most <paramref name="limit"/>.</summary>
    Task<AuditEntryPage> EntriesAsync(AuditEntryFilter filter, int limit, bool newestFirst, CancellationToken cancellationToken);

    /// <summary>Signed checkpoints smaller than <paramref name="before"/>, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditCheckpointView>> CheckpointsAsync(long? before, int limit, CancellationToken cancellationToken);

    /// <summary>Recomputes the log and checks every stored checkpoint (and the witness's copies, when configured).</summary>
    Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken);

    /// <summary>The inclusion proof of an entry in the signed checkpoint of <paramref name="treeSize"/> entries (default the latest); <see cref="AuditProofException"/> when none can be given.</summary>
    Task<AuditProof> ProveInclusionAsync(long index, long? treeSize, CancellationToken cancellationToken);

    /// <summary>The consistency proof between two signed checkpoints; <see cref="AuditProofException"/> when none can be given.</summary>
    Task<AuditProof> ProveConsistencyAsync(long size1, long size2, CancellationToken cancellationToken);

    /// <summary>The size of the newest signed checkpoint, 0 when there is none.</summary>
    Task<long> LatestCheckpointSizeAsync(CancellationToken cancellationToken);

    /// <summary>Signs a checkpoint of the log as it is now (or gives the one already signed at this size).</summary>
    Task<Checkpoint> SignCheckpointAsync(CancellationToken cancellationToken);
}
