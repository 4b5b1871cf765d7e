using System.Text;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;
using Grondslag.Storage;
using Grondslag.Storage.Cases;

namespace Grondslag.Application.Tests.Cases;

/// <summary>
/// <see cref="CreateCase"/>, <see cref="ImportIndicators"/>, <see cref="AssessCase"/> and <see cref="ConfirmCondition"/>
/// on a real database of either provider: each one's outcome, the rows it stores and its audit entry, and that a refusal
/// stores nothing and is itself audited.
/// </summary>
[TestsOf(typeof(CreateCase), typeof(ImportIndicators), typeof(AssessCase), typeof(ConfirmCondition))]
public sealed class CaseStepsTests
{
    public static TheoryData<DatabaseProvider> Providers => UseCaseWorld.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CreateCase_ValidCommand_CaseStoredInIntakeOwnedByCreatorAndAudited(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);

        var created = await world.CreateAsync("  COATHANGER  ");

        Assert.True(created.IsOk, created.Refusal?.Reason);
        var row = Assert.Single(await world.RowsAsync<CaseRow>());
        Assert.Equal((created.Value!.Id, "COATHANGER", "alice", CaseState.Intake.ToWire()), (row.Id, row.Title, row.Owner, row.State));
        var entry = Assert.Single(await world.AuditAsync());
        Assert.Equal(("case.create", "alice", row.Id), (entry.Action, entry.Actor, entry.CaseId));
        Assert.Contains("\"title\":\"COATHANGER\"", entry.Payload, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CreateCase_UrgentWithoutDeadline_RefusedNothingStored(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);

        var created = await world.RunAsync((s, a) => new CreateCase(s, a, new NoCommitHook(), new RandomIdGenerator(), world.Clock)
            .ExecuteAsync(new CreateCaseCommand("COATHANGER", "MIVD", OriginatorConditions.Default, Urgency.Urgent, null), UseCaseWorld.Alice));

        Assert.Equal(RefusalKind.Invalid, created.Refusal!.Kind);
        Assert.Empty(await world.RowsAsync<CaseRow>());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ImportIndicators_ListFile_ImportAndContentStoredAndAudited_SecondTimeAlreadyImported(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var caseId = (await world.CreateAsync()).Value!.Id;

        var first = await world.ImportAsync(caseId);
        var again = await world.ImportAsync(caseId);

        Assert.True(first.IsOk, first.Refusal?.Reason);
        Assert.False(first.Value!.AlreadyImported);
        Assert.True(again.Value!.AlreadyImported);
        var import = Assert.Single(await world.RowsAsync<ImportRow>());
        Assert.Equal((caseId, first.Value.Import.Id), (import.CaseId, import.Id));
        // The raw file is kept exactly as received, in pieces (kind 0), beside its parsed addresses (kind 1).
        var pieces = (await world.RowsAsync<ImportChunkRow>()).Where(c => c.ImportId == import.Id && c.Kind == 0).OrderBy(c => c.Seq).ToList();
        var expected = await File.ReadAllTextAsync(Path.Combine(TestEnvironment.Root, "examples", "coathanger-2024.txt"));
        Assert.Equal(expected, Encoding.UTF8.GetString([.. pieces.SelectMany(c => c.Content)]));
        Assert.Contains(await world.RowsAsync<ImportChunkRow>(), c => c.ImportId == import.Id && c.Kind == 1);
        Assert.Single(await world.AuditAsync(), a => a.Action == "case.import" && a.CaseId == caseId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AssessCase_ImportedCase_OnePlanOneSharePerRecipientStoredAndAudited(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var caseId = await world.ImportedCaseAsync();

        var assessed = await world.AssessAsync(caseId);

        Assert.True(assessed.IsOk, assessed.Refusal?.Reason);
        var plan = Assert.Single(await world.RowsAsync<PlanRow>());
        Assert.Equal((assessed.Value!.Plan.Id, caseId), (plan.Id, plan.CaseId));
        var shares = await world.RowsAsync<ShareRow>();
        Assert.Equal(assessed.Value.Shares.Select(s => s.Id).Order(StringComparer.Ordinal), shares.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.All(shares, s => Assert.Equal(ShareState.Assessed.ToWire(), s.State));
        Assert.Contains(assessed.Value.Shares, s => s.PartyId == "jpcert-cc" && s.Assessment.Verdict == Verdict.Prohibited);
        Assert.Single(await world.AuditAsync(), a => a.Action == "case.assess" && a.CaseId == caseId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AssessCase_NothingImported_RefusedNoPlanRefusalAudited(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var caseId = (await world.CreateAsync()).Value!.Id;

        var assessed = await world.AssessAsync(caseId);

        Assert.Equal(RefusalKind.Conflict, assessed.Refusal!.Kind);
        Assert.Empty(await world.RowsAsync<PlanRow>());
        var audit = await world.AuditAsync();
        Assert.DoesNotContain(audit, a => a.Action == "case.assess");
        Assert.Single(audit, a => a.Action == "action.refused" && a.CaseId == caseId && a.Payload.Contains("\"action\":\"case.assess\"", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ConfirmCondition_OpenCondition_ConfirmationStoredWithReferenceAndAudited(DatabaseProvider provider)
    {
        // The source's third-party rule makes every permitted share conditional on its consent.
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var caseId = (await world.CreateAsync(originator: OriginatorConditions.Default with { ThirdPartyRule = true })).Value!.Id;
        Assert.True((await world.ImportAsync(caseId)).IsOk);
        var share = (await world.AssessAsync(caseId)).Value!.Shares.First(s => s.Assessment.OpenConditions.Contains("originator-consent"));
        const string condition = "originator-consent";

        var confirmed = await world.ConfirmAsync(caseId, share.Id, condition);

        Assert.True(confirmed.IsOk, confirmed.Refusal?.Reason);
        Assert.DoesNotContain(condition, confirmed.Value!.Assessment.OpenConditions);
        var row = Assert.Single(await world.RowsAsync<ConfirmationRow>());
        Assert.Equal((share.Id, condition, "SCC 2021/914, signed 2024-05-02", "alice"), (row.ShareId, row.ConditionId, row.Reference, row.ConfirmedBy));
        Assert.Single(await world.AuditAsync(), a => a.Action == "share.confirm-condition" && a.Subject == share.Id);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ConfirmCondition_UnknownCondition_RefusedNothingStored(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider, UseCaseWorld.WronglyPermissive());
        var (caseId, shares) = await world.AssessedCaseAsync();

        var confirmed = await world.ConfirmAsync(caseId, shares[0].Id, "no-such-condition");

        Assert.NotNull(confirmed.Refusal);
        Assert.Empty(await world.RowsAsync<ConfirmationRow>());
    }
}
