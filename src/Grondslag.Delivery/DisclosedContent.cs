using System.Collections.Immutable;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;

namespace Grondslag.Delivery;

/// <summary>
/// What the writers read of a <see cref="ReleasedShare"/> or a <see cref="ShareWithdrawal"/>, so that the share
/// and its revocation are written by the same code. Internal on purpose: every public method of this assembly
/// takes one of the two gate-made types, never this.
/// </summary>
internal sealed record DisclosedContent(
    string CaseId,
    string ShareId,
    Party Recipient,
    ImmutableArray<OutgoingIndicator> Indicators,
    OriginatorConditions Originator,
    string Campaign,
    Assessment Assessment,
    ReleaseDecision Decision,
    DateTimeOffset ReleasedAt)
{
    public TlpLevel Tlp => Originator.Tlp;

    public static DisclosedContent Of(ReleasedShare share)
    {
        ArgumentNullException.ThrowIfNull(share);
        return new(share.CaseId, share.ShareId, share.Recipient, share.Indicators, share.Originator, share.Campaign, share.Assessment, share.Decision, share.ReleasedAt);
    }

    public static DisclosedContent Of(ShareWithdrawal withdrawal)
    {
        ArgumentNullException.ThrowIfNull(withdrawal);
        return new(withdrawal.CaseId, withdrawal.ShareId, withdrawal.Recipient, withdrawal.Indicators, withdrawal.Originator, withdrawal.Campaign,
            withdrawal.Assessment, withdrawal.Decision, withdrawal.ReleasedAt);
    }
}
