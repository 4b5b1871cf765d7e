using System.Net;
using System.Net.Http.Json;
using Grondslag.Storage;
using Grondslag.Storage.Cases;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests.Web;

/// <summary>
/// The reasons of an import's rejected lines in the reader's language: the API gives each its code and both texts,
/// the case page shows the reason in the page's language, and a digest stored before codes existed (English only)
/// still shows (a fixed reason in Dutch, recognised by its text; any other as it was stored).
/// </summary>
public sealed partial class NewCasePageTests
{
    [Fact]
    public async Task RejectedLines_ApiHasCodeAndBothTexts_CasePageInReadersLanguage_OldDigestStillShows()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite, kestrel: true);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        var caseId = (await alice.PostAsJsonAsync("/api/cases", new { title = "Scan", source = "Shadowserver", tlp = "green" }).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var import = await alice.PostTextAsync($"/api/cases/{caseId}/imports?fileName=scan.txt", "8.8.8.8\n010.1.2.3\n1.2.3.4 junk\n"u8.ToArray()).ExpectAsync(HttpStatusCode.Created);

        var items = import["rejectedItems"]!.AsArray();
        Assert.Equal(["ipv4-leading-zero", "text-after-address"], items.Select(i => i!["code"]!.GetValue<string>()));
        Assert.Contains("leading zero", items[0]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("voorloopnullen", items[0]!["reasonNl"]!.GetValue<string>(), StringComparison.Ordinal);

        using var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var web = await SignedInWebAsync(host, handler, "alice");
        var english = WebUtility.HtmlDecode(await web.GetStringAsync($"/cases/{caseId}"));
        Assert.Contains("an IPv4 octet has a leading zero", english, StringComparison.Ordinal);
        handler.CookieContainer.Add(host.BaseAddress, new Cookie("grondslag-language", "c=nl|uic=nl"));
        var dutch = WebUtility.HtmlDecode(await web.GetStringAsync($"/cases/{caseId}"));
        Assert.Contains("een IPv4-octet begint met een nul", dutch, StringComparison.Ordinal);
        Assert.Contains("onverwachte tekst na het adres", dutch, StringComparison.Ordinal);
        Assert.DoesNotContain("an IPv4 octet has a leading zero", dutch, StringComparison.Ordinal);

        // A digest as stored before session 6: the reasons in English only, no codes.
        await using (var db = host.Db())
        {
            var row = await db.Set<ImportDigestRow>().SingleAsync();
            var node = System.Text.Json.Nodes.JsonNode.Parse(row.DigestJson)!;
            foreach (var rejected in node["rejected"]!.AsArray())
            {
                rejected!.AsObject().Remove("code");
                rejected.AsObject().Remove("reasonNl");
            }

            node["rejected"]![1]!["reason"] = "an old wording of a reason";
            row.DigestJson = node.ToJsonString();
            await db.SaveChangesAsync();
        }

        var oldDigest = WebUtility.HtmlDecode(await web.GetStringAsync($"/cases/{caseId}"));
        Assert.Contains("een IPv4-octet begint met een nul", oldDigest, StringComparison.Ordinal);
        Assert.Contains("an old wording of a reason", oldDigest, StringComparison.Ordinal);
    }
}
