using System.Collections.Immutable;
using Grondslag.Domain.Law;

namespace Grondslag.Domain.Review;

/// <summary>A disclosure that happened: to whom, when, how much, and what the engine said then.</summary>
/// <param name="Request">The facts as assessed at the time (recipient, classes, originator, date, confirmations).</param>
public sealed record PastDisclosure(
    string CaseId,
    string ShareId,
    string PartyId,
    AssessmentRequest Request,
    int IndicatorCount,
    DateTimeOffset DisclosedAt,
    string RuleSetSha256Then,
    Verdict VerdictThen);

/// <summary>A past disclosure re-assessed under corrected rules or facts.</summary>
public sealed record ReviewFinding(PastDisclosure Disclosure, Assessment Now)
{
    /// <summary>True when the disclosure no longer has a basis: the corrected assessment does not permit it.</summary>
    public bool LostBasis => Now.Verdict != Verdict.Permitted;

    /// <summary>The rules that now say no (empty when the basis holds).</summary>
    public ImmutableArray<DeterminingRule> RulesThatNowSayNo => LostBasis ? Now.DeterminingRules : [];
}

/// <summary>The outcome of a retrospective review.</summary>
public sealed record ReviewReport(string RuleSetSha256Now, ImmutableArray<ReviewFinding> Findings)
{
    public ImmutableArray<ReviewFinding> WithoutBasis => [.. Findings.Where(f => f.LostBasis)];
}

/// <summary>
/// Re-assesses past disclosures under a corrected rule set (and, optionally, corrected facts such as a party's
/// kind or designation found wrong), on the date each disclosure happened, and lists those that no longer have
/// a basis. It never changes history: it produces findings for the breach procedure.
/// </summary>
public static class RetrospectiveReview
{
    public static ReviewReport Run(
        IEnumerable<PastDisclosure> disclosures,
        LegalEvaluator corrected,
        Func<PastDisclosure, AssessmentRequest>? correctedFacts = null)
    {
        ArgumentNullException.ThrowIfNull(disclosures);
        ArgumentNullException.ThrowIfNull(corrected);
        var findings = disclosures
            .Select(d => new ReviewFinding(d, corrected.Assess(correctedFacts?.Invoke(d) ?? d.Request)))
            .ToImmutableArray();
        return new ReviewReport(corrected.Book.Sha256, findings);
    }
}
