using Grondslag.Application.Accounts;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Grondslag.Server.Web.Pages.Admin;

/// <summary>
/// Accounts: create one (its one-time password shown once, on this answer only), roles that need four eyes proposed
/// and approved here by a second administrator, and disabling an account. Same use cases as the API.
/// </summary>
[Authorize(Policy = WebComposition.Administrators)]
public sealed class AccountsModel(ICreateAccount createAccount, IApproveGrant approveGrant, IDisableAccount disableAccount, IEnableAccount enableAccount, ISetAccountEmail setEmail, IAccountQueries queries, ISharingContext sharing, IStringLocalizerFactory texts, IStringLocalizer<SharedText> S) : PageModel
{
    private readonly IStringLocalizer L = PageText.For(texts, "Admin/Accounts");

    public IReadOnlyList<AccountSummary> Accounts { get; private set; } = [];

    public IReadOnlyList<PendingGrant> Pending { get; private set; } = [];

    /// <summary>The account just created, with its one-time password: shown in this answer only, never stored.</summary>
    public CreatedAccount? Created { get; private set; }

    public IReadOnlyList<(string Id, string Name)> Parties => [.. sharing.Parties.Parties.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Select(p => (p.Id, p.Name))];

    public bool IsAdministrator => User.IsInRole(Role.Administrator.ToWire());

    public string Me => User.Identity?.Name ?? "";

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken).ConfigureAwait(false);

    public async Task<IActionResult> OnPostCreateAsync(string? userName, string[]? roles, string? party, CancellationToken cancellationToken)
    {
        if (!IsAdministrator)
        {
            return Forbid();
        }

        var outcome = await createAccount.ExecuteAsync(userName, roles, string.IsNullOrWhiteSpace(party) ? null : party, Actors.Of(User, Role.Administrator), cancellationToken).ConfigureAwait(false);
        if (outcome.Refusal is { } refusal)
        {
            TempData["Error"] = refusal.For(System.Globalization.CultureInfo.CurrentUICulture);
            return Redirect("/admin/accounts");
        }

        // Rendered directly (no redirect): the one-time password must not travel through TempData's cookie.
        Created = outcome.Value;
        Response.Headers.CacheControl = "no-store";
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync(long grantId, CancellationToken cancellationToken) =>
        this.RedirectAfterAsync(IsAdministrator, () => approveGrant.ExecuteAsync(grantId, Actors.Of(User, Role.Administrator), cancellationToken),
            approved => L["Approved: {0} now holds {1}.", approved.UserName, string.Join(", ", approved.Roles.Select(RoleText))].Value, "/admin/accounts");

    public Task<IActionResult> OnPostDisableAsync(string userName, CancellationToken cancellationToken) =>
        this.RedirectAfterAsync(IsAdministrator, () => disableAccount.ExecuteAsync(userName, Actors.Of(User, Role.Administrator), cancellationToken),
            disabled => L["Account {0} is disabled: it can no longer sign in.", disabled].Value, "/admin/accounts");

    /// <summary>Re-enables a disabled account, or asks a second administrator to (<see cref="IEnableAccount"/>).</summary>
    public async Task<IActionResult> OnPostEnableAsync(string userName, CancellationToken cancellationToken)
    {
        if (!IsAdministrator)
        {
            return Forbid();
        }

        var outcome = await enableAccount.ExecuteAsync(userName, Actors.Of(User, Role.Administrator), cancellationToken).ConfigureAwait(false);
        if (outcome.Refusal is { } refusal)
        {
            TempData["Error"] = refusal.For(System.Globalization.CultureInfo.CurrentUICulture);
        }
        else
        {
            TempData["Message"] = outcome.Value!.Enabled
                ? L["Account {0} is enabled again: it can sign in with its own password.", outcome.Value.UserName].Value
                : L["Re-enabling {0} waits for a second administrator's approval (four eyes).", outcome.Value.UserName].Value;
        }

        return Redirect("/admin/accounts");
    }

    public async Task<IActionResult> OnPostEmailAsync(string userName, string? email, CancellationToken cancellationToken)
    {
        if (!IsAdministrator)
        {
            return Forbid();
        }

        var outcome = await setEmail.ExecuteAsync(userName, email, Actors.Of(User, Role.Administrator), cancellationToken).ConfigureAwait(false);
        if (outcome.Refusal is { } refusal)
        {
            TempData["Error"] = refusal.Kind == RefusalKind.Invalid ? L["Give one e-mail address such as name@ncsc.nl, or leave the field empty to remove it."].Value : refusal.For(System.Globalization.CultureInfo.CurrentUICulture);
        }
        else
        {
            TempData["Message"] = outcome.Value!.Length == 0
                ? L["Account {0} has no e-mail address now: notices for it are recorded, not sent.", userName].Value
                : L["Notices for {0} go to {1}.", userName, outcome.Value].Value;
        }

        return Redirect("/admin/accounts");
    }

    /// <summary>A role's human name in the page's language.</summary>
    public string RoleText(string wire) => CaseWire.TryParse<Role>(wire, out var role) ? S[Labels.Role(role)].Value : wire;

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Accounts = await queries.AccountsAsync(cancellationToken).ConfigureAwait(false);
        Pending = await queries.PendingGrantsAsync(cancellationToken).ConfigureAwait(false);
    }
}
