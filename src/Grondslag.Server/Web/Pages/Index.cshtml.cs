using System.Collections.Immutable;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grondslag.Server.Web.Pages;

/// <summary>A case on the dashboard, with whom it waits for.</summary>
public sealed record DashboardCase(CaseFile Case, ImmutableArray<string> WaitingFor);

/// <summary>The dashboard: open cases, deadlines first, and whom each waits for.</summary>
public sealed class IndexModel(ICaseQueries queries) : PageModel
{
    public IReadOnlyList<DashboardCase> Cases { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var open = (await queries.ListAsync(cancellationToken).ConfigureAwait(false)).Where(c => c.State != CaseState.Settled).ToList();
        var list = new List<DashboardCase>();
        foreach (var c in open)
        {
            var view = await queries.GetAsync(c.Id, cancellationToken).ConfigureAwait(false);
            list.Add(new DashboardCase(c, view?.WaitingFor ?? []));
        }

        Cases = [.. list.OrderBy(c => c.Case.Deadline ?? DateTimeOffset.MaxValue).ThenByDescending(c => c.Case.CreatedAt)];
    }
}
