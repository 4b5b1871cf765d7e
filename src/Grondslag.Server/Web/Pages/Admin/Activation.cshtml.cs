using Grondslag.Application.Activation;
using Grondslag.Domain.Cases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Grondslag.Server.Web.Pages.Admin;

/// <summary>A proposal as the page lists it.</summary>
public sealed record ProposalItem(long Id, ReferenceKind Kind, string Sha256, string? CbwEntryIntoForce, int ScenariosPassed, string ProposedBy, DateTimeOffset ProposedAt);

/// <summary>
/// Activation of a rule set or party registry with four eyes (the <see cref="IProposeActivation"/> and
/// <see cref="IApproveActivation"/> use cases, as the API): one administrator proposes — only a candidate whose
/// legal scenarios all pass can be proposed — and another approves; what was in force stays until then.
/// </summary>
[Authorize(Policy = WebComposition.Administrators)]
public sealed class ActivationModel(IProposeActivation propose, IApproveActivation approve, IActivationStore store, IStringLocalizerFactory texts) : PageModel
{
    private readonly IStringLocalizer L = PageText.For(texts, "Admin/Activation");

    private const int MaxRegistryBytes = 4 << 20;

    public IReadOnlyList<ProposalItem> Pending { get; private set; } = [];

    public ActivatedReference? RuleSet { get; private set; }

    public ActivatedReference? Parties { get; private set; }

    public bool IsAdministrator => User.IsInRole(Role.Administrator.ToWire());

    public string Me => User.Identity?.Name ?? "";

    public string KindText(ReferenceKind kind) => kind switch
    {
        ReferenceKind.RuleSet => L["Rule set"].Value,
        ReferenceKind.Parties => L["Party registry"].Value,
    };

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken).ConfigureAwait(false);

    public async Task<IActionResult> OnPostRuleSetAsync(string? cbwEntryIntoForce, CancellationToken cancellationToken)
    {
        if (Administrator() is not { } actor)
        {
            return Forbid();
        }

        return Proposed(await propose.RuleSetAsync(string.IsNullOrWhiteSpace(cbwEntryIntoForce) ? null : cbwEntryIntoForce.Trim(), actor, cancellationToken).ConfigureAwait(false));
    }

    public async Task<IActionResult> OnPostPartiesAsync(IFormFile? registry, CancellationToken cancellationToken)
    {
        if (Administrator() is not { } actor)
        {
            return Forbid();
        }

        if (registry is null || registry.Length is 0 or > MaxRegistryBytes)
        {
            TempData["Error"] = L["Choose the party registry as a YAML file (at most 4 MiB)."].Value;
            return Redirect("/admin/activation");
        }

        using var buffer = new MemoryStream();
        await registry.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Proposed(await propose.PartiesAsync(buffer.ToArray(), actor, cancellationToken).ConfigureAwait(false));
    }

    public async Task<IActionResult> OnPostApproveAsync(long proposalId, CancellationToken cancellationToken)
    {
        if (Administrator() is not { } actor)
        {
            return Forbid();
        }

        var outcome = await approve.ExecuteAsync(proposalId, actor, cancellationToken).ConfigureAwait(false);
        if (outcome.Refusal is { } refusal)
        {
            TempData["Error"] = refusal.For(System.Globalization.CultureInfo.CurrentUICulture);
        }
        else
        {
            TempData["Message"] = L["Approved: {0} {1} is in force from now on.", KindText(outcome.Value!.Version.Kind), Short(outcome.Value.Version.Sha256)].Value;
        }

        return Redirect("/admin/activation");
    }

    public static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] : sha256;

    private IActionResult Proposed(Outcome<ActivationProposal> outcome)
    {
        if (outcome.Refusal is { } refusal)
        {
            TempData["Error"] = refusal.For(System.Globalization.CultureInfo.CurrentUICulture);
        }
        else
        {
            var p = outcome.Value!;
            TempData["Message"] = L["Proposed: {0} {1}, all {2} legal scenarios pass. Another administrator approves it below.", KindText(p.Version.Kind), Short(p.Version.Sha256), p.ScenariosPassed].Value;
        }

        return Redirect("/admin/activation");
    }

    private Actor? Administrator() => WebComposition.ActorOf(User, [Role.Administrator]);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        RuleSet = await store.InForceAsync(ReferenceKind.RuleSet, cancellationToken).ConfigureAwait(false);
        Parties = await store.InForceAsync(ReferenceKind.Parties, cancellationToken).ConfigureAwait(false);
        Pending = [.. (await store.PendingProposalsAsync(cancellationToken).ConfigureAwait(false))
            .Select(p => new ProposalItem(p.Id, p.Version.Kind, p.Version.Sha256, p.Version.CbwEntryIntoForce, p.ScenariosPassed, p.ProposedBy, p.ProposedAt))];
    }
}
