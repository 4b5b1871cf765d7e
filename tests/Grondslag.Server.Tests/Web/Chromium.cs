using Microsoft.Playwright;

namespace Grondslag.Server.Tests.Web;

/// <summary>
/// Debian's Chromium driven by Playwright's bundled driver (no browser download): one browser per test class,
/// a fresh context (own cookies) per user. Screenshots go to TestResults/screenshots at the repository root.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutableVariable = "GRONDSLAG_CHROMIUM";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string Screenshots { get; } = Path.Combine(TestServerHost.Root, "TestResults", "screenshots");

    public static string Executable => Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Executable), $"Chromium is not at {Executable}: install Debian's package (apt-get install chromium; .ci/packages.txt lists it) or set {ExecutableVariable}.");
        Directory.CreateDirectory(Screenshots);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>A page in a new context, signed in through the sign-in form as <paramref name="userName"/>.</summary>
    /// <summary>
    /// A fresh browser signed in as <paramref name="userName"/>, in the UI language <paramref name="language"/>
    /// ("en" by default, so tests read English labels; "nl" walks the staff's default language). The choice is set
    /// the way a user sets it before signing in: the language cookie.
    /// </summary>
    internal async Task<IPage> SignedInAsync(TestServerHost host, string userName, string language = "en")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await context.AddCookiesAsync([new Cookie { Name = "grondslag-language", Value = $"c={language}|uic={language}", Url = host.BaseAddress.ToString() }]);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync("/sign-in");
        await page.Locator("input[name=userName]").FillAsync(userName);
        await page.Locator("input[name=password]").FillAsync(TestServerHost.Password);
        await page.Locator("main form button[type=submit]").First.ClickAsync();
        try
        {
            // A sign-in derives the password hash; on a loaded two-core CI machine with the other test classes' servers
            // running beside it, this answer has been seen to take longer than the page's default 30 s.
            await page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal), new() { Timeout = 120_000 });
        }
        catch (TimeoutException timeout)
        {
            var shown = await page.Locator("main").InnerTextAsync(new() { Timeout = 5_000 });
            throw new TimeoutException($"{userName} was not signed in within 120 s; the page shows: {shown}", timeout);
        }

        return page;
    }

    public static Task ShotAsync(IPage page, string name, bool fullPage = false) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = fullPage });
}
