using Grondslag.Domain.Audit;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Indicators.Intake;
using Grondslag.Domain.Law;
using Grondslag.Domain.Notifications;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Review;

namespace Grondslag.Domain.Text;

/// <summary>
/// The human label, in English and Dutch, of every value of every enum of the domain's vocabulary: one place,
/// so that no reader ever sees an internal name (<c>national-csirt</c>, <c>NotApplicable</c>). Each switch is
/// exhaustive (CS8509), so a new enum value does not compile without its labels; a test proves by reflection
/// that every public enum of the domain is covered.
/// </summary>
public static class Labels
{
    /// <summary>The label of any domain enum value; throws for an enum this class does not know (a test forbids that).</summary>
    public static LocalText Of(Enum value) => value switch
    {
        Verdict v => Of(v),
        RecipientKind v => Of(v),
        Role v => Of(v),
        ShareState v => Of(v),
        CaseState v => Of(v),
        Urgency v => Of(v),
        AdviserKind v => Of(v),
        DecisionOutcome v => Of(v),
        AlternativeKind v => Of(v),
        TlpLevel v => Of(v),
        ConditionConfirmer v => Of(v),
        PurposeRestriction v => Of(v),
        InformationClass v => Of(v),
        TraceStatus v => Of(v),
        RuleSetRole v => Of(v),
        ChannelKind v => Of(v),
        RecipientKeyProblem v => Of(v),
        DataProtectionRegime v => Of(v),
        TerritoryStatus v => Of(v),
        DeadlineStatus v => Of(v),
        CarryOverKind v => Of(v),
        RefusalKind v => Of(v),
        AddressSyntaxError v => Of(v),
        IpFamily v => Of(v),
        LogDefect v => Of(v),
        IntakeFormat v => Of(v),
        NoticeKind v => Of(v),
        null => throw new ArgumentNullException(nameof(value)),
        _ => throw new ArgumentException($"{value.GetType().Name} has no human labels; add them to {nameof(Labels)}.", nameof(value)),
    };

    public static LocalText Of(IntakeFormat value) => value switch
    {
        IntakeFormat.Text => new("List of addresses (text)", "Lijst met adressen (tekst)"),
        IntakeFormat.Csv => new("CSV report", "CSV-rapport"),
        IntakeFormat.MispEvent => new("MISP event", "MISP-event"),
        IntakeFormat.StixBundle => new("STIX 2.1 bundle", "STIX 2.1-bundel"),
    };

    public static LocalText Of(Verdict value) => value switch
    {
        Verdict.Permitted => new("Permitted", "Toegestaan"),
        Verdict.Conditional => new("Conditional", "Onder voorwaarden"),
        Verdict.AdviceRequired => new("Advice required", "Advies vereist"),
        Verdict.Prohibited => new("Prohibited", "Verboden"),
    };

    public static LocalText Of(RecipientKind value) => value switch
    {
        RecipientKind.NationalCsirt => new("National CSIRT", "Nationaal CSIRT"),
        RecipientKind.DesignatedCsirt => new("Designated computercrisisteam", "Aangewezen computercrisisteam"),
        RecipientKind.Oktt => new("OKTT (organisation whose task is to inform others)", "OKTT (organisatie die tot taak heeft anderen te informeren)"),
        RecipientKind.VitalProvider => new("Vital provider", "Vitale aanbieder"),
        RecipientKind.CentralGovernment => new("Central government", "Rijksoverheid"),
        RecipientKind.IntelligenceService => new("Intelligence and security service", "Inlichtingen- en veiligheidsdienst"),
        RecipientKind.Provider => new("Provider", "Aanbieder"),
        RecipientKind.InternetAccessProvider => new("Internet access provider", "Aanbieder van internettoegangsdiensten"),
        RecipientKind.LawEnforcement => new("Law enforcement", "Politie en justitie"),
        RecipientKind.Public => new("The public (publication)", "Het publiek (openbaarmaking)"),
    };

    public static LocalText Of(Role value) => value switch
    {
        Role.Analyst => new("Analyst", "Analist"),
        Role.DutyOfficer => new("Duty officer", "Piketofficier"),
        Role.LegalAdviser => new("Legal adviser", "Juridisch adviseur"),
        Role.NctvAdviser => new("NCTV adviser", "Adviseur NCTV"),
        Role.DecisionMaker => new("Decision maker", "Beslisser"),
        Role.Auditor => new("Auditor", "Auditor"),
        Role.Administrator => new("Administrator", "Beheerder"),
        Role.Recipient => new("Recipient", "Ontvanger"),
    };

    public static LocalText Of(NoticeKind value) => value switch
    {
        NoticeKind.AdviceRequested => new("Advice requested", "Advies gevraagd"),
        NoticeKind.CaseDeadlineNear => new("Case deadline near", "Termijn van de zaak nadert"),
        NoticeKind.BreachDeadlineNear => new("72-hour breach deadline near", "72-uurstermijn datalek nadert"),
    };

    public static LocalText Of(ShareState value) => value switch
    {
        ShareState.Assessed => new("Assessed", "Beoordeeld"),
        ShareState.AdviceRequested => new("Advice requested", "Advies gevraagd"),
        ShareState.AdviceGiven => new("Advice given", "Advies gegeven"),
        ShareState.Approved => new("Approved", "Goedgekeurd"),
        ShareState.Refused => new("Refused", "Geweigerd"),
        ShareState.Released => new("Released", "Verstrekt"),
    };

    public static LocalText Of(CaseState value) => value switch
    {
        CaseState.Intake => new("Intake", "Intake"),
        CaseState.InProgress => new("In progress", "In behandeling"),
        CaseState.Settled => new("Settled", "Afgehandeld"),
        CaseState.Closed => new("Closed", "Gesloten"),
    };

    public static LocalText Of(Urgency value) => value switch
    {
        Urgency.Routine => new("Routine", "Regulier"),
        Urgency.Urgent => new("Urgent", "Spoed"),
    };

    public static LocalText Of(AdviserKind value) => value switch
    {
        AdviserKind.Legal => new("Legal adviser", "Juridisch adviseur"),
        AdviserKind.Nctv => new("NCTV adviser", "Adviseur NCTV"),
    };

    public static LocalText Of(DecisionOutcome value) => value switch
    {
        DecisionOutcome.Approved => new("Approved", "Goedgekeurd"),
        DecisionOutcome.Refused => new("Refused", "Geweigerd"),
    };

    public static LocalText Of(AlternativeKind value) => value switch
    {
        AlternativeKind.AggregateOnly => new("Aggregate figures only", "Alleen geaggregeerde cijfers"),
        AlternativeKind.AuthorisedParty => new("Through a party with the right authority", "Via een partij met de juiste bevoegdheid"),
        AlternativeKind.AwaitRegime => new("Under another legal regime", "Onder een ander wettelijk regime"),
        AlternativeKind.SeekAdvice => new("Seek advice", "Advies vragen"),
    };

    /// <summary>TLP labels are the protocol's own words and the same in both languages.</summary>
    public static LocalText Of(TlpLevel value) => new(value.ToLabel(), value.ToLabel());

    public static LocalText Of(ConditionConfirmer value) => value switch
    {
        ConditionConfirmer.Official => new("Official", "Behandelend ambtenaar"),
        ConditionConfirmer.LegalAdviser => new("Legal adviser", "Juridisch adviseur"),
    };

    public static LocalText Of(PurposeRestriction value) => value switch
    {
        PurposeRestriction.None => new("No purpose restriction", "Geen doelbinding"),
        PurposeRestriction.InformVictims => new("Only to inform victims", "Uitsluitend om slachtoffers te informeren"),
    };

    public static LocalText Of(InformationClass value) => value switch
    {
        InformationClass.ProviderTraceable => new("Traceable to providers", "Tot aanbieders herleidbaar"),
        InformationClass.Confidential => new("Confidential", "Vertrouwelijk"),
        InformationClass.PersonalData => new("Personal data", "Persoonsgegevens"),
        InformationClass.PersonalDataPossible => new("Possibly personal data", "Mogelijk persoonsgegevens"),
        InformationClass.Aggregate => new("Aggregate figures", "Geaggregeerde cijfers"),
    };

    public static LocalText Of(TraceStatus value) => value switch
    {
        TraceStatus.Applies => new("Applies", "Van toepassing"),
        TraceStatus.SetAside => new("Set aside by an exception", "Buiten toepassing door een uitzondering"),
        TraceStatus.NotApplicable => new("Not applicable", "Niet van toepassing"),
        TraceStatus.NotInForce => new("Not in force on the date", "Niet geldend op de datum"),
    };

    public static LocalText Of(RuleSetRole value) => value switch
    {
        RuleSetRole.Regime => new("Legal regime", "Wettelijk regime"),
        RuleSetRole.Overlay => new("Overlay (can only restrict)", "Aanvullende toets (kan alleen beperken)"),
    };

    public static LocalText Of(ChannelKind value) => value switch
    {
        ChannelKind.Email => new("E-mail", "E-mail"),
        ChannelKind.Taxii => new("TAXII", "TAXII"),
        ChannelKind.Misp => new("MISP", "MISP"),
    };

    public static LocalText Of(RecipientKeyProblem value) => value switch
    {
        RecipientKeyProblem.Placeholder => new("No key (placeholder)", "Geen sleutel (placeholder)"),
        RecipientKeyProblem.NotInKeyring => new("Key missing from the keyring", "Sleutel ontbreekt in de sleutelbos"),
        RecipientKeyProblem.Revoked => new("Key revoked", "Sleutel ingetrokken"),
        RecipientKeyProblem.Expired => new("Key expired", "Sleutel verlopen"),
        RecipientKeyProblem.NoEncryptionKey => new("No encryption key", "Geen versleutelsleutel"),
        RecipientKeyProblem.ExpiresSoon => new("Key expires soon", "Sleutel verloopt binnenkort"),
    };

    public static LocalText Of(DataProtectionRegime value) => value switch
    {
        DataProtectionRegime.PublicAuthority => new("Public authority", "Overheidsinstantie"),
        DataProtectionRegime.Private => new("Private sector", "Private sector"),
        DataProtectionRegime.Intelligence => new("Intelligence and security services", "Inlichtingen- en veiligheidsdiensten"),
        DataProtectionRegime.LawEnforcement => new("Law enforcement", "Politie en justitie"),
    };

    public static LocalText Of(TerritoryStatus value) => value switch
    {
        TerritoryStatus.EuTerritory => new("EU territory", "Grondgebied van de Unie"),
        TerritoryStatus.OverseasCountryOrTerritory => new("Overseas country or territory", "Land of gebied overzee"),
    };

    public static LocalText Of(DeadlineStatus value) => value switch
    {
        DeadlineStatus.Settled => new("Settled", "Afgehandeld"),
        DeadlineStatus.Open => new("Open", "Lopend"),
        DeadlineStatus.DueSoon => new("Due soon", "Verloopt binnenkort"),
        DeadlineStatus.Overdue => new("Overdue", "Termijn verstreken"),
    };

    public static LocalText Of(CarryOverKind value) => value switch
    {
        CarryOverKind.New => new("New", "Nieuw"),
        CarryOverKind.Carried => new("Carried over", "Overgenomen"),
        CarryOverKind.Void => new("Void", "Vervallen"),
        CarryOverKind.StaysReleased => new("Stays released", "Blijft verstrekt"),
    };

    public static LocalText Of(RefusalKind value) => value switch
    {
        RefusalKind.Invalid => new("Invalid input", "Ongeldige invoer"),
        RefusalKind.NotFound => new("Not found", "Niet gevonden"),
        RefusalKind.NotAllowed => new("Not allowed", "Niet toegestaan"),
        RefusalKind.Conflict => new("Changed by someone else meanwhile", "Intussen door een ander gewijzigd"),
        RefusalKind.Prohibited => new("Prohibited by law", "Wettelijk verboden"),
    };

    public static LocalText Of(AddressSyntaxError value) => value switch
    {
        AddressSyntaxError.None => new("No error", "Geen fout"),
        AddressSyntaxError.IPv4Shorthand => new("IPv4 shorthand (such as 10.1)", "Verkorte IPv4-notatie (zoals 10.1)"),
        AddressSyntaxError.IPv4LeadingZero => new("IPv4 part with a leading zero", "IPv4-deel met een voorloopnul"),
        AddressSyntaxError.IPv4NotDecimal => new("IPv4 part not decimal", "IPv4-deel niet decimaal"),
        AddressSyntaxError.IPv4OutOfRange => new("IPv4 part out of range (0–255)", "IPv4-deel buiten bereik (0–255)"),
        AddressSyntaxError.IPv6Malformed => new("Malformed IPv6 address", "Ongeldig IPv6-adres"),
        AddressSyntaxError.IPv6ZoneId => new("IPv6 address with a zone id", "IPv6-adres met een zone-id"),
        AddressSyntaxError.PrefixLengthInvalid => new("Invalid prefix length", "Ongeldige prefixlengte"),
        AddressSyntaxError.PrefixHostBitsSet => new("Prefix with host bits set", "Prefix met ingestelde hostbits"),
        AddressSyntaxError.NotAnAddress => new("Not an IP address", "Geen IP-adres"),
    };

    public static LocalText Of(IpFamily value) => value switch
    {
        IpFamily.IPv4 => new("IPv4", "IPv4"),
        IpFamily.IPv6 => new("IPv6", "IPv6"),
    };

    public static LocalText Of(LogDefect value) => value switch
    {
        LogDefect.MisnumberedEntry => new("Misnumbered entry", "Verkeerd genummerde vermelding"),
        LogDefect.CheckpointMismatch => new("Checkpoint does not match the log", "Controlepunt komt niet overeen met het logboek"),
        LogDefect.CheckpointBeyondLog => new("Checkpoint beyond the end of the log", "Controlepunt voorbij het einde van het logboek"),
    };
}
