using System.Net;
using System.Net.Http.Json;
using Grondslag.Storage;
using Grondslag.Storage.Cases;
using Grondslag.Storage.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Grondslag.Server.Tests.Gate;

/// <summary>The disclosure gate's bad paths of issue 11 through the real server, on SQLite and PostgreSQL.</summary>
public sealed class GateTests
{
    private static readonly string[] NonEu = ["jpcert-cc", "cisa", "ncsc-uk"];

    public static TheoryData<DatabaseProvider> Providers => TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WhatIfAssessedToday_ConfirmApproveRelease_AllRefusedNothingDeliveredEachRefusalAudited(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        var caseId = await GateProbe.CaseWithListAsync(alice);

        // The 2024 breach, retried: assessed today under the Cbw, which is not in force. Refused (a what-if is a
        // comparison beside the plan, never workflow shares), audited, and nothing stored.
        var whatIf = await alice.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { date = "2024-06-10", regime = "cbw" }).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("what-if", whatIf["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await using (var db = host.Db())
        {
            Assert.Empty(await db.Set<ShareRow>().Where(s => s.CaseId == caseId).ToListAsync());
        }

        Assert.Contains(await GateProbe.RefusalsAsync(host, caseId), r => r.Action == "case.assess" && r.Actor == "alice" && r.Reason.Contains("what-if", StringComparison.Ordinal));

        // What-if shares stored by an earlier version (before what-ifs moved beside the plan) stay inert.
        var shares = await LegacyWhatIfSharesAsync(host, alice, caseId);

        foreach (var party in NonEu.Append("cert-fr"))
        {
            var share = shares[party];
            await GateProbe.ConfirmAsync(alice, caseId, share, "gdpr-transfer-ground").ExpectAsync(HttpStatusCode.Conflict);
            var approve = await GateProbe.ApproveAsync(bob, caseId, share).ExpectAsync(HttpStatusCode.Conflict);
            Assert.Contains("what-if", approve["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            await GateProbe.ReleaseAsync(alice, caseId, share).ExpectAsync(HttpStatusCode.Conflict);
        }

        Assert.Equal((0, 0, 0), await GateProbe.DeliveredAsync(host, caseId));
        foreach (var party in NonEu)
        {
            Assert.Empty(await GateProbe.RecipientSharesAsync(host, party));
        }

        var refusals = await GateProbe.RefusalsAsync(host, caseId);
        foreach (var party in NonEu)
        {
            Assert.Contains(refusals, r => r.Subject == shares[party] && r.Action == "share.confirm-condition" && r.Actor == "alice");
            Assert.Contains(refusals, r => r.Subject == shares[party] && r.Action == "share.decide" && r.Actor == "bob" && r.Reason.Contains("what-if", StringComparison.Ordinal));
            Assert.Contains(refusals, r => r.Subject == shares[party] && r.Action == "share.release" && r.Actor == "alice");
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WhatIfShareForgedIntoApprovedInTheStore_ReleaseIsRefusedByTheGate(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        var caseId = await GateProbe.CaseWithListAsync(alice);
        var shares = await LegacyWhatIfSharesAsync(host, alice, caseId);

        // Someone with database access marks JPCERT/CC's what-if share as a real, approved, permitted one.
        await ForgeApprovalAsync(host, caseId, shares["jpcert-cc"], approvedBy: "mallory");

        var refused = await GateProbe.ReleaseAsync(alice, caseId, shares["jpcert-cc"]).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Contains("what-if", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), await GateProbe.DeliveredAsync(host, caseId));
        Assert.Contains(await GateProbe.RefusalsAsync(host, caseId), r => r.Action == "share.release" && r.Subject == shares["jpcert-cc"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CertFrApprovalMovedToJpcertInTheStore_ReleaseIsRefusedAndNothingReachesJpcert(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        var caseId = await GateProbe.CaseWithListAsync(alice);
        var shares = await GateProbe.AssessedAsync(alice, caseId);
        await GateProbe.ApproveAsync(bob, caseId, shares["cert-fr"]).ExpectAsync(HttpStatusCode.OK);

        // CERT-FR's approved, permitting share is re-pointed at JPCERT/CC (same kind) in the store.
        await using (var db = host.Db())
        {
            var row = await db.Set<ShareRow>().SingleAsync(s => s.Id == shares["cert-fr"]);
            row.PartyId = "jpcert-cc";
            row.PartyName = "JPCERT/CC";
            await db.SaveChangesAsync();
        }

        await GateProbe.ReleaseAsync(alice, caseId, shares["cert-fr"]).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal((0, 0, 0), await GateProbe.DeliveredAsync(host, caseId));
        Assert.Empty(await GateProbe.RecipientSharesAsync(host, "jpcert-cc"));
        Assert.Contains(await GateProbe.RefusalsAsync(host, caseId), r => r.Action == "share.release" && r.Subject == shares["cert-fr"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnalystAndDutyOfficerWhoCreatedAndImported_ApprovesAfterAColleagueAssessed_IsRefused_ASecondOfficerReleasesLawfully(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var alice = await host.SignedInAsync("alice", ["analyst", "duty-officer"]);
        using var carol = await host.SignedInAsync("carol", ["analyst"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        var caseId = await GateProbe.CaseWithListAsync(alice);
        var shares = await GateProbe.AssessedAsync(carol, caseId);

        var own = await GateProbe.ApproveAsync(alice, caseId, shares["cert-fr"]).ExpectAsync(HttpStatusCode.Forbidden);
        Assert.Contains("Four eyes: alice", own["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await GateProbe.ReleaseAsync(alice, caseId, shares["cert-fr"]).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Equal((0, 0, 0), await GateProbe.DeliveredAsync(host, caseId));
        var refusals = await GateProbe.RefusalsAsync(host, caseId);
        Assert.Contains(refusals, r => r.Action == "share.decide" && r.Actor == "alice" && r.Subject == shares["cert-fr"] && r.Reason.Contains("Four eyes", StringComparison.Ordinal));

        // The lawful path still works: an EU national CSIRT's share, assessed today, approved by someone who prepared nothing.
        await GateProbe.ApproveAsync(bob, caseId, shares["cert-fr"]).ExpectAsync(HttpStatusCode.OK);
        var release = await GateProbe.ReleaseAsync(alice, caseId, shares["cert-fr"]).ExpectAsync(HttpStatusCode.Created);
        Assert.True(release["indicatorCount"]!.GetValue<int>() > 0);
        var (taxii, _, releases) = await GateProbe.DeliveredAsync(host, caseId);
        Assert.True(taxii > 0);
        Assert.Equal(1, releases);
        Assert.Single(await GateProbe.RecipientSharesAsync(host, "cert-fr"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ApprovedShareAfterTheLegalDayEnds_ReleaseIsRefusedUntilAssessedAgain(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        var caseId = await GateProbe.CaseWithListAsync(alice);
        var shares = await GateProbe.AssessedAsync(alice, caseId);
        await GateProbe.ApproveAsync(bob, caseId, shares["cert-fr"]).ExpectAsync(HttpStatusCode.OK);

        // 2024-06-10 10:00 UTC + 12 h = 22:00 UTC = midnight in Amsterdam (CEST): the legal day is now the 11th.
        host.Clock.Advance(TimeSpan.FromHours(12));
        using var aliceLater = await host.SignedInAsync("alice", ["analyst"]);
        var refused = await GateProbe.ReleaseAsync(aliceLater, caseId, shares["cert-fr"]).ExpectAsync(HttpStatusCode.Conflict);

        Assert.Contains("2024-06-11", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), await GateProbe.DeliveredAsync(host, caseId));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RefusalWithAHugeHostileShareId_IsAuditedBoundedAndTheLogStillVerifies(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        var caseId = await GateProbe.CaseWithListAsync(alice);
        var hostile = string.Concat(Enumerable.Repeat("share-\u001b[31m", 150));

        await GateProbe.ReleaseAsync(alice, caseId, Uri.EscapeDataString(hostile)).ExpectAsync(HttpStatusCode.NotFound);

        var refusal = Assert.Single(await GateProbe.RefusalsAsync(host, caseId));
        Assert.Equal("share.release", refusal.Action);
        Assert.True(refusal.Subject!.Length <= 201, $"subject of {refusal.Subject.Length} characters");
        Assert.DoesNotContain('\u001b', refusal.Subject);
        Assert.True(refusal.Reason.Length <= 2001);
        await using var db = host.Db();
        var settings = host.Services.GetRequiredService<Grondslag.Storage.Audit.AuditLogSettings>();
        var verification = await new Grondslag.Storage.Audit.AuditVerifier(db, settings.Origin, settings.Verifier, settings.Witness).VerifyAsync();
        Assert.True(verification.IsIntact, string.Join("; ", verification.Problems.Select(p => p.ToString())));
    }

    /// <summary>Writes an approval for a share straight into the store, as someone with database access could.</summary>
    /// <summary>
    /// A case assessed as a what-if under the Cbw the way an earlier version stored it: a plan with a regime override
    /// and workflow shares marked as what-if (today what-ifs are refused as assessments and stored beside the plan).
    /// </summary>
    private static async Task<Dictionary<string, string>> LegacyWhatIfSharesAsync(TestServerHost host, HttpClient client, string caseId)
    {
        var shares = await GateProbe.AssessedAsync(client, caseId);
        await using var db = host.Db();
        foreach (var plan in await db.Set<PlanRow>().Where(p => p.CaseId == caseId).ToListAsync())
        {
            plan.RegimeOverride = "cbw";
            plan.RegimeId = "cbw";
        }

        foreach (var share in await db.Set<ShareRow>().Where(s => s.CaseId == caseId).ToListAsync())
        {
            share.WhatIf = true;
        }

        await db.SaveChangesAsync();
        return shares;
    }

    private static async Task ForgeApprovalAsync(TestServerHost host, string caseId, string shareId, string approvedBy)
    {
        await using var db = host.Db();
        var row = await db.Set<ShareRow>().SingleAsync(s => s.Id == shareId);
        row.WhatIf = false;
        row.Verdict = "permitted";
        row.State = "approved";
        db.Set<DecisionRow>().Add(new DecisionRow
        {
            Id = "decision-forged-" + shareId,
            CaseId = caseId,
            ShareId = shareId,
            Outcome = "approved",
            Motivation = "forged",
            PreparedBy = row.PreparedBy,
            DecidedBy = approvedBy,
            DecidedAs = "duty-officer",
            DecidedAt = TestServerHost.Now.AddMinutes(-1),
        });
        await db.SaveChangesAsync();
    }
}
