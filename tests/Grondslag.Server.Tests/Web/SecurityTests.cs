using System.Net;
using System.Text.RegularExpressions;
using Grondslag.Storage;
using Microsoft.Playwright;

namespace Grondslag.Server.Tests.Web;

/// <summary>Scripts in user data stay inert text on every page; forms need their antiforgery token; pages carry security headers.</summary>
public sealed partial class SecurityTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string Script = "<script>window.__xss=1</script>";
    private const string Image = "<img src=x onerror=window.__xss=1>";

    [Fact]
    public async Task ScriptInTitleNotePartyNameAndUploadedLine_ShownLiterallyAndInertOnEveryPage()
    {
        // A party registry whose French CSIRT has a hostile name.
        var parties = Path.Combine(Path.GetTempPath(), "grondslag-parties-" + Guid.NewGuid().ToString("N") + ".yaml");
        var yaml = await File.ReadAllTextAsync(Path.Combine(TestServerHost.Root, "parties", "default.yaml"));
        var hostileParty = "CERT-FR " + Image;
        yaml = yaml.Replace("name: \"CERT-FR (ANSSI)\"", "name: 'CERT-FR <img src=x onerror=window.__xss=1>'", StringComparison.Ordinal);
        Assert.Contains(hostileParty, yaml, StringComparison.Ordinal);
        await File.WriteAllTextAsync(parties, yaml);
        try
        {
            await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite, kestrel: true, partiesFile: parties);
            await host.CreateAccountAsync("mallory", ["analyst", "duty-officer"]);
            await host.CreateAccountAsync("lara", ["legal-adviser"]);
            await host.CreateAccountAsync("carol", ["analyst"]);
            await host.CreateAccountAsync("audrey", ["auditor", "administrator"]);
            var title = "Case " + Script;
            var list = Path.Combine(Path.GetTempPath(), "hostile-" + Guid.NewGuid().ToString("N") + ".txt");
            var addresses = await File.ReadAllTextAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt"));
            await File.WriteAllTextAsync(list, addresses + "\n" + Image + "\n" + Script + "\n");

            var page = await chromium.SignedInAsync(host, "mallory");
            await page.GotoAsync("/cases/new");
            await page.GetByLabel("Title").FillAsync(title);
            await page.GetByLabel("Source (who gave us the list)").FillAsync("MIVD " + Image);
            await page.GetByLabel("Indicator list", new() { Exact = false }).SetInputFilesAsync(list);
            await page.GetByRole(AriaRole.Button, new() { Name = "Create case and upload list" }).ClickAsync();
            await page.WaitForURLAsync(CaseUrl());
            await page.GetByLabel("Assess on", new() { Exact = false }).FillAsync("2024-06-10");
            await page.GetByRole(AriaRole.Button, new() { Name = "Assess per recipient" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Assessed:");
            var caseUrl = page.Url;
            var caseId = caseUrl[(caseUrl.LastIndexOf('/') + 1)..];

            // Ask advice with a hostile question and offer a handover with a hostile note.
            await page.GotoAsync(caseUrl + "/shares/cert-fr");
            var fr = page.Locator("article[data-party=cert-fr]");
            await fr.Locator("details.ask > summary").ClickAsync();
            await fr.GetByLabel("Question").FillAsync("Question " + Script);
            await fr.GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();
            await page.GotoAsync(caseUrl);
            await page.Locator("section[aria-labelledby=handover] details.dialog > summary").ClickAsync();
            await page.GetByLabel("To (user name)").FillAsync("carol");
            await page.GetByLabel("Note on the state", new() { Exact = false }).FillAsync("Note " + Image);
            await page.GetByRole(AriaRole.Button, new() { Name = "Offer handover" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Handover offered");

            await InertAsync(page, caseUrl, [title, hostileParty, Image, Script, "Note " + Image]);
            await InertAsync(page, caseUrl + "/shares/cert-fr", [title, "Question " + Script]);
            await Chromium.ShotAsync(page, "20-injection-case-page");
            await InertAsync(page, "/", [title]);

            var lara = await chromium.SignedInAsync(host, "lara");
            await InertAsync(lara, "/advice", [title, hostileParty, "Question " + Script]);

            var audrey = await chromium.SignedInAsync(host, "audrey");
            await InertAsync(audrey, "/audit?caseId=" + caseId, [title]);
            await InertAsync(audrey, "/admin/parties", [hostileParty]);
            await Chromium.ShotAsync(audrey, "21-injection-parties");
        }
        finally
        {
            File.Delete(parties);
        }
    }

    [Fact]
    public async Task PostWithoutAntiforgeryToken_IsRejected_AndPagesCarryStrictSecurityHeaders()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite, kestrel: true);
        await host.CreateAccountAsync("bob", ["duty-officer"]);
        using var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = host.BaseAddress };

        using var signInPage = await client.GetAsync("/sign-in");
        var headers = signInPage.Headers;
        var csp = string.Join(" ", headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", headers.GetValues("Referrer-Policy").Single());

        // Signing in without the form's token: refused before the password is even looked at.
        using var forged = await client.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = "bob", ["password"] = TestServerHost.Password }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        // With the token the same sign-in works; a decision posted without the token is still refused.
        var token = Token().Match(await signInPage.Content.ReadAsStringAsync()).Groups[1].Value;
        using var signedIn = await client.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "bob", ["password"] = TestServerHost.Password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        using var decision = await client.PostAsync("/cases/case-x?handler=Decide", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["shareId"] = "share-x", ["outcome"] = "approve", ["motivation"] = "forged",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, decision.StatusCode);

        // The API never accepts the UI's cookie: it wants its bearer token.
        using var api = await client.GetAsync("/api/cases");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    private static async Task InertAsync(IPage page, string url, string[] literals)
    {
        await page.GotoAsync(url);
        foreach (var text in literals)
        {
            await Assertions.Expect(page.GetByText(text, new() { Exact = false }).First).ToBeAttachedAsync();
        }

        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__xss"));
        Assert.Equal(0, await page.Locator("main img, main script").CountAsync());
    }

    private static Regex CaseUrl() => new("/cases/case-");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
