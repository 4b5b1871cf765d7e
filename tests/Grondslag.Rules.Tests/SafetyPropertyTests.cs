using Grondslag.Domain.Law;

namespace Grondslag.Rules.Tests;

/// <summary>
/// The safety properties are enforced by the loader, so by <c>rules check</c> and by activation alike: each bad
/// rule set is refused with file, line, rule and field (legal review 2, §11).
/// </summary>
public sealed class SafetyPropertyTests : IDisposable
{
    private readonly string _dir = Testing.RepositoryRoot.CopyOfRules();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_DefaultRules_ProvesEverySafetyProperty()
    {
        var book = RuleBookLoader.Load(RepositoryPaths.Rules);

        Assert.Equal(3, book.Proofs.Length);
        Assert.StartsWith("(a) ", book.Proofs[0], StringComparison.Ordinal);
        Assert.StartsWith("(b) ", book.Proofs[1], StringComparison.Ordinal);
        Assert.StartsWith("(c) ", book.Proofs[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RuleOverridingTheNonEuProhibition_IsRefusedWithFileLineRuleAndField()
    {
        Append("wbni.yaml", """
              - id: wbni.third-country-csirt-exception
                title: { en: An exception that lets a third-country CSIRT have the list, nl: Een uitzondering die een CSIRT van een derde land de lijst geeft }
                task: wbni.3-2-b
                citations:
                  - { law: Wbni, article: "3", source: BWBR0041515, quote: "a reading that does not hold" }
                valid: { from: 2018-11-09 }
                when:
                  recipient.kind: national-csirt
                  recipient.eu-member: false
                  recipient.eu-transition: false
                  recipient.domestic: false
                  information.aggregate-only: false
                overrides: [wbni.no-basis, wbni.20-2.non-eu-national-csirt]
                outcome: permitted
                explanation: { en: wrongly permitted, nl: ten onrechte toegestaan }
            """);

        var error = Assert.Single(LoadErrors(), e => e.RuleId == "wbni.third-country-csirt-exception");

        Assert.Equal("wbni.yaml", error.File);
        Assert.Equal("when", error.Field);
        Assert.Equal(LineOf("wbni.yaml", "    when:", after: "  - id: wbni.third-country-csirt-exception"), error.Line);
        Assert.Contains("safety property (a)", error.Message, StringComparison.Ordinal);
        Assert.Contains("recipient.eu-member = false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ProhibitionTurnedIntoPermission_IsRefusedForTaskAndCircle()
    {
        var dir = Testing.RepositoryRoot.CopyOfRulesWith("wbni.yaml", "wbni.20-2.non-eu-national-csirt", "    outcome: prohibited", "    outcome: permitted");
        try
        {
            var errors = Assert.Throws<RuleBookException>(() => RuleBookLoader.Load(dir)).Errors;

            Assert.Contains(errors, e => e.RuleId == "wbni.20-2.non-eu-national-csirt" && e.Field == "task");
            Assert.Contains(errors, e => e.RuleId == "wbni.20-2.non-eu-national-csirt" && e.Field == "when" && e.Line is not null);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Load_PermittedWithoutTask_IsRefusedWithFileLineRuleAndField()
    {
        Edit("wbni.yaml", "      nl: \"Vitale aanbieders en onderdelen van de rijksoverheid, over hun eigen systemen\"\n    task: wbni.3-1\n",
            "      nl: \"Vitale aanbieders en onderdelen van de rijksoverheid, over hun eigen systemen\"\n");

        var error = Assert.Single(LoadErrors());

        Assert.Equal("wbni.yaml", error.File);
        Assert.Equal("wbni.3-1.vital-or-government-own-systems", error.RuleId);
        Assert.Equal("task", error.Field);
        Assert.Equal(LineOf("wbni.yaml", "  - id: wbni.3-1.vital-or-government-own-systems"), error.Line);
        Assert.Contains("names no NCSC task", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TaskOfAnotherRegime_IsRefused()
    {
        Edit("wbni.yaml", "    task: wbni.3-1\n    citations:\n      - law: Wbni\n        article: \"3\"\n        paragraph: \"1\"\n        source: \"BWBR0041515; Kamerstuk 36 084, nr. 3 (memorie van toelichting)\"\n        quote: \"Dit betreft",
            "    task: cbw.csirt-tasks\n    citations:\n      - law: Wbni\n        article: \"3\"\n        paragraph: \"1\"\n        source: \"BWBR0041515; Kamerstuk 36 084, nr. 3 (memorie van toelichting)\"\n        quote: \"Dit betreft");

        var error = Assert.Single(LoadErrors());

        Assert.Equal("task", error.Field);
        Assert.Contains("under the cbw regime", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoScenarios_IsRefused()
    {
        Directory.Delete(Path.Combine(_dir, "scenarios"), recursive: true);

        var error = Assert.Single(LoadErrors());

        Assert.Equal("scenarios/", error.File);
        Assert.Equal("(scenarios)", error.Field);
        Assert.Contains("without scenarios is invalid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyScenarioFolder_IsRefused()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_dir, "scenarios")))
        {
            File.Delete(file);
        }

        Assert.Contains(LoadErrors(), e => e.Field == "(scenarios)");
    }

    [Fact]
    public void Load_DesignatedCsirtWithoutDomestic_IsRefusedWithFileLineRuleAndField()
    {
        // Drop the domestic test and let the rule win over the foreign-designation refusal: the override is accepted, the circle is not.
        Edit("wbni.yaml", "      recipient.kind: designated-csirt\n      recipient.domestic: true\n      recipient.designated: true\n      share.own-constituency: true\n    outcome: permitted\n    overrides: [wbni.no-basis]",
            "      recipient.kind: designated-csirt\n      recipient.designated: true\n      share.own-constituency: true\n    outcome: permitted\n    overrides: [wbni.no-basis, wbni.3-2-c.foreign-designation]");

        var error = Assert.Single(LoadErrors());

        Assert.Equal("wbni.yaml", error.File);
        Assert.Equal("wbni.3-2.designated-csirt-constituency", error.RuleId);
        Assert.Equal("when", error.Field);
        Assert.Equal(LineOf("wbni.yaml", "    when:", after: "  - id: wbni.3-2.designated-csirt-constituency"), error.Line);
        Assert.Contains("recipient.domestic = false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CbwDesignatedCsirtWithoutDomestic_IsRefused()
    {
        Edit("cbw.yaml", "      recipient.kind: [designated-csirt, oktt]\n      recipient.domestic: true\n      recipient.designated: true\n      share.own-constituency: true\n    outcome: permitted\n    overrides: [cbw.no-basis]",
            "      recipient.kind: [designated-csirt, oktt]\n      recipient.designated: true\n      share.own-constituency: true\n    outcome: permitted\n    overrides: [cbw.no-basis, cbw.foreign-designation]");

        var error = Assert.Single(LoadErrors());

        Assert.Equal("cbw.yaml", error.File);
        Assert.Equal("cbw.designated-csirt-or-oktt-constituency", error.RuleId);
        Assert.Equal("when", error.Field);
    }

    [Fact]
    public void Load_OkttPermittedWhatever36084Says_IsRefused()
    {
        Edit("wbni.yaml", "      share.own-constituency: true\n      law.wbni-36084-in-force: true\n    outcome: permitted\n    overrides: [wbni.no-basis]",
            "      share.own-constituency: true\n    outcome: permitted\n    overrides: [wbni.no-basis, wbni.3-2-a.oktt-before-36084, wbni.20-2.oktt-confidential-before-36084]");

        var error = Assert.Single(LoadErrors());

        Assert.Equal("wbni.3-2-a.designated-oktt-constituency", error.RuleId);
        Assert.Contains("law.wbni-36084-in-force = false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Bill36084Configured_FoldsIntoTheHashAndDecides()
    {
        var unknown = RuleBookLoader.Load(_dir);
        var known = RuleBookLoader.Load(_dir, null, new DateOnly(2022, 12, 1));

        Assert.Null(unknown.Bill36084.EntryIntoForce);
        Assert.Null(unknown.Bill36084.InForceOn(new DateOnly(2024, 6, 10)));
        Assert.False(unknown.Bill36084.InForceOn(new DateOnly(2021, 6, 1)));
        Assert.True(known.Bill36084.InForceOn(new DateOnly(2022, 12, 1)));
        Assert.False(known.Bill36084.InForceOn(new DateOnly(2022, 11, 30)));
        Assert.NotEqual(unknown.Sha256, known.Sha256);
        Assert.Equal(known.Sha256, RuleBookLoader.Load(_dir, null, new DateOnly(2022, 12, 1)).Sha256);
    }

    [Fact]
    public void Load_Bill36084DateInRegimesYaml_IsUsed()
    {
        Edit("regimes.yaml", "wbni36084:\n  entryIntoForce: null", "wbni36084:\n  entryIntoForce: 2022-12-01");

        Assert.Equal(new DateOnly(2022, 12, 1), RuleBookLoader.Load(_dir).Bill36084.EntryIntoForce);
    }

    [Fact]
    public void Load_ConditionConfirmableByUnknownRole_IsRefused()
    {
        Edit("gdpr-transfers.yaml", "confirmableBy: legal-adviser", "confirmableBy: intern");

        var error = Assert.Single(LoadErrors());

        Assert.Equal("gdpr.46-49.transfer-ground", error.RuleId);
    }

    [Fact]
    public void Load_TransferGround_IsConfirmableOnlyByALegalAdviser()
    {
        var book = RuleBookLoader.Load(RepositoryPaths.Rules);
        var condition = book.Overlays.SelectMany(o => o.Rules).SelectMany(r => r.Conditions).First(c => c.Id == "gdpr-transfer-ground");

        Assert.Equal(ConditionConfirmer.LegalAdviser, condition.ConfirmableBy);
    }

    private List<RuleFileError> LoadErrors() => [.. Assert.Throws<RuleBookException>(() => RuleBookLoader.Load(_dir)).Errors];

    private void Edit(string file, string from, string to)
    {
        var path = Path.Combine(_dir, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    private void Append(string file, string text) =>
        File.AppendAllText(Path.Combine(_dir, file), "\n" + text + "\n");

    private int LineOf(string file, string text, string? after = null)
    {
        var lines = File.ReadAllLines(Path.Combine(_dir, file)).ToList();
        var start = after is null ? 0 : lines.FindIndex(l => l == after);
        return lines.FindIndex(start, l => l == text) + 1;
    }
}
