using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Storage.Audit;

namespace Grondslag.Storage.Tests.Audit;

/// <summary>A fresh database plus a key directory and witness directory in a temp folder, for one audit test.</summary>
internal sealed class AuditTestLog : IAsyncDisposable
{
    public const string Origin = "grondslag.test/audit";

    private AuditTestLog(TestDatabase database, string directory, AuditLogSettings settings)
    {
        Database = database;
        Directory = directory;
        Settings = settings;
    }

    public TestDatabase Database { get; }

    public string Directory { get; }

    public string KeyDirectory => Path.Combine(Directory, "keys");

    public AuditLogSettings Settings { get; }

    public StepTime Time { get; } = new();

    public static async Task<AuditTestLog> CreateAsync(DatabaseProvider provider, int checkpointEvery = 1)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var directory = Path.Combine(Path.GetTempPath(), "grondslag-audit-" + Guid.NewGuid().ToString("N"));
        var options = new AuditOptions(Origin, Path.Combine(directory, "keys"), Path.Combine(directory, "witness"), checkpointEvery);
        return new AuditTestLog(database, directory, AuditLogSettings.Load(options));
    }

    public AuditLog Log(GrondslagDbContext context) => new(context, Time, Settings);

    public AuditVerifier Verifier(GrondslagDbContext context, bool withWitness = true) =>
        new(context, Origin, Settings.Verifier, withWitness ? Settings.Witness : null);

    public static AuditRecord Record(int n) => new(
        "share.decide",
        n % 2 == 0 ? "alice" : "bob",
        "analyst",
        "case-" + (n / 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
        "share-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        new JsonObject { ["verdict"] = "permitted", ["ruleSet"] = "sha256:abc", ["n"] = n, ["é"] = "ç" });

    /// <summary>Appends <paramref name="count"/> entries, each in a context and transaction of its own.</summary>
    public async Task AppendAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await using var context = Database.Context();
            await Log(context).AppendAsync(Record(i));
        }
    }

    public async Task<AuditVerification> VerifyAsync(bool withWitness = true)
    {
        await using var context = Database.Context();
        return await Verifier(context, withWitness).VerifyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}

/// <summary>A clock that moves one second (and a few ticks, to test truncation) per reading.</summary>
internal sealed class StepTime : TimeProvider
{
    private DateTimeOffset _now = new(2026, 11, 28, 9, 0, 0, TimeSpan.FromHours(1));

    public override DateTimeOffset GetUtcNow()
    {
        _now = _now.AddSeconds(1).AddTicks(7);
        return _now;
    }
}
