using System.Net;
using Grondslag.Storage;
using Grondslag.Storage.Cases;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests.Web;

/// <summary>HTML error pages for people (in their language, with the real status), problem details for the API.</summary>
public sealed partial class NewCasePageTests
{
    [Fact]
    public async Task Post_ListOverTheUploadLimit_ReadableHtmlPage413InTheReadersLanguageAndNoCase()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite, kestrel: true);
        await host.CreateAccountAsync("alice", ["analyst"]);
        using var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var web = await SignedInWebAsync(host, handler, "alice");
        web.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var page = await web.GetStringAsync("/cases/new");
        Assert.Contains($"data-max-bytes=\"{TestServerHost.UploadLimit}\"", page, StringComparison.Ordinal);
        using var form = Form(Token().Match(page).Groups[1].Value, FormToken().Match(page).Groups[1].Value, "2024-06-12 12:00");
        form.Add(new ByteArrayContent(new byte[TestServerHost.UploadLimit + 1]), "extra", "big.txt");
        using var answer = await web.PostAsync("/cases/new", form);
        var html = await answer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>The file is too large</h1>", html, StringComparison.Ordinal);
        Assert.Contains("1 MB", html, StringComparison.Ordinal);
        await using var db = host.Db();
        Assert.Equal(0, await db.Set<CaseRow>().CountAsync());
    }

    [Fact]
    public async Task Get_UnknownPath_HtmlPageForBrowsersInDutchByDefaultProblemDetailsForTheApi()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite, kestrel: true);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/no-such-page");
        browser.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        using var page = await client.SendAsync(browser);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"nl\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Niet gevonden</h1>", html, StringComparison.Ordinal);

        using var machine = new HttpRequestMessage(HttpMethod.Get, "/api/no-such-thing");
        machine.Headers.Accept.ParseAdd("text/html,application/json");
        using var problem = await client.SendAsync(machine);
        Assert.Equal(HttpStatusCode.NotFound, problem.StatusCode);
        Assert.NotEqual("text/html", problem.Content.Headers.ContentType?.MediaType);
    }
}
