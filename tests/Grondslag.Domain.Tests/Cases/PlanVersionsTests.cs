using FsCheck;
using FsCheck.Xunit;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;

namespace Grondslag.Domain.Tests.Cases;

/// <summary>The carry-over rule of plan versions: a decision survives a re-assessment only when nothing it rested on changed.</summary>
public sealed class PlanVersionsTests
{
    private static readonly DateTimeOffset Then = new(2024, 6, 10, 10, 0, 0, TimeSpan.Zero);
    private static readonly Verdict[] Verdicts = [Verdict.Permitted, Verdict.Conditional, Verdict.AdviceRequired, Verdict.Prohibited];
    private static readonly string[][] Bases = [["Wbni art. 20(1)"], ["Wbni art. 20(2)"], ["Wbni art. 20(2)", "GDPR art. 46"], []];
    private static readonly ShareState[] States = Enum.GetValues<ShareState>();

    private static ShareVerdict VerdictOf(int v, int b) => new(Verdicts[v % Verdicts.Length], [.. Bases[b % Bases.Length]], [], "sha", new DateOnly(2024, 6, 10), false, "party-fingerprint");

    private static ShareFile Before(ShareState state, ShareVerdict verdict, string? decidedBy)
    {
        var decision = decidedBy is null ? null
            : new ShareDecision("decision-1", state == ShareState.Refused ? DecisionOutcome.Refused : DecisionOutcome.Approved, "m", "alice", decidedBy, Role.DutyOfficer, Then);
        return new ShareFile("share-1", "case-1", "plan-1", "cert-fr", "CERT-FR", 10, state, verdict, "alice", true,
            [new AdviceItem("advice-1", AdviserKind.Legal, "q", "alice", Then, "a", "lara", Then), new AdviceItem("advice-2", AdviserKind.Nctv, "q", "alice", Then, null, null, null)],
            [new Confirmation("gdpr-transfer-ground", "SCC 2021/914", "alice", Then)], decision, 3);
    }

    private static ShareFile Fresh(ShareVerdict verdict) =>
        new("share-2", "case-1", "plan-2", "cert-fr", "CERT-FR", 10, ShareState.Assessed, verdict, "carol", false, [], [], null, 0) { PreviousShareId = "share-1" };

    [Property(MaxTest = 500)]
    public bool Compare_CarriesOverExactlyWhenRecipientAddressesVerdictAndBasisAreUnchanged(
        byte stateSeed, byte v1, byte b1, byte v2, byte b2, bool samePartyEntry, bool sameAddresses, bool decided, bool approverReassesses)
    {
        var state = States[stateSeed % States.Length];
        var decidedBy = decided || state is ShareState.Approved or ShareState.Refused or ShareState.Released ? "bob" : null;
        var before = Before(state, VerdictOf(v1, b1), decidedBy);
        var beforePrint = new ShareFingerprint("cert-fr", "party-a", "addresses-a", before.Assessment);
        var after = new ShareFingerprint("cert-fr", samePartyEntry ? "party-a" : "party-b", sameAddresses ? "addresses-a" : "addresses-b", VerdictOf(v2, b2));
        var reassessor = approverReassesses ? "bob" : "carol";

        var carry = PlanVersions.Compare(before, beforePrint, after, reassessor);

        var unchanged = samePartyEntry && sameAddresses && before.Assessment.Verdict == after.Verdict.Verdict
            && before.Assessment.Basis.SequenceEqual(after.Verdict.Basis);
        var ownApproval = before.Decision is { Outcome: DecisionOutcome.Approved } && approverReassesses;
        var expected = (state, unchanged) switch
        {
            (ShareState.Released, true) => CarryOverKind.StaysReleased,
            (_, false) => CarryOverKind.Void,
            _ when ownApproval => CarryOverKind.Void,
            _ => CarryOverKind.Carried,
        };
        return carry.Kind == expected && carry.SameFacts == unchanged && carry.Reason.Length > 0;
    }

    [Property(MaxTest = 300)]
    public bool Successor_CarriedKeepsTheDecisionAndItsApprover_VoidKeepsNoDecisionAndOnlyPendingAdvice(byte stateSeed, bool changed)
    {
        var state = States[stateSeed % States.Length];
        var verdict = VerdictOf(0, 1);
        var before = Before(state, verdict, state is ShareState.Approved or ShareState.Refused or ShareState.Released ? "bob" : null);
        var beforePrint = new ShareFingerprint("cert-fr", "p", "a", verdict);
        var after = beforePrint with { AddressesSha256 = changed ? "other" : "a" };
        var carry = PlanVersions.Compare(before, beforePrint, after, "carol");
        var ids = 0;

        var successor = PlanVersions.Successor(before, Fresh(verdict), carry, prefix => $"{prefix}-new-{++ids}");

        return carry.Kind switch
        {
            CarryOverKind.StaysReleased => successor is null,
            CarryOverKind.Carried => successor is { } s && s.State == before.State && s.PreparedBy == "alice" && s.Decision?.DecidedBy == before.Decision?.DecidedBy
                && (s.Decision is null || s.Decision.Id != before.Decision!.Id) && s.Confirmations.SequenceEqual(before.Confirmations)
                && s.Advice.Length == before.Advice.Length && s.Advice.All(a => !before.Advice.Any(b => b.Id == a.Id)) && s.Id == "share-2",
            CarryOverKind.Void => successor is { } s && s.Decision is null && s.PreparedBy == "carol" && s.Confirmations.IsEmpty
                && s.Advice.All(a => a.Pending) && s.Advice.Length == before.Advice.Count(a => a.Pending)
                && s.State == ShareState.AdviceRequested && s.ExceptionalRisk,
            CarryOverKind.New => false,
        };
    }

    [Fact]
    public void Compare_NoEarlierShare_New()
    {
        var print = new ShareFingerprint("cert-fr", "p", "a", VerdictOf(0, 0));
        Assert.Equal(CarryOverKind.New, PlanVersions.Compare(null, print, print, "carol").Kind);
    }

    [Fact]
    public void Compare_UnknownEarlierFingerprint_VoidFailsClosed()
    {
        var before = Before(ShareState.Approved, VerdictOf(0, 0), "bob");
        var after = new ShareFingerprint("cert-fr", "p", "a", before.Assessment);

        var carry = PlanVersions.Compare(before, after with { PartySha256 = "", AddressesSha256 = "" }, after, "carol");

        Assert.Equal(CarryOverKind.Void, carry.Kind);
        Assert.Contains("approved by bob is void", carry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_VerdictChanged_ReasonNamesBoth()
    {
        var before = Before(ShareState.Approved, VerdictOf(0, 1), "bob");
        var print = new ShareFingerprint("cert-fr", "p", "a", before.Assessment);

        var carry = PlanVersions.Compare(before, print, print with { Verdict = VerdictOf(3, 1) }, "carol");

        Assert.Equal(CarryOverKind.Void, carry.Kind);
        Assert.Contains("verdict permitted → prohibited", carry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Superseded_EveryWorkflowStepRefused()
    {
        var share = Before(ShareState.Assessed, VerdictOf(1, 2), null) with { SupersededBy = "plan-2", Confirmations = [], Advice = [] };
        var officer = new Actor("bob", Role.DutyOfficer);
        var origin = new ShareOrigin("alice", "alice", "carol");

        Assert.Contains("superseded", ShareWorkflow.Decide(share, origin, officer, "d", DecisionOutcome.Refused, "m", Then).Refusal!.Reason, StringComparison.Ordinal);
        Assert.NotNull(ShareWorkflow.RequestAdvice(share, officer, "a", AdviserKind.Legal, "q", false, Then).Refusal);
        Assert.NotNull(ShareWorkflow.ConfirmCondition(share, officer, "gdpr-transfer-ground", "r", Then).Refusal);
        Assert.NotNull(ShareWorkflow.ReadyForRelease(share with { State = ShareState.Approved }, origin).Refusal);
        Assert.Equal("", ShareWorkflow.WaitingFor(share));
    }
}
