using Grondslag.Domain.Law;

namespace Grondslag.Rules.Tests;

/// <summary>Runs every scenario under rules/scenarios against the default rule book, one test case each.</summary>
public sealed class ScenarioFilesTests
{
    private static readonly Lazy<LegalEvaluator> Evaluator = new(() => new LegalEvaluator(RuleBookLoader.Load(RepositoryPaths.Rules)));

    public static TheoryData<string, string> AllScenarios()
    {
        var data = new TheoryData<string, string>();
        foreach (var s in Scenarios.LoadAll(RepositoryPaths.Rules))
        {
            data.Add(s.File, s.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllScenarios))]
    public void Scenario_FromDataFile_GivesExpectedVerdictAndRule(string file, string name)
    {
        var scenario = Scenarios.LoadAll(RepositoryPaths.Rules).Single(s => s.File == file && s.Name == name);

        var result = Scenarios.Run(Evaluator.Value, scenario);

        Assert.True(result.Passed, $"{file}:{scenario.Line} '{name}': {string.Join("; ", result.Failures)}\n{result.Assessment.Explanation}");
    }

    [Theory]
    [InlineData("2020-01-01")]
    [InlineData("2026-10-01")]
    public void Scenarios_AnyConfiguredCbwDate_StillPass(string cbwDate)
    {
        var evaluator = new LegalEvaluator(RuleBookLoader.Load(RepositoryPaths.Rules, DateOnly.Parse(cbwDate, System.Globalization.CultureInfo.InvariantCulture)));

        var failed = Scenarios.RunAll(evaluator, RepositoryPaths.Rules).Where(r => !r.Passed).ToList();

        Assert.True(failed.Count == 0, string.Join("\n", failed.Select(f => $"{f.Scenario.Name}: {string.Join("; ", f.Failures)}")));
    }

    [Fact]
    public void LoadAll_DefaultScenarios_CoverThe2024Case()
    {
        var scenarios = Scenarios.LoadAll(RepositoryPaths.Rules);

        Assert.Contains(scenarios, s => s.Request.Recipient.Country?.Value == "CA" && s.Expect.Verdict == Verdict.Prohibited);
        Assert.Contains(scenarios, s => s.Request.Recipient.Country?.Value == "GB" && s.Request.Date == new DateOnly(2019, 6, 1) && s.Expect.Verdict == Verdict.Permitted);
        Assert.True(scenarios.Length >= 30, $"only {scenarios.Length} scenarios");
    }
}
