using System.Collections.Immutable;
using System.Globalization;
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
            Nature = "Unauthorised disclosure (GDPR art. 4(12)): confidential information traceable to providers, possibly personal data, was given to recipients for which no legal basis existed.",
            Facts = string.Create(CultureInfo.InvariantCulture,
                $"A retrospective review under rule set {report.RuleSetSha256Now[..12]}… found {recipients.Length} disclosure(s) without a basis, {records} records in all."),
            Effects = "The recipients hold IP addresses of compromised devices; those can be traced to organisations and possibly to natural persons.",
            LikelyConsequences = "Loss of confidentiality of incident information; persons behind the addresses may be identified by the recipients.",
            DataCategories = ["IP addresses of compromised devices (possibly personal data)", "network (ASN) and organisation names"],
            DataSubjects = "Users of the devices behind the disclosed IP addresses",
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
