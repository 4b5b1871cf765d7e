using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Time;

namespace Grondslag.Rules.Tests;

/// <summary>Every text a person reads from the rule files exists in English and Dutch; the loader refuses a rule without both.</summary>
public sealed class BilingualRulesTests : IDisposable
{
    private static readonly Lazy<LegalEvaluator> Evaluator = new(() => new LegalEvaluator(RuleBookLoader.Load(RepositoryPaths.Rules)));

    private readonly string _dir = Testing.RepositoryRoot.CopyOfRules();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_ShippedRules_EveryTextHasEnglishAndDutch()
    {
        var book = Evaluator.Value.Book;
        var sets = book.Regimes.Concat(book.Overlays).ToList();

        Assert.All(sets, s => Assert.False(string.IsNullOrWhiteSpace(s.TitleText.Nl)));
        Assert.All(sets.SelectMany(s => s.Rules), r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.TitleText.Nl), r.Id);
            Assert.NotEqual(r.TitleText.En, r.TitleText.Nl);
            Assert.NotEqual(r.ExplanationText.En, r.ExplanationText.Nl);
            Assert.All(r.Conditions, c => Assert.NotEqual(c.Description.En, c.Description.Nl));
        });
        Assert.NotEqual(book.AuthorisedParty.Description.En, book.AuthorisedParty.Description.Nl);
    }

    [Fact]
    public void Load_ShippedRules_DutchUsesTheSamePlaceholders()
    {
        string[] placeholders = ["{recipient}", "{kind}", "{country}", "{date}", "{regime}"];
        var rules = Evaluator.Value.Book.Regimes.Concat(Evaluator.Value.Book.Overlays).SelectMany(s => s.Rules);

        Assert.All(rules, r => Assert.Equal(
            placeholders.Where(p => r.ExplanationText.En.Contains(p, StringComparison.Ordinal)),
            placeholders.Where(p => r.ExplanationText.Nl.Contains(p, StringComparison.Ordinal))));
    }

    [Fact]
    public void Load_RuleTitleWithoutDutch_IsRefusedWithFileLineRuleAndField()
    {
        Edit("wbni.yaml", "      nl: \"Nationaal CSIRT van een land buiten de EU\"\n", "");

        var error = Assert.Single(LoadErrors());

        Assert.Equal("wbni.yaml", error.File);
        Assert.Equal("wbni.20-2.non-eu-national-csirt", error.RuleId);
        Assert.Equal("title.nl", error.Field);
        Assert.NotNull(error.Line);
        Assert.Contains("Dutch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExplanationInEnglishOnly_IsRefusedAndSaysHowToWriteBoth()
    {
        Edit("originator.yaml",
            "    explanation:\n      en: The originator marked this TLP:RED; it may go to {recipient} only with the originator's consent.\n      nl: >-\n        De bron heeft deze informatie gemarkeerd als TLP:RED; zij mag uitsluitend met toestemming van de bron\n        aan {recipient} worden verstrekt.\n",
            "    explanation: The originator marked this TLP:RED; it may go to {recipient} only with the originator's consent.\n");

        var error = Assert.Single(LoadErrors());

        Assert.Equal("originator.yaml", error.File);
        Assert.Equal("originator.tlp-red", error.RuleId);
        Assert.Equal("explanation", error.Field);
        Assert.NotNull(error.Line);
        Assert.Contains("English and Dutch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ConditionWithoutDutch_IsRefused()
    {
        Edit("cbw.yaml", "          nl: >-\n            de informatie wordt verstrekt met het TLP-label van de bron", "          xx: >-\n            de informatie wordt verstrekt met het TLP-label van de bron");

        var errors = LoadErrors();

        Assert.Contains(errors, e => e.File == "cbw.yaml" && e.RuleId == "cbw.10-7.third-country-national-csirt" && e.Field.StartsWith("conditions.1.description", StringComparison.Ordinal) && e.Line is not null);
    }

    [Fact]
    public void Load_AuthorisedPartyDescriptionWithoutDutch_IsRefused()
    {
        var regimes = File.ReadAllText(Path.Combine(_dir, "regimes.yaml"));
        var start = regimes.IndexOf("    nl: >-\n      Zij beslissen", StringComparison.Ordinal);
        var end = regimes.IndexOf("  onwardBasis:", start, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_dir, "regimes.yaml"), regimes.Remove(start, end - start));

        var error = Assert.Single(LoadErrors());

        Assert.Equal("regimes.yaml", error.File);
        Assert.Contains("Dutch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunAll_ShippedScenarios_DutchExplanationNamesTheSameRulesAndCitations()
    {
        var results = Scenarios.RunAll(Evaluator.Value, RepositoryPaths.Rules);

        Assert.NotEmpty(results);
        Assert.All(results, r =>
        {
            var text = r.Assessment.ExplanationText;
            Assert.True(ExplanationReferences.Agree(text), $"{r.Scenario.Name}:\n{text.En}\n{text.Nl}");
            Assert.NotEqual(text.En, text.Nl);
            Assert.Equal(r.Assessment.Alternatives.Length, r.Assessment.Alternatives.Count(a => a.DescriptionNl is not null));
            Assert.All(r.Assessment.DeterminingRules, d => Assert.NotNull(d.TitleNl));
        });
    }

    public static Arbitrary<AssessmentRequest> Requests() =>
        (from day in Gen.Choose(0, 365 * 12)
         from kind in Gen.Elements(RecipientKinds.All.ToArray())
         from country in Gen.Elements("NL", "DE", "FR", "GB", "US", "CA", "JP", "CH", "RU", "XK")
         from classes in Gen.Elements<InformationClass[]>(
             [InformationClass.Aggregate],
             [InformationClass.ProviderTraceable, InformationClass.Confidential],
             [InformationClass.ProviderTraceable, InformationClass.Confidential, InformationClass.PersonalData],
             [InformationClass.PersonalDataPossible])
         from tlp in Gen.Elements(TlpLevels.All.ToArray())
         from purpose in Gen.Elements(PurposeRestriction.None, PurposeRestriction.InformVictims)
         from thirdParty in ArbMap.Default.GeneratorFor<bool>()
         from own in Gen.Elements<bool?>(true, false, null)
         from designated in ArbMap.Default.GeneratorFor<bool>()
         from regime in Gen.Elements<string?>(null, "wbni", "cbw")
         select new AssessmentRequest(
             [.. classes],
             new OriginatorConditions(tlp, purpose, thirdParty, false),
             new RecipientProfile("Recipient", kind, CountryCode.Parse(country), designated ? [DateInterval.Always] : [], []),
             own,
             new DateOnly(2016, 1, 1).AddDays(day),
             regime)).ToArbitrary();

    [Property(Arbitrary = [typeof(BilingualRulesTests)], MaxTest = 300)]
    public bool Assess_AnyRequest_DutchExplanationNamesTheSameRulesAndCitationsAsTheEnglish(AssessmentRequest request)
    {
        var a = Evaluator.Value.Assess(request);
        return ExplanationReferences.Agree(a.ExplanationText)
            && (a.Failure is not null || ExplanationReferences.Of(a.ExplanationText.Nl).Length > 0)
            && a.ExplanationText.En != a.ExplanationText.Nl
            && (a.TaskText is null || a.TaskText.Nl.StartsWith("Taak: ", StringComparison.Ordinal))
            && (a.FailureText is null) == (a.Failure is null);
    }

    private List<RuleFileError> LoadErrors() => [.. Assert.Throws<RuleBookException>(() => RuleBookLoader.Load(_dir)).Errors];

    private void Edit(string file, string from, string to)
    {
        var path = Path.Combine(_dir, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }
}
