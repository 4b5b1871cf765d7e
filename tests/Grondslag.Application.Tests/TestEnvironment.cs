using Grondslag.Attribution.Data;
using Grondslag.Attribution.Tables;
using Grondslag.Domain.Law;
using Grondslag.Rules;

namespace Grondslag.Application.Tests;

/// <summary>The repository's rules and parties, and the real pinned address data (installed once per machine).</summary>
internal static class TestEnvironment
{
    public static string Root => Testing.RepositoryRoot.Path;

    public static string DataDirectory => Testing.RepositoryRoot.TestDataDirectory;

    private static readonly Lazy<AddressTables> LazyTables = new(() =>
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        new DataInstaller(http, TimeProvider.System).InstallAsync(DataDirectory, DatasetPackage.Required).GetAwaiter().GetResult();
        return AddressTables.Load(DataDirectory);
    });

    public static AddressTables Tables => LazyTables.Value;

    public static LegalEvaluator Evaluator { get; } = new(RuleBookLoader.Load(Path.Combine(Root, "rules")));
}
