using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Grondslag.Storage;
using Microsoft.Playwright;

namespace Grondslag.Server.Tests.Web;

/// <summary>
/// The pages for what was API-only, walked in Chromium in Dutch and in English: the administrators activate the
/// corrected rule set (propose, second administrator approves); the decision-maker finds the four wrongly released
/// shares, opens the breach with its 72-hour clock and draft, records a deletion confirmation and the submission; a
/// duty officer withdraws the French share by keyboard; an administrator creates an account whose role a second
/// administrator approves, and issues TAXII credentials. axe-core finds no violation on any of these pages.
/// </summary>
public sealed class BreachAndAdministrationPagesTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static readonly string[] NonEu = ["cccs", "cisa", "jpcert-cc", "ncsc-uk"];

    [Theory]
    [InlineData("nl")]
    [InlineData("en")]
    public async Task BreachWithdrawalAndAdministration_InEachLanguage_WalkedWithoutAccessibilityViolations(string language)
    {
        var dutch = language == "nl";
        string Say(string nl, string en) => dutch ? nl : en;
        var rules = Testing.RepositoryRoot.CopyOfRulesTreatingAsEuMembers("CA", "GB", "JP", "US");
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite, kestrel: true, rulesDirectory: rules);
        var caseId = await ReleaseWronglyAsync(host);
        await host.CreateAccountAsync("root", ["administrator"]);
        await host.CreateAccountAsync(TestServerHost.SecondAdministrator, ["administrator"]);
        await host.CreateAccountAsync("dora", ["decision-maker"]);
        await host.CreateAccountAsync("dirk", ["duty-officer"]);

        // The lawyers correct the rule set; one administrator proposes it, another approves it.
        host.Clock.Advance(TimeSpan.FromMinutes(30));
        foreach (var name in new[] { "wbni.yaml", Path.Combine("facts", "countries.yaml") })
        {
            File.Copy(Path.Combine(TestServerHost.Root, "rules", name), Path.Combine(rules, name), overwrite: true);
        }

        var root = await chromium.SignedInAsync(host, "root", language);
        await root.GotoAsync("/admin/activation");
        await Assertions.Expect(root.Locator("h1")).ToHaveTextAsync(Say("Regels en partijen activeren", "Activate rules and parties"));
        await Accessibility.AssertNoViolationsAsync(root, $"{language}-20-activation");
        await root.Locator("form[action*=RuleSet] button[type=submit]").ClickAsync();
        await Assertions.Expect(root.GetByRole(AriaRole.Status)).ToContainTextAsync(Say("alle", "all"));
        await Assertions.Expect(root.Locator("table.proposals tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(root.Locator("table.proposals tbody tr")).ToContainTextAsync(Say("vier ogen", "four eyes"));
        var second = await chromium.SignedInAsync(host, TestServerHost.SecondAdministrator, language);
        await second.GotoAsync("/admin/activation");
        await second.Locator("table.proposals tbody tr button[type=submit]").ClickAsync();
        await Assertions.Expect(second.GetByRole(AriaRole.Status)).ToContainTextAsync(Say("geldt vanaf nu", "in force from now on"));
        await Assertions.Expect(second.Locator("table.proposals")).ToHaveCountAsync(0);
        await Accessibility.AssertNoViolationsAsync(second, $"{language}-21-activation-approved");

        // The decision-maker reviews past disclosures and opens the breach (keyboard: type, then Enter).
        var dora = await chromium.SignedInAsync(host, "dora", language);
        await dora.GetByRole(AriaRole.Link, new() { Name = Say("Datalekken", "Breaches") }).ClickAsync();
        await Assertions.Expect(dora.Locator("h1")).ToHaveTextAsync(Say("Register datalekken", "Breach register"));
        await Accessibility.AssertNoViolationsAsync(dora, $"{language}-22-breach-register-empty");
        await dora.Locator("form[action*=Review] button").ClickAsync();
        await Assertions.Expect(dora.Locator(".review-result")).ToContainTextAsync(Say("4 hebben geen grondslag meer", "4 no longer have a basis"));
        await Assertions.Expect(dora.Locator("table.affected tbody tr")).ToHaveCountAsync(4);
        await Accessibility.AssertNoViolationsAsync(dora, $"{language}-23-breach-review");
        await dora.Locator("#contactPoint").FocusAsync();
        await dora.Keyboard.TypeAsync("Functionaris gegevensbescherming, fg@ncsc.example");
        await dora.Keyboard.PressAsync("Enter");
        await dora.WaitForURLAsync(new Regex("/breaches/breach-"));
        await Assertions.Expect(dora.GetByRole(AriaRole.Status)).ToContainTextAsync(Say("72 uur", "72 hours"));
        await Assertions.Expect(dora.Locator(".countdown")).ToHaveTextAsync(Say("Nog 72 u 0 min om te melden bij de Autoriteit Persoonsgegevens.", "72 h 0 min left to notify the Autoriteit Persoonsgegevens."));
        // The deadline: 72 hours after becoming aware (2024-06-10 10:30 UTC = 12:30 Dutch summer time).
        await Assertions.Expect(dora.Locator(".clock")).ToContainTextAsync("2024-06-13 12:30 (NL)");
        foreach (var party in NonEu)
        {
            await Assertions.Expect(dora.Locator($"table.affected tr[data-party='{party}']")).ToHaveCountAsync(1);
        }

        await Assertions.Expect(dora.Locator("#draft-text")).ToHaveValueAsync(new Regex(Say("Melding van een datalek", "Notification of a personal-data breach")));
        await Accessibility.AssertNoViolationsAsync(dora, $"{language}-24-breach-with-draft");
        var download = await dora.RunAndWaitForDownloadAsync(() => dora.Locator("a[href$='handler=Draft']").ClickAsync());
        Assert.EndsWith("-notification-draft.md", download.SuggestedFilename, StringComparison.Ordinal);
        var draft = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains(Say("## 3. Tijdlijn", "## 3. Timeline"), draft, StringComparison.Ordinal);
        Assert.Contains("2024-06-13 10:30 UTC", draft, StringComparison.Ordinal);

        var cccs = dora.Locator("table.affected tr[data-party=cccs]");
        await cccs.Locator("input[name=reference]").FillAsync("CCCS ticket 4711");
        await cccs.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(dora.GetByRole(AriaRole.Status)).ToContainTextAsync(Say("Bevestiging van verwijdering vastgelegd", "Deletion confirmation recorded"));
        await Assertions.Expect(dora.Locator("table.affected tr[data-party=cccs]")).ToContainTextAsync("CCCS ticket 4711");
        await dora.Locator("#reference").FillAsync("AP-2024-0815");
        await dora.Locator("form[action*=Notify] button[type=submit]").ClickAsync();
        await Assertions.Expect(dora.GetByRole(AriaRole.Status)).ToContainTextAsync(Say("Indiening bij de Autoriteit", "Submission to the Autoriteit"));
        await Assertions.Expect(dora.Locator(".countdown")).ToHaveTextAsync(Say("Gemeld bij de Autoriteit Persoonsgegevens: de termijn is gehaald.", "Notified to the Autoriteit Persoonsgegevens: the deadline is met."));
        await Accessibility.AssertNoViolationsAsync(dora, $"{language}-25-breach-notified");
        await dora.GotoAsync("/breaches");
        await Assertions.Expect(dora.Locator("table.register tbody tr")).ToContainTextAsync(Say("Afgehandeld", "Settled"));
        await Assertions.Expect(dora.Locator("table.register tbody tr")).ToContainTextAsync(Say("1 van 4", "1 of 4"));

        // A duty officer withdraws the French share from the page the case links to, keyboard only.
        var dirk = await chromium.SignedInAsync(host, "dirk", language);
        await dirk.GotoAsync($"/cases/{caseId}/withdrawals/new?party=cert-fr");
        await Assertions.Expect(dirk.Locator("h1")).ToHaveTextAsync(Say("Vrijgegeven deling intrekken", "Withdraw a released share"));
        await Assertions.Expect(dirk.Locator(".choice[data-party=cert-fr] input")).ToBeCheckedAsync();
        await Assertions.Expect(dirk.Locator(".choice[data-party=cccs] input")).ToBeDisabledAsync();
        await Accessibility.AssertNoViolationsAsync(dirk, $"{language}-26-withdrawal");
        await dirk.Locator("#reason").FocusAsync();
        await dirk.Keyboard.TypeAsync("Sent before the victim notification was agreed with the originator.");
        await dirk.Keyboard.PressAsync("Tab");
        await Assertions.Expect(dirk.Locator("form button[type=submit]").Last).ToBeFocusedAsync();
        await dirk.Keyboard.PressAsync("Enter");
        await Assertions.Expect(dirk.GetByRole(AriaRole.Status)).ToContainTextAsync(Say("Ingetrokken", "Withdrawn"));
        await Assertions.Expect(dirk.GetByRole(AriaRole.Status)).ToContainTextAsync("CERT-FR");
        await Assertions.Expect(dirk.Locator(".choice[data-party=cert-fr]")).ToContainTextAsync(Say("al ingetrokken", "already withdrawn"));
        await Accessibility.AssertNoViolationsAsync(dirk, $"{language}-27-withdrawn");

        // Accounts: root creates one (keyboard), the one-time password is shown once, the second administrator approves the role.
        await root.GotoAsync("/admin/accounts");
        await Accessibility.AssertNoViolationsAsync(root, $"{language}-28-accounts");
        await root.Locator("#userName").FocusAsync();
        await root.Keyboard.TypeAsync("nina");
        await root.Keyboard.PressAsync("Tab");
        await Assertions.Expect(root.Locator("#role-analyst")).ToBeFocusedAsync();
        await root.Keyboard.PressAsync("Space");
        await root.Locator("form[action*=Create] button[type=submit]").FocusAsync();
        await root.Keyboard.PressAsync("Enter");
        await Assertions.Expect(root.Locator("#created-heading")).ToHaveTextAsync(Say("Account nina aangemaakt", "Account nina created"));
        var password = await root.Locator("#one-time-password").TextContentAsync();
        Assert.False(string.IsNullOrWhiteSpace(password));
        await Assertions.Expect(root.Locator("table.grants tr[data-user=nina]")).ToContainTextAsync(Say("Analist", "Analyst"));
        await Assertions.Expect(root.Locator("table.grants tr[data-user=nina]")).ToContainTextAsync(Say("vier ogen", "four eyes"));
        await Accessibility.AssertNoViolationsAsync(root, $"{language}-29-account-created");
        await root.ReloadAsync(new() { WaitUntil = WaitUntilState.Load });
        await Assertions.Expect(root.Locator("#one-time-password")).ToHaveCountAsync(0);

        await second.GotoAsync("/admin/accounts");
        await second.Locator("table.grants tr[data-user=nina] button[type=submit]").ClickAsync();
        await Assertions.Expect(second.GetByRole(AriaRole.Status)).ToContainTextAsync(Say("nina heeft nu Analist", "nina now holds Analyst"));
        await Assertions.Expect(second.Locator("table.accounts tr[data-user=nina]")).ToContainTextAsync(Say("Analist", "Analyst"));

        // TAXII: credentials for CERT-FR, the secret shown once, and it works at the TAXII server.
        await root.GotoAsync("/admin/taxii-clients");
        await Accessibility.AssertNoViolationsAsync(root, $"{language}-30-taxii-clients");
        await root.Locator("tr[data-party=cert-fr] form[action*=Issue] button").ClickAsync();
        var secret = await root.Locator("#taxii-secret").TextContentAsync();
        Assert.False(string.IsNullOrWhiteSpace(secret));
        await Accessibility.AssertNoViolationsAsync(root, $"{language}-31-taxii-issued");
        using var taxii = new HttpClient { BaseAddress = host.BaseAddress };
        taxii.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("cert-fr:" + secret)));
        taxii.DefaultRequestHeaders.Accept.ParseAdd("application/taxii+json;version=2.1");
        using (var discovery = await taxii.GetAsync("/taxii2/"))
        {
            Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
        }

        await root.GotoAsync("/admin/taxii-clients");
        await root.Locator("tr[data-party=cert-fr] form[action*=Revoke] button").ClickAsync();
        await Assertions.Expect(root.GetByRole(AriaRole.Status)).ToContainTextAsync("cert-fr");
        using (var refused = await taxii.GetAsync("/taxii2/"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
    }

    /// <summary>The 2024 case released under wrong facts: the four non-EU CSIRTs and CERT-FR. Returns the case id.</summary>
    private static async Task<string> ReleaseWronglyAsync(TestServerHost host)
    {
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        using var lara = await host.SignedInAsync("lara", ["legal-adviser"]);
        var caseId = (await alice.PostAsJsonAsync("/api/cases", new { title = "COATHANGER", source = "MIVD", tlp = "amber" }).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var file = await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt"));
        await alice.PostTextAsync($"/api/cases/{caseId}/imports?fileName=coathanger-2024.txt", file).ExpectAsync(HttpStatusCode.Created);
        await alice.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { date = "2024-06-10" }).ExpectAsync(HttpStatusCode.Created);
        var shares = (await alice.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK))["shares"]!["items"]!.AsArray().Select(s => s!).ToList();
        foreach (var party in NonEu.Append("cert-fr"))
        {
            var share = shares.Single(s => s["partyId"]!.GetValue<string>() == party);
            var id = share["id"]!.GetValue<string>();
            foreach (var open in share["verdict"]!.GetValue<string>() == "conditional" ? share["openConditions"]?.AsArray().Select(c => c!.GetValue<string>()) ?? ["gdpr-transfer-ground"] : [])
            {
                await lara.PostAsJsonAsync($"/api/cases/{caseId}/shares/{id}/confirmations", new { condition = open, reference = "a ground wrongly assumed in 2024" }).ExpectAsync(HttpStatusCode.OK);
            }

            await bob.PostAsJsonAsync($"/api/cases/{caseId}/shares/{id}/decision", new { outcome = "approve", motivation = "inform the victims" }).ExpectAsync(HttpStatusCode.OK);
            await alice.PostAsync($"/api/cases/{caseId}/shares/{id}/release", null).ExpectAsync(HttpStatusCode.Created);
        }

        return caseId;
    }
}
