using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Grondslag.Storage;
using Grondslag.Storage.Cases;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests.Web;

/// <summary>The case page's way out of a stale plan: "Re-assess today", the superseded plan as history, and a what-if beside it.</summary>
public sealed partial class CasePageReassessmentTests
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [Fact]
    public async Task CasePage_PlanFromYesterday_ReassessTodayShowsHistoryAndWhatIfStaysBeside()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite, kestrel: true);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        var caseId = (await alice.PostAsJsonAsync("/api/cases", new { title = "COATHANGER", source = "MIVD" }).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var file = await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt"));
        await alice.PostTextAsync($"/api/cases/{caseId}/imports?fileName=coathanger-2024.txt", file).ExpectAsync(HttpStatusCode.Created);
        var assessed = await alice.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { }).ExpectAsync(HttpStatusCode.Created);
        var fr = assessed["shares"]!.AsArray().Single(s => s!["partyId"]!.GetValue<string>() == "cert-fr")!["id"]!.GetValue<string>();
        await bob.PostAsJsonAsync($"/api/cases/{caseId}/shares/{fr}/decision", new { outcome = "approve", motivation = "EU CSIRT" }).ExpectAsync(HttpStatusCode.OK);
        host.Clock.Advance(TimeSpan.FromDays(1));

        await host.CreateAccountAsync("dora", ["duty-officer"]);
        using var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var web = new HttpClient(handler) { BaseAddress = host.BaseAddress };
        handler.CookieContainer.Add(host.BaseAddress, new Cookie("grondslag-language", "c=en|uic=en"));
        var signInToken = Token().Match(await web.GetStringAsync("/sign-in")).Groups[1].Value;
        using (var signedIn = await web.PostAsync("/sign-in", Form(signInToken, ("userName", "dora"), ("password", TestServerHost.Password))))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        var page = await web.GetStringAsync($"/cases/{caseId}");
        Assert.Contains("id=\"stale-plan\"", page, StringComparison.Ordinal);
        Assert.Contains("Re-assess today (2024-06-11)", page, StringComparison.Ordinal);
        using (var reassessed = await web.PostAsync($"/cases/{caseId}?handler=Reassess", Form(Token().Match(page).Groups[1].Value)))
        {
            Assert.Equal(HttpStatusCode.Redirect, reassessed.StatusCode);
        }

        page = await web.GetStringAsync($"/cases/{caseId}");
        Assert.Contains("Re-assessed on 2024-06-11 (plan version 2)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"stale-plan\"", page, StringComparison.Ordinal);
        Assert.Contains("Earlier plan versions", page, StringComparison.Ordinal);
        Assert.Contains("Version 1 (superseded)", page, StringComparison.Ordinal);
        Assert.Contains("Release to CERT-FR", await web.GetStringAsync($"/cases/{caseId}/shares/cert-fr"), StringComparison.Ordinal);

        using (var whatIf = await web.PostAsync($"/cases/{caseId}?handler=WhatIf", Form(Token().Match(page).Groups[1].Value, ("regime", "cbw"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, whatIf.StatusCode);
        }

        page = await web.GetStringAsync($"/cases/{caseId}");
        Assert.Contains("Nothing entered the workflow.", page, StringComparison.Ordinal);
        Assert.Contains("Under the Cbw (not in force): conditional; in force (Wbni): prohibited", page, StringComparison.Ordinal);
        await using var db = host.Db();
        Assert.Equal(1, await db.Set<WhatIfRow>().CountAsync());
        Assert.Equal(2, await db.Set<PlanRow>().CountAsync());
    }

    private static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new([new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))]);
}
