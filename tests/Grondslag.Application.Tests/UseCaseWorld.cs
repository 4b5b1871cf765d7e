using System.Text;
using Grondslag.Application.Auditing;
using Grondslag.Application.Cases;
using Grondslag.Application.Delivery;
using Grondslag.Application.Review;
using Grondslag.Attribution.Parties;
using Grondslag.Attribution.Tables;
using Grondslag.Audit;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using Grondslag.Rules;
using Grondslag.Storage;
using Grondslag.Storage.Audit;
using Grondslag.Storage.Cases;
using Grondslag.Storage.Review;
using Grondslag.Storage.Tests;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Application.Tests;

/// <summary>A clock the test sets.</summary>
internal sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>The reference data, switchable as an activation would switch it.</summary>
internal sealed class TestSharing(LegalEvaluator evaluator) : ISharingContext
{
    public AddressTables Tables => TestEnvironment.Tables;

    public PartyRegistry Parties { get; set; } = PartyRegistryLoader.LoadFile(Path.Combine(TestEnvironment.Root, "parties", "default.yaml"));

    public LegalEvaluator Evaluator { get; set; } = evaluator;
}

/// <summary>
/// The application's use cases over one fresh database of either provider, composed as the server composes them per
/// request (one context, the EF case store, the audit log, the breach register), with the steps that bring a case to the
/// state a use case under test starts from, and the stored rows and audit entries to assert side effects on.
/// Use it from a [Theory] over <see cref="Providers"/> so every use case test runs on SQLite and on PostgreSQL.
/// </summary>
internal sealed class UseCaseWorld(TestDatabase database, TestClock clock, TestSharing sharing) : IAsyncDisposable
{
    public static readonly DateTimeOffset Day1 = new(2024, 6, 10, 10, 0, 0, TimeSpan.Zero);

    public static readonly Actor Alice = new("alice", Role.Analyst);
    public static readonly Actor Bob = new("bob", Role.DutyOfficer);
    public static readonly Actor Carol = new("carol", Role.DutyOfficer);
    public static readonly Actor Dave = new("dave", Role.LegalAdviser);

    private static readonly AuditLogSettings Audit = new("grondslag.test/audit", Ed25519NoteSigner.Generate("grondslag.test/audit"), 0, null);

    public static TheoryData<DatabaseProvider> Providers => TestDatabase.Providers;

    public TestDatabase Database => database;

    public TestClock Clock => clock;

    public TestSharing Sharing => sharing;

    /// <summary>A fresh database of <paramref name="provider"/>, the clock at <see cref="Day1"/>, the repository's rules (or <paramref name="evaluator"/>).</summary>
    public static async Task<UseCaseWorld> CreateAsync(DatabaseProvider provider, LegalEvaluator? evaluator = null) =>
        new(await TestDatabase.CreateAsync(provider), new TestClock(Day1), new TestSharing(evaluator ?? TestEnvironment.Evaluator));

    /// <summary>
    /// The repository's rules with wrong country facts that treat Japan as an EU member state: the 2024 mistake, which
    /// lets a share to JPCERT/CC be permitted until the corrected rules are back in force.
    /// </summary>
    public static LegalEvaluator WronglyPermissive()
    {
        var dir = Testing.RepositoryRoot.CopyOfRulesTreatingAsEuMembers("JP");
        try
        {
            return new LegalEvaluator(RuleBookLoader.Load(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public ValueTask DisposeAsync() => database.DisposeAsync();

    /// <summary>Runs one request's worth of work: a new context with the case store and audit trail over it.</summary>
    public async Task<T> RunAsync<T>(Func<ICaseStore, IAuditTrail, Task<T>> action)
    {
        await using var context = database.Context();
        return await action(new EfCaseStore(context), new AuditLog(context, clock, Audit));
    }

    /// <summary>As the other RunAsync, with the breach register on the same context.</summary>
    public async Task<T> RunAsync<T>(Func<ICaseStore, IBreachRegister, IAuditTrail, Task<T>> action)
    {
        await using var context = database.Context();
        return await action(new EfCaseStore(context), new EfBreachRegister(context), new AuditLog(context, clock, Audit));
    }

    /// <summary>As the other RunAsync, with the context itself for the storage adapters a test composes (grants, TAXII clients).</summary>
    public async Task<T> RunOnContextAsync<T>(Func<GrondslagDbContext, IRecordAccountEvent, Task<T>> action)
    {
        await using var context = database.Context();
        return await action(context, new RecordAccountEvent(new EfCaseStore(context), new AuditLog(context, clock, Audit), new NoCommitHook()));
    }

    /// <summary>As the other RunAsync, with the context itself, for the storage adapters a test composes (outbox, activation store).</summary>
    public async Task<T> RunWithContextAsync<T>(Func<GrondslagDbContext, ICaseStore, IAuditTrail, Task<T>> action)
    {
        await using var context = database.Context();
        return await action(context, new EfCaseStore(context), new AuditLog(context, clock, Audit));
    }

    /// <summary>Every audit entry, in log order.</summary>
    public Task<List<AuditEntry>> AuditAsync() => AuditOf(database);

    /// <summary>Every stored row of one kind.</summary>
    public Task<List<TRow>> RowsAsync<TRow>()
        where TRow : class => RowsOf<TRow>(database);

    /// <summary>Every audit entry of a test database, in log order (also for the activation tests' world).</summary>
    internal static async Task<List<AuditEntry>> AuditOf(TestDatabase database)
    {
        await using var context = database.Context();
        return await context.Set<AuditEntry>().AsNoTracking().OrderBy(a => a.Index).ToListAsync();
    }

    /// <summary>Every stored row of one kind in a test database.</summary>
    internal static async Task<List<TRow>> RowsOf<TRow>(TestDatabase database)
        where TRow : class
    {
        await using var context = database.Context();
        return await context.Set<TRow>().AsNoTracking().ToListAsync();
    }

    public Task<Outcome<CaseFile>> CreateAsync(string title = "COATHANGER", OriginatorConditions? originator = null) =>
        RunAsync((s, a) => new CreateCase(s, a, new NoCommitHook(), new RandomIdGenerator(), clock)
            .ExecuteAsync(new CreateCaseCommand(title, "MIVD", originator ?? OriginatorConditions.Default, Urgency.Routine, null), Alice));

    public Task<Outcome<ImportResult>> ImportAsync(string caseId, string example = "coathanger-2024.txt") =>
        RunAsync(async (s, a) => await new ImportIndicators(s, a, new NoCommitHook(), new RandomIdGenerator(), clock)
            .ExecuteAsync(caseId, example, Encoding.UTF8.GetBytes(await File.ReadAllTextAsync(Path.Combine(TestEnvironment.Root, "examples", example))), Alice));

    public Task<Outcome<AssessCaseResult>> AssessAsync(string caseId, string? regime = null) =>
        RunAsync((s, a) => new AssessCase(s, a, new NoCommitHook(), new RandomIdGenerator(), clock, sharing).ExecuteAsync(caseId, null, regime, Alice));

    public Task<Outcome<ReassessCaseResult>> ReassessAsync(string caseId, Actor actor) =>
        RunAsync((s, a) => new ReassessCase(s, a, new NoCommitHook(), new RandomIdGenerator(), clock, sharing).ExecuteAsync(caseId, actor));

    public Task<Outcome<ShareFile>> ConfirmAsync(string caseId, string shareId, string condition) =>
        RunAsync((s, a) => new ConfirmCondition(s, a, new NoCommitHook(), clock, sharing).ExecuteAsync(caseId, shareId, condition, "SCC 2021/914, signed 2024-05-02", Alice));

    public Task<Outcome<ShareDecision>> ApproveAsync(string caseId, string shareId, string by) =>
        RunAsync((s, a) => new Decide(s, a, new NoCommitHook(), new RandomIdGenerator(), clock).ExecuteAsync(caseId, shareId, DecisionOutcome.Approved, "EU CSIRT", new Actor(by, Role.DutyOfficer)));

    public Task<Outcome<StoredRelease>> ReleaseAsync(string caseId, string shareId, Actor actor) =>
        RunAsync((s, a) => new Release(s, a, new NoCommitHook(), new RandomIdGenerator(), clock, sharing, new NoShareDelivery()).ExecuteAsync(caseId, shareId, actor));

    public Task<Outcome<StoredWithdrawal>> WithdrawAsync(string caseId, string shareId, string reason, Actor actor) =>
        RunAsync((s, a) => new Withdraw(s, a, new NoCommitHook(), clock, sharing, new NoShareDelivery()).ExecuteAsync(caseId, shareId, reason, actor));

    public Task<Outcome<StoredWhatIf>> WhatIfAsync(string caseId, string regime) =>
        RunAsync((s, a) => new CompareWhatIf(s, a, new NoCommitHook(), new RandomIdGenerator(), clock, sharing).ExecuteAsync(caseId, regime, null, Alice));

    /// <summary>A case with the COATHANGER list imported (not yet assessed).</summary>
    public async Task<string> ImportedCaseAsync()
    {
        var created = await CreateAsync();
        var caseId = created.Value!.Id;
        var imported = await ImportAsync(caseId);
        Assert.True(imported.IsOk, imported.Refusal?.Reason);
        return caseId;
    }

    /// <summary>An imported and assessed case: its id and its shares.</summary>
    public async Task<(string CaseId, IReadOnlyList<ShareFile> Shares)> AssessedCaseAsync()
    {
        var caseId = await ImportedCaseAsync();
        var assessed = await AssessAsync(caseId);
        Assert.True(assessed.IsOk, assessed.Refusal?.Reason);
        return (caseId, assessed.Value!.Shares);
    }

    /// <summary>
    /// The share <paramref name="share"/> of an assessed case, with its open conditions confirmed by Alice, approved by
    /// Bob and released by Carol.
    /// </summary>
    public async Task<StoredRelease> ReleasedAsync(string caseId, ShareFile share)
    {
        foreach (var condition in share.Assessment.OpenConditions)
        {
            var confirmed = await ConfirmAsync(caseId, share.Id, condition);
            Assert.True(confirmed.IsOk, confirmed.Refusal?.Reason);
        }

        var approved = await ApproveAsync(caseId, share.Id, Bob.Name);
        Assert.True(approved.IsOk, approved.Refusal?.Reason);
        var released = await ReleaseAsync(caseId, share.Id, Carol);
        Assert.True(released.IsOk, released.Refusal?.Reason);
        return released.Value!;
    }

    /// <summary>
    /// The 2024 breach set-up: under the wrongly permissive rules the shares to JPCERT/CC and CERT-FR are released; then the
    /// corrected rules come back into force, so the share to JPCERT/CC no longer has a basis. Returns the case id.
    /// </summary>
    public async Task<string> ReleasedWithoutBasisAsync()
    {
        sharing.Evaluator = WronglyPermissive();
        var (caseId, shares) = await AssessedCaseAsync();
        foreach (var party in new[] { "jpcert-cc", "cert-fr" })
        {
            await ReleasedAsync(caseId, shares.Single(s => s.PartyId == party));
        }

        clock.Now = Day1.AddDays(1);
        sharing.Evaluator = TestEnvironment.Evaluator;
        return caseId;
    }
}
