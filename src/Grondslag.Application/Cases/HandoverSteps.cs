using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Domain.Cases;

namespace Grondslag.Application.Cases;

/// <summary>The owner offers the case to another official, with a note; the owner stays accountable until acceptance.</summary>
public interface IOfferHandover
{
    Task<Outcome<PendingHandover>> ExecuteAsync(string caseId, string to, string summary, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IOfferHandover"/>
public sealed class OfferHandover(ICaseStore store, IAuditTrail audit, ICommitHook hook, IIdGenerator ids, TimeProvider clock) : IOfferHandover
{
    public Task<Outcome<PendingHandover>> ExecuteAsync(string caseId, string to, string summary, Actor actor, CancellationToken cancellationToken = default) =>
        CaseAction.RunAsync<PendingHandover>(store, audit, hook, "case.handover-offer", actor, caseId, null, async tx =>
        {
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
