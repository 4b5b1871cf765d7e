using System.Globalization;
using Grondslag.Application.Assessing;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Grondslag.Server.Web.Pages.Cases;

/// <summary>
/// The case page: map, per-recipient verdicts with their articles and explanations, and every workflow step as a
/// form. Each step calls the same use case as the API; a refusal (four eyes, prohibited by law, ...) is shown with
/// its reason, which for a prohibited share names the article.
/// </summary>
public sealed class CaseModel(CaseReader reader, TimeProvider clock, Grondslag.Application.Delivery.IDeliveryQueries deliveries, ISharingContext sharing, IStringLocalizer<CaseText> L) : PageModel
{
    /// <summary>Filter of the shares table: a verdict's wire name ("" for all).</summary>
    [BindProperty(SupportsGet = true, Name = "verdict")]
    public string? VerdictFilter { get; set; }

    /// <summary>Filter: a share state's wire name, or "open" for everything not released or refused.</summary>
    [BindProperty(SupportsGet = true, Name = "state")]
    public string? StateFilter { get; set; }

    /// <summary>Filter: a country code.</summary>
    [BindProperty(SupportsGet = true, Name = "country")]
    public string? CountryFilter { get; set; }

    /// <summary>Filter: a recipient kind ("national-csirt" for the CSIRTs).</summary>
    [BindProperty(SupportsGet = true, Name = "kind")]
    public string? KindFilter { get; set; }

    /// <summary>Sort order of the shares table: severity (default), recipient, country, indicators, state.</summary>
    [BindProperty(SupportsGet = true, Name = "sort")]
    public string? Sort { get; set; }

    /// <summary>"shown" pre-selects every selectable share the filter shows (e.g. all permitted EU CSIRT shares).</summary>
    [BindProperty(SupportsGet = true, Name = "select")]
    public string? Select { get; set; }

    /// <summary>The motivation typed before a refused decision, so it is not lost.</summary>
    public string? KeptMotivation { get; private set; }

    /// <summary>Per share of the last bulk act: the recipient, whether it went through, and the refusal's reason.</summary>
    public IReadOnlyList<(string Recipient, bool Ok, string? Reason)> Results { get; private set; } = [];

    /// <summary>The shares the filter shows, in the chosen order.</summary>
    public IReadOnlyList<ShareRow> Shown { get; private set; } = [];

    /// <summary>A share that can still be acted on in bulk: to decide, or approved and waiting for release.</summary>
    public static bool Selectable(ShareRow row) => row.Share.State is not (ShareState.Released or ShareState.Refused);

    /// <summary>The regimes a what-if can compare with today: every regime except the one in force.</summary>
    public IReadOnlyList<string> WhatIfRegimes =>
        [.. sharing.Evaluator.Book.Regimes.Select(r => r.Id).Where(id => id != sharing.Evaluator.Book.RegimeInForce(AssessmentInput.Today(clock))?.Id)];

    /// <summary>True when the current plan was assessed on another day than today: its shares cannot be released until re-assessed.</summary>
    public bool PlanIsStale => View?.Plan is { } plan && plan.Date != AssessmentInput.Today(clock);

    public CasePage? View { get; private set; }

    /// <summary>Delivery steps per share (TAXII publication, e-mail, withdrawal), for the released shares.</summary>
    public ILookup<string, Grondslag.Application.Delivery.DeliveryStep> Deliveries { get; private set; } = Array.Empty<Grondslag.Application.Delivery.DeliveryStep>().ToLookup(r => r.ShareId);

    public string Today => AssessmentInput.Today(clock).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The outcome of the last step, shown beside the share it was about (where the official's eyes are).</summary>
    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public string? NoticeShare { get; private set; }

    public bool Can(params Role[] roles) => roles.Any(r => User.IsInRole(r.ToWire()));

    public async Task<IActionResult> OnGetAsync(string caseId, CancellationToken cancellationToken)
    {
        View = await reader.ReadAsync(caseId, cancellationToken).ConfigureAwait(false);
        Deliveries = (await deliveries.ForCaseAsync(caseId, cancellationToken).ConfigureAwait(false)).ToLookup(r => r.ShareId, StringComparer.Ordinal);
        Message = Take("Message");
        Error = Take("Error");
        NoticeShare = Take("NoticeShare");
        KeptMotivation = Take("Motivation");
        if (View is null)
        {
            // A person gets a readable page in their language (with status 404), not an empty answer or JSON.
            return RedirectToPage("/Error", new { code = 404 });
        }

        var names = View.Shares.ToDictionary(r => r.Share.Id, r => r.Share.PartyName, StringComparer.Ordinal);
        Results = [.. (Take("Results") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t'))
            .Where(f => f.Length == 3).Select(f => (names.GetValueOrDefault(f[0], f[0]), f[1] == "ok", f[2].Length == 0 ? null : f[2]))];
        Shown = Filter(View.Shares);
        return Page();
    }

    private List<ShareRow> Filter(IEnumerable<ShareRow> rows)
    {
        var shown = rows.Where(r => string.IsNullOrEmpty(VerdictFilter) || r.Share.Assessment.Verdict.ToWire() == VerdictFilter)
            .Where(r => string.IsNullOrEmpty(StateFilter) || (StateFilter == "open" ? Selectable(r) : r.Share.State.ToWire() == StateFilter))
            .Where(r => string.IsNullOrEmpty(CountryFilter) || (r.Party?.Country.Value is { } c && string.Equals(c, CountryFilter, StringComparison.OrdinalIgnoreCase)))
            .Where(r => string.IsNullOrEmpty(KindFilter) || (r.Party is { } p && Grondslag.Domain.Parties.RecipientKinds.ToWire(p.Kind) == KindFilter));
        return Sort switch
        {
            "recipient" => [.. shown.OrderBy(r => r.Share.PartyName, StringComparer.CurrentCultureIgnoreCase)],
            "country" => [.. shown.OrderBy(r => r.Party?.Country.Value ?? "", StringComparer.Ordinal).ThenBy(r => r.Share.PartyName, StringComparer.Ordinal)],
            "indicators" => [.. shown.OrderByDescending(r => r.Share.IndicatorCount)],
            "state" => [.. shown.OrderBy(r => r.Share.State).ThenBy(r => r.Share.PartyName, StringComparer.Ordinal)],
            _ => [.. shown],
        };
    }

    /// <summary>Decides every selected share with one motivation: the one-share use case per share (four eyes, audit per share).</summary>
    public Task<IActionResult> OnPostDecideManyAsync(string caseId, string[]? shareIds, string? outcome, string? motivation, [FromServices] IDecideShares useCase, CancellationToken cancellationToken) =>
        RunAsync(caseId, [Role.DutyOfficer, Role.DecisionMaker], async actor =>
        {
            var decision = Endpoints.CaseEndpoints.ParseOutcome(outcome);
            if (decision is null)
            {
                TempData["Motivation"] = motivation;
                return (L["Decision: choose approve or refuse."].Value, null);
            }

            var result = await useCase.ExecuteAsync(caseId, shareIds ?? [], decision.Value, motivation ?? "", actor, cancellationToken).ConfigureAwait(false);
            return Bulk(result, motivation, v => decision == DecisionOutcome.Approved
                ? L["Approved {0} of {1} selected shares.", v.Succeeded, v.Shares.Length].Value
                : L["Refused {0} of {1} selected shares.", v.Succeeded, v.Shares.Length].Value);
        });

    /// <summary>Releases every selected approved share: each through the gate and delivered on its own, with its result.</summary>
    public Task<IActionResult> OnPostReleaseManyAsync(string caseId, string[]? shareIds, [FromServices] IReleaseShares useCase, CancellationToken cancellationToken) =>
        RunAsync(caseId, [Role.Analyst, Role.DutyOfficer], async actor =>
        {
            var result = await useCase.ExecuteAsync(caseId, shareIds ?? [], actor, cancellationToken).ConfigureAwait(false);
            return Bulk(result, null, v => L["Released {0} of {1} selected shares; their deliveries run now (a share shows them pending until done). See the result per share.", v.Succeeded, v.Shares.Length].Value);
        });

    private (string? Error, string? Message) Bulk<T>(Outcome<BulkResult<T>> result, string? motivation, Func<BulkResult<T>, string> message)
    {
        if (result.Refusal is { } refusal)
        {
            TempData["Motivation"] = motivation;
            return (refusal.For(System.Globalization.CultureInfo.CurrentUICulture), null);
        }

        var v = result.Value!;
        TempData["Results"] = string.Join('\n', v.Shares.Select(s => $"{s.ShareId}\t{(s.IsOk ? "ok" : "refused")}\t{(s.Refusal?.For(System.Globalization.CultureInfo.CurrentUICulture) ?? "").Replace('\n', ' ').Replace('\t', ' ')}"));
        if (v.Refused > 0)
        {
            TempData["Motivation"] = motivation;
        }

        return (null, message(v));
    }

    public Task<IActionResult> OnPostAssessAsync(string caseId, string? date, [FromServices] IAssessCase useCase, CancellationToken cancellationToken) =>
        RunAsync(caseId, [Role.Analyst], async actor =>
        {
            DateOnly? day = null;
            if (!string.IsNullOrWhiteSpace(date))
            {
                if (!DateOnly.TryParseExact(date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    return (L["Date: '{0}' is not a date; use YYYY-MM-DD, e.g. 2024-06-10.", date].Value, null);
                }

                day = d;
            }

            var outcome = await useCase.ExecuteAsync(caseId, day, null, actor, cancellationToken).ConfigureAwait(false);
            return (outcome.Refusal?.For(System.Globalization.CultureInfo.CurrentUICulture), outcome.Value is { } v ? L["Assessed: {0} recipients; {1} addresses have no lawful recipient.", v.Shares.Length, v.WithoutLawfulRecipient].Value : null);
        });

    /// <summary>Uploads the indicator list again into the same case (after a failed or empty import): no dead end.</summary>
    public Task<IActionResult> OnPostImportAsync(string caseId, IFormFile? indicators, [FromServices] IImportIndicators useCase, [FromServices] IConfiguration configuration, CancellationToken cancellationToken) =>
        RunAsync(caseId, [Role.Analyst], async actor =>
        {
            if (indicators is null || indicators.Length == 0)
            {
                return (L["Indicator list: choose a file with one address per line."].Value, null);
            }

            var max = configuration.GetValue<long?>(Grondslag.Server.Composition.ServerKeys.UploadMaxBytes) ?? Grondslag.Server.Composition.ServerKeys.DefaultUploadMaxBytes;
            if (indicators.Length > max)
            {
                return (L["Indicator list: {0} is {1} bytes; the limit is {2}. Split it into smaller files.", indicators.FileName, indicators.Length, max].Value, null);
            }

            // The form part is buffered to disk by ASP.NET Core; it is parsed from there, never copied into memory whole.
            await using var content = indicators.OpenReadStream();
            var imported = await useCase.ExecuteAsync(caseId, indicators.FileName, content, actor, null, cancellationToken).ConfigureAwait(false);
            return (imported.Refusal?.For(System.Globalization.CultureInfo.CurrentUICulture), imported.Value is { } v
                ? L["Imported {0}: {1} lines, {2} addresses accepted, {3} lines rejected.", v.Import.FileName, v.Import.Lines, v.Import.Accepted, v.Import.Rejected].Value : null);
        });

    public Task<IActionResult> OnPostReassessAsync(string caseId, [FromServices] IReassessCase useCase, CancellationToken cancellationToken) =>
        RunAsync(caseId, [Role.Analyst, Role.DutyOfficer], async actor =>
        {
            var outcome = await useCase.ExecuteAsync(caseId, actor, cancellationToken).ConfigureAwait(false);
            return (outcome.Refusal?.For(System.Globalization.CultureInfo.CurrentUICulture), outcome.Value is { } v ? L["Re-assessed on {0} (plan version {1}): {2} carried over, {3} to decide again, {4} new, {5} stay released.",
                Display.Date(v.Plan.Date), v.Plan.Version, v.Shares.Count(s => s.Kind == CarryOverKind.Carried), v.Shares.Count(s => s.Kind == CarryOverKind.Void),
                v.Shares.Count(s => s.Kind == CarryOverKind.New), v.Shares.Count(s => s.Kind == CarryOverKind.StaysReleased)].Value : null);
        });

    public Task<IActionResult> OnPostWhatIfAsync(string caseId, string? regime, [FromServices] ICompareWhatIf useCase, CancellationToken cancellationToken) =>
        RunAsync(caseId, [Role.Analyst, Role.DutyOfficer], async actor =>
        {
            var outcome = await useCase.ExecuteAsync(caseId, regime ?? "", null, actor, cancellationToken).ConfigureAwait(false);
            return (outcome.Refusal?.For(System.Globalization.CultureInfo.CurrentUICulture), outcome.Value is { } v ? L["What-if under {0} stored: {1} of {2} verdicts differ from the law in force. Nothing entered the workflow.", v.Regime, v.Recipients.Count(r => r.WhatIfVerdict != r.InForceVerdict), v.Recipients.Length].Value : null);
        });

    public Task<IActionResult> OnPostDecideAsync(string caseId, string shareId, string? outcome, string? motivation, [FromServices] IDecide useCase, CancellationToken cancellationToken) =>
        RunAsync(caseId, [Role.DutyOfficer, Role.DecisionMaker], async actor =>
        {
            var decision = Endpoints.CaseEndpoints.ParseOutcome(outcome);
            if (decision is null)
            {
                TempData["Motivation"] = motivation;
                return (L["Decision: choose approve or refuse."].Value, null);
            }

            var result = await useCase.ExecuteAsync(caseId, shareId, decision.Value, motivation ?? "", actor, cancellationToken).ConfigureAwait(false);
            if (result.Refusal is not null)
            {
                TempData["Motivation"] = motivation;
            }

            return (result.Refusal?.For(System.Globalization.CultureInfo.CurrentUICulture), result.Value is { } v ? L["Decision recorded: {0}.", L[Display.Label(v.Outcome)].Value.ToLowerInvariant()].Value : null);
        }, shareId);

    public Task<IActionResult> OnPostAdviceAsync(string caseId, string shareId, string? adviser, string? question, bool exceptionalRisk, [FromServices] IRequestAdvice useCase, CancellationToken cancellationToken) =>
        RunAsync(caseId, [Role.Analyst, Role.DutyOfficer, Role.DecisionMaker], async actor =>
        {
            if (!CaseWire.TryParse<AdviserKind>(adviser, out var kind))
            {
                return (L["Adviser: choose the legal or the NCTV adviser."].Value, null);
            }

            var result = await useCase.ExecuteAsync(caseId, shareId, kind, question ?? "", exceptionalRisk, actor, cancellationToken).ConfigureAwait(false);
            return (result.Refusal?.For(System.Globalization.CultureInfo.CurrentUICulture), result.Value is { } v ? L["Advice requested from the {0}.", L[Display.Label(v.Adviser)].Value] .Value : null);
        }, shareId);

    public Task<IActionResult> OnPostConfirmAsync(string caseId, string shareId, string? condition, string? reference, [FromServices] IConfirmCondition useCase, CancellationToken cancellationToken) =>
        RunAsync(caseId, [Role.LegalAdviser, Role.Analyst, Role.DutyOfficer], async actor =>
        {
            var result = await useCase.ExecuteAsync(caseId, shareId, condition ?? "", reference ?? "", actor, cancellationToken).ConfigureAwait(false);
            return (result.Refusal?.For(System.Globalization.CultureInfo.CurrentUICulture), result.Value is not null ? L["Condition {0} confirmed.", condition ?? ""].Value : null);
        }, shareId);

    public Task<IActionResult> OnPostReleaseAsync(string caseId, string shareId, [FromServices] IRelease useCase, CancellationToken cancellationToken) =>
        RunAsync(caseId, [Role.Analyst, Role.DutyOfficer], async actor =>
        {
            var result = await useCase.ExecuteAsync(caseId, shareId, actor, cancellationToken).ConfigureAwait(false);
            return (result.Refusal?.For(System.Globalization.CultureInfo.CurrentUICulture), result.Value is { } v ? L["Released {0} indicators to {1}.", v.IndicatorCount, v.PartyId].Value : null);
        }, shareId);

    public Task<IActionResult> OnPostHandoverAsync(string caseId, string? to, string? note, [FromServices] IOfferHandover useCase, CancellationToken cancellationToken) =>
        RunAsync(caseId, [Role.Analyst, Role.DutyOfficer, Role.DecisionMaker], async actor =>
        {
            var result = await useCase.ExecuteAsync(caseId, to ?? "", note ?? "", actor, cancellationToken).ConfigureAwait(false);
            return (result.Refusal?.For(System.Globalization.CultureInfo.CurrentUICulture), result.Value is { } v ? L["Handover offered to {0}; you stay accountable until they accept.", v.To].Value : null);
        });

    public Task<IActionResult> OnPostAcceptHandoverAsync(string caseId, [FromServices] IAcceptHandover useCase, CancellationToken cancellationToken) =>
        RunAsync(caseId, [Role.Analyst, Role.DutyOfficer, Role.DecisionMaker], async actor =>
        {
            var result = await useCase.ExecuteAsync(caseId, actor, cancellationToken).ConfigureAwait(false);
            return (result.Refusal?.For(System.Globalization.CultureInfo.CurrentUICulture), result.Value is { } v ? L["You are now the owner of {0}.", v.Title].Value : null);
        });

    public Task<IActionResult> OnPostCancelHandoverAsync(string caseId, [FromServices] ICancelHandover useCase, CancellationToken cancellationToken) =>
        RunAsync(caseId, [Role.Analyst, Role.DutyOfficer, Role.DecisionMaker], async actor =>
        {
            var result = await useCase.ExecuteAsync(caseId, actor, cancellationToken).ConfigureAwait(false);
            return (result.Refusal?.For(System.Globalization.CultureInfo.CurrentUICulture), result.Value is not null ? L["The handover offer was withdrawn; you remain the owner."].Value : null);
        });

    public Task<IActionResult> OnPostCloseAsync(string caseId, string? reason, [FromServices] ICloseCase useCase, CancellationToken cancellationToken) =>
        RunAsync(caseId, [Role.DutyOfficer, Role.DecisionMaker, Role.Analyst], async actor =>
        {
            var result = await useCase.ExecuteAsync(caseId, reason ?? "", actor, cancellationToken).ConfigureAwait(false);
            return (result.Refusal?.For(System.Globalization.CultureInfo.CurrentUICulture), result.Value is { } v
                ? (v.Lapsed.Count == 1 ? L["The case is closed; 1 open share lapsed."].Value : L["The case is closed; {0} open shares lapsed.", v.Lapsed.Count].Value)
                : null);
        });

    /// <summary>Reads a one-time notice and removes it, so the layout does not show it a second time.</summary>
    private string? Take(string key)
    {
        var value = TempData[key] as string;
        TempData.Remove(key);
        return value;
    }

    /// <summary>Runs one step as the first of <paramref name="roles"/> the user holds, then shows the case again (post/redirect/get).</summary>
    private async Task<IActionResult> RunAsync(string caseId, Role[] roles, Func<Actor, Task<(string? Error, string? Message)>> step, string? shareId = null)
    {
        var role = roles.Where(r => User.IsInRole(r.ToWire())).Select(r => (Role?)r).FirstOrDefault();
        if (role is null)
        {
            return Forbid(WebComposition.Scheme);
        }

        var (error, message) = await step(new Actor(User.Identity!.Name!, role.Value)).ConfigureAwait(false);
        if (error is not null)
        {
            TempData["Error"] = error;
        }
        else
        {
            TempData["Message"] = message;
        }

        TempData["NoticeShare"] = shareId;
        var party = Request.HasFormContentType ? Request.Form["party"].ToString() : "";
        if (shareId is not null && party.Length > 0)
        {
            return Redirect($"/cases/{Uri.EscapeDataString(caseId)}/shares/{Uri.EscapeDataString(party)}");
        }

        var anchor = shareId is null ? "" : "#share-" + Uri.EscapeDataString(shareId);
        return Redirect($"/cases/{Uri.EscapeDataString(caseId)}{anchor}");
    }
}
