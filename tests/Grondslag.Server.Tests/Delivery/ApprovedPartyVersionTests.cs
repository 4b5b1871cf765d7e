using System.Net;
using System.Net.Http.Json;
using Grondslag.Storage;
using Grondslag.Storage.Delivery;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests.Delivery;

/// <summary>Delivery uses exactly the party version the share was assessed and approved under.</summary>
public sealed class ApprovedPartyVersionTests
{
    // The gate's party-fingerprint check is built on the "gate" branch (PartyFingerprint, ShareCandidate.AssessedPartyFingerprint);
    // until that branch is merged this walk documents the required behaviour and is skipped.
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Release_PartyRegistryChangedAfterApproval_IsRefusedNothingDeliveredAndAudited(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        using var root = await host.SignedInAsync("root", ["administrator"]);

        var caseId = (await alice.PostAsJsonAsync("/api/cases", new { title = "COATHANGER", source = "MIVD", tlp = "amber" }).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await alice.PostTextAsync($"/api/cases/{caseId}/imports?fileName=coathanger-2024.txt", await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt"))).ExpectAsync(HttpStatusCode.Created);
        await alice.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { date = "2024-06-10" }).ExpectAsync(HttpStatusCode.Created);
        var shares = (await alice.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK))["shares"]!["items"]!.AsArray();
        var shareId = shares.Single(s => s!["partyId"]!.GetValue<string>() == "cert-fr")!["id"]!.GetValue<string>();
        await bob.PostAsJsonAsync($"/api/cases/{caseId}/shares/{shareId}/decision", new { outcome = "approve", motivation = "inform the national CSIRT" }).ExpectAsync(HttpStatusCode.OK);

        // After the approval an administrator (with a second one's approval) gives CERT-FR a new e-mail address.
        var yaml = await File.ReadAllTextAsync(Path.Combine(TestServerHost.Root, "parties", "default.yaml"));
        await host.ActivatePartiesAsync(root, yaml.Replace("address: cert-fr@contacts.example", "address: new-cert-fr@contacts.example", StringComparison.Ordinal));

        var refused = await alice.PostAsync($"/api/cases/{caseId}/shares/{shareId}/release", null).ExpectAsync(HttpStatusCode.Conflict);

        Assert.Contains("ssess", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("changed", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await using var db = host.Db();
        Assert.False(await db.Set<OutboxRow>().AnyAsync(o => o.ShareId == shareId));
        Assert.False(await db.Set<TaxiiObjectRow>().AnyAsync(o => o.ShareId == shareId));
        Assert.True(await db.Set<Grondslag.Storage.Audit.AuditEntry>().AnyAsync(a => a.Subject == shareId && a.Action.Contains("refus")));
    }
}
