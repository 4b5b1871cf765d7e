using System.Collections.Immutable;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grondslag.Server.Web.Pages;

/// <summary>A case on the dashboard, with whom it waits for.</summary>
/// <remarks><see cref="Waits"/>: whom the shares wait for, grouped (human role labels and step, the keys of their Dutch in CaseText), with the number of shares.</remarks>
public sealed record DashboardCase(CaseFile Case, ImmutableArray<(Waiting Waiting, int Shares)> Waits);

/// <summary>
/// The dashboard: open cases, deadlines first, and whom each waits for; one page at a time (cursor: the last case shown),
/// so the page costs the same with 25 or 25,000 open cases.
/// </summary>
public sealed class IndexModel(ICaseQueries queries) : PageModel
{
    /// <summary>Cases per page.</summary>
    public const int PageSize = 50;

    public IReadOnlyList<DashboardCase> Cases { get; private set; } = [];

    /// <summary>The cursor of the next page, when there is one.</summary>
    public string? NextAfter { get; private set; }

    /// <summary>Whether this is a later page (so the page links back to the first).</summary>
    public bool LaterPage { get; private set; }

    public async Task OnGetAsync(string? after, CancellationToken cancellationToken)
    {
        var cursor = string.IsNullOrEmpty(after) || after.Length > 64 ? null : after;
        LaterPage = cursor is not null;
        var page = await queries.OpenPageAsync(cursor, PageSize + 1, cancellationToken).ConfigureAwait(false);
        Cases = [.. page.Take(PageSize).Select(c => new DashboardCase(c.Case, [.. c.Shares.Select(Display.WaitingFor).OfType<Waiting>()
            .GroupBy(w => (string.Join("|", w.Who), w.What))
            .Select(g => (g.First(), g.Count()))
            .OrderByDescending(g => g.Item2)]))];
        NextAfter = page.Count > PageSize ? page[PageSize - 1].Case.Id : null;
    }
}
