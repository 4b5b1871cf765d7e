using System.CommandLine;
using System.Globalization;
using Grondslag.Attribution.Data;
using Grondslag.Attribution.Tables;

namespace Grondslag.Cli.Commands;

/// <summary><c>grondslag data install|status</c>: the pinned address datasets.</summary>
public static class DataCommands
{
    public static Command Create()
    {
        var data = new Command("data", "Install and inspect the address datasets (ip-location-db, pinned version).");
        data.Subcommands.Add(CreateInstall());
        data.Subcommands.Add(CreateStatus());
        return data;
    }

    /// <summary>The shared <c>--data-dir</c> option.</summary>
    public static Option<string?> DataDirOption() => new("--data-dir")
    {
        Description = $"Directory of the address data (default: ${DataDirectory.EnvironmentVariable}, else $XDG_DATA_HOME/grondslag or ~/.local/share/grondslag).",
    };

    private static Command CreateInstall()
    {
        var dataDir = DataDirOption();
        var withMmdb = new Option<bool>("--with-mmdb") { Description = "Also install the country data in MaxMind DB form (for benchmarks and comparison)." };
        var install = new Command("install", $"Download, verify and install the pinned datasets (version {DatasetPackage.PinnedVersion}) from the npm registry (NPM_CONFIG_REGISTRY).")
        {
            dataDir,
            withMmdb,
        };
        install.SetAction(async (parseResult, cancellationToken) =>
        {
            var directory = DataDirectory.Resolve(parseResult.GetValue(dataDir));
            var packages = parseResult.GetValue(withMmdb) ? [.. DatasetPackage.Required, DatasetPackage.CountryMmdb] : DatasetPackage.Required;
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
            var installer = new DataInstaller(http, TimeProvider.System);
            try
            {
                var outcomes = await installer.InstallAsync(directory, packages, message => Console.Error.WriteLine(message), cancellationToken).ConfigureAwait(false);
                var tables = AddressTables.Load(directory, message => Console.Error.WriteLine(message));
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{outcomes.Count(o => !o.AlreadyPresent)} package(s) installed, {outcomes.Count(o => o.AlreadyPresent)} already present in {directory}; tables ready ({tables.Countries.IPv4RangeCount + tables.Countries.IPv6RangeCount} country ranges, {tables.Asns.IPv4RangeCount + tables.Asns.IPv6RangeCount} ASN ranges)."));
                return 0;
            }
            catch (Exception e) when (e is DataInstallException or AddressDataException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"grondslag data install: {e.Message}");
                return 2;
            }
        });
        return install;
    }

    private static Command CreateStatus()
    {
        var dataDir = DataDirOption();
        var status = new Command("status", "Show which datasets are installed, their versions and hashes, and whether they verify.") { dataDir };
        status.SetAction(parseResult =>
        {
            var directory = DataDirectory.Resolve(parseResult.GetValue(dataDir));
            Console.Out.WriteLine($"data directory: {directory}");
            var ok = true;
            foreach (var package in (ReadOnlySpan<DatasetPackage>)[DatasetPackage.Country, DatasetPackage.Asn, DatasetPackage.CountryMmdb])
            {
                var packageDirectory = DataDirectory.PackageDirectory(directory, package);
                var manifest = DataManifest.TryRead(packageDirectory);
                var required = DatasetPackage.Required.Contains(package);
                if (manifest is null)
                {
                    Console.Out.WriteLine($"{package.Name}@{package.Version}: not installed{(required ? " (required; run 'grondslag data install')" : " (optional; --with-mmdb)")}");
                    ok &= !required;
                    continue;
                }

                var problems = manifest.Verify(packageDirectory);
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{manifest.Name}@{manifest.Version}: {(problems.Count == 0 ? "installed, verified" : "DAMAGED")}, content sha256 {manifest.ContentSha256}, installed {manifest.InstalledAt:yyyy-MM-dd HH:mm:ss}Z"));
                foreach (var file in manifest.Files)
                {
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {file.Path,-36} {file.Size,12:N0} bytes  sha256 {file.Sha256}"));
                }

                foreach (var problem in problems)
                {
                    Console.Out.WriteLine($"  problem: {problem}");
                }

                ok &= problems.Count == 0;
            }

            var cache = Path.Combine(directory, AddressTables.CacheFileName);
            Console.Out.WriteLine(File.Exists(cache)
                ? string.Create(CultureInfo.InvariantCulture, $"table cache: {cache} ({new FileInfo(cache).Length:N0} bytes)")
                : "table cache: not built yet (built on first use)");
            return ok ? 0 : 1;
        });
        return status;
    }
}
