using System.Globalization;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grondslag.Server.Web.Pages.Cases;

/// <summary>
/// The addresses of one share: paged, searchable by address, country and AS (number or organisation), with the
/// internal CSV download (audited), and for a released share its STIX and MISP files as the disclosure gate released
/// them (audited; a refusal is shown on this page in the reader's language). Only the roles that may read the case.
/// </summary>
public sealed class AddressesModel(ICaseQueries queries, IShareAddresses addresses, ExportShareAddresses export, ExportReleasedShare released) : PageModel
{
    public const int PageSize = 100;

    private static readonly Role[] Readers = [Role.Analyst, Role.DutyOfficer, Role.LegalAdviser, Role.NctvAdviser, Role.DecisionMaker, Role.Auditor];

    public CaseFile? Case { get; private set; }

    public ShareFile? Share { get; private set; }

    public IReadOnlyList<ShareAddress> Shown { get; private set; } = [];

    public int Total { get; private set; }

    public int Matching { get; private set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public int Pages => Math.Max(1, (Matching + PageSize - 1) / PageSize);

    /// <summary>Why a STIX or MISP download was refused (in the reader's language), shown above the list.</summary>
    public string? Refused { get; private set; }

    public async Task<IActionResult> OnGetAsync(string caseId, string partyId, CancellationToken cancellationToken)
    {
        if (!Readers.Any(r => User.IsInRole(r.ToWire())))
        {
            return Forbid(WebComposition.Scheme);
        }

        if (await FindAsync(caseId, partyId, cancellationToken).ConfigureAwait(false) is not { } all)
        {
            return RedirectToPage("/Error", new { code = 404 });
        }

        var q = (Query ?? "").Trim();
        var matching = q.Length == 0 ? all : [.. all.Where(a => Matches(a, q))];
        Total = all.Count;
        Matching = matching.Count;
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Shown = [.. matching.Skip((PageNumber - 1) * PageSize).Take(PageSize)];
        return Page();
    }

    /// <summary>The internal CSV of the share's addresses (any state); audited per download.</summary>
    public async Task<IActionResult> OnGetCsvAsync(string caseId, string partyId, CancellationToken cancellationToken)
    {
        var role = Readers.Where(r => User.IsInRole(r.ToWire())).Select(r => (Role?)r).FirstOrDefault();
        if (role is null)
        {
            return Forbid(WebComposition.Scheme);
        }

        if (await FindAsync(caseId, partyId, cancellationToken).ConfigureAwait(false) is null)
        {
            return RedirectToPage("/Error", new { code = 404 });
        }

        var outcome = await export.CsvAsync(caseId, Share!.Id, new Actor(User.Identity?.Name ?? "", role.Value), cancellationToken).ConfigureAwait(false);
        if (outcome.Refusal is not null)
        {
            return RedirectToPage("/Error", new { code = 404 });
        }

        var (fileName, csv) = outcome.Value;
        return File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", fileName);
    }

    /// <summary>The STIX 2.1 bundle of a released share, as the gate released it; audited.</summary>
    public Task<IActionResult> OnGetStixAsync(string caseId, string partyId, CancellationToken cancellationToken) =>
        ReleasedFileAsync(caseId, partyId, Grondslag.Application.Delivery.ReleasedFileFormat.Stix, cancellationToken);

    /// <summary>The MISP event of a released share, as the gate released it; audited.</summary>
    public Task<IActionResult> OnGetMispAsync(string caseId, string partyId, CancellationToken cancellationToken) =>
        ReleasedFileAsync(caseId, partyId, Grondslag.Application.Delivery.ReleasedFileFormat.Misp, cancellationToken);

    private async Task<IActionResult> ReleasedFileAsync(string caseId, string partyId, Grondslag.Application.Delivery.ReleasedFileFormat format, CancellationToken cancellationToken)
    {
        var role = Readers.Where(r => User.IsInRole(r.ToWire())).Select(r => (Role?)r).FirstOrDefault();
        if (role is null)
        {
            return Forbid(WebComposition.Scheme);
        }

        if (await FindAsync(caseId, partyId, cancellationToken).ConfigureAwait(false) is not { } all)
        {
            return RedirectToPage("/Error", new { code = 404 });
        }

        var outcome = await released.ExecuteAsync(caseId, Share!.Id, format, new Actor(User.Identity?.Name ?? "", role.Value), cancellationToken).ConfigureAwait(false);
        if (outcome.Refusal is { } refusal)
        {
            // The refusal page: the address list with the reason above it, answered with the refusal's status.
            Refused = refusal.For(CultureInfo.CurrentUICulture);
            Total = Matching = all.Count;
            PageNumber = 1;
            Shown = [.. all.Take(PageSize)];
            Response.StatusCode = refusal.Kind == RefusalKind.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
            return Page();
        }

        var file = outcome.Value!;
        return File(System.Text.Encoding.UTF8.GetBytes(file.Content), file.ContentType, file.FileName);
    }

    /// <summary>Matches the address, the country code, "AS1234" or "1234", or part of the AS organisation (case-insensitive).</summary>
    public static bool Matches(ShareAddress address, string query)
    {
        ArgumentNullException.ThrowIfNull(address);
        var q = (query ?? "").Trim();
        var asn = address.Asn.ToString(CultureInfo.InvariantCulture);
        return address.Address.Contains(q, StringComparison.OrdinalIgnoreCase)
            || string.Equals(address.Country, q, StringComparison.OrdinalIgnoreCase)
            || (address.Asn != 0 && (string.Equals(asn, q, StringComparison.Ordinal) || string.Equals("AS" + asn, q, StringComparison.OrdinalIgnoreCase)))
            || (q.Length >= 3 && address.AsOrganisation.Contains(q, StringComparison.OrdinalIgnoreCase));
    }

    private async Task<IReadOnlyList<ShareAddress>?> FindAsync(string caseId, string partyId, CancellationToken cancellationToken)
    {
        if (await queries.GetAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } view
            || view.Shares.FirstOrDefault(s => string.Equals(s.PartyId, partyId, StringComparison.Ordinal)) is not { } share)
        {
            return null;
        }

        Case = view.Case;
        Share = share;
        return await addresses.ForShareAsync(caseId, share.Id, cancellationToken).ConfigureAwait(false);
    }
}
