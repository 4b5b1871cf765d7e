namespace Grondslag.Rules.Tests;

/// <summary>A broken rule file is refused with an error naming file, line, rule and field; nothing loads.</summary>
public sealed class RuleBookLoaderTests : IDisposable
{
    private readonly string _dir;

    public RuleBookLoaderTests()
    {
        _dir = Testing.RepositoryRoot.CopyOfRules();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_DefaultRules_IsValidAndVersioned()
    {
        var book = RuleBookLoader.Load(RepositoryPaths.Rules);

        Assert.Equal(["wbni", "cbw"], book.Regimes.Select(r => r.Id));
        Assert.Equal(["gdpr-transfers", "originator"], book.Overlays.Select(r => r.Id));
        Assert.Matches("^[0-9a-f]{64}$", book.Sha256);
        Assert.All(book.Regimes.Concat(book.Overlays).SelectMany(s => s.Rules), r => Assert.NotEmpty(r.Citations));
    }

    [Fact]
    public void Load_SameFiles_GiveSameHash_AndAnyEditChangesIt()
    {
        var original = RuleBookLoader.Load(_dir).Sha256;
        Assert.Equal(original, RuleBookLoader.Load(RepositoryPaths.Rules).Sha256);

        Edit("wbni.yaml", "NCSC may only give information", "NCSC may give information only");

        Assert.NotEqual(original, RuleBookLoader.Load(_dir).Sha256);
    }

    [Fact]
    public void Load_UnknownField_NamesFileLineRuleAndField()
    {
        Edit("wbni.yaml", "    outcome: prohibited\n    alternatives: [aggregate-only, authorised-party, await-regime, seek-advice]",
            "    outcome: prohibited\n    priority: 3\n    alternatives: [aggregate-only, authorised-party, await-regime, seek-advice]");

        var error = Assert.Single(LoadErrors());

        Assert.Equal("wbni.yaml", error.File);
        Assert.Equal("wbni.no-basis", error.RuleId);
        Assert.Equal("priority", error.Field);
        Assert.Equal(LineOf("wbni.yaml", "    priority: 3"), error.Line);
        Assert.Contains("unknown field", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ConflictingRulesWithoutOverride_IsRefusedWithAnExample()
    {
        // Take away the exception that lets the third-country rule win over the catch-all... then make them disagree.
        Edit("wbni.yaml", "    outcome: prohibited\n    overrides: [wbni.no-basis]\n    alternatives: [aggregate-only, authorised-party, await-regime, seek-advice]",
            "    outcome: advice-required\n    alternatives: [aggregate-only, authorised-party, await-regime, seek-advice]");

        var errors = LoadErrors();

        var error = Assert.Single(errors);
        Assert.Equal("wbni.yaml", error.File);
        Assert.Equal("overrides", error.Field);
        Assert.Contains("wbni.no-basis", error.Message, StringComparison.Ordinal);
        Assert.Equal("wbni.20-2.non-eu-national-csirt", error.RuleId);
        Assert.Contains("recipient.kind = national-csirt", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2018-13-09", "is not a calendar day")]
    [InlineData("2018-02-30", "is not a calendar day")]
    [InlineData("9-11-2018", "valid.from")]
    public void Load_BadDate_NamesTheField(string date, string expected)
    {
        Edit("wbni.yaml", "    valid: { from: 2018-11-09 }\n    when: {}\n    outcome: prohibited",
            $"    valid: {{ from: {date} }}\n    when: {{}}\n    outcome: prohibited");

        var error = Assert.Single(LoadErrors());

        Assert.Equal("wbni.no-basis", error.RuleId);
        Assert.Equal("valid.from", error.Field);
        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal) || error.Field == expected, error.ToString());
    }

    [Fact]
    public void Load_ValidityEndingBeforeItStarts_IsRefused()
    {
        Edit("gdpr-transfers.yaml", "    valid: { from: 2018-05-25 }\n    when:\n      information.personal-data-not-excluded: true\n      recipient.eea-member: false\n      recipient.eu-transition: false\n      recipient.adequacy: true",
            "    valid: { from: 2018-05-25, to: 2017-01-01 }\n    when:\n      information.personal-data-not-excluded: true\n      recipient.eea-member: false\n      recipient.eu-transition: false\n      recipient.adequacy: true");

        var error = Assert.Single(LoadErrors());

        Assert.Equal("gdpr.45.adequacy", error.RuleId);
        Assert.Contains("before it starts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingCitation_IsRefused()
    {
        var text = File.ReadAllText(Path.Combine(_dir, "originator.yaml"));
        var start = text.IndexOf("    citations:\n      - law: TLP 2.0\n        article: \"TLP:RED\"", StringComparison.Ordinal);
        var end = text.IndexOf("    when:\n      originator.tlp: red", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_dir, "originator.yaml"), text[..start] + text[end..]);

        var error = Assert.Single(LoadErrors());

        Assert.Equal("originator.yaml", error.File);
        Assert.Equal("originator.tlp-red", error.RuleId);
        Assert.Contains("citations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyQuoteInCitation_IsRefused()
    {
        Edit("gdpr-transfers.yaml", "quote: \"the transfer is necessary for important reasons of public interest\"", "quote: \"\"");

        var error = Assert.Single(LoadErrors());

        Assert.Equal("gdpr.46-49.transfer-ground", error.RuleId);
        Assert.Equal("citations.2.quote", error.Field);
    }

    [Fact]
    public void Load_UnknownFactOrValue_IsRefused()
    {
        Edit("wbni.yaml", "      recipient.kind: intelligence-service\n      recipient.domestic: true",
            "      recipient.kind: spy-agency\n      recipient.domestic: true\n      recipient.friendly: true");

        var errors = LoadErrors();

        Assert.Contains(errors, e => e.Field == "when.recipient.kind" && e.Message.Contains("'spy-agency' is not a value", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "when.recipient.friendly" && e.Message.Contains("not a known fact", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Equal("wbni.20-2.intelligence-service", e.RuleId));
    }

    [Fact]
    public void Load_OverrideOfUnknownRule_IsRefused()
    {
        Edit("wbni.yaml", "    overrides: [wbni.no-basis]\n    explanation:\n      en: >-\n        The Dutch intelligence",
            "    overrides: [wbni.no-such-rule]\n    explanation:\n      en: >-\n        The Dutch intelligence");

        var errors = LoadErrors();

        Assert.Contains(errors, e => e.RuleId == "wbni.20-2.intelligence-service" && e.Field == "overrides" && e.Message.Contains("wbni.no-such-rule", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ConditionalWithoutConditions_IsRefused()
    {
        Edit("wbni.yaml", "    outcome: advice-required\n    overrides: [wbni.no-basis]\n    alternatives: [seek-advice]\n    explanation:\n      en: >-\n        Informing access providers",
            "    outcome: conditional\n    overrides: [wbni.no-basis]\n    alternatives: [seek-advice]\n    explanation:\n      en: >-\n        Informing access providers");

        var errors = LoadErrors();

        Assert.Contains(errors, e => e.RuleId == "wbni.3-2-d.access-provider-confidential" && e.Field == "outcome");
    }

    [Fact]
    public void Load_InvalidYaml_NamesTheLine()
    {
        Edit("cbw.yaml", "  en: Cbw (Cyberbeveiligingswet, NIS2)", "  en: \"Cbw (Cyberbeveiligingswet");

        var error = Assert.Single(LoadErrors());

        Assert.Equal("cbw.yaml", error.File);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void Load_MissingFile_IsRefused()
    {
        File.Delete(Path.Combine(_dir, "originator.yaml"));

        var error = Assert.Single(LoadErrors());

        Assert.Equal("originator.yaml", error.File);
    }

    [Fact]
    public void Load_CbwEntryIntoForceConfigured_SwitchesRegimeOnThatDay()
    {
        var book = RuleBookLoader.Load(_dir, new DateOnly(2026, 10, 1));

        Assert.Equal("wbni", book.RegimeInForce(new DateOnly(2026, 9, 30))!.Id);
        Assert.Equal("cbw", book.RegimeInForce(new DateOnly(2026, 10, 1))!.Id);
        Assert.NotEqual(RuleBookLoader.Load(_dir).Sha256, book.Sha256);
    }

    [Fact]
    public void Load_CbwEntryIntoForceUnset_WbniStaysInForce()
    {
        var book = RuleBookLoader.Load(_dir);

        Assert.Equal("wbni", book.RegimeInForce(new DateOnly(2030, 1, 1))!.Id);
        Assert.Null(book.RegimeInForce(new DateOnly(2018, 11, 8)));
        Assert.Equal("wbni", book.RegimeInForce(new DateOnly(2018, 11, 9))!.Id);
    }

    private List<RuleFileError> LoadErrors()
    {
        var ex = Assert.Throws<RuleBookException>(() => RuleBookLoader.Load(_dir));
        return [.. ex.Errors];
    }

    private void Edit(string file, string from, string to)
    {
        var path = Path.Combine(_dir, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    private int LineOf(string file, string text) =>
        File.ReadAllLines(Path.Combine(_dir, file)).ToList().FindIndex(l => l == text) + 1;
}
