using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Grondslag.Application.Delivery;
using Grondslag.Server.Delivery;
using Grondslag.Server.Tests.Gate;
using Grondslag.Storage;
using Grondslag.Storage.Audit;
using Grondslag.Storage.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Grondslag.Server.Tests.Delivery;

/// <summary>
/// Issue 18, build 2 and acceptance 1: a release records the release and its outbox work before its commit (counted
/// with a command interceptor; no TAXII or OpenPGP work among them), and the channels run after the commit — a slow
/// channel step holds no lock that another audited action waits for.
/// </summary>
public sealed partial class DeliveryAfterCommitTests
{
    public static TheoryData<DatabaseProvider> Providers => new() { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql };

    /// <summary>No background pass during the test: only the request itself delivers.</summary>
    private static readonly Dictionary<string, string> QuietWorker = new() { [DeliverySettings.PollSeconds] = "3600", [DeliverySettings.InlineSeconds] = "600" };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Release_CountedCommands_NoChannelWorkBeforeCommit_ChannelsAfter(DatabaseProvider provider)
    {
        var log = new RoundTrips();
        await using var host = await TestServerHost.StartAsync(provider, settings: QuietWorker, services: s => s.AddScoped(sp =>
        {
            var storage = sp.GetRequiredService<StorageOptions>();
            var options = new DbContextOptionsBuilder<GrondslagDbContext>(GrondslagDatabase.Options(storage)).AddInterceptors(log.Commands, log.Transactions).Options;
            return storage.Provider == DatabaseProvider.Sqlite ? (GrondslagDbContext)new SqliteGrondslagDbContext(options) : new PostgreSqlGrondslagDbContext(options);
        }));
        using var alice = await host.SignedInAsync("alice", ["analyst", "duty-officer"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        var caseId = await GateProbe.CaseWithListAsync(alice);
        var shares = await GateProbe.AssessedAsync(alice, caseId);
        var shareId = shares["cert-fr"];
        await GateProbe.ApproveAsync(bob, caseId, shareId).ExpectAsync(HttpStatusCode.OK);
        log.Clear();

        await GateProbe.ReleaseAsync(alice, caseId, shareId).ExpectAsync(HttpStatusCode.Created);

        // The request's own context: the one that inserted the release. Its round trips up to the release's commit.
        var request = log.Contexts().Single(events => events.Any(e => e.Contains("INSERT INTO", StringComparison.Ordinal) && e.Contains("case_releases", StringComparison.Ordinal)));
        var releaseAt = request.FindIndex(e => e.Contains("case_releases", StringComparison.Ordinal));
        var commit = request.FindIndex(releaseAt, e => e == "COMMIT");
        var beforeCommit = request.Take(commit + 1).ToList();
        Console.WriteLine($"{provider}: {beforeCommit.Count} round trips before the release's commit:\n" + string.Join("\n", beforeCommit.Select(Short)));
        // Issue 18 asks for at most 10, on both providers. What they are: the newest-activation check and the sign-in
        // check (every request, before the action), BEGIN, the case (the closed-case guard; kept for the transaction),
        // the share with its advice, decision, confirmations, plan and import (one query), the share's indicators (one
        // query), the release's writes with its outbox rows (one batched command), the audit append's lock with the log's
        // head (one statement) and its entry with the new head (one batched command), COMMIT.
        var bound = 10;
        Assert.True(beforeCommit.Count <= bound, $"{beforeCommit.Count} round trips before the release's commit:\n" + string.Join("\n", beforeCommit.Select(Short)));
        Assert.DoesNotContain(beforeCommit, e => e.Contains("taxii_object", StringComparison.Ordinal));
        Assert.Contains(beforeCommit, e => e.Contains("INSERT INTO", StringComparison.Ordinal) && e.Contains("outbox", StringComparison.Ordinal));

        // After the commit, in the same request, the channels ran from the outbox: TAXII published, e-mail not possible
        // (no key), each step audited by the system in its own transaction; the API tells the state per channel.
        await using var db = host.Db();
        Assert.True(await db.Set<TaxiiObjectRow>().AnyAsync(o => o.ShareId == shareId));
        var outbox = await db.Set<OutboxRow>().AsNoTracking().Where(o => o.ShareId == shareId).ToListAsync();
        Assert.Equal(["email", "taxii"], outbox.Select(o => o.Channel.ToLowerInvariant()).Order(StringComparer.Ordinal));
        Assert.All(outbox, o => Assert.Null(o.LeaseOwner));
        var steps = await db.Set<AuditEntry>().AsNoTracking().Where(a => a.Subject == shareId && a.Action.StartsWith("delivery.")).OrderBy(a => a.Index).ToListAsync();
        Assert.Equal(["delivery.taxii-publish", "delivery.email-not-possible"], steps.Select(a => a.Action));
        Assert.All(steps, a => Assert.Equal("system", a.Actor));
        var release = await db.Set<AuditEntry>().AsNoTracking().SingleAsync(a => a.Subject == shareId && a.Action == "share.release");
        Assert.True(release.Index < steps[0].Index);
        var deliveries = await alice.GetAsync($"/api/cases/{caseId}/shares/{shareId}/deliveries").ExpectAsync(HttpStatusCode.OK);
        var channels = deliveries["channels"]!.AsArray().ToDictionary(c => c!["channel"]!.GetValue<string>(), c => c!["state"]!.GetValue<string>());
        Assert.Equal("delivered", channels["taxii"]);
        Assert.Equal("failed", channels["email"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ReleaseMany_CountedCommands_TwoPerActPlusEightPerShare(DatabaseProvider provider)
    {
        var log = new RoundTrips();
        // The act waits for its shares' channel steps here (by default it answers with them queued), so the answer's
        // delivery states are final and can be checked against what was stored.
        var settings = new Dictionary<string, string>(QuietWorker) { [DeliverySettings.BulkInlineSeconds] = "600" };
        await using var host = await TestServerHost.StartAsync(provider, settings: settings, services: s => s.AddScoped(sp =>
        {
            var storage = sp.GetRequiredService<StorageOptions>();
            var options = new DbContextOptionsBuilder<GrondslagDbContext>(GrondslagDatabase.Options(storage)).AddInterceptors(log.Commands, log.Transactions).Options;
            return storage.Provider == DatabaseProvider.Sqlite ? (GrondslagDbContext)new SqliteGrondslagDbContext(options) : new PostgreSqlGrondslagDbContext(options);
        }));
        using var alice = await host.SignedInAsync("alice", ["analyst", "duty-officer"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        var caseId = await GateProbe.CaseWithListAsync(alice);
        await GateProbe.AssessedAsync(alice, caseId);
        var detail = await alice.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK);
        var permitted = detail["shares"]!["items"]!.AsArray().Where(s => s!["verdict"]!.GetValue<string>() == "permitted").Select(s => s!["id"]!.GetValue<string>()).ToList();
        Assert.True(permitted.Count >= 2, $"the example list should give at least two permitted shares, not {permitted.Count}");
        await bob.PostAsJsonAsync($"/api/cases/{caseId}/decisions", new { shareIds = permitted, outcome = "approve", motivation = "EU CSIRTs, own constituency" }).ExpectAsync(HttpStatusCode.OK);
        log.Clear();

        var released = await alice.PostAsJsonAsync($"/api/cases/{caseId}/releases", new { shareIds = permitted }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(permitted.Count, released["succeeded"]!.GetValue<int>());

        // The request's own context: the act's two checks, then per share its own transaction (each share is gated,
        // recorded and audited on its own, and a refusal of one leaves the others): BEGIN, case, share, indicators,
        // writes, audit lock with head, audit entry, COMMIT. Delivery runs after each commit in scopes of its own.
        var request = log.Contexts().Single(events => events.Count(e => e.Contains("INSERT INTO", StringComparison.Ordinal) && e.Contains("case_releases", StringComparison.Ordinal)) == permitted.Count);
        var lastCommit = request.FindLastIndex(e => e == "COMMIT");
        var counted = request.Take(lastCommit + 1).ToList();
        Console.WriteLine($"{provider}: {counted.Count} round trips for a release of {permitted.Count} shares in one act");
        Assert.Equal(permitted.Count, counted.Count(e => e == "COMMIT"));
        Assert.True(counted.Count <= 2 + (8 * permitted.Count), $"{counted.Count} round trips for {permitted.Count} shares:\n" + string.Join("\n", counted.Select(Short)));

        // No channel step between one share's release and the next's: the first TAXII write comes after the last
        // release's commit, in a scope of its own.
        var all = log.Events();
        var lastRelease = all.FindLastIndex(e => e.Contains("INSERT INTO", StringComparison.Ordinal) && e.Contains("case_releases", StringComparison.Ordinal));
        var firstTaxii = all.FindIndex(e => e.Contains("taxii_object", StringComparison.Ordinal));
        Assert.True(firstTaxii > lastRelease, $"a TAXII statement at {firstTaxii} before the last release at {lastRelease}");

        // The answer says per released share where each channel stands; with the wait above they are done: TAXII
        // published (its objects stored), e-mail not possible (the example registry has no keys).
        await using var db = host.Db();
        foreach (var share in released["shares"]!.AsArray())
        {
            var id = share!["shareId"]!.GetValue<string>();
            var channels = share["deliveries"]!.AsArray().ToDictionary(c => c!["channel"]!.GetValue<string>(), c => c!["state"]!.GetValue<string>());
            Assert.Equal("delivered", channels["taxii"]);
            Assert.Equal("failed", channels["email"]);
            Assert.True(await db.Set<TaxiiObjectRow>().AnyAsync(o => o.ShareId == id), $"no TAXII objects for {id}");
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ReleaseMany_ChannelStepsHeld_AnswersWithChannelsPending_SharePageShowsPending_DeliveredAfterwards(DatabaseProvider provider)
    {
        // The default bulk wait (none): the act answers once every share is released, whatever its channels do.
        var slow = new SlowChannels();
        await using var host = await TestServerHost.StartAsync(provider, kestrel: true, settings: new Dictionary<string, string> { [DeliverySettings.PollSeconds] = "3600" }, services: s => s.AddScoped<IDeliveryChannels>(sp =>
        {
            slow.Inner = ActivatorUtilities.CreateInstance<DeliveryChannels>(sp);
            return slow;
        }));
        using var alice = await host.SignedInAsync("alice", ["analyst", "duty-officer"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        var caseId = await GateProbe.CaseWithListAsync(alice);
        var byParty = await GateProbe.AssessedAsync(alice, caseId);
        var detail = await alice.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK);
        var permitted = detail["shares"]!["items"]!.AsArray().Where(s => s!["verdict"]!.GetValue<string>() == "permitted").Select(s => s!["id"]!.GetValue<string>()).ToList();
        Assert.Contains(byParty["cert-fr"], permitted);
        await bob.PostAsJsonAsync($"/api/cases/{caseId}/decisions", new { shareIds = permitted, outcome = "approve", motivation = "EU CSIRTs, own constituency" }).ExpectAsync(HttpStatusCode.OK);

        // Every channel step is held; the answer still comes, every share released, every channel said to be pending.
        var released = await alice.PostAsJsonAsync($"/api/cases/{caseId}/releases", new { shareIds = permitted }).WaitAsync(TimeSpan.FromSeconds(120)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(permitted.Count, released["succeeded"]!.GetValue<int>());
        foreach (var share in released["shares"]!.AsArray())
        {
            var states = share!["deliveries"]!.AsArray().Select(c => (c!["channel"]!.GetValue<string>(), c["state"]!.GetValue<string>())).Order().ToList();
            Assert.Equal([("email", "pending"), ("taxii", "pending")], states);
        }

        // The share's page says so too (in the reader's language).
        using var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var web = new HttpClient(handler) { BaseAddress = host.BaseAddress };
        handler.CookieContainer.Add(host.BaseAddress, new Cookie("grondslag-language", "c=en|uic=en"));
        var signInToken = Token().Match(await web.GetStringAsync("/sign-in")).Groups[1].Value;
        using (var signedIn = await web.PostAsync("/sign-in", new FormUrlEncodedContent([new("__RequestVerificationToken", signInToken), new("userName", "alice"), new("password", TestServerHost.Password)])))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        var page = await web.GetStringAsync($"/cases/{caseId}/shares/cert-fr");
        Assert.Equal(2, CountOf(page, "<tr class=\"pending\">"));
        Assert.Contains("Queued, not done yet", page, StringComparison.Ordinal);

        // Let the steps go: every share is then delivered (TAXII) or found impossible (e-mail without a key).
        slow.Release.SetResult();
        var deadline = Stopwatch.StartNew();
        foreach (var id in permitted)
        {
            string[] states;
            do
            {
                var deliveries = await alice.GetAsync($"/api/cases/{caseId}/shares/{id}/deliveries").ExpectAsync(HttpStatusCode.OK);
                states = [.. deliveries["channels"]!.AsArray().Select(c => c!["state"]!.GetValue<string>())];
            }
            while (states.Contains("pending") && deadline.Elapsed < TimeSpan.FromSeconds(120));

            Assert.Equal(["delivered", "failed"], states.Order(StringComparer.Ordinal));
        }

        var after = await web.GetStringAsync($"/cases/{caseId}/shares/cert-fr");
        Assert.Equal(0, CountOf(after, "<tr class=\"pending\">"));
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    [System.Text.RegularExpressions.GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex Token();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Release_ChannelStepSlow_OtherAuditedActionsGoOn_ShareDeliveredAfterwards(DatabaseProvider provider)
    {
        var slow = new SlowChannels();
        await using var host = await TestServerHost.StartAsync(provider, settings: QuietWorker, services: s => s.AddScoped<IDeliveryChannels>(sp =>
        {
            slow.Inner = ActivatorUtilities.CreateInstance<DeliveryChannels>(sp);
            return slow;
        }));
        using var alice = await host.SignedInAsync("alice", ["analyst", "duty-officer"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        using var carol = await host.SignedInAsync("carol", ["analyst"]);
        var caseId = await GateProbe.CaseWithListAsync(alice);
        var shareId = (await GateProbe.AssessedAsync(alice, caseId))["cert-fr"];
        await GateProbe.ApproveAsync(bob, caseId, shareId).ExpectAsync(HttpStatusCode.OK);

        var releasing = GateProbe.ReleaseAsync(alice, caseId, shareId);
        await slow.Entered.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // While the channel step hangs (it would be OpenPGP or an SMTP server), another person's audited action completes.
        var clock = Stopwatch.StartNew();
        var created = await carol.PostAsJsonAsync("/api/cases", new { title = "Other work", source = "NCSC", tlp = "green", purpose = "inform-victims" })
            .ExpectAsync(HttpStatusCode.Created);
        clock.Stop();
        Assert.False(releasing.IsCompleted);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"an audited action waited {clock.Elapsed.TotalSeconds:F1} s behind a channel step");
        await using (var db = host.Db())
        {
            // The release is recorded (and audited) while its channels are still pending.
            var id = created["id"]!.GetValue<string>();
            Assert.True(await db.Set<AuditEntry>().AnyAsync(a => a.Action == "share.release" && a.Subject == shareId));
            Assert.True(await db.Set<AuditEntry>().AnyAsync(a => a.CaseId == id));
            Assert.False(await db.Set<TaxiiObjectRow>().AnyAsync(o => o.ShareId == shareId));
            var pending = await alice.GetAsync($"/api/cases/{caseId}/shares/{shareId}/deliveries").ExpectAsync(HttpStatusCode.OK);
            Assert.All(pending["channels"]!.AsArray(), c => Assert.Equal("pending", c!["state"]!.GetValue<string>()));
        }

        slow.Release.SetResult();
        using var response = await releasing;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using (var db = host.Db())
        {
            Assert.True(await db.Set<TaxiiObjectRow>().AnyAsync(o => o.ShareId == shareId));
        }
    }

    private static string Short(string command) => command.Length > 160 ? command[..160] + "…" : command;

    /// <summary>The real channels behind a gate: the first step waits until the test lets it go.</summary>
    private sealed class SlowChannels : IDeliveryChannels
    {
        public IDeliveryChannels? Inner { get; set; }
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IChannelStep> PrepareAsync(DeliveryClaim claim, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return await Inner!.PrepareAsync(claim, cancellationToken);
        }
    }

    /// <summary>Every command and transaction boundary, per context instance (a request scope has its own).</summary>
    private sealed class RoundTrips
    {
        private readonly ConcurrentDictionary<DbContext, List<string>> _events = new();

        public RoundTrips()
        {
            Commands = new CommandCounter(this);
            Transactions = new TransactionCounter(this);
        }

        public IInterceptor Commands { get; }
        public IInterceptor Transactions { get; }

        private readonly List<string> _all = [];

        public void Clear()
        {
            _events.Clear();
            lock (_all)
            {
                _all.Clear();
            }
        }

        public List<List<string>> Contexts() => [.. _events.Values.Select(l => { lock (l) { return l.ToList(); } })];

        /// <summary>Every context's events in the order they happened.</summary>
        public List<string> Events()
        {
            lock (_all)
            {
                return [.. _all];
            }
        }

        private void Add(DbContext? context, string what)
        {
            if (context is null)
            {
                return;
            }

            var list = _events.GetOrAdd(context, _ => []);
            lock (list)
            {
                list.Add(what);
            }

            lock (_all)
            {
                _all.Add(what);
            }
        }

        private sealed class CommandCounter(RoundTrips log) : DbCommandInterceptor
        {
            public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
            {
                log.Add(eventData.Context, command.CommandText);
                return result;
            }

            public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
            {
                log.Add(eventData.Context, command.CommandText);
                return ValueTask.FromResult(result);
            }

            public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
            {
                log.Add(eventData.Context, command.CommandText);
                return result;
            }

            public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
            {
                log.Add(eventData.Context, command.CommandText);
                return ValueTask.FromResult(result);
            }

            public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
            {
                log.Add(eventData.Context, command.CommandText);
                return result;
            }

            public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
            {
                log.Add(eventData.Context, command.CommandText);
                return ValueTask.FromResult(result);
            }
        }

        private sealed class TransactionCounter(RoundTrips log) : DbTransactionInterceptor
        {
            public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
            {
                log.Add(eventData.Context, "BEGIN");
                return ValueTask.FromResult(result);
            }

            public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
            {
                log.Add(eventData.Context, "BEGIN");
                return result;
            }

            public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
            {
                log.Add(eventData.Context, "COMMIT");
                return ValueTask.FromResult(result);
            }

            public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
            {
                log.Add(eventData.Context, "COMMIT");
                return result;
            }
        }
    }
}
