using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Grondslag.Application.Assessing;
using Grondslag.Application.Auditing;
using Grondslag.Application.Planning;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;

namespace Grondslag.Application.Cases;

/// <summary>Confirms one condition of a conditional share with a reference, then assesses the share again with every confirmation.</summary>
public interface IConfirmCondition
{
    Task<Outcome<ShareFile>> ExecuteAsync(string caseId, string shareId, string conditionId, string reference, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IConfirmCondition"/>
public sealed class ConfirmCondition(ICaseStore store, IAuditTrail audit, ICommitHook hook, TimeProvider clock, ISharingContext sharing) : IConfirmCondition
{
    public Task<Outcome<ShareFile>> ExecuteAsync(string caseId, string shareId, string conditionId, string reference, Actor actor, CancellationToken cancellationToken = default) =>
        CaseAction.RunAsync<ShareFile>(store, audit, hook, "share.confirm-condition", actor, caseId, shareId, async tx =>
        {
            if (await tx.FindShareAsync(caseId, shareId, cancellationToken).ConfigureAwait(false) is not { } share
                || await tx.FindCaseAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } file
                || await tx.FindPlanAsync(share.PlanId, cancellationToken).ConfigureAwait(false) is not { } plan)
            {
                return CaseAction.UnknownShare(caseId, shareId);
            }

            var confirmed = ShareWorkflow.ConfirmCondition(share, actor, conditionId, reference, clock.GetUtcNow());
            if (confirmed.Refusal is { } refusal)
            {
                return refusal;
            }

            var confirmations = share.Confirmations.Add(confirmed.Value!);
            if (Reassess.Share(sharing, file, plan, share.PartyId, confirmations) is not { } assessment)
            {
                return new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText($"Party {share.PartyId} is no longer in the party registry; assess the case again.", $"Partij {share.PartyId} staat niet meer in het partijregister; beoordeel de zaak opnieuw."));
            }

            var party = sharing.Parties.Find(share.PartyId)!;
            var after = share with { Confirmations = confirmations, Assessment = ShareVerdict.Of(assessment, PartyFingerprint.Of(party)) };
            tx.AddConfirmation(shareId, confirmed.Value!);
            tx.UpdateShare(share, after, AssessmentJson.ToJson(assessment, sharing.Evaluator.Book, includeTrace: false).ToJsonString());
            return CaseAction.Staged(after, CaseAction.Record("share.confirm-condition", actor, caseId, shareId, new JsonObject
            {
                ["condition"] = conditionId,
                ["reference"] = confirmed.Value!.Reference,
                ["verdictBefore"] = share.Assessment.Verdict.ToWire(),
                ["verdictAfter"] = assessment.Verdict.ToWire(),
                ["ruleSetSha256"] = assessment.RuleSetSha256,
            }));
        }, cancellationToken);
}

/// <summary>Replays a share's assessment: same facts, same date, same rule-set version, plus the confirmations.</summary>
public static class Reassess
{
    public static Assessment? Share(ISharingContext sharing, CaseFile file, StoredPlan plan, string partyId, ImmutableArray<Confirmation> confirmations)
    {
        if (sharing.Parties.Find(partyId) is not { } party)
        {
            return null;
        }

        // share.own-constituency is true for every stored share: routing (Partition) puts an address in a party's share
        // only through the party's own countries or networks and checks that per address when it makes the share.
        var request = new AssessmentRequest(plan.Classes, file.Originator, PlanSharing.ProfileOf(party), true, plan.Date, plan.RegimeOverride,
            [.. confirmations.Select(c => c.ConditionId)]);
        return sharing.Evaluator.Assess(request);
    }
}
