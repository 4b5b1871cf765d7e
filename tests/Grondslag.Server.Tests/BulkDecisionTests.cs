using System.Net;
using System.Net.Http.Json;
using Grondslag.Storage;
using Grondslag.Storage.Tests;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests;

/// <summary>
/// <c>POST /api/cases/{id}/decisions</c> and <c>/releases</c> on both databases: every share is decided and released on
/// its own (a prohibited share is refused citing the article, the others go through), each with its own audit record;
/// four eyes holds per share; only duty officers and decision-makers decide.
/// </summary>
public sealed class BulkDecisionTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DecideMany_AllSharesApproved_ProhibitedRefusedPerShareOthersApprovedAndReleasedEachAudited(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        var caseId = (await alice.PostAsJsonAsync("/api/cases", new { title = "COATHANGER", source = "MIVD", tlp = "amber" }).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await alice.PostTextAsync($"/api/cases/{caseId}/imports?fileName=coathanger-2024.txt", await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt")))
            .ExpectAsync(HttpStatusCode.Created);
        await alice.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { }).ExpectAsync(HttpStatusCode.Created);
        var shares = (await alice.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK))["shares"]!["items"]!.AsArray();
        var permitted = shares.Where(s => s!["verdict"]!.GetValue<string>() == "permitted").Select(s => s!["id"]!.GetValue<string>()).ToList();
        var prohibited = shares.Where(s => s!["verdict"]!.GetValue<string>() == "prohibited").Select(s => s!["id"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(permitted);
        Assert.NotEmpty(prohibited);

        // The analyst may not decide at all; the duty officer decides every named share on its own.
        await alice.PostAsJsonAsync($"/api/cases/{caseId}/decisions", new { shareIds = permitted, outcome = "approve", motivation = "x" }).ExpectAsync(HttpStatusCode.Forbidden);
        var decided = await bob.PostAsJsonAsync($"/api/cases/{caseId}/decisions", new { shareIds = permitted.Concat(prohibited).Append(permitted[0]), outcome = "approve", motivation = "EU CSIRTs, own constituency" })
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(permitted.Count, decided["succeeded"]!.GetValue<int>());
        Assert.Equal(prohibited.Count, decided["refused"]!.GetValue<int>());
        foreach (var r in decided["shares"]!.AsArray().Where(r => prohibited.Contains(r!["shareId"]!.GetValue<string>())))
        {
            Assert.False(r!["ok"]!.GetValue<bool>());
            Assert.Equal("Prohibited", r["refusal"]!.GetValue<string>());
            Assert.Contains("art.", r["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        // A bulk act with no motivation changes nothing.
        await bob.PostAsJsonAsync($"/api/cases/{caseId}/decisions", new { shareIds = prohibited, outcome = "refuse", motivation = " " }).ExpectAsync(HttpStatusCode.BadRequest);

        var released = await alice.PostAsJsonAsync($"/api/cases/{caseId}/releases", new { shareIds = permitted.Concat(prohibited) }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(permitted.Count, released["succeeded"]!.GetValue<int>());
        Assert.Equal(prohibited.Count, released["refused"]!.GetValue<int>());

        await using var db = host.Db();
        var audit = await db.Set<Grondslag.Storage.Audit.AuditEntry>().Where(a => a.CaseId == caseId).ToListAsync();
        Assert.Equal(permitted.Count, audit.Count(a => a.Action == "share.decide"));
        Assert.Equal(permitted.Count, audit.Count(a => a.Action == "share.release"));
        Assert.Equal(permitted.Order(StringComparer.Ordinal), audit.Where(a => a.Action == "share.decide").Select(a => a.Subject!).Order(StringComparer.Ordinal));
        Assert.True(audit.Count(a => a.Action == "action.refused") >= 2 * prohibited.Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DecideMany_ByAnOfficialWhoPreparedTheShares_RefusedPerShareByFourEyes(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        using var dora = await host.SignedInAsync("dora", ["duty-officer"]);
        var caseId = (await alice.PostAsJsonAsync("/api/cases", new { title = "COATHANGER", source = "MIVD", tlp = "amber" }).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await alice.PostTextAsync($"/api/cases/{caseId}/imports?fileName=coathanger-2024.txt", await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt")))
            .ExpectAsync(HttpStatusCode.Created);
        await alice.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { }).ExpectAsync(HttpStatusCode.Created);

        // Dora re-assesses: she has now prepared every share of the new plan, so she may approve none of them.
        var reassessed = await dora.PostAsync($"/api/cases/{caseId}/reassessments", null).ExpectAsync(HttpStatusCode.Created);
        var ids = reassessed["shares"]!.AsArray().Where(s => s!["verdict"]!.GetValue<string>() == "permitted").Select(s => s!["shareId"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(ids);
        var decided = await dora.PostAsJsonAsync($"/api/cases/{caseId}/decisions", new { shareIds = ids, outcome = "approve", motivation = "EU CSIRTs" }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, decided["succeeded"]!.GetValue<int>());
        Assert.All(decided["shares"]!.AsArray(), r => Assert.Equal("NotAllowed", r!["refusal"]!.GetValue<string>()));
    }
}
