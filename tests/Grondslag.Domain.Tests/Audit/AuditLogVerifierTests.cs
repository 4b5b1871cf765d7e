using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Grondslag.Domain.Audit;

namespace Grondslag.Domain.Tests.Audit;

public sealed class AuditLogVerifierTests
{
    private static List<StoredEntry> Log(int count) =>
        Enumerable.Range(0, count)
            .Select(i => new StoredEntry(i, Encoding.UTF8.GetBytes($$"""{"action":"decide","case":{{i}}}""")))
            .ToList();

    private static Checkpoint CheckpointOf(IReadOnlyList<StoredEntry> entries, int size) =>
        new("ncsc.nl/grondslag/audit", (ulong)size, MerkleTree.ComputeRootOfEntries(entries.Take(size).Select(e => e.Content.ToArray())));

    private static List<Checkpoint> Checkpoints(IReadOnlyList<StoredEntry> entries, params int[] sizes) =>
        sizes.Select(size => CheckpointOf(entries, size)).ToList();

    [Fact]
    public void Verify_UntouchedLog_IsIntactAndEveryCheckpointMatches()
    {
        var log = Log(100);

        var report = AuditLogVerifier.Verify(log, Checkpoints(log, 0, 10, 50, 100));

        Assert.True(report.IsIntact, report.Explanation);
        Assert.Equal(4, report.CheckpointsMatched);
        Assert.Equal(100, report.VerifiedSize);
        Assert.Null(report.FirstBadIndex);
    }

    [Fact]
    public void Verify_ChangedEntry_CaughtByNextCheckpointNamingTheRange()
    {
        var log = Log(100);
        var checkpoints = Checkpoints(log, 10, 50, 100);
        log[37] = log[37] with { Content = Encoding.UTF8.GetBytes("""{"action":"decide","case":"rewritten"}""") };

        var report = AuditLogVerifier.Verify(log, checkpoints);

        Assert.Equal(LogDefect.CheckpointMismatch, report.Defect);
        Assert.Equal(10, report.FirstBadIndex);
        Assert.Equal(50UL, report.FailedCheckpoint?.Size);
        Assert.Contains("from 10 to 49", report.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_DeletedEntryWithOriginalNumbers_NamesTheMissingIndex()
    {
        var log = Log(100);
        var checkpoints = Checkpoints(log, 50, 100);
        log.RemoveAt(37);

        var report = AuditLogVerifier.Verify(log, checkpoints);

        Assert.Equal(LogDefect.MisnumberedEntry, report.Defect);
        Assert.Equal(37, report.FirstBadIndex);
        Assert.Contains("entry 37 is missing", report.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_DeletedEntryThenRenumbered_CaughtByCheckpoint()
    {
        var log = Log(100);
        var checkpoints = Checkpoints(log, 20, 50, 100);
        log.RemoveAt(37);
        var renumbered = log.Select((e, i) => e with { Index = i }).ToList();

        var report = AuditLogVerifier.Verify(renumbered, checkpoints);

        Assert.Equal(LogDefect.CheckpointMismatch, report.Defect);
        Assert.Equal(20, report.FirstBadIndex);
    }

    [Fact]
    public void Verify_InsertedEntryWithDuplicateIndex_NamesTheIndex()
    {
        var log = Log(100);
        var checkpoints = Checkpoints(log, 100);
        log.Insert(38, new StoredEntry(37, Encoding.UTF8.GetBytes("""{"action":"release","case":"forged"}""")));

        var report = AuditLogVerifier.Verify(log, checkpoints);

        Assert.Equal(LogDefect.MisnumberedEntry, report.Defect);
        Assert.Equal(38, report.FirstBadIndex);
        Assert.Contains("entry 37 appears again", report.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TwoEntriesSwappedKeepingIndexNumbers_CaughtByCheckpoint()
    {
        var log = Log(100);
        var checkpoints = Checkpoints(log, 50, 100);
        (log[60], log[61]) = (log[61] with { Index = 60 }, log[60] with { Index = 61 });

        var report = AuditLogVerifier.Verify(log, checkpoints);

        Assert.Equal(LogDefect.CheckpointMismatch, report.Defect);
        Assert.Equal(50, report.FirstBadIndex);
        Assert.Equal(100UL, report.FailedCheckpoint?.Size);
    }

    [Fact]
    public void Verify_TailRemoved_NamesFirstMissingIndex()
    {
        var log = Log(100);
        var checkpoints = Checkpoints(log, 50, 100);

        var report = AuditLogVerifier.Verify(log.Take(80), checkpoints);

        Assert.Equal(LogDefect.CheckpointBeyondLog, report.Defect);
        Assert.Equal(80, report.FirstBadIndex);
        Assert.Equal(50, report.VerifiedSize);
    }

    [Fact]
    public void Verify_ChangeAfterLastCheckpoint_IsNotProvableAndSaidSo()
    {
        // Nothing signed covers entries past the last checkpoint; the report must not claim they are proven.
        var log = Log(100);
        var checkpoints = Checkpoints(log, 90);
        log[95] = log[95] with { Content = "changed"u8.ToArray() };

        var report = AuditLogVerifier.Verify(log, checkpoints);

        Assert.True(report.IsIntact);
        Assert.Equal(90, report.VerifiedSize);
        Assert.Contains("last 10 entries are not yet covered", report.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_CheckpointsGivenOutOfOrder_AreCheckedInSizeOrder()
    {
        var log = Log(30);
        var checkpoints = Checkpoints(log, 30, 10, 20);

        Assert.True(AuditLogVerifier.Verify(log, checkpoints).IsIntact);
    }

    [Fact]
    public void Accept_AfterDefect_ReturnsFalse()
    {
        var log = Log(10);
        var verifier = new AuditLogVerifier(Checkpoints(log, 10));

        Assert.True(verifier.Accept(0, log[0].Content.Span));
        Assert.False(verifier.Accept(2, log[2].Content.Span));
        Assert.False(verifier.Accept(1, log[1].Content.Span));
        Assert.Equal(1, verifier.Finish().FirstBadIndex);
    }

    [Property(MaxTest = 50)]
    public bool Verify_CheckpointAfterEveryEntry_NamesExactChangedIndex(PositiveInt sizeSeed, NonNegativeInt victimSeed)
    {
        var size = (sizeSeed.Get % 200) + 1;
        var log = Log(size);
        var checkpoints = Checkpoints(log, [.. Enumerable.Range(1, size)]);
        var victim = victimSeed.Get % size;
        log[victim] = log[victim] with { Content = "tampered"u8.ToArray() };

        var report = AuditLogVerifier.Verify(log, checkpoints);

        return report.Defect == LogDefect.CheckpointMismatch && report.FirstBadIndex == victim && report.FailedCheckpoint?.Size == (ulong)victim + 1;
    }
}
