using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grondslag.Application.Activation;
using Grondslag.Attribution.Parties;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;
using Grondslag.Rules;

namespace Grondslag.Server.Composition;

/// <summary>
/// Loads reference data for activation. A rule set is taken as a snapshot of every <c>*.yaml</c> under the rules folder
/// (rules, facts, scenarios), written to a content-addressed folder and loaded from there, so what is validated, stored
/// and later brought into force is byte for byte the same; a registry is its YAML. A stored version is loaded from its
/// content and must hash to the recorded SHA-256.
/// </summary>
internal sealed class ReferenceFiles(IConfiguration configuration) : IReferenceLoader
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private string RulesDirectory => Grondslag.Application.RulesLocation.Resolve(configuration[ServerKeys.RulesDirectory]);

    private string PartiesFile => configuration[ServerKeys.PartiesFile] is { Length: > 0 } f ? f : PartyRegistryLoader.DefaultPath;

    public Outcome<LoadedReference> RuleSetOnDisk(string? cbwEntryIntoForce)
    {
        SortedDictionary<string, string> files;
        try
        {
            files = new(StringComparer.Ordinal);
            foreach (var path in Directory.EnumerateFiles(RulesDirectory, "*.yaml", SearchOption.AllDirectories))
            {
                files[Path.GetRelativePath(RulesDirectory, path).Replace('\\', '/')] = File.ReadAllText(path, Encoding.UTF8);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Refusal(RefusalKind.Invalid, $"The rules folder {RulesDirectory} cannot be read: {e.Message}");
        }

        return LoadRuleSet(JsonSerializer.Serialize(files, Json), cbwEntryIntoForce, expectedSha256: null, runScenarios: true);
    }

    public Outcome<LoadedReference> PartiesOnDisk()
    {
        try
        {
            return Parties(File.ReadAllBytes(PartiesFile), PartiesFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Refusal(RefusalKind.Invalid, $"The party registry {PartiesFile} cannot be read: {e.Message}");
        }
    }

    public Outcome<LoadedReference> Parties(ReadOnlyMemory<byte> yaml) => Parties(yaml, "uploaded registry");

    public Outcome<LoadedReference> Load(ReferenceVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version.Kind switch
        {
            ReferenceKind.RuleSet => LoadRuleSet(version.Content, version.CbwEntryIntoForce, version.Sha256, runScenarios: false),
            ReferenceKind.Parties => Sha(version.Content) == version.Sha256
                ? Parties(Encoding.UTF8.GetBytes(version.Content), $"activated registry {version.Sha256[..12]}")
                : new Refusal(RefusalKind.Conflict, $"the stored party registry does not hash to {version.Sha256}: it was altered after activation"),
        };
    }

    private static Outcome<LoadedReference> Parties(ReadOnlyMemory<byte> bytes, string source)
    {
        var yaml = new UTF8Encoding(false).GetString(bytes.Span).TrimStart('\uFEFF');
        var sha = Sha(yaml);
        try
        {
            var registry = PartyRegistryLoader.Load(source, yaml, sha);
            return Outcome<LoadedReference>.Ok(new LoadedReference(new ReferenceVersion(ReferenceKind.Parties, sha, yaml, null), null, registry, 0, []));
        }
        catch (PartyRegistryException ex)
        {
            return new Refusal(RefusalKind.Invalid, "Not activated: " + string.Join(" | ", ex.Errors));
        }
    }

    private static Outcome<LoadedReference> LoadRuleSet(string snapshot, string? cbwEntryIntoForce, string? expectedSha256, bool runScenarios)
    {
        var cbw = cbwEntryIntoForce?.Trim() is { Length: > 0 } d ? d : null;
        try
        {
            var directory = Materialise(snapshot);
            var book = RuleBookLoader.Load(directory, RuleBookLoader.ParseConfiguredDate(cbw, "cbwEntryIntoForce"));
            if (expectedSha256 is not null && book.Sha256 != expectedSha256)
            {
                return new Refusal(RefusalKind.Conflict, $"the stored rule files load as version {book.Sha256}, not the activated {expectedSha256}: they were altered after activation");
            }

            var evaluator = new LegalEvaluator(book);
            var results = runScenarios ? Scenarios.RunAll(evaluator, directory) : [];
            var failures = results.Where(r => !r.Passed).Select(f => $"{f.Scenario.File}:{f.Scenario.Line} {f.Scenario.Name}: {string.Join("; ", f.Failures)}").ToImmutableArray();
            return Outcome<LoadedReference>.Ok(new LoadedReference(new ReferenceVersion(ReferenceKind.RuleSet, book.Sha256, snapshot, cbw), evaluator, null, results.Length - failures.Length, failures));
        }
        catch (RuleBookException ex)
        {
            return new Refusal(RefusalKind.Invalid, "Not activated: " + string.Join(" | ", ex.Errors.Select(e => e.ToString())));
        }
        catch (JsonException ex)
        {
            return new Refusal(RefusalKind.Conflict, $"the stored rule-set snapshot is not readable: {ex.Message}");
        }
    }

    /// <summary>Writes a snapshot's files to a folder named by its hash (once; renamed into place whole) and returns the folder.</summary>
    private static string Materialise(string snapshot)
    {
        var root = Path.Combine(Path.GetTempPath(), "grondslag-rules");
        var directory = Path.Combine(root, Sha(snapshot));
        if (Directory.Exists(directory))
        {
            return directory;
        }

        var files = JsonSerializer.Deserialize<Dictionary<string, string>>(snapshot) ?? [];
        var staging = directory + "." + Guid.NewGuid().ToString("N");
        foreach (var (relative, content) in files)
        {
            var path = Path.GetFullPath(Path.Combine(staging, relative));
            if (!path.StartsWith(Path.GetFullPath(staging) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new JsonException($"the snapshot names a file outside its folder: {relative}");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content, new UTF8Encoding(false));
        }

        Directory.CreateDirectory(staging);
        try
        {
            Directory.Move(staging, directory);
        }
        catch (IOException) when (Directory.Exists(directory))
        {
            Directory.Delete(staging, recursive: true);
        }

        return directory;
    }

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
