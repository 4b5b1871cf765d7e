using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Grondslag.Storage;
using Grondslag.Storage.Cases;
using Grondslag.Storage.Delivery;
using Grondslag.Storage.Tests;
using Microsoft.EntityFrameworkCore;
using ServerProcess = Grondslag.Server.Tests.KillTests.ServerProcess;

namespace Grondslag.Server.Tests;

/// <summary>A fact that needs a real PostgreSQL server: skipped, saying so, when GRONDSLAG_TEST_POSTGRES is not set.</summary>
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)))
        {
            Skip = $"Needs a PostgreSQL server: set {TestDatabase.PostgresVariable} (./test.sh starts one via scripts/postgres.sh).";
        }
    }
}

/// <summary>
/// Issue 16's acceptance: two real server processes on one real PostgreSQL database. A person signs in on one node and
/// works on the other (bearer token, cookie, CSRF-protected form); an activation approved on one node is in force on the
/// other within 5 s (by PostgreSQL's notice, before any request reaches it); while 100 shares are released over both
/// nodes one is killed with SIGKILL, and afterwards every share is released and delivered exactly once, every release
/// that answered 2xx is there, and the audit log verifies.
/// </summary>
public sealed partial class MultiNodeTests
{
    private const int Shares = 100;

    [PostgreSqlFact]
    public async Task TwoNodesOnOnePostgreSql_SignInActivationAndReleasesWithOneNodeKilled_NothingLostNothingTwice()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var root = Path.Combine(Path.GetTempPath(), "grondslag-nodes-" + Guid.NewGuid().ToString("N"));
        var homeA = Path.Combine(root, "a");
        var homeB = Path.Combine(root, "b");
        try
        {
            using var a = await ServerProcess.StartAsync(Node(database.Options, homeA));
            // The second node gets a copy of the first's keys folder (audit signing key, data-protection key file), as an
            // operator copies it to every node; its own home otherwise.
            CopyDirectory(Path.Combine(homeA, "keys"), Path.Combine(homeB, "keys"));
            using var b = await ServerProcess.StartAsync(Node(database.Options, homeB));

            // Accounts: made on A, approved on B, every person's token from one node used on the other.
            var password = a.OneTimePassword ?? throw new InvalidOperationException("The first run printed no one-time password.\n" + a.Output);
            Assert.Null(b.OneTimePassword);
            using var admin = await a.SignInAsync("admin", password, "Kite-harbour-lantern-2024");
            var second = await OnNode(admin, b).PostAsJsonAsync("/api/admin/accounts", new { userName = "admin2", roles = new[] { "administrator" } }).ExpectAsync(HttpStatusCode.Created);
            using var admin2 = await b.SignInAsync("admin2", second["oneTimePassword"]!.GetValue<string>(), "Copper-meadow-violin-2024");
            using var admin2OnA = OnNode(admin2, a);
            var people = new Dictionary<string, string>
            {
                ["alice"] = "Maple-canal-drizzle-2024",
                ["bob"] = "Granite-otter-sunrise-2024",
                ["olga"] = "Pebble-lighthouse-fern-2024",
            };
            foreach (var (name, roles) in new[] { ("alice", "analyst"), ("bob", "duty-officer"), ("olga", "auditor") })
            {
                var created = await admin.CreateApprovedAccountAsync(admin2OnA, name, [roles]);
                using (await b.SignInAsync(name, created["oneTimePassword"]!.GetValue<string>(), people[name]))
                {
                }
            }

            using var aliceA = await a.SignInAsync("alice", people["alice"]);
            using var aliceB = OnNode(aliceA, b);
            using var bobA = await a.SignInAsync("bob", people["bob"]);
            using var bobB = OnNode(bobA, b);
            await aliceB.GetAsync("/api/cases").ExpectAsync(HttpStatusCode.OK);

            // The web: the sign-in form (with its CSRF token) fetched from A and posted to B; B's cookie then works on A.
            await CookieAndFormAcrossNodesAsync(a, b, "bob", people["bob"]);

            // An activation approved on A is in force on B within 5 s, announced by PostgreSQL (no request to B meanwhile).
            // (The Cbw date lies ahead, so today's releases stay under the Wbni; the version, and so its hash, is new.)
            var activated = (await admin2OnA.PostAsync(
                (await admin.PostAsJsonAsync("/api/admin/rule-set/activation", new { cbwEntryIntoForce = DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }).ExpectAsync(HttpStatusCode.Accepted))["approve"]!.GetValue<string>(),
                null).ExpectAsync(HttpStatusCode.OK))["sha256"]!.GetValue<string>();
            var clock = Stopwatch.StartNew();
            await b.WaitForOutputAsync("A new activation came into force on this node", TimeSpan.FromSeconds(5));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"B took {clock.Elapsed} to bring the activation into force.");
            Assert.Equal(activated, (await OnNode(admin2, b).GetAsync("/api/admin/rule-set").ExpectAsync(HttpStatusCode.OK))["sha256"]!.GetValue<string>());

            // Cases prepared on both nodes, assessed under the new version wherever they are assessed, decided in bulk.
            var shares = new List<(string Case, string Share)>();
            for (var i = 0; shares.Count < Shares; i++)
            {
                var (analyst, officer) = i % 2 == 0 ? (aliceA, bobB) : (aliceB, bobA);
                var caseId = (await analyst.PostAsJsonAsync("/api/cases", new { title = $"COATHANGER {i}", source = "MIVD", tlp = "amber" }).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
                await analyst.PostTextAsync($"/api/cases/{caseId}/imports?fileName=coathanger-2024.txt", await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt")))
                    .ExpectAsync(HttpStatusCode.Created);
                // Assessed today (the gate releases only an assessment of the day it releases on).
                await analyst.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { }).ExpectAsync(HttpStatusCode.Created);
                var items = (await analyst.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK))["shares"]!["items"]!.AsArray();
                var permitted = items.Where(s => s!["verdict"]!.GetValue<string>() == "permitted").Select(s => s!["id"]!.GetValue<string>()).Take(Shares - shares.Count).ToList();
                Assert.NotEmpty(permitted);
                var decided = await officer.PostAsJsonAsync($"/api/cases/{caseId}/decisions", new { shareIds = permitted, outcome = "approve", motivation = "EU CSIRTs" }).ExpectAsync(HttpStatusCode.OK);
                Assert.Equal(permitted.Count, decided["succeeded"]!.GetValue<int>());
                shares.AddRange(permitted.Select(s => (caseId, s)));
            }

            await using (var db = GrondslagDatabase.Create(database.Options))
            {
                var ids = shares.Select(s => s.Share).ToList();
                var assessedUnder = await db.Set<ShareRow>().Where(s => ids.Contains(s.Id)).Select(s => s.RuleSetSha256).ToListAsync();
                Assert.Equal(Shares, assessedUnder.Count);
                Assert.All(assessedUnder, sha => Assert.Equal(activated, sha));
            }

            // 100 releases, alternately on A and B, eight at a time; A is killed (SIGKILL) after the 30th answer. A release
            // that fails on its way (A gone) is sent again to B, as a person would.
            var answered = new ConcurrentDictionary<string, HttpStatusCode>();
            var done = 0;
            var killed = 0;
            using var throttle = new SemaphoreSlim(8);
            var releases = shares.Select(async (share, index) =>
            {
                await throttle.WaitAsync();
                try
                {
                    var url = $"/api/cases/{share.Case}/shares/{share.Share}/release";
                    var first = index % 2 == 0 && Volatile.Read(ref killed) == 0 ? aliceA : aliceB;
                    HttpStatusCode status;
                    try
                    {
                        using var response = await first.PostAsync(url, null);
                        status = response.StatusCode;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException && first == aliceA)
                    {
                        // A died with the request in flight: whether it committed is not known, so ask B to release it.
                        using var retry = await aliceB.PostAsync(url, null);
                        status = retry.StatusCode;
                    }

                    answered[share.Share] = status;
                    if (Interlocked.Increment(ref done) == 30 && Interlocked.Exchange(ref killed, 1) == 0)
                    {
                        a.Kill();
                    }
                }
                finally
                {
                    throttle.Release();
                }
            }).ToList();
            await Task.WhenAll(releases);
            Assert.Equal(1, Volatile.Read(ref killed));
            Assert.All(answered, kv => Assert.True(kv.Value is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{kv.Key}: {kv.Value}"));
            Assert.Contains(answered.Values, s => s == HttpStatusCode.Created);

            // Delivery runs after the commit: what the killed node had claimed is taken over once its lease ends.
            await using (var wait = GrondslagDatabase.Create(database.Options))
            {
                var all = shares.Select(s => s.Share).ToList();
                // (Polled until every share has both channel records, at most 90 s: the lease is 5 s, the poll 1 s.)
                var until = DateTimeOffset.UtcNow.AddSeconds(90);
                while (await wait.Set<ShareDeliveryRow>().CountAsync(d => all.Contains(d.ShareId) && d.Kind == "release") < 2 * all.Count && DateTimeOffset.UtcNow < until)
                {
                    await Task.Delay(500);
                }
            }

            await using (var db = GrondslagDatabase.Create(database.Options))
            {
                var ids = shares.Select(s => s.Share).ToList();
                // Every share released — including every one that answered 2xx — and each exactly once.
                var states = await db.Set<ShareRow>().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.State);
                Assert.All(ids, id => Assert.Equal("released", states[id]));
                var releaseAudits = await db.Set<Grondslag.Storage.Audit.AuditEntry>().Where(e => e.Action == "share.release" && ids.Contains(e.Subject!)).Select(e => e.Subject!).ToListAsync();
                Assert.Equal(ids.Order(StringComparer.Ordinal), releaseAudits.Order(StringComparer.Ordinal));

                // Delivered exactly once per share and channel: one release record per channel, the TAXII objects it
                // names (each object once in its collection), and an outbox row for every e-mail it queued and no other.
                var deliveries = await db.Set<ShareDeliveryRow>().Where(d => ids.Contains(d.ShareId) && d.Kind == "release").ToListAsync();
                var taxii = await db.Set<TaxiiObjectRow>().Where(t => ids.Contains(t.ShareId)).Select(t => new { t.ShareId, t.CollectionId, t.ObjectId, t.Version }).ToListAsync();
                var outbox = await db.Set<OutboxRow>().Where(o => ids.Contains(o.ShareId)).Select(o => new { o.ShareId, o.Channel, o.Kind, o.IsWork, o.State, o.LeaseOwner }).ToListAsync();
                foreach (var id in ids)
                {
                    var mine = deliveries.Where(d => d.ShareId == id).ToList();
                    Assert.Equal(["email", "taxii"], mine.Select(d => d.Channel).Order(StringComparer.Ordinal));
                    var objects = taxii.Where(t => t.ShareId == id).ToList();
                    Assert.Equal(mine.Single(d => d.Channel == "taxii").Objects, objects.Count);
                    Assert.NotEmpty(objects);
                    Assert.Equal(objects.Count, objects.Distinct().Count());
                    // The release's channel work: at most one outbox row per channel (its idempotency key), none left
                    // waiting or held by a node — also those the killed node had claimed (taken over on lease expiry).
                    var work = outbox.Where(o => o.ShareId == id).ToList();
                    Assert.All(work.GroupBy(o => o.Channel.ToLowerInvariant()), g => Assert.Single(g));
                    Assert.All(work, o => Assert.True(o.Kind == "release" && o.State != "Pending" && o.LeaseOwner is null, $"{id}: {o}"));
                }

                Assert.Equal(taxii.Count, taxii.Select(t => (t.CollectionId, t.ObjectId, t.Version)).Distinct().Count());
            }

            // B carries on alone: the audit log, with entries from both nodes and A's death in the middle, verifies.
            using var olga = await b.SignInAsync("olga", people["olga"]);
            var verification = await olga.GetAsync("/api/audit/verification").ExpectAsync(HttpStatusCode.OK);
            Assert.True(verification["intact"]!.GetValue<bool>(), verification.ToJsonString());

            // And A comes back on the same database, in step: same rule set, the released shares as they are.
            using var again = await ServerProcess.StartAsync(Node(database.Options, homeA));
            Assert.Equal(activated, (await OnNode(admin2, again).GetAsync("/api/admin/rule-set").ExpectAsync(HttpStatusCode.OK))["sha256"]!.GetValue<string>());
            await OnNode(aliceA, again).PostAsync($"/api/cases/{shares[0].Case}/shares/{shares[0].Share}/release", null).ExpectAsync(HttpStatusCode.Conflict);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task ActivateRuleSet_OnOneNode_TheOtherNodesNextRequestAndAssessmentRunUnderIt(DatabaseProvider provider)
    {
        await using var a = await TestServerHost.StartAsync(provider);
        await using var b = a.RestartedWith(Path.Combine(TestServerHost.Root, "rules"));
        using var root = await a.SignedInAsync("root", ["administrator"]);
        using var alice = await a.SignedInAsync("alice", ["analyst"]);
        // Tokens issued by A work on B: one key ring, in the database.
        using var rootOnB = b.CreateClient();
        rootOnB.DefaultRequestHeaders.Authorization = root.DefaultRequestHeaders.Authorization;
        using var aliceOnB = b.CreateClient();
        aliceOnB.DefaultRequestHeaders.Authorization = alice.DefaultRequestHeaders.Authorization;
        var before = (await rootOnB.GetAsync("/api/admin/rule-set").ExpectAsync(HttpStatusCode.OK))["sha256"]!.GetValue<string>();

        var activated = (await a.ActivateRuleSetAsync(root, "2026-10-01"))["sha256"]!.GetValue<string>();

        // B's very next request runs under it (the check before each request; on SQLite that is all there is).
        Assert.NotEqual(before, activated);
        Assert.Equal(activated, (await rootOnB.GetAsync("/api/admin/rule-set").ExpectAsync(HttpStatusCode.OK))["sha256"]!.GetValue<string>());
        var caseId = (await aliceOnB.PostAsJsonAsync("/api/cases", new { title = "two nodes", source = "MIVD" }).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await aliceOnB.PostTextAsync($"/api/cases/{caseId}/imports", "2.2.2.2\n5.5.5.5\n"u8.ToArray()).ExpectAsync(HttpStatusCode.Created);
        await aliceOnB.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { date = "2024-06-10" }).ExpectAsync(HttpStatusCode.Created);
        await using var db = a.Db();
        var recorded = await db.Set<ShareRow>().Where(s => s.CaseId == caseId).Select(s => s.RuleSetSha256).ToListAsync();
        Assert.NotEmpty(recorded);
        Assert.All(recorded, sha => Assert.Equal(activated, sha));
    }

    private static Dictionary<string, string> Node(StorageOptions storage, string home)
    {
        Directory.CreateDirectory(home);
        return new Dictionary<string, string>
        {
            ["Grondslag__Database__Provider"] = "postgresql",
            ["Grondslag__Database__ConnectionString"] = storage.ConnectionString,
            ["GRONDSLAG_HOME"] = home,
            ["Grondslag__Audit__CheckpointIntervalSeconds"] = "2",
            // Short leases, so the survivor takes over the killed node's claimed delivery work within the test.
            ["Grondslag__Delivery__LeaseSeconds"] = "5",
            ["Grondslag__Delivery__PollSeconds"] = "1",
        };
    }

    /// <summary>A client for another node with the same credentials (the bearer token) as <paramref name="client"/>.</summary>
    private static HttpClient OnNode(HttpClient client, ServerProcess node)
    {
        var other = new HttpClient { BaseAddress = node.BaseAddress, Timeout = client.Timeout };
        other.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization is { } auth ? new AuthenticationHeaderValue(auth.Scheme, auth.Parameter) : null;
        return other;
    }

    private static async Task CookieAndFormAcrossNodesAsync(ServerProcess a, ServerProcess b, string userName, string password)
    {
        var cookies = new CookieContainer();
        using var handlerA = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var handlerB = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var onA = new HttpClient(handlerA) { BaseAddress = a.BaseAddress };
        using var onB = new HttpClient(handlerB) { BaseAddress = b.BaseAddress };
        // Both nodes are 127.0.0.1: the cookie container sends A's cookies to B, as a browser does behind one proxy name.
        using var page = await onA.GetAsync("/sign-in");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var token = Token().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.NotEmpty(token);
        using var signedIn = await onB.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = userName, ["password"] = password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        using var cases = await onA.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, cases.StatusCode);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            var target = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, target);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, File.GetUnixFileMode(file));
            }
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
