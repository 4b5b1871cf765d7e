using System.Collections.Immutable;
using System.Reflection;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using static Grondslag.Domain.Tests.Law.TestBooks;

namespace Grondslag.Domain.Tests.Disclosure;

public sealed class DisclosureGateTests
{
    private static readonly DateTimeOffset ReleaseInstant = new(2024, 6, 10, 10, 0, 0, TimeSpan.Zero);

    private static readonly RuleSet Regime = new("test", "Test regime", RuleSetRole.Regime, "t.yaml",
    [
        Rule("no-basis", Verdict.Prohibited, []),
        Rule("eu", Verdict.Permitted, [Is(FactCatalogue.RecipientKind, "national-csirt"), Is(FactCatalogue.RecipientEuMember, "true")], overrides: ["no-basis"]),
        Rule("cond", Verdict.Conditional, [Is(FactCatalogue.RecipientKind, "national-csirt"), Is(FactCatalogue.RecipientEuMember, "false"), Is(FactCatalogue.RecipientEeaMember, "true")],
            overrides: ["no-basis"], conditions: [new RequiredCondition("tlp-marking", "TLP", null)]),
    ]);

    private static readonly LegalEvaluator Evaluator = new(Book(Regime));

    private static ShareCandidate Candidate(string country, string preparedBy = "anna", string approvedBy = "bert", DateOnly? assessedOn = null)
    {
        var party = new Party("csirt-" + country.ToLowerInvariant(), "CSIRT " + country, RecipientKind.NationalCsirt, CountryCode.Parse(country));
        var assessment = Evaluator.Assess(Request(country: country, date: assessedOn ?? new DateOnly(2024, 6, 10)));
        return new ShareCandidate("case-1", "share-1", party,
            [new OutgoingIndicator(IpAddress.FromIPv4(0x01020304), party.Country, 64500, "Example AS")],
            OriginatorConditions.Default, "COATHANGER", assessment,
            new ReleaseDecision(preparedBy, approvedBy, "Inform the victims in " + country, ReleaseInstant.AddMinutes(-5), []));
    }

    [Fact]
    public void Release_PermittedWithFourEyes_ReleasesTheShare()
    {
        var outcome = DisclosureGate.Release(Candidate("FR"), ReleaseInstant);

        var released = Assert.IsType<GateOutcome.Released>(outcome).Share;
        Assert.Equal("csirt-fr", released.Recipient.Id);
        Assert.Equal(ReleaseInstant, released.ReleasedAt);
        Assert.Equal(Verdict.Permitted, released.Assessment.Verdict);
    }

    [Fact]
    public void Release_Prohibited_IsRefusedForEveryone()
    {
        var outcome = DisclosureGate.Release(Candidate("US"), ReleaseInstant);

        Assert.Contains("nobody can release it", Assert.IsType<GateOutcome.Refused>(outcome).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Release_ConditionalWithOpenConditions_IsRefusedNamingThem()
    {
        var outcome = DisclosureGate.Release(Candidate("NO"), ReleaseInstant);

        Assert.Contains("tlp-marking", Assert.IsType<GateOutcome.Refused>(outcome).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Release_SamePersonPreparedAndApproved_IsRefused()
    {
        var outcome = DisclosureGate.Release(Candidate("FR", preparedBy: "anna", approvedBy: "ANNA"), ReleaseInstant);

        Assert.Contains("Four eyes", Assert.IsType<GateOutcome.Refused>(outcome).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Release_AssessmentOfAnotherDay_IsRefused()
    {
        var outcome = DisclosureGate.Release(Candidate("FR", assessedOn: new DateOnly(2024, 6, 9)), ReleaseInstant);

        Assert.Contains("assess again", Assert.IsType<GateOutcome.Refused>(outcome).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Release_AssessmentOfAnotherRecipientKind_IsRefused()
    {
        var candidate = Candidate("FR");
        var other = candidate with { Recipient = new Party("z-cert", "Z-CERT", RecipientKind.DesignatedCsirt, CountryCode.Netherlands) };

        Assert.IsType<GateOutcome.Refused>(DisclosureGate.Release(other, ReleaseInstant));
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
        var evaluator = new LegalEvaluator(Book(new RuleSet("t", "T", RuleSetRole.Regime, "t.yaml", [Rule("no", Verdict.Prohibited, [])])));
        return new ShareCandidate("case-1", "share-1", party, [new OutgoingIndicator(IpAddress.FromIPv4(0x08080808), party.Country, 15169, "Google")],
            OriginatorConditions.Default, "COATHANGER", evaluator.Assess(Request(country: "US")),
            new ReleaseDecision(preparedBy, approvedBy, "sent in 2024", ReleasedAt, []));
    }

    [Fact]
    public void Withdraw_ShareWhoseBasisIsGone_CanBeRebuiltForRevocationOnly()
    {
        var withdrawal = Assert.IsType<WithdrawalOutcome.Rebuilt>(DisclosureGate.Withdraw(Prohibited(), ReleasedAt)).Withdrawal;

        Assert.Equal("share-1", withdrawal.ShareId);
        Assert.Equal(ReleasedAt, withdrawal.ReleasedAt);
        Assert.IsType<GateOutcome.Refused>(DisclosureGate.Release(Prohibited(), ReleasedAt));
    }

    [Fact]
    public void Withdraw_WithoutFourEyesApproval_IsRefused() =>
        Assert.IsType<WithdrawalOutcome.Refused>(DisclosureGate.Withdraw(Prohibited(approvedBy: "anna"), ReleasedAt));
}
