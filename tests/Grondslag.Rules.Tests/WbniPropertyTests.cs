using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Time;

namespace Grondslag.Rules.Tests;

/// <summary>Properties of the default rule book that must hold for every date and every combination of other facts.</summary>
public sealed class WbniPropertyTests
{
    private static readonly Lazy<LegalEvaluator> Evaluator = new(() => new LegalEvaluator(RuleBookLoader.Load(RepositoryPaths.Rules)));

    private static readonly string[] Countries =
        ["CA", "JP", "GB", "US", "NO", "CH", "AU", "NZ", "KR", "CN", "RU", "IS", "HR", "FR", "DE", "NL", "BG", "XK", "BR", "IN"];

    public static Arbitrary<AssessmentRequest> Requests() =>
        (from day in Gen.Choose(0, 365 * 80)
         from country in Gen.Elements(Countries)
         from extra in Gen.SubListOf(new[] { InformationClass.PersonalData, InformationClass.PersonalDataPossible })
         from tlp in Gen.Elements(TlpLevels.All.ToArray())
         from thirdParty in ArbMap.Default.GeneratorFor<bool>()
         from consent in ArbMap.Default.GeneratorFor<bool>()
         from own in Gen.Elements<bool?>(true, false, null)
         from cooperation in ArbMap.Default.GeneratorFor<bool>()
         from confirmed in Gen.SubListOf(new[] { "tlp-marking", "gdpr-transfer-ground", "cooperation-relationship", "originator-consent" })
         select new AssessmentRequest(
             [InformationClass.ProviderTraceable, InformationClass.Confidential, .. extra],
             new OriginatorConditions(tlp, PurposeRestriction.InformVictims, thirdParty, consent),
             new RecipientProfile("a national CSIRT", RecipientKind.NationalCsirt, CountryCode.Parse(country), [],
                 cooperation ? [DateInterval.Always] : []),
             own,
             new DateOnly(1990, 1, 1).AddDays(day),
             "wbni",
             [.. confirmed])).ToArbitrary();

    [Property(Arbitrary = [typeof(WbniPropertyTests)], MaxTest = 500)]
    public bool Assess_TraceableConfidentialToNonEuNationalCsirt_IsNeverPermittedUnderWbni(AssessmentRequest request)
    {
        var book = Evaluator.Value.Book;
        if (book.Countries.IsEuMember(request.Recipient.Country!.Value, request.Date))
        {
            return true;
        }

        var verdict = Evaluator.Value.Assess(request).Verdict;
        return verdict is not (Verdict.Permitted or Verdict.Conditional);
    }

    [Fact]
    public void Rules_NoWbniRuleCanPermitTraceableConfidentialDataToNonEuNationalCsirt()
    {
        // Static form of the same property: no permitting Wbni rule admits these facts at all.
        var book = RuleBookLoader.Load(RepositoryPaths.Rules);
        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [FactCatalogue.RecipientKind] = "national-csirt",
            [FactCatalogue.RecipientEuMember] = "false",
            [FactCatalogue.ProviderTraceable] = "true",
            [FactCatalogue.Confidential] = "true",
        };

        var permitting = book.Regime("wbni")!.Rules
            .Where(r => r.Outcome is Verdict.Permitted or Verdict.Conditional)
            .Where(r => r.When.All(c => !facts.TryGetValue(c.Fact, out var v) || c.IsSatisfiedBy(v)))
            .Where(r => r.When.All(c => c.Fact != FactCatalogue.AggregateOnly || c.IsSatisfiedBy("false")))
            .Select(r => r.Id)
            .ToList();

        Assert.Empty(permitting);
    }

    [Property(Arbitrary = [typeof(WbniPropertyTests)], MaxTest = 200)]
    public bool Assess_SameRequestTwice_GivesTheSameAnswer(AssessmentRequest request)
    {
        var a = Evaluator.Value.Assess(request);
        var b = Evaluator.Value.Assess(request);
        return a.Verdict == b.Verdict
            && a.Explanation == b.Explanation
            && a.RuleSetSha256 == b.RuleSetSha256
            && a.DeterminingRules.SequenceEqual(b.DeterminingRules);
    }
}
