using System.Collections.Immutable;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Time;

namespace Grondslag.Domain.Disclosure;

/// <summary>An indicator as it goes out to a recipient, with its attribution.</summary>
public sealed record OutgoingIndicator(IpAddress Address, CountryCode? Country, uint Asn, string AsOrganisation);

/// <summary>A condition of a conditional verdict confirmed by an official, with the reference that proves it.</summary>
public sealed record ConfirmedCondition(string ConditionId, string Reference, string ConfirmedBy, DateTimeOffset ConfirmedAt);

/// <summary>
/// The recorded approval of a share: everyone who took part in preparing it (case creator, importer, assessor, whoever
/// confirmed a condition or asked or gave advice on it), who approved it (four eyes: not one of them), and why.
/// </summary>
public sealed record ReleaseDecision(ImmutableArray<string> PreparedBy, string ApprovedBy, string Motivation, DateTimeOffset DecidedAt, ImmutableArray<ConfirmedCondition> Confirmations)
{
    /// <summary>True when <paramref name="name"/> took part in preparing the share (names compare case-insensitively, trimmed).</summary>
    public bool IsPreparer(string name) =>
        !PreparedBy.IsDefault && PreparedBy.Any(p => string.Equals(p?.Trim(), name?.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Everything the gate needs to decide whether a share may become a deliverable package. <see cref="AssessedPartyFingerprint"/>
/// is the <see cref="PartyFingerprint"/> of the registry's party when the share was assessed (and so approved); the
/// gate refuses when <see cref="Recipient"/> is another version.
/// </summary>
public sealed record ShareCandidate(
    string CaseId,
    string ShareId,
    Party Recipient,
    ImmutableArray<OutgoingIndicator> Indicators,
    OriginatorConditions Originator,
    string Campaign,
    Assessment Assessment,
    string AssessedPartyFingerprint,
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
/// The only way to make a deliverable package (invariant 1): a share goes out only with a recorded decision that
/// permits it for exactly that recipient (party id, country, kind and registry version), on the legal day of the
/// release, under the rule set activated and in force (never a what-if), approved by someone who did not prepare it.
/// The gate reads the time itself from the clock it is given (the use case's injected <see cref="TimeProvider"/>):
/// no caller passes a "now". Stateless and thread-safe.
/// </summary>
public static class DisclosureGate
{
    /// <param name="candidate">The share, its replayed assessment and its recorded decision.</param>
    /// <param name="lawInForce">The rule book activated now (from the caller's sharing context, not from the assessment).</param>
    /// <param name="clock">The use case's clock; the release instant and its legal day are read from it here.</param>
    public static GateOutcome Release(ShareCandidate candidate, RuleBook lawInForce, TimeProvider clock) =>
        Release(candidate, lawInForce, clock, LegalCalendar.Amsterdam);

    /// <summary>As <see cref="Release(ShareCandidate, RuleBook, TimeProvider)"/> with the zone given (tests: null proves it fails closed).</summary>
    internal static GateOutcome Release(ShareCandidate candidate, RuleBook lawInForce, TimeProvider clock, NodaTime.DateTimeZone? zone)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(lawInForce);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        var a = candidate.Assessment;
        var d = candidate.Decision;
        var who = $"share {candidate.ShareId} for {candidate.Recipient.Name} ({candidate.Recipient.Id})";
        if (!LegalCalendar.TryLegalDay(zone, now, out var today))
        {
            return new GateOutcome.Refused($"The legal day cannot be established: the time-zone rules of the Netherlands ({LegalCalendar.ZoneId}) are not available. Nothing is released until they are (no fallback to UTC).");
        }

        if (a is null)
        {
            return new GateOutcome.Refused($"There is no assessment of {who}; assess it under the law in force.");
        }

        if (a.Failure is not null)
        {
            return new GateOutcome.Refused($"The assessment failed closed: {a.Failure}");
        }

        if (a.WhatIf)
        {
            return new GateOutcome.Refused($"The assessment of {who} is a what-if under the {a.RegimeTitle}, which is not in force on {Day(a.Date)}: a what-if is a comparison only and can never be released. Assess the case under the law in force and decide again.");
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

        if (IdentityMismatch(candidate.Recipient, a) is { } mismatch)
        {
            return new GateOutcome.Refused($"The assessment is not about {candidate.Recipient.Name} ({candidate.Recipient.Id}, {candidate.Recipient.Kind.ToWire()}, {candidate.Recipient.Country}): it was made for {mismatch}. Assess this recipient and decide again.");
        }

        if (lawInForce.RegimeInForce(today) is not { } regime)
        {
            return new GateOutcome.Refused($"No regime is in force on {Day(today)}: there is no basis to release {who}.");
        }

        if (!string.Equals(a.RegimeId, regime.Id, StringComparison.Ordinal))
        {
            return new GateOutcome.Refused($"The assessment of {who} is under the {a.RegimeTitle}, but the {regime.Title} is in force on {Day(today)}. Assess the case under the law in force and decide again.");
        }

        if (!string.Equals(a.RuleSetSha256, lawInForce.Sha256, StringComparison.Ordinal))
        {
            return new GateOutcome.Refused($"The assessment of {who} was made with rule-set version {Short(a.RuleSetSha256)}, but version {Short(lawInForce.Sha256)} is activated and in force. Assess the case again and decide again.");
        }

        if (a.Date != today)
        {
            return new GateOutcome.Refused($"The assessment is for {Day(a.Date)}, but the release would be on {Day(today)}: assess again under the rules in force today.");
        }

        if (string.IsNullOrWhiteSpace(candidate.AssessedPartyFingerprint)
            || !string.Equals(PartyFingerprint.Of(candidate.Recipient), candidate.AssessedPartyFingerprint, StringComparison.Ordinal))
        {
            return new GateOutcome.Refused($"The party registry's entry for {candidate.Recipient.Name} ({candidate.Recipient.Id}) changed after {who} was assessed and approved (contacts, channels, keys, constituency or designation). Assess the case again so the new entry is assessed and approved.");
        }

        if (d.PreparedBy.IsDefaultOrEmpty || d.PreparedBy.Any(string.IsNullOrWhiteSpace) || string.IsNullOrWhiteSpace(d.ApprovedBy))
        {
            return new GateOutcome.Refused("The decision must name who prepared and who approved the share.");
        }

        if (d.IsPreparer(d.ApprovedBy))
        {
            return new GateOutcome.Refused($"Four eyes: {d.ApprovedBy} took part in preparing {who} and cannot also approve it; a colleague who did not prepare it must decide.");
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

        return new GateOutcome.Released(new ReleasedShare(candidate, now));
    }

    /// <summary>What the assessment was made for, when that is not exactly this party; null when it is.</summary>
    private static string? IdentityMismatch(Party party, Assessment a)
    {
        var r = a.Recipient;
        var factKind = a.Facts.TryGet(FactCatalogue.RecipientKind, out var kind) ? kind : null;
        return r.PartyId == party.Id && r.Country == party.Country && r.Kind == party.Kind && factKind == party.Kind.ToWire()
            ? null
            : $"{r.Name} ({r.PartyId ?? "no registry party"}, {(r.Kind is { } k ? k.ToWire() : "unknown kind")}, {(r.Country is { } c ? c.Value : "unknown country")})";
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

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
        if (d.PreparedBy.IsDefaultOrEmpty || string.IsNullOrWhiteSpace(d.ApprovedBy) || d.IsPreparer(d.ApprovedBy))
        {
            return new WithdrawalOutcome.Refused("There is no recorded four-eyes approval of this share, so no release of it can be rebuilt.");
        }

        return candidate.Indicators.IsDefaultOrEmpty
            ? new WithdrawalOutcome.Refused("The share holds no indicators.")
            : new WithdrawalOutcome.Rebuilt(new ShareWithdrawal(candidate, releasedAt));
    }

    /// <summary>
    /// The calendar day in the Netherlands at an instant: the day a disclosure legally happens (NodaTime's embedded
    /// TZDB; throws rather than fall back to UTC when the zone is unavailable). See <see cref="LegalCalendar"/>.
    /// </summary>
    public static DateOnly LegalDay(DateTimeOffset instant) => LegalCalendar.LegalDay(instant);
}
