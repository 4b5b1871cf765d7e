using Grondslag.Domain.Cases;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grondslag.Server.Web.Pages.Cases;

/// <summary>
/// One recipient's share of a case, opened from the case page's table or map: verdict, articles, explanation, rule
/// trace, alternatives, advice, decision and delivery, with that share's own steps (they post to the case page's
/// handlers, which run the same use cases as the API, and come back here).
/// </summary>
public sealed class ShareModel(CaseReader reader, Grondslag.Application.Delivery.IDeliveryQueries deliveries) : PageModel
{
    public CasePage? View { get; private set; }

    public ShareRow? Row { get; private set; }

    public IReadOnlyList<Grondslag.Application.Delivery.DeliveryStep> Deliveries { get; private set; } = [];

    /// <summary>The share's channels whose step is not done yet (queued after a bulk release, or to be retried).</summary>
    public IReadOnlyList<Grondslag.Application.Delivery.ChannelStateView> Pending { get; private set; } = [];

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The motivation typed before a refused decision, so it is not lost.</summary>
    public string? KeptMotivation { get; private set; }

    public bool Can(params Role[] roles) => roles.Any(r => User.IsInRole(r.ToWire()));

    public async Task<IActionResult> OnGetAsync(string caseId, string partyId, CancellationToken cancellationToken)
    {
        View = await reader.ReadAsync(caseId, cancellationToken).ConfigureAwait(false);
        Row = View?.Shares.FirstOrDefault(r => string.Equals(r.Share.PartyId, partyId, StringComparison.Ordinal));
        if (View is null || Row is null)
        {
            // A person gets a readable page in their language (with status 404), not an empty answer or JSON.
            return RedirectToPage("/Error", new { code = 404 });
        }

        var shareId = Row.Share.Id;
        Deliveries = await deliveries.ForShareAsync(shareId, cancellationToken).ConfigureAwait(false);
        if (Row.Release is not null)
        {
            var states = await deliveries.ChannelStatesAsync([shareId], cancellationToken).ConfigureAwait(false);
            Pending = states.TryGetValue(shareId, out var channels) ? [.. channels.Where(c => c.State == "pending")] : [];
        }

        Message = Take("Message");
        Error = Take("Error");
        KeptMotivation = Take("Motivation");
        TempData.Remove("NoticeShare");
        return Page();
    }

    private string? Take(string key)
    {
        var value = TempData[key] as string;
        TempData.Remove(key);
        return value;
    }
}
