using Grondslag.Application.Review;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Review;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Grondslag.Server.Web.Pages.Breaches;

/// <summary>
/// The breach register (GDPR art. 33(5)): every breach with its 72-hour clock; the retrospective review of past
/// disclosures under the rules in force now, and opening a breach from it. Same use cases as the API.
/// </summary>
[Authorize(Policy = WebComposition.Breaches)]
public sealed class IndexModel(IBreachRegister register, IReviewDisclosures review, IOpenBreach openBreach, TimeProvider clock, IStringLocalizerFactory texts) : PageModel
{
    private readonly IStringLocalizer L = PageText.For(texts, "Breaches/Index");

    public IReadOnlyList<BreachVersion> Breaches { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    /// <summary>The review just run (null until someone runs it on this page).</summary>
    public ReviewReport? Review { get; private set; }

    public bool CanWrite => WebComposition.BreachWriters.Any(r => User.IsInRole(r.ToWire()));

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken).ConfigureAwait(false);

    public async Task<IActionResult> OnPostReviewAsync(CancellationToken cancellationToken)
    {
        if (Actor() is not { } actor)
        {
            return Forbid();
        }

        Review = await review.ExecuteAsync(actor, cancellationToken).ConfigureAwait(false);
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        return Page();
    }

    public async Task<IActionResult> OnPostOpenAsync(string? contactPoint, CancellationToken cancellationToken)
    {
        if (Actor() is not { } actor)
        {
            return Forbid();
        }

        if (string.IsNullOrWhiteSpace(contactPoint))
        {
            TempData["Error"] = L["Name the contact point for the supervisory authority (e.g. the data protection officer)."].Value;
            return Redirect("/breaches");
        }

        var outcome = await openBreach.ExecuteAsync(actor, contactPoint.Trim(), cancellationToken).ConfigureAwait(false);
        if (outcome.Refusal is { } refusal)
        {
            TempData["Error"] = refusal.Kind == RefusalKind.Conflict && refusal.Reason.StartsWith("Every released share", StringComparison.Ordinal)
                ? L["Every released share still has a basis under the rules in force (or is already in a breach record): there is no breach to open."].Value
                : refusal.For(System.Globalization.CultureInfo.CurrentUICulture);
            return Redirect("/breaches");
        }

        TempData["Message"] = L["Breach {0} opened: the 72 hours run from now; deletion requests went to the affected recipients.", outcome.Value!.Record.Id].Value;
        return Redirect("/breaches/" + Uri.EscapeDataString(outcome.Value!.Record.Id));
    }

    private Actor? Actor() => WebComposition.ActorOf(User, WebComposition.BreachWriters);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        Breaches = [.. (await register.LatestAsync(cancellationToken).ConfigureAwait(false)).OrderByDescending(b => b.Record.AwareAt)];
    }

    /// <summary>The status's words, for the badge.</summary>
    public string StatusText(DeadlineStatus status) => status switch
    {
        DeadlineStatus.Settled => L["Settled"].Value,
        DeadlineStatus.Open => L["Open"].Value,
        DeadlineStatus.DueSoon => L["Due within 24 hours"].Value,
        DeadlineStatus.Overdue => L["Overdue"].Value,
    };
}
