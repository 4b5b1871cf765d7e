using System.Collections.Immutable;
using Grondslag.Domain.Law;

namespace Grondslag.Domain.Review;

/// <summary>One share's verdict under two regimes.</summary>
public sealed record RegimeDifference(string CaseId, string ShareId, string Recipient, Assessment Under, Assessment Compared)
{
    public bool Changes => Under.Verdict != Compared.Verdict;
}

/// <summary>
/// The what-if report for a regime change (e.g. Wbni → Cbw): for open and recent shares, which verdicts the
/// other regime would change, and why (its determining rules and conditions).
/// </summary>
public static class RegimeComparison
{
    public static ImmutableArray<RegimeDifference> Compare(
        IEnumerable<(string CaseId, string ShareId, AssessmentRequest Request)> shares,
        LegalEvaluator evaluator,
        string regime,
        string comparedRegime)
    {
        ArgumentNullException.ThrowIfNull(shares);
        ArgumentNullException.ThrowIfNull(evaluator);
        return [.. shares.Select(s => new RegimeDifference(
            s.CaseId,
            s.ShareId,
            s.Request.Recipient.Name,
            evaluator.Assess(s.Request with { RegimeOverride = regime }),
            evaluator.Assess(s.Request with { RegimeOverride = comparedRegime })))];
    }
}
