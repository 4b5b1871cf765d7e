using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Grondslag.Application.Cases;
using Grondslag.Server.Endpoints;
using Grondslag.Storage;
using Microsoft.AspNetCore.Http;

namespace Grondslag.Server.Tests.Endpoints;

/// <summary>Issue 17: cursor paging on the API's lists and on the open-cases page.</summary>
public sealed partial class PagingTests
{
    /// <summary>Following the next-page cursor from the first page visits every item once, in order, never more than the limit per page.</summary>
    [FsCheck.Xunit.Property(MaxTest = 300)]
    public bool Page_FollowingCursors_VisitsEveryItemOnceInOrder(FsCheck.PositiveInt count, FsCheck.PositiveInt pageSize)
    {
        var items = Enumerable.Range(0, count.Get % 700).Select(i => "item-" + i.ToString("x5", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var limit = (pageSize.Get % Paging.MaxPage) + 1;
        var seen = new List<string>();
        string? after = null;
        for (var pages = 0; pages <= items.Count + 1; pages++)
        {
            var http = new DefaultHttpContext();
            http.Request.Path = "/api/things";
            var page = Paging.Page(items, x => x, after, limit, http);
            if (page.Length > limit)
            {
                return false;
            }

            seen.AddRange(page);
            var next = http.Response.Headers["X-Next-After"].ToString();
            if (next.Length == 0)
            {
                return seen.SequenceEqual(items) && http.Response.Headers.Link.Count == 0;
            }

            if (next != page[^1] || !http.Response.Headers.Link.ToString().Contains($"after={next}&limit={limit}", StringComparison.Ordinal))
            {
                return false;
            }

            after = next;
        }

        return false;
    }

    /// <summary>The open-cases order is total (deadline first, then newest, then id), so the cursor finds its place in any input order.</summary>
    [FsCheck.Xunit.Property(MaxTest = 200)]
    public bool OpenCaseOrder_AnyPermutation_SameOrder(int seed)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var cases = Enumerable.Range(0, 40).Select(i => (Id: "case-" + i, Deadline: random.Next(3) == 0 ? start.AddHours(random.Next(5)) : (DateTimeOffset?)null, Created: start.AddMinutes(random.Next(6))))
            .ToList();
        var sorted = OpenCaseOrder.Sort(cases, c => c.Id, c => c.Deadline, c => c.Created);
        var shuffled = OpenCaseOrder.Sort(cases.OrderBy(_ => random.Next()), c => c.Id, c => c.Deadline, c => c.Created);
        var pairs = sorted.Zip(sorted.Skip(1));
        return sorted.SequenceEqual(shuffled)
            && pairs.All(p => (p.First.Deadline ?? DateTimeOffset.MaxValue) <= (p.Second.Deadline ?? DateTimeOffset.MaxValue))
            && OpenCaseOrder.After(sorted, c => c.Id, sorted[9].Id, 5).SequenceEqual(sorted.Skip(10).Take(5));
    }

    [Theory]
    [MemberData(nameof(AccountAbuseTests.Providers), MemberType = typeof(AccountAbuseTests))]
    public async Task OpenCasesPage_MoreThanOnePage_NextLinkLeadsToTheRest(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        var ids = new List<string>();
        for (var i = 0; i < Grondslag.Server.Web.Pages.IndexModel.PageSize + 3; i++)
        {
            var created = await alice.PostAsJsonAsync("/api/cases", new { title = $"Case {i}", source = "NCSC" }).ExpectAsync(HttpStatusCode.Created);
            ids.Add(created["id"]!.GetValue<string>());
            host.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        using var web = await WebSignInAsync(host, "alice");
        var first = await web.GetStringAsync(new Uri("/", UriKind.Relative));
        var onFirst = CaseLink().Matches(first).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(Grondslag.Server.Web.Pages.IndexModel.PageSize, onFirst.Count);
        Assert.Equal(ids[^1], onFirst[0]);
        var next = NextLink().Match(first);
        Assert.True(next.Success, "no next-page link on a full page");
        var second = await web.GetStringAsync(new Uri(WebUtility.HtmlDecode(next.Groups[1].Value), UriKind.Relative));
        var onSecond = CaseLink().Matches(second).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ids.Take(3).Reverse(), onSecond);
        Assert.DoesNotMatch(NextLink(), second);
        Assert.Empty(onFirst.Intersect(onSecond));

        // The API's case list pages the same way: the array stays, a Link header names the next page.
        using var list = await alice.GetAsync("/api/cases?limit=2");
        Assert.Contains("rel=\"next\"", list.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
    }

    private static async Task<HttpClient> WebSignInAsync(TestServerHost host, string user)
    {
        var web = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var page = await web.GetStringAsync(new Uri("/sign-in", UriKind.Relative));
        var token = Antiforgery().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = user, ["password"] = TestServerHost.Password, ["__RequestVerificationToken"] = token });
        using var signedIn = await web.PostAsync(new Uri("/sign-in", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return web;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    [GeneratedRegex("<td><a href=\"/cases/([^\"]+)\">")]
    private static partial Regex CaseLink();

    [GeneratedRegex("<a href=\"(/\\?after=[^\"]+)\" rel=\"next\">")]
    private static partial Regex NextLink();
}
