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

    /// <summary>A refusal with its reason in English (<see cref="Reason"/>, the API's and the audit's) and Dutch (the pages').</summary>
    public sealed record Refused(Grondslag.Domain.Text.LocalText Text) : GateOutcome
    {
        public string Reason => Text.En;
    }
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
        var whoNl = $"deling {candidate.ShareId} voor {candidate.Recipient.Name} ({candidate.Recipient.Id})";
        if (!LegalCalendar.TryLegalDay(zone, now, out var today))
        {
            return new GateOutcome.Refused(new Grondslag.Domain.Text.LocalText($"The legal day cannot be established: the time-zone rules of the Netherlands ({LegalCalendar.ZoneId}) are not available. Nothing is released until they are (no fallback to UTC).",
                $"De juridische dag is niet vast te stellen: de tijdzoneregels van Nederland ({LegalCalendar.ZoneId}) zijn niet beschikbaar. Er wordt niets verstrekt tot ze dat zijn (geen terugval op UTC)."));
        }

        if (a is null)
        {
            return new GateOutcome.Refused(new Grondslag.Domain.Text.LocalText($"There is no assessment of {who}; assess it under the law in force.", $"Er is geen beoordeling van {whoNl}; beoordeel die onder het geldende recht."));
        }

        if (a.Failure is not null)
        {
            return new GateOutcome.Refused(new Grondslag.Domain.Text.LocalText($"The assessment failed closed: {a.Failure}", $"De beoordeling is veilig mislukt (gesloten): {a.Failure}"));
        }

        if (a.WhatIf)
        {
            return new GateOutcome.Refused(new Grondslag.Domain.Text.LocalText($"The assessment of {who} is a what-if under the {a.RegimeTitle}, which is not in force on {Day(a.Date)}: a what-if is a comparison only and can never be released. Assess the case under the law in force and decide again.",
                $"De beoordeling van {whoNl} is een wat-als onder de {a.RegimeTitle}, die op {Day(a.Date)} niet geldt: een wat-als is alleen een vergelijking en kan nooit worden verstrekt. Beoordeel de zaak onder het geldende recht en besluit opnieuw."));
        }

        if (a.Verdict != Verdict.Permitted)
        {
            var open = a.Conditions.Where(c => !c.Met).Select(c => c.Id).ToList();
            var basis = string.Join("; ", a.Basis.Select(c => c.Short));
            return new GateOutcome.Refused(a.Verdict switch
            {
                Verdict.Prohibited => new Grondslag.Domain.Text.LocalText($"Prohibited for {candidate.Recipient.Name} ({basis}): nobody can release it.", $"Verboden voor {candidate.Recipient.Name} ({basis}): niemand kan dit verstrekken."),
                Verdict.AdviceRequired => new Grondslag.Domain.Text.LocalText($"Advice is required before {candidate.Recipient.Name} may receive this; the assessment is not permitting.", $"Er is advies nodig voordat {candidate.Recipient.Name} dit mag ontvangen; de beoordeling staat het niet toe."),
                _ => new Grondslag.Domain.Text.LocalText($"Conditions are not confirmed: {string.Join(", ", open)}.", $"Voorwaarden zijn niet bevestigd: {string.Join(", ", open)}."),
            });
        }

        if (IdentityMismatch(candidate.Recipient, a) is { } mismatch)
        {
            return new GateOutcome.Refused(new Grondslag.Domain.Text.LocalText($"The assessment is not about {candidate.Recipient.Name} ({candidate.Recipient.Id}, {candidate.Recipient.Kind.ToWire()}, {candidate.Recipient.Country}): it was made for {mismatch}. Assess this recipient and decide again.",
                $"De beoordeling gaat niet over {candidate.Recipient.Name} ({candidate.Recipient.Id}, {candidate.Recipient.Kind.ToWire()}, {candidate.Recipient.Country}): ze is gemaakt voor {mismatch}. Beoordeel deze ontvanger en besluit opnieuw."));
        }

        if (lawInForce.RegimeInForce(today) is not { } regime)
        {
            return new GateOutcome.Refused(new Grondslag.Domain.Text.LocalText($"No regime is in force on {Day(today)}: there is no basis to release {who}.", $"Op {Day(today)} geldt geen regime: er is geen grondslag om {whoNl} te verstrekken."));
        }

        if (!string.Equals(a.RegimeId, regime.Id, StringComparison.Ordinal))
        {
            return new GateOutcome.Refused(new Grondslag.Domain.Text.LocalText($"The assessment of {who} is under the {a.RegimeTitle}, but the {regime.Title} is in force on {Day(today)}. Assess the case under the law in force and decide again.",
                $"De beoordeling van {whoNl} valt onder de {a.RegimeTitle}, maar op {Day(today)} geldt de {regime.Title}. Beoordeel de zaak onder het geldende recht en besluit opnieuw."));
        }

        if (!string.Equals(a.RuleSetSha256, lawInForce.Sha256, StringComparison.Ordinal))
        {
            return new GateOutcome.Refused(new Grondslag.Domain.Text.LocalText($"The assessment of {who} was made with rule-set version {Short(a.RuleSetSha256)}, but version {Short(lawInForce.Sha256)} is activated and in force. Assess the case again and decide again.",
                $"De beoordeling van {whoNl} is gemaakt met regelsetversie {Short(a.RuleSetSha256)}, maar versie {Short(lawInForce.Sha256)} is geactiveerd en geldt. Beoordeel de zaak opnieuw en besluit opnieuw."));
        }

        if (a.Date != today)
        {
            return new GateOutcome.Refused(new Grondslag.Domain.Text.LocalText($"The assessment is for {Day(a.Date)}, but the release would be on {Day(today)}: assess again under the rules in force today.",
                $"De beoordeling geldt voor {Day(a.Date)}, maar de verstrekking zou op {Day(today)} zijn: beoordeel opnieuw onder de regels die vandaag gelden."));
        }

        if (string.IsNullOrWhiteSpace(candidate.AssessedPartyFingerprint)
            || !string.Equals(PartyFingerprint.Of(candidate.Recipient), candidate.AssessedPartyFingerprint, StringComparison.Ordinal))
        {
            return new GateOutcome.Refused(new Grondslag.Domain.Text.LocalText($"The party registry's entry for {candidate.Recipient.Name} ({candidate.Recipient.Id}) changed after {who} was assessed and approved (contacts, channels, keys, constituency or designation). Assess the case again so the new entry is assessed and approved.",
                $"De vermelding van {candidate.Recipient.Name} ({candidate.Recipient.Id}) in het partijregister is gewijzigd nadat {whoNl} werd beoordeeld en goedgekeurd (contacten, kanalen, sleutels, achterban of aanwijzing). Beoordeel de zaak opnieuw zodat de nieuwe vermelding wordt beoordeeld en goedgekeurd."));
        }

        if (d.PreparedBy.IsDefaultOrEmpty || d.PreparedBy.Any(string.IsNullOrWhiteSpace) || string.IsNullOrWhiteSpace(d.ApprovedBy))
        {
            return new GateOutcome.Refused(new Grondslag.Domain.Text.LocalText("The decision must name who prepared and who approved the share.", "Het besluit moet noemen wie de deling heeft voorbereid en wie haar heeft goedgekeurd."));
        }

        if (d.IsPreparer(d.ApprovedBy))
        {
            return new GateOutcome.Refused(new Grondslag.Domain.Text.LocalText($"Four eyes: {d.ApprovedBy} took part in preparing {who} and cannot also approve it; a colleague who did not prepare it must decide.",
                $"Vier ogen: {d.ApprovedBy} heeft meegewerkt aan de voorbereiding van {whoNl} en kan die niet ook goedkeuren; een collega die haar niet voorbereidde moet besluiten."));
        }

        if (string.IsNullOrWhiteSpace(d.Motivation))
        {
            return new GateOutcome.Refused(new Grondslag.Domain.Text.LocalText("The decision needs a motivation.", "Het besluit heeft een motivering nodig."));
        }

        if (candidate.Indicators.IsDefaultOrEmpty)
        {
            return new GateOutcome.Refused(new Grondslag.Domain.Text.LocalText("The share holds no indicators.", "De deling bevat geen indicatoren."));
        }

        if (d.DecidedAt > now)
        {
            return new GateOutcome.Refused(new Grondslag.Domain.Text.LocalText($"The decision is dated in the future ({d.DecidedAt:O}).", $"Het besluit is in de toekomst gedateerd ({d.DecidedAt:O})."));
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
            return new WithdrawalOutcome.Refused(new Grondslag.Domain.Text.LocalText("There is no recorded four-eyes approval of this share, so no release of it can be rebuilt.", "Er is geen vastgelegde vier-ogengoedkeuring van deze deling, dus geen verstrekking ervan kan worden herbouwd."));
        }

        return candidate.Indicators.IsDefaultOrEmpty
            ? new WithdrawalOutcome.Refused(new Grondslag.Domain.Text.LocalText("The share holds no indicators.", "De deling bevat geen indicatoren."))
            : new WithdrawalOutcome.Rebuilt(new ShareWithdrawal(candidate, releasedAt));
    }

    /// <summary>
    /// The calendar day in the Netherlands at an instant: the day a disclosure legally happens (NodaTime's embedded
    /// TZDB; throws rather than fall back to UTC when the zone is unavailable). See <see cref="LegalCalendar"/>.
    /// </summary>
    public static DateOnly LegalDay(DateTimeOffset instant) => LegalCalendar.LegalDay(instant);
}
