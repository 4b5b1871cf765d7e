using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Grondslag.Application.Auditing;
using Grondslag.Domain.Audit;
using Grondslag.Storage;
using Grondslag.Storage.Audit;
using Npgsql;

namespace Grondslag.Audit.Benchmarks;

/// <summary>A throwaway database of either provider for a benchmark, plus a temp key and witness folder.</summary>
internal sealed class BenchDatabase
{
    public const string PostgresVariable = "GRONDSLAG_TEST_POSTGRES";

    private BenchDatabase(StorageOptions storage, string folder)
    {
        Storage = storage;
        Folder = folder;
        Settings = AuditLogSettings.Load(new AuditOptions("bench.grondslag/audit", Path.Combine(folder, "keys"), Path.Combine(folder, "witness"), 1000));
    }

    public StorageOptions Storage { get; }

    public string Folder { get; }

    public AuditLogSettings Settings { get; }

    public static IEnumerable<DatabaseProvider> Available() =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable))
            ? [DatabaseProvider.Sqlite]
            : [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    public static BenchDatabase Create(DatabaseProvider provider)
    {
        var folder = Path.Combine(Path.GetTempPath(), "grondslag-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        StorageOptions storage;
        if (provider == DatabaseProvider.Sqlite)
        {
            storage = StorageOptions.SqliteFile(folder);
        }
        else
        {
            var admin = Environment.GetEnvironmentVariable(PostgresVariable)!;
            var name = "grondslag_bench_" + Guid.NewGuid().ToString("N");
            using (var connection = new NpgsqlConnection(admin))
            {
                connection.Open();
                using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                command.ExecuteNonQuery();
            }

            storage = new StorageOptions(DatabaseProvider.PostgreSql, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
        }

        GrondslagDatabase.InitializeAsync(storage).GetAwaiter().GetResult();
        return new BenchDatabase(storage, folder);
    }

    public static AuditRecord Record(long n) => new(
        "share.decide", "analyst-" + (n % 7).ToString(System.Globalization.CultureInfo.InvariantCulture), "analyst",
        "case-" + (n / 100).ToString(System.Globalization.CultureInfo.InvariantCulture), "share-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        new JsonObject { ["verdict"] = "permitted", ["ruleSet"] = "sha256:6f1ed002ab5595859014ebf0951522d9", ["dataset"] = "sha256:aa31b0c8", ["basis"] = "Wbni art. 3(1)(b)", ["n"] = n });
}

/// <summary>
/// Appends through <see cref="AuditLog"/> as a use case does: each append in a transaction of its own
/// (commit included), a checkpoint signed every 1,000 entries. Reported per append.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class AuditAppendBenchmarks
{
    private const int Batch = 500;
    private BenchDatabase _database = null!;
    private long _next;

    [ParamsSource(nameof(Providers))]
    public DatabaseProvider Provider { get; set; }

    public static IEnumerable<DatabaseProvider> Providers => BenchDatabase.Available();

    [GlobalSetup]
    public void Setup() => _database = BenchDatabase.Create(Provider);

    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task<long> Append()
    {
        await using var context = GrondslagDatabase.Create(_database.Storage);
        var log = new AuditLog(context, TimeProvider.System, _database.Settings);
        long last = 0;
        for (var i = 0; i < Batch; i++)
        {
            last = (await log.AppendAsync(BenchDatabase.Record(_next++))).Index;
        }

        return last;
    }
}

/// <summary>
/// <c>audit verify</c> of 1,000,000 stored entries: read them from the database in index order, recompute
/// every leaf from its columns, check 1,000 signed checkpoints, the head, and the witness directory.
/// The log is filled in bulk (same encoding, hashes and signatures as appends) to keep the setup short.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class AuditVerifyBenchmarks
{
    private BenchDatabase _database = null!;

    [Params(1_000_000)]
    public int EntryCount { get; set; }

    [ParamsSource(nameof(Providers))]
    public DatabaseProvider Provider { get; set; }

    public static IEnumerable<DatabaseProvider> Providers => BenchDatabase.Available();

    [GlobalSetup]
    public void Setup()
    {
        _database = BenchDatabase.Create(Provider);
        FillAsync().GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task<bool> Verify()
    {
        await using var context = GrondslagDatabase.Create(_database.Storage);
        var report = await new AuditVerifier(context, _database.Settings.Origin, _database.Settings.Verifier, _database.Settings.Witness).VerifyAsync();
        return report.IsIntact && report.EntriesChecked == EntryCount ? true : throw new InvalidOperationException(report.Summary);
    }

    private async Task FillAsync()
    {
        var frontier = new MerkleFrontier();
        var start = new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
        const int Chunk = 10_000;
        for (var offset = 0; offset < EntryCount; offset += Chunk)
        {
            await using var context = GrondslagDatabase.Create(_database.Storage);
            context.ChangeTracker.AutoDetectChangesEnabled = false;
            await using var transaction = await context.Database.BeginTransactionAsync();
            for (var n = offset; n < offset + Chunk && n < EntryCount; n++)
            {
                var record = BenchDatabase.Record(n);
                var entry = new AuditEntry
                {
                    Index = n, At = start.AddMilliseconds(n), Actor = record.Actor, Role = record.Role, Action = record.Action,
                    CaseId = record.CaseId, Subject = record.Subject, Payload = CanonicalJson.SerializeToString(record.Payload),
                };
                entry.LeafHash = MerkleHasher.HashLeaf(AuditEntryEncoding.Encode(entry));
                frontier.Append(entry.LeafHash);
                context.Add(entry);
                if (frontier.Size % 1000 == 0)
                {
                    var checkpoint = new Checkpoint(_database.Settings.Origin, (ulong)frontier.Size, frontier.Root());
                    var note = SignedNote.Sign(checkpoint.Format(), [_database.Settings.Signer]).Format();
                    context.Add(new AuditCheckpoint { Size = frontier.Size, RootHash = checkpoint.RootHash.ToArray(), SignedNote = note, CreatedAt = start });
                    _database.Settings.Witness!.Write(frontier.Size, note);
                }
            }

            if (offset + Chunk >= EntryCount)
            {
                context.Add(new AuditLogHead { Size = frontier.Size, Frontier = [.. frontier.ExportNodes().SelectMany(x => x)] });
            }

            await context.SaveChangesAsync();
            await transaction.CommitAsync();
        }
    }
}
