using System.Collections.Immutable;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grondslag.Server.Web.Pages;

/// <summary>A case on the dashboard, with whom it waits for.</summary>
/// <remarks><see cref="Waits"/>: whom the shares wait for, grouped (human role labels and step, the keys of their Dutch in CaseText), with the number of shares.</remarks>
public sealed record DashboardCase(CaseFile Case, ImmutableArray<(Waiting Waiting, int Shares)> Waits);

/// <summary>The dashboard: open cases, deadlines first, and whom each waits for.</summary>
public sealed class IndexModel(ICaseQueries queries) : PageModel
{
    public IReadOnlyList<DashboardCase> Cases { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var open = (await queries.ListAsync(cancellationToken).ConfigureAwait(false)).Where(c => c.State is not (CaseState.Settled or CaseState.Closed)).ToList();
        var list = new List<DashboardCase>();
        foreach (var c in open)
        {
            var view = await queries.GetAsync(c.Id, cancellationToken).ConfigureAwait(false);
            var waits = (view?.Shares ?? []).Select(Display.WaitingFor).OfType<Waiting>()
                .GroupBy(w => (string.Join("|", w.Who), w.What))
                .Select(g => (g.First(), g.Count()))
                .OrderByDescending(g => g.Item2);
            list.Add(new DashboardCase(c, [.. waits]));
        }

        Cases = [.. list.OrderBy(c => c.Case.Deadline ?? DateTimeOffset.MaxValue).ThenByDescending(c => c.Case.CreatedAt)];
    }
}
