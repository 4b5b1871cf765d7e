using System.Collections.Immutable;
using Grondslag.Domain.Parties;

namespace Grondslag.Domain.Review;

/// <summary>Turns the findings of a retrospective review into a breach record and its deletion requests.</summary>
public static class BreachIntake
{
    /// <summary>
    /// One breach record for every disclosure that lost its basis, or null when none did. Records and data
    /// subjects are estimated from the indicator counts: each address may lead to one natural person.
    /// </summary>
    public static BreachRecord? FromReview(string id, ReviewReport report, Func<string, Party?> parties, DateTimeOffset awareAt, string contactPoint)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(parties);
        var lost = report.WithoutBasis;
        if (lost.IsEmpty)
        {
            return null;
        }

        var recipients = lost.Select(f =>
        {
            var party = parties(f.Disclosure.PartyId);
            return new AffectedRecipient(
                f.Disclosure.PartyId,
                party?.Name ?? f.Disclosure.Request.Recipient.Name,
                (party?.Country ?? f.Disclosure.Request.Recipient.Country)?.Value ?? "??",
                f.Disclosure.ShareId,
                f.Disclosure.IndicatorCount,
                f.Disclosure.DisclosedAt,
                string.Join("; ", f.RulesThatNowSayNo.Select(r => $"{r.Id} ({string.Join(", ", r.Citations.Select(c => c.Short))})")));
        }).ToImmutableArray();
        var records = recipients.Sum(r => (long)r.Indicators);
        return new BreachRecord
        {
            Id = id,
            Title = $"Disclosure without legal basis to {string.Join(", ", recipients.Select(r => r.Name))}",
            AwareAt = awareAt,
            StartedAt = recipients.Min(r => r.DisclosedAt),
            Ongoing = false,
            Nature = BreachTexts.Nature.En,
            Facts = BreachTexts.Facts(report.RuleSetSha256Now[..12], recipients.Length, records).En,
            Effects = BreachTexts.Effects.En,
            LikelyConsequences = BreachTexts.LikelyConsequences.En,
            DataCategories = [BreachTexts.AddressCategory.En, BreachTexts.NetworkCategory.En],
            DataSubjects = BreachTexts.DataSubjects.En,
            ApproximateDataSubjects = records,
            ApproximateRecords = records,
            Recipients = recipients,
            ContactPoint = contactPoint,
        };
    }

    /// <summary>One deletion request per affected recipient, through every channel it has (TAXII revocation included).</summary>
    public static ImmutableArray<DeletionRequest> DeletionRequests(BreachRecord breach, Func<string, Party?> parties, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(breach);
        ArgumentNullException.ThrowIfNull(parties);
        return [.. breach.Recipients.Select(r =>
        {
            var channels = parties(r.PartyId)?.Channels.Select(c => c.Kind switch
            {
                ChannelKind.Email => "email",
                ChannelKind.Taxii => "taxii-revocation",
                ChannelKind.Misp => "misp",
            }).Distinct().ToList() ?? [];
            return new DeletionRequest(r.PartyId, r.ShareId, channels.Count == 0 ? "manual" : string.Join("+", channels), now);
        })];
    }
}
