using System.Globalization;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;
using Grondslag.Domain.Time;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grondslag.Server.Web.Pages.Cases;

/// <summary>Opens a case and imports its indicator list in one form; the case page then shows the rejected lines.</summary>
[Authorize(Policy = WebComposition.Analysts)]
public sealed class NewCaseModel(ICreateCase create, IImportIndicators import, IConfiguration configuration, Submissions submissions, Microsoft.Extensions.Localization.IStringLocalizer<CaseText> L) : PageModel
{
    /// <summary>The largest list the server accepts (the form checks it before sending, the server again).</summary>
    public long MaxBytes => configuration.GetValue<long?>(ServerKeys.UploadMaxBytes) ?? ServerKeys.DefaultUploadMaxBytes;

    /// <summary>The form's one-time token: a second post of the same form goes to the case the first one made.</summary>
    public string Token { get; private set; } = Guid.NewGuid().ToString("N");

    public string? Deadline { get; private set; }

    public string? Error { get; private set; }

    public string? Title { get; private set; }

    public string? Source { get; private set; }

    /// <summary>Where the upload with this token stands (the page's script shows it while the server checks the list).</summary>
    public IActionResult OnGetProgress(string? token, [FromServices] ImportProgressBoard board)
    {
        ArgumentNullException.ThrowIfNull(board);
        return ImportProgressBoard.IsToken(token) && board.Find(Actors.Of(User, Role.Analyst).Name, "new", token!) is { } progress
            ? new JsonResult(Endpoints.ImportProgressView.Of(progress))
            : NotFound();
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? title, string? source, string? tlp, string? purpose, bool thirdPartyRule, bool originatorConsent,
        string? urgency, string? deadline, string? token, IFormFile? indicators, CancellationToken cancellationToken)
    {
        Title = title;
        Source = source;
        Deadline = deadline;
        if (string.IsNullOrWhiteSpace(token) || token.Length > 64)
        {
            return Fail(L["The form is out of date; fill it in again."].Value);
        }

        if (!submissions.TryClaim(token))
        {
            // A double click or a repeated post: one case, and this answer leads to it.
            return await submissions.ResultAsync(token, cancellationToken).ConfigureAwait(false) is { } made
                ? (IActionResult)Redirect($"/cases/{Uri.EscapeDataString(made)}")
                : Fail(L["This form was already sent and did not make a case; check the fields and send it again."].Value);
        }

        string? caseId = null;
        try
        {
            var result = await CreateAsync(title, source, tlp, purpose, thirdPartyRule, originatorConsent, urgency, deadline, indicators, cancellationToken).ConfigureAwait(false);
            caseId = result.CaseId;
            return result.Answer;
        }
        finally
        {
            submissions.Complete(token, caseId);
        }
    }

    private async Task<(IActionResult Answer, string? CaseId)> CreateAsync(string? title, string? source, string? tlp, string? purpose, bool thirdPartyRule, bool originatorConsent,
        string? urgency, string? deadline, IFormFile? indicators, CancellationToken cancellationToken)
    {
        var actor = Actors.Of(User, Role.Analyst);
        if (!TlpLevels.TryParse(tlp, out var level))
        {
            return (Fail(L["TLP: '{0}' is not a TLP 2.0 label.", tlp ?? ""].Value), null);
        }

        var restriction = purpose == "none" ? PurposeRestriction.None : PurposeRestriction.InformVictims;
        var kind = urgency == "urgent" ? Urgency.Urgent : Urgency.Routine;
        DateTimeOffset? due = null;
        if (!string.IsNullOrWhiteSpace(deadline))
        {
            if (!DateTime.TryParseExact(deadline.Trim(), ["yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                return (Fail(L["Deadline: '{0}' is not a date and time; write it as YYYY-MM-DD HH:MM (Dutch time), e.g. 2024-06-12 12:00.", deadline].Value), null);
            }

            due = LegalCalendar.FromNetherlandsLocal(local);
        }

        if (indicators is null || indicators.Length == 0)
        {
            return (Fail(L["Indicator list: choose a file with one address per line."].Value), null);
        }

        var max = configuration.GetValue<long?>(ServerKeys.UploadMaxBytes) ?? ServerKeys.DefaultUploadMaxBytes;
        if (indicators.Length > max)
        {
            return (Fail(L["Indicator list: {0} is {1} bytes; the limit is {2}. Split it into smaller files.", indicators.FileName, indicators.Length, max].Value), null);
        }

        var created = await create.ExecuteAsync(new CreateCaseCommand(title ?? "", source ?? "", new OriginatorConditions(level, restriction, thirdPartyRule, originatorConsent), kind, due),
            actor, cancellationToken).ConfigureAwait(false);
        if (created.Refusal is { } refused)
        {
            return (Fail(refused.For(System.Globalization.CultureInfo.CurrentUICulture)), null);
        }

        var caseId = created.Value!.Id;
        await using var content = indicators.OpenReadStream();
        var progress = Request.HasFormContentType && Request.Form["progress"].ToString() is { } token && ImportProgressBoard.IsToken(token)
            ? HttpContext.RequestServices.GetRequiredService<ImportProgressBoard>().For(actor.Name, "new", token) : null;
        var imported = await import.ExecuteAsync(caseId, indicators.FileName, content, actor, progress, cancellationToken).ConfigureAwait(false);
        if (imported.Refusal is { } rejected)
        {
            TempData["Error"] = L["The case was opened, but its list was not imported: {0} Upload a corrected list on the case page.", rejected.For(System.Globalization.CultureInfo.CurrentUICulture)].Value;
        }
        else
        {
            var i = imported.Value!.Import;
            TempData["Message"] = L["Imported {0}: {1} lines, {2} addresses accepted, {3} lines rejected.", i.FileName, i.Lines, i.Accepted, i.Rejected].Value;
        }

        return (Redirect($"/cases/{Uri.EscapeDataString(caseId)}"), caseId);
    }

    private PageResult Fail(string error)
    {
        Error = error;
        Token = Guid.NewGuid().ToString("N");
        return Page();
    }
}
