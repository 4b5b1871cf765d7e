using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Law;

namespace Grondslag.Delivery.Stix;

/// <summary>
/// Turns a released share into a STIX 2.1 bundle: the sender's identity, the TLP 2.0 marking and the share's FIRST
/// IEP 2.0 marking (both on every object), the extension-definition of Grondslag's disclosure extension, one indicator
/// and one address SCO per indicator, the autonomous systems, and a report that ties them to the case. The
/// legal basis, purpose restriction and rule-set hash travel in Grondslag's disclosure extension on the report
/// and on every indicator (a <c>note</c> would say the same, but the OASIS bundle schema rejects notes).
/// Ids derive from the share id, so republishing (or revoking) the share yields the same objects.
/// </summary>
public sealed class StixBundleWriter(SenderIdentity sender)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The bundle a recipient receives when the share is released.</summary>
    public JsonObject Build(ReleasedShare share) => Build(DisclosedContent.Of(share));

    private JsonObject Build(DisclosedContent share)
    {
        var objects = Definitions(share);
        var marking = Markings(share);
        var created = Timestamp(share.ReleasedAt);

        // The observables are made once: the report refers to them and the bundle carries them.
        var observables = Observables(share, marking);
        foreach (var sdo in SharedDomainObjects(share, created, created, revocationReason: null, observables))
        {
            objects.Add(sdo);
        }

        foreach (var sco in observables)
        {
            objects.Add(sco);
        }

        return Bundle(share, "release", objects);
    }

    /// <summary>
    /// The bundle that withdraws a share: every domain object Grondslag made for it republished with
    /// <c>revoked: true</c> and a newer <c>modified</c>; the report's extension gives the reason.
    /// </summary>
    public JsonObject BuildRevocation(ShareWithdrawal withdrawal, DateTimeOffset revokedAt, string reason) =>
        BuildRevocation(DisclosedContent.Of(withdrawal), revokedAt, reason);

    private JsonObject BuildRevocation(DisclosedContent share, DateTimeOffset revokedAt, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var created = Timestamp(share.ReleasedAt);
        var modified = Timestamp(revokedAt);
        if (string.CompareOrdinal(modified, created) <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(revokedAt), revokedAt, $"A revocation must be later than the release ({created}).");
        }

        var objects = Definitions(share);
        foreach (var sdo in SharedDomainObjects(share, created, modified, reason, Observables(share, Markings(share))))
        {
            objects.Add(sdo);
        }

        return Bundle(share, "revocation/" + modified, objects);
    }

    /// <summary>The bundle as indented JSON text.</summary>
    internal static string Serialize(JsonObject bundle) => bundle.ToJsonString(Indented);

    /// <summary>Made once per writer: it is on every object (its SHA-1 name hash per object was a tenth of a bundle's cost).</summary>
    private string IdentityId => _identityId ??= IdentityIdOf(sender);

    private string? _identityId;

    /// <summary>The id of the sender's identity object (stable per sender name).</summary>
    public static string IdentityIdOf(SenderIdentity sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        return $"identity--{StixIds.UuidV5(StixIds.GrondslagNamespace, "identity/" + sender.Name):D}";
    }

    /// <summary>The markings every object of a share carries: the official TLP 2.0 marking and the share's IEP 2.0 policy.</summary>
    private static string[] Markings(DisclosedContent share) => [TlpMarkings.Id(share.Tlp), IepMarkings.Id(Policy(share))];

    private static IepPolicy Policy(DisclosedContent share) => IepPolicy.For(share.Originator, share.Assessment.Verdict);

    private JsonArray Definitions(DisclosedContent share) =>
        new(Identity(share), TlpMarkings.Definition(share.Tlp), IepMarkings.Definition(Policy(share)), DisclosureExtensionDefinition.Build(sender));

    private JsonObject Identity(DisclosedContent share) => new()
    {
        ["type"] = "identity",
        ["spec_version"] = "2.1",
        ["id"] = IdentityId,
        // The identity is not versioned per share: a fixed creation time keeps it one object across bundles.
        ["created"] = "2024-01-01T00:00:00.000Z",
        ["modified"] = "2024-01-01T00:00:00.000Z",
        ["name"] = sender.Name,
        ["identity_class"] = "organization",
        ["sectors"] = new JsonArray("government"),
        ["contact_information"] = sender.ContactInformation,
        ["object_marking_refs"] = Refs(Markings(share)),
    };

    private List<JsonObject> SharedDomainObjects(DisclosedContent share, string created, string modified, string? revocationReason, List<JsonObject> observables)
    {
        var marking = Markings(share);
        var revoked = revocationReason is not null;
        var list = new List<JsonObject>();
        var indicatorIds = new List<string>();
        // The same extension on every indicator: built once, each indicator gets its own copy (a node has one parent).
        var extension = DisclosureExtension(share, null);
        foreach (var indicator in share.Indicators)
        {
            var address = indicator.Address.ToString();
            var scoType = ScoType(indicator.Address);
            var id = StixIds.ForShare("indicator", share.ShareId, address);
            indicatorIds.Add(id);
            var sdo = Sdo("indicator", id, created, modified, revoked, marking);
            sdo["name"] = $"{address} ({share.Campaign})";
            sdo["description"] = indicator.Asn == 0
                ? $"Address of a device compromised in campaign {share.Campaign}, in {Country(indicator)}; its network (AS) is not known."
                : $"Address of a device compromised in campaign {share.Campaign}, in {Country(indicator)}, AS{indicator.Asn} {indicator.AsOrganisation}.";
            sdo["indicator_types"] = new JsonArray("compromised");
            sdo["pattern"] = $"[{scoType}:value = '{address}']";
            sdo["pattern_type"] = "stix";
            sdo["pattern_version"] = "2.1";
            sdo["valid_from"] = created;
            sdo["extensions"] = extension.DeepClone();
            list.Add(sdo);
        }

        var observableIds = observables.Select(o => (string)o["id"]!).ToList();
        var report = Sdo("report", StixIds.ForShare("report", share.ShareId, "case"), created, modified, revoked, marking);
        report["name"] = $"{share.Campaign}: compromised devices for {share.Recipient.Name}";
        report["description"] = (revoked ? $"WITHDRAWN {modified}: delete this information and everything derived from it. Reason: {revocationReason}\n\n" : "")
            + $"Share {share.ShareId} of case {share.CaseId}: {share.Indicators.Length} address(es) in the constituency of {share.Recipient.Name}, released {created}.\n\n{LegalText(share)}";
        report["report_types"] = new JsonArray("indicator");
        report["published"] = created;
        report["object_refs"] = Refs([IdentityId, .. indicatorIds, .. observableIds]);
        report["external_references"] = new JsonArray(
            new JsonObject { ["source_name"] = "grondslag-case", ["external_id"] = share.CaseId },
            new JsonObject { ["source_name"] = "grondslag-share", ["external_id"] = share.ShareId });
        report["extensions"] = DisclosureExtension(share, revocationReason);
        list.Add(report);
        return list;
    }

    /// <summary>Grondslag's property extension: why this disclosure is lawful and what the recipient may do with it.</summary>
    private static JsonObject DisclosureExtension(DisclosedContent share, string? revocationReason)
    {
        var a = share.Assessment;
        var body = new JsonObject
        {
            ["extension_type"] = "property-extension",
            ["legal_basis"] = new JsonArray([.. a.Basis.Select(c => (JsonNode)new JsonObject
            {
                ["citation"] = c.Short,
                ["source"] = c.Source,
            })]),
            ["verdict"] = a.Verdict.ToWire(),
            ["regime"] = a.RegimeId,
            ["assessed_on"] = a.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["rule_set_sha256"] = a.RuleSetSha256,
            ["purpose_restriction"] = OriginatorConditions.ToWire(share.Originator.Purpose),
            ["third_party_rule"] = share.Originator.ThirdPartyRule,
            ["released"] = Timestamp(share.ReleasedAt),
        };
        if (revocationReason is not null)
        {
            body["revocation_reason"] = revocationReason;
        }

        return new JsonObject { [DisclosureExtensionId] = body };
    }

    /// <summary>The extension-definition id of Grondslag's disclosure extension (fixed: consumers match it by id).</summary>
    public const string DisclosureExtensionId = "extension-definition--3f1c8a52-9b0e-4d7a-8c35-6e2f0a91b7d4";

    private JsonObject Sdo(string type, string id, string created, string modified, bool revoked, string[] marking)
    {
        var o = new JsonObject
        {
            ["type"] = type,
            ["spec_version"] = "2.1",
            ["id"] = id,
            ["created"] = created,
            ["modified"] = modified,
            ["created_by_ref"] = IdentityId,
        };
        if (revoked)
        {
            o["revoked"] = true;
        }

        o["object_marking_refs"] = Refs(marking);
        return o;
    }

    private static List<JsonObject> Observables(DisclosedContent share, string[] marking)
    {
        var list = new List<JsonObject>();
        var systems = new SortedDictionary<uint, string>();
        foreach (var indicator in share.Indicators)
        {
            var address = indicator.Address.ToString();
            var type = ScoType(indicator.Address);
            var observable = new JsonObject
            {
                ["type"] = type,
                ["spec_version"] = "2.1",
                ["id"] = StixIds.ForObservable(type, CanonicalJson("value", JsonValue.Create(address))),
                ["value"] = address,
            };
            // AS 0 is reserved (RFC 7607): an unknown network is left out, never published as AS 0.
            if (indicator.Asn != 0)
            {
                systems.TryAdd(indicator.Asn, indicator.AsOrganisation);
                observable["belongs_to_refs"] = new JsonArray(AutonomousSystemId(indicator.Asn));
            }

            observable["object_marking_refs"] = Refs(marking);
            list.Add(observable);
        }

        foreach (var (asn, organisation) in systems)
        {
            var system = new JsonObject
            {
                ["type"] = "autonomous-system",
                ["spec_version"] = "2.1",
                ["id"] = AutonomousSystemId(asn),
                ["number"] = asn,
            };
            if (!string.IsNullOrWhiteSpace(organisation))
            {
                system["name"] = organisation;
            }

            system["object_marking_refs"] = Refs(marking);
            list.Add(system);
        }

        return list;
    }

    private static string AutonomousSystemId(uint asn) =>
        StixIds.ForObservable("autonomous-system", CanonicalJson("number", JsonValue.Create(asn)));

    /// <summary>One-property object in RFC 8785 form (no whitespace; string escaping as JCS prescribes).</summary>
    private static string CanonicalJson(string property, JsonNode value) =>
        "{" + JsonSerializer.Serialize(property) + ":" + value.ToJsonString(Canonical) + "}";

    /// <summary>One instance: options made per call rebuild their metadata each time (most of a release's cost before).</summary>
    private static readonly JsonSerializerOptions Canonical = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string LegalText(DisclosedContent share)
    {
        var a = share.Assessment;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Legal basis: {string.Join("; ", a.Basis.Select(c => c.Short))}.\n");
        text.Append(CultureInfo.InvariantCulture, $"Verdict: {a.Verdict.ToWire()} under {a.RegimeTitle} ({a.RegimeId}), assessed for {a.Date:yyyy-MM-dd}; rule set SHA-256 {a.RuleSetSha256}.\n");
        text.Append(CultureInfo.InvariantCulture, $"Purpose restriction: {OriginatorConditions.ToWire(share.Originator.Purpose)}. {PurposeSentence(share.Originator.Purpose)}\n");
        text.Append(CultureInfo.InvariantCulture, $"Onward sharing: {share.Tlp.ToLabel()}{(share.Originator.ThirdPartyRule ? "; third-party rule: do not pass on without the originator's consent" : "")}.\n");
        text.Append(CultureInfo.InvariantCulture, $"Released {Timestamp(share.ReleasedAt)} after a four-eyes decision of {Timestamp(share.Decision.DecidedAt)}.");
        return text.ToString();
    }

    private static string PurposeSentence(PurposeRestriction purpose) => purpose switch
    {
        PurposeRestriction.InformVictims => "Use this information only to inform the victims so that they can take countermeasures.",
        PurposeRestriction.None => "The originator set no purpose restriction.",
    };

    private static string Country(OutgoingIndicator indicator) => indicator.Country?.Value ?? "an unknown country";

    private static string ScoType(IpAddress address) => address.IsIPv4 ? "ipv4-addr" : "ipv6-addr";

    private static JsonArray Refs(IEnumerable<string> ids) => new([.. ids.Distinct(StringComparer.Ordinal).Select(id => (JsonNode)JsonValue.Create(id))]);

    private static JsonObject Bundle(DisclosedContent share, string variant, JsonArray objects) => new()
    {
        ["type"] = "bundle",
        ["id"] = StixIds.ForShare("bundle", share.ShareId, variant),
        ["objects"] = objects,
    };

    /// <summary>STIX timestamps: UTC, millisecond precision, <c>Z</c>.</summary>
    public static string Timestamp(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
