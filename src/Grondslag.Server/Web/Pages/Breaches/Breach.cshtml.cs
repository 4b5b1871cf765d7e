using System.Text;
using Grondslag.Application.Review;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Review;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Grondslag.Server.Web.Pages.Breaches;

/// <summary>
/// One breach: the 72-hour clock, the affected recipients and their deletion confirmations, the notification draft
/// (to read, copy or download) and recording the submission to the AP or the decision not to notify.
/// </summary>
[Authorize(Policy = WebComposition.Breaches)]
public sealed class BreachModel(IBreachRegister register, IConfirmDeletion confirmDeletion, IRecordNotification recordNotification, IDecideNotToNotify decideNotToNotify, TimeProvider clock, IStringLocalizerFactory texts) : PageModel
{
    private readonly IStringLocalizer L = PageText.For(texts, "Breaches/Breach");

    public BreachVersion Breach { get; private set; } = null!;

    public NotificationDraft Draft { get; private set; } = null!;

    public DateTimeOffset Now { get; private set; }

    public DeadlineStatus Status => Breach.Record.StatusAt(Now);

    public bool CanWrite => WebComposition.ActorOf(User, WebComposition.BreachWriters) is not null;

    /// <summary>What the clock says, in words: time left, or how late.</summary>
    public string Countdown
    {
        get
        {
            var left = Breach.Record.Deadline - Now;
            var span = left.Duration();
            var hours = (int)span.TotalHours;
            return Status switch
            {
                DeadlineStatus.Settled => Breach.Record.Notified
                    ? L["Notified to the Autoriteit Persoonsgegevens: the deadline is met."].Value
                    : L["Decided not to notify, with reasons: the deadline no longer runs."].Value,
                DeadlineStatus.Overdue => L["The 72-hour deadline passed {0} h {1} min ago: a late notification must give the reasons for the delay.", hours, span.Minutes].Value,
                DeadlineStatus.DueSoon or DeadlineStatus.Open => L["{0} h {1} min left to notify the Autoriteit Persoonsgegevens.", hours, span.Minutes].Value,
            };
        }
    }

    public async Task<IActionResult> OnGetAsync(string breachId, CancellationToken cancellationToken) =>
        await LoadAsync(breachId, cancellationToken).ConfigureAwait(false) ? Page() : NotFound();

    /// <summary>The notification draft as a Markdown file, the same text as the API's <c>?format=markdown</c>.</summary>
    public async Task<IActionResult> OnGetDraftAsync(string breachId, CancellationToken cancellationToken) =>
        await LoadAsync(breachId, cancellationToken).ConfigureAwait(false)
            ? File(Encoding.UTF8.GetBytes(Draft.ToMarkdown()), "text/markdown; charset=utf-8", $"{Breach.Record.Id}-notification-draft.md")
            : NotFound();

    public Task<IActionResult> OnPostConfirmAsync(string breachId, string? partyId, string? reference, CancellationToken cancellationToken) =>
        ChangeAsync(breachId, a => confirmDeletion.ExecuteAsync(breachId, partyId ?? "", reference ?? "", a, cancellationToken),
            L["Deletion confirmation recorded."].Value);

    public Task<IActionResult> OnPostNotifyAsync(string breachId, string? reference, string? summary, string? delayReasons, CancellationToken cancellationToken) =>
        ChangeAsync(breachId, a => recordNotification.ExecuteAsync(breachId, reference ?? "", summary ?? "", string.IsNullOrWhiteSpace(delayReasons) ? null : delayReasons.Trim(), a, cancellationToken),
            L["Submission to the Autoriteit Persoonsgegevens recorded."].Value);

    public Task<IActionResult> OnPostNotNotifiedAsync(string breachId, string? reasons, CancellationToken cancellationToken) =>
        ChangeAsync(breachId, a => decideNotToNotify.ExecuteAsync(breachId, reasons ?? "", a, cancellationToken),
            L["The decision not to notify is recorded with its reasons."].Value);

    private Task<IActionResult> ChangeAsync(string breachId, Func<Actor, Task<Outcome<BreachVersion>>> change, string done) =>
        WebComposition.ActorOf(User, WebComposition.BreachWriters) is { } actor
            ? this.RedirectAfterAsync(true, () => change(actor), _ => done, "/breaches/" + Uri.EscapeDataString(breachId))
            : Task.FromResult<IActionResult>(Forbid());

    private async Task<bool> LoadAsync(string breachId, CancellationToken cancellationToken)
    {
        if (await register.FindAsync(breachId, cancellationToken).ConfigureAwait(false) is not { } breach)
        {
            return false;
        }

        Now = clock.GetUtcNow();
        Breach = breach;
        Draft = NotificationDraft.From(breach.Record, Now, System.Globalization.CultureInfo.CurrentUICulture.Name);
        return true;
    }

    public string StatusText(DeadlineStatus status) => status switch
    {
        DeadlineStatus.Settled => L["Settled"].Value,
        DeadlineStatus.Open => L["Open"].Value,
        DeadlineStatus.DueSoon => L["Due within 24 hours"].Value,
        DeadlineStatus.Overdue => L["Overdue"].Value,
    };
}
