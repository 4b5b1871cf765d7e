using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grondslag.Application.Activation;
using Grondslag.Application.Auditing;
using Grondslag.Attribution.Parties;
using Grondslag.Audit;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;
using Grondslag.Rules;
using Grondslag.Storage;
using Grondslag.Storage.Admin;
using Grondslag.Storage.Audit;
using Grondslag.Storage.Tests;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Application.Tests.Activation;

/// <summary>
/// Loads reference data as the server does (a rule set as a snapshot of its YAML files, a registry as its YAML; a stored
/// version must hash to what was recorded), from a rules folder and a registry file the test chooses.
/// </summary>
internal sealed class TestReferenceLoader(string rulesDirectory, string partiesFile) : IReferenceLoader
{
    public Outcome<LoadedReference> RuleSetOnDisk(string? cbwEntryIntoForce)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(rulesDirectory, "*.yaml", SearchOption.AllDirectories))
        {
            files[Path.GetRelativePath(rulesDirectory, path).Replace('\\', '/')] = File.ReadAllText(path, Encoding.UTF8);
        }

        return RuleSet(JsonSerializer.Serialize(files), cbwEntryIntoForce, null, runScenarios: true);
    }

    public Outcome<LoadedReference> PartiesOnDisk() =>
        File.Exists(partiesFile) ? Parties(File.ReadAllBytes(partiesFile)) : new Refusal(RefusalKind.Invalid, $"The party registry {partiesFile} cannot be read.");

    public Outcome<LoadedReference> Parties(ReadOnlyMemory<byte> yaml)
    {
        var text = Encoding.UTF8.GetString(yaml.Span);
        try
        {
            var registry = PartyRegistryLoader.Load("test registry", text, Sha(text));
            return Outcome<LoadedReference>.Ok(new LoadedReference(new ReferenceVersion(ReferenceKind.Parties, Sha(text), text, null), null, registry, 0, []));
        }
        catch (PartyRegistryException ex)
        {
            return new Refusal(RefusalKind.Invalid, "Not activated: " + string.Join(" | ", ex.Errors));
        }
    }

    public Outcome<LoadedReference> Load(ReferenceVersion version) => version.Kind switch
    {
        ReferenceKind.RuleSet => RuleSet(version.Content, version.CbwEntryIntoForce, version.Sha256, runScenarios: false),
        _ when Sha(version.Content) != version.Sha256 => new Refusal(RefusalKind.Conflict, $"the stored party registry does not hash to {version.Sha256}"),
        _ => Parties(Encoding.UTF8.GetBytes(version.Content)),
    };

    private static Outcome<LoadedReference> RuleSet(string snapshot, string? cbw, string? expected, bool runScenarios)
    {
        var directory = Path.Combine(Path.GetTempPath(), "grondslag-app-tests-rules", Sha(snapshot));
        if (!Directory.Exists(directory))
        {
            foreach (var (relative, content) in JsonSerializer.Deserialize<Dictionary<string, string>>(snapshot)!)
            {
                var path = Path.Combine(directory, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, content);
            }
        }

        try
        {
            var book = RuleBookLoader.Load(directory, RuleBookLoader.ParseConfiguredDate(cbw, "cbwEntryIntoForce"));
            if (expected is not null && book.Sha256 != expected)
            {
                return new Refusal(RefusalKind.Conflict, $"the stored rule files load as version {book.Sha256}, not the activated {expected}");
            }

            var evaluator = new LegalEvaluator(book);
            var results = runScenarios ? Scenarios.RunAll(evaluator, directory) : [];
            var failures = results.Where(r => !r.Passed).Select(r => r.Scenario.Name).ToImmutableArray();
            return Outcome<LoadedReference>.Ok(new LoadedReference(new ReferenceVersion(ReferenceKind.RuleSet, book.Sha256, snapshot, cbw), evaluator, null, results.Length - failures.Length, failures));
        }
        catch (RuleBookException ex)
        {
            return new Refusal(RefusalKind.Invalid, "Not activated: " + string.Join(" | ", ex.Errors.Select(e => e.ToString())));
        }
    }

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>What one node has in force, as the server's sharing context keeps it (never goes back to an older activation).</summary>
internal sealed class TestReferenceInForce : IReferenceInForce
{
    private readonly Dictionary<ReferenceKind, (LoadedReference Loaded, long Id)> _inForce = [];

    public LoadedReference? Loaded(ReferenceKind kind) => _inForce.TryGetValue(kind, out var v) ? v.Loaded : null;

    public void Activate(LoadedReference loaded, long activationId)
    {
        if (activationId >= ActivationInForce(loaded.Version.Kind))
        {
            _inForce[loaded.Version.Kind] = (loaded, activationId);
        }
    }

    public long ActivationInForce(ReferenceKind kind) => _inForce.TryGetValue(kind, out var v) ? v.Id : 0;
}

/// <summary>
/// The activation use cases over one fresh database of either provider, composed per request as the server composes
/// them (one context, the EF activation store, the audit log), with one node's reference data in force.
/// </summary>
internal sealed class ActivationWorld(TestDatabase database, TestClock clock, IReferenceLoader loader) : IAsyncDisposable
{
    public static readonly Actor Ann = new("ann", Role.Administrator);
    public static readonly Actor Ben = new("ben", Role.Administrator);
    public static readonly Actor Cas = new("cas", Role.Administrator);

    private static readonly AuditLogSettings Audit = new("grondslag.test/audit", Ed25519NoteSigner.Generate("grondslag.test/audit"), 0, null);

    public static string DefaultParties => Path.Combine(TestEnvironment.Root, "parties", "default.yaml");

    public TestReferenceInForce Node { get; } = new();

    public IReferenceLoader Loader => loader;

    public TestDatabase Database => database;

    public static async Task<ActivationWorld> CreateAsync(DatabaseProvider provider, string? rulesDirectory = null, string? partiesFile = null) =>
        new(await TestDatabase.CreateAsync(provider), new TestClock(UseCaseWorld.Day1), new TestReferenceLoader(rulesDirectory ?? Path.Combine(TestEnvironment.Root, "rules"), partiesFile ?? DefaultParties));

    /// <summary>The default registry with a comment added: another valid version.</summary>
    public static byte[] OtherRegistry() => Encoding.UTF8.GetBytes(File.ReadAllText(DefaultParties) + "\n# revised\n");

    public ValueTask DisposeAsync() => database.DisposeAsync();

    public async Task<T> RunAsync<T>(Func<IActivationStore, IAuditTrail, Task<T>> action)
    {
        await using var context = database.Context();
        var audit = new AuditLog(context, clock, Audit);
        return await action(new EfActivationStore(context, audit), audit);
    }

    public Task<Outcome<ActivationProposal>> ProposePartiesAsync(byte[] yaml, Actor actor) =>
        RunAsync((s, _) => new ProposeActivation(loader, s, clock).PartiesAsync(yaml, actor));

    public Task<Outcome<ActivatedReference>> ApproveAsync(long proposal, Actor actor, IReferenceInForce? node = null) =>
        RunAsync((s, a) => new ApproveActivation(loader, s, node ?? Node, a, clock).ExecuteAsync(proposal, actor));

    public Task<Outcome<IReadOnlyList<PinnedReference>>> PinAsync(IReferenceInForce? node = null, IReferenceLoader? on = null) =>
        RunAsync((s, _) => new PinActivation(on ?? loader, s, node ?? Node, clock).ExecuteAsync(null));

    public Task<List<AuditEntry>> AuditAsync() => UseCaseWorld.AuditOf(database);

    public Task<List<TRow>> RowsAsync<TRow>()
        where TRow : class => UseCaseWorld.RowsOf<TRow>(database);

    /// <summary>Alters the stored content of the parties activation behind the application's back.</summary>
    public async Task TamperWithPartiesAsync()
    {
        await using var context = database.Context();
        var row = await context.Set<ActivationRow>().SingleAsync(r => r.Kind == ActivationRow.Parties);
        row.Content += "\n# altered\n";
        await context.SaveChangesAsync();
    }
}
