using System.Text.Json.Nodes;
using Grondslag.Audit;
using Grondslag.Domain.Audit;
using Grondslag.Storage.Audit;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Storage.Tests.Audit;

public sealed class AuditLogTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AppendAsync_ThenVerify_IsIntactWithGaplessIndexesAndCheckpoints(DatabaseProvider provider)
    {
        await using var log = await AuditTestLog.CreateAsync(provider, checkpointEvery: 4);
        var receipts = new List<Grondslag.Application.Auditing.AuditReceipt>();
        for (var i = 0; i < 10; i++)
        {
            await using var context = log.Database.Context();
            receipts.Add(await log.Log(context).AppendAsync(AuditTestLog.Record(i)));
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), receipts.Select(r => r.Index));
        Assert.All(receipts, r => Assert.Equal(0, r.At.Ticks % 10));
        var report = await log.VerifyAsync();
        Assert.True(report.IsIntact, report.Summary);
        Assert.Equal(10, report.EntriesChecked);
        Assert.Equal(8, report.VerifiedSize);
        Assert.Equal(2, report.CheckpointsTrusted);
        Assert.Equal([4L, 8L], log.Settings.Witness!.ReadAll().Select(w => w.Size));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AppendAsync_LeafIsCanonicalJsonOfAllColumns(DatabaseProvider provider)
    {
        await using var log = await AuditTestLog.CreateAsync(provider);
        await log.AppendAsync(1);

        await using var context = log.Database.Context();
        var entry = await context.Set<AuditEntry>().SingleAsync();
        var text = AuditEntryEncoding.EncodeToString(entry);

        Assert.Equal(text, CanonicalJson.SerializeToString(JsonNode.Parse(text)));
        Assert.Equal(
            """{"action":"share.decide","actor":"alice","case":"case-0","index":0,"payload":{"n":0,"ruleSet":"sha256:abc","verdict":"permitted","é":"ç"},"role":"analyst","subject":"share-0","time":"2026-11-28T08:00:01.000000Z"}""",
            text);
        Assert.Equal(MerkleHasher.HashLeaf(AuditEntryEncoding.Encode(entry)), entry.LeafHash);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AppendAsync_InCallersTransaction_CommitsWithItAndRollsBackWithIt(DatabaseProvider provider)
    {
        await using var log = await AuditTestLog.CreateAsync(provider, checkpointEvery: 0);
        await using (var context = log.Database.Context())
        {
            await using var transaction = await context.Database.BeginTransactionAsync();
            await log.Log(context).AppendAsync(AuditTestLog.Record(0));
            await log.Log(context).AppendAsync(AuditTestLog.Record(1));
            await transaction.RollbackAsync();
        }

        await using (var context = log.Database.Context())
        {
            Assert.Equal(0, await context.Set<AuditEntry>().CountAsync());
            await using var transaction = await context.Database.BeginTransactionAsync();
            var first = await log.Log(context).AppendAsync(AuditTestLog.Record(0));
            var second = await log.Log(context).AppendAsync(AuditTestLog.Record(1));
            await transaction.CommitAsync();
            Assert.Equal((0L, 1L), (first.Index, second.Index));
        }

        await using (var context = log.Database.Context())
        {
            var checkpoint = await log.Log(context).CheckpointAsync();
            Assert.Equal(2UL, checkpoint.Checkpoint.Size);
        }

        var report = await log.VerifyAsync();
        Assert.True(report.IsIntact, report.Summary);
        Assert.Equal(2, report.VerifiedSize);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AppendAsync_ParallelWriters_GiveExactlyTheIndexesWithoutGapOrDuplicate(DatabaseProvider provider)
    {
        // PostgreSQL as in production: 8 writers × 100; SQLite (one writer at a time by design) lighter.
        var (writers, each) = provider == DatabaseProvider.PostgreSql ? (8, 100) : (4, 25);
        await using var log = await AuditTestLog.CreateAsync(provider, checkpointEvery: 50);

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < each; i++)
            {
                await using var context = log.Database.Context();
                await using var transaction = await context.Database.BeginTransactionAsync();
                await log.Log(context).AppendAsync(AuditTestLog.Record((w * each) + i));
                await transaction.CommitAsync();
            }
        })));

        await using (var context = log.Database.Context())
        {
            var indexes = await context.Set<AuditEntry>().OrderBy(e => e.Index).Select(e => e.Index).ToListAsync();
            Assert.Equal(Enumerable.Range(0, writers * each).Select(i => (long)i), indexes);
            Assert.Equal(writers * each / 50, await context.Set<AuditCheckpoint>().CountAsync());
            await log.Log(context).ExportToWitnessAsync();
        }

        var report = await log.VerifyAsync();
        Assert.True(report.IsIntact, report.Summary);
        Assert.Equal(writers * each, report.VerifiedSize);
    }

    [Fact]
    public async Task LoadOrCreate_FirstUse_WritesKeyOwnerOnlyAndPublicKeyBesideIt_NotInTheDatabase()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes.
        }

        await using var log = await AuditTestLog.CreateAsync(DatabaseProvider.Sqlite);
        await log.AppendAsync(3);

        var keyFile = Path.Combine(log.KeyDirectory, AuditKeyFiles.PrivateKeyFileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        var verifierKey = File.ReadAllText(Path.Combine(log.KeyDirectory, AuditKeyFiles.PublicKeyFileName)).Trim();
        Assert.Equal(log.Settings.Verifier.VerifierKey, verifierKey);
        Assert.Equal(log.Settings.Signer.SignerKey, AuditKeyFiles.LoadOrCreate(log.KeyDirectory, AuditTestLog.Origin).SignerKey);

        // PRIVATE+KEY+<name>+<key hash>+<base64 seed>: the seed's base64 may itself contain '+', so split at most four times.
        var secret = log.Settings.Signer.SignerKey.Split('+', 5)[4];
        Assert.True(secret.Length >= 40, "the whole base64 seed is what must not be in the database");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var databaseFile = Path.Combine(Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(log.Database.Options.ConnectionString).DataSource)!, "grondslag.db");
        Assert.DoesNotContain(secret, File.ReadAllText(databaseFile, System.Text.Encoding.Latin1), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, log.Settings.Signer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadOrCreate_KeyReadableByOthers_IsRefused()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes.
        }

        await using var log = await AuditTestLog.CreateAsync(DatabaseProvider.Sqlite);
        var keyFile = Path.Combine(log.KeyDirectory, AuditKeyFiles.PrivateKeyFileName);
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var error = Assert.Throws<AuditKeyException>(() => AuditKeyFiles.LoadOrCreate(log.KeyDirectory, AuditTestLog.Origin));
        Assert.Contains("chmod 600", error.Message, StringComparison.Ordinal);
    }
}
