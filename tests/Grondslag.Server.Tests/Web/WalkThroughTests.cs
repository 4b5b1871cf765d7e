using System.Text.RegularExpressions;
using Grondslag.Storage;
using Microsoft.Playwright;

namespace Grondslag.Server.Tests.Web;

/// <summary>The 2024 case through the web UI in Chromium, as analyst, duty officer, legal adviser and auditor.</summary>
public sealed class WalkThroughTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task CoathangerCase_ThroughTheBrowser_EuApprovedCanadaRefusedWithArticleAdviceAnsweredLogVerified()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite, kestrel: true);
        await host.CreateAccountAsync("alice", ["analyst"]);
        await host.CreateAccountAsync("bob", ["duty-officer"]);
        await host.CreateAccountAsync("lara", ["legal-adviser"]);
        await host.CreateAccountAsync("audrey", ["auditor"]);

        // Analyst: a new case with the list, then the assessment per recipient.
        var alice = await chromium.SignedInAsync(host, "alice");
        await alice.GetByRole(AriaRole.Link, new() { Name = "New case" }).ClickAsync();
        await alice.GetByLabel("Title").FillAsync("COATHANGER FortiGate victims");
        await alice.GetByLabel("Source (who gave us the list)").FillAsync("MIVD");
        await alice.GetByLabel("TLP", new() { Exact = false }).SelectOptionAsync("amber");
        await alice.GetByLabel("Purpose restriction").SelectOptionAsync("inform-victims");
        await alice.GetByLabel("Urgency").SelectOptionAsync("urgent");
        await alice.GetByLabel("Deadline", new() { Exact = false }).FillAsync("2024-06-12T12:00");
        await alice.GetByLabel("Indicator list", new() { Exact = false }).SetInputFilesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt"));
        await Chromium.ShotAsync(alice, "01-analyst-new-case", fullPage: true);
        await alice.GetByRole(AriaRole.Button, new() { Name = "Create case and upload list" }).ClickAsync();
        await alice.WaitForURLAsync(new Regex("/cases/case-"));
        await Assertions.Expect(alice.GetByRole(AriaRole.Status)).ToContainTextAsync("20000 addresses accepted");
        var caseUrl = alice.Url;

        await alice.GetByLabel("Assess on", new() { Exact = false }).FillAsync("2024-06-10");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Assess per recipient" }).ClickAsync();
        await Assertions.Expect(alice.GetByRole(AriaRole.Status)).ToContainTextAsync("Assessed:");
        await Assertions.Expect(alice.Locator("svg.world-map path.verdict-prohibited[data-country=CA]")).ToHaveCountAsync(1);
        await Assertions.Expect(alice.Locator("svg.world-map path.verdict-permitted[data-country=FR]")).ToHaveCountAsync(1);
        await Assertions.Expect(alice.Locator("svg.world-map path.verdict-unserved[data-country=BR]")).ToHaveCountAsync(1);
        // The case page is an overview with a table; one share's detail opens on its own page.
        await Assertions.Expect(alice.Locator("table.shares tr[data-party=cccs] .badge")).ToHaveTextAsync("Prohibited");
        await alice.Locator("table.shares tr[data-party=cccs] a").ClickAsync();
        var cccs = alice.Locator("article[data-party=cccs]");
        await Assertions.Expect(cccs.Locator(".badge").First).ToHaveTextAsync("Prohibited");
        await Assertions.Expect(cccs.Locator(".basis")).ToContainTextAsync("art. 20");
        await Chromium.ShotAsync(alice, "02-analyst-case-assessed");

        // The rule trace opens with the keyboard-usable <details>; the explanation links to the glossary.
        await cccs.Locator("details.trace > summary").ClickAsync();
        await Assertions.Expect(cccs.Locator("details.trace ol li").First).ToBeVisibleAsync();
        await Assertions.Expect(cccs.Locator(".explanation a[href^='/glossary']").First).ToBeVisibleAsync();
        await cccs.ScreenshotAsync(new() { Path = Path.Combine(Chromium.Screenshots, "03-prohibited-share-with-trace.png") });

        // Advice on the Canadian share's alternatives.
        await cccs.Locator("details.ask > summary").ClickAsync();
        await cccs.GetByLabel("Adviser").SelectOptionAsync("legal");
        await cccs.GetByLabel("Question").FillAsync("Can the MIVD pass these on under its own law?");
        await cccs.GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();
        await Assertions.Expect(alice.GetByRole(AriaRole.Status)).ToContainTextAsync("Advice requested");

        // Duty officer: approve an EU share; an approval for Canada is refused and names the article.
        var bob = await chromium.SignedInAsync(host, "bob");
        await Assertions.Expect(bob.GetByRole(AriaRole.Link, new() { Name = "COATHANGER FortiGate victims" })).ToBeVisibleAsync();
        await Chromium.ShotAsync(bob, "04-duty-officer-dashboard");
        await bob.GotoAsync(caseUrl + "/shares/cert-fr");
        var fr = bob.Locator("article[data-party=cert-fr]");
        await fr.GetByLabel("Approve").CheckAsync();
        await fr.GetByLabel("Motivation").FillAsync("Wbni art. 20(2): EU CSIRT, its own constituency");
        await fr.GetByRole(AriaRole.Button, new() { Name = "Record decision" }).ClickAsync();
        await Assertions.Expect(bob.GetByRole(AriaRole.Status)).ToContainTextAsync("Decision recorded: approved");
        await Assertions.Expect(bob.Locator("article[data-party=cert-fr] .decision")).ToContainTextAsync("approved by bob");

        // A prohibited share offers no "Approve"; approving it anyway (in a bulk act) is refused per share, citing the article.
        await bob.GotoAsync(caseUrl + "/shares/cccs");
        await Assertions.Expect(bob.Locator("article[data-party=cccs]").GetByLabel("Approve")).ToHaveCountAsync(0);
        await bob.GotoAsync(caseUrl + "?country=CA&select=shown");
        await bob.GetByLabel("Approve").CheckAsync();
        await bob.GetByLabel("Motivation", new() { Exact = false }).FillAsync("partner CSIRT");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Record the decision for the selected shares" }).ClickAsync();
        await Assertions.Expect(bob.Locator("details.results")).ToContainTextAsync("art. 20(2)");
        await Assertions.Expect(bob.GetByLabel("Motivation", new() { Exact = false })).ToHaveValueAsync("partner CSIRT");
        await Chromium.ShotAsync(bob, "05-duty-officer-canada-refused");

        // Analyst releases the approved EU share through the disclosure gate.
        await alice.GotoAsync(caseUrl + "/shares/cert-fr");
        await alice.Locator("article[data-party=cert-fr]").GetByRole(AriaRole.Button, new() { Name = "Release to" }).ClickAsync();
        await Assertions.Expect(alice.GetByRole(AriaRole.Status)).ToContainTextAsync("Released");
        await alice.GotoAsync(caseUrl + "/shares/cert-fr");
        var deliveries = alice.Locator("article[data-party=cert-fr] table.deliveries");
        await Assertions.Expect(deliveries).ToContainTextAsync("taxii");
        await Assertions.Expect(deliveries).ToContainTextAsync("email");
        await Chromium.ShotAsync(alice, "05b-delivery-status", fullPage: true);

        // Legal adviser: the inbox holds the question; answer it.
        var lara = await chromium.SignedInAsync(host, "lara");
        await lara.GotoAsync("/advice");
        await Assertions.Expect(lara.GetByText("Can the MIVD pass these on under its own law?")).ToBeVisibleAsync();
        await Chromium.ShotAsync(lara, "06-legal-adviser-inbox");
        await lara.GetByLabel("Your advice", new() { Exact = false }).FillAsync("No Wbni basis; ask the MIVD to share via its own channels (Wiv 2017).");
        await lara.GetByRole(AriaRole.Button, new() { Name = "Give advice" }).ClickAsync();
        await Assertions.Expect(lara.GetByRole(AriaRole.Status)).ToContainTextAsync("Advice recorded");

        // Auditor: the case's timeline, the log verified, and an entry's inclusion proof.
        var audrey = await chromium.SignedInAsync(host, "audrey");
        await audrey.GotoAsync("/audit?caseId=" + caseUrl[(caseUrl.LastIndexOf('/') + 1)..]);
        // create, import, assess, advice request, decisions, release with its delivery steps, advice answer.
        foreach (var action in new[] { "case.create", "case.import", "case.assess", "share.advice-request", "share.decide", "share.release", "delivery.taxii-publish", "share.advice-answer" })
        {
            await Assertions.Expect(audrey.Locator("table.timeline")).ToContainTextAsync(action);
        }
        await Chromium.ShotAsync(audrey, "07-auditor-timeline", fullPage: true);
        await audrey.GetByRole(AriaRole.Button, new() { Name = "Verify the log" }).ClickAsync();
        await Assertions.Expect(audrey.Locator(".verification")).ToContainTextAsync("Intact");
        await audrey.Locator("table.timeline tbody tr").Filter(new() { HasText = "share.release" }).GetByRole(AriaRole.Button, new() { Name = "Inclusion proof" }).ClickAsync();
        await Assertions.Expect(audrey.Locator(".proof-result")).ToContainTextAsync("holds");
        await Assertions.Expect(audrey.Locator("pre.proof")).ToContainTextAsync("\"type\": \"inclusion\"");
        await Chromium.ShotAsync(audrey, "08-auditor-inclusion-proof", fullPage: true);

        // A checkpoint someone kept (here: the one the proof leads to) is checked against the log as it is now.
        var proof = System.Text.Json.Nodes.JsonNode.Parse(await audrey.Locator("pre.proof").TextContentAsync() ?? "")!;
        await audrey.Locator("details.ask > summary").ClickAsync();
        await audrey.GetByLabel("Signed checkpoint", new() { Exact = false }).FillAsync(proof["checkpoint"]!.GetValue<string>());
        await audrey.GetByRole(AriaRole.Button, new() { Name = "Check against the log" }).ClickAsync();
        await Assertions.Expect(audrey.Locator(".checkpoint-result")).ToContainTextAsync("Signed by this log's key");
        await Assertions.Expect(audrey.Locator(".checkpoint-result")).ToHaveClassAsync(new Regex("ok"));
    }
}
