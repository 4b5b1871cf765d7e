using Grondslag.Domain.Law;
using static Grondslag.Domain.Tests.Law.TestBooks;

namespace Grondslag.Domain.Tests.Law;

public sealed class LegalEvaluatorTests
{
    private static readonly RuleSet Regime = new("test", TestBooks.Nl("Test regime"), RuleSetRole.Regime, "test.yaml",
    [
        Rule("no-basis", Verdict.Prohibited, [], alternatives: [AlternativeKind.AggregateOnly, AlternativeKind.AuthorisedParty]),
        Rule("eu", Verdict.Permitted, [Is(FactCatalogue.RecipientKind, "national-csirt"), Is(FactCatalogue.RecipientEuMember, "true"), Is(FactCatalogue.ShareOwnConstituency, "true")], overrides: ["no-basis"]),
        Rule("intel", Verdict.Permitted, [Is(FactCatalogue.RecipientKind, "intelligence-service"), Is(FactCatalogue.RecipientDomestic, "true")], overrides: ["no-basis"]),
        Rule("aggregate", Verdict.Permitted, [Is(FactCatalogue.AggregateOnly, "true")], overrides: ["no-basis"]),
    ]);

    private static readonly RuleSet Transfers = new("transfers", TestBooks.Nl("Transfer overlay"), RuleSetRole.Overlay, "t.yaml",
    [
        Rule("no-adequacy", Verdict.Conditional, [Is(FactCatalogue.PersonalDataNotExcluded, "true"), Is(FactCatalogue.RecipientEeaMember, "false"), Is(FactCatalogue.RecipientAdequacy, "false")],
            conditions: [new RequiredCondition("ground", TestBooks.Nl("a transfer ground"), null)]),
    ]);

    private static LegalEvaluator Evaluator(params RuleSet[] overlays) => new(Book(Regime, overlays));

    [Fact]
    public void Assess_EuCsirtOwnShare_IsPermittedWithCitedRule()
    {
        var a = Evaluator().Assess(Request());

        Assert.Equal(Verdict.Permitted, a.Verdict);
        Assert.Equal("eu", Assert.Single(a.DeterminingRules).Id);
        Assert.Equal("testhash", a.RuleSetSha256);
        Assert.Contains(a.Trace, t => t.RuleId == "no-basis" && t.Status == TraceStatus.SetAside);
        Assert.Contains("explanation of eu for Recipient in FR", a.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_DateMembershipEnded_UsesMembershipOnThatDay()
    {
        var evaluator = Evaluator();

        Assert.Equal(Verdict.Permitted, evaluator.Assess(Request(country: "GB", date: new DateOnly(2020, 1, 31))).Verdict);
        Assert.Equal(Verdict.Prohibited, evaluator.Assess(Request(country: "GB", date: new DateOnly(2020, 2, 1))).Verdict);
    }

    [Fact]
    public void Assess_Refusal_OffersOnlyAlternativesTheEngineHasChecked()
    {
        var a = Evaluator().Assess(Request(country: "US"));

        Assert.Equal(Verdict.Prohibited, a.Verdict);
        Assert.Equal([AlternativeKind.AggregateOnly, AlternativeKind.AuthorisedParty], a.Alternatives.Select(x => x.Kind));
        Assert.All(a.Alternatives, x => Assert.Equal(Verdict.Permitted, x.Verdict));
        Assert.Contains(a.UnmetPreconditions, u => u.RuleId == "eu" && u.Fact == FactCatalogue.RecipientEuMember && u.Actual == "false");
    }

    [Fact]
    public void Assess_UnknownFactThatDoesNotMatter_StillAnswers()
    {
        // Whether the share is the recipient's own does not matter for an intelligence service.
        var a = Evaluator().Assess(Request(kind: "intelligence-service", country: "NL", own: null));

        Assert.Equal(Verdict.Permitted, a.Verdict);
        Assert.Null(a.Failure);
    }

    [Fact]
    public void Assess_UnknownFactThatMatters_FailsClosedAndNamesIt()
    {
        var a = Evaluator().Assess(Request(own: null));

        Assert.Equal(Verdict.AdviceRequired, a.Verdict);
        Assert.Contains(FactCatalogue.ShareOwnConstituency, a.Failure, StringComparison.Ordinal);
        Assert.Contains("permitted", a.Failure, StringComparison.Ordinal);
        Assert.Contains("prohibited", a.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_NoRegimeOnDate_FailsClosed()
    {
        var a = Evaluator().Assess(Request(date: new DateOnly(2018, 11, 8)));

        Assert.Equal(Verdict.AdviceRequired, a.Verdict);
        Assert.Contains("2018-11-08", a.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_UnknownRegimeOverride_FailsClosed()
    {
        var a = Evaluator().Assess(Request() with { RegimeOverride = "nope" });

        Assert.Equal(Verdict.AdviceRequired, a.Verdict);
        Assert.Contains("'nope'", a.Failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spaceship", "FR")]
    [InlineData("national-csirt", "France")]
    public void Assess_UnrecognisedKindOrCountry_FailsClosed(string kind, string country)
    {
        var request = Request() with
        {
            Recipient = new RecipientProfile("X", null, null, [], [],
                kind == "spaceship" ? kind : null, country == "France" ? country : null),
        };

        var a = Evaluator().Assess(request);

        Assert.Equal(Verdict.AdviceRequired, a.Verdict);
        Assert.NotNull(a.Failure);
    }

    [Fact]
    public void Assess_AggregateMixedWithIdentifyingClasses_FailsClosed()
    {
        var a = Evaluator().Assess(Request(classes: [InformationClass.Aggregate, InformationClass.ProviderTraceable]));

        Assert.Equal(Verdict.AdviceRequired, a.Verdict);
        Assert.Contains("aggregate", a.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_ConflictThatSlippedPastTheLoader_FailsClosedInsteadOfChoosing()
    {
        var broken = new RuleSet("broken", TestBooks.Nl("Broken"), RuleSetRole.Regime, "b.yaml",
        [
            Rule("yes", Verdict.Permitted, [Is(FactCatalogue.RecipientKind, "national-csirt")]),
            Rule("no", Verdict.Prohibited, [Is(FactCatalogue.RecipientEuMember, "true")]),
        ]);

        var a = new LegalEvaluator(Book(broken)).Assess(Request());

        Assert.Equal(Verdict.AdviceRequired, a.Verdict);
        Assert.Contains("'yes'", a.Failure, StringComparison.Ordinal);
        Assert.Contains("'no'", a.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_GapInRegime_FailsClosed()
    {
        var gappy = new RuleSet("gappy", TestBooks.Nl("Gappy"), RuleSetRole.Regime, "g.yaml",
            [Rule("only-intel", Verdict.Permitted, [Is(FactCatalogue.RecipientKind, "intelligence-service")])]);

        var a = new LegalEvaluator(Book(gappy)).Assess(Request());

        Assert.Equal(Verdict.AdviceRequired, a.Verdict);
        Assert.Contains("gap", a.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_OverlayConditions_AreMetOnlyByConfirmation()
    {
        var evaluator = Evaluator(Transfers);
        var request = Request(kind: "intelligence-service", country: "NL") with
        {
            Recipient = new RecipientProfile("Service", Domain.Parties.RecipientKind.NationalCsirt, Domain.Parties.CountryCode.Parse("NO"), [], []),
        };
        var regimeOnly = new LegalEvaluator(Book(Regime)).Assess(request);
        Assert.Equal(Verdict.Prohibited, regimeOnly.Verdict);

        // An overlay can never lift a prohibition.
        Assert.Equal(Verdict.Prohibited, evaluator.Assess(request).Verdict);
    }

    [Fact]
    public void Assess_ConditionalOverlay_PermittedOnceConfirmed()
    {
        var permissive = new RuleSet("p", TestBooks.Nl("Permissive"), RuleSetRole.Regime, "p.yaml", [Rule("all", Verdict.Permitted, [])]);
        var evaluator = new LegalEvaluator(Book(permissive, Transfers));
        var request = Request(country: "US");

        var open = evaluator.Assess(request);
        var confirmed = evaluator.Assess(request with { ConfirmedConditions = ["ground"] });

        Assert.Equal(Verdict.Conditional, open.Verdict);
        Assert.False(Assert.Single(open.Conditions).Met);
        Assert.Equal(Verdict.Permitted, confirmed.Verdict);
        Assert.True(Assert.Single(confirmed.Conditions).Met);
    }

    [Fact]
    public void Assess_RuleOutsideItsValidity_DoesNotApply()
    {
        var dated = new RuleSet("dated", TestBooks.Nl("Dated"), RuleSetRole.Regime, "d.yaml",
        [
            Rule("before", Verdict.Prohibited, [], valid: new Domain.Time.DateInterval(null, new DateOnly(2022, 12, 31))),
            Rule("after", Verdict.Permitted, [], valid: new Domain.Time.DateInterval(new DateOnly(2023, 1, 1), null)),
        ]);
        var evaluator = new LegalEvaluator(Book(dated));

        Assert.Equal(Verdict.Prohibited, evaluator.Assess(Request(date: new DateOnly(2022, 12, 31))).Verdict);
        Assert.Equal(Verdict.Permitted, evaluator.Assess(Request(date: new DateOnly(2023, 1, 1))).Verdict);
    }
}
