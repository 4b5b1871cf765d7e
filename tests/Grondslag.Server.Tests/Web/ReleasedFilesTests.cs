using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grondslag.Delivery.Outbox;
using Grondslag.Domain.Parties;
using Grondslag.Storage;
using Grondslag.Storage.Delivery;
using Grondslag.Testing;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests.Web;

/// <summary>
/// The STIX and MISP downloads of a released share: exactly what the gate released (the bundle recorded for TAXII),
/// valid against the OASIS schemas, TLP-marked, audited; refused for a share not released, for one whose recorded bundle
/// is missing, and for a withdrawn one.
/// </summary>
public sealed partial class NewCasePageTests
{
    [Fact]
    public async Task ReleasedFiles_StixAndMisp_AreWhatTheGateReleased_RefusedOtherwise_EachAudited()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite, kestrel: true);
        await host.CreateAccountAsync("audrey", ["auditor"]);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        using var lara = await host.SignedInAsync("lara", ["legal-adviser"]);
        var caseId = (await alice.PostAsJsonAsync("/api/cases", new { title = "COATHANGER", source = "MIVD", tlp = "amber" }).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await alice.PostTextAsync($"/api/cases/{caseId}/imports?fileName=coathanger-2024.txt", await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt")))
            .ExpectAsync(HttpStatusCode.Created);
        await alice.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { date = "2024-06-10" }).ExpectAsync(HttpStatusCode.Created);
        var shares = (await alice.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK))["shares"]!["items"]!.AsArray().Select(s => s!).ToList();
        var released = shares.First(s => s["verdict"]!.GetValue<string>() is "permitted" or "conditional" && s["partyId"]!.GetValue<string>() != "cert-de");
        var other = shares.First(s => s["id"]!.GetValue<string>() != released["id"]!.GetValue<string>());
        var id = released["id"]!.GetValue<string>();
        var party = released["partyId"]!.GetValue<string>();
        foreach (var open in released["verdict"]!.GetValue<string>() == "conditional" ? released["openConditions"]?.AsArray().Select(c => c!.GetValue<string>()) ?? [] : [])
        {
            await lara.PostAsJsonAsync($"/api/cases/{caseId}/shares/{id}/confirmations", new { condition = open, reference = "confirmed for the test" }).ExpectAsync(HttpStatusCode.OK);
        }

        await bob.PostAsJsonAsync($"/api/cases/{caseId}/shares/{id}/decision", new { outcome = "approve", motivation = "inform the victims" }).ExpectAsync(HttpStatusCode.OK);
        await alice.PostAsync($"/api/cases/{caseId}/shares/{id}/release", null).ExpectAsync(HttpStatusCode.Created);

        // STIX over the API: the bundle recorded for the recipient's TAXII collection at the release, schema-valid, TLP:AMBER.
        using var stixAnswer = await alice.GetAsync($"/api/cases/{caseId}/shares/{id}/released/stix");
        var stixText = await stixAnswer.Content.ReadAsStringAsync();
        Assert.True(stixAnswer.StatusCode == HttpStatusCode.OK, stixText);
        Assert.Equal("application/stix+json", stixAnswer.Content.Headers.ContentType?.MediaType);
        Assert.Contains("tlp-amber", stixAnswer.Content.Headers.ContentDisposition?.FileName ?? "", StringComparison.Ordinal);
        await using (var db = host.Db())
        {
            var key = OutboxEntry.KeyOf(id, ChannelKind.Taxii);
            var recorded = await db.Set<OutboxRow>().Where(o => o.Key == key).Select(o => o.Payload).SingleAsync();
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(recorded), JsonNode.Parse(stixText)), "The download differs from the bundle the release recorded for TAXII.");
        }

        using (var bundle = JsonDocument.Parse(stixText))
        {
            Assert.Empty(StixSchemas.Errors(StixSchemas.BundleWithExtensionDefinitions, bundle.RootElement));
            var objects = bundle.RootElement.GetProperty("objects").EnumerateArray().ToList();
            Assert.All(objects, o => Assert.Empty(StixSchemas.ObjectErrors(o)));
            Assert.Equal(released["indicatorCount"]!.GetValue<int>(), objects.Count(o => o.GetProperty("type").GetString() == "indicator"));
            Assert.Contains(objects, o => o.GetProperty("type").GetString() == "marking-definition" && o.GetRawText().Contains("amber", StringComparison.OrdinalIgnoreCase));
        }

        // MISP over the page (an auditor): the same addresses, the TLP tag.
        using var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var web = await SignedInWebAsync(host, handler, "audrey");
        using var misp = await web.GetAsync($"/cases/{caseId}/shares/{party}/addresses?handler=Misp");
        var mispText = await misp.Content.ReadAsStringAsync();
        Assert.True(misp.StatusCode == HttpStatusCode.OK, mispText);
        var mispEvent = JsonNode.Parse(mispText)!["Event"]!;
        Assert.Contains(mispEvent["Tag"]!.AsArray(), t => (string?)t!["name"] == "tlp:amber");
        var addresses = mispEvent["Attribute"]!.AsArray().Where(a => (string?)a!["type"] == "ip-dst").Select(a => (string)a!["value"]!).ToHashSet();
        Assert.Equal(released["indicatorCount"]!.GetValue<int>(), addresses.Count);
        Assert.All(JsonNode.Parse(stixText)!["objects"]!.AsArray().Where(o => (string?)o!["type"] is "ipv4-addr" or "ipv6-addr"), o => Assert.Contains((string)o!["value"]!, addresses));
        var page = await web.GetStringAsync($"/cases/{caseId}/shares/{party}/addresses");
        Assert.Contains("?handler=Stix", page, StringComparison.Ordinal);

        // Not released: a refusal, over the API (English problem details) and on the page (in the reader's language, here English).
        var otherId = other["id"]!.GetValue<string>();
        var refused = await alice.GetAsync($"/api/cases/{caseId}/shares/{otherId}/released/misp");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("not released", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var refusedPage = await web.GetAsync($"/cases/{caseId}/shares/{other["partyId"]!.GetValue<string>()}/addresses?handler=Stix");
        Assert.Equal(HttpStatusCode.Conflict, refusedPage.StatusCode);
        var refusedHtml = await refusedPage.Content.ReadAsStringAsync();
        Assert.Contains("id=\"download-refused\"", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("STIX and MISP exist only for what the disclosure gate released", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("STIX and MISP files exist only for what the disclosure gate released; this share is", refusedHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.GetAsync($"/api/cases/{caseId}/shares/{id}/released/csv")).StatusCode);

        // No bundle recorded for the share's TAXII channel (the outbox's work row is gone): nothing to compare the rebuilt
        // share with, so nothing is handed out (fail closed), over the API and on the page in the reader's language.
        OutboxRow taxiiWork;
        await using (var db = host.Db())
        {
            var key = OutboxEntry.KeyOf(id, ChannelKind.Taxii);
            taxiiWork = await db.Set<OutboxRow>().AsNoTracking().SingleAsync(o => o.Key == key && o.IsWork);
            Assert.Equal(1, await db.Set<OutboxRow>().Where(o => o.Key == key && o.IsWork).ExecuteDeleteAsync());
        }

        using (var unrecorded = await alice.GetAsync($"/api/cases/{caseId}/shares/{id}/released/stix"))
        {
            Assert.Equal(HttpStatusCode.Conflict, unrecorded.StatusCode);
            Assert.Contains("no package was recorded", await unrecorded.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        handler.CookieContainer.Add(host.BaseAddress, new Cookie("grondslag-language", "c=nl|uic=nl"));
        using (var unrecordedPage = await web.GetAsync($"/cases/{caseId}/shares/{party}/addresses?handler=Misp"))
        {
            Assert.Equal(HttpStatusCode.Conflict, unrecordedPage.StatusCode);
            var html = WebUtility.HtmlDecode(await unrecordedPage.Content.ReadAsStringAsync());
            Assert.Contains("geen pakket voor de TAXII-collectie van de ontvanger vastgelegd", html, StringComparison.Ordinal);
        }

        handler.CookieContainer.Add(host.BaseAddress, new Cookie("grondslag-language", "c=en|uic=en"));
        await using (var db = host.Db())
        {
            db.Add(taxiiWork);
            await db.SaveChangesAsync();
        }

        // Withdrawn at the very instant of the release (the clock stands still; the withdrawal is recorded one
        // millisecond after the release, so its STIX revocation is newer): no longer handed out.
        await bob.PostAsJsonAsync($"/api/cases/{caseId}/shares/{id}/withdraw", new { reason = "the basis was missing" }).ExpectAsync(HttpStatusCode.OK);
        using var afterWithdrawal = await alice.GetAsync($"/api/cases/{caseId}/shares/{id}/released/stix");
        Assert.Equal(HttpStatusCode.Conflict, afterWithdrawal.StatusCode);
        Assert.Contains("withdrawn", await afterWithdrawal.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Each successful download is audited on its own, with its format; refusals hand out nothing and record no export.
        await using var audit = host.Db();
        var exports = await audit.Set<Grondslag.Storage.Audit.AuditEntry>().Where(a => a.Action == "share.address-export").OrderBy(a => a.Index).ToListAsync();
        Assert.Equal(2, exports.Count);
        Assert.Equal(["alice", "audrey"], exports.Select(e => e.Actor));
        Assert.Contains("\"format\":\"stix\"", exports[0].Payload, StringComparison.Ordinal);
        Assert.Contains("\"format\":\"misp\"", exports[1].Payload, StringComparison.Ordinal);
        Assert.All(exports, e => Assert.Equal(id, e.Subject));
    }
}
