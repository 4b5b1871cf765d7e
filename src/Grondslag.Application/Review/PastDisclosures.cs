using Grondslag.Application.Cases;
using Grondslag.Application.Planning;
using Grondslag.Domain.Law;
using Grondslag.Domain.Review;

namespace Grondslag.Application.Review;

/// <summary>The released shares as past disclosures: the facts as assessed, the recipient from the registry in force now.</summary>
internal static class PastDisclosures
{
    public static async Task<List<PastDisclosure>> ReadAsync(ICaseTransaction tx, ISharingContext sharing, CancellationToken cancellationToken)
    {
        var result = new List<PastDisclosure>();
        foreach (var release in await tx.ReleasesAsync(null, cancellationToken).ConfigureAwait(false))
        {
            var file = await tx.FindCaseAsync(release.CaseId, cancellationToken).ConfigureAwait(false);
            var share = await tx.FindShareAsync(release.CaseId, release.ShareId, cancellationToken).ConfigureAwait(false);
            var plan = share is null ? null : await tx.FindPlanAsync(share.PlanId, cancellationToken).ConfigureAwait(false);
            if (file is null || share is null || plan is null)
            {
                continue;
            }

            var party = sharing.Parties.Find(release.PartyId);
            var recipient = party is null
                ? new RecipientProfile(share.PartyName, null, null, [], [], UnrecognisedKind: $"(party '{release.PartyId}' is no longer in the registry)")
                : PlanSharing.ProfileOf(party);
            var request = new AssessmentRequest(plan.Classes, file.Originator, recipient, true, share.Assessment.Date, plan.RegimeOverride,
                [.. share.Confirmations.Select(c => c.ConditionId)]);
            result.Add(new PastDisclosure(release.CaseId, release.ShareId, release.PartyId, request, release.IndicatorCount, release.ReleasedAt,
                share.Assessment.RuleSetSha256, share.Assessment.Verdict));
        }

        return result;
    }
}
