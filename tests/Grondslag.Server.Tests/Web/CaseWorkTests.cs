using System.Net.Http.Json;
using Deque.AxeCore.Playwright;
using Grondslag.Storage;
using Microsoft.Playwright;

namespace Grondslag.Server.Tests.Web;

/// <summary>
/// The duty officer's case work on the 2024 list in Chromium, in Dutch and in English: an overview that fits in three
/// screen heights, bulk approval of the permitted CSIRT shares by keyboard alone, a prohibited share that can only be
/// refused, advice answered, bulk release with the result per share, the auditor's read-only view and a released share's
/// address list (search, CSV, STIX and MISP downloads), HTML error pages,
/// and axe-core without violations on every page visited. Screenshots go to TestResults/screenshots.
/// </summary>
public sealed class CaseWorkTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Theory]
    [InlineData("en")]
    [InlineData("nl")]
    public async Task CoathangerCase_BulkApproveAndReleaseTheEuShares_EveryRoleInItsLanguage(string lang)
    {
        string L(string en, string nl) => lang == "en" ? en : nl;
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite, kestrel: true);
        foreach (var (user, role) in new[] { ("alice", "analyst"), ("bob", "duty-officer"), ("dora", "duty-officer"), ("lara", "legal-adviser"), ("audrey", "auditor") })
        {
            await host.CreateAccountAsync(user, [role]);
        }

        using var api = await host.SignedInAsync("alice", ["analyst"]);
        var caseId = (await api.PostAsJsonAsync("/api/cases", new { title = "COATHANGER FortiGate victims", source = "MIVD", tlp = "amber" }).ExpectAsync(System.Net.HttpStatusCode.Created))["id"]!.GetValue<string>();
        await api.PostTextAsync($"/api/cases/{caseId}/imports?fileName=coathanger-2024.txt", await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt")))
            .ExpectAsync(System.Net.HttpStatusCode.Created);
        await api.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { }).ExpectAsync(System.Net.HttpStatusCode.Created);
        var assessed = await api.GetAsync($"/api/cases/{caseId}").ExpectAsync(System.Net.HttpStatusCode.OK);
        var permittedCsirts = assessed["shares"]!["items"]!.AsArray().Count(s => s!["verdict"]!.GetValue<string>() == "permitted" && s["partyId"]!.GetValue<string>() is { } id
            && host.Services.GetService(typeof(Grondslag.Application.Cases.ISharingContext)) is Grondslag.Application.Cases.ISharingContext ctx
            && ctx.Parties.Find(id)?.Kind == Grondslag.Domain.Parties.RecipientKind.NationalCsirt);
        Assert.True(permittedCsirts >= 20, $"{permittedCsirts} permitted CSIRT shares");
        var caseUrl = $"/cases/{caseId}";

        // Analyst: the overview first, within three screen heights at 1440×900 before any detail is opened.
        var alice = await chromium.SignedInAsync(host, "alice", lang);
        await alice.SetViewportSizeAsync(1440, 900);
        await alice.GotoAsync(caseUrl);
        await Assertions.Expect(alice.Locator("table.verdicts")).ToContainTextAsync(L("Prohibited", "Verboden"));
        await Assertions.Expect(alice.Locator("details.unserved > summary")).ToContainTextAsync(L("no lawful recipient", "geen rechtmatige ontvanger"));
        var height = await alice.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        Assert.True(height <= 3 * 900, $"The case page is {height} px tall at 1440×900 ({lang}).");
        await Chromium.ShotAsync(alice, $"{lang}-10-case-overview", fullPage: true);
        await NoAxeViolationsAsync(alice, "case page");
        await Assertions.Expect(alice.Locator("svg.europe-map circle[data-country=MT]")).ToHaveCountAsync(1);
        await Assertions.Expect(alice.Locator("details.countries tr[data-country=BR]")).ToHaveCountAsync(1);

        // Analyst asks the legal adviser about the prohibited Canadian share.
        await alice.GotoAsync(caseUrl + "/shares/cccs");
        await alice.Locator("details.ask > summary").ClickAsync();
        await alice.Locator("select[name=adviser]").SelectOptionAsync("legal");
        await alice.Locator("textarea[name=question]").FillAsync("Can the MIVD pass these on under its own law?");
        await alice.Locator("details.ask button[type=submit]").ClickAsync();
        await Assertions.Expect(alice.GetByRole(AriaRole.Status)).ToContainTextAsync(L("Advice requested", "Advies gevraagd"));
        await NoAxeViolationsAsync(alice, "share page");

        // Duty officer: keyboard only — pick "all permitted CSIRT shares", approve them with one motivation.
        var bob = await chromium.SignedInAsync(host, "bob", lang);
        await bob.SetViewportSizeAsync(1440, 900);
        await bob.GotoAsync(caseUrl);
        await bob.GetByRole(AriaRole.Link, new() { Name = L("Select all permitted CSIRT shares", "Alle toegestane CSIRT-delen selecteren") }).FocusAsync();
        await bob.Keyboard.PressAsync("Enter");
        await bob.WaitForURLAsync(u => u.Contains("select=shown", StringComparison.Ordinal));
        await Assertions.Expect(bob.Locator("table.shares input[name=shareIds]:checked")).ToHaveCountAsync(permittedCsirts);
        await bob.Locator("#bulk-approve").FocusAsync();
        await bob.Keyboard.PressAsync("Space");
        await bob.Keyboard.PressAsync("Tab");
        await bob.Keyboard.TypeAsync("Wbni art. 20(2): EU CSIRTs, each for its own constituency");
        await bob.Keyboard.PressAsync("Tab");
        await bob.Keyboard.PressAsync("Enter");
        await bob.WaitForURLAsync(u => !u.Contains("select=shown", StringComparison.Ordinal), new() { Timeout = 120_000 });
        await Assertions.Expect(bob.GetByRole(AriaRole.Status)).ToContainTextAsync(L($"Approved {permittedCsirts} of {permittedCsirts} selected shares.", $"{permittedCsirts} van {permittedCsirts} geselecteerde delen goedgekeurd."));
        await Assertions.Expect(bob.Locator("details.results li.ok")).ToHaveCountAsync(permittedCsirts);
        await Chromium.ShotAsync(bob, $"{lang}-11-duty-officer-bulk-approved", fullPage: true);
        await NoAxeViolationsAsync(bob, "case page after a bulk decision");

        // Adviser answers; a second duty officer refuses the Canadian share (no "Approve" is offered on it).
        var lara = await chromium.SignedInAsync(host, "lara", lang);
        await lara.GotoAsync("/advice");
        var form = lara.Locator("form").Filter(new() { Has = lara.Locator("textarea[name=advice]") }).First;
        await form.Locator("textarea[name=advice]").FillAsync("No Wbni basis; ask the MIVD to share via its own channels (Wiv 2017).");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(lara.GetByRole(AriaRole.Status)).ToBeVisibleAsync();
        await Chromium.ShotAsync(lara, $"{lang}-12-adviser-answered");

        var dora = await chromium.SignedInAsync(host, "dora", lang);
        await dora.GotoAsync(caseUrl + "/shares/cccs");
        await Assertions.Expect(dora.Locator("input[name=outcome][value=approve]")).ToHaveCountAsync(0);
        await dora.GetByLabel(L("Motivation", "Motivering"), new() { Exact = true }).FillAsync("Prohibited: Wbni art. 20(2); the MIVD shares through its own channels.");
        await dora.GetByRole(AriaRole.Button, new() { Name = L("Refuse the share", "Het deel weigeren") }).ClickAsync();
        await Assertions.Expect(dora.GetByRole(AriaRole.Status)).ToContainTextAsync(L("Decision recorded: refused", "Besluit vastgelegd: geweigerd"));
        await Chromium.ShotAsync(dora, $"{lang}-13-second-duty-officer-refused-canada", fullPage: true);

        // Analyst releases every approved share in one act, with the delivery result per share.
        await alice.GotoAsync(caseUrl + "?state=approved&select=shown");
        await Assertions.Expect(alice.Locator("table.shares input[name=shareIds]:checked")).ToHaveCountAsync(permittedCsirts);
        // Each release goes through the gate and is delivered (TAXII, e-mail) on its own: give the act time.
        await alice.GetByRole(AriaRole.Button, new() { Name = L("Release the selected approved shares", "De geselecteerde goedgekeurde delen vrijgeven") }).ClickAsync(new() { Timeout = 180_000 });
        await Assertions.Expect(alice.GetByRole(AriaRole.Status)).ToContainTextAsync(L($"Released {permittedCsirts} of {permittedCsirts}", $"{permittedCsirts} van {permittedCsirts} geselecteerde delen vrijgegeven"), new() { Timeout = 180_000 });
        await Assertions.Expect(alice.Locator("details.results li.ok")).ToHaveCountAsync(permittedCsirts);
        await Chromium.ShotAsync(alice, $"{lang}-14-analyst-bulk-released", fullPage: true);
        await alice.GotoAsync(caseUrl + "/shares/cert-fr");
        await Assertions.Expect(alice.Locator("table.deliveries")).ToContainTextAsync("taxii");

        // Auditor: read-only overview (no decision or release form), and the audit trail has one decision per share.
        var audrey = await chromium.SignedInAsync(host, "audrey", lang);
        await audrey.GotoAsync(caseUrl);
        await Assertions.Expect(audrey.Locator("fieldset.bulk-decision")).ToHaveCountAsync(0);
        await Assertions.Expect(audrey.Locator("form.bulk button")).ToHaveCountAsync(0);
        await Chromium.ShotAsync(audrey, $"{lang}-15-auditor-case", fullPage: true);
        await NoAxeViolationsAsync(audrey, "auditor's case page");

        // Auditor: a released share's address list — opened from the share page, searched, and downloaded as the internal
        // CSV and as the STIX and MISP files the gate released.
        await audrey.GotoAsync(caseUrl + "/shares/cert-fr");
        await audrey.Locator("p.addresses-link a").ClickAsync();
        await audrey.WaitForURLAsync(u => u.EndsWith("/shares/cert-fr/addresses", StringComparison.Ordinal));
        await Assertions.Expect(audrey.Locator("h1")).ToContainTextAsync(L("Addresses for", "Adressen voor"));
        var firstAddress = (await audrey.Locator("table.addresses tbody tr td code").First.TextContentAsync())!;
        await audrey.Locator("#address-search").FillAsync(firstAddress);
        await audrey.Locator("#address-search").PressAsync("Enter");
        await audrey.WaitForURLAsync(u => u.Contains("q=", StringComparison.Ordinal));
        await Assertions.Expect(audrey.Locator("table.addresses tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(audrey.Locator("#released-files")).ToContainTextAsync("TLP:AMBER");
        await Chromium.ShotAsync(audrey, $"{lang}-19-share-addresses", fullPage: true);
        await NoAxeViolationsAsync(audrey, "address list of a released share");
        foreach (var (handler, ending, expect) in new[] { ("Csv", ".csv", "# INTERNAL"), ("Stix", ".stix.json", "\"type\": \"bundle\""), ("Misp", ".misp.json", "\"tlp:amber\"") })
        {
            var download = await audrey.RunAndWaitForDownloadAsync(() => audrey.Locator($"a[href$='handler={handler}']").ClickAsync());
            Assert.EndsWith(ending, download.SuggestedFilename, StringComparison.Ordinal);
            Assert.Contains(expect, await File.ReadAllTextAsync((await download.PathAsync())!), StringComparison.Ordinal);
        }

        // A share that was not released offers no STIX or MISP, and says why in the reader's language.
        await audrey.GotoAsync(caseUrl + "/shares/cccs/addresses");
        await Assertions.Expect(audrey.Locator("#released-files")).ToContainTextAsync(L("exist only for what the disclosure gate released", "bestaan alleen voor wat de verstrekkingspoort heeft vrijgegeven"));
        await Assertions.Expect(audrey.Locator("a[href$='handler=Stix']")).ToHaveCountAsync(0);
        await NoAxeViolationsAsync(audrey, "address list of a refused share");
        await using (var db = host.Db())
        {
            var entries = db.Set<Grondslag.Storage.Audit.AuditEntry>().Where(e => e.CaseId == caseId).Select(e => e.Action).ToList();
            Assert.Equal(permittedCsirts + 1, entries.Count(a => a == "share.decide"));
            Assert.Equal(permittedCsirts, entries.Count(a => a == "share.release"));
            Assert.Equal(3, entries.Count(a => a == "share.address-export"));
        }

        // An unknown case is an HTML page in the user's language, not JSON.
        var missing = await alice.GotoAsync("/cases/case-does-not-exist");
        Assert.Equal(404, missing!.Status);
        await Assertions.Expect(alice.Locator("h1")).ToHaveTextAsync(L("Not found", "Niet gevonden"));
        await NoAxeViolationsAsync(alice, "404 page");

        // An unknown address is the self-contained HTML error page, in the user's language, with its status.
        var nowhere = await alice.GotoAsync("/no-such-page");
        Assert.Equal(404, nowhere!.Status);
        await Assertions.Expect(alice.Locator("h1")).ToHaveTextAsync(L("Not found", "Niet gevonden"));
        await Chromium.ShotAsync(alice, $"{lang}-17-error-page");
        await NoAxeViolationsAsync(alice, "error page for an unknown address");

        // The owner closes the case by keyboard alone, with a reason; the open shares lapse and the page says so.
        await alice.GotoAsync(caseUrl);
        await alice.Locator("#close-heading + details > summary").FocusAsync();
        await alice.Keyboard.PressAsync("Enter");
        await alice.Keyboard.PressAsync("Tab");
        await alice.Keyboard.TypeAsync("The originator asked us to stop sharing this list.");
        await alice.Keyboard.PressAsync("Tab");
        await alice.Keyboard.PressAsync("Enter");
        await Assertions.Expect(alice.GetByRole(AriaRole.Status)).ToContainTextAsync(L("The case is closed", "De zaak is gesloten"));
        await Assertions.Expect(alice.Locator("#closed-heading")).ToHaveTextAsync(L("This case is closed", "Deze zaak is gesloten"));
        await Assertions.Expect(alice.Locator("#close-heading")).ToHaveCountAsync(0);
        await Chromium.ShotAsync(alice, $"{lang}-18-case-closed", fullPage: true);
        await NoAxeViolationsAsync(alice, "closed case page");

        // The map under simulated deuteranopia, kept as an artefact beside the palette's ΔE test (MapPaletteTests).
        await alice.GotoAsync(caseUrl);
        var cdp = await alice.Context.NewCDPSessionAsync(alice);
        await cdp.SendAsync("Emulation.setEmulatedVisionDeficiency", new Dictionary<string, object> { ["type"] = "deuteranopia" });
        await alice.Locator("figure.map").ScreenshotAsync(new() { Path = Path.Combine(Chromium.Screenshots, $"{lang}-16-map-deuteranopia.png") });
    }

    private static async Task NoAxeViolationsAsync(IPage page, string what)
    {
        var result = await page.RunAxe();
        Assert.True(result.Violations.Length == 0, $"axe-core on the {what}: " + string.Join("; ", result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }
}
