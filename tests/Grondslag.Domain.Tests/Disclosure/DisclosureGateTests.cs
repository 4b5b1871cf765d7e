using System.Collections.Immutable;
using System.Reflection;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using static Grondslag.Domain.Tests.Law.TestBooks;

namespace Grondslag.Domain.Tests.Disclosure;

/// <summary>A clock stopped at one instant: the gate reads the release instant from it.</summary>
internal sealed class StoppedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

public sealed class DisclosureGateTests
{
    internal static readonly DateTimeOffset ReleaseInstant = new(2024, 6, 10, 10, 0, 0, TimeSpan.Zero);

    internal static readonly RuleSet Regime = new("test", Nl("Test regime"), RuleSetRole.Regime, "t.yaml",
    [
        Rule("no-basis", Verdict.Prohibited, []),
        Rule("eu", Verdict.Permitted, [Is(FactCatalogue.RecipientKind, "national-csirt"), Is(FactCatalogue.RecipientEuMember, "true")], overrides: ["no-basis"]),
        Rule("cond", Verdict.Conditional, [Is(FactCatalogue.RecipientKind, "national-csirt"), Is(FactCatalogue.RecipientEuMember, "false"), Is(FactCatalogue.RecipientEeaMember, "true")],
            overrides: ["no-basis"], conditions: [new RequiredCondition("tlp-marking", Nl("TLP"), null)]),
    ]);

    /// <summary>A second regime that permits everything: not in force, so only ever a what-if.</summary>
    private static readonly RuleSet Future = new("future", Nl("Future regime"), RuleSetRole.Regime, "f.yaml", [Rule("all", Verdict.Permitted, [])]);

    /// <summary>The activated book: the test regime in force since 2018-11-09; the future regime never.</summary>
    internal static readonly RuleBook InForce = new([Regime, Future], [], Calendar, Countries,
        new AuthorisedPartyRoute("AIVD / MIVD", RecipientKind.IntelligenceService, CountryCode.Netherlands, Cite, Nl("their law")), "activated-hash");

    private static readonly LegalEvaluator Evaluator = new(InForce);

    private static ImmutableArray<RegimePeriod> Calendar => [new RegimePeriod(Regime.Id, new DateOnly(2018, 11, 9), null, "test"), new RegimePeriod(Future.Id, null, Regime.Id, "no date yet")];

    internal static Party PartyOf(string country, string? id = null, RecipientKind kind = RecipientKind.NationalCsirt) =>
        new(id ?? "csirt-" + country.ToLowerInvariant(), "CSIRT " + country, kind, CountryCode.Parse(country))
        {
            Channels = [new Channel(ChannelKind.Email, $"csirt@{country.ToLowerInvariant()}.example", "ABCD")],
        };

    internal static Assessment AssessmentFor(Party party, DateOnly? on = null, string? regime = null, LegalEvaluator? evaluator = null) =>
        (evaluator ?? Evaluator).Assess(Request(country: party.Country.Value, date: on ?? new DateOnly(2024, 6, 10)) with
        {
            Recipient = new RecipientProfile(party.Name, party.Kind, party.Country, [], [], PartyId: party.Id),
            RegimeOverride = regime,
        });

    private static ShareCandidate Candidate(string country, string[]? preparedBy = null, string approvedBy = "bert", DateOnly? assessedOn = null)
    {
        var party = PartyOf(country);
        return With(party, AssessmentFor(party, assessedOn), preparedBy, approvedBy);
    }

    private static ShareCandidate With(Party party, Assessment assessment, string[]? preparedBy = null, string approvedBy = "bert") =>
        new("case-1", "share-1", party,
            [new OutgoingIndicator(IpAddress.FromIPv4(0x01020304), party.Country, 64500, "Example AS")],
            OriginatorConditions.Default, "COATHANGER", assessment, PartyFingerprint.Of(party),
            new ReleaseDecision([.. preparedBy ?? ["anna"]], approvedBy, "Inform the victims in " + party.Country, ReleaseInstant.AddMinutes(-5), []));

    private static GateOutcome Release(ShareCandidate candidate, DateTimeOffset? at = null) =>
        DisclosureGate.Release(candidate, InForce, new StoppedClock(at ?? ReleaseInstant));

    private static string Refusal(GateOutcome outcome) => Assert.IsType<GateOutcome.Refused>(outcome).Reason;

    [Fact]
    public void Release_PermittedWithFourEyes_ReleasesTheShareAtTheClocksInstant()
    {
        var released = Assert.IsType<GateOutcome.Released>(Release(Candidate("FR"))).Share;

        Assert.Equal("csirt-fr", released.Recipient.Id);
        Assert.Equal(ReleaseInstant, released.ReleasedAt);
        Assert.Equal(Verdict.Permitted, released.Assessment.Verdict);
    }

    [Fact]
    public void Release_Prohibited_IsRefusedForEveryone() =>
        Assert.Contains("nobody can release it", Refusal(Release(Candidate("US"))), StringComparison.Ordinal);

    [Fact]
    public void Release_ConditionalWithOpenConditions_IsRefusedNamingThem() =>
        Assert.Contains("tlp-marking", Refusal(Release(Candidate("NO"))), StringComparison.Ordinal);

    [Fact]
    public void Release_SamePersonPreparedAndApproved_IsRefused() =>
        Assert.Contains("Four eyes", Refusal(Release(Candidate("FR", preparedBy: ["anna"], approvedBy: " ANNA "))), StringComparison.Ordinal);

    [Fact]
    public void Release_ApproverCreatedTheCaseThoughAColleagueAssessed_IsRefused() =>
        Assert.Contains("Four eyes: carol", Refusal(Release(Candidate("FR", preparedBy: ["anna", "carol"], approvedBy: "carol"))), StringComparison.Ordinal);

    [Fact]
    public void Release_NoPreparersRecorded_IsRefused() =>
        Assert.IsType<GateOutcome.Refused>(Release(Candidate("FR", preparedBy: [])));

    [Fact]
    public void Release_AssessmentOfAnotherDay_IsRefused() =>
        Assert.Contains("assess again", Refusal(Release(Candidate("FR", assessedOn: new DateOnly(2024, 6, 9)))), StringComparison.Ordinal);

    [Fact]
    public void Release_AssessmentOfAnotherRecipientKind_IsRefused()
    {
        var candidate = Candidate("FR");
        var other = candidate with { Recipient = new Party("z-cert", "Z-CERT", RecipientKind.DesignatedCsirt, CountryCode.Netherlands) };

        Assert.Contains("not about Z-CERT", Refusal(Release(other with { AssessedPartyFingerprint = PartyFingerprint.Of(other.Recipient) })), StringComparison.Ordinal);
    }

    [Fact]
    public void Release_AssessmentOfAnotherPartyOfTheSameKind_IsRefused()
    {
        // The 2024 shape: CERT-FR's permitting assessment replayed for JPCERT/CC's share (both national CSIRTs).
        var certFr = PartyOf("FR", "cert-fr");
        var jpcert = PartyOf("JP", "jpcert-cc");
        var forged = With(certFr, AssessmentFor(certFr)) with { Recipient = jpcert, AssessedPartyFingerprint = PartyFingerprint.Of(jpcert) };

        var reason = Refusal(Release(forged));

        Assert.Contains("jpcert-cc", reason, StringComparison.Ordinal);
        Assert.Contains("cert-fr", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Release_AssessmentOfTheSamePartyIdInAnotherCountry_IsRefused()
    {
        var assessedInFrance = PartyOf("FR", "csirt-x");
        var nowInJapan = PartyOf("JP", "csirt-x");
        var candidate = With(assessedInFrance, AssessmentFor(assessedInFrance)) with { Recipient = nowInJapan, AssessedPartyFingerprint = PartyFingerprint.Of(nowInJapan) };

        Assert.Contains("not about", Refusal(Release(candidate)), StringComparison.Ordinal);
    }

    [Fact]
    public void Release_AssessmentWithoutARegistryParty_IsRefused()
    {
        var party = PartyOf("FR");
        var free = Evaluator.Assess(Request(country: "FR"));

        Assert.Contains("no registry party", Refusal(Release(With(party, free))), StringComparison.Ordinal);
    }

    [Fact]
    public void Release_WhatIfAssessment_IsRefusedEvenWhenPermitting()
    {
        var party = PartyOf("US");
        var whatIf = AssessmentFor(party, regime: Future.Id);
        Assert.Equal(Verdict.Permitted, whatIf.Verdict);
        Assert.True(whatIf.WhatIf);

        Assert.Contains("what-if", Refusal(Release(With(party, whatIf))), StringComparison.Ordinal);
    }

    [Fact]
    public void Release_AssessedUnderARuleSetVersionThatIsNotActivated_IsRefused()
    {
        var party = PartyOf("FR");
        var draft = new LegalEvaluator(new RuleBook(InForce.Regimes, InForce.Overlays, Calendar, Countries,
            InForce.AuthorisedParty, "draft-hash"));

        Assert.Contains("activated and in force", Refusal(Release(With(party, AssessmentFor(party, evaluator: draft)))), StringComparison.Ordinal);
    }

    [Fact]
    public void Release_UnderABookWhereAnotherRegimeIsInForce_IsRefused()
    {
        var party = PartyOf("FR");
        var candidate = With(party, AssessmentFor(party));
        var later = new RuleBook(InForce.Regimes, InForce.Overlays,
            [new RegimePeriod(Regime.Id, new DateOnly(2018, 11, 9), null, "test"), new RegimePeriod(Future.Id, new DateOnly(2024, 1, 2), Regime.Id, "future")],
            Countries, InForce.AuthorisedParty, "activated-hash");

        Assert.Contains("Future regime is in force", Refusal(DisclosureGate.Release(candidate, later, new StoppedClock(ReleaseInstant))), StringComparison.Ordinal);
    }

    [Fact]
    public void Release_PartyChangedInTheRegistryAfterApproval_IsRefused()
    {
        var candidate = Candidate("FR");
        var moved = candidate.Recipient with { Channels = [new Channel(ChannelKind.Email, "new-address@elsewhere.example", "ABCD")] };

        Assert.Contains("changed after", Refusal(Release(candidate with { Recipient = moved })), StringComparison.Ordinal);
    }

    [Fact]
    public void Release_WithoutTheNetherlandsZone_FailsClosed()
    {
        var outcome = DisclosureGate.Release(Candidate("FR"), InForce, new StoppedClock(ReleaseInstant), zone: null);

        Assert.Contains("no fallback to UTC", Refusal(outcome), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-06-09T22:00:00Z", true)]
    [InlineData("2024-06-09T21:59:59Z", false)]
    [InlineData("2024-06-10T21:59:59Z", true)]
    [InlineData("2024-06-10T22:00:00Z", false)]
    public void Release_AtTheEdgesOfTheAmsterdamDay_FollowsTheLegalDayNotUtc(string instant, bool released)
    {
        var at = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
        var candidate = Candidate("FR") with { Decision = Candidate("FR").Decision with { DecidedAt = at.AddMinutes(-1) } };

        Assert.Equal(released, Release(candidate, at) is GateOutcome.Released);
    }

    [Fact]
    public void Release_DecisionDatedAfterTheClock_IsRefused()
    {
        var candidate = Candidate("FR");

        Assert.Contains("future", Refusal(Release(candidate with { Decision = candidate.Decision with { DecidedAt = ReleaseInstant.AddSeconds(1) } })), StringComparison.Ordinal);
    }

    [Fact]
    public void Release_TakesNoInstantFromTheCaller_OnlyAClock()
    {
        var releases = typeof(DisclosureGate).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == nameof(DisclosureGate.Release)).ToList();

        Assert.NotEmpty(releases);
        Assert.All(releases, m => Assert.DoesNotContain(m.GetParameters(), p => p.ParameterType == typeof(DateTimeOffset) || p.ParameterType == typeof(DateTime)));
    }

    [Fact]
    public void ReleasedShare_HasNoPublicWayToBeMadeButTheGate()
    {
        Assert.Empty(typeof(ReleasedShare).GetConstructors(BindingFlags.Public | BindingFlags.Instance));
        var factories = typeof(ReleasedShare).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.ReturnType == typeof(ReleasedShare) && !m.IsSpecialName)
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToImmutableArray();
        Assert.Empty(factories);
        Assert.True(typeof(ReleasedShare).IsSealed);
    }
}

public sealed class DisclosureGateWithdrawalTests
{
    private static readonly DateTimeOffset ReleasedAt = new(2024, 6, 10, 10, 0, 0, TimeSpan.Zero);

    private static ShareCandidate Prohibited(string preparedBy = "anna", string approvedBy = "bert")
    {
        var party = new Party("csirt-us", "CSIRT US", RecipientKind.NationalCsirt, CountryCode.Parse("US"));
        var evaluator = new LegalEvaluator(Book(new RuleSet("t", Nl("T"), RuleSetRole.Regime, "t.yaml", [Rule("no", Verdict.Prohibited, [])])));
        return new ShareCandidate("case-1", "share-1", party, [new OutgoingIndicator(IpAddress.FromIPv4(0x08080808), party.Country, 15169, "Google")],
            OriginatorConditions.Default, "COATHANGER", evaluator.Assess(Request(country: "US")), PartyFingerprint.Of(party),
            new ReleaseDecision([preparedBy], approvedBy, "sent in 2024", ReleasedAt, []));
    }

    [Fact]
    public void Withdraw_ShareWhoseBasisIsGone_CanBeRebuiltForRevocationOnly()
    {
        var withdrawal = Assert.IsType<WithdrawalOutcome.Rebuilt>(DisclosureGate.Withdraw(Prohibited(), ReleasedAt)).Withdrawal;

        Assert.Equal("share-1", withdrawal.ShareId);
        Assert.Equal(ReleasedAt, withdrawal.ReleasedAt);
        Assert.IsType<GateOutcome.Refused>(DisclosureGate.Release(Prohibited(), DisclosureGateTests.InForce, new StoppedClock(ReleasedAt)));
    }

    [Fact]
    public void Withdraw_WithoutFourEyesApproval_IsRefused() =>
        Assert.IsType<WithdrawalOutcome.Refused>(DisclosureGate.Withdraw(Prohibited(approvedBy: "anna"), ReleasedAt));
}
