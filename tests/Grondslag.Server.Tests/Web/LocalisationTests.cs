using System.Text.RegularExpressions;
using System.Xml.Linq;
using Grondslag.Storage;
using Grondslag.Testing;

namespace Grondslag.Server.Tests.Web;

/// <summary>
/// Every text a page writes through <c>T["…"]</c> or <c>S["…"]</c> has its Dutch in the page's (or the shared) resource
/// file, so no Dutch page silently falls back to English; and the language really follows the user's choice.
/// </summary>
public sealed partial class LocalisationTests
{
    private static readonly string Pages = RepositoryRoot.Combine("src", "Grondslag.Server", "Web", "Pages");

    private static readonly string Resources = RepositoryRoot.Combine("src", "Grondslag.Server", "Resources");

    [Fact]
    public void EveryLiteralTextOnEveryPage_HasADutchEntry()
    {
        var shared = DutchEntries(Path.Combine(Resources, "Web", "SharedText.nl.resx"));
        var missing = new List<string>();
        var checkedTexts = 0;
        foreach (var page in Directory.EnumerateFiles(Pages, "*.cshtml", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Pages, page);
            var resx = Path.Combine(Resources, "Web", "Pages", Path.ChangeExtension(relative, null) + ".nl.resx");
            var own = DutchEntries(resx);
            var source = File.ReadAllText(page);
            foreach (Match m in PageText().Matches(source))
            {
                checkedTexts++;
                var key = Unescape(m.Groups[2].Value);
                var table = m.Groups[1].Value == "S" ? shared : own;
                if (!table.TryGetValue(key, out var dutch) || string.IsNullOrWhiteSpace(dutch))
                {
                    missing.Add($"{relative}: \"{key}\" has no Dutch in {Path.GetRelativePath(Resources, m.Groups[1].Value == "S" ? Path.Combine(Resources, "Web", "SharedText.nl.resx") : resx)}");
                }
            }
        }

        Assert.True(checkedTexts > 10, $"Only {checkedTexts} localised texts found; is the page scan looking in the right place ({Pages})?");
        Assert.True(missing.Count == 0, "Add the Dutch (scripts/resx.py FILE 'English=Nederlands'):\n" + string.Join('\n', missing));
    }

    [Fact]
    public void EveryDutchResourceFile_BelongsToAPageOrTheSharedText()
    {
        var orphans = Directory.EnumerateFiles(Path.Combine(Resources, "Web"), "*.nl.resx", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(Resources, "Web"), f))
            .Where(f => f != "SharedText.nl.resx")
            .Where(f => f.StartsWith("Pages" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(f => !File.Exists(Path.Combine(Pages, f["Pages/".Length..^".nl.resx".Length] + ".cshtml"))
                        && !File.Exists(Path.Combine(Pages, f["Pages/".Length..^".nl.resx".Length] + ".cs")))
            .ToList();
        Assert.True(orphans.Count == 0, "Resource files whose page is gone (misspelt path?): " + string.Join(", ", orphans));
    }

    [Theory]
    [InlineData(null, "Aanmelden", "nl")]
    [InlineData("nl", "Aanmelden", "nl")]
    [InlineData("en", "Sign in", "en")]
    public async Task SignInPage_FollowsTheLanguageChoice_DutchByDefault(string? chosen, string heading, string lang)
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sign-in");
        request.Headers.AcceptLanguage.ParseAdd("en-US");
        if (chosen is not null)
        {
            request.Headers.Add("Cookie", $"grondslag-language=c={chosen}|uic={chosen}");
        }

        using var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<h1>{heading}</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"<html lang=\"{lang}\">", html, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> DutchEntries(string resx) =>
        File.Exists(resx)
            ? XDocument.Load(resx).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    private static string Unescape(string csharpLiteral) => csharpLiteral.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    [GeneratedRegex("""\b([TS])\["((?:[^"\\]|\\.)*)"[\],]""")]
    private static partial Regex PageText();
}
