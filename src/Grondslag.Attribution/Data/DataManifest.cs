using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Grondslag.Attribution.Data;

/// <summary>One installed file and its hash.</summary>
public sealed record ManifestFile(string Path, long Size, string Sha256);

/// <summary>What was installed from one package: written beside the files as <c>manifest.json</c>.</summary>
public sealed record DataManifest(string Name, string Version, string Integrity, string Tarball, DateTimeOffset InstalledAt, ImmutableArray<ManifestFile> Files)
{
    public const string FileName = "manifest.json";


    /// <summary>
    /// A hash of the dataset content: SHA-256 over the sorted lines <c>path sha256\n</c> of its files. It changes
    /// when any file changes and does not depend on where or when the data was installed.
    /// </summary>
    public string ContentSha256
    {
        get
        {
            var text = new StringBuilder();
            foreach (var file in Files.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                text.Append(file.Path).Append(' ').Append(file.Sha256).Append('\n');
            }

            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        }
    }

    public DatasetIdentity Identity => new(Name, Version, ContentSha256);

    public static DataManifest? TryRead(string packageDirectory)
    {
        var path = System.IO.Path.Combine(packageDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), DataManifestJson.Default.DataManifest);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Write(string packageDirectory) =>
        File.WriteAllBytes(System.IO.Path.Combine(packageDirectory, FileName), JsonSerializer.SerializeToUtf8Bytes(this, DataManifestJson.Default.DataManifest));

    /// <summary>Checks every file against its recorded size and hash; returns the problems found.</summary>
    public IReadOnlyList<string> Verify(string packageDirectory)
    {
        var problems = new List<string>();
        foreach (var file in Files)
        {
            var path = System.IO.Path.Combine(packageDirectory, file.Path);
            if (!File.Exists(path))
            {
                problems.Add($"{path} is missing");
                continue;
            }

            if (new FileInfo(path).Length != file.Size || !string.Equals(HashFile(path), file.Sha256, StringComparison.Ordinal))
            {
                problems.Add($"{path} does not match its recorded sha256 {file.Sha256}");
            }
        }

        return problems;
    }

    public static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

/// <summary>The manifest's JSON form, generated at compile time: no reflection when a command starts.</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(DataManifest))]
internal sealed partial class DataManifestJson : System.Text.Json.Serialization.JsonSerializerContext;
