using System.Collections.Immutable;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using Grondslag.Rules;

namespace Grondslag.Delivery.Tests;

/// <summary>
/// Real released shares for tests: the default rule book assesses an EU national CSIRT on a fixed date,
/// and the disclosure gate releases the share after a four-eyes decision. No test builds a share any other way.
/// </summary>
internal static class TestShares
{
    public static readonly DateTimeOffset ReleaseInstant = new(2024, 6, 10, 9, 30, 15, 123, TimeSpan.Zero);

    private static readonly Lazy<LegalEvaluator> Evaluator = new(() => new LegalEvaluator(RuleBookLoader.Load(RepositoryPaths.Rules)));

    /// <summary>The default rule book the test shares are assessed and released under.</summary>
    public static RuleBook Book => Evaluator.Value.Book;

    public static Party Party(string id, string name, string country, string email, string? fingerprint) =>
        new(id, name, RecipientKind.NationalCsirt, CountryCode.Parse(country))
        {
            Channels = [new Channel(ChannelKind.Email, email, fingerprint)],
        };

    public static OutgoingIndicator Indicator(string address, string country, uint asn, string organisation) =>
        new(IpAddress.Parse(address), CountryCode.Parse(country), asn, organisation);

    public static ReleasedShare Release(
        Party recipient,
        ImmutableArray<OutgoingIndicator> indicators,
        string shareId = "share-0001",
        string caseId = "case-2024-017",
        TlpLevel tlp = TlpLevel.Amber,
        string campaign = "COATHANGER",
        OriginatorConditions? originator = null)
    {
        var candidate = Candidate(recipient, indicators, shareId, caseId, tlp, campaign, originator);
        return DisclosureGate.Release(candidate, Evaluator.Value.Book, new ManualClock(ReleaseInstant)) switch
        {
            GateOutcome.Released r => r.Share,
            GateOutcome.Refused r => throw new InvalidOperationException("The gate refused the test share: " + r.Reason),
            _ => throw new InvalidOperationException("Unknown gate outcome."),
        };
    }

    /// <summary>The same share rebuilt by the gate for withdrawal (only revocations can be made of it).</summary>
    public static ShareWithdrawal Withdrawal(
        Party recipient,
        ImmutableArray<OutgoingIndicator> indicators,
        string shareId = "share-0001",
        string caseId = "case-2024-017",
        TlpLevel tlp = TlpLevel.Amber,
        string campaign = "COATHANGER") =>
        DisclosureGate.Withdraw(Candidate(recipient, indicators, shareId, caseId, tlp, campaign), ReleaseInstant) switch
        {
            WithdrawalOutcome.Rebuilt r => r.Withdrawal,
            WithdrawalOutcome.Refused r => throw new InvalidOperationException("The gate refused to rebuild the test share: " + r.Reason),
            _ => throw new InvalidOperationException("Unknown gate outcome."),
        };

    /// <summary>CERT-FR's share rebuilt for withdrawal.</summary>
    public static ShareWithdrawal FranceWithdrawal(string? fingerprint = null, string email = "cert-fr@contacts.example")
    {
        var france = France(fingerprint, email);
        return Withdrawal(france.Recipient, france.Indicators, france.ShareId, france.CaseId, france.Tlp, france.Campaign);
    }

    private static ShareCandidate Candidate(Party recipient, ImmutableArray<OutgoingIndicator> indicators, string shareId, string caseId, TlpLevel tlp, string campaign,
        OriginatorConditions? conditions = null)
    {
        var day = DisclosureGate.LegalDay(ReleaseInstant);
        var originator = conditions ?? new OriginatorConditions(tlp, PurposeRestriction.InformVictims, false, OriginatorConsent: tlp is TlpLevel.Red or TlpLevel.AmberStrict);
        var assessment = Evaluator.Value.Assess(new AssessmentRequest(
            [InformationClass.ProviderTraceable, InformationClass.Confidential, InformationClass.PersonalDataPossible],
            originator,
            RecipientProfile.Of(recipient.Name, recipient.Kind, recipient.Country) with { PartyId = recipient.Id },
            true,
            day));
        var decision = new ReleaseDecision(["analyst.a"], "duty.officer.b", "Inform the national CSIRT of its own victims.", ReleaseInstant.AddMinutes(-5), []);
        return new ShareCandidate(caseId, shareId, recipient, indicators, originator, campaign, assessment, PartyFingerprint.Of(recipient), decision);
    }

    /// <summary>CERT-FR's share: two IPv4 addresses and one IPv6 address, in two autonomous systems.</summary>
    public static ReleasedShare France(string? fingerprint = null, string email = "cert-fr@contacts.example", TlpLevel tlp = TlpLevel.Amber, OriginatorConditions? originator = null) =>
        Release(
            Party("cert-fr", "CERT-FR", "FR", email, fingerprint),
            [
                Indicator("198.51.100.7", "FR", 64500, "Example Telecom FR"),
                Indicator("198.51.100.9", "FR", 64500, "Example Telecom FR"),
                Indicator("2001:db8::42", "FR", 64501, "Exemple Hébergement SAS"),
            ],
            shareId: "share-fr-0001",
            tlp: originator?.Tlp ?? tlp,
            originator: originator);

    /// <summary>CERT.at's share: another recipient, other addresses.</summary>
    public static ReleasedShare Austria(string? fingerprint = null, string email = "cert-at@contacts.example") =>
        Release(
            Party("cert-at", "CERT.at", "AT", email, fingerprint),
            [Indicator("203.0.113.77", "AT", 64510, "Beispiel Netz GmbH")],
            shareId: "share-at-0001");
}

/// <summary>Finds the repository's folders (and ../shared beside it) from the test's output directory.</summary>
internal static class RepositoryPaths
{
    public static string Root => Testing.RepositoryRoot.Path;

    public static string Rules => Path.Combine(Root, "rules");

    public static string StixSchemas
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "reference", "stix2-json-schemas", "schemas"));
            if (!Directory.Exists(path))
            {
                throw new DirectoryNotFoundException($"The OASIS STIX 2.1 JSON schemas are missing: expected {path} (../shared/reference/stix2-json-schemas beside the repository root).");
            }

            return path;
        }
    }
}

/// <summary>JSON as the writers indent it (their own serialiser is internal: nothing outside takes arbitrary JSON).</summary>
internal static class Json
{
    private static readonly System.Text.Json.JsonSerializerOptions Options = new() { WriteIndented = true };

    public static string Indented(System.Text.Json.Nodes.JsonNode node) => node.ToJsonString(Options);
}
