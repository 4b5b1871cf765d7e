using System.Net;
using System.Net.Http.Json;
using Grondslag.Storage;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests;

/// <summary>
/// The 2024 case replayed through the API: the four non-EU shares released under a rule set that wrongly
/// permitted them; the rule set is corrected and activated; the review finds exactly those four, a breach is
/// opened with a 72-hour deadline, a notification draft and four deletion requests — all in the audit log.
/// </summary>
public sealed class BreachTests
{
    private static readonly string[] NonEu = ["cccs", "cisa", "jpcert-cc", "ncsc-uk"];

    private static string WrongRules()
    {
        // The rule set of 2024 as it was wrongly applied: third-country CSIRTs permitted. A rule that permits that is
        // now refused by the loader (safety property (a)), so the wrong past is reproduced as wrong facts instead.
        var dir = Testing.RepositoryRoot.CopyOfRulesTreatingAsEuMembers("CA", "GB", "JP", "US");
        return dir;
    }

    [Theory]
    [MemberData(nameof(EndToEndTests.Providers), MemberType = typeof(EndToEndTests))]
    public async Task WronglyReleasedThenCorrected_OneBreachWithTheFourRecipientsDeadlineDraftAndDeletionRequests(DatabaseProvider provider)
    {
        var rules = WrongRules();
        try
        {
            await using var host = await TestServerHost.StartAsync(provider, rulesDirectory: rules);
            using var alice = await host.SignedInAsync("alice", ["analyst"]);
            using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
            using var lara = await host.SignedInAsync("lara", ["legal-adviser"]);
            using var root = await host.SignedInAsync("root", ["administrator"]);
            using var dora = await host.SignedInAsync("dora", ["decision-maker"]);

            var caseId = (await alice.PostAsJsonAsync("/api/cases", new { title = "COATHANGER", source = "MIVD", tlp = "amber" }).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
            var file = await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt"));
            await alice.PostTextAsync($"/api/cases/{caseId}/imports?fileName=coathanger-2024.txt", file).ExpectAsync(HttpStatusCode.Created);
            await alice.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { date = "2024-06-10" }).ExpectAsync(HttpStatusCode.Created);
            var shares = (await alice.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK))["shares"]!["items"]!.AsArray().Select(s => s!).ToList();
            var counts = new Dictionary<string, int>();
            foreach (var party in NonEu.Append("cert-fr"))
            {
                var share = shares.Single(s => s["partyId"]!.GetValue<string>() == party);
                var id = share["id"]!.GetValue<string>();
                counts[party] = share["indicatorCount"]?.GetValue<int>() ?? share["indicators"]!.GetValue<int>();
                foreach (var open in share["verdict"]!.GetValue<string>() == "conditional" ? share["openConditions"]?.AsArray().Select(c => c!.GetValue<string>()) ?? ["gdpr-transfer-ground"] : [])
                {
                    // The transfer ground is a legal adviser's confirmation; the wrong 2024 assumption was theirs to make.
                    await lara.PostAsJsonAsync($"/api/cases/{caseId}/shares/{id}/confirmations", new { condition = open, reference = "a ground wrongly assumed in 2024" }).ExpectAsync(HttpStatusCode.OK);
                }

                await bob.PostAsJsonAsync($"/api/cases/{caseId}/shares/{id}/decision", new { outcome = "approve", motivation = "inform the victims" }).ExpectAsync(HttpStatusCode.OK);
                await alice.PostAsync($"/api/cases/{caseId}/shares/{id}/release", null).ExpectAsync(HttpStatusCode.Created);
            }

            // Later that day the lawyers correct the rule set; the administrator activates it (its scenarios now pass).
            host.Clock.Advance(TimeSpan.FromMinutes(30));
            foreach (var name in new[] { "wbni.yaml", Path.Combine("facts", "countries.yaml") })
            {
                File.Copy(Path.Combine(TestServerHost.Root, "rules", name), Path.Combine(rules, name), overwrite: true);
            }

            await host.ActivateRuleSetAsync(root);

            var review = await dora.PostAsync("/api/reviews", null).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(NonEu, review["withoutBasis"]!.AsArray().Select(f => f!["party"]!.GetValue<string>()).Order());

            var breach = await dora.PostAsJsonAsync("/api/breaches", new { contactPoint = "Functionaris gegevensbescherming, fg@ncsc.example" }).ExpectAsync(HttpStatusCode.OK);
            var record = breach["record"]!;
            Assert.Equal(NonEu, record["recipients"]!.AsArray().Select(r => r!["partyId"]!.GetValue<string>()).Order());
            Assert.All(record["recipients"]!.AsArray(), r => Assert.Equal(counts[r!["partyId"]!.GetValue<string>()], r["indicators"]!.GetValue<int>()));
            Assert.Equal(TestServerHost.Now.AddMinutes(30).AddHours(72), DateTimeOffset.Parse(breach["deadline"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(4, record["deletionRequests"]!.AsArray().Count);
            var breachId = breach["id"]!.GetValue<string>();

            var draft = await dora.GetAsync($"/api/breaches/{breachId}/notification").ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(11, draft["sections"]!.AsArray().Count);
            Assert.Equal("nl", draft["language"]!.GetValue<string>());
            Assert.StartsWith("1. Wettelijke grondslag", draft["sections"]![0]!["title"]!.GetValue<string>(), StringComparison.Ordinal);
            var markdown = await dora.GetStringAsync(new Uri($"/api/breaches/{breachId}/notification?format=markdown&lang=en", UriKind.Relative));
            Assert.Contains("72 hours", markdown, StringComparison.Ordinal);
            var dutch = await dora.GetStringAsync(new Uri($"/api/breaches/{breachId}/notification?format=markdown", UriKind.Relative));
            Assert.Contains("# Melding van een datalek", dutch, StringComparison.Ordinal);
            Assert.Contains("72 uur", dutch, StringComparison.Ordinal);

            // Opening again finds nothing new.
            await dora.PostAsJsonAsync("/api/breaches", new { contactPoint = "fg@ncsc.example" }).ExpectAsync(HttpStatusCode.Conflict);

            await using var db = host.Db();
            var audit = await db.Set<Grondslag.Storage.Audit.AuditEntry>().AsNoTracking().ToListAsync();
            Assert.Single(audit, a => a.Action == "rule-set.activate" && a.Actor != "system");
            Assert.Single(audit, a => a.Action == "breach.open" && a.Subject == breachId);
            Assert.Equal(4, audit.Count(a => a.Action == "breach.deletion-request" && a.Subject == breachId));
            Assert.Equal(5, audit.Count(a => a.Action == "share.release"));

            // ... and each deletion request went out through the recipient's channels: revoked on TAXII, e-mail recorded.
            foreach (var party in NonEu)
            {
                var shareId = shares.Single(s => s["partyId"]!.GetValue<string>() == party)["id"]!.GetValue<string>();
                var deliveries = await dora.GetAsync($"/api/cases/{caseId}/shares/{shareId}/deliveries").ExpectAsync(HttpStatusCode.OK);
                Assert.Contains(deliveries["deliveries"]!.AsArray(), d => d!["kind"]!.GetValue<string>() == "withdrawal" && d["channel"]!.GetValue<string>() == "taxii");
            }
        }
        finally
        {
            Directory.Delete(rules, recursive: true);
        }
    }

    [Fact]
    public async Task RegimeComparison_2024Case_FourThirdCountryCsirtsChangeToConditional()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        using var dora = await host.SignedInAsync("dora", ["decision-maker"]);
        var caseId = (await alice.PostAsJsonAsync("/api/cases", new { title = "COATHANGER", source = "MIVD" }).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await alice.PostTextAsync($"/api/cases/{caseId}/imports?fileName=c.txt", await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt"))).ExpectAsync(HttpStatusCode.Created);
        await alice.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { date = "2024-06-10" }).ExpectAsync(HttpStatusCode.Created);

        var report = await dora.GetAsync("/api/reports/regime-comparison?compare=cbw").ExpectAsync(HttpStatusCode.OK);

        var changes = report["changes"]!.AsArray().Select(c => c!).ToList();
        foreach (var name in new[] { "CCCS", "CISA", "JPCERT", "NCSC-UK" })
        {
            var change = Assert.Single(changes, c => c["recipient"]!.GetValue<string>().Contains(name, StringComparison.Ordinal));
            Assert.Equal("prohibited", change["from"]!.GetValue<string>());
            Assert.Equal("conditional", change["to"]!.GetValue<string>());
            Assert.Contains(change["conditions"]!.AsArray(), c => c!["id"]!.GetValue<string>() == "tlp-marking");
        }
    }
}
