using Grondslag.Domain.Parties;

namespace Grondslag.Rules.Tests;

/// <summary>The <c>territories</c> list of the country facts: loaded with dates, and refused when inconsistent.</summary>
public sealed class TerritoryFactsLoaderTests : IDisposable
{
    private readonly string _dir = Testing.RepositoryRoot.CopyOfRules();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_DefaultFacts_MapRéunionToFranceAndGreenlandToNoMemberState()
    {
        var territories = RuleBookLoader.Load(RepositoryPaths.Rules).Countries.Territories;
        var day = new DateOnly(2024, 6, 10);

        Assert.Equal("FR", territories.EuStateOf(CountryCode.Parse("RE"), day)?.Value);
        Assert.Null(territories.EuStateOf(CountryCode.Parse("GL"), day));
        Assert.Equal("DK", territories.EuStateOf(CountryCode.Parse("GL"), new DateOnly(1980, 1, 1))?.Value);
    }

    [Fact]
    public void Load_EuTerritoryOfANonMember_IsRefusedNamingTheLineAndTheFix()
    {
        Edit("{ code: AX, state: FI, status: eu-territory", "{ code: AX, state: NO, status: eu-territory");

        var error = Assert.Single(Assert.Throws<RuleBookException>(() => RuleBookLoader.Load(_dir)).Errors);

        Assert.Equal("AX", error.RuleId);
        Assert.Equal(LineOf("code: AX, state: NO"), error.Line);
        Assert.Contains("use status 'oct'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OverlappingPeriodsOfOneTerritory_AreRefused()
    {
        Edit("{ code: YT, state: FR, status: oct, to: 2013-12-31", "{ code: YT, state: FR, status: oct, to: 2014-01-01");

        var error = Assert.Single(Assert.Throws<RuleBookException>(() => RuleBookLoader.Load(_dir)).Errors);

        Assert.Equal("YT", error.RuleId);
        Assert.Contains("overlaps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownTerritoryStatus_IsRefusedBySchema()
    {
        Edit("{ code: GL, state: DK, status: oct", "{ code: GL, state: DK, status: associated");

        var error = Assert.Single(Assert.Throws<RuleBookException>(() => RuleBookLoader.Load(_dir)).Errors);

        Assert.Equal(Path.Combine("facts", "countries.yaml"), error.File);
        Assert.Equal(LineOf("status: associated"), error.Line);
    }

    private string FactsFile => Path.Combine(_dir, "facts", "countries.yaml");

    private void Edit(string from, string to)
    {
        var text = File.ReadAllText(FactsFile);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(FactsFile, text.Replace(from, to, StringComparison.Ordinal));
    }

    private int LineOf(string needle) =>
        Array.FindIndex(File.ReadAllLines(FactsFile), l => l.Contains(needle, StringComparison.Ordinal)) + 1;
}
