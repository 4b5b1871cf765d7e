using System.Globalization;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grondslag.Server.Endpoints;

/// <summary>
/// Cursor paging for the API's lists (issue 17), the same contract as <c>GET /api/cases</c>: the body stays the array it
/// always was, <c>limit</c> is 1–500 (default 100), and when more follow the <c>Link</c> header names the next page
/// (<c>rel="next"</c>) and <c>X-Next-After</c> the cursor to pass as <c>after</c> (the id of the last item).
/// </summary>
internal static class Paging
{
    public const int DefaultPage = 100;

    public const int MaxPage = 500;

    /// <summary>A refusal when <paramref name="limit"/> is outside 1–<see cref="MaxPage"/>; null when it is fine.</summary>
    public static ProblemHttpResult? Check(int? limit, string what) =>
        limit is < 1 or > MaxPage ? Problems.Invalid($"limit: between 1 and {MaxPage} {what} per page.") : null;

    /// <summary>The page after the item whose cursor is <paramref name="after"/> (none when no item has it), with the next-page headers.</summary>
    public static T[] Page<T>(IEnumerable<T> ordered, Func<T, string> cursor, string? after, int? limit, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var size = limit ?? DefaultPage;
        var all = ordered.ToList();
        var start = string.IsNullOrEmpty(after) ? 0 : all.FindIndex(x => cursor(x) == after) + 1;
        if (!string.IsNullOrEmpty(after) && start == 0)
        {
            return [];
        }

        var page = all.Skip(start).Take(size + 1).ToList();
        if (page.Count > size)
        {
            var last = cursor(page[size - 1]);
            http.Response.Headers.Append("X-Next-After", last);
            http.Response.Headers.Append("Link",
                $"<{http.Request.PathBase}{http.Request.Path}?after={Uri.EscapeDataString(last)}&limit={size.ToString(CultureInfo.InvariantCulture)}>; rel=\"next\"");
        }

        return [.. page.Take(size)];
    }
}
