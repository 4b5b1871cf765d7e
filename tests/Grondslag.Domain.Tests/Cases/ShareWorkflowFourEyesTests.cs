using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;

namespace Grondslag.Domain.Tests.Cases;

/// <summary>Four eyes means the approver took no part in preparing the share; a what-if never enters the workflow.</summary>
public sealed class ShareWorkflowFourEyesTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 10, 10, 0, 0, TimeSpan.Zero);

    private static readonly string[] Names = ["alice", "bob", "carol", "dave", "erin"];

    private static ShareFile Permitted() => ShareWorkflowTests.Share(Verdict.Permitted);

    [Theory]
    [InlineData("carol", "alice", "alice")]
    [InlineData("alice", "carol", "alice")]
    [InlineData("alice", "alice", "carol")]
    [InlineData("alice", "alice", "CAROL ")]
    public void Decide_ApproverWhoCreatedImportedOrAssessed_IsRefused(string createdBy, string importedBy, string assessedBy)
    {
        var outcome = ShareWorkflow.Decide(Permitted(), new ShareOrigin(createdBy, importedBy, assessedBy), new Actor("carol", Role.DutyOfficer), "d", DecisionOutcome.Approved, "m", Now);

        Assert.Equal(RefusalKind.NotAllowed, outcome.Refusal!.Kind);
        Assert.Contains("Four eyes: carol", outcome.Refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ApproverWhoConfirmedACondition_IsRefused()
    {
        var share = Permitted() with { Confirmations = [new Confirmation("tlp-marking", "ref", "carol", Now)] };

        Assert.Equal(RefusalKind.NotAllowed, ShareWorkflow.Decide(share, ShareWorkflowTests.Origin, new Actor("carol", Role.DutyOfficer), "d", DecisionOutcome.Approved, "m", Now).Refusal!.Kind);
    }

    [Fact]
    public void Decide_ApproverWhoAnsweredAdviceOnTheShare_IsRefused()
    {
        var share = Permitted() with { Advice = [new AdviceItem("a1", AdviserKind.Legal, "q", "alice", Now, "fine", "lara", Now)] };

        Assert.Equal(RefusalKind.NotAllowed, ShareWorkflow.Decide(share, ShareWorkflowTests.Origin, new Actor("lara", Role.DecisionMaker), "d", DecisionOutcome.Approved, "m", Now).Refusal!.Kind);
        Assert.True(ShareWorkflow.Decide(share, ShareWorkflowTests.Origin, new Actor("bob", Role.DutyOfficer), "d", DecisionOutcome.Approved, "m", Now).IsOk);
    }

    [Fact]
    public void ReadyForRelease_ApprovalBySomeoneWhoNowCountsAsPreparer_IsRefused()
    {
        var approved = ShareWorkflow.Decide(Permitted(), ShareWorkflowTests.Origin, new Actor("bob", Role.DutyOfficer), "d", DecisionOutcome.Approved, "m", Now).Value!;

        Assert.True(ShareWorkflow.ReadyForRelease(approved, ShareWorkflowTests.Origin).IsOk);
        Assert.Equal(RefusalKind.NotAllowed, ShareWorkflow.ReadyForRelease(approved, new ShareOrigin("bob", "alice", "alice")).Refusal!.Kind);
    }

    public static Arbitrary<(ShareOrigin Origin, string[] Confirmers, string[] Requesters, string[] Answerers, string Approver)> Histories() =>
        (from created in Gen.Elements(Names)
         from imported in Gen.Elements(Names)
         from assessed in Gen.Elements(Names)
         from confirmers in Gen.SubListOf(Names)
         from requesters in Gen.SubListOf(Names)
         from answerers in Gen.SubListOf(Names)
         from approver in Gen.Elements(Names)
         from upper in ArbMap.Default.GeneratorFor<bool>()
         select (new ShareOrigin(created, imported, assessed), confirmers.ToArray(), requesters.ToArray(), answerers.ToArray(), upper ? approver.ToUpperInvariant() : approver))
        .ToArbitrary();

    [Property(Arbitrary = [typeof(ShareWorkflowFourEyesTests)], MaxTest = 300)]
    public bool Decide_Approval_SucceedsExactlyWhenTheApproverPreparedNothing((ShareOrigin Origin, string[] Confirmers, string[] Requesters, string[] Answerers, string Approver) h)
    {
        var share = Permitted() with
        {
            PreparedBy = h.Origin.AssessedBy,
            Confirmations = [.. h.Confirmers.Select((c, i) => new Confirmation($"c{i}", "ref", c, Now))],
            Advice = [.. h.Requesters.Select((r, i) => new AdviceItem($"r{i}", AdviserKind.Legal, "q", r, Now, "a", "lara-" + i, Now)),
                      .. h.Answerers.Select((a, i) => new AdviceItem($"q{i}", AdviserKind.Nctv, "q", "zed", Now, "a", a, Now))],
        };
        var prepared = new[] { h.Origin.CaseCreatedBy, h.Origin.ImportedBy, h.Origin.AssessedBy, "zed" }
            .Concat(h.Confirmers).Concat(h.Requesters).Concat(h.Answerers)
            .Contains(h.Approver, StringComparer.OrdinalIgnoreCase);
        var outcome = ShareWorkflow.Decide(share, h.Origin, new Actor(h.Approver, Role.DutyOfficer), "d", DecisionOutcome.Approved, "m", Now);
        return outcome.IsOk != prepared && (outcome.IsOk || outcome.Refusal!.Kind == RefusalKind.NotAllowed);
    }

    [Fact]
    public void WhatIfShare_EveryStepOfTheDecisionWorkflow_IsRefused()
    {
        var conditional = ShareWorkflowTests.Share(Verdict.Conditional, new ConditionStatus("tlp-marking", "TLP", false, null));
        var whatIf = conditional with { Assessment = conditional.Assessment with { WhatIf = true } };
        var officer = new Actor("bob", Role.DutyOfficer);
        var permittedWhatIf = Permitted() with { Assessment = Permitted().Assessment with { WhatIf = true } };

        Assert.Equal(RefusalKind.Conflict, ShareWorkflow.ConfirmCondition(whatIf, new Actor("alice", Role.Analyst), "tlp-marking", "ref", Now).Refusal!.Kind);
        Assert.Equal(RefusalKind.Conflict, ShareWorkflow.RequestAdvice(whatIf, new Actor("alice", Role.Analyst), "a", AdviserKind.Legal, "q", false, Now).Refusal!.Kind);
        Assert.Equal(RefusalKind.Conflict, ShareWorkflow.Decide(permittedWhatIf, ShareWorkflowTests.Origin, officer, "d", DecisionOutcome.Approved, "m", Now).Refusal!.Kind);
        Assert.Equal(RefusalKind.Conflict, ShareWorkflow.Decide(permittedWhatIf, ShareWorkflowTests.Origin, officer, "d", DecisionOutcome.Refused, "m", Now).Refusal!.Kind);
        var forgedApproval = permittedWhatIf with { State = ShareState.Approved, Decision = new ShareDecision("d", DecisionOutcome.Approved, "m", "alice", "bob", Role.DutyOfficer, Now) };
        Assert.Contains("what-if", ShareWorkflow.ReadyForRelease(forgedApproval, ShareWorkflowTests.Origin).Refusal!.Reason, StringComparison.Ordinal);
        Assert.Equal("", ShareWorkflow.WaitingFor(permittedWhatIf));
    }
}
