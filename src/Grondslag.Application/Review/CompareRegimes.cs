using Grondslag.Application.Cases;
using Grondslag.Application.Planning;
using Grondslag.Domain.Law;
using Grondslag.Domain.Review;

namespace Grondslag.Application.Review;

/// <summary>
/// The what-if report for a regime change: every share of the stored cases (open and settled), assessed under the
/// regime of its plan and under the compared one, on the plan's date. Reads only.
/// </summary>
public interface ICompareRegimes
{
    Task<IReadOnlyList<RegimeDifference>> ExecuteAsync(string compared, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="ICompareRegimes"/>
public sealed class CompareRegimes(ICaseStore store, ISharingContext sharing) : ICompareRegimes
{
    public async Task<IReadOnlyList<RegimeDifference>> ExecuteAsync(string compared, CancellationToken cancellationToken = default)
    {
        await using var tx = await store.BeginReadAsync(cancellationToken).ConfigureAwait(false);
        var requests = new List<(string CaseId, string ShareId, AssessmentRequest Request)>();
        var regime = "wbni";
        foreach (var file in await tx.ListCasesAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var share in await tx.SharesAsync(file.Id, cancellationToken).ConfigureAwait(false))
            {
                if (await tx.FindPlanAsync(share.PlanId, cancellationToken).ConfigureAwait(false) is not { } plan || sharing.Parties.Find(share.PartyId) is not { } party)
                {
                    continue;
                }

                regime = plan.RegimeId;
                requests.Add((file.Id, share.Id, new AssessmentRequest(plan.Classes, file.Originator, PlanSharing.ProfileOf(party), true, plan.Date, null,
                    [.. share.Confirmations.Select(c => c.ConditionId)])));
            }
        }

        return RegimeComparison.Compare(requests, sharing.Evaluator, regime, compared);
    }
}
