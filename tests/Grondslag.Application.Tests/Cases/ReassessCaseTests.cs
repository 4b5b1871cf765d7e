using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;
using Grondslag.Storage;
using Grondslag.Storage.Audit;
using Grondslag.Storage.Cases;
using Grondslag.Storage.Tests;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Application.Tests.Cases;

/// <summary>
/// <see cref="ReassessCase"/> and <see cref="CompareWhatIf"/> on a real database of either provider: their outcome and
/// their side effects (plan versions, superseded shares, copied decisions, stored what-ifs, audit entries).
/// </summary>
[TestsOf(typeof(ReassessCase), typeof(CompareWhatIf))]
public sealed class ReassessCaseTests
{
    private static readonly DateTimeOffset Day1 = new(2024, 6, 10, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<DatabaseProvider> Providers => TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExecuteAsync_CorrectedRuleSetActivated_ChangedVerdictVoid_UnchangedApprovalCarried(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new TestClock(Day1);
        var sharing = new TestSharing(UseCaseWorld.WronglyPermissive());
        var workflow = new UseCaseWorld(database, clock, sharing);
        var caseId = await workflow.ImportedCaseAsync();
        var assessed = await workflow.AssessAsync(caseId);
        Assert.True(assessed.IsOk, assessed.Refusal?.Reason);
        string ShareOf(string party) => assessed.Value!.Shares.Single(s => s.PartyId == party).Id;
        var wronglyAssessed = assessed.Value!.Shares.Single(s => s.PartyId == "jpcert-cc");
        Assert.Equal(Verdict.Permitted, wronglyAssessed.Assessment.Verdict);
        foreach (var condition in wronglyAssessed.Assessment.OpenConditions)
        {
            Assert.True((await workflow.ConfirmAsync(caseId, wronglyAssessed.Id, condition)).IsOk);
        }

        foreach (var party in new[] { "jpcert-cc", "cert-fr" })
        {
            Assert.True((await workflow.ApproveAsync(caseId, ShareOf(party), "bob")).IsOk);
        }

        // The next day, under the corrected (activated) rule set.
        clock.Now = Day1.AddDays(1);
        sharing.Evaluator = TestEnvironment.Evaluator;
        var outcome = await workflow.ReassessAsync(caseId, new Actor("carol", Role.Analyst));

        Assert.True(outcome.IsOk, outcome.Refusal?.Reason);
        var result = outcome.Value!;
        Assert.Equal(2, result.Plan.Version);
        Assert.Equal(new DateOnly(2024, 6, 11), result.Plan.Date);
        Assert.Equal(result.Plan.Id, result.Superseded.SupersededBy);
        var jp = result.Shares.Single(s => s.PartyId == "jpcert-cc");
        Assert.Equal(CarryOverKind.Void, jp.Kind);
        Assert.Contains("verdict permitted → prohibited", jp.Reason, StringComparison.Ordinal);
        Assert.Equal(Verdict.Prohibited, jp.Verdict);
        Assert.Equal(ShareState.Assessed, jp.State);
        var fr = result.Shares.Single(s => s.PartyId == "cert-fr");
        Assert.Equal(CarryOverKind.Carried, fr.Kind);
        Assert.Equal(ShareState.Approved, fr.State);

        // Side effects: the old plan and shares stay (superseded); the carried decision keeps its approver; audited per share.
        await using var db = database.Context();
        Assert.Equal(result.Plan.Id, (await db.Set<PlanRow>().SingleAsync(p => p.Id == result.Superseded.Id)).SupersededBy);
        var oldJp = ShareOf("jpcert-cc");
        Assert.Equal(ShareState.Approved.ToWire(), (await db.Set<ShareRow>().SingleAsync(s => s.Id == oldJp)).State);
        Assert.All(await db.Set<ShareRow>().Where(s => s.PlanId == result.Superseded.Id).ToListAsync(), s => Assert.Equal(result.Plan.Id, s.SupersededBy));
        Assert.Null(await db.Set<DecisionRow>().SingleOrDefaultAsync(d => d.ShareId == jp.ShareId));
        Assert.Equal("bob", (await db.Set<DecisionRow>().SingleAsync(d => d.ShareId == fr.ShareId)).DecidedBy);
        var audit = await db.Set<AuditEntry>().AsNoTracking().OrderBy(a => a.Index).ToListAsync();
        Assert.Single(audit, a => a.Action == "case.reassess");
        Assert.Equal(result.Shares.Length, audit.Count(a => a.Action == "share.carry-over"));
        Assert.Contains(audit, a => a.Action == "share.carry-over" && a.Subject == jp.ShareId && a.Payload.Contains("\"outcome\":\"void\"", StringComparison.Ordinal));

        // The void share cannot be approved now: it is prohibited under the law in force.
        var again = await workflow.ApproveAsync(caseId, jp.ShareId!, "bob");
        Assert.Equal(RefusalKind.Prohibited, again.Refusal!.Kind);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExecuteAsync_WhatIfAndAssessUnderRegimeNotInForce_NoPlanNoShareWhatIfStoredAndAudited(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var workflow = new UseCaseWorld(database, new TestClock(Day1), new TestSharing(TestEnvironment.Evaluator));
        var caseId = await workflow.ImportedCaseAsync();

        var assess = await workflow.AssessAsync(caseId, "cbw");
        var whatIf = await workflow.WhatIfAsync(caseId, "cbw");
        var notAssessed = await workflow.ReassessAsync(caseId, new Actor("alice", Role.Analyst));

        Assert.Equal(RefusalKind.Invalid, assess.Refusal!.Kind);
        Assert.True(whatIf.IsOk, whatIf.Refusal?.Reason);
        Assert.Equal(RefusalKind.Conflict, notAssessed.Refusal!.Kind);
        Assert.Contains(whatIf.Value!.Recipients, r => r.PartyId == "jpcert-cc" && r.InForceVerdict == Verdict.Prohibited && r.WhatIfVerdict != Verdict.Prohibited);
        await using var db = database.Context();
        Assert.Equal(0, await db.Set<PlanRow>().CountAsync());
        Assert.Equal(0, await db.Set<ShareRow>().CountAsync());
        Assert.Equal(whatIf.Value.Recipients.Length, (await db.Set<WhatIfRow>().SingleAsync()).RecipientsJson.Split("\"partyId\"").Length - 1);
        Assert.Single(await db.Set<AuditEntry>().Where(a => a.Action == "case.what-if").ToListAsync());
        Assert.Empty(await db.Set<AuditEntry>().Where(a => a.Action == "case.assess").ToListAsync());
    }
}
