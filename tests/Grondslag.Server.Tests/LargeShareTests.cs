using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Grondslag.Server.Composition;
using Grondslag.Storage;
using Grondslag.Storage.Delivery;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests;

/// <summary>
/// Issue 17, item 1: a 100,000-address share releases on both databases (no "too many SQL variables", no square-time
/// scan) while other people keep working: their reads answer during the release and their audited writes succeed.
/// </summary>
public sealed class LargeShareTests
{
    private const int Addresses = 100_000;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Release_HundredThousandAddresses_CompletesWhileOthersWork(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider, settings: new Dictionary<string, string>
        {
            [ServerKeys.UploadMaxBytes] = (16 << 20).ToString(CultureInfo.InvariantCulture),
        });
        using var alice = await host.SignedInAsync("alice", ["analyst", "duty-officer"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        using var carol = await host.SignedInAsync("carol", ["analyst"]);
        var created = await alice.PostAsJsonAsync("/api/cases", new { title = "Large French botnet", source = "MIVD", tlp = "amber", purpose = "inform-victims" })
            .ExpectAsync(HttpStatusCode.Created);
        var caseId = created["id"]!.GetValue<string>();
        await alice.PostTextAsync($"/api/cases/{caseId}/imports?fileName=large.txt", FrenchAddresses(Addresses)).ExpectAsync(HttpStatusCode.Created);
        await alice.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { date = "2024-06-10" }).ExpectAsync(HttpStatusCode.Created);
        var detail = await alice.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK);
        var share = detail["shares"]!["items"]!.AsArray().Single(s => s!["partyId"]!.GetValue<string>() == "cert-fr")!;
        Assert.Equal(Addresses, share["indicatorCount"]!.GetValue<int>());
        var shareId = share["id"]!.GetValue<string>();
        await bob.PostAsJsonAsync($"/api/cases/{caseId}/shares/{shareId}/decision", new { outcome = "approve", motivation = "Wbni art. 20(2): EU CSIRT, its own constituency" })
            .ExpectAsync(HttpStatusCode.OK);

        // Carol works on her own case throughout the release: reads, and audited writes.
        var others = await carol.PostAsJsonAsync("/api/cases", new { title = "Other work", source = "NCSC", tlp = "green", purpose = "inform-victims" }).ExpectAsync(HttpStatusCode.Created);
        var otherId = others["id"]!.GetValue<string>();
        using var releasing = new CancellationTokenSource();
        var answers = new ConcurrentBag<(HttpStatusCode Status, bool Write, TimeSpan Took, bool DuringRelease)>();
        var releaseDone = false;
        var work = Task.Run(async () =>
        {
            var i = 0;
            while (!releasing.IsCancellationRequested)
            {
                var write = i++ % 4 == 3;
                var clock = Stopwatch.StartNew();
                using var response = write
                    ? await carol.PostAsJsonAsync("/api/cases", new { title = $"Other work {i}", source = "NCSC", tlp = "green", purpose = "inform-victims" })
                    : await carol.GetAsync($"/api/cases/{otherId}");
                answers.Add((response.StatusCode, write, clock.Elapsed, !Volatile.Read(ref releaseDone)));
            }
        });

        var took = Stopwatch.StartNew();
        await alice.PostAsync($"/api/cases/{caseId}/shares/{shareId}/release", null).ExpectAsync(HttpStatusCode.Created);
        took.Stop();
        Volatile.Write(ref releaseDone, true);
        await Task.Delay(200);
        await releasing.CancelAsync();
        await work;

        // Released means recorded: the channels run from the outbox after the commit, and the API says when TAXII is done.
        var delivered = Stopwatch.StartNew();
        while (true)
        {
            var deliveries = await alice.GetAsync($"/api/cases/{caseId}/shares/{shareId}/deliveries").ExpectAsync(HttpStatusCode.OK);
            var taxii = deliveries["channels"]!.AsArray().Single(c => c!["channel"]!.GetValue<string>() == "taxii")!["state"]!.GetValue<string>();
            if (taxii != "pending")
            {
                Assert.Equal("delivered", taxii);
                break;
            }

            Assert.True(delivered.Elapsed < TimeSpan.FromMinutes(5), "TAXII publication still pending after 5 minutes");
            await Task.Delay(1000);
        }

        await using (var db = host.Db())
        {
            var published = await db.Set<TaxiiObjectRow>().CountAsync(o => o.ShareId == shareId);
            Assert.True(published >= Addresses, $"{published} TAXII objects published for {Addresses} addresses");
        }

        // Reads always answer. On SQLite (one writer at a time) a write that waits longer than the busy timeout for the
        // release's transaction is answered 503 with Retry-After — never 500; PostgreSQL writes all succeed.
        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.Created
            || (provider == DatabaseProvider.Sqlite && a.Write && a.Status == HttpStatusCode.ServiceUnavailable), $"{(a.Write ? "write" : "read")} answered {(int)a.Status}"));
        Assert.Contains(answers, a => a.DuringRelease && !a.Write);
        Assert.Contains(answers, a => a.Write);
        Assert.True(took.Elapsed < TimeSpan.FromMinutes(3), $"release took {took.Elapsed}");
    }

    /// <summary>Consecutive addresses from 77.128.0.1 (a French range in the installed country table).</summary>
    private static byte[] FrenchAddresses(int count)
    {
        var text = new StringBuilder("# synthetic: consecutive addresses in 77.128.0.0/11 (FR)\n");
        var first = (77u << 24) | (128u << 16);
        for (var i = 1u; i <= count; i++)
        {
            var a = first + i;
            text.Append(CultureInfo.InvariantCulture, $"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
