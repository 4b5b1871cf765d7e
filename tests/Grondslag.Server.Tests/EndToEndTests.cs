using System.Net;
using System.Net.Http.Json;
using Grondslag.Storage;
using Grondslag.Storage.Cases;
using Grondslag.Storage.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grondslag.Server.Tests;

/// <summary>The 2024 case through the API, on SQLite and on PostgreSQL.</summary>
public sealed class EndToEndTests
{
    internal static readonly string[] NonEu = ["cccs", "jpcert-cc", "ncsc-uk", "cisa"];

    public static TheoryData<DatabaseProvider> Providers => TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CoathangerCase_ThroughTheApi_EuApprovedNonEuRefusedWithArticleAdviceRecordedHandedOver(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        // Alice prepares (and is also a duty officer: four eyes must still stop her approving her own shares).
        using var alice = await host.SignedInAsync("alice", ["analyst", "duty-officer"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        using var lara = await host.SignedInAsync("lara", ["legal-adviser"]);
        using var nick = await host.SignedInAsync("nick", ["nctv-adviser"]);
        using var carol = await host.SignedInAsync("carol", ["analyst"]);

        var created = await alice.PostAsJsonAsync("/api/cases", new
        {
            title = "COATHANGER FortiGate victims",
            source = "MIVD",
            tlp = "amber",
            purpose = "inform-victims",
            urgency = "urgent",
            deadline = "2024-06-12T12:00:00+02:00",
        }).ExpectAsync(HttpStatusCode.Created);
        var caseId = created["id"]!.GetValue<string>();
        Assert.Equal("alice", created["owner"]!.GetValue<string>());

        var file = await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt"));
        var import = await alice.PostTextAsync($"/api/cases/{caseId}/imports?fileName=coathanger-2024.txt", file).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file)), import["sha256"]!.GetValue<string>());
        Assert.Equal(20000, import["accepted"]!.GetValue<int>());

        await alice.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { date = "2024-06-10" }).ExpectAsync(HttpStatusCode.Created);
        var detail = await alice.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK);
        var shares = detail["shares"]!["items"]!.AsArray().Select(s => s!).ToList();
        Assert.All(NonEu, id => Assert.Equal("prohibited", shares.Single(s => s["partyId"]!.GetValue<string>() == id)["verdict"]!.GetValue<string>()));
        var permitted = shares.Where(s => s["verdict"]!.GetValue<string>() == "permitted").ToList();
        Assert.Contains(permitted, s => s["partyId"]!.GetValue<string>() == "cert-fr");
        Assert.Contains(permitted, s => s["partyId"]!.GetValue<string>() == "cert-bund");
        string ShareOf(string party) => shares.Single(s => s["partyId"]!.GetValue<string>() == party)["id"]!.GetValue<string>();

        // Four eyes: the preparer cannot approve, even as a duty officer.
        var own = await alice.PostAsJsonAsync($"/api/cases/{caseId}/shares/{ShareOf("cert-fr")}/decision", new { outcome = "approve", motivation = "EU CSIRT, own constituency" })
            .ExpectAsync(HttpStatusCode.Forbidden);
        Assert.Contains("Four eyes", own["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        foreach (var share in permitted)
        {
            await bob.PostAsJsonAsync($"/api/cases/{caseId}/shares/{share["id"]}/decision", new { outcome = "approve", motivation = "Wbni art. 20(2): EU CSIRT, its own constituency" })
                .ExpectAsync(HttpStatusCode.OK);
        }

        foreach (var party in NonEu)
        {
            var refused = await bob.PostAsJsonAsync($"/api/cases/{caseId}/shares/{ShareOf(party)}/decision", new { outcome = "approve", motivation = "partner CSIRT" })
                .ExpectAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Contains("art. 20(2)", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        // Advice on the alternatives of a prohibited share: legal and NCTV; each adviser answers only their own kind.
        var legal = await alice.PostAsJsonAsync($"/api/cases/{caseId}/shares/{ShareOf("cisa")}/advice-requests",
            new { adviser = "legal", question = "Can the MIVD pass these on under its own law?", exceptionalRisk = true }).ExpectAsync(HttpStatusCode.Created);
        var nctv = await alice.PostAsJsonAsync($"/api/cases/{caseId}/shares/{ShareOf("cisa")}/advice-requests",
            new { adviser = "nctv", question = "Is the risk exceptional enough to escalate?", exceptionalRisk = true }).ExpectAsync(HttpStatusCode.Created);
        await nick.PostAsJsonAsync($"/api/cases/{caseId}/shares/{ShareOf("cisa")}/advice-requests/{legal["id"]}/answer", new { advice = "not mine" })
            .ExpectAsync(HttpStatusCode.Forbidden);
        await lara.PostAsJsonAsync($"/api/cases/{caseId}/shares/{ShareOf("cisa")}/advice-requests/{legal["id"]}/answer",
            new { advice = "No Wbni basis; ask the MIVD to share via its own channels (Wiv 2017)." }).ExpectAsync(HttpStatusCode.OK);

        // Release of an approved EU share through the disclosure gate; never of a prohibited one.
        var release = await alice.PostAsync($"/api/cases/{caseId}/shares/{ShareOf("cert-fr")}/release", null).ExpectAsync(HttpStatusCode.Created);
        Assert.True(release["indicatorCount"]!.GetValue<int>() > 0);
        await alice.PostAsync($"/api/cases/{caseId}/shares/{ShareOf("cisa")}/release", null).ExpectAsync(HttpStatusCode.UnprocessableEntity);

        // Recipients see their own released share only; anything else is 404.
        using var fr = await host.SignedInAsync("cert-fr-machine", ["recipient"], "cert-fr");
        using var de = await host.SignedInAsync("cert-bund-machine", ["recipient"], "cert-bund");
        var frShares = await fr.GetAsync("/api/recipient/shares").ExpectAsync(HttpStatusCode.OK);
        Assert.Single(frShares.AsArray());
        var frShare = await fr.GetAsync($"/api/recipient/shares/{ShareOf("cert-fr")}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(release["indicatorCount"]!.GetValue<int>(), frShare["indicators"]!.AsArray().Count);
        await de.GetAsync($"/api/recipient/shares/{ShareOf("cert-fr")}").ExpectAsync(HttpStatusCode.NotFound);
        await de.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.NotFound);
        Assert.Empty((await de.GetAsync("/api/recipient/shares").ExpectAsync(HttpStatusCode.OK)).AsArray());

        // Handover: offer with a note; the old owner stays accountable until the new one accepts.
        var offer = await alice.PostAsJsonAsync($"/api/cases/{caseId}/handover", new { to = "carol", note = "EU shares approved, cert-fr released; CISA: NCTV advice pending." })
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(offer["note"]!["pendingAdvice"]!.AsArray(), a => a!.GetValue<string>().Contains(nctv["id"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.NotNull(offer["note"]!["deadline"]);
        var pending = await carol.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("alice", pending["case"]!["owner"]!.GetValue<string>());
        Assert.Contains(pending["waitingFor"]!.AsArray(), w => w!.GetValue<string>().StartsWith("carol", StringComparison.Ordinal));
        await bob.PostAsync($"/api/cases/{caseId}/handover/accept", null).ExpectAsync(HttpStatusCode.Forbidden);
        var accepted = await carol.PostAsync($"/api/cases/{caseId}/handover/accept", null).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("carol", accepted["owner"]!.GetValue<string>());
        var after = await carol.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK);
        var cisa = after["shares"]!["items"]!.AsArray().Single(s => s!["partyId"]!.GetValue<string>() == "cisa")!;
        Assert.Contains("nctv-adviser", cisa["waitingFor"]!.GetValue<string>(), StringComparison.Ordinal);

        // Every action has exactly one audit record, committed with it.
        await using var db = host.Db();
        var audit = await db.Set<Grondslag.Storage.Audit.AuditEntry>().AsNoTracking().ToListAsync();
        Assert.Equal(permitted.Count, await db.Set<DecisionRow>().CountAsync());
        Assert.Equal(permitted.Count, audit.Count(a => a.Action == "share.decide"));
        Assert.Single(audit, a => a.Action == "case.import");
        Assert.Single(audit, a => a.Action == "case.assess");
        Assert.Single(audit, a => a.Action == "share.release");
        Assert.Equal(2, audit.Count(a => a.Action == "share.advice-request"));
        Assert.Single(audit, a => a.Action == "share.advice-answer");
        Assert.Single(audit, a => a.Action == "case.handover-offer");
        Assert.Single(audit, a => a.Action == "case.handover-accept");

        // ... and the log those records are in verifies: hashes, signed checkpoints, witness copies.
        var settings = host.Services.GetRequiredService<Grondslag.Storage.Audit.AuditLogSettings>();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var log = scope.ServiceProvider.GetRequiredService<Grondslag.Storage.Audit.AuditLog>();
            await log.CheckpointAsync();
            await log.ExportToWitnessAsync();
        }

        var verification = await new Grondslag.Storage.Audit.AuditVerifier(db, settings.Origin, settings.Verifier, settings.Witness).VerifyAsync();
        Assert.True(verification.IsIntact, string.Join("; ", verification.Problems.Select(p => p.ToString())));
        Assert.Equal(audit.Count, audit.Select(a => a.Index).Distinct().Count());
    }
}
