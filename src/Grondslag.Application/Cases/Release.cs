using System.Text;
using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Application.Delivery;
using Grondslag.Attribution.Routing;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Indicators.Intake;
using Grondslag.Domain.Law;

namespace Grondslag.Application.Cases;

/// <summary>
/// Releases an approved share through the disclosure gate (the only way a share becomes deliverable). The release
/// transaction records the release and its outbox work; the channels run after the commit (<see cref="IDeliverShares"/>).
/// </summary>
public interface IRelease
{
    Task<Outcome<StoredRelease>> ExecuteAsync(string caseId, string shareId, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="ExecuteAsync"/> (gated, recorded with its outbox work and audited in its own transaction), but the
    /// channel steps are only queued: the caller runs them after its last commit (<see cref="IShareDelivery.AfterCommitAsync(IReadOnlyList{string}, CancellationToken)"/>),
    /// so a bulk release does not wait for one share's channels before it releases the next.
    /// </summary>
    Task<Outcome<StoredRelease>> ExecuteQueuedAsync(string caseId, string shareId, Actor actor, CancellationToken cancellationToken = default) =>
        ExecuteAsync(caseId, shareId, actor, cancellationToken);
}

/// <inheritdoc cref="IRelease"/>
public sealed class Release(ICaseStore store, IAuditTrail audit, ICommitHook hook, IIdGenerator ids, TimeProvider clock, ISharingContext sharing, IShareDelivery delivery) : IRelease
{
    public Task<Outcome<StoredRelease>> ExecuteAsync(string caseId, string shareId, Actor actor, CancellationToken cancellationToken = default) =>
        RunAsync(caseId, shareId, actor, deliverNow: true, cancellationToken);

    public Task<Outcome<StoredRelease>> ExecuteQueuedAsync(string caseId, string shareId, Actor actor, CancellationToken cancellationToken = default) =>
        RunAsync(caseId, shareId, actor, deliverNow: false, cancellationToken);

    private Task<Outcome<StoredRelease>> RunAsync(string caseId, string shareId, Actor actor, bool deliverNow, CancellationToken cancellationToken)
    {
        return CaseAction.RunThenAsync<StoredRelease>(store, audit, hook, "share.release", actor, caseId, shareId, async tx =>
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

            var ready = ShareWorkflow.ReadyForRelease(share, origin.Value!);
            if (ready.Refusal is { } notReady)
            {
                return notReady;
            }

            var decision = ready.Value!;
            var built = await ReleaseCandidates.BuildAsync(tx, sharing, caseId, share, decision, origin.Value!, cancellationToken).ConfigureAwait(false);
            if (built.Refusal is { } cannot)
            {
                return cannot;
            }

            var (candidate, importId) = built.Value;
            var assessment = candidate.Assessment;
            switch (DisclosureGate.Release(candidate, sharing.Evaluator.Book, clock))
            {
                case GateOutcome.Refused refused:
                    return new Refusal(assessment.Verdict == Verdict.Prohibited && !assessment.WhatIf ? RefusalKind.Prohibited : RefusalKind.Conflict, refused.Text);
                case GateOutcome.Released released:
                    // The outbox work (one row per channel) is recorded with the release; the channels run after the commit.
                    delivery.Stage(released.Share);
                    var now = released.Share.ReleasedAt;
                    var release = new StoredRelease(ids.NewId("release"), caseId, shareId, share.PartyId, released.Share.Indicators.Length, actor.Name, now, released.Share.Tlp.ToWire());
                    tx.AddRelease(release);
                    tx.UpdateShare(share, share with { State = ShareState.Released });
                    return CaseAction.Staged(release, CaseAction.Record("share.release", actor, caseId, shareId, new JsonObject
                    {
                        ["release"] = release.Id,
                        ["party"] = share.PartyId,
                        ["indicators"] = release.IndicatorCount,
                        ["tlp"] = release.Tlp,
                        ["decision"] = decision.Id,
                        ["approvedBy"] = decision.DecidedBy,
                        ["preparedBy"] = decision.PreparedBy,
                        ["preparers"] = new JsonArray([.. candidate.Decision.PreparedBy.Select(p => (JsonNode)p)]),
                        ["regime"] = assessment.RegimeId,
                        ["assessmentDate"] = assessment.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                        ["partyFingerprint"] = candidate.AssessedPartyFingerprint,
                        ["verdict"] = assessment.Verdict.ToWire(),
                        ["basis"] = new JsonArray([.. assessment.Basis.Select(b => (JsonNode)b.Short)]),
                        ["ruleSetSha256"] = assessment.RuleSetSha256,
                        ["import"] = importId,
                    }));
                default:
                    return new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText("The disclosure gate gave no answer.", "De verstrekkingspoort gaf geen antwoord."));
            }
        },
        ct => deliverNow ? delivery.AfterCommitAsync(shareId, ct) : Task.CompletedTask,
        cancellationToken);
    }
}

/// <summary>
/// Builds the gate's input for a share: the replayed assessment, the attributed indicators, the party version it was
/// assessed under and the recorded decision with everyone who prepared the share (from the share's origin; a
/// withdrawal passes null and rebuilds the decision as recorded).
/// </summary>
internal static class ReleaseCandidates
{
    public static async Task<Outcome<(ShareCandidate Candidate, string ImportId)>> BuildAsync(
        ICaseTransaction tx, ISharingContext sharing, string caseId, ShareFile share, ShareDecision decision, ShareOrigin? origin, CancellationToken cancellationToken, bool forWithdrawal = false)
    {
        if (await tx.FindCaseAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } file
            || await tx.FindPlanAsync(share.PlanId, cancellationToken).ConfigureAwait(false) is not { } plan)
        {
            return CaseAction.UnknownShare(caseId, share.Id);
        }

        // Replay the assessment: the gate must see the verdict under the same rule-set version that was decided on.
        var assessment = Reassess.Share(sharing, file, plan, share.PartyId, share.Confirmations);
        if (assessment is null || sharing.Parties.Find(share.PartyId) is not { } party)
        {
            return new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText($"Party {share.PartyId} is no longer in the party registry.", $"Partij {share.PartyId} staat niet meer in het partijregister."));
        }

        // A withdrawal rebuilds what went out; that the rules changed since is often the very reason for it.
        if (!forWithdrawal && assessment.RuleSetSha256 != share.Assessment.RuleSetSha256)
        {
            return new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText("The rule set changed since this share was decided on; assess it again before release.", "De regelset is gewijzigd sinds over deze deling is besloten; beoordeel haar opnieuw vóór verstrekking."));
        }

        // The share's indicators as attributed when it was made (stored with it); only shares stored before that re-read the list.
        IReadOnlyList<OutgoingIndicator> indicators;
        if (await tx.ShareIndicatorsAsync(share.Id, 0, int.MaxValue, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            indicators = stored.Items;
        }
        else
        {
            var bytes = await tx.ImportBytesAsync(plan.ImportId, cancellationToken).ConfigureAwait(false);
            var list = IndicatorIntake.Addresses(plan.ImportId, Encoding.UTF8.GetString(bytes), new IndicatorListOptions { MaxReportedLines = 0 });
            var attributed = AttributedAddresses.Attribute(list, sharing.Tables);
            var indexes = await tx.ShareIndexesAsync(share.Id, cancellationToken).ConfigureAwait(false);
            indicators = indexes.Select(i =>
            {
                var asInfo = attributed.AsOf(i);
                return new OutgoingIndicator(attributed.Addresses[i], attributed.CountryOf(i), asInfo.Asn, asInfo.Organisation);
            }).ToList();
        }

        var candidate = new ShareCandidate(caseId, share.Id, party, [.. indicators], file.Originator, file.Title, assessment, share.Assessment.PartyFingerprint,
            new ReleaseDecision(origin is null ? [decision.PreparedBy] : ShareWorkflow.Preparers(share, origin), decision.DecidedBy, decision.Motivation, decision.DecidedAt,
                [.. share.Confirmations.Select(c => new ConfirmedCondition(c.ConditionId, c.Reference, c.ConfirmedBy, c.ConfirmedAt))]));
        return Outcome<(ShareCandidate, string)>.Ok((candidate, plan.ImportId));
    }
}
