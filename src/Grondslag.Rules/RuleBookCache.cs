using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Grondslag.Domain.Law;

namespace Grondslag.Rules;

/// <summary>
/// Remembers which rule books were validated, so that an unchanged rule set is not validated against its schemas
/// and proved safe again on every start (see <see cref="RuleBookLoader.Load(string, DateOnly?, DateOnly?, RuleBookCache?)"/>).
/// An entry is keyed by the SHA-256 of every file under the rules folder (path, length and bytes), the embedded
/// schemas, and the build of this loader and of the domain model that proves the safety properties: a changed
/// file, schema or loader gives another key and so a full validation. An entry holds the safety proofs the full
/// validation gave. Only passing books are recorded; a failing book is validated in full on every run.
/// </summary>
public sealed class RuleBookCache(string directory)
{
    private const string Format = "grondslag validated rule book v1";

    /// <summary>The folder the entries are kept in (created on first write).</summary>
    public string Directory { get; } = directory;

    /// <summary>The proofs recorded for <paramref name="key"/>, or null when that content was never validated here.</summary>
    public ImmutableArray<string>? Validated(string key)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var lines = File.ReadAllLines(path, Encoding.UTF8);
            // The entry names its own format and key: a truncated, foreign or renamed file is no entry.
            if (lines.Length < 3 || lines[0] != Format || lines[1] != key || lines[^1] != "end")
            {
                return null;
            }

            return [.. lines[2..^1]];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Records that the content with <paramref name="key"/> passed validation; failing to write only costs speed.</summary>
    public void Record(string key, ImmutableArray<string> proofs)
    {
        if (proofs.Any(p => p.Contains('\n', StringComparison.Ordinal) || p == "end"))
        {
            return;
        }

        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var temporary = $"{PathOf(key)}.{Guid.NewGuid():N}.tmp";
            File.WriteAllLines(temporary, [Format, key, .. proofs, "end"], new UTF8Encoding(false));
            File.Move(temporary, PathOf(key), overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only home: the next run validates in full again.
        }
    }

    /// <summary>Every file under <paramref name="rulesDirectory"/>, by its path relative to it ('/'-separated).</summary>
    public static IReadOnlyDictionary<string, byte[]> Snapshot(string rulesDirectory)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in System.IO.Directory.EnumerateFiles(rulesDirectory, "*", SearchOption.AllDirectories))
        {
            files[RelativeKey(rulesDirectory, path)] = File.ReadAllBytes(path);
        }

        return files;
    }

    /// <summary>The snapshot key of <paramref name="path"/>: its path relative to the rules folder, '/'-separated.</summary>
    public static string RelativeKey(string rulesDirectory, string path) =>
        Path.GetRelativePath(Path.GetFullPath(rulesDirectory), Path.GetFullPath(path)).Replace('\\', '/');

    /// <summary>The cache key of a snapshot: its files, the embedded schemas, and the builds of the loader and the domain model.</summary>
    public static string KeyOf(IReadOnlyDictionary<string, byte[]> snapshot)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string name, ReadOnlySpan<byte> bytes)
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"{name}\n{bytes.Length}\n"));
            sha.AppendData(bytes);
        }

        Add(Format, []);
        var loader = typeof(RuleBookCache).Assembly;
        Add($"loader {loader.ManifestModule.ModuleVersionId:N}", []);
        Add($"domain {typeof(RuleBook).Assembly.ManifestModule.ModuleVersionId:N}", []);
        foreach (var resource in loader.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            using var stream = loader.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            Add($"schema {resource}", copy.ToArray());
        }

        foreach (var (name, bytes) in snapshot.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            Add($"file {name}", bytes);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private string PathOf(string key) => Path.Combine(Directory, $"{key}.validated");
}
