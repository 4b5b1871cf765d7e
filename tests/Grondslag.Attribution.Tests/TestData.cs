using Grondslag.Attribution.Data;
using Grondslag.Attribution.Tables;

namespace Grondslag.Attribution.Tests;

/// <summary>
/// The real pinned datasets, installed once per machine into $GRONDSLAG_DATA or a fixed temp directory
/// (the installer's lock file makes concurrent test classes and processes safe).
/// </summary>
internal static class TestData
{
    private static readonly Lazy<string> Directory = new(() =>
    {
        var directory = Testing.RepositoryRoot.TestDataDirectory;
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        new DataInstaller(http, TimeProvider.System)
            .InstallAsync(directory, [.. DatasetPackage.Required, DatasetPackage.CountryMmdb])
            .GetAwaiter().GetResult();
        return directory;
    });

    private static readonly Lazy<AddressTables> LazyTables = new(() => AddressTables.Load(DataDirectoryPath));

    public static string DataDirectoryPath => Directory.Value;

    public static AddressTables Tables => LazyTables.Value;

    public static string PackageFile(DatasetPackage package, string file) =>
        Path.Combine(DataDirectory.PackageDirectory(DataDirectoryPath, package), file);
}
