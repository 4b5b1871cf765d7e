using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;
using Grondslag.Storage;
using Grondslag.Storage.Cases;

namespace Grondslag.Application.Tests.Cases;

/// <summary>
/// The share and case steps after assessment — <see cref="RequestAdvice"/>, <see cref="GiveAdvice"/>, <see cref="Decide"/>,
/// <see cref="Release"/>, <see cref="Withdraw"/>, the handover steps, <see cref="RecordAccountEvent"/> and the
/// <see cref="CaseQueries"/> — on a real database of either provider: outcome, stored rows and audit entries.
/// </summary>
[TestsOf(typeof(RequestAdvice), typeof(GiveAdvice), typeof(Decide), typeof(Release), typeof(Withdraw), typeof(OfferHandover), typeof(AcceptHandover), typeof(CancelHandover), typeof(RecordAccountEvent), typeof(CaseQueries))]
public sealed class ShareStepsTests
{
    public static TheoryData<DatabaseProvider> Providers => UseCaseWorld.Providers;

    /// <summary>Alice and Bob can own cases; Dave is a legal adviser and cannot.</summary>
    private sealed class Accounts : IAccountDirectory
    {
        public Task<IReadOnlyList<Role>?> RolesOfAsync(string userName, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<Role>?>(userName switch
            {
                "alice" => [Role.Analyst],
                "bob" => [Role.DutyOfficer],
                "dave" => [Role.LegalAdviser],
                _ => null,
            });
    }

    private static ShareFile Permitted(IReadOnlyList<ShareFile> shares) =>
        shares.First(s => s.Assessment.Verdict == Verdict.Permitted && s.Assessment.OpenConditions.IsEmpty);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RequestAdviceThenGiveAdvice_LegalAdviser_QuestionAndAnswerStoredAndBothAudited(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var (caseId, shares) = await world.AssessedCaseAsync();
        var share = shares.Single(s => s.PartyId == "jpcert-cc");

        var asked = await world.RunAsync((s, a) => new RequestAdvice(s, a, new NoCommitHook(), new RandomIdGenerator(), world.Clock)
            .ExecuteAsync(caseId, share.Id, AdviserKind.Legal, "Is there any basis for Japan?", false, UseCaseWorld.Alice));
        Assert.True(asked.IsOk, asked.Refusal?.Reason);
        var answered = await world.RunAsync((s, a) => new GiveAdvice(s, a, new NoCommitHook(), world.Clock)
            .ExecuteAsync(caseId, share.Id, asked.Value!.Id, "No: art. 20(2) Wbni does not reach JPCERT/CC.", UseCaseWorld.Dave));

        Assert.True(answered.IsOk, answered.Refusal?.Reason);
        var row = Assert.Single(await world.RowsAsync<AdviceRow>());
        Assert.Equal((share.Id, "Is there any basis for Japan?", "alice", "dave"), (row.ShareId, row.Question, row.RequestedBy, row.AnsweredBy));
        Assert.Equal("No: art. 20(2) Wbni does not reach JPCERT/CC.", row.Answer);
        var audit = await world.AuditAsync();
        Assert.Single(audit, a => a.Action == "share.advice-request" && a.Subject == share.Id);
        Assert.Single(audit, a => a.Action == "share.advice-answer" && a.Subject == share.Id && a.Actor == "dave");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Decide_ColleagueApproves_DecisionStoredShareApprovedAndAudited(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var (caseId, shares) = await world.AssessedCaseAsync();
        var share = Permitted(shares);

        var decided = await world.ApproveAsync(caseId, share.Id, "bob");

        Assert.True(decided.IsOk, decided.Refusal?.Reason);
        var row = Assert.Single(await world.RowsAsync<DecisionRow>());
        Assert.Equal((share.Id, DecisionOutcome.Approved.ToWire(), "bob"), (row.ShareId, row.Outcome, row.DecidedBy));
        Assert.Equal(ShareState.Approved.ToWire(), (await world.RowsAsync<ShareRow>()).Single(s => s.Id == share.Id).State);
        Assert.Single(await world.AuditAsync(), a => a.Action == "share.decide" && a.Subject == share.Id && a.Actor == "bob");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Decide_ProhibitedShareApproved_RefusedNoDecisionRefusalAudited(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var (caseId, shares) = await world.AssessedCaseAsync();
        var share = shares.Single(s => s.PartyId == "jpcert-cc");

        var decided = await world.ApproveAsync(caseId, share.Id, "bob");

        Assert.Equal(RefusalKind.Prohibited, decided.Refusal!.Kind);
        Assert.Empty(await world.RowsAsync<DecisionRow>());
        Assert.Single(await world.AuditAsync(), a => a.Action == "action.refused" && a.Subject == share.Id);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Release_ApprovedShare_ReleaseStoredShareReleasedAndAudited(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var (caseId, shares) = await world.AssessedCaseAsync();
        var share = Permitted(shares);

        var released = await world.ReleasedAsync(caseId, share);

        var row = Assert.Single(await world.RowsAsync<ReleaseRow>());
        Assert.Equal((released.Id, share.Id, share.PartyId, "carol"), (row.Id, row.ShareId, row.PartyId, row.ReleasedBy));
        Assert.True(row.IndicatorCount > 0);
        Assert.Equal(ShareState.Released.ToWire(), (await world.RowsAsync<ShareRow>()).Single(s => s.Id == share.Id).State);
        Assert.Single(await world.AuditAsync(), a => a.Action == "share.release" && a.Subject == share.Id && a.Actor == "carol");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Release_NotApproved_RefusedNothingReleased(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var (caseId, shares) = await world.AssessedCaseAsync();

        var released = await world.ReleaseAsync(caseId, Permitted(shares).Id, UseCaseWorld.Carol);

        Assert.NotNull(released.Refusal);
        Assert.Empty(await world.RowsAsync<ReleaseRow>());
        Assert.DoesNotContain(await world.AuditAsync(), a => a.Action == "share.release");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Withdraw_ReleasedShare_WithdrawalAuditedWithReason_SecondTimeRefused(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var (caseId, shares) = await world.AssessedCaseAsync();
        var share = Permitted(shares);
        await world.ReleasedAsync(caseId, share);

        var withdrawn = await world.WithdrawAsync(caseId, share.Id, "Sent under the wrong TLP.", UseCaseWorld.Bob);
        var empty = await world.WithdrawAsync(caseId, share.Id, " ", UseCaseWorld.Bob);

        Assert.True(withdrawn.IsOk, withdrawn.Refusal?.Reason);
        Assert.Equal((share.Id, share.PartyId, "Sent under the wrong TLP.", "bob"), (withdrawn.Value!.ShareId, withdrawn.Value.PartyId, withdrawn.Value.Reason, withdrawn.Value.WithdrawnBy));
        Assert.Equal(RefusalKind.Invalid, empty.Refusal!.Kind);
        // The clock stood still between release and withdrawal: the withdrawal is recorded in the next millisecond,
        // later than the release at STIX's precision (a revocation must have a newer `modified`).
        var released = Assert.Single(await world.RowsAsync<ReleaseRow>(), r => r.ShareId == share.Id);
        Assert.Equal(world.Clock.Now, released.ReleasedAt);
        Assert.Equal(world.Clock.Now.AddMilliseconds(1), withdrawn.Value.WithdrawnAt);
        var entry = Assert.Single(await world.AuditAsync(), a => a.Action == "share.withdraw");
        Assert.Equal(share.Id, entry.Subject);
        Assert.Contains("Sent under the wrong TLP.", entry.Payload, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task HandoverOfferAccept_ToColleague_OwnerChangesHandoverStoredBothAudited(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var (caseId, _) = await world.AssessedCaseAsync();

        var offered = await world.RunAsync((s, a) => new OfferHandover(s, a, new NoCommitHook(), new RandomIdGenerator(), world.Clock, new Accounts())
            .ExecuteAsync(caseId, "bob", "Two shares wait for a decision.", UseCaseWorld.Alice));
        Assert.True(offered.IsOk, offered.Refusal?.Reason);
        var accepted = await world.RunAsync((s, a) => new AcceptHandover(s, a, new NoCommitHook()).ExecuteAsync(caseId, UseCaseWorld.Bob));

        Assert.True(accepted.IsOk, accepted.Refusal?.Reason);
        Assert.Equal("bob", accepted.Value!.Owner);
        var file = Assert.Single(await world.RowsAsync<CaseRow>());
        Assert.Equal(("bob", (string?)null), (file.Owner, file.PendingHandoverId));
        var handover = Assert.Single(await world.RowsAsync<HandoverRow>());
        Assert.Equal(("alice", "bob", true), (handover.From, handover.To, handover.Accepted));
        var audit = await world.AuditAsync();
        Assert.Single(audit, a => a.Action == "case.handover-offer" && a.Subject == offered.Value!.HandoverId);
        Assert.Single(audit, a => a.Action == "case.handover-accept" && a.Actor == "bob");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task HandoverOffer_ToAdviser_RefusedOwnerUnchanged_CancelWithoutOfferRefused(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var caseId = (await world.CreateAsync()).Value!.Id;

        var offered = await world.RunAsync((s, a) => new OfferHandover(s, a, new NoCommitHook(), new RandomIdGenerator(), world.Clock, new Accounts())
            .ExecuteAsync(caseId, "dave", "Nothing imported yet.", UseCaseWorld.Alice));
        var cancelled = await world.RunAsync((s, a) => new CancelHandover(s, a, new NoCommitHook()).ExecuteAsync(caseId, UseCaseWorld.Alice));

        Assert.Equal(RefusalKind.Invalid, offered.Refusal!.Kind);
        Assert.Equal(RefusalKind.Conflict, cancelled.Refusal!.Kind);
        Assert.Equal("alice", Assert.Single(await world.RowsAsync<CaseRow>()).Owner);
        Assert.Empty(await world.RowsAsync<HandoverRow>());
        Assert.Equal(2, (await world.AuditAsync()).Count(a => a.Action == "action.refused"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task HandoverCancel_OpenOffer_OfferWithdrawnAndAudited(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var caseId = (await world.CreateAsync()).Value!.Id;
        var offered = await world.RunAsync((s, a) => new OfferHandover(s, a, new NoCommitHook(), new RandomIdGenerator(), world.Clock, new Accounts())
            .ExecuteAsync(caseId, "bob", "Nothing imported yet.", UseCaseWorld.Alice));
        Assert.True(offered.IsOk, offered.Refusal?.Reason);

        var cancelled = await world.RunAsync((s, a) => new CancelHandover(s, a, new NoCommitHook()).ExecuteAsync(caseId, UseCaseWorld.Alice));

        Assert.True(cancelled.IsOk, cancelled.Refusal?.Reason);
        Assert.Null(cancelled.Value!.Handover);
        Assert.Null(Assert.Single(await world.RowsAsync<CaseRow>()).PendingHandoverId);
        Assert.Single(await world.AuditAsync(), a => a.Action == "case.handover-cancel");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RecordAccountEvent_AnyEvent_AppendedToTheAuditLogAsGiven(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var admin = new Actor("root", Role.Administrator);

        var recorded = await world.RunAsync((s, a) => new RecordAccountEvent(s, a, new NoCommitHook())
            .ExecuteAsync("account.disable", admin, "mallory", new JsonObject { ["reason"] = "left the NCSC" }));

        Assert.True(recorded.IsOk, recorded.Refusal?.Reason);
        var entry = Assert.Single(await world.AuditAsync());
        Assert.Equal(("account.disable", "root", "mallory", (string?)null), (entry.Action, entry.Actor, entry.Subject, entry.CaseId));
        Assert.Contains("left the NCSC", entry.Payload, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CaseQueries_ReleasedShare_RecipientSeesOnlyItsOwnAddresses(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var (caseId, shares) = await world.AssessedCaseAsync();
        var share = Permitted(shares);
        var released = await world.ReleasedAsync(caseId, share);

        var view = await world.RunAsync((s, _) => new CaseQueries(s).GetAsync(caseId));
        var own = await world.RunAsync((s, _) => new CaseQueries(s).RecipientShareAsync(share.PartyId, share.Id));
        var other = await world.RunAsync((s, _) => new CaseQueries(s).RecipientShareAsync("someone-else", share.Id));

        Assert.Equal(shares.Count, view!.Shares.Length);
        Assert.Equal(released.IndicatorCount, own!.Indicators.Length);
        Assert.Null(other);
    }
}
