using System.Net;
using System.Net.Http.Json;
using Grondslag.Storage;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests;

/// <summary>Activating reference data: nothing invalid is activated; what is activated is audited and used at once.</summary>
public sealed class ActivationTests
{
    [Fact]
    public async Task ActivateParties_BrokenRegistry_IsRefusedAndTheOldOneStays()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        using var admin = await host.SignedInAsync("root", ["administrator"]);
        var before = await admin.GetAsync("/api/admin/parties").ExpectAsync(HttpStatusCode.OK);

        var broken = "parties:\n  - id: cert-xx\n    name: X\n    kind: spaceship\n    country: XX\n"u8.ToArray();
        var problem = await admin.PutAsync("/api/admin/parties", new ByteArrayContent(broken)).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains("spaceship", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var after = await admin.GetAsync("/api/admin/parties").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        await using var db = host.Db();
        Assert.Equal(0, await db.Set<Grondslag.Storage.Audit.AuditEntry>().CountAsync(a => a.Action == "party-registry.activate"));
    }

    [Fact]
    public async Task ActivateParties_ValidRegistry_IsAuditedAndUsedForTheNextAssessment()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        using var admin = await host.SignedInAsync("root", ["administrator"]);
        using var analyst = await host.SignedInAsync("alice", ["analyst"]);
        var yaml = await File.ReadAllTextAsync(Path.Combine(TestServerHost.Root, "parties", "default.yaml"));
        var renamed = yaml.Replace("name: \"CISA\"", "name: \"CISA (renamed by the administrator)\"", StringComparison.Ordinal);
        Assert.NotEqual(yaml, renamed);

        await admin.PutAsync("/api/admin/parties", new StringContent(renamed)).ExpectAsync(HttpStatusCode.OK);
        var parties = await admin.GetAsync("/api/admin/parties").ExpectAsync(HttpStatusCode.OK);

        Assert.Contains("CISA (renamed by the administrator)", parties.ToJsonString(), StringComparison.Ordinal);
        await using var db = host.Db();
        Assert.Equal(1, await db.Set<Grondslag.Storage.Audit.AuditEntry>().CountAsync(a => a.Action == "party-registry.activate" && a.Actor == "root"));
    }

    [Fact]
    public async Task ActivateRuleSet_WithCbwDate_NextAssessmentRunsUnderTheCbw_BadDateChangesNothing()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        using var admin = await host.SignedInAsync("root", ["administrator"]);
        var before = await admin.GetAsync("/api/admin/rule-set").ExpectAsync(HttpStatusCode.OK);

        await admin.PostAsJsonAsync("/api/admin/rule-set/activation", new { cbwEntryIntoForce = "2024-13-01" }).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before.ToJsonString(), (await admin.GetAsync("/api/admin/rule-set").ExpectAsync(HttpStatusCode.OK)).ToJsonString());

        var activated = await admin.PostAsJsonAsync("/api/admin/rule-set/activation", new { cbwEntryIntoForce = "2026-10-01" }).ExpectAsync(HttpStatusCode.OK);
        var now = await admin.GetAsync("/api/admin/rule-set").ExpectAsync(HttpStatusCode.OK);

        Assert.NotEqual(before["sha256"]!.GetValue<string>(), activated["sha256"]!.GetValue<string>());
        Assert.Equal(activated["sha256"]!.GetValue<string>(), now["sha256"]!.GetValue<string>());
        Assert.Contains("2026-10-01", now["regimes"]!.AsArray().Single(r => r!["id"]!.GetValue<string>() == "cbw")!["inForce"]!.GetValue<string>(), StringComparison.Ordinal);
        await using var db = host.Db();
        Assert.Equal(1, await db.Set<Grondslag.Storage.Audit.AuditEntry>().CountAsync(a => a.Action == "rule-set.activate"));
    }

    [Fact]
    public async Task ActivateRuleSet_RuleOverridingTheNonEuProhibition_IsRefusedNamingFileLineRuleAndField()
    {
        var rules = Testing.RepositoryRoot.CopyOfRules();
        try
        {
            await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite, rulesDirectory: rules);
            using var admin = await host.SignedInAsync("root", ["administrator"]);
            await File.AppendAllTextAsync(Path.Combine(rules, "wbni.yaml"), """

              - id: wbni.third-country-csirt-exception
                title: An exception that lets a third-country CSIRT have the list
                task: wbni.3-2-b
                citations:
                  - { law: Wbni, article: "3", source: BWBR0041515, quote: "a reading that does not hold" }
                valid: { from: 2018-11-09 }
                when:
                  recipient.kind: national-csirt
                  recipient.eu-member: false
                  recipient.eu-transition: false
                  recipient.domestic: false
                  information.aggregate-only: false
                overrides: [wbni.no-basis, wbni.20-2.non-eu-national-csirt]
                outcome: permitted
                explanation: wrongly permitted

            """);

            var problem = await admin.PostAsJsonAsync("/api/admin/rule-set/activation", new { }).ExpectAsync(HttpStatusCode.BadRequest);

            var detail = problem["detail"]!.GetValue<string>();
            Assert.Contains("wbni.yaml:", detail, StringComparison.Ordinal);
            Assert.Contains("rule 'wbni.third-country-csirt-exception', field 'when'", detail, StringComparison.Ordinal);
            Assert.Contains("safety property (a)", detail, StringComparison.Ordinal);
            await using var db = host.Db();
            Assert.Equal(0, await db.Set<Grondslag.Storage.Audit.AuditEntry>().CountAsync(a => a.Action == "rule-set.activate"));
        }
        finally
        {
            Directory.Delete(rules, recursive: true);
        }
    }
}
