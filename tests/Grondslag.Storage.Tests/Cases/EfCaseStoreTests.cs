using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;
using Grondslag.Storage.Cases;

namespace Grondslag.Storage.Tests.Cases;

/// <summary>
/// <see cref="EfCaseStore"/> directly, on both providers: what a transaction stages is what a fresh context reads back
/// (case, import and its bytes, plan, share with advice, confirmation and decision, release), nothing is visible before
/// the commit, and a lost race on a share's version or a second decision is a <see cref="ConcurrentChangeException"/>.
/// </summary>
public sealed class EfCaseStoreTests
{
    private static readonly DateTimeOffset At = new(2024, 6, 10, 10, 0, 0, TimeSpan.FromHours(2));

    public static TheoryData<DatabaseProvider> Providers => TestDatabase.Providers;

    private static readonly CaseFile Case = new("case-1", "COATHANGER", "MIVD", OriginatorConditions.Default, "alice", Urgency.Routine, null, CaseState.Intake, "alice", At, null, 0);

    private static readonly StoredImport Import = new("import-1", "case-1", "list.txt", new string('a', 64), 3, 2, 1, 40, "alice", At);

    private static readonly StoredPlan Plan = new("plan-1", "case-1", "import-1", new DateOnly(2024, 6, 10), null, "wbni", new string('b', 64), "ip-location-db", "1.0", new string('c', 64),
        new string('d', 64), InformationClasses.CompromisedDeviceList, "alice", At);

    private static readonly ShareFile Share = new("share-1", "case-1", "plan-1", "cert-fr", "CERT-FR", 2, ShareState.Assessed,
        new ShareVerdict(Verdict.Conditional, ["Wbni art. 20(2)"], [new ConditionStatus("originator-consent", "the originator's consent", false, null)], new string('b', 64),
            new DateOnly(2024, 6, 10), false, "fp-1"),
        "alice", false, [], [], null, 0);

    private static async Task<TestDatabase> SeededAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        await using var context = database.Context();
        await using var tx = await new EfCaseStore(context).BeginAsync(CancellationToken.None);
        tx.AddCase(Case);
        tx.AddImport(Import, [1, 2, 3]);
        tx.AddPlan(Plan, [new NewShare(Share, "{\"verdict\":\"conditional\"}", [0, 2])]);
        await tx.SaveAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        return database;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AddAndUpdate_FullShareLife_FreshContextReadsBackWhatWasStaged(DatabaseProvider provider)
    {
        await using var database = await SeededAsync(provider);
        var advice = new AdviceItem("advice-1", AdviserKind.Legal, "Consent?", "alice", At.AddHours(1), "Given.", "dave", At.AddHours(2));
        var decision = new ShareDecision("decision-1", DecisionOutcome.Approved, "EU CSIRT", "alice", "bob", Role.DutyOfficer, At.AddHours(3));
        var confirmation = new Confirmation("originator-consent", "MIVD letter 2024-17", "alice", At.AddHours(1));
        await using (var context = database.Context())
        {
            await using var tx = await new EfCaseStore(context).BeginAsync(CancellationToken.None);
            var stored = (await tx.FindShareAsync("case-1", "share-1", CancellationToken.None))!;
            tx.UpdateShare(stored, stored with { State = ShareState.Approved, Advice = [advice], Decision = decision });
            tx.AddConfirmation("share-1", confirmation);
            tx.AddRelease(new StoredRelease("release-1", "case-1", "share-1", "cert-fr", 2, "carol", At.AddHours(4), "amber"));
            await tx.SaveAsync(CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }

        await using var read = database.Context();
        await using var r = await new EfCaseStore(read).BeginReadAsync(CancellationToken.None);
        var file = (await r.FindCaseAsync("case-1", CancellationToken.None))!;
        var share = Assert.Single(await r.SharesAsync("case-1", CancellationToken.None));
        Assert.Equal((Case.Title, Case.Owner, Case.CreatedAt), (file.Title, file.Owner, file.CreatedAt));
        Assert.Equal(Import with { }, await r.ImportAsync("import-1", CancellationToken.None));
        Assert.Equal(new byte[] { 1, 2, 3 }, await r.ImportBytesAsync("import-1", CancellationToken.None));
        var plan = (await r.FindPlanAsync("plan-1", CancellationToken.None))!;
        Assert.Equal((Plan.Date, Plan.RegimeId, Plan.CreatedAt), (plan.Date, plan.RegimeId, plan.CreatedAt));
        Assert.Equal(Plan.Classes, plan.Classes);
        Assert.Equal((ShareState.Approved, Verdict.Conditional, "fp-1"), (share.State, share.Assessment.Verdict, share.Assessment.PartyFingerprint));
        Assert.Equal(advice, Assert.Single(share.Advice));
        Assert.Equal(decision, share.Decision);
        Assert.Equal(confirmation, Assert.Single(share.Confirmations));
        Assert.Equal(new[] { 0, 2 }, (await r.ShareIndexesAsync("share-1", CancellationToken.None)).ToArray());
        Assert.Equal("{\"verdict\":\"conditional\"}", await r.AssessmentJsonAsync("share-1", CancellationToken.None));
        var release = Assert.Single(await r.ReleasesAsync("cert-fr", CancellationToken.None));
        Assert.Equal(release, Assert.Single(await r.CaseReleasesAsync("case-1", CancellationToken.None)));
        Assert.Empty(await r.CaseReleasesAsync("case-2", CancellationToken.None));
        Assert.Equal(("release-1", "carol", At.AddHours(4)), (release.Id, release.ReleasedBy, release.ReleasedAt));
        Assert.Empty(await r.ReleasesAsync("jpcert-cc", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SaveWithoutCommit_Disposed_NothingStored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var context = database.Context())
        {
            await using var tx = await new EfCaseStore(context).BeginAsync(CancellationToken.None);
            tx.AddCase(Case);
            await tx.SaveAsync(CancellationToken.None);
        }

        await using var read = database.Context();
        await using var r = await new EfCaseStore(read).BeginReadAsync(CancellationToken.None);
        Assert.Empty(await r.ListCasesAsync(CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UpdateShare_TwoTransactionsFromTheSameVersion_SecondIsAConcurrentChange(DatabaseProvider provider)
    {
        await using var database = await SeededAsync(provider);
        await using var first = database.Context();
        await using var second = database.Context();
        var a = await new EfCaseStore(first).BeginAsync(CancellationToken.None);
        var shareA = (await a.FindShareAsync("case-1", "share-1", CancellationToken.None))!;
        a.UpdateShare(shareA, shareA with { State = ShareState.Refused });
        await a.SaveAsync(CancellationToken.None);
        await a.CommitAsync(CancellationToken.None);
        await a.DisposeAsync();

        await using var b = await new EfCaseStore(second).BeginAsync(CancellationToken.None);
        b.UpdateShare(shareA, shareA with { State = ShareState.Approved });

        await Assert.ThrowsAsync<ConcurrentChangeException>(() => b.SaveAsync(CancellationToken.None));
    }

    /// <summary>
    /// The case list and the open-cases list are ordered and seeked in SQL: following the cursor page by page gives exactly
    /// the in-memory order (creation order; <see cref="OpenCaseOrder"/>), with ties in time, cases without a deadline,
    /// times stored from other offsets, and settled or closed cases left out of the open list; an unknown cursor, nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CasePages_FollowingCursors_SameOrderAsInMemory(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var random = new Random(17);
        var start = new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.FromHours(2));
        var states = new[] { CaseState.Intake, CaseState.InProgress, CaseState.Settled, CaseState.Closed };
        var cases = Enumerable.Range(0, 61).Select(i => Case with
        {
            Id = "case-" + random.Next(0x10000).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) + i.ToString("x2", System.Globalization.CultureInfo.InvariantCulture),
            CreatedAt = start.AddMinutes(random.Next(8)).ToOffset(TimeSpan.FromHours(random.Next(-3, 4))),
            Deadline = random.Next(3) == 0 ? null : start.AddHours(random.Next(4)),
            State = states[random.Next(states.Length)],
        }).ToList();
        await using (var context = database.Context())
        {
            await using var tx = await new EfCaseStore(context).BeginAsync(CancellationToken.None);
            cases.ForEach(tx.AddCase);
            await tx.SaveAsync(CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }

        var open = OpenCaseOrder.Sort(cases.Where(c => c.State is not (CaseState.Settled or CaseState.Closed)), c => c.Id, c => c.Deadline, c => c.CreatedAt).Select(c => c.Id);
        var all = cases.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id, StringComparer.Ordinal).Select(c => c.Id);
        await using var read = database.Context();
        await using var r = await new EfCaseStore(read).BeginReadAsync(CancellationToken.None);
        Assert.Equal(open, await FollowAsync((after, limit) => r.OpenCasesPageAsync(after, limit, CancellationToken.None)));
        Assert.Equal(all, await FollowAsync((after, limit) => r.ListCasesPageAsync(after, limit, CancellationToken.None)));
        Assert.Empty(await r.ListCasesPageAsync("case-unknown", 5, CancellationToken.None));
        Assert.Empty(await r.OpenCasesPageAsync(cases.First(c => c.State == CaseState.Settled).Id, 5, CancellationToken.None));
        var first = (await r.ListCasesPageAsync(null, 1, CancellationToken.None)).Single();
        Assert.Equal((cases.Single(c => c.Id == first.Id).Title, cases.Single(c => c.Id == first.Id).Deadline), (first.Title, first.Deadline));
    }

    private static async Task<List<string>> FollowAsync(Func<string?, int, Task<IReadOnlyList<CaseFile>>> page)
    {
        var seen = new List<string>();
        string? after = null;
        while (true)
        {
            var next = await page(after, 7);
            Assert.True(next.Count <= 7);
            seen.AddRange(next.Select(c => c.Id));
            if (next.Count < 7)
            {
                return seen;
            }

            after = next[^1].Id;
        }
    }
}
