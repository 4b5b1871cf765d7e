using System.Globalization;
using Grondslag.Application.Auditing;
using Grondslag.Audit;
using Grondslag.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Storage.Audit;

/// <summary>
/// Checks the stored audit log and gives proofs from it. Verification streams every entry in index
/// order (O(log n) memory), recomputes each leaf from its columns, and checks every stored checkpoint's
/// signature and root, and the witness directory's copies, with the domain <see cref="AuditLogVerifier"/>.
/// </summary>
public sealed class AuditVerifier(GrondslagDbContext context, string origin, INoteVerifier key, WitnessDirectory? witness = null)
{
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var problems = new List<AuditProblem>();
        var trusted = new SortedDictionary<long, Checkpoint>();
        var stored = await context.Set<AuditCheckpoint>().AsNoTracking().OrderBy(c => c.Size).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in stored)
        {
            var opened = Checkpoint.OpenSigned(row.SignedNote, origin, [key]);
            if (!opened.IsSuccess)
            {
                problems.Add(new(AuditProblemKind.CheckpointSignatureInvalid, null, row.Size, $"The stored checkpoint of size {Show(row.Size)} does not verify: {opened.Error}"));
            }
            else if (opened.Value!.Size != (ulong)row.Size || !opened.Value.RootHash.AsSpan().SequenceEqual(row.RootHash))
            {
                problems.Add(new(AuditProblemKind.CheckpointRowMismatch, null, row.Size, $"The stored checkpoint of size {Show(row.Size)} has columns that differ from its signed note (size {opened.Value.Size.ToString(CultureInfo.InvariantCulture)})."));
            }
            else
            {
                trusted[row.Size] = opened.Value;
            }
        }

        if (witness is not null)
        {
            CheckWitness(stored.ToDictionary(c => c.Size), trusted, problems);
        }

        var (entriesChecked, verifiedSize) = await CheckEntriesAsync(trusted.Values, problems, cancellationToken).ConfigureAwait(false);
        var summary = problems.Count == 0
            ? $"Intact: {Show(entriesChecked)} entries, {trusted.Count.ToString(CultureInfo.InvariantCulture)} signed checkpoints match; entries [0, {Show(verifiedSize)}) are proven by a signed checkpoint."
            : $"NOT intact: {problems.Count.ToString(CultureInfo.InvariantCulture)} problem(s)"
              + (AuditVerification.FirstBad(problems) is { } first ? $"; first bad index {Show(first)}." : ".");
        return new AuditVerification(entriesChecked, trusted.Count, verifiedSize, [.. problems], summary);
    }

    /// <summary>
    /// The inclusion proof of entry <paramref name="index"/> in the signed checkpoint of <paramref name="treeSize"/>
    /// entries (default: the latest checkpoint).
    /// </summary>
    public async Task<InclusionProofDocument> ProveInclusionAsync(long index, long? treeSize = null, CancellationToken cancellationToken = default)
    {
        var checkpoint = await SignedCheckpointAsync(treeSize, cancellationToken).ConfigureAwait(false);
        if (index < 0 || index >= checkpoint.Size)
        {
            throw new AuditProofException($"Entry {Show(index)} is not in the checkpoint of size {Show(checkpoint.Size)}"
                + (index >= checkpoint.Size ? "; sign a newer checkpoint ('grondslag audit checkpoint') and prove against it." : "."));
        }

        var leafHashes = await LeafHashesAsync(checkpoint.Size, cancellationToken).ConfigureAwait(false);
        var entry = await context.Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Index == index, cancellationToken).ConfigureAwait(false);
        var proof = InclusionProof.Generate(leafHashes, index, checkpoint.Size);
        return new InclusionProofDocument(index, checkpoint.Size, AuditEntryEncoding.EncodeToString(entry), proof, checkpoint.SignedNote);
    }

    /// <summary>The consistency proof between the signed checkpoints of <paramref name="size1"/> and <paramref name="size2"/> entries.</summary>
    public async Task<ConsistencyProofDocument> ProveConsistencyAsync(long size1, long size2, CancellationToken cancellationToken = default)
    {
        if (size1 <= 0 || size1 > size2)
        {
            throw new AuditProofException($"A consistency proof needs 0 < from ≤ to; got from {Show(size1)}, to {Show(size2)}.");
        }

        var first = await SignedCheckpointAsync(size1, cancellationToken).ConfigureAwait(false);
        var second = await SignedCheckpointAsync(size2, cancellationToken).ConfigureAwait(false);
        var leafHashes = await LeafHashesAsync(size2, cancellationToken).ConfigureAwait(false);
        var proof = ConsistencyProof.Generate(leafHashes, size1, size2);
        return new ConsistencyProofDocument(size1, size2, proof, first.SignedNote, second.SignedNote);
    }

    private void CheckWitness(Dictionary<long, AuditCheckpoint> stored, SortedDictionary<long, Checkpoint> trusted, List<AuditProblem> problems)
    {
        foreach (var (size, note) in witness!.ReadAll())
        {
            var opened = Checkpoint.OpenSigned(note, origin, [key]);
            if (!opened.IsSuccess || opened.Value!.Size != (ulong)size)
            {
                problems.Add(new(AuditProblemKind.WitnessInvalid, null, size, $"The witness copy of checkpoint {Show(size)} does not verify: {opened.Error ?? "its size differs from its file name"}"));
                continue;
            }

            if (!stored.TryGetValue(size, out var row))
            {
                problems.Add(new(AuditProblemKind.WitnessCheckpointMissing, null, size, $"The witness holds a signed checkpoint of size {Show(size)} that the database does not have (deleted)."));
            }
            else if (!string.Equals(row.SignedNote, note, StringComparison.Ordinal))
            {
                problems.Add(new(AuditProblemKind.WitnessDisagrees, null, size, $"The database's checkpoint of size {Show(size)} differs from the witness copy."));
            }

            // The witness copy is signed and beyond the database's reach: the entries must match it.
            trusted[size] = opened.Value;
        }
    }

    private async Task<(long EntriesChecked, long VerifiedSize)> CheckEntriesAsync(IEnumerable<Checkpoint> checkpoints, List<AuditProblem> problems, CancellationToken cancellationToken)
    {
        var verifier = new AuditLogVerifier(checkpoints);
        var frontier = new MerkleFrontier();
        var leaf = new byte[MerkleHasher.HashSize];
        var leafMismatchReported = false;
        var stoppedEarly = false;
        var entries = context.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Index).AsAsyncEnumerable();
        await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var content = AuditEntryEncoding.Encode(entry);
            if (!verifier.Accept(entry.Index, content))
            {
                stoppedEarly = true;
                break;
            }

            MerkleHasher.HashLeaf(content, leaf);
            if (!leafMismatchReported && !leaf.AsSpan().SequenceEqual(entry.LeafHash))
            {
                leafMismatchReported = true;
                problems.Add(new(AuditProblemKind.LeafHashMismatch, entry.Index, null, $"Entry {Show(entry.Index)} was changed: its columns no longer give the leaf hash stored when it was appended."));
            }

            frontier.Append(leaf);
        }

        var report = verifier.Finish();
        if (!report.IsIntact)
        {
            var kind = report.Defect!.Value switch
            {
                LogDefect.MisnumberedEntry => AuditProblemKind.MisnumberedEntry,
                LogDefect.CheckpointMismatch => AuditProblemKind.CheckpointMismatch,
                LogDefect.CheckpointBeyondLog => AuditProblemKind.CheckpointBeyondLog,
            };
            problems.Add(new(kind, report.FirstBadIndex, report.FailedCheckpoint is { } failed ? (long)failed.Size : null, report.Explanation, IndexIsExact: kind != AuditProblemKind.CheckpointMismatch));
        }

        if (!stoppedEarly)
        {
            await CheckHeadAsync(frontier, report.VerifiedSize, problems, cancellationToken).ConfigureAwait(false);
        }

        return (report.EntriesChecked, report.VerifiedSize);
    }

    private async Task CheckHeadAsync(MerkleFrontier recomputed, long verifiedSize, List<AuditProblem> problems, CancellationToken cancellationToken)
    {
        var head = await context.Set<AuditLogHead>().AsNoTracking().SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var headSize = head?.Size ?? 0;
        byte[] recomputedNodes = [.. recomputed.ExportNodes().SelectMany(n => n)];
        if (headSize != recomputed.Size)
        {
            var first = Math.Min(headSize, recomputed.Size);
            problems.Add(new(AuditProblemKind.HeadMismatch, first, null, headSize < recomputed.Size
                ? $"The log's head says {Show(headSize)} entries, but {Show(recomputed.Size)} are stored: entries from index {Show(first)} on were added outside the log."
                : $"The log's head says {Show(headSize)} entries, but {Show(recomputed.Size)} are stored: entries from index {Show(first)} on were removed."));
        }
        else if (!recomputedNodes.AsSpan().SequenceEqual(head?.Frontier ?? []))
        {
            problems.Add(new(AuditProblemKind.HeadMismatch, verifiedSize, null, $"The log's head does not match the stored entries: an entry from index {Show(verifiedSize)} on (not yet covered by a checkpoint) was changed.", IndexIsExact: false));
        }
    }

    private async Task<AuditCheckpoint> SignedCheckpointAsync(long? size, CancellationToken cancellationToken)
    {
        var query = context.Set<AuditCheckpoint>().AsNoTracking();
        var row = size is { } wanted
            ? await query.SingleOrDefaultAsync(c => c.Size == wanted, cancellationToken).ConfigureAwait(false)
            : await query.OrderByDescending(c => c.Size).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            throw new AuditProofException(size is null
                ? "The log has no signed checkpoint yet; sign one with 'grondslag audit checkpoint'."
                : $"There is no signed checkpoint of size {Show(size.Value)}; proofs are given against signed checkpoints only.");
        }

        var opened = Checkpoint.OpenSigned(row.SignedNote, origin, [key]);
        if (!opened.IsSuccess || opened.Value!.Size != (ulong)row.Size)
        {
            throw new AuditProofException($"The stored checkpoint of size {Show(row.Size)} does not verify ({opened.Error ?? "size differs"}); run 'grondslag audit verify'.");
        }

        return row;
    }

    private async Task<List<byte[]>> LeafHashesAsync(long size, CancellationToken cancellationToken)
    {
        var hashes = new List<byte[]>((int)Math.Min(size, int.MaxValue));
        var rows = context.Set<AuditEntry>().AsNoTracking().Where(e => e.Index < size).OrderBy(e => e.Index).Select(e => new { e.Index, e.LeafHash }).AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (row.Index != hashes.Count)
            {
                throw new AuditProofException($"Entry {Show(hashes.Count)} is missing from the stored log; run 'grondslag audit verify'.");
            }

            hashes.Add(row.LeafHash);
        }

        return hashes.Count == size
            ? hashes
            : throw new AuditProofException($"The stored log holds {Show(hashes.Count)} of the {Show(size)} entries the checkpoint covers; run 'grondslag audit verify'.");
    }

    private static string Show(long value) => value.ToString(CultureInfo.InvariantCulture);
}
