using System.Text.Json.Nodes;

namespace Grondslag.Cli.Tests;

public sealed class PlanCommandTests
{
    private static readonly Dictionary<string, string> Data = new()
    {
        ["GRONDSLAG_DATA"] = Testing.RepositoryRoot.TestDataDirectory,
    };

    [Fact]
    public void Plan_Example_Json_HasTheDocumentedShape()
    {
        var result = CliRunner.Run(Data, "plan", "--indicators", "examples/coathanger-2024.txt", "--date", "2024-06-10", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        var json = JsonNode.Parse(result.Out)!;
        Assert.Equal(20_000, (int)json["input"]!["accepted"]!);
        Assert.Equal(0, (int)json["input"]!["rejectedCount"]!);
        Assert.Equal("2.3.2026061719", (string?)json["dataset"]!["version"]);
        Assert.Matches("^[0-9a-f]{64}$", (string?)json["ruleSet"]!["sha256"]);
        Assert.Equal("wbni", (string?)json["ruleSet"]!["id"]);
        var byCountry = json["attribution"]!["byCountry"]!.AsObject();
        Assert.Equal(20_000 - (int)json["attribution"]!["unknownCountry"]!, byCountry.Sum(kv => (int)kv.Value!));
        var canada = json["recipients"]!.AsArray().Single(r => (string?)r!["country"] == "CA" && (string?)r["kind"] == "national-csirt")!;
        Assert.Equal("prohibited", (string?)canada["verdict"]);
        Assert.Contains(canada["basis"]!.AsArray().Select(b => (string?)b), b => b!.StartsWith("Wbni art. 20(2)", StringComparison.Ordinal));
        Assert.Equal((int)byCountry["CA"]!, (int)json["withoutLawfulRecipient"]!["byCountry"]!["CA"]!);
        Assert.DoesNotContain(json["recipients"]!.AsArray(), r => (string?)r!["party"] == "ncsc-nl");
        var noRecipient = json["noRecipientYet"]!;
        Assert.InRange((int)noRecipient["byCountry"]!["NL"]!, 1, (int)byCountry["NL"]! - 1);
        Assert.Equal(noRecipient["countries"]!.AsArray().Sum(c => (int)c!["count"]!), (int)noRecipient["count"]!);
        Assert.Equal(0, (int)json["attribution"]!["notAttributableToCountry"]!["count"]!);
    }

    private static readonly string?[] KeyProblems = ["placeholder", "missing", "revoked", "expired", "no-encryption-key", "expires-soon"];

    [Fact]
    public void Plan_Json_CarriesTheKeyWarningsTheTextShows()
    {
        var text = CliRunner.Run(Data, "plan", "--indicators", "examples/coathanger-2024.txt", "--date", "2024-06-10");
        var json = CliRunner.Run(Data, "plan", "--indicators", "examples/coathanger-2024.txt", "--date", "2024-06-10", "--json");

        Assert.True(text.ExitCode == 0 && json.ExitCode == 0, text.Error + json.Error);
        var warnings = JsonNode.Parse(json.Out)!["keyWarnings"]!.AsArray();
        var shown = System.Text.RegularExpressions.Regex.Match(text.Out, @"WARNING: (\d+) recipient\(s\) without a usable OpenPGP key");
        // The example registry has placeholder keys: the text warns, and the JSON carries the same warnings, each in both languages.
        Assert.True(shown.Success, text.Out);
        Assert.Equal(int.Parse(shown.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), warnings.Count);
        Assert.All(warnings, w =>
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)w!["party"]));
            Assert.Contains((string?)w["code"], KeyProblems);
            Assert.NotEqual((string?)w["message"], (string?)w["messageNl"]);
        });
    }

    [Fact]
    public void Plan_Example_Text_CountsNoRecipientYetPerCountry()
    {
        var result = CliRunner.Run(Data, "plan", "--indicators", "examples/coathanger-2024.txt", "--date", "2024-06-10");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("No recipient yet:", result.Out, StringComparison.Ordinal);
        Assert.Contains("NCSC-NL is the sender", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_LangNl_PrintsDutchHeadingsAndReasons()
    {
        var result = CliRunner.Run(Data, "plan", "--indicators", "examples/coathanger-2024.txt", "--date", "2024-06-10", "--lang", "nl");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Verstrekkingsplan", result.Out, StringComparison.Ordinal);
        Assert.Contains("Nog geen ontvanger:", result.Out, StringComparison.Ordinal);
        Assert.Contains("het NCSC is de verstrekker", result.Out, StringComparison.Ordinal);
        Assert.Contains("Zonder rechtmatige ontvanger:", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_FileWithoutUsableAddress_ExitsTwoNamingTheFile()
    {
        var file = Path.Combine(Path.GetTempPath(), "grondslag-empty-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(file, "# nothing here\n10.0.0.1\nnot-an-address\n");
        try
        {
            var result = CliRunner.Run(Data, "plan", "--indicators", file, "--date", "2024-06-10");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains(Path.GetFileName(file), result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Plan_MissingFile_ExitsTwo()
    {
        var result = CliRunner.Run(Data, "plan", "--indicators", "no/such/file.txt");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--indicators", result.Error, StringComparison.Ordinal);
    }
}
