namespace Grondslag.Cli.Tests;

public sealed class RulesCommandTests
{
    [Fact]
    public void RulesCheck_DefaultRules_AllScenariosPass()
    {
        var result = CliRunner.Run("rules", "check");

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Matches(@"\d+ scenarios passed, 0 failed", result.Out);
        Assert.Contains("Safety properties proved", result.Out, StringComparison.Ordinal);
        Assert.Contains("(a) no permitted or conditional verdict", result.Out, StringComparison.Ordinal);
        Assert.Contains("(b) every permitting or conditional regime rule names its NCSC task", result.Out, StringComparison.Ordinal);
        Assert.Contains("(c) the rule set comes with scenarios", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void RulesCheck_NoScenarios_ExitsThree()
    {
        var dir = Testing.RepositoryRoot.CopyOfRules();
        try
        {
            Directory.Delete(Path.Combine(dir, "scenarios"), recursive: true);

            var result = CliRunner.Run("rules", "check", "--rules", dir);

            Assert.Equal(3, result.ExitCode);
            Assert.Contains("without scenarios is invalid", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void RulesCheck_BrokenRuleFile_ExitsThreeNamingFileAndField()
    {
        var dir = Testing.RepositoryRoot.CopyOfRules();
        try
        {
            var wbni = Path.Combine(dir, "wbni.yaml");
            File.WriteAllText(wbni, File.ReadAllText(wbni).Replace("    outcome: prohibited\n", "    outcome: prohibited\n    severity: high\n", StringComparison.Ordinal));

            var result = CliRunner.Run("rules", "check", "--rules", dir);

            Assert.Equal(3, result.ExitCode);
            Assert.Contains("wbni.yaml:", result.Error, StringComparison.Ordinal);
            Assert.Contains("field 'severity'", result.Error, StringComparison.Ordinal);
            Assert.Contains("does not run on an invalid rule set", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Assess_InvalidRuleSet_RefusesToAssess()
    {
        var result = CliRunner.Run("assess", "--recipient-kind", "national-csirt", "--country", "FR", "--rules", Path.Combine(Path.GetTempPath(), "no-such-rules-" + Guid.NewGuid().ToString("N")));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
    }
}
