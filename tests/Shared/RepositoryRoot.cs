namespace Grondslag.Testing;

/// <summary>The repository's root folder (the one holding Grondslag.slnx), found from a test's output folder.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>A path under the root, e.g. <c>Combine("rules")</c>.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Grondslag.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (Grondslag.slnx) above " + AppContext.BaseDirectory);
    }
}
