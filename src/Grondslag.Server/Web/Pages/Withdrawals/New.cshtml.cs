using Grondslag.Application.Cases;
using Grondslag.Application.Delivery;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Parties;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Grondslag.Server.Web.Pages.Withdrawals;

/// <summary>A released share of the case that can be withdrawn, with where it went.</summary>
public sealed record WithdrawableShare(ShareFile Share, StoredRelease? Release, Party? Party, bool Withdrawn);

/// <summary>
/// Withdrawing a released share (the <see cref="IWithdraw"/> use case, as the API): who may, why it is asked, and what
/// it does — TAXII objects republished as revoked, a deletion request to the recipient's e-mail address.
/// </summary>
[Authorize(Policy = WebComposition.CaseWorkers)]
public sealed class NewModel(ICaseQueries queries, IWithdraw withdraw, IShareDelivery delivery, ISharingContext sharing, IStringLocalizerFactory texts) : PageModel
{
    private readonly IStringLocalizer L = PageText.For(texts, "Withdrawals/New");

    public CaseFile Case { get; private set; } = null!;

    public IReadOnlyList<WithdrawableShare> Shares { get; private set; } = [];

    /// <summary>The share the page was opened for (from "?share=" or "?party="), if any.</summary>
    public string? Selected { get; private set; }

    public bool CanWithdraw => WebComposition.ActorOf(User, WebComposition.Withdrawers) is not null;

    public async Task<IActionResult> OnGetAsync(string caseId, string? share, string? party, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(caseId, cancellationToken).ConfigureAwait(false))
        {
            return NotFound();
        }

        Selected = Shares.FirstOrDefault(s => s.Share.Id == share || (share is null && s.Share.PartyId == party))?.Share.Id;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string caseId, string? shareId, string? reason, CancellationToken cancellationToken)
    {
        if (WebComposition.ActorOf(User, WebComposition.Withdrawers) is not { } actor)
        {
            return Forbid();
        }

        if (string.IsNullOrWhiteSpace(shareId))
        {
            TempData["Error"] = L["Choose the share to withdraw."].Value;
            return Redirect($"/cases/{Uri.EscapeDataString(caseId)}/withdrawals/new");
        }

        var outcome = await withdraw.ExecuteAsync(caseId, shareId, reason ?? "", actor, cancellationToken).ConfigureAwait(false);
        if (outcome.Refusal is { } refusal)
        {
            TempData["Error"] = refusal.Kind == RefusalKind.Invalid ? L["Say why the share is withdrawn: the recipient reads it in the deletion request."].Value : refusal.For(System.Globalization.CultureInfo.CurrentUICulture);
            return Redirect($"/cases/{Uri.EscapeDataString(caseId)}/withdrawals/new?share={Uri.EscapeDataString(shareId)}");
        }

        TempData["Message"] = L["Withdrawn: the share's TAXII objects are revoked and a deletion request to {0} is queued.", sharing.Parties.Find(outcome.Value!.PartyId)?.Name ?? outcome.Value!.PartyId].Value;
        return Redirect($"/cases/{Uri.EscapeDataString(caseId)}/withdrawals/new?share={Uri.EscapeDataString(shareId)}");
    }

    private async Task<bool> LoadAsync(string caseId, CancellationToken cancellationToken)
    {
        if (await queries.GetAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } view)
        {
            return false;
        }

        Case = view.Case;
        var list = new List<WithdrawableShare>();
        foreach (var s in view.Shares.Where(s => s.State == ShareState.Released))
        {
            var release = (await queries.ReleasesForAsync(s.PartyId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.ShareId == s.Id);
            list.Add(new WithdrawableShare(s, release, sharing.Parties.Find(s.PartyId), await delivery.IsWithdrawnAsync(s.Id, cancellationToken).ConfigureAwait(false)));
        }

        Shares = [.. list.OrderBy(s => s.Share.PartyName, StringComparer.OrdinalIgnoreCase)];
        return true;
    }
}
