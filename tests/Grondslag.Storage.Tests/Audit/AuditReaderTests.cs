using Grondslag.Application.Auditing;
using Grondslag.Audit;
using Grondslag.Domain.Audit;
using Grondslag.Storage.Audit;

namespace Grondslag.Storage.Tests.Audit;

/// <summary>The audit read port (<see cref="IAuditReader"/>) the API and the audit page read through, on both providers.</summary>
public sealed class AuditReaderTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task EntriesAsync_ByCaseActorOrText_SelectsOrdersAndPages(DatabaseProvider provider)
    {
        await using var log = await AuditTestLog.CreateAsync(provider, checkpointEvery: 1000);
        await log.AppendAsync(25);
        await using var context = log.Database.Context();
        IAuditReader reader = new EfAuditReader(context, log.Settings, log.Log(context));

        var ofCase = await reader.EntriesAsync(new AuditEntryFilter(CaseId: "case-1"), 4, newestFirst: false, CancellationToken.None);
        Assert.Equal([10L, 11, 12, 13], ofCase.Entries.Select(e => e.Index));
        Assert.True(ofCase.More);
        Assert.Equal("share-10", ofCase.Entries[0].Subject);
        Assert.Matches("^[0-9a-f]{64}$", ofCase.Entries[0].LeafHash);

        var next = await reader.EntriesAsync(new AuditEntryFilter(From: 14, CaseId: "case-1", Actor: "alice"), 10, newestFirst: false, CancellationToken.None);
        Assert.Equal([14L, 16, 18], next.Entries.Select(e => e.Index));
        Assert.False(next.More);

        var searched = await reader.EntriesAsync(new AuditEntryFilter(Text: "share-2"), 10, newestFirst: true, CancellationToken.None);
        Assert.Equal([24L, 23, 22, 21, 20, 2], searched.Entries.Select(e => e.Index));
        Assert.False(searched.More);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SignCheckpointAndProve_ProofsHoldAsOutsiderAndCheckpointsPageNewestFirst(DatabaseProvider provider)
    {
        await using var log = await AuditTestLog.CreateAsync(provider, checkpointEvery: 4);
        await log.AppendAsync(10);
        await using var context = log.Database.Context();
        IAuditReader reader = new EfAuditReader(context, log.Settings, log.Log(context));
        Assert.Equal(8, await reader.LatestCheckpointSizeAsync(CancellationToken.None));

        var now = await reader.SignCheckpointAsync(CancellationToken.None);
        Assert.Equal(10UL, now.Size);
        Assert.Equal(10, await reader.LatestCheckpointSizeAsync(CancellationToken.None));
        Assert.Equal([10L, 8], (await reader.CheckpointsAsync(null, 2, CancellationToken.None)).Select(c => c.Size));
        Assert.Equal([4L], (await reader.CheckpointsAsync(8, 5, CancellationToken.None)).Select(c => c.Size));

        var inclusion = await reader.ProveInclusionAsync(9, null, CancellationToken.None);
        var held = AuditProofDocuments.OpenCheckpoint(inclusion.SignedCheckpoint, log.Settings.Verifier, AuditTestLog.Origin).ValueOrThrow();
        Assert.True(AuditProofDocuments.Verify(inclusion.Json, held, log.Settings.Verifier).Holds);
        var four = Checkpoint.OpenSigned((await reader.CheckpointsAsync(5, 1, CancellationToken.None))[0].SignedNote, AuditTestLog.Origin, [log.Settings.Verifier]).ValueOrThrow();
        var consistency = await reader.ProveConsistencyAsync(4, 10, CancellationToken.None);
        Assert.True(AuditProofDocuments.Verify(consistency.Json, four, log.Settings.Verifier).Holds);
        await Assert.ThrowsAsync<AuditProofException>(() => reader.ProveInclusionAsync(10, null, CancellationToken.None));
        Assert.True((await reader.VerifyAsync(CancellationToken.None)).IsIntact);
    }
}
