using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;
using Grondslag.Storage;
using Grondslag.Storage.Cases;

namespace Grondslag.Application.Tests.Cases;

/// <summary><see cref="CloseCase"/> on a real database of either provider: outcome, stored rows and audit entries.</summary>
[TestsOf(typeof(CloseCase))]
public sealed class CloseCaseTests
{
    public static TheoryData<DatabaseProvider> Providers => UseCaseWorld.Providers;

    private static Task<Outcome<CaseClosed>> CloseAsync(UseCaseWorld world, string caseId, string reason, Actor actor) =>
        world.RunAsync((s, a) => new CloseCase(s, a, new NoCommitHook(), world.Clock).ExecuteAsync(caseId, reason, actor));

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExecuteAsync_AssessedCaseOneReleased_ClosedWithReasonOpenSharesLapseEachAudited_ReleaseRefusedWithdrawalStillPossible(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var (caseId, shares) = await world.AssessedCaseAsync();
        var released = shares.First(s => s.Assessment.Verdict == Verdict.Permitted && s.Assessment.OpenConditions.IsEmpty);
        await world.ReleasedAsync(caseId, released);
        var approved = shares.First(s => s.Id != released.Id && s.Assessment.Verdict == Verdict.Permitted && s.Assessment.OpenConditions.IsEmpty);
        Assert.True((await world.ApproveAsync(caseId, approved.Id, UseCaseWorld.Bob.Name)).IsOk);

        var closed = await CloseAsync(world, caseId, "  Recipients informed otherwise  ", UseCaseWorld.Bob);

        Assert.True(closed.IsOk, closed.Refusal?.Reason);
        Assert.Equal(CaseState.Closed, closed.Value!.Case.State);
        var lapsed = closed.Value.Lapsed.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(released.Id, lapsed);
        Assert.Contains(approved.Id, lapsed);
        var row = Assert.Single(await world.RowsAsync<CaseRow>());
        Assert.Equal((CaseState.Closed.ToWire(), "Recipients informed otherwise", "bob"), (row.State, row.ClosureReason, row.ClosedBy));
        // The lapsed shares keep their state as the record of how far they got.
        Assert.Equal(ShareState.Approved.ToWire(), (await world.RowsAsync<ShareRow>()).Single(s => s.Id == approved.Id).State);
        var audit = await world.AuditAsync();
        var close = Assert.Single(audit, a => a.Action == CloseCase.Action);
        Assert.Equal(("bob", caseId), (close.Actor, close.CaseId));
        Assert.Equal(lapsed.Count, JsonNode.Parse(close.Payload)!["lapsed"]!.GetValue<int>());
        var lapses = audit.Where(a => a.Action == "share.lapse").ToList();
        Assert.Equal(lapsed.Order(StringComparer.Ordinal), lapses.Select(a => a.Subject!).Order(StringComparer.Ordinal));
        Assert.All(lapses, a => Assert.True(a.Index > close.Index));

        // Afterwards: no release (refused and audited), but the released share can still be withdrawn.
        var release = await world.ReleaseAsync(caseId, approved.Id, UseCaseWorld.Carol);
        Assert.Equal(RefusalKind.Conflict, release.Refusal?.Kind);
        Assert.Contains("closed", release.Refusal!.Reason, StringComparison.Ordinal);
        Assert.Single(await world.RowsAsync<ReleaseRow>());
        var withdrawn = await world.WithdrawAsync(caseId, released.Id, "closed case, recipient asked", UseCaseWorld.Bob);
        Assert.True(withdrawn.IsOk, withdrawn.Refusal?.Reason);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExecuteAsync_NoReasonAnalystNotOwnerOrClosedTwice_RefusedEachAuditedCaseUnchanged(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var caseId = (await world.CreateAsync()).Value!.Id;

        var noReason = await CloseAsync(world, caseId, " ", UseCaseWorld.Bob);
        var notOwner = await CloseAsync(world, caseId, "done", new Actor("erin", Role.Analyst));

        Assert.Equal(RefusalKind.Invalid, noReason.Refusal?.Kind);
        Assert.Equal(RefusalKind.NotAllowed, notOwner.Refusal?.Kind);
        var row = Assert.Single(await world.RowsAsync<CaseRow>());
        Assert.NotEqual(CaseState.Closed.ToWire(), row.State);
        Assert.Null(row.ClosureReason);

        Assert.True((await CloseAsync(world, caseId, "done", UseCaseWorld.Alice)).IsOk);
        var twice = await CloseAsync(world, caseId, "again", UseCaseWorld.Bob);
        Assert.Equal(RefusalKind.Conflict, twice.Refusal?.Kind);
        Assert.Equal("done", Assert.Single(await world.RowsAsync<CaseRow>()).ClosureReason);
        var audit = await world.AuditAsync();
        Assert.Single(audit, a => a.Action == CloseCase.Action);
        Assert.Equal(3, audit.Count(a => a.Action == "action.refused" && a.CaseId == caseId && JsonNode.Parse(a.Payload)!["action"]!.GetValue<string>() == CloseCase.Action));
    }
}
