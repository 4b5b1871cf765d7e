using System.Collections.Immutable;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;

namespace Grondslag.Domain.Disclosure;

/// <summary>An indicator as it goes out to a recipient, with its attribution.</summary>
public sealed record OutgoingIndicator(IpAddress Address, CountryCode? Country, uint Asn, string AsOrganisation);

/// <summary>A condition of a conditional verdict confirmed by an official, with the reference that proves it.</summary>
public sealed record ConfirmedCondition(string ConditionId, string Reference, string ConfirmedBy, DateTimeOffset ConfirmedAt);

/// <summary>The recorded approval of a share: who prepared it, who approved it (four eyes), and why.</summary>
public sealed record ReleaseDecision(string PreparedBy, string ApprovedBy, string Motivation, DateTimeOffset DecidedAt, ImmutableArray<ConfirmedCondition> Confirmations);

/// <summary>Everything the gate needs to decide whether a share may become a deliverable package.</summary>
public sealed record ShareCandidate(
    string CaseId,
    string ShareId,
    Party Recipient,
    ImmutableArray<OutgoingIndicator> Indicators,
    OriginatorConditions Originator,
    string Campaign,
    Assessment Assessment,
    ReleaseDecision Decision);

/// <summary>
/// A share that passed the disclosure gate. Delivery channels accept nothing else, and only
/// <see cref="DisclosureGate"/> can create one: there is no public constructor.
/// </summary>
public sealed class ReleasedShare
{
    internal ReleasedShare(ShareCandidate candidate, DateTimeOffset releasedAt)
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
    public ImmutableArray<OutgoingIndicator> Indicators { get; }
    public OriginatorConditions Originator { get; }
    public TlpLevel Tlp => Originator.Tlp;
    public string Campaign { get; }

    /// <summary>The permitting assessment: verdict, basis, rule-set version, explanation.</summary>
    public Assessment Assessment { get; }

    public ReleaseDecision Decision { get; }
    public DateTimeOffset ReleasedAt { get; }
}

/// <summary>The gate's answer: a released share, or a refusal that says why.</summary>
public abstract record GateOutcome
{
    private GateOutcome()
    {
    }

    public sealed record Released(ReleasedShare Share) : GateOutcome;

    public sealed record Refused(string Reason) : GateOutcome;
}

/// <summary>
/// The only way to make a deliverable package (invariant 1): a share goes out only with a recorded decision
/// that permits it for that recipient, on that date, under that rule-set version — and four eyes.
/// </summary>
public static class DisclosureGate
{
    public static GateOutcome Release(ShareCandidate candidate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var a = candidate.Assessment;
        var d = candidate.Decision;
        if (a.Failure is not null)
        {
            return new GateOutcome.Refused($"The assessment failed closed: {a.Failure}");
        }

        if (a.Verdict != Verdict.Permitted)
        {
            var open = a.Conditions.Where(c => !c.Met).Select(c => c.Id).ToList();
            return new GateOutcome.Refused(a.Verdict switch
            {
                Verdict.Prohibited => $"Prohibited for {candidate.Recipient.Name} ({string.Join("; ", a.Basis.Select(c => c.Short))}): nobody can release it.",
                Verdict.AdviceRequired => $"Advice is required before {candidate.Recipient.Name} may receive this; the assessment is not permitting.",
                Verdict.Conditional => $"Conditions are not confirmed: {string.Join(", ", open)}.",
                Verdict.Permitted => "",
            });
        }

        if (!a.Facts.TryGet(FactCatalogue.RecipientKind, out var kind) || kind != candidate.Recipient.Kind.ToWire())
        {
            return new GateOutcome.Refused($"The assessment is not about {candidate.Recipient.Name} (kind {candidate.Recipient.Kind.ToWire()}); assess this recipient.");
        }

        if (string.IsNullOrWhiteSpace(d.PreparedBy) || string.IsNullOrWhiteSpace(d.ApprovedBy))
        {
            return new GateOutcome.Refused("The decision must name who prepared and who approved the share.");
        }

        if (string.Equals(d.PreparedBy, d.ApprovedBy, StringComparison.OrdinalIgnoreCase))
        {
            return new GateOutcome.Refused($"Four eyes: {d.ApprovedBy} prepared this share and cannot also approve it.");
        }

        if (string.IsNullOrWhiteSpace(d.Motivation))
        {
            return new GateOutcome.Refused("The decision needs a motivation.");
        }

        if (candidate.Indicators.IsDefaultOrEmpty)
        {
            return new GateOutcome.Refused("The share holds no indicators.");
        }

        if (d.DecidedAt > now)
        {
            return new GateOutcome.Refused($"The decision is dated in the future ({d.DecidedAt:O}).");
        }

        var today = LegalDay(now);
        if (a.Date != today)
        {
            return new GateOutcome.Refused($"The assessment is for {a.Date:yyyy-MM-dd}, but the release would be on {today:yyyy-MM-dd}: assess again under the rules in force today.");
        }

        return new GateOutcome.Released(new ReleasedShare(candidate, now));
    }

    /// <summary>
    /// Rebuilds a past release so that it can be withdrawn (revoked on TAXII, a deletion request mailed). It needs
    /// the recorded four-eyes approval, not a permitting assessment: withdrawing is always allowed, and is most
    /// needed when the basis turned out to be missing. The result is a <see cref="ShareWithdrawal"/>, which the
    /// channels can only revoke, never deliver.
    /// </summary>
    public static WithdrawalOutcome Withdraw(ShareCandidate candidate, DateTimeOffset releasedAt)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var d = candidate.Decision;
        if (string.IsNullOrWhiteSpace(d.PreparedBy) || string.IsNullOrWhiteSpace(d.ApprovedBy) || string.Equals(d.PreparedBy, d.ApprovedBy, StringComparison.OrdinalIgnoreCase))
        {
            return new WithdrawalOutcome.Refused("There is no recorded four-eyes approval of this share, so no release of it can be rebuilt.");
        }

        return candidate.Indicators.IsDefaultOrEmpty
            ? new WithdrawalOutcome.Refused("The share holds no indicators.")
            : new WithdrawalOutcome.Rebuilt(new ShareWithdrawal(candidate, releasedAt));
    }

    /// <summary>The calendar day in the Netherlands at an instant: the day a disclosure legally happens.</summary>
    public static DateOnly LegalDay(DateTimeOffset instant)
    {
        try
        {
            return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam")).DateTime);
        }
        catch (TimeZoneNotFoundException)
        {
            return DateOnly.FromDateTime(instant.UtcDateTime);
        }
    }
}
