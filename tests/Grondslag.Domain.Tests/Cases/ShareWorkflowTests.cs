using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;

namespace Grondslag.Domain.Tests.Cases;

public sealed class ShareWorkflowTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 10, 10, 0, 0, TimeSpan.Zero);
    private static readonly Actor Preparer = new("alice", Role.Analyst);
    private static readonly Actor Officer = new("bob", Role.DutyOfficer);
    private static readonly Actor PreparerAsOfficer = new("alice", Role.DutyOfficer);

    /// <summary>Alice created the case, imported the list and assessed it.</summary>
    internal static readonly ShareOrigin Origin = new("alice", "alice", "alice");

    internal static ShareFile Share(Verdict verdict, params ConditionStatus[] conditions) => new(
        "share-1", "case-1", "plan-1", "cisa", "CISA", 10, ShareState.Assessed,
        new ShareVerdict(verdict, verdict == Verdict.Prohibited ? ["Wbni art. 20(2)"] : ["Wbni art. 20(2)"], [.. conditions], "sha", new DateOnly(2024, 6, 10), false, "party-fingerprint"),
        "alice", false, [], [], null, 0);

    [Fact]
    public void Decide_ApprovalByPreparer_RefusedFourEyes()
    {
        var outcome = ShareWorkflow.Decide(Share(Verdict.Permitted), Origin, PreparerAsOfficer, "d", DecisionOutcome.Approved, "ok", Now);
        Assert.Equal(RefusalKind.NotAllowed, outcome.Refusal!.Kind);
        Assert.Contains("Four eyes", outcome.Refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ApprovalBySecondPerson_Approved()
    {
        var outcome = ShareWorkflow.Decide(Share(Verdict.Permitted), Origin, Officer, "d", DecisionOutcome.Approved, "EU CSIRT", Now);
        Assert.True(outcome.IsOk);
        Assert.Equal(ShareState.Approved, outcome.Value!.State);
        Assert.Equal("alice", outcome.Value.Decision!.PreparedBy);
        Assert.Equal("bob", outcome.Value.Decision.DecidedBy);
    }

    [Theory]
    [InlineData(Role.DutyOfficer)]
    [InlineData(Role.DecisionMaker)]
    [InlineData(Role.Administrator)]
    [InlineData(Role.LegalAdviser)]
    public void Decide_ProhibitedShare_NeverApprovable_ByAnyone(Role role)
    {
        var share = Share(Verdict.Prohibited);
        var outcome = ShareWorkflow.Decide(share, Origin, new Actor("someone-else", role), "d", DecisionOutcome.Approved, "urgent", Now);
        Assert.Equal(RefusalKind.Prohibited, outcome.Refusal!.Kind);
        Assert.Contains("Wbni art. 20(2)", outcome.Refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ProhibitedShare_AfterAdviceAndRefusal_StillNeverReleasable_ButAdviceCanBeAsked()
    {
        var share = Share(Verdict.Prohibited);
        var asked = ShareWorkflow.RequestAdvice(share, Preparer, "a1", AdviserKind.Legal, "alternatives?", exceptionalRisk: true, Now);
        Assert.True(asked.IsOk);
        var answered = ShareWorkflow.GiveAdvice(asked.Value!, new Actor("lara", Role.LegalAdviser), "a1", "Ask the MIVD.", Now);
        Assert.True(answered.IsOk);
        Assert.Equal(RefusalKind.Prohibited, ShareWorkflow.Decide(answered.Value!, Origin, Officer, "d", DecisionOutcome.Approved, "m", Now).Refusal!.Kind);
        Assert.Equal(RefusalKind.Prohibited, ShareWorkflow.ReadyForRelease(answered.Value! with { State = ShareState.Approved }, Origin).Refusal!.Kind);
        var refused = ShareWorkflow.Decide(answered.Value!, Origin, Officer, "d", DecisionOutcome.Refused, "No basis (Wbni art. 20(2)).", Now);
        Assert.Equal(ShareState.Refused, refused.Value!.State);
        Assert.True(ShareWorkflow.RequestAdvice(refused.Value!, Preparer, "a2", AdviserKind.Nctv, "escalate?", true, Now).IsOk);
    }

    [Fact]
    public void Conditional_ApprovalRefusedUntilConfirmed()
    {
        var share = Share(Verdict.Conditional, new ConditionStatus("gdpr-art46", "An art. 46 safeguard", false, null));
        Assert.Equal(RefusalKind.Conflict, ShareWorkflow.Decide(share, Origin, Officer, "d", DecisionOutcome.Approved, "m", Now).Refusal!.Kind);
        Assert.Equal(RefusalKind.Invalid, ShareWorkflow.ConfirmCondition(share, Preparer, "gdpr-art46", " ", Now).Refusal!.Kind);
        Assert.Equal(RefusalKind.Invalid, ShareWorkflow.ConfirmCondition(share, Preparer, "unknown", "ref", Now).Refusal!.Kind);
        Assert.True(ShareWorkflow.ConfirmCondition(share, Preparer, "gdpr-art46", "SCC 2024/17", Now).IsOk);
    }

    [Theory]
    [InlineData(Role.Analyst)]
    [InlineData(Role.DutyOfficer)]
    [InlineData(Role.DecisionMaker)]
    [InlineData(Role.NctvAdviser)]
    public void ConfirmCondition_LegalAdvisersConditionByAnyoneElse_RefusedNotAllowed(Role role)
    {
        var share = Share(Verdict.Conditional, new ConditionStatus("gdpr-transfer-ground", "A chapter V transfer ground", false, null, ConditionConfirmer.LegalAdviser));

        var refused = ShareWorkflow.ConfirmCondition(share, new Actor("bob", role), "gdpr-transfer-ground", "Art. 46(2)(a) instrument 2024/3", Now);

        Assert.Equal(RefusalKind.NotAllowed, refused.Refusal!.Kind);
        Assert.Contains("legal adviser", refused.Refusal.Reason, StringComparison.Ordinal);
        var confirmed = ShareWorkflow.ConfirmCondition(share, new Actor("lara", Role.LegalAdviser), "gdpr-transfer-ground", "Art. 46(2)(a) instrument 2024/3", Now);
        Assert.Equal("lara", confirmed.Value!.ConfirmedBy);
    }

    [Fact]
    public void AdviceRequired_NeedsLegalAndNctvAdvice_AndCannotBeApprovedAsIs()
    {
        var share = Share(Verdict.AdviceRequired);
        Assert.Equal([AdviserKind.Legal, AdviserKind.Nctv], ShareWorkflow.RequiredAdvisers(share).ToArray());
        Assert.Contains("legal-adviser and nctv-adviser", ShareWorkflow.WaitingFor(share), StringComparison.Ordinal);
        Assert.Equal(RefusalKind.Conflict, ShareWorkflow.Decide(share, Origin, Officer, "d", DecisionOutcome.Approved, "m", Now).Refusal!.Kind);
    }

    [Fact]
    public void GiveAdvice_WrongAdviserKind_NotAllowed()
    {
        var asked = ShareWorkflow.RequestAdvice(Share(Verdict.Permitted), Preparer, "a1", AdviserKind.Legal, "q", false, Now).Value!;
        Assert.Equal(ShareState.AdviceRequested, asked.State);
        Assert.Equal(RefusalKind.NotAllowed, ShareWorkflow.GiveAdvice(asked, new Actor("nick", Role.NctvAdviser), "a1", "x", Now).Refusal!.Kind);
        Assert.Equal(RefusalKind.Conflict, ShareWorkflow.Decide(asked, Origin, Officer, "d", DecisionOutcome.Approved, "m", Now).Refusal!.Kind);
    }

    [Fact]
    public void Decide_Twice_SecondIsConflict()
    {
        var approved = ShareWorkflow.Decide(Share(Verdict.Permitted), Origin, Officer, "d", DecisionOutcome.Approved, "m", Now).Value!;
        Assert.Equal(RefusalKind.Conflict, ShareWorkflow.Decide(approved, Origin, new Actor("dave", Role.DecisionMaker), "d2", DecisionOutcome.Approved, "m", Now).Refusal!.Kind);
    }
}

public sealed class HandoverTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 10, 10, 0, 0, TimeSpan.Zero);

    private static CaseFile Case() => new("case-1", "t", "MIVD", OriginatorConditions.Default, "alice", Urgency.Urgent, Now.AddDays(2), CaseState.InProgress, "alice", Now, null, 0);

    [Fact]
    public void Offer_KeepsOldOwnerUntilAccepted_ThenExactlyTheNewOwner()
    {
        var file = Case();
        var pendingAdvice = ShareWorkflow.RequestAdvice(ShareWorkflowTests.Share(Verdict.Prohibited), new Actor("alice", Role.Analyst), "a1", AdviserKind.Nctv, "q", true, Now).Value!;
        var note = Handover.NoteFor(file, [pendingAdvice], "Over to you");
        Assert.Single(note.PendingAdvice);
        Assert.NotEmpty(note.OpenActions);
        Assert.Equal(file.Deadline, note.Deadline);
        var offer = Handover.Offer(file, new Actor("alice", Role.Analyst), "h1", "carol", note, Now);
        var offered = file with { Handover = offer.Value };
        Assert.Equal("alice", offered.Owner);
        Assert.Contains(Handover.WaitingFor(offered, [pendingAdvice]), w => w.StartsWith("carol", StringComparison.Ordinal));
        Assert.Equal(RefusalKind.NotAllowed, Handover.Accept(offered, new Actor("bob", Role.DutyOfficer)).Refusal!.Kind);
        var accepted = Handover.Accept(offered, new Actor("carol", Role.Analyst)).Value!;
        Assert.Equal("carol", accepted.Owner);
        Assert.Null(accepted.Handover);
    }

    [Fact]
    public void Offer_ByNonOwner_OrWithoutNote_Refused()
    {
        var file = Case();
        var note = Handover.NoteFor(file, [], "n");
        Assert.Equal(RefusalKind.NotAllowed, Handover.Offer(file, new Actor("bob", Role.DutyOfficer), "h", "carol", note, Now).Refusal!.Kind);
        Assert.Equal(RefusalKind.Invalid, Handover.Offer(file, new Actor("alice", Role.Analyst), "h", "carol", note with { Summary = " " }, Now).Refusal!.Kind);
        Assert.Equal(RefusalKind.Invalid, Handover.Offer(file, new Actor("alice", Role.Analyst), "h", "alice", note, Now).Refusal!.Kind);
        Assert.Equal(RefusalKind.Conflict, Handover.Accept(file, new Actor("carol", Role.Analyst)).Refusal!.Kind);
    }
}
