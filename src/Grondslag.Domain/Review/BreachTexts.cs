using System.Globalization;
using System.Text.RegularExpressions;
using Grondslag.Domain.Text;

namespace Grondslag.Domain.Review;

/// <summary>
/// The texts the breach intake writes into a breach record, in English and Dutch. The record stores the English (as it
/// always did); the notification draft shows a stored text in Dutch when it is one of these, and anything a person
/// typed or changed as it stands.
/// </summary>
public static partial class BreachTexts
{
    public static readonly LocalText Nature = new(
        "Unauthorised disclosure (GDPR art. 4(12)): confidential information traceable to providers, possibly personal data, was given to recipients for which no legal basis existed.",
        "Onrechtmatige verstrekking (AVG art. 4 onder 12): vertrouwelijke informatie die te herleiden is tot aanbieders, mogelijk persoonsgegevens, is verstrekt aan ontvangers waarvoor geen wettelijke grondslag bestond.");

    public static readonly LocalText Effects = new(
        "The recipients hold IP addresses of compromised devices; those can be traced to organisations and possibly to natural persons.",
        "De ontvangers beschikken over IP-adressen van gecompromitteerde apparaten; die zijn te herleiden tot organisaties en mogelijk tot natuurlijke personen.");

    public static readonly LocalText LikelyConsequences = new(
        "Loss of confidentiality of incident information; persons behind the addresses may be identified by the recipients.",
        "Verlies van vertrouwelijkheid van incidentinformatie; personen achter de adressen kunnen door de ontvangers geïdentificeerd worden.");

    public static readonly LocalText AddressCategory = new(
        "IP addresses of compromised devices (possibly personal data)", "IP-adressen van gecompromitteerde apparaten (mogelijk persoonsgegevens)");

    public static readonly LocalText NetworkCategory = new(
        "network (ASN) and organisation names", "netwerk (ASN) en namen van organisaties");

    public static readonly LocalText DataSubjects = new(
        "Users of the devices behind the disclosed IP addresses", "Gebruikers van de apparaten achter de verstrekte IP-adressen");

    public static readonly LocalText MeasuresBefore = new(
        "Shares were sent encrypted (OpenPGP) to the recipients' registered addresses.",
        "Delingen zijn versleuteld (OpenPGP) verzonden naar de geregistreerde adressen van de ontvangers.");

    private static readonly LocalText[] Fixed = [Nature, Effects, LikelyConsequences, AddressCategory, NetworkCategory, DataSubjects, MeasuresBefore];

    /// <summary>The facts line of a retrospective review.</summary>
    public static LocalText Facts(string ruleSetShort, int disclosures, long records) => new(
        string.Create(CultureInfo.InvariantCulture, $"A retrospective review under rule set {ruleSetShort}… found {disclosures} disclosure(s) without a basis, {records} records in all."),
        string.Create(CultureInfo.InvariantCulture, $"Een terugblikkende toetsing onder regelset {ruleSetShort}… vond {disclosures} verstrekking(en) zonder grondslag, in totaal {records} records."));

    /// <summary>A stored text in the language asked: the Dutch of an intake text, anything else as stored.</summary>
    public static string InLanguage(string stored, bool dutch)
    {
        if (!dutch || string.IsNullOrEmpty(stored))
        {
            return stored;
        }

        if (Array.Find(Fixed, t => string.Equals(t.En, stored, StringComparison.Ordinal)) is { } known)
        {
            return known.Nl;
        }

        var facts = FactsLine().Match(stored);
        return facts.Success
            ? Facts(facts.Groups[1].Value, int.Parse(facts.Groups[2].Value, CultureInfo.InvariantCulture), long.Parse(facts.Groups[3].Value, CultureInfo.InvariantCulture)).Nl
            : stored;
    }

    [GeneratedRegex(@"^A retrospective review under rule set (\S+)… found (\d{1,9}) disclosure\(s\) without a basis, (\d{1,18}) records in all\.$")]
    private static partial Regex FactsLine();
}
