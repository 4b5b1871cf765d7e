using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Domain.Cases;

namespace Grondslag.Application.Cases;

/// <summary>The owner offers the case to another official, with a note; the owner stays accountable until acceptance.</summary>
public interface IOfferHandover
{
    Task<Outcome<PendingHandover>> ExecuteAsync(string caseId, string to, string summary, Actor actor, CancellationToken cancellationToken = default);
}

/// <summary>The accounts the case workflow may name (a handover goes only to an existing account that can own a case).</summary>
public interface IAccountDirectory
{
    /// <summary>The roles of the account called <paramref name="userName"/>, or null when there is no such account.</summary>
    Task<IReadOnlyList<Role>?> RolesOfAsync(string userName, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IOfferHandover"/>
public sealed class OfferHandover(ICaseStore store, IAuditTrail audit, ICommitHook hook, IIdGenerator ids, TimeProvider clock, IAccountDirectory accounts) : IOfferHandover
{
    /// <summary>The roles that can own a case (the case workers; advisers and auditors cannot).</summary>
    public static readonly IReadOnlyList<Role> OwnerRoles = [Role.Analyst, Role.DutyOfficer, Role.DecisionMaker];

    public Task<Outcome<PendingHandover>> ExecuteAsync(string caseId, string to, string summary, Actor actor, CancellationToken cancellationToken = default) =>
        CaseAction.RunAsync<PendingHandover>(store, audit, hook, "case.handover-offer", actor, caseId, null, async tx =>
        {
            if (!string.IsNullOrWhiteSpace(to))
            {
                var roles = await accounts.RolesOfAsync(to.Trim(), cancellationToken).ConfigureAwait(false);
                if (roles is null)
                {
                    return new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText($"to: there is no account '{to.Trim()}'; name an existing official's user name.", $"aan: er is geen account '{to.Trim()}'; noem de gebruikersnaam van een bestaande medewerker."));
                }

                if (!roles.Any(OwnerRoles.Contains))
                {
                    return new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText($"to: '{to.Trim()}' has no role that can own a case (analyst, duty officer or decision-maker).", $"aan: '{to.Trim()}' heeft geen rol die eigenaar van een zaak kan zijn (analist, dienstdoende of beslisser)."));
                }
            }

            if (await tx.FindCaseAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } file)
            {
                return CaseAction.UnknownCase(caseId);
            }

            var shares = await tx.SharesAsync(caseId, cancellationToken).ConfigureAwait(false);
            var note = Handover.NoteFor(file, shares, summary ?? "");
            var offer = Handover.Offer(file, actor, ids.NewId("handover"), to, note, clock.GetUtcNow());
            if (offer.Refusal is { } refusal)
            {
                return refusal;
            }

            tx.UpdateCase(file, file with { Handover = offer.Value });
            return CaseAction.Staged(offer.Value!, CaseAction.Record("case.handover-offer", actor, caseId, offer.Value!.HandoverId, new JsonObject
            {
                ["from"] = file.Owner,
                ["to"] = offer.Value.To,
                ["summary"] = note.Summary,
                ["state"] = note.State,
                ["openActions"] = new JsonArray([.. note.OpenActions.Select(a => (JsonNode)a)]),
                ["pendingAdvice"] = new JsonArray([.. note.PendingAdvice.Select(a => (JsonNode)a)]),
                ["deadline"] = note.Deadline is { } d ? CaseAction.Iso(d) : null,
            }));
        }, cancellationToken);
}

/// <summary>The named official accepts the handover and becomes the accountable owner.</summary>
public interface IAcceptHandover
{
    Task<Outcome<CaseFile>> ExecuteAsync(string caseId, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IAcceptHandover"/>
public sealed class AcceptHandover(ICaseStore store, IAuditTrail audit, ICommitHook hook) : IAcceptHandover
{
    public Task<Outcome<CaseFile>> ExecuteAsync(string caseId, Actor actor, CancellationToken cancellationToken = default) =>
        CaseAction.RunAsync<CaseFile>(store, audit, hook, "case.handover-accept", actor, caseId, null, async tx =>
        {
            if (await tx.FindCaseAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } file)
            {
                return CaseAction.UnknownCase(caseId);
            }

            var accepted = Handover.Accept(file, actor);
            if (accepted.Refusal is { } refusal)
            {
                return refusal;
            }

            tx.UpdateCase(file, accepted.Value!);
            return CaseAction.Staged(accepted.Value!, CaseAction.Record("case.handover-accept", actor, caseId, file.Handover!.HandoverId, new JsonObject
            {
                ["from"] = file.Owner,
                ["to"] = accepted.Value!.Owner,
            }));
        }, cancellationToken);
}

/// <summary>The owner withdraws a handover offer that was not accepted yet; audited.</summary>
public interface ICancelHandover
{
    Task<Outcome<CaseFile>> ExecuteAsync(string caseId, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="ICancelHandover"/>
public sealed class CancelHandover(ICaseStore store, IAuditTrail audit, ICommitHook hook) : ICancelHandover
{
    public Task<Outcome<CaseFile>> ExecuteAsync(string caseId, Actor actor, CancellationToken cancellationToken = default) =>
        CaseAction.RunAsync<CaseFile>(store, audit, hook, "case.handover-cancel", actor, caseId, null, async tx =>
        {
            if (await tx.FindCaseAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } file)
            {
                return CaseAction.UnknownCase(caseId);
            }

            if (file.Handover is not { } offer)
            {
                return new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText($"Case {caseId} has no open handover offer.", $"Zaak {caseId} heeft geen openstaand overdrachtsaanbod."));
            }

            if (!string.Equals(file.Owner, actor.Name, StringComparison.OrdinalIgnoreCase))
            {
                return new Refusal(RefusalKind.NotAllowed, new Grondslag.Domain.Text.LocalText($"Only the owner ({file.Owner}) can withdraw the handover offer.", $"Alleen de eigenaar ({file.Owner}) kan het overdrachtsaanbod intrekken."));
            }

            var cancelled = file with { Handover = null };
            tx.UpdateCase(file, cancelled);
            return CaseAction.Staged(cancelled, CaseAction.Record("case.handover-cancel", actor, caseId, offer.HandoverId, new JsonObject
            {
                ["from"] = offer.From,
                ["to"] = offer.To,
            }));
        }, cancellationToken);
}
