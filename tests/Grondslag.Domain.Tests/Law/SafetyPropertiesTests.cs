using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Time;
using static Grondslag.Domain.Tests.Law.TestBooks;

namespace Grondslag.Domain.Tests.Law;

public sealed class SafetyPropertiesTests
{
    private static Rule Permit(string id, string? task, params FactConstraint[] when) =>
        new(id, TestBooks.Nl(id), [Cite], DateInterval.Always, [.. when], Verdict.Permitted, [], [], [], TestBooks.Nl("explanation"), false, task);

    private static RuleSet Wbni(params Rule[] rules) => new("wbni", TestBooks.Nl("Wbni"), RuleSetRole.Regime, "wbni.yaml", [.. rules]);

    [Fact]
    public void ProveCircle_DesignatedCsirtWithoutDomestic_IsAViolationWithAForeignExample()
    {
        var set = Wbni(Permit("designated", "wbni.3-2-c", Is(FactCatalogue.RecipientKind, "designated-csirt"), Is(FactCatalogue.RecipientDesignated, "true")));

        var violation = Assert.Single(SafetyProperties.ProveCircle(set).Violations);

        Assert.Equal("designated", violation.Rule.Id);
        Assert.Equal("when", violation.Field);
        Assert.True(violation.Example!.TryGet(FactCatalogue.RecipientDomestic, out var domestic) && domestic == "false");
    }

    [Fact]
    public void ProveCircle_DesignatedDomesticCsirt_Holds()
    {
        var set = Wbni(Permit("designated", "wbni.3-2-c", Is(FactCatalogue.RecipientKind, "designated-csirt"), Is(FactCatalogue.RecipientDesignated, "true"), Is(FactCatalogue.RecipientDomestic, "true")));

        var (violations, combinations) = SafetyProperties.ProveCircle(set);

        Assert.Empty(violations);
        Assert.True(combinations > 0);
    }

    [Fact]
    public void ProveCircle_PermissionSetAsideByARefusal_Holds()
    {
        var set = Wbni(
            Permit("csirt", "wbni.3-2-b", Is(FactCatalogue.RecipientKind, "national-csirt"), Is(FactCatalogue.RecipientDomestic, "false")),
            Rule("non-eu", Verdict.Prohibited, [Is(FactCatalogue.RecipientKind, "national-csirt"), Is(FactCatalogue.RecipientEuMember, "false")], overrides: ["csirt"]));

        Assert.Empty(SafetyProperties.ProveCircle(set).Violations);
    }

    [Fact]
    public void ProveCircle_OkttWithoutTheAmendment_IsAViolation()
    {
        var set = Wbni(Permit("oktt", "wbni.3-2-a", Is(FactCatalogue.RecipientKind, "oktt"), Is(FactCatalogue.RecipientDomestic, "true"), Is(FactCatalogue.RecipientDesignated, "true")));

        var violation = Assert.Single(SafetyProperties.ProveCircle(set).Violations);

        Assert.True(violation.Example!.TryGet(FactCatalogue.Wbni36084InForce, out var amended) && amended == "false");
    }

    [Fact]
    public void ProveCircle_AggregateOnlyPermission_IsOutsideTheRestriction()
    {
        var set = Wbni(Permit("aggregate", "wbni.3-2-b", Is(FactCatalogue.RecipientKind, "national-csirt"), Is(FactCatalogue.AggregateOnly, "true")));

        Assert.Empty(SafetyProperties.ProveCircle(set).Violations);
    }

    [Fact]
    public void TaskViolations_PermittedWithoutTaskOrWithAForeignTask_AreReported()
    {
        var set = Wbni(
            Permit("none", null, Is(FactCatalogue.RecipientKind, "vital-provider")),
            Permit("unknown", "wbni.9-9", Is(FactCatalogue.RecipientKind, "central-government")),
            Permit("cbw-task", "cbw.csirt-tasks", Is(FactCatalogue.RecipientKind, "intelligence-service")),
            Permit("fine", "wbni.3-1", Is(FactCatalogue.RecipientKind, "public")));

        var violations = SafetyProperties.TaskViolations(set).ToList();

        Assert.Equal(["none", "unknown", "cbw-task"], violations.Select(v => v.Rule.Id));
        Assert.All(violations, v => Assert.Equal("task", v.Field));
    }

    public static Arbitrary<FactValues> ForeignFacts() =>
        (from kind in Gen.Elements(RecipientKinds.All.ToArray())
         from designated in Gen.Elements("true", "false")
         from own in Gen.Elements("true", "false")
         from amended in Gen.Elements("true", "false")
         from entity in Gen.Elements("true", "false")
         select new FactValues(ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal))
             .With(FactCatalogue.RecipientKind, kind.ToWire())
             .With(FactCatalogue.RecipientDomestic, "false")
             .With(FactCatalogue.RecipientEuMember, "false")
             .With(FactCatalogue.RecipientDesignated, designated)
             .With(FactCatalogue.ShareOwnConstituency, own)
             .With(FactCatalogue.Wbni36084InForce, amended)
             .With(FactCatalogue.RecipientEntity, entity)).ToArbitrary();

    [Property(Arbitrary = [typeof(SafetyPropertiesTests)])]
    public bool InCircle_AnyKindOutsideTheEu_IsOutsideUnderTheWbni(FactValues facts) =>
        !SafetyProperties.InCircle("wbni", facts, Verdict.Permitted) && !SafetyProperties.InCircle("wbni", facts, Verdict.Conditional);

    [Property(Arbitrary = [typeof(SafetyPropertiesTests)])]
    public bool InCircle_UnderTheCbw_OutsideTheEuOnlyANationalCsirtOnConditions(FactValues facts) =>
        !SafetyProperties.InCircle("cbw", facts, Verdict.Permitted)
        && SafetyProperties.InCircle("cbw", facts, Verdict.Conditional) == (facts.TryGet(FactCatalogue.RecipientKind, out var k) && k == "national-csirt");

    [Property(Arbitrary = [typeof(SafetyPropertiesTests)])]
    public bool InCircle_AnUnknownRegime_IsHeldToTheWbniCircle(FactValues facts) =>
        SafetyProperties.InCircle("some-regime", facts.With(FactCatalogue.RecipientDomestic, "true"), Verdict.Conditional)
        == SafetyProperties.InCircle("wbni", facts.With(FactCatalogue.RecipientDomestic, "true"), Verdict.Conditional);

    [Property]
    public bool AmendmentPeriod_Configured_IsKnownOnEveryDay(int offset)
    {
        var start = new DateOnly(2022, 12, 1);
        var day = start.AddDays(offset % 5000);
        return new AmendmentPeriod("wbni-36084", start, new DateOnly(2022, 1, 28), "test").InForceOn(day) == (day >= start);
    }

    [Property]
    public bool AmendmentPeriod_Unknown_IsUnknownFromNotBeforeAndFalseBefore(int offset)
    {
        var notBefore = new DateOnly(2022, 1, 28);
        var day = notBefore.AddDays(offset % 5000);
        var known = new AmendmentPeriod("wbni-36084", null, notBefore, "test").InForceOn(day);
        return day < notBefore ? known == false : known is null;
    }

    [Fact]
    public void Assess_DecidingAmendmentUnknown_FailsClosedNamingTheSetting()
    {
        var set = Wbni(
            Rule("no-basis", Verdict.Prohibited, []),
            new Rule("provider", TestBooks.Nl("provider"), [Cite], DateInterval.Always,
                [Is(FactCatalogue.RecipientKind, "provider"), Is(FactCatalogue.RecipientDomestic, "true"), Is(FactCatalogue.Wbni36084InForce, "true")],
                Verdict.Conditional, [new RequiredCondition("continuity-significant", TestBooks.Nl("significant"), null)], ["no-basis"], [], TestBooks.Nl("explanation"), false, "wbni.3-2-e"));
        var evaluator = new LegalEvaluator(Book(set) with { Bill36084 = new AmendmentPeriod("wbni-36084", null, new DateOnly(2022, 1, 28), "test") });

        var a = evaluator.Assess(Request("provider", "NL"));

        Assert.Equal(Verdict.AdviceRequired, a.Verdict);
        Assert.Contains("Bill 36 084", a.Failure, StringComparison.Ordinal);
        Assert.Contains("GRONDSLAG_WBNI_36084_ENTRY_INTO_FORCE", a.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_Prohibited_LabelsDeterminingProvisionAndNamesTaskRestrictionOriginator()
    {
        var set = Wbni(Rule("no-basis", Verdict.Prohibited, []));
        var a = new LegalEvaluator(Book(set)).Assess(Request("national-csirt", "US"));

        Assert.Equal(Verdict.Prohibited, a.Verdict);
        Assert.Equal(CitationLabels.DeterminingProvision, a.BasisLabel);
        Assert.Contains("determining provision:", a.Explanation, StringComparison.Ordinal);
        Assert.StartsWith("Task: none", a.Task, StringComparison.Ordinal);
        Assert.Contains("outside that circle", a.Restriction, StringComparison.Ordinal);
        Assert.StartsWith("Originator: TLP:AMBER", a.OriginatorSummary, StringComparison.Ordinal);
    }
}
