using Grondslag.Application.Auditing;
using Grondslag.Audit;
using Grondslag.Domain.Audit;
using Grondslag.Storage.Audit;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Storage.Tests.Audit;

/// <summary>Someone with database access changes the log with SQL; <c>audit verify</c> must name the first bad index.</summary>
public sealed class AuditTamperTests
{
    private const int Entries = 10;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_ColumnChanged_NamesThatIndex(DatabaseProvider provider)
    {
        await using var log = await LogOfTenAsync(provider);
        await SqlAsync(log, c => c.Database.ExecuteSqlAsync($"UPDATE audit_entry SET actor = {"mallory"} WHERE entry_index = 5"));

        var report = await log.VerifyAsync();

        Assert.False(report.IsIntact);
        Assert.Equal(5, report.FirstBadIndex);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_ColumnChangedAndLeafHashRecomputed_CheckpointNamesThatIndex(DatabaseProvider provider)
    {
        await using var log = await LogOfTenAsync(provider);
        var forged = await ForgedLeafAsync(log, 5, "case-forged", 5);
        await SqlAsync(log, c => c.Database.ExecuteSqlAsync($"UPDATE audit_entry SET case_id = {"case-forged"}, leaf_hash = {forged} WHERE entry_index = 5"));

        var report = await log.VerifyAsync();

        Assert.False(report.IsIntact);
        Assert.Equal(5, report.FirstBadIndex);
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.CheckpointMismatch && p.Index == 5 && p.CheckpointSize == 6);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_EntryDeleted_NamesThatIndex(DatabaseProvider provider)
    {
        await using var log = await LogOfTenAsync(provider);
        await SqlAsync(log, c => c.Database.ExecuteSqlAsync($"DELETE FROM audit_entry WHERE entry_index = 4"));

        var report = await log.VerifyAsync();

        Assert.Equal(4, report.FirstBadIndex);
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.MisnumberedEntry);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_LastEntriesDeletedWithHeadRewound_WitnessAndCheckpointsCatchIt(DatabaseProvider provider)
    {
        await using var log = await LogOfTenAsync(provider);
        await SqlAsync(log, async c =>
        {
            await c.Database.ExecuteSqlAsync($"DELETE FROM audit_entry WHERE entry_index >= 7");
            return await c.Database.ExecuteSqlAsync($"DELETE FROM audit_checkpoint WHERE size >= 8");
        });

        var report = await log.VerifyAsync();

        Assert.Equal(7, report.FirstBadIndex);
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.WitnessCheckpointMissing && p.CheckpointSize == 10);
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.CheckpointBeyondLog);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_TwoEntriesSwapped_NamesTheFirst(DatabaseProvider provider)
    {
        await using var log = await LogOfTenAsync(provider);
        await SqlAsync(log, async c =>
        {
            // Swap everything but the index: contents of 3 and 6 trade places.
            await c.Database.ExecuteSqlAsync($"UPDATE audit_entry SET entry_index = -1 WHERE entry_index = 3");
            await c.Database.ExecuteSqlAsync($"UPDATE audit_entry SET entry_index = 3 WHERE entry_index = 6");
            return await c.Database.ExecuteSqlAsync($"UPDATE audit_entry SET entry_index = 6 WHERE entry_index = -1");
        });

        var report = await log.VerifyAsync();

        Assert.Equal(3, report.FirstBadIndex);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_EntryInserted_NamesItsIndex(DatabaseProvider provider)
    {
        await using var log = await LogOfTenAsync(provider);
        var forged = await ForgedLeafAsync(log, 4, "case-inserted", 3);
        await SqlAsync(log, async c =>
        {
            // Make room at 4 (in two steps, as a unique index demands), then insert a well-formed entry.
            await c.Database.ExecuteSqlAsync($"UPDATE audit_entry SET entry_index = -entry_index - 1 WHERE entry_index >= 4");
            await c.Database.ExecuteSqlAsync($"UPDATE audit_entry SET entry_index = -entry_index WHERE entry_index < 0");
            return await c.Database.ExecuteSqlAsync(
                $"INSERT INTO audit_entry (entry_index, at, actor, role, action, case_id, subject, payload, leaf_hash) SELECT 4, at, actor, role, action, {"case-inserted"}, subject, payload, {forged} FROM audit_entry WHERE entry_index = 3");
        });

        var report = await log.VerifyAsync();

        Assert.Equal(4, report.FirstBadIndex);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_CheckpointRootColumnChanged_IsCaught(DatabaseProvider provider)
    {
        await using var log = await LogOfTenAsync(provider);
        var root = new byte[32];
        await SqlAsync(log, c => c.Database.ExecuteSqlAsync($"UPDATE audit_checkpoint SET root_hash = {root} WHERE size = 5"));

        var report = await log.VerifyAsync();

        Assert.False(report.IsIntact);
        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.CheckpointRowMismatch && p.CheckpointSize == 5);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_CheckpointSignedByAnotherKey_IsRejected(DatabaseProvider provider)
    {
        await using var log = await LogOfTenAsync(provider);
        // The attacker rewrites entry 2 and signs a matching checkpoint with a key of the same name.
        var forged = await ForgedLeafAsync(log, 2, "case-forged", 2);
        var leaves = new List<byte[]>();
        await using (var context = log.Database.Context())
        {
            leaves.AddRange(await context.Set<AuditEntry>().Where(e => e.Index < 3).OrderBy(e => e.Index).Select(e => e.LeafHash).ToListAsync());
        }

        leaves[2] = forged;
        var impostor = Ed25519NoteSigner.Generate(AuditTestLog.Origin);
        var checkpoint = new Checkpoint(AuditTestLog.Origin, 3, MerkleTree.ComputeRoot(leaves));
        var note = SignedNote.Sign(checkpoint.Format(), [impostor]).Format();
        var rootHash = checkpoint.RootHash.ToArray();
        await SqlAsync(log, async c =>
        {
            await c.Database.ExecuteSqlAsync($"UPDATE audit_entry SET case_id = {"case-forged"}, leaf_hash = {forged} WHERE entry_index = 2");
            return await c.Database.ExecuteSqlAsync($"UPDATE audit_checkpoint SET root_hash = {rootHash}, signed_note = {note} WHERE size = 3");
        });

        var report = await log.VerifyAsync(withWitness: false);

        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.CheckpointSignatureInvalid && p.CheckpointSize == 3);
        Assert.Equal(2, report.FirstBadIndex);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_DatabaseResignedWithStolenKey_WitnessCopyDisagrees(DatabaseProvider provider)
    {
        await using var log = await LogOfTenAsync(provider);
        // An insider with the key rewrites entry 8 and re-signs checkpoints 9 and 10: the database alone is consistent.
        var forged = await ForgedLeafAsync(log, 8, "case-forged", 8);
        await SqlAsync(log, c => c.Database.ExecuteSqlAsync($"UPDATE audit_entry SET case_id = {"case-forged"}, leaf_hash = {forged} WHERE entry_index = 8"));
        await using (var context = log.Database.Context())
        {
            var leaves = await context.Set<AuditEntry>().OrderBy(e => e.Index).Select(e => e.LeafHash).ToListAsync();
            foreach (var size in new[] { 9, 10 })
            {
                var checkpoint = new Checkpoint(AuditTestLog.Origin, (ulong)size, MerkleTree.ComputeRoot(leaves.Take(size).ToList()));
                var note = SignedNote.Sign(checkpoint.Format(), [log.Settings.Signer]).Format();
                var rootHash = checkpoint.RootHash.ToArray();
                await context.Database.ExecuteSqlAsync($"UPDATE audit_checkpoint SET root_hash = {rootHash}, signed_note = {note} WHERE size = {size}");
            }

            var frontier = new MerkleFrontier();
            leaves.ForEach(l => frontier.Append(l));
            byte[] nodes = [.. frontier.ExportNodes().SelectMany(n => n)];
            await context.Database.ExecuteSqlAsync($"UPDATE audit_log_head SET frontier = {nodes}");
        }

        Assert.True((await log.VerifyAsync(withWitness: false)).IsIntact);
        var report = await log.VerifyAsync();

        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.WitnessDisagrees && p.CheckpointSize == 9);
        Assert.Equal(8, report.FirstBadIndex);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_WitnessFileEdited_IsReported(DatabaseProvider provider)
    {
        await using var log = await LogOfTenAsync(provider);
        var file = Path.Combine(log.Settings.Witness!.Path, "checkpoint-4.txt");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\n4\n", "\n5\n", StringComparison.Ordinal));

        var report = await log.VerifyAsync();

        Assert.Contains(report.Problems, p => p.Kind == AuditProblemKind.WitnessInvalid && p.CheckpointSize == 4);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_PayloadChangedUnderSparseCheckpoints_HeadlineNamesThatEntryNotTheRangeStart(DatabaseProvider provider)
    {
        // Checkpoints only every four entries (sizes 4 and 8); entry 6 is inside the second range, entry 9 after the last.
        var log = await AuditTestLog.CreateAsync(provider, checkpointEvery: 4);
        await using (log)
        {
            await log.AppendAsync(Entries);
            foreach (var index in new[] { 6, 9, 1 })
            {
                string original;
                await using (var context = log.Database.Context())
                {
                    original = await context.Set<AuditEntry>().Where(e => e.Index == index).Select(e => e.Payload).SingleAsync();
                }

                await SqlAsync(log, c => c.Database.ExecuteSqlAsync($"UPDATE audit_entry SET payload = {"{\"changed\":true}"} WHERE entry_index = {index}"));

                var report = await log.VerifyAsync(withWitness: false);

                Assert.Equal(index, report.FirstBadIndex);
                Assert.Contains($"first bad index {index}.", report.Summary, StringComparison.Ordinal);
                await SqlAsync(log, c => c.Database.ExecuteSqlAsync($"UPDATE audit_entry SET payload = {original} WHERE entry_index = {index}"));
                Assert.True((await log.VerifyAsync(withWitness: false)).IsIntact);
            }
        }
    }

    [Fact]
    public void FirstBad_ExactEntryAfterAnEarlierUnexplainedRange_NamesTheRangeStart()
    {
        // The checkpoint of size 4 disagrees, but the only entry named exactly is 6: something in [0, 4) changed too.
        AuditProblem[] problems =
        [
            new(AuditProblemKind.CheckpointMismatch, 0, 4, "range", IndexIsExact: false),
            new(AuditProblemKind.LeafHashMismatch, 6, null, "exact"),
        ];

        Assert.Equal(0, new AuditVerification(10, 0, 0, [.. problems], "").FirstBadIndex);
        Assert.Equal(6, new AuditVerification(10, 0, 0, [problems[0] with { CheckpointSize = 8 }, problems[1]], "").FirstBadIndex);
    }

    // Ten entries with a checkpoint after every one, so each check can name the exact index.
    private static async Task<AuditTestLog> LogOfTenAsync(DatabaseProvider provider)
    {
        var log = await AuditTestLog.CreateAsync(provider, checkpointEvery: 1);
        await log.AppendAsync(Entries);
        Assert.True((await log.VerifyAsync()).IsIntact);
        return log;
    }

    // The leaf hash an attacker would store for entry `index` with its case changed (content taken from entry `source`).
    private static async Task<byte[]> ForgedLeafAsync(AuditTestLog log, long index, string caseId, long source)
    {
        await using var context = log.Database.Context();
        var entry = await context.Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Index == source);
        entry.Index = index;
        entry.CaseId = caseId;
        return MerkleHasher.HashLeaf(AuditEntryEncoding.Encode(entry));
    }

    private static async Task SqlAsync(AuditTestLog log, Func<GrondslagDbContext, Task<int>> change)
    {
        await using var context = log.Database.Context();
        await change(context);
    }
}
