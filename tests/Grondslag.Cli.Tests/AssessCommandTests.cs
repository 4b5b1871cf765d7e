using System.Text.Json.Nodes;

namespace Grondslag.Cli.Tests;

public sealed class AssessCommandTests
{
    private static JsonNode Assess(params string[] args)
    {
        var result = CliRunner.Run(["assess", .. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonNode.Parse(result.Out)!;
    }

    [Theory]
    [InlineData("FR", "2024-06-10", "permitted", "wbni.20-2.eu-national-csirt")]
    [InlineData("CA", "2024-06-10", "prohibited", "wbni.20-2.non-eu-national-csirt")]
    [InlineData("GB", "2019-06-01", "permitted", "wbni.20-2.eu-national-csirt")]
    public void Assess_NationalCsirt_PrintsVerdictRegimeRuleSetAndRule(string country, string date, string verdict, string rule)
    {
        var json = Assess("--recipient-kind", "national-csirt", "--country", country, "--date", date);

        Assert.Equal(verdict, (string?)json["verdict"]);
        Assert.Equal("wbni", (string?)json["regime"]);
        Assert.Matches("^[0-9a-f]{64}$", (string?)json["ruleSet"]!["sha256"]);
        Assert.Equal("wbni", (string?)json["ruleSet"]!["id"]);
        Assert.Contains(json["determiningRules"]!.AsArray(), r => (string?)r!["id"] == rule && ((string?)r["citation"])!.Contains("Wbni art.", StringComparison.Ordinal));
        Assert.False(string.IsNullOrWhiteSpace((string?)json["explanation"]));
    }

    [Fact]
    public void Assess_Refusal_ListsAlternatives()
    {
        var json = Assess("--recipient-kind", "national-csirt", "--country", "US", "--date", "2024-06-10");

        var kinds = json["alternatives"]!.AsArray().Select(a => (string?)a!["kind"]).ToList();
        Assert.Contains("aggregate-only", kinds);
        Assert.Contains("authorised-party", kinds);
        Assert.Contains("await-regime", kinds);
    }

    [Fact]
    public void Assess_CbwWhatIfWithCooperation_IsConditionalWithConditions()
    {
        var json = Assess("--recipient-kind", "national-csirt", "--country", "JP", "--date", "2024-06-10", "--regime", "cbw", "--cooperation");

        Assert.Equal("conditional", (string?)json["verdict"]);
        Assert.True((bool)json["whatIf"]!);
        var open = json["conditions"]!.AsArray().Where(c => !(bool)c!["met"]!).Select(c => (string?)c!["id"]).ToList();
        Assert.Equal(["tlp-marking", "gdpr-transfer-ground"], open);
    }

    [Fact]
    public void Assess_CbwEntryIntoForceConfigured_AppliesCbwWithoutOverride()
    {
        var json = Assess("--recipient-kind", "national-csirt", "--country", "JP", "--date", "2027-01-04", "--cooperation", "--cbw-in-force", "2026-10-01");

        Assert.Equal("cbw", (string?)json["regime"]);
        Assert.False((bool)json["whatIf"]!);
    }

    [Fact]
    public void Assess_AggregateClasses_ThirdCountryCsirtIsAdviceRequired()
    {
        // Legal review 2, §1: "not restricted by art. 20(2)" is no basis; no NCSC task names a third-country CSIRT.
        var json = Assess("--recipient-kind", "national-csirt", "--country", "CA", "--date", "2024-06-10", "--classes", "aggregate");

        Assert.Equal("advice-required", (string?)json["verdict"]);
        Assert.StartsWith("Task: ", (string?)json["task"], StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_Prohibited_LabelsItsCitationsDeterminingProvision()
    {
        var json = Assess("--recipient-kind", "national-csirt", "--country", "CA", "--date", "2024-06-10");

        Assert.Equal("determining provision", (string?)json["basisLabel"]);
        Assert.All(json["determiningRules"]!.AsArray(), r => Assert.Equal("determining provision", (string?)r!["citationLabel"]));
        Assert.Contains("outside that circle", (string?)json["restriction"], StringComparison.Ordinal);
        Assert.StartsWith("Originator: TLP:AMBER", (string?)json["originatorConditions"], StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_Bill36084Configured_DecidesTheDutchProvider()
    {
        var unknown = Assess("--recipient-kind", "provider", "--country", "NL", "--date", "2024-06-10");
        var known = Assess("--recipient-kind", "provider", "--country", "NL", "--date", "2024-06-10", "--wbni-36084-in-force", "2022-12-01");

        Assert.Equal("advice-required", (string?)unknown["verdict"]);
        Assert.Contains("Bill 36 084", (string?)unknown["failure"], StringComparison.Ordinal);
        Assert.Equal("conditional", (string?)known["verdict"]);
        Assert.Contains(known["determiningRules"]!.AsArray(), r => (string?)r!["task"] == "wbni.3-2-e");
        Assert.NotEqual((string?)unknown["ruleSet"]!["sha256"], (string?)known["ruleSet"]!["sha256"]);
    }

    [Fact]
    public void Assess_GdprTransferGround_IsConfirmableByALegalAdviserOnly()
    {
        var json = Assess("--recipient-kind", "national-csirt", "--country", "CA", "--date", "2024-06-10", "--regime", "cbw", "--cooperation");

        var condition = json["conditions"]!.AsArray().Single(c => (string?)c!["id"] == "gdpr-transfer-ground")!;
        Assert.Equal("legal-adviser", (string?)condition["confirmableBy"]);
        Assert.True((bool)condition["referenceRequired"]!);
    }

    [Theory]
    [InlineData("--recipient-kind", "martian", "'martian' is not a recipient kind")]
    [InlineData("--country", "Canada", "'Canada' is not a country code")]
    [InlineData("--date", "10-06-2024", "'10-06-2024' is not a date")]
    [InlineData("--classes", "secret", "'secret' is not an information class")]
    [InlineData("--regime", "gdpr", "'gdpr' is not a regime")]
    public void Assess_BadInput_ExitsTwoAndNamesTheInput(string option, string value, string expected)
    {
        var args = new Dictionary<string, string> { ["--recipient-kind"] = "national-csirt", ["--country"] = "FR", [option] = value };

        var result = CliRunner.Run(["assess", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Error, StringComparison.Ordinal);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_HumanOutput_ShowsVerdictAndArticle()
    {
        var result = CliRunner.Run("assess", "--recipient-kind", "national-csirt", "--country", "CA", "--date", "2024-06-10");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("PROHIBITED", result.Out, StringComparison.Ordinal);
        Assert.Contains("Wbni art. 20(2)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_LangNl_PrintsTheDutchExplanation()
    {
        var result = CliRunner.Run("assess", "--recipient-kind", "national-csirt", "--country", "CA", "--date", "2024-06-10", "--lang", "nl");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("VERBODEN", result.Out, StringComparison.Ordinal);
        Assert.Contains("doorslaggevende bepaling", result.Out, StringComparison.Ordinal);
        Assert.Contains("Wbni art. 20(2)", result.Out, StringComparison.Ordinal);
        Assert.Contains("Rechtmatige alternatieven", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("PROHIBITED", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_GrondslagLangNl_IsDutchAndLangOptionWins()
    {
        var dutch = CliRunner.Run(new Dictionary<string, string> { ["GRONDSLAG_LANG"] = "nl" }, "assess", "--recipient-kind", "national-csirt", "--country", "FR", "--date", "2024-06-10");
        var english = CliRunner.Run(new Dictionary<string, string> { ["GRONDSLAG_LANG"] = "nl" }, "assess", "--recipient-kind", "national-csirt", "--country", "FR", "--date", "2024-06-10", "--lang", "en");

        Assert.Contains("TOEGESTAAN", dutch.Out, StringComparison.Ordinal);
        Assert.Contains("PERMITTED", english.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_UnknownLanguage_ExitsTwoNamingTheChoices()
    {
        var result = CliRunner.Run("assess", "--recipient-kind", "national-csirt", "--country", "FR", "--lang", "de");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--lang nl", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_Json_CarriesBothLanguages()
    {
        var json = Assess("--recipient-kind", "national-csirt", "--country", "CA", "--date", "2024-06-10");

        Assert.StartsWith("Sharing ", (string?)json["explanation"], StringComparison.Ordinal);
        Assert.StartsWith("Het verstrekken ", (string?)json["explanationNl"], StringComparison.Ordinal);
        Assert.All(json["alternatives"]!.AsArray(), a => Assert.False(string.IsNullOrWhiteSpace((string?)a!["descriptionNl"])));
        Assert.Contains(json["determiningRules"]!.AsArray(), r => (string?)r!["titleNl"] == "Nationaal CSIRT van een land buiten de EU");
    }
}
