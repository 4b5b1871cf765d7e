using System.Net;
using System.Net.Http.Json;
using Grondslag.Storage;
using Grondslag.Storage.Tests;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests;

/// <summary>A handover goes only to an existing account that can own a case, and the owner can withdraw it (audited).</summary>
public sealed class HandoverOfferTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task OfferHandover_UnknownOrAdviserAccount_RefusedThenOfferedAndWithdrawn(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        await host.CreateAccountAsync("lara", ["legal-adviser"]);
        var caseId = (await alice.PostAsJsonAsync("/api/cases", new { title = "COATHANGER", source = "MIVD", tlp = "amber" }).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();

        var nobody = await alice.PostAsJsonAsync($"/api/cases/{caseId}/handover", new { to = "nobody", note = "n" }).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("no account 'nobody'", nobody["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var adviser = await alice.PostAsJsonAsync($"/api/cases/{caseId}/handover", new { to = "lara", note = "n" }).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("no role that can own a case", adviser["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        await alice.PostAsJsonAsync($"/api/cases/{caseId}/handover", new { to = "bob", note = "all yours" }).ExpectAsync(HttpStatusCode.OK);
        await bob.DeleteAsync($"/api/cases/{caseId}/handover").ExpectAsync(HttpStatusCode.Forbidden);
        var withdrawn = await alice.DeleteAsync($"/api/cases/{caseId}/handover").ExpectAsync(HttpStatusCode.OK);
        Assert.Null(withdrawn["handover"]);
        await bob.PostAsync($"/api/cases/{caseId}/handover/accept", null).ExpectAsync(HttpStatusCode.Conflict);
        await alice.DeleteAsync($"/api/cases/{caseId}/handover").ExpectAsync(HttpStatusCode.Conflict);

        await using var db = host.Db();
        Assert.Equal(1, await db.Set<Grondslag.Storage.Audit.AuditEntry>().CountAsync(a => a.CaseId == caseId && a.Action == "case.handover-cancel"));
    }
}
