using System.Text.RegularExpressions;
using System.Xml.Linq;
using Grondslag.Storage;
using Grondslag.Testing;
using Microsoft.Playwright;

namespace Grondslag.Server.Tests.Web;

/// <summary>The language is chosen per user and kept on the account; page models' own texts have their Dutch too.</summary>
public sealed partial class LanguageChoiceTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task LanguageSwitch_ChoiceStoredOnTheAccount_FollowsTheUserToAnotherBrowser()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite, kestrel: true);
        await host.CreateAccountAsync("dora", ["decision-maker"]);

        // First browser: Dutch by default; switch to English with the header's button.
        var first = await FreshBrowserSignedInAsync(host, "dora");
        await Assertions.Expect(first.Locator("html")).ToHaveAttributeAsync("lang", "nl");
        await Assertions.Expect(first.GetByRole(AriaRole.Link, new() { Name = "Datalekken" })).ToBeVisibleAsync();
        await first.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(first.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(first.GetByRole(AriaRole.Link, new() { Name = "Breaches" })).ToBeVisibleAsync();
        await first.Locator("form.signout button").ClickAsync();
        await first.Context.CloseAsync();

        // Another browser, no cookie of its own: the sign-in page is Dutch, the signed-in pages English (the account's choice).
        var second = await FreshBrowserSignedInAsync(host, "dora", expectSignInHeading: "Aanmelden");
        await Assertions.Expect(second.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await second.GotoAsync("/breaches");
        await Assertions.Expect(second.Locator("h1")).ToHaveTextAsync("Breach register");

        // And back to Dutch, again kept on the account.
        await second.GetByRole(AriaRole.Button, new() { Name = "Nederlands" }).ClickAsync();
        await Assertions.Expect(second.Locator("h1")).ToHaveTextAsync("Register datalekken");
        var third = await FreshBrowserSignedInAsync(host, "dora");
        await third.GotoAsync("/breaches");
        await Assertions.Expect(third.Locator("h1")).ToHaveTextAsync("Register datalekken");
    }

    [Fact]
    public void EveryPageModelText_HasADutchEntryInItsPagesResourceFile()
    {
        var pages = RepositoryRoot.Combine("src", "Grondslag.Server", "Web", "Pages");
        var resources = RepositoryRoot.Combine("src", "Grondslag.Server", "Resources", "Web", "Pages");
        var missing = new List<string>();
        var checkedTexts = 0;
        foreach (var model in Directory.EnumerateFiles(pages, "*.cshtml.cs", SearchOption.AllDirectories))
        {
            var source = File.ReadAllText(model);
            var declared = PageTextFor().Match(source);
            if (!declared.Success)
            {
                continue;
            }

            var resx = Path.Combine(resources, declared.Groups[1].Value.Replace('/', Path.DirectorySeparatorChar) + ".nl.resx");
            var dutch = File.Exists(resx)
                ? XDocument.Load(resx).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal)
                : [];
            foreach (Match m in ModelText().Matches(source))
            {
                checkedTexts++;
                if (!dutch.TryGetValue(m.Groups[1].Value, out var nl) || string.IsNullOrWhiteSpace(nl))
                {
                    missing.Add($"{Path.GetRelativePath(pages, model)}: \"{m.Groups[1].Value}\"");
                }
            }
        }

        Assert.True(checkedTexts > 10, $"Only {checkedTexts} page-model texts found under {pages}.");
        Assert.True(missing.Count == 0, "Add the Dutch to the page's resx:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void EveryRoleLabel_HasADutchEntryInTheSharedText()
    {
        var shared = XDocument.Load(RepositoryRoot.Combine("src", "Grondslag.Server", "Resources", "Web", "SharedText.nl.resx")).Root!
            .Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        Assert.All(Grondslag.Server.Web.Labels.All, label => Assert.Contains(label, shared));
    }

    private async Task<IPage> FreshBrowserSignedInAsync(TestServerHost host, string userName, string? expectSignInHeading = null)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in");
        if (expectSignInHeading is not null)
        {
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(expectSignInHeading);
        }

        await page.Locator("input[name=userName]").FillAsync(userName);
        await page.Locator("input[name=password]").FillAsync(TestServerHost.Password);
        await page.Locator("main form button[type=submit]").First.ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal));
        return page;
    }

    [GeneratedRegex("""PageText\.For\(texts, "([^"]+)"\)""")]
    private static partial Regex PageTextFor();

    [GeneratedRegex("""\bL\["((?:[^"\\]|\\.)*)"[\],]""")]
    private static partial Regex ModelText();
}
