using Grondslag.Application.Auditing;
using Grondslag.Audit;
using Grondslag.Domain.Audit;
using Grondslag.Storage.Audit;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Storage.Tests.Audit;

public sealed class AuditProofTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ProveInclusionAsync_EveryEntry_VerifiesWithDomainVerifierAndAsOutsider(DatabaseProvider provider)
    {
        await using var log = await AuditTestLog.CreateAsync(provider, checkpointEvery: 4);
        await log.AppendAsync(13);
        await using var context = log.Database.Context();
        var verifier = log.Verifier(context);
        var latest = Checkpoint.OpenSigned(File.ReadAllText(Path.Combine(log.Settings.Witness!.Path, WitnessDirectory.LatestFileName)), AuditTestLog.Origin, [log.Settings.Verifier]).ValueOrThrow();
        Assert.Equal(12UL, latest.Size);

        for (var index = 0L; index < 12; index++)
        {
            var document = await verifier.ProveInclusionAsync(index);
            var leaf = MerkleHasher.HashLeaf(System.Text.Encoding.UTF8.GetBytes(document.Entry));
            Assert.True(InclusionProof.Verify((ulong)index, latest.Size, leaf, document.Proof, latest.RootHash.AsSpan()).IsValid);
            var outside = AuditProofDocuments.Verify(document.ToJson(), latest, log.Settings.Verifier);
            Assert.True(outside.Holds, outside.Explanation);
        }

        var older = await verifier.ProveInclusionAsync(2, treeSize: 4);
        Assert.Equal(4, older.TreeSize);
        await Assert.ThrowsAsync<AuditProofException>(() => verifier.ProveInclusionAsync(12));
        await Assert.ThrowsAsync<AuditProofException>(() => verifier.ProveInclusionAsync(0, treeSize: 5));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ProveConsistencyAsync_BetweenCheckpoints_VerifiesAndFailsAfterTampering(DatabaseProvider provider)
    {
        await using var log = await AuditTestLog.CreateAsync(provider, checkpointEvery: 3);
        await log.AppendAsync(12);
        await using var context = log.Database.Context();
        var verifier = log.Verifier(context);
        var held = Checkpoint.OpenSigned((await context.Set<AuditCheckpoint>().SingleAsync(c => c.Size == 3)).SignedNote, AuditTestLog.Origin, [log.Settings.Verifier]).ValueOrThrow();

        foreach (var (from, to) in new[] { (3L, 6L), (3L, 12L), (6L, 9L), (9L, 12L), (12L, 12L) })
        {
            var document = await verifier.ProveConsistencyAsync(from, to);
            var first = Checkpoint.OpenSigned(document.SignedCheckpoint1, AuditTestLog.Origin, [log.Settings.Verifier]).ValueOrThrow();
            var second = Checkpoint.OpenSigned(document.SignedCheckpoint2, AuditTestLog.Origin, [log.Settings.Verifier]).ValueOrThrow();
            Assert.True(ConsistencyProof.Verify(first.Size, second.Size, document.Proof, first.RootHash.AsSpan(), second.RootHash.AsSpan()).IsValid);
        }

        var check = AuditProofDocuments.Verify((await verifier.ProveConsistencyAsync(3, 12)).ToJson(), held, log.Settings.Verifier);
        Assert.True(check.Holds, check.Explanation);

        // Someone rewrites entry 1 with a recomputed leaf hash: proofs from the database no longer hold.
        var entry = await context.Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Index == 1);
        entry.Actor = "mallory";
        var forged = MerkleHasher.HashLeaf(AuditEntryEncoding.Encode(entry));
        await context.Database.ExecuteSqlAsync($"UPDATE audit_entry SET actor = {"mallory"}, leaf_hash = {forged} WHERE entry_index = 1");

        var tampered = AuditProofDocuments.Verify((await verifier.ProveConsistencyAsync(3, 12)).ToJson(), held, log.Settings.Verifier);
        Assert.False(tampered.Holds);
        var inclusion = await verifier.ProveInclusionAsync(1, 12);
        var latest = Checkpoint.OpenSigned(inclusion.SignedCheckpoint, AuditTestLog.Origin, [log.Settings.Verifier]).ValueOrThrow();
        Assert.False(AuditProofDocuments.Verify(inclusion.ToJson(), latest, log.Settings.Verifier).Holds);
    }

    [Fact]
    public void Verify_ProofAgainstAnotherKey_DoesNotHold()
    {
        var signer = Ed25519NoteSigner.Generate(AuditTestLog.Origin);
        var other = Ed25519NoteSigner.Generate(AuditTestLog.Origin);
        var root = MerkleTree.ComputeRootOfEntries([[1], [2]]);
        var note = SignedNote.Sign(new Checkpoint(AuditTestLog.Origin, 2, root).Format(), [other]).Format();

        Assert.False(AuditProofDocuments.OpenCheckpoint(note, signer.Verifier).IsSuccess);
    }
}
