using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Grondslag.Server.Tests.Web;

/// <summary>axe-core (WCAG 2 A/AA rules) run on the page as it stands, with a screenshot kept beside the others.</summary>
internal static class Accessibility
{
    public static async Task AssertNoViolationsAsync(IPage page, string screenshot)
    {
        await Chromium.ShotAsync(page, screenshot, fullPage: true);
        var result = await page.RunAxe();
        Assert.True(result.Violations.Length == 0,
            $"axe-core on {page.Url}:\n" + string.Join("\n", result.Violations.Select(v =>
                $"- {v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString() ?? n.Html))}")));
    }
}
