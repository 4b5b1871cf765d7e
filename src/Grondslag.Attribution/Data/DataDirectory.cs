namespace Grondslag.Attribution.Data;

/// <summary>Where the address data lives: the <c>--data-dir</c> option, else <c>$GRONDSLAG_DATA</c>, else the <see cref="GrondslagHome"/>.</summary>
public static class DataDirectory
{
    public const string EnvironmentVariable = "GRONDSLAG_DATA";

    /// <summary>Resolves the data directory; <paramref name="explicitPath"/> (from an option) wins.</summary>
    public static string Resolve(string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Path.GetFullPath(explicitPath);
        }

        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return Path.GetFullPath(fromEnvironment);
        }

        return GrondslagHome.Resolve();
    }

    public static string PackageDirectory(string dataDirectory, DatasetPackage package) =>
        Path.Combine(dataDirectory, package.DirectoryName);
}
