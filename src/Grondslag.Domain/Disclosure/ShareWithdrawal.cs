using System.Collections.Immutable;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;

namespace Grondslag.Domain.Disclosure;

/// <summary>
/// A past release rebuilt so that it can be withdrawn: the channels make only revocations and deletion requests of
/// it, never the share again. A type of its own (not a flag on <see cref="ReleasedShare"/>) so that no channel has to
/// remember to check: a method that delivers takes a <see cref="ReleasedShare"/>, one that revokes takes this. Only
/// <see cref="DisclosureGate.Withdraw"/> makes one (there is no public constructor). Immutable and thread-safe.
/// </summary>
public sealed class ShareWithdrawal
{
    internal ShareWithdrawal(ShareCandidate candidate, DateTimeOffset releasedAt)
    {
        CaseId = candidate.CaseId;
        ShareId = candidate.ShareId;
        Recipient = candidate.Recipient;
        Indicators = candidate.Indicators;
        Originator = candidate.Originator;
        Campaign = candidate.Campaign;
        Assessment = candidate.Assessment;
        Decision = candidate.Decision;
        ReleasedAt = releasedAt;
    }

    public string CaseId { get; }
    public string ShareId { get; }
    public Party Recipient { get; }

    /// <summary>What went out, so that the deletion request and the revoked STIX objects name exactly that.</summary>
    public ImmutableArray<OutgoingIndicator> Indicators { get; }

    public OriginatorConditions Originator { get; }
    public TlpLevel Tlp => Originator.Tlp;
    public string Campaign { get; }

    /// <summary>The assessment replayed for the withdrawal (it need not permit: a missing basis is a reason to withdraw).</summary>
    public Assessment Assessment { get; }

    public ReleaseDecision Decision { get; }

    /// <summary>When the share was released (the revocation must be later).</summary>
    public DateTimeOffset ReleasedAt { get; }
}

/// <summary>The gate's answer to a withdrawal: the share rebuilt for revocation, or a refusal that says why.</summary>
public abstract record WithdrawalOutcome
{
    private WithdrawalOutcome()
    {
    }

    public sealed record Rebuilt(ShareWithdrawal Withdrawal) : WithdrawalOutcome;

    /// <summary>A refusal in English (<see cref="Reason"/>) and Dutch.</summary>
    public sealed record Refused(Grondslag.Domain.Text.LocalText Text) : WithdrawalOutcome
    {
        public string Reason => Text.En;
    }
}
