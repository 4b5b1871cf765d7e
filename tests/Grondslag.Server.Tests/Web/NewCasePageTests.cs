using System.Net;
using System.Text.RegularExpressions;
using Grondslag.Storage;
using Grondslag.Storage.Cases;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests.Web;

/// <summary>
/// The new-case form makes one case per submitted form however often it is posted, takes the deadline in ISO form
/// only, and people get an HTML error page (API callers keep problem details).
/// </summary>
public sealed partial class NewCasePageTests
{
    private static async Task<HttpClient> SignedInWebAsync(TestServerHost host, HttpClientHandler handler, string user)
    {
        var web = new HttpClient(handler) { BaseAddress = host.BaseAddress };
        handler.CookieContainer.Add(host.BaseAddress, new Cookie("grondslag-language", "c=en|uic=en"));
        var token = Token().Match(await web.GetStringAsync("/sign-in")).Groups[1].Value;
        using var signedIn = await web.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = user, ["password"] = TestServerHost.Password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return web;
    }

    private static MultipartFormDataContent Form(string antiforgery, string token, string deadline)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(antiforgery), "__RequestVerificationToken" },
            { new StringContent(token), "token" },
            { new StringContent("COATHANGER"), "title" },
            { new StringContent("MIVD"), "source" },
            { new StringContent("amber"), "tlp" },
            { new StringContent("urgent"), "urgency" },
            { new StringContent(deadline), "deadline" },
        };
        form.Add(new ByteArrayContent("192.0.2.1\n198.51.100.7\n"u8.ToArray()), "indicators", "list.txt");
        return form;
    }

    [Fact]
    public async Task Post_SameFormTwiceAtOnce_OneCaseAndBothAnswersLeadToIt()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite, kestrel: true);
        await host.CreateAccountAsync("alice", ["analyst"]);
        using var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var web = await SignedInWebAsync(host, handler, "alice");
        var page = await web.GetStringAsync("/cases/new");
        var antiforgery = Token().Match(page).Groups[1].Value;
        var token = FormToken().Match(page).Groups[1].Value;
        Assert.Equal(32, token.Length);

        var posts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => web.PostAsync("/cases/new", Form(antiforgery, token, "2024-06-12 12:00"))));
        Assert.All(posts, p => Assert.Equal(HttpStatusCode.Redirect, p.StatusCode));
        Assert.Single(posts.Select(p => p.Headers.Location!.ToString()).Distinct());
        await using var db = host.Db();
        Assert.Equal(1, await db.Set<CaseRow>().CountAsync());
        Assert.Equal(new DateTimeOffset(2024, 6, 12, 10, 0, 0, TimeSpan.Zero), (await db.Set<CaseRow>().SingleAsync()).Deadline);
    }

    [Theory]
    [InlineData("12-06-2024 12:00")]
    [InlineData("6/12/2024 12:00 PM")]
    public async Task Post_DeadlineNotIso_RefusedWithTheFormKept(string deadline)
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite, kestrel: true);
        await host.CreateAccountAsync("alice", ["analyst"]);
        using var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var web = await SignedInWebAsync(host, handler, "alice");
        var page = await web.GetStringAsync("/cases/new");
        using var answer = await web.PostAsync("/cases/new", Form(Token().Match(page).Groups[1].Value, FormToken().Match(page).Groups[1].Value, deadline));
        var html = await answer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("YYYY-MM-DD HH:MM", html, StringComparison.Ordinal);
        Assert.Contains("value=\"COATHANGER\"", html, StringComparison.Ordinal);
        await using var db = host.Db();
        Assert.Equal(0, await db.Set<CaseRow>().CountAsync());
    }

    [Fact]
    public async Task Get_UnknownCase_HtmlNotFoundPageForPeopleProblemDetailsForTheApi()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite, kestrel: true);
        await host.CreateAccountAsync("alice", ["analyst"]);
        using var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var web = await SignedInWebAsync(host, handler, "alice");
        using var redirect = await web.GetAsync("/cases/case-nope");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        using var page = await web.GetAsync(redirect.Headers.Location);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>Not found</h1>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var api = await host.SignedInAsync("alice", ["analyst"]);
        using var problem = await api.GetAsync("/api/cases/case-nope");
        Assert.Equal(HttpStatusCode.NotFound, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"token\" value=\"([0-9a-f]+)\"")]
    private static partial Regex FormToken();
}
