using Grondslag.Attribution.Data;
using Grondslag.Attribution.Tables;

namespace Grondslag.Benchmarks;

/// <summary>The installed datasets (installed on first use, MMDB included) in the usual data directory.</summary>
internal static class BenchData
{
    public static string DataDirectoryPath { get; } = Install();

    public static string MmdbPath => Path.Combine(DataDirectory.PackageDirectory(DataDirectoryPath, DatasetPackage.CountryMmdb), "geo-whois-asn-country.mmdb");

    public static string CountryCsv(string family) =>
        Path.Combine(DataDirectory.PackageDirectory(DataDirectoryPath, DatasetPackage.Country), $"geo-whois-asn-country-{family}.csv");

    public static AddressTables LoadTables() => AddressTables.Load(DataDirectoryPath);

    private static string Install()
    {
        var directory = DataDirectory.Resolve();
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        new DataInstaller(http, TimeProvider.System)
            .InstallAsync(directory, [.. DatasetPackage.Required, DatasetPackage.CountryMmdb])
            .GetAwaiter().GetResult();
        return directory;
    }
}
