using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;

namespace Grondslag.Application.Cases;

/// <summary>Approves or refuses a share, with a motivation; approval only by someone who took no part in preparing it (four eyes).</summary>
public interface IDecide
{
    Task<Outcome<ShareDecision>> ExecuteAsync(string caseId, string shareId, DecisionOutcome outcome, string motivation, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IDecide"/>
public sealed class Decide(ICaseStore store, IAuditTrail audit, ICommitHook hook, IIdGenerator ids, TimeProvider clock) : IDecide
{
    public Task<Outcome<ShareDecision>> ExecuteAsync(string caseId, string shareId, DecisionOutcome outcome, string motivation, Actor actor, CancellationToken cancellationToken = default) =>
        CaseAction.RunAsync<ShareDecision>(store, audit, hook, "share.decide", actor, caseId, shareId, async tx =>
        {
            if (await tx.FindShareAsync(caseId, shareId, cancellationToken).ConfigureAwait(false) is not { } share)
            {
                return CaseAction.UnknownShare(caseId, shareId);
            }

            var origin = await ShareOrigins.OfAsync(tx, share, cancellationToken).ConfigureAwait(false);
            if (origin.Refusal is { } incomplete)
            {
                return incomplete;
            }

            var changed = ShareWorkflow.Decide(share, origin.Value!, actor, ids.NewId("decision"), outcome, motivation, clock.GetUtcNow());
            if (changed.Refusal is { } refusal)
            {
                return refusal;
            }

            tx.UpdateShare(share, changed.Value!);
            var decision = changed.Value!.Decision!;
            return CaseAction.Staged(decision, CaseAction.Record("share.decide", actor, caseId, shareId, new JsonObject
            {
                ["decision"] = decision.Id,
                ["outcome"] = decision.Outcome.ToWire(),
                ["motivation"] = decision.Motivation,
                ["preparedBy"] = decision.PreparedBy,
                ["preparers"] = new JsonArray([.. ShareWorkflow.Preparers(share, origin.Value!).Select(p => (JsonNode)p)]),
                ["party"] = share.PartyId,
                ["verdict"] = share.Assessment.Verdict.ToWire(),
                ["basis"] = new JsonArray([.. share.Assessment.Basis.Select(b => (JsonNode)b)]),
                ["ruleSetSha256"] = share.Assessment.RuleSetSha256,
                ["assessmentDate"] = share.Assessment.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            }));
        }, cancellationToken);
}
