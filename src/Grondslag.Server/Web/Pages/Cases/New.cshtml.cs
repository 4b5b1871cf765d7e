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
public sealed class NewCaseModel(ICreateCase create, IImportIndicators import, IConfiguration configuration) : PageModel
{
    public string? Error { get; private set; }

    public string? Title { get; private set; }

    public string? Source { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? title, string? source, string? tlp, string? purpose, bool thirdPartyRule, bool originatorConsent,
        string? urgency, string? deadline, IFormFile? indicators, CancellationToken cancellationToken)
    {
        Title = title;
        Source = source;
        var actor = Actors.Of(User, Role.Analyst);
        if (!TlpLevels.TryParse(tlp, out var level))
        {
            return Fail($"TLP: '{tlp}' is not a TLP 2.0 label.");
        }

        var restriction = purpose == "none" ? PurposeRestriction.None : PurposeRestriction.InformVictims;
        var kind = urgency == "urgent" ? Urgency.Urgent : Urgency.Routine;
        DateTimeOffset? due = null;
        if (!string.IsNullOrWhiteSpace(deadline))
        {
            if (!DateTime.TryParse(deadline, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                return Fail($"Deadline: '{deadline}' is not a date and time.");
            }

            due = LegalCalendar.FromNetherlandsLocal(local);
        }

        if (indicators is null || indicators.Length == 0)
        {
            return Fail("Indicator list: choose a file with one address per line.");
        }

        var max = configuration.GetValue<long?>(ServerKeys.UploadMaxBytes) ?? ServerKeys.DefaultUploadMaxBytes;
        if (indicators.Length > max)
        {
            return Fail(string.Create(CultureInfo.InvariantCulture, $"Indicator list: {indicators.FileName} is {indicators.Length} bytes; the limit is {max}. Split it or raise {ServerKeys.UploadMaxBytes}."));
        }

        var created = await create.ExecuteAsync(new CreateCaseCommand(title ?? "", source ?? "", new OriginatorConditions(level, restriction, thirdPartyRule, originatorConsent), kind, due),
            actor, cancellationToken).ConfigureAwait(false);
        if (created.Refusal is { } refused)
        {
            return Fail(refused.Reason);
        }

        var caseId = created.Value!.Id;
        using var buffer = new MemoryStream();
        await indicators.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var imported = await import.ExecuteAsync(caseId, indicators.FileName, buffer.ToArray(), actor, cancellationToken).ConfigureAwait(false);
        if (imported.Refusal is { } rejected)
        {
            TempData["Error"] = "The case was opened, but its list was not imported: " + rejected.Reason;
        }
        else
        {
            var i = imported.Value!.Import;
            TempData["Message"] = string.Create(CultureInfo.InvariantCulture, $"Imported {i.FileName}: {i.Lines} lines, {i.Accepted} addresses accepted, {i.Rejected} lines rejected.");
        }

        return Redirect($"/cases/{Uri.EscapeDataString(caseId)}");
    }

    private PageResult Fail(string error)
    {
        Error = error;
        return Page();
    }
}
