namespace Grondslag.Domain.Tests.Audit;

/// <summary>
/// Finds the shared reference folder (../shared beside the repository root). Tests that need
/// it fail, naming the place looked for, when it is missing: vectors must never pass unread.
/// </summary>
internal static class SharedReference
{
    public static string Root
    {
        get
        {
            var shared = Path.GetFullPath(Path.Combine(Testing.RepositoryRoot.Path, "..", "shared", "reference"));
            if (!Directory.Exists(shared))
            {
                throw new DirectoryNotFoundException($"The shared reference vectors are missing: expected {shared} (../shared/reference beside the repository root).");
            }

            return shared;
        }
    }

    public static string MerkleTestData => Path.Combine(Root, "merkle-testdata", "testdata");

    /// <summary>Every JSON file under merkle-testdata/testdata/<paramref name="kind"/>, relative to that folder, sorted.</summary>
    public static IReadOnlyList<string> MerkleVectorFiles(string kind)
    {
        var folder = Path.Combine(MerkleTestData, kind);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The Merkle vectors are missing: expected the folder {folder}.");
        }

        return Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(MerkleTestData, path))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
