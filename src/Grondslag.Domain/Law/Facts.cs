using System.Collections.Immutable;
using Grondslag.Domain.Parties;

namespace Grondslag.Domain.Law;

/// <summary>A fact the rules may test: its name, meaning and finite set of values.</summary>
public sealed record FactDefinition(string Name, string Meaning, ImmutableArray<string> Values)
{
    public bool IsBoolean => Values.Length == 2 && Values[0] == "false" && Values[1] == "true";
}

/// <summary>
/// The catalogue of facts the rule files may name. Each has a finite domain, which is what lets the
/// loader prove statically that two rules with different outcomes never both apply.
/// </summary>
public static class FactCatalogue
{
    public const string RecipientKind = "recipient.kind";
    public const string RecipientDomestic = "recipient.domestic";
    public const string RecipientEuMember = "recipient.eu-member";
    public const string RecipientEeaMember = "recipient.eea-member";
    public const string RecipientAdequacy = "recipient.adequacy";
    public const string RecipientDesignated = "recipient.designated";
    public const string RecipientCooperation = "recipient.cooperation-relationship";
    public const string RecipientEuTransition = "recipient.eu-transition";
    public const string RecipientEntity = "recipient.essential-or-important-entity";
    public const string RecipientDataProtection = "recipient.data-protection-regime";
    public const string Wbni36084InForce = "law.wbni-36084-in-force";
    public const string ShareOwnConstituency = "share.own-constituency";
    public const string ProviderTraceable = "information.provider-traceable";
    public const string Confidential = "information.confidential";
    public const string PersonalData = "information.personal-data";
    public const string PersonalDataPossible = "information.personal-data-possible";
    public const string PersonalDataNotExcluded = "information.personal-data-not-excluded";
    public const string AggregateOnly = "information.aggregate-only";
    public const string OriginatorTlp = "originator.tlp";
    public const string OriginatorPurpose = "originator.purpose";
    public const string OriginatorThirdPartyRule = "originator.third-party-rule";
    public const string OriginatorConsent = "originator.consent";

    private static readonly ImmutableArray<string> Bool = ["false", "true"];

    public static ImmutableArray<FactDefinition> All { get; } =
    [
        new(RecipientKind, "the kind of recipient", [.. RecipientKinds.All.Select(k => k.ToWire())]),
        new(RecipientDomestic, "the recipient is established in the Netherlands", Bool),
        new(RecipientEuMember, "the recipient's country is an EU member state on the date", Bool),
        new(RecipientEeaMember, "the recipient's country is in the European Economic Area on the date", Bool),
        new(RecipientAdequacy, "a GDPR art. 45 adequacy decision (or the UK bridge) in force on the date covers the recipient's country and legal regime (and its certification, where the decision requires one)", Bool),
        new(RecipientDesignated, "the recipient holds a designation (e.g. as computercrisisteam) valid on the date", Bool),
        new(RecipientCooperation, "a cooperation relationship with the recipient is recorded and valid on the date", Bool),
        new(RecipientEuTransition, "the recipient's country had left the EU but was still treated as a member state under a withdrawal agreement on the date (the UK, 2020-02-01 to 2020-12-31)", Bool),
        new(RecipientEntity, "the recipient is an essential or important entity under NIS2 / the Cbw", Bool),
        new(RecipientDataProtection, "the data-protection law the recipient processes under (adequacy decisions follow it)", [.. DataProtectionRegimes.All.Select(r => r.ToWire())]),
        new(Wbni36084InForce, "bill 36 084 (amending Wbni art. 3(2) and 20(2)) is in force on the date; unknown while its date is not configured", Bool),
        new(ShareOwnConstituency, "the information concerns systems in the recipient's own constituency (its country, its network, its own systems)", Bool),
        new(ProviderTraceable, "public sources link the information to an organisation", Bool),
        new(Confidential, "the information concerns a threat or incident that is not public", Bool),
        new(PersonalData, "the information is personal data", Bool),
        new(PersonalDataPossible, "it cannot be excluded that the information leads to a natural person", Bool),
        new(PersonalDataNotExcluded, "personal data, or possibly personal data", Bool),
        new(AggregateOnly, "only aggregate figures that identify no provider or person", Bool),
        new(OriginatorTlp, "the originator's TLP 2.0 label", [.. TlpLevels.All.Select(t => t.ToWire())]),
        new(OriginatorPurpose, "the originator's purpose restriction", ["none", "inform-victims"]),
        new(OriginatorThirdPartyRule, "the originator forbids onward passing without its consent", Bool),
        new(OriginatorConsent, "the originator consented to this onward sharing", Bool),
    ];

    private static readonly ImmutableDictionary<string, FactDefinition> ByName =
        All.ToImmutableDictionary(f => f.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out FactDefinition definition) => ByName.TryGetValue(name, out definition!);

    public static FactDefinition Get(string name) =>
        ByName.TryGetValue(name, out var d) ? d : throw new KeyNotFoundException($"No fact named '{name}'.");
}

/// <summary>
/// The fact values one assessment reasons on. A fact absent from the map is <i>unknown</i>; the
/// evaluator then checks whether its value could change the answer and, if so, fails closed.
/// </summary>
public sealed record FactValues(ImmutableSortedDictionary<string, string> Values)
{
    public bool TryGet(string name, out string value) => Values.TryGetValue(name, out value!);

    public FactValues With(string name, string value) => new(Values.SetItem(name, value));

    public static string Bool(bool value) => value ? "true" : "false";
}
