using System.Globalization;

namespace Grondslag.Domain.Audit;

/// <summary>An audit entry as stored: its position in the log and the exact bytes that were hashed as its leaf.</summary>
public readonly record struct StoredEntry(long Index, ReadOnlyMemory<byte> Content);

/// <summary>What <c>audit verify</c> found wrong with a stored log.</summary>
public enum LogDefect
{
    /// <summary>An entry does not carry the next index: one was deleted, inserted or moved.</summary>
    MisnumberedEntry,

    /// <summary>The tree recomputed from the stored entries has another root than a signed checkpoint.</summary>
    CheckpointMismatch,

    /// <summary>A checkpoint covers more entries than are stored: entries were removed from the end.</summary>
    CheckpointBeyondLog,
}

/// <summary>
/// The outcome of recomputing a log's tree from its stored entries and checking it against its
/// checkpoints. A checkpoint proves every entry below its size, so when one disagrees the
/// altered entry lies in [<see cref="FirstBadIndex"/>, <see cref="FailedCheckpoint"/>.Size):
/// the entries before are proven by the last checkpoint that matched.
/// </summary>
public sealed record AuditLogReport
{
    internal AuditLogReport(long entriesChecked, int checkpointsMatched, long verifiedSize, LogDefect? defect, long? firstBadIndex, Checkpoint? failedCheckpoint, string explanation)
    {
        EntriesChecked = entriesChecked;
        CheckpointsMatched = checkpointsMatched;
        VerifiedSize = verifiedSize;
        Defect = defect;
        FirstBadIndex = firstBadIndex;
        FailedCheckpoint = failedCheckpoint;
        Explanation = explanation;
    }

    /// <summary>True when no defect was found.</summary>
    public bool IsIntact => Defect is null;

    /// <summary>Entries read and hashed before the check ended.</summary>
    public long EntriesChecked { get; }

    /// <summary>Checkpoints whose root the recomputed tree matched.</summary>
    public int CheckpointsMatched { get; }

    /// <summary>Entries [0, VerifiedSize) are proven by a matching checkpoint; later ones by none (yet).</summary>
    public long VerifiedSize { get; }

    public LogDefect? Defect { get; }

    /// <summary>
    /// The lowest index that is not proven good: the exact entry for a misnumbering or a truncation,
    /// the start of the range holding the change for a checkpoint mismatch.
    /// </summary>
    public long? FirstBadIndex { get; }

    /// <summary>The checkpoint the stored entries contradict, if any.</summary>
    public Checkpoint? FailedCheckpoint { get; }

    public string Explanation { get; }
}

/// <summary>
/// The core of <c>audit verify</c>: streams the stored entries in index order through a
/// <see cref="MerkleFrontier"/> and compares the root at each checkpoint's size with the signed
/// one. O(n) time, O(log n) memory; the checkpoints must already have passed signature checks.
/// Feed entries with <see cref="Accept"/> (works from async storage too), then call <see cref="Finish"/>.
/// </summary>
public sealed class AuditLogVerifier
{
    private readonly List<Checkpoint> _checkpoints;
    private readonly MerkleFrontier _frontier = new();
    private readonly byte[] _root = new byte[MerkleHasher.HashSize];
    private int _nextCheckpoint;
    private long _verifiedSize;
    private AuditLogReport? _failure;

    public AuditLogVerifier(IEnumerable<Checkpoint> checkpoints)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        _checkpoints = [.. checkpoints.OrderBy(c => c.Size)];
        CheckCheckpointsAtCurrentSize();
    }

    /// <summary>Recomputes the tree of <paramref name="entries"/> and checks every checkpoint against it.</summary>
    public static AuditLogReport Verify(IEnumerable<StoredEntry> entries, IEnumerable<Checkpoint> checkpoints)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var verifier = new AuditLogVerifier(checkpoints);
        foreach (var entry in entries)
        {
            if (!verifier.Accept(entry.Index, entry.Content.Span))
            {
                break;
            }
        }

        return verifier.Finish();
    }

    /// <summary>Takes the next stored entry. Returns false once a defect is found; further entries are not needed.</summary>
    public bool Accept(long index, ReadOnlySpan<byte> content)
    {
        if (_failure is not null)
        {
            return false;
        }

        var expected = _frontier.Size;
        if (index != expected)
        {
            var what = index < expected
                ? $"entry {Show(index)} appears again where entry {Show(expected)} was expected (inserted or moved)"
                : $"entry {Show(expected)} is missing: the next stored entry has index {Show(index)} (deleted or moved)";
            _failure = Report(LogDefect.MisnumberedEntry, expected, null, $"The log is misnumbered: {what}.");
            return false;
        }

        _frontier.AppendEntry(content);
        CheckCheckpointsAtCurrentSize();
        return _failure is null;
    }

    /// <summary>The report, once all stored entries have been given (or a defect stopped the check).</summary>
    public AuditLogReport Finish()
    {
        if (_failure is not null)
        {
            return _failure;
        }

        if (_nextCheckpoint < _checkpoints.Count)
        {
            var beyond = _checkpoints[^1];
            return Report(
                LogDefect.CheckpointBeyondLog,
                _frontier.Size,
                beyond,
                $"The log holds {Show(_frontier.Size)} entries, but a checkpoint signed {beyond.Size.ToString(CultureInfo.InvariantCulture)}: entries from index {Show(_frontier.Size)} on were removed.");
        }

        var unproven = _frontier.Size - _verifiedSize;
        return Report(
            null,
            null,
            null,
            $"All {_checkpoints.Count.ToString(CultureInfo.InvariantCulture)} checkpoints match the {Show(_frontier.Size)} stored entries"
            + (unproven > 0 ? $"; the last {Show(unproven)} entries are not yet covered by a checkpoint." : "."));
    }

    private void CheckCheckpointsAtCurrentSize()
    {
        while (_failure is null && _nextCheckpoint < _checkpoints.Count && _checkpoints[_nextCheckpoint].Size == (ulong)_frontier.Size)
        {
            var checkpoint = _checkpoints[_nextCheckpoint];
            _frontier.Root(_root);
            if (!checkpoint.RootHash.AsSpan().SequenceEqual(_root))
            {
                _failure = Report(
                    LogDefect.CheckpointMismatch,
                    _verifiedSize,
                    checkpoint,
                    $"The stored entries do not give the root signed in the checkpoint of size {checkpoint.Size.ToString(CultureInfo.InvariantCulture)}: "
                    + $"an entry with index from {Show(_verifiedSize)} to {Show(_frontier.Size - 1)} was changed, removed, inserted or reordered.");
                return;
            }

            _verifiedSize = _frontier.Size;
            _nextCheckpoint++;
        }
    }

    private AuditLogReport Report(LogDefect? defect, long? firstBadIndex, Checkpoint? checkpoint, string explanation) =>
        new(_frontier.Size, _nextCheckpoint, _verifiedSize, defect, firstBadIndex, checkpoint, explanation);

    private static string Show(long value) => value.ToString(CultureInfo.InvariantCulture);
}
