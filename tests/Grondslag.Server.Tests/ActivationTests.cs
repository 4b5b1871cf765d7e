using System.Net;
using System.Net.Http.Json;
using Grondslag.Storage;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests;

/// <summary>
/// Activating reference data: nothing invalid is proposed; nothing comes into force without a second administrator;
/// what is activated is audited, used at once, and pinned — a restart runs the activated version, not the files on disk.
/// </summary>
public sealed class ActivationTests
{
    private static Task<int> ActivationsByPeopleAsync(TestServerHost host, string action)
    {
        var db = host.Db();
        return db.Set<Grondslag.Storage.Audit.AuditEntry>().CountAsync(a => a.Action == action && a.Actor != "system")
            .ContinueWith(t => { db.Dispose(); return t.Result; }, TaskScheduler.Default);
    }

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
        Assert.Equal(0, await ActivationsByPeopleAsync(host, "party-registry.activate"));
        Assert.Equal(0, await ActivationsByPeopleAsync(host, "parties.propose"));
    }

    [Fact]
    public async Task ActivateParties_ProposedThenApprovedByASecondAdministrator_IsAuditedAndUsedForTheNextAssessment()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        using var admin = await host.SignedInAsync("root", ["administrator"]);
        var yaml = await File.ReadAllTextAsync(Path.Combine(TestServerHost.Root, "parties", "default.yaml"));
        var renamed = yaml.Replace("name: \"CISA\"", "name: \"CISA (renamed by the administrator)\"", StringComparison.Ordinal);
        Assert.NotEqual(yaml, renamed);

        var proposal = await admin.PutAsync("/api/admin/parties", new StringContent(renamed)).ExpectAsync(HttpStatusCode.Accepted);
        Assert.DoesNotContain("renamed by the administrator", (await admin.GetAsync("/api/admin/parties").ExpectAsync(HttpStatusCode.OK)).ToJsonString(), StringComparison.Ordinal);
        var second = await host.SecondAdministratorAsync();
        var approved = await second.PostAsync(proposal["approve"]!.GetValue<string>(), null).ExpectAsync(HttpStatusCode.OK);
        var parties = await admin.GetAsync("/api/admin/parties").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("root", approved["proposedBy"]!.GetValue<string>());
        Assert.Equal(TestServerHost.SecondAdministrator, approved["approvedBy"]!.GetValue<string>());
        Assert.Contains("CISA (renamed by the administrator)", parties.ToJsonString(), StringComparison.Ordinal);
        await using var db = host.Db();
        Assert.Equal(1, await db.Set<Grondslag.Storage.Audit.AuditEntry>().CountAsync(a => a.Action == "parties.propose" && a.Actor == "root"));
        Assert.Equal(1, await db.Set<Grondslag.Storage.Audit.AuditEntry>().CountAsync(a => a.Action == "party-registry.activate" && a.Actor == TestServerHost.SecondAdministrator));
    }

    [Fact]
    public async Task ActivateRuleSet_WithCbwDate_NextAssessmentRunsUnderTheCbw_BadDateChangesNothing()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        using var admin = await host.SignedInAsync("root", ["administrator"]);
        var before = await admin.GetAsync("/api/admin/rule-set").ExpectAsync(HttpStatusCode.OK);

        await admin.PostAsJsonAsync("/api/admin/rule-set/activation", new { cbwEntryIntoForce = "2024-13-01" }).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before.ToJsonString(), (await admin.GetAsync("/api/admin/rule-set").ExpectAsync(HttpStatusCode.OK)).ToJsonString());

        var activated = await host.ActivateRuleSetAsync(admin, "2026-10-01");
        var now = await admin.GetAsync("/api/admin/rule-set").ExpectAsync(HttpStatusCode.OK);

        Assert.NotEqual(before["sha256"]!.GetValue<string>(), activated["sha256"]!.GetValue<string>());
        Assert.Equal(activated["sha256"]!.GetValue<string>(), now["sha256"]!.GetValue<string>());
        Assert.Contains("2026-10-01", now["regimes"]!.AsArray().Single(r => r!["id"]!.GetValue<string>() == "cbw")!["inForce"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, await ActivationsByPeopleAsync(host, "rule-set.activate"));
    }

    [Fact]
    public async Task ApproveActivation_ByTheAdministratorWhoProposedIt_IsRefusedAuditedAndChangesNothing()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        using var admin = await host.SignedInAsync("root", ["administrator"]);
        var before = (await admin.GetAsync("/api/admin/rule-set").ExpectAsync(HttpStatusCode.OK))["sha256"]!.GetValue<string>();

        var proposal = await admin.PostAsJsonAsync("/api/admin/rule-set/activation", new { cbwEntryIntoForce = "2026-10-01" }).ExpectAsync(HttpStatusCode.Accepted);
        var refused = await admin.PostAsync(proposal["approve"]!.GetValue<string>(), null).ExpectAsync(HttpStatusCode.Forbidden);

        Assert.Contains("Four eyes", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, (await admin.GetAsync("/api/admin/rule-set").ExpectAsync(HttpStatusCode.OK))["sha256"]!.GetValue<string>());
        Assert.Equal(0, await ActivationsByPeopleAsync(host, "rule-set.activate"));
        Assert.Equal(1, await ActivationsByPeopleAsync(host, "activation.approve-refused"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Restart_RuleFileEditedOnDisk_ActivatedVersionStaysInForceUntilTwoAdministratorsActivateTheEdit(DatabaseProvider provider)
    {
        var rules = Testing.RepositoryRoot.CopyOfRules();
        try
        {
            await using var first = await TestServerHost.StartAsync(provider, rulesDirectory: rules);
            using (var auditor = await first.SignedInAsync("ada", ["auditor"]))
            {
                var activated = (await auditor.GetAsync("/api/admin/rule-set").ExpectAsync(HttpStatusCode.OK))["sha256"]!.GetValue<string>();
                var wbni = Path.Combine(rules, "wbni.yaml");
                var text = await File.ReadAllTextAsync(wbni);
                await File.WriteAllTextAsync(wbni, text + "\n# Edited on disk after the activation: the rule-set hash covers every byte of every rule file.\n");

                // A restart (a new server process on the same database) reads the edited folder, but runs what was activated.
                await using var restarted = first.RestartedWith(rules);
                using var ada = await restarted.SignedInAsync("ada", ["auditor"]);
                Assert.Equal(activated, (await ada.GetAsync("/api/admin/rule-set").ExpectAsync(HttpStatusCode.OK))["sha256"]!.GetValue<string>());

                using var root = await restarted.SignedInAsync("root", ["administrator"]);
                var approved = await restarted.ActivateRuleSetAsync(root);
                var now = (await ada.GetAsync("/api/admin/rule-set").ExpectAsync(HttpStatusCode.OK))["sha256"]!.GetValue<string>();
                Assert.NotEqual(activated, now);
                Assert.Equal(approved["sha256"]!.GetValue<string>(), now);
            }
        }
        finally
        {
            Directory.Delete(rules, recursive: true);
        }
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
                title: { en: An exception that lets a third-country CSIRT have the list, nl: Een uitzondering die een CSIRT van een derde land de lijst geeft }
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
                explanation: { en: wrongly permitted, nl: ten onrechte toegestaan }

            """);

            var problem = await admin.PostAsJsonAsync("/api/admin/rule-set/activation", new { }).ExpectAsync(HttpStatusCode.BadRequest);
            Assert.Equal(0, await ActivationsByPeopleAsync(host, "rule-set.activate"));

            var detail = problem["detail"]!.GetValue<string>();
            Assert.Contains("wbni.yaml:", detail, StringComparison.Ordinal);
            Assert.Contains("rule 'wbni.third-country-csirt-exception', field 'when'", detail, StringComparison.Ordinal);
            Assert.Contains("safety property (a)", detail, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(rules, recursive: true);
        }
    }
}
