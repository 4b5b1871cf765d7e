using Grondslag.Application.Activation;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grondslag.Attribution.Parties;
using Grondslag.Domain.Parties;
using Grondslag.Server.Composition;
using Grondslag.Storage;
using Grondslag.Storage.Audit;
using Grondslag.Storage.Cases;
using Grondslag.Storage.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grondslag.Server.Tests;

/// <summary>
/// Re-assessment on the release day (plan versions, carry-over of decisions) and what-if comparisons, through the
/// real server on SQLite and PostgreSQL: outcomes, stored rows and audit records.
/// </summary>
public sealed class ReassessmentTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.Providers;

    private static async Task<string> AssessedCaseAsync(HttpClient analyst)
    {
        var created = await analyst.PostAsJsonAsync("/api/cases", new { title = "COATHANGER", source = "MIVD", tlp = "amber" }).ExpectAsync(HttpStatusCode.Created);
        var caseId = created["id"]!.GetValue<string>();
        var file = await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt"));
        await analyst.PostTextAsync($"/api/cases/{caseId}/imports?fileName=coathanger-2024.txt", file).ExpectAsync(HttpStatusCode.Created);
        await analyst.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { }).ExpectAsync(HttpStatusCode.Created);
        return caseId;
    }

    private static async Task<JsonNode> ShareAsync(HttpClient client, string caseId, string party) =>
        (await client.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK))["shares"]!["items"]!.AsArray()
        .Single(s => s!["partyId"]!.GetValue<string>() == party)!;

    private static JsonNode Outcome(JsonNode reassessed, string party) =>
        reassessed["shares"]!.AsArray().Single(s => s!["partyId"]!.GetValue<string>() == party)!;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Reassess_AssessedYesterdayApproved_ReleaseRefusedThenApprovalCarriesOverAndReleases(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        using var carol = await host.SignedInAsync("carol", ["analyst"]);
        var caseId = await AssessedCaseAsync(alice);
        var before = await ShareAsync(alice, caseId, "cert-fr");
        var oldShare = before["id"]!.GetValue<string>();
        await bob.PostAsJsonAsync($"/api/cases/{caseId}/shares/{oldShare}/decision", new { outcome = "approve", motivation = "Wbni art. 20(2): EU CSIRT, own constituency" })
            .ExpectAsync(HttpStatusCode.OK);

        // The next day (signed in again: tokens expire) the approval made under yesterday's assessment cannot go out.
        host.Clock.Advance(TimeSpan.FromDays(1));
        using var aliceToday = await host.SignedInAsync("alice", ["analyst"]);
        using var carolToday = await host.SignedInAsync("carol", ["analyst"]);
        var refused = await aliceToday.PostAsync($"/api/cases/{caseId}/shares/{oldShare}/release", null).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Contains("assess again", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // Re-assess today: a new plan version; the unchanged approved share carries over with its approver.
        var reassessed = await carolToday.PostAsync($"/api/cases/{caseId}/reassessments", null).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(2, reassessed["plan"]!["version"]!.GetValue<int>());
        Assert.Equal("2024-06-11", reassessed["plan"]!["date"]!.GetValue<string>());
        var fr = Outcome(reassessed, "cert-fr");
        Assert.Equal("carried", fr["kind"]!.GetValue<string>());
        Assert.Equal(oldShare, fr["previousShareId"]!.GetValue<string>());
        var newShare = fr["shareId"]!.GetValue<string>();
        Assert.NotEqual(oldShare, newShare);
        Assert.All(reassessed["shares"]!.AsArray(), s => Assert.Equal("carried", s!["kind"]!.GetValue<string>()));

        var detail = await aliceToday.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK);
        var current = detail["shares"]!["items"]!.AsArray().Single(s => s!["partyId"]!.GetValue<string>() == "cert-fr")!;
        Assert.Equal(newShare, current["id"]!.GetValue<string>());
        Assert.Equal("approved", current["state"]!.GetValue<string>());
        Assert.Equal("bob", current["decidedBy"]!.GetValue<string>());
        var plans = detail["plans"]!.AsArray();
        Assert.Equal(2, plans.Count);
        Assert.Equal(plans[1]!["id"]!.GetValue<string>(), plans[0]!["supersededBy"]!.GetValue<string>());
        Assert.False(plans[0]!["current"]!.GetValue<bool>());
        Assert.Contains(plans[0]!["shares"]!.AsArray(), s => s!["id"]!.GetValue<string>() == oldShare && s["state"]!.GetValue<string>() == "approved");

        // The superseded share is read-only; the carried-over one is released through the gate.
        var old = await aliceToday.PostAsync($"/api/cases/{caseId}/shares/{oldShare}/release", null).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Contains("superseded", old["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var release = await aliceToday.PostAsync($"/api/cases/{caseId}/shares/{newShare}/release", null).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(before["indicatorCount"]!.GetValue<int>(), release["indicatorCount"]!.GetValue<int>());

        // Re-assessing again leaves the released share released; it is not released a second time.
        var again = await carolToday.PostAsync($"/api/cases/{caseId}/reassessments", null).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("stays-released", Outcome(again, "cert-fr")["kind"]!.GetValue<string>());
        Assert.Equal("released", (await ShareAsync(aliceToday, caseId, "cert-fr"))["state"]!.GetValue<string>());

        await using var db = host.Db();
        Assert.Equal(1, await db.Set<ReleaseRow>().CountAsync());
        Assert.Equal(3, await db.Set<PlanRow>().CountAsync(p => p.CaseId == caseId));
        Assert.Equal(1, await db.Set<PlanRow>().CountAsync(p => p.CaseId == caseId && p.SupersededBy == null));
        var carried = await db.Set<DecisionRow>().AsNoTracking().SingleAsync(d => d.ShareId == newShare);
        Assert.Equal("bob", carried.DecidedBy);
        Assert.Equal("alice", carried.PreparedBy);
        var audit = await db.Set<AuditEntry>().AsNoTracking().ToListAsync();
        Assert.Equal(2, audit.Count(a => a.Action == "case.reassess"));
        var recipients = reassessed["shares"]!.AsArray().Count;
        Assert.Equal(recipients + again["shares"]!.AsArray().Count, audit.Count(a => a.Action == "share.carry-over"));
        Assert.Contains(audit, a => a.Action == "share.carry-over" && a.Subject == newShare && a.Payload.Contains("carried-over", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Reassess_PartyEntryChanged_ApprovalVoidMustBeDecidedAgain_UnchangedOneCarries(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        using var dora = await host.SignedInAsync("dora", ["duty-officer"]);
        var caseId = await AssessedCaseAsync(alice);
        foreach (var party in new[] { "cert-fr", "cert-bund" })
        {
            var id = (await ShareAsync(alice, caseId, party))["id"]!.GetValue<string>();
            await bob.PostAsJsonAsync($"/api/cases/{caseId}/shares/{id}/decision", new { outcome = "approve", motivation = "EU CSIRT" }).ExpectAsync(HttpStatusCode.OK);
        }

        // CERT-FR's registry entry changes (a new contact address): the approval was not given for it.
        var registry = PartyRegistryLoader.LoadFile(Path.Combine(TestServerHost.Root, "parties", "default.yaml"));
        var changed = new PartyRegistry(registry.Source, "changed-" + registry.Sha256[..8],
            [.. registry.Parties.Select(p => p.Id == "cert-fr" ? p with { Contacts = [new Contact("New desk", Email: "new-desk@cert.example")] } : p)]);
        host.Services.GetRequiredService<LoadedSharingContext>().Activate(
            new LoadedReference(new ReferenceVersion(ReferenceKind.Parties, changed.Sha256, "", null), null, changed, 0, []));

        var reassessed = await alice.PostAsync($"/api/cases/{caseId}/reassessments", null).ExpectAsync(HttpStatusCode.Created);
        var fr = Outcome(reassessed, "cert-fr");
        Assert.Equal("void", fr["kind"]!.GetValue<string>());
        Assert.Contains("registry entry changed", fr["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("carried", Outcome(reassessed, "cert-bund")["kind"]!.GetValue<string>());
        var frShare = await ShareAsync(alice, caseId, "cert-fr");
        Assert.Equal("assessed", frShare["state"]!.GetValue<string>());
        Assert.Null(frShare["decidedBy"]);
        await alice.PostAsync($"/api/cases/{caseId}/shares/{frShare["id"]}/release", null).ExpectAsync(HttpStatusCode.Conflict);
        await bob.PostAsJsonAsync($"/api/cases/{caseId}/shares/{frShare["id"]}/decision", new { outcome = "approve", motivation = "EU CSIRT, new desk checked" })
            .ExpectAsync(HttpStatusCode.OK);

        // Four eyes: an approver who re-assesses prepared the new version, so their own approvals do not carry over.
        var byApprover = await bob.PostAsync($"/api/cases/{caseId}/reassessments", null).ExpectAsync(HttpStatusCode.Created);
        var de = Outcome(byApprover, "cert-bund");
        Assert.Equal("void", de["kind"]!.GetValue<string>());
        Assert.Contains("four eyes", de["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var deShare = (await ShareAsync(alice, caseId, "cert-bund"))["id"]!.GetValue<string>();
        var own = await bob.PostAsJsonAsync($"/api/cases/{caseId}/shares/{deShare}/decision", new { outcome = "approve", motivation = "again" }).ExpectAsync(HttpStatusCode.Forbidden);
        Assert.Contains("Four eyes", own["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await dora.PostAsJsonAsync($"/api/cases/{caseId}/shares/{deShare}/decision", new { outcome = "approve", motivation = "EU CSIRT" }).ExpectAsync(HttpStatusCode.OK);
        await alice.PostAsync($"/api/cases/{caseId}/shares/{deShare}/release", null).ExpectAsync(HttpStatusCode.Created);

        await using var db = host.Db();
        var audit = await db.Set<AuditEntry>().AsNoTracking().Where(a => a.Action == "share.carry-over").ToListAsync();
        Assert.Contains(audit, a => a.Payload.Contains("\"party\":\"cert-fr\"", StringComparison.Ordinal) && a.Payload.Contains("\"outcome\":\"void\"", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Reassess_TwoAtOnce_NoLostUpdate_PlanVersionsFormOneChain(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        var caseId = await AssessedCaseAsync(alice);

        var responses = await Task.WhenAll(
            alice.PostAsync($"/api/cases/{caseId}/reassessments", null),
            bob.PostAsync($"/api/cases/{caseId}/reassessments", null));
        var statuses = responses.Select(r => r.StatusCode).ToList();
        foreach (var r in responses)
        {
            r.Dispose();
        }

        // Overlapping, the later one loses (409); serialised by the database, each supersedes the one before.
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.Conflict, s.ToString()));
        var created = statuses.Count(s => s == HttpStatusCode.Created);
        Assert.True(created >= 1);
        await using var db = host.Db();
        var plans = await db.Set<PlanRow>().AsNoTracking().Where(p => p.CaseId == caseId).ToListAsync();
        Assert.Equal(1 + created, plans.Count);
        Assert.Single(plans, p => p.SupersededBy == null);
        Assert.Equal(Enumerable.Range(1, plans.Count), plans.Select(p => Math.Max(1, p.PlanVersion)).Order());
        Assert.All(plans.Where(p => p.Supersedes is not null), p => Assert.Equal(p.Id, plans.Single(q => q.Id == p.Supersedes).SupersededBy));
        Assert.Equal(created, await db.Set<AuditEntry>().CountAsync(a => a.Action == "case.reassess"));
        var shares = await db.Set<ShareRow>().AsNoTracking().Where(r => r.CaseId == caseId && r.SupersededBy == null).ToListAsync();
        Assert.All(shares, r => Assert.Equal(plans.Single(p => p.SupersededBy == null).Id, r.PlanId));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WhatIf_CbwWhileWbniInForce_StoredBesideThePlanNeverInTheWorkflow(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        var created = await alice.PostAsJsonAsync("/api/cases", new { title = "What-if", source = "MIVD" }).ExpectAsync(HttpStatusCode.Created);
        var caseId = created["id"]!.GetValue<string>();
        var file = await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt"));
        await alice.PostTextAsync($"/api/cases/{caseId}/imports?fileName=coathanger-2024.txt", file).ExpectAsync(HttpStatusCode.Created);

        // Assessing under a regime not in force is refused with a pointer; it makes no plan and no shares.
        var refused = await alice.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { regime = "cbw" }).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("what-ifs", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await using (var db = host.Db())
        {
            Assert.Equal(0, await db.Set<PlanRow>().CountAsync());
            Assert.Equal(0, await db.Set<ShareRow>().CountAsync());
        }

        var whatIf = await bob.PostAsJsonAsync($"/api/cases/{caseId}/what-ifs", new { regime = "cbw" }).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("cbw", whatIf["regime"]!.GetValue<string>());
        Assert.Equal("wbni", whatIf["regimeInForce"]!.GetValue<string>());
        var lines = whatIf["recipients"]!.AsArray();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.StartsWith("Under the Cbw (not in force): ", l!["summary"]!.GetValue<string>(), StringComparison.Ordinal));
        var jp = lines.Single(l => l!["partyId"]!.GetValue<string>() == "jpcert-cc")!;
        Assert.Equal("prohibited", jp["inForceVerdict"]!.GetValue<string>());
        Assert.Contains("in force (Wbni): prohibited", jp["summary"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(lines, l => l!["differs"]!.GetValue<bool>());

        // A what-if under the regime in force is no what-if.
        await bob.PostAsJsonAsync($"/api/cases/{caseId}/what-ifs", new { regime = "wbni" }).ExpectAsync(HttpStatusCode.BadRequest);

        // Stored beside the case, listed with it; still no plan, no share, nothing any workflow step can address.
        var listed = await alice.GetAsync($"/api/cases/{caseId}/what-ifs").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(whatIf["id"]!.GetValue<string>(), listed.AsArray().Single()!["id"]!.GetValue<string>());
        var detail = await alice.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(detail["shares"]!["items"]!.AsArray());
        Assert.Single(detail["whatIfs"]!.AsArray());
        await bob.PostAsJsonAsync($"/api/cases/{caseId}/shares/{whatIf["id"]}/decision", new { outcome = "approve", motivation = "m" }).ExpectAsync(HttpStatusCode.NotFound);
        await alice.PostAsync($"/api/cases/{caseId}/shares/{whatIf["id"]}/release", null).ExpectAsync(HttpStatusCode.NotFound);

        // The real assessment still works beside it, and the what-if adds nothing to its shares.
        await alice.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { regime = "wbni" }).ExpectAsync(HttpStatusCode.Created);
        await using var after = host.Db();
        Assert.Equal(1, await after.Set<PlanRow>().CountAsync());
        Assert.Equal(1, await after.Set<WhatIfRow>().CountAsync());
        Assert.Equal(lines.Count, await after.Set<ShareRow>().CountAsync());
        Assert.Equal(0, await after.Set<ReleaseRow>().CountAsync());
        var audit = await after.Set<AuditEntry>().AsNoTracking().Where(a => a.Action == "case.what-if").ToListAsync();
        Assert.Contains("\"regime\":\"cbw\"", Assert.Single(audit).Payload, StringComparison.Ordinal);
    }
}
