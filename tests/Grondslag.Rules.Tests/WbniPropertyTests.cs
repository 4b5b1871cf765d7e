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

    /// <summary>A request to any recipient kind, with the configured 36 084 and Cbw dates it is assessed under.</summary>
    public sealed record Configured(AssessmentRequest Request, DateOnly? Bill36084, DateOnly? Cbw)
    {
        public override string ToString() =>
            $"{Request.Recipient.Kind?.ToWire()} {Request.Recipient.Country} designated={!Request.Recipient.Designations.IsEmpty} own={Request.OwnConstituency} " +
            $"on {Request.Date:yyyy-MM-dd} regime={Request.RegimeOverride ?? "in-force"} 36084={Bill36084:yyyy-MM-dd} cbw={Cbw:yyyy-MM-dd}";
    }

    public static Arbitrary<Configured> AnyRecipient() =>
        (from day in Gen.Choose(0, 365 * 40)
         from kind in Gen.Elements(RecipientKinds.All.ToArray())
         from country in Gen.Elements(Countries)
         from designated in ArbMap.Default.GeneratorFor<bool>()
         from cooperation in ArbMap.Default.GeneratorFor<bool>()
         from entity in ArbMap.Default.GeneratorFor<bool>()
         from dpf in ArbMap.Default.GeneratorFor<bool>()
         from legal in Gen.Elements<DataProtectionRegime?>([null, .. DataProtectionRegimes.All])
         from extra in Gen.SubListOf(new[] { InformationClass.PersonalData, InformationClass.PersonalDataPossible })
         from tlp in Gen.Elements(TlpLevels.All.ToArray())
         from purpose in Gen.Elements(PurposeRestriction.None, PurposeRestriction.InformVictims)
         from consent in ArbMap.Default.GeneratorFor<bool>()
         from own in Gen.Elements<bool?>(true, false, null)
         from regime in Gen.Elements<string?>(null, "wbni", "cbw")
         from bill in Gen.Elements<DateOnly?>(null, new DateOnly(2022, 12, 1), new DateOnly(2019, 1, 1), new DateOnly(2030, 1, 1))
         from cbw in Gen.Elements<DateOnly?>(null, new DateOnly(2026, 10, 1), new DateOnly(2021, 1, 1))
         from confirmed in Gen.SubListOf(new[] { "tlp-marking", "gdpr-transfer-ground", "cooperation-relationship", "originator-consent", "continuity-significant", "no-intermediary" })
         select new Configured(
             new AssessmentRequest(
                 [InformationClass.ProviderTraceable, InformationClass.Confidential, .. extra],
                 new OriginatorConditions(tlp, purpose, false, consent),
                 new RecipientProfile("a recipient", kind, CountryCode.Parse(country), designated ? [DateInterval.Always] : [],
                     cooperation ? [DateInterval.Always] : [], null, null, legal, dpf, entity),
                 own,
                 new DateOnly(2010, 1, 1).AddDays(day),
                 regime,
                 [.. confirmed]),
             bill,
             cbw)).ToArbitrary();

    private static LegalEvaluator EvaluatorFor(Configured c)
    {
        var book = Evaluator.Value.Book;
        book = c.Bill36084 is { } bill ? book.WithBill36084(bill, "property test") : book;
        book = c.Cbw is { } cbw ? book.WithEntryIntoForce("cbw", cbw, "property test") : book;
        return new LegalEvaluator(book);
    }

    [Property(Arbitrary = [typeof(WbniPropertyTests)], MaxTest = 1500)]
    public bool Assess_ConfidentialTraceableToAnyKindOutsideTheCircle_IsNeverPermittedOrConditional(Configured c)
    {
        var a = EvaluatorFor(c).Assess(c.Request);
        if (a.Verdict is not (Verdict.Permitted or Verdict.Conditional))
        {
            return true;
        }

        // Inside the circle, judged on the regime's own determining rules and the derived facts.
        return a.DeterminingRules.Where(r => r.RuleSetId == a.RegimeId).All(r => SafetyProperties.InCircle(a.RegimeId, a.Facts, r.Outcome))
            && a.DeterminingRules.Any(r => r.RuleSetId == a.RegimeId);
    }

    [Property(Arbitrary = [typeof(WbniPropertyTests)], MaxTest = 1500)]
    public bool Assess_UnderTheWbni_OnlyEuCsirtsAbroadAndDutchPartiesEverGetTheList(Configured c)
    {
        // Independent of SafetyProperties: under the Wbni the list goes abroad only to EU national CSIRTs.
        var a = EvaluatorFor(c).Assess(c.Request);
        if (a.RegimeId != "wbni" || a.Verdict is not (Verdict.Permitted or Verdict.Conditional))
        {
            return true;
        }

        var recipient = c.Request.Recipient;
        var domestic = recipient.Country == CountryCode.Netherlands;
        var euCsirt = recipient.Kind == RecipientKind.NationalCsirt && !domestic && Evaluator.Value.Book.Countries.IsEuMember(recipient.Country!.Value, c.Request.Date);
        var neverAnyone = recipient.Kind is RecipientKind.Public or RecipientKind.LawEnforcement or RecipientKind.InternetAccessProvider;
        return (euCsirt || (domestic && recipient.Kind != RecipientKind.NationalCsirt)) && !neverAnyone;
    }

    [Property(Arbitrary = [typeof(WbniPropertyTests)], MaxTest = 500)]
    public bool Assess_Bill36084Unknown_NeverPermitsAnOkttOrAProviderDirectly(Configured c)
    {
        var request = c.Request;
        if (request.Recipient.Kind is not (RecipientKind.Oktt or RecipientKind.Provider) || request.Date < new DateOnly(2022, 1, 28))
        {
            return true;
        }

        var a = new LegalEvaluator(Evaluator.Value.Book).Assess(request with { RegimeOverride = "wbni" });
        return a.Verdict is Verdict.AdviceRequired or Verdict.Prohibited;
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
