using Grondslag.Application.Cases;
using Grondslag.Application.Review;
using Grondslag.Domain.Cases;
using Grondslag.Storage;
using Grondslag.Storage.Review;

namespace Grondslag.Application.Tests.Review;

/// <summary>
/// The breach procedure, one use case at a time — <see cref="ReviewDisclosures"/>, <see cref="OpenBreach"/>,
/// <see cref="ConfirmDeletion"/>, <see cref="RecordNotification"/>, <see cref="DecideNotToNotify"/> and
/// <see cref="CompareRegimes"/> — on a real database of either provider, from the 2024 situation: a share to JPCERT/CC
/// released under wrong country facts, then the corrected rules back in force.
/// </summary>
[TestsOf(typeof(ReviewDisclosures), typeof(OpenBreach), typeof(ConfirmDeletion), typeof(RecordNotification), typeof(DecideNotToNotify), typeof(CompareRegimes))]
public sealed class BreachStepsTests
{
    private const string ContactPoint = "Functionaris gegevensbescherming NCSC";

    public static TheoryData<DatabaseProvider> Providers => UseCaseWorld.Providers;

    private static Task<Outcome<BreachVersion>> OpenAsync(UseCaseWorld world) =>
        world.RunAsync((s, r, a) => new OpenBreach(s, r, a, world.Sharing, world.Clock,
                new Withdraw(s, a, new NoCommitHook(), world.Clock, world.Sharing, new Grondslag.Application.Delivery.NoShareDelivery()))
            .ExecuteAsync(UseCaseWorld.Bob, ContactPoint));

    private static async Task<string> OpenedAsync(UseCaseWorld world)
    {
        await world.ReleasedWithoutBasisAsync();
        var opened = await OpenAsync(world);
        Assert.True(opened.IsOk, opened.Refusal?.Reason);
        return opened.Value!.Record.Id;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ReviewDisclosures_AfterCorrection_FindsTheShareWithoutBasisAndAuditsTheRun(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        await world.ReleasedWithoutBasisAsync();

        var report = await world.RunAsync((s, a) => new ReviewDisclosures(s, a, world.Sharing).ExecuteAsync(UseCaseWorld.Bob));

        Assert.Equal(2, report.Findings.Length);
        Assert.Equal("jpcert-cc", Assert.Single(report.WithoutBasis).Disclosure.PartyId);
        var entry = Assert.Single(await world.AuditAsync(), a => a.Action == "review.run");
        Assert.Contains(report.WithoutBasis[0].Disclosure.ShareId, entry.Payload, StringComparison.Ordinal);
        Assert.Empty(await world.RowsAsync<BreachVersionRow>());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task OpenBreach_ShareWithoutBasis_FirstVersionStoredDeletionRequestedShareWithdrawn_SecondOpenRefused(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        await world.ReleasedWithoutBasisAsync();

        var opened = await OpenAsync(world);
        var again = await OpenAsync(world);

        Assert.True(opened.IsOk, opened.Refusal?.Reason);
        var breach = opened.Value!.Record;
        Assert.Equal(("jpcert-cc", ContactPoint), (Assert.Single(breach.Recipients).PartyId, breach.ContactPoint));
        Assert.Equal(UseCaseWorld.Day1.AddDays(1).AddHours(72), breach.Deadline);
        Assert.Equal(RefusalKind.Conflict, again.Refusal!.Kind);
        var row = Assert.Single(await world.RowsAsync<BreachVersionRow>());
        Assert.Equal((breach.Id, 1, "bob"), (row.BreachId, row.Version, row.ChangedBy));
        var audit = await world.AuditAsync();
        Assert.Single(audit, a => a.Action == "breach.open" && a.Subject == breach.Id);
        Assert.Single(audit, a => a.Action == "breach.deletion-request" && a.Subject == breach.Id);
        Assert.Single(audit, a => a.Action == "share.withdraw" && a.Subject == breach.Recipients[0].ShareId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ConfirmDeletion_RecipientConfirms_SecondVersionWithConfirmationAudited_UnknownPartyRefused(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var breachId = await OpenedAsync(world);

        var confirmed = await world.RunAsync((s, r, a) => new ConfirmDeletion(s, r, a, world.Clock).ExecuteAsync(breachId, "jpcert-cc", "JPCERT ticket 4711", UseCaseWorld.Bob));
        var unknown = await world.RunAsync((s, r, a) => new ConfirmDeletion(s, r, a, world.Clock).ExecuteAsync(breachId, "cert-fr", "x", UseCaseWorld.Bob));

        Assert.True(confirmed.IsOk, confirmed.Refusal?.Reason);
        var request = Assert.Single(confirmed.Value!.Record.DeletionRequests);
        Assert.Equal(("JPCERT ticket 4711", (DateTimeOffset?)world.Clock.Now), (request.ConfirmationReference, request.ConfirmedAt));
        Assert.Equal(RefusalKind.NotFound, unknown.Refusal!.Kind);
        Assert.Equal([1, 2], (await world.RowsAsync<BreachVersionRow>()).Select(v => v.Version).Order());
        Assert.Single(await world.AuditAsync(), a => a.Action == "breach.deletion-confirmed" && a.Subject == breachId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RecordNotification_WithinDeadline_PhaseStoredAndAudited_LateWithoutReasonsRefused(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var breachId = await OpenedAsync(world);

        var notified = await world.RunAsync((s, r, a) => new RecordNotification(s, r, a, world.Clock).ExecuteAsync(breachId, "AP-2024-0001", "first phase", null, UseCaseWorld.Bob));
        world.Clock.Now = world.Clock.Now.AddHours(80);
        var late = await world.RunAsync((s, r, a) => new RecordNotification(s, r, a, world.Clock).ExecuteAsync(breachId, "AP-2024-0002", "second phase", null, UseCaseWorld.Bob));

        Assert.True(notified.IsOk, notified.Refusal?.Reason);
        Assert.Equal("AP-2024-0001", Assert.Single(notified.Value!.Record.Notifications).Reference);
        Assert.Equal(RefusalKind.Invalid, late.Refusal!.Kind);
        Assert.Equal(2, (await world.RowsAsync<BreachVersionRow>()).Max(v => v.Version));
        Assert.Single(await world.AuditAsync(), a => a.Action == "breach.notified" && a.Subject == breachId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DecideNotToNotify_WithReasons_RecordedAndAudited_WithoutReasonsRefused(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var breachId = await OpenedAsync(world);

        var empty = await world.RunAsync((s, r, a) => new DecideNotToNotify(s, r, a, world.Clock).ExecuteAsync(breachId, "  ", UseCaseWorld.Bob));
        var decided = await world.RunAsync((s, r, a) => new DecideNotToNotify(s, r, a, world.Clock).ExecuteAsync(breachId, "Deletion confirmed within hours.", UseCaseWorld.Bob));

        Assert.Equal(RefusalKind.Invalid, empty.Refusal!.Kind);
        Assert.True(decided.IsOk, decided.Refusal?.Reason);
        Assert.Equal(("Deletion confirmed within hours.", 2), (decided.Value!.Record.NotNotifiedBecause, decided.Value.Version));
        Assert.Equal(2, (await world.RowsAsync<BreachVersionRow>()).Count);
        Assert.Single(await world.AuditAsync(), a => a.Action == "breach.not-notified" && a.Subject == breachId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CompareRegimes_AssessedCase_EveryShareComparedNothingWritten(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var (_, shares) = await world.AssessedCaseAsync();
        var before = (await world.AuditAsync()).Count;

        var differences = await world.RunAsync((s, _) => new CompareRegimes(s, world.Sharing).ExecuteAsync("cbw"));

        Assert.All(differences, d => Assert.Contains(shares, s => s.Id == d.ShareId));
        Assert.Contains(differences, d => d.ShareId == shares.Single(s => s.PartyId == "jpcert-cc").Id);
        Assert.Equal(before, (await world.AuditAsync()).Count);
        Assert.Empty(await world.RowsAsync<BreachVersionRow>());
    }
}
