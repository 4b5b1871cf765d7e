using Grondslag.Application.Accounts;
using Grondslag.Domain.Cases;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Grondslag.Server.Web.Pages.Admin;

/// <summary>TAXII clients: one per recipient party; issue (or replace) its credentials — the secret shown once — or revoke them.</summary>
[Authorize(Policy = WebComposition.Administrators)]
public sealed class TaxiiClientsModel(IIssueTaxiiClient issue, IRevokeTaxiiClient revoke, IAccountQueries queries, IStringLocalizerFactory texts) : PageModel
{
    private readonly IStringLocalizer L = PageText.For(texts, "Admin/TaxiiClients");

    public IReadOnlyList<TaxiiClientSummary> Clients { get; private set; } = [];

    /// <summary>The credentials just issued: shown in this answer only, never stored in clear.</summary>
    public IssuedTaxiiClient? Issued { get; private set; }

    public bool IsAdministrator => User.IsInRole(Role.Administrator.ToWire());

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Clients = await queries.TaxiiClientsAsync(cancellationToken).ConfigureAwait(false);

    public async Task<IActionResult> OnPostIssueAsync(string? party, CancellationToken cancellationToken)
    {
        if (!IsAdministrator)
        {
            return Forbid();
        }

        var outcome = await issue.ExecuteAsync(party, Actors.Of(User, Role.Administrator), cancellationToken).ConfigureAwait(false);
        if (outcome.Refusal is { } refusal)
        {
            TempData["Error"] = refusal.For(System.Globalization.CultureInfo.CurrentUICulture);
            return Redirect("/admin/taxii-clients");
        }

        Issued = outcome.Value;
        Response.Headers.CacheControl = "no-store";
        Clients = await queries.TaxiiClientsAsync(cancellationToken).ConfigureAwait(false);
        return Page();
    }

    public Task<IActionResult> OnPostRevokeAsync(string party, CancellationToken cancellationToken) =>
        this.RedirectAfterAsync(IsAdministrator, () => revoke.ExecuteAsync(party, Actors.Of(User, Role.Administrator), cancellationToken),
            _ => L["The TAXII credentials of {0} are revoked: its next pull is refused.", party].Value, "/admin/taxii-clients");
}
