using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Grondslag.Server.Web.Pages;

/// <summary>A question waiting for an adviser.</summary>
public sealed record InboxItem(CaseFile Case, ShareFile Share, AdviceItem Advice);

/// <summary>The legal and NCTV advisers' inbox: pending questions of their own kind, with an answer form each.</summary>
[Authorize(Policy = WebComposition.Advisers)]
public sealed class AdviceModel(ICaseQueries queries, IGiveAdvice giveAdvice, IStringLocalizerFactory texts) : PageModel
{
    private readonly IStringLocalizer L = PageText.For(texts, "Advice");

    public IReadOnlyList<InboxItem> Items { get; private set; } = [];

    public IReadOnlyList<AdviserKind> Kinds => [.. Enum.GetValues<AdviserKind>().Where(k => User.IsInRole(k.AdviserRole().ToWire()))];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var items = new List<InboxItem>();
        foreach (var file in await queries.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await queries.GetAsync(file.Id, cancellationToken).ConfigureAwait(false) is not { } view)
            {
                continue;
            }

            items.AddRange(view.Shares.SelectMany(s => s.Advice.Where(a => a.Pending && Kinds.Contains(a.Adviser)).Select(a => new InboxItem(view.Case, s, a))));
        }

        Items = [.. items.OrderBy(i => i.Advice.RequestedAt)];
    }

    public async Task<IActionResult> OnPostAsync(string caseId, string shareId, string adviceId, string? advice, CancellationToken cancellationToken)
    {
        string? error = null;
        foreach (var kind in Kinds)
        {
            var outcome = await giveAdvice.ExecuteAsync(caseId, shareId, adviceId, advice ?? "", new Actor(User.Identity!.Name!, kind.AdviserRole()), cancellationToken).ConfigureAwait(false);
            if (outcome.Refusal is null)
            {
                TempData["Message"] = L["Advice recorded on the share; the case owner sees it now."].Value;
                return Redirect("/advice");
            }

            error = outcome.Refusal.For(System.Globalization.CultureInfo.CurrentUICulture);
            if (outcome.Refusal.Kind != RefusalKind.NotAllowed)
            {
                break;
            }
        }

        TempData["Error"] = error ?? L["You are not an adviser."].Value;
        return Redirect("/advice");
    }
}
