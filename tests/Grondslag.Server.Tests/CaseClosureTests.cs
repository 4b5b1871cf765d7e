using System.Net;
using System.Net.Http.Json;
using Grondslag.Storage;
using Grondslag.Storage.Tests;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests;

/// <summary>
/// <c>POST /api/cases/{id}/closure</c> on both databases: only the owner, a duty officer or a decision-maker closes, with
/// a reason; every share that was neither released nor refused lapses, each audited; afterwards imports, decisions and
/// releases are refused naming the closure, the case stays readable, and a released share can still be withdrawn.
/// </summary>
public sealed class CaseClosureTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Close_WithApprovedAndOpenShares_TheyLapseEachAuditedLaterWorkRefusedWithdrawalStillPossible(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        using var mallory = await host.SignedInAsync("mallory", ["analyst"]);
        var caseId = (await alice.PostAsJsonAsync("/api/cases", new { title = "COATHANGER", source = "MIVD", tlp = "amber" }).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var list = await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt"));
        await alice.PostTextAsync($"/api/cases/{caseId}/imports?fileName=coathanger-2024.txt", list).ExpectAsync(HttpStatusCode.Created);
        await alice.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { }).ExpectAsync(HttpStatusCode.Created);
        var shares = (await alice.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK))["shares"]!["items"]!.AsArray();
        var permitted = shares.Where(s => s!["verdict"]!.GetValue<string>() == "permitted").Select(s => s!["id"]!.GetValue<string>()).ToList();
        Assert.True(permitted.Count >= 2);
        await bob.PostAsJsonAsync($"/api/cases/{caseId}/decisions", new { shareIds = permitted, outcome = "approve", motivation = "EU CSIRTs" }).ExpectAsync(HttpStatusCode.OK);
        await alice.PostAsync($"/api/cases/{caseId}/shares/{permitted[0]}/release", null).ExpectAsync(HttpStatusCode.Created);

        // Another analyst may not close someone else's case; no reason, no closure.
        await mallory.PostAsJsonAsync($"/api/cases/{caseId}/closure", new { reason = "mine now" }).ExpectAsync(HttpStatusCode.Forbidden);
        await alice.PostAsJsonAsync($"/api/cases/{caseId}/closure", new { reason = "  " }).ExpectAsync(HttpStatusCode.BadRequest);

        var closed = await alice.PostAsJsonAsync($"/api/cases/{caseId}/closure", new { reason = "The originator withdrew the list." }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("closed", closed["case"]!["state"]!.GetValue<string>());
        Assert.Equal("The originator withdrew the list.", closed["case"]!["closure"]!["reason"]!.GetValue<string>());
        var lapsed = closed["lapsed"]!.AsArray().Select(l => l!["shareId"]!.GetValue<string>()).ToList();
        Assert.Equal(shares.Count - 1, lapsed.Count);
        Assert.DoesNotContain(permitted[0], lapsed);
        Assert.Contains(closed["lapsed"]!.AsArray(), l => l!["state"]!.GetValue<string>() == "approved");

        // Work on the closed case is refused with the reason; reading and withdrawal still work.
        var refused = await alice.PostAsync($"/api/cases/{caseId}/shares/{permitted[1]}/release", null).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Contains("is closed", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("The originator withdrew the list.", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var many = await bob.PostAsJsonAsync($"/api/cases/{caseId}/decisions", new { shareIds = lapsed, outcome = "refuse", motivation = "late" }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, many["succeeded"]!.GetValue<int>());
        await alice.PostTextAsync($"/api/cases/{caseId}/imports?fileName=again.txt", "8.8.8.8\n"u8.ToArray()).ExpectAsync(HttpStatusCode.Conflict);
        await alice.PostAsJsonAsync($"/api/cases/{caseId}/closure", new { reason = "again" }).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Equal("closed", (await bob.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK))["case"]!["state"]!.GetValue<string>());
        host.Clock.Advance(TimeSpan.FromMinutes(30));
        await bob.PostAsJsonAsync($"/api/cases/{caseId}/shares/{permitted[0]}/withdraw", new { reason = "The originator withdrew consent." }).ExpectAsync(HttpStatusCode.OK);

        await using var db = host.Db();
        var audit = await db.Set<Grondslag.Storage.Audit.AuditEntry>().Where(a => a.CaseId == caseId).ToListAsync();
        Assert.Single(audit, a => a.Action == "case.close");
        Assert.Equal(lapsed.Order(StringComparer.Ordinal), audit.Where(a => a.Action == "share.lapse").Select(a => a.Subject!).Order(StringComparer.Ordinal));
    }
}
