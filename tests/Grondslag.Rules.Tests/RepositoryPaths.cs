namespace Grondslag.Rules.Tests;

/// <summary>The repository folders the rule tests read.</summary>
internal static class RepositoryPaths
{
    public static string Root => Testing.RepositoryRoot.Path;

    public static string Rules => Testing.RepositoryRoot.Combine("rules");
}
