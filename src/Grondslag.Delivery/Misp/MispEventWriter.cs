using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grondslag.Delivery.Stix;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Law;

namespace Grondslag.Delivery.Misp;

/// <summary>
/// A released share as a MISP event (the JSON MISP imports, valid against PyMISP's event schema): <c>ip-dst</c>
/// attributes for detection, <c>AS</c> attributes for context, the MISP <c>tlp</c> taxonomy tag, the share's FIRST IEP
/// 2.0 policy as <c>iep2-policy</c> taxonomy tags, Grondslag's own <c>grondslag:</c> tags stating the purpose
/// restriction and third-party rule exactly, and the legal basis in every comment. <c>Orgc</c> and <c>Org</c> carry
/// the sender's organisation uuid (a UUIDv5 of its name, so stable per organisation).
/// </summary>
public sealed class MispEventWriter(SenderIdentity sender)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The tag of the MISP <c>tlp</c> taxonomy, e.g. <c>tlp:amber+strict</c>.</summary>
    public static string TlpTag(TlpLevel level) => "tlp:" + level.ToWire();

    public JsonObject Build(ReleasedShare share) => Build(DisclosedContent.Of(share));

    private JsonObject Build(DisclosedContent share)
    {
        var comment = LegalComment(share);
        var timestamp = share.ReleasedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var attributes = new JsonArray();
        foreach (var indicator in share.Indicators)
        {
            var address = indicator.Address.ToString();
            attributes.Add(Attribute(share, "ip-dst", address, toIds: true, comment, timestamp));
        }

        foreach (var asn in share.Indicators.Select(i => i.Asn).Where(a => a != 0).Distinct().Order()) // AS 0 (reserved) = unknown: left out
        {
            var organisation = share.Indicators.First(i => i.Asn == asn).AsOrganisation;
            attributes.Add(Attribute(share, "AS", asn.ToString(CultureInfo.InvariantCulture), toIds: false, $"{organisation}. {comment}", timestamp));
        }

        return new JsonObject
        {
            ["Event"] = new JsonObject
            {
                ["uuid"] = StixIds.UuidV5(StixIds.GrondslagNamespace, share.ShareId + "/misp-event").ToString("D"),
                ["info"] = $"{share.Campaign}: compromised devices for {share.Recipient.Name} (case {share.CaseId}, share {share.ShareId})",
                ["date"] = DisclosureGate.LegalDay(share.ReleasedAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                // 2 = medium, 2 = analysis completed, 0 = distribution "your organisation only".
                ["threat_level_id"] = "2",
                ["analysis"] = "2",
                ["distribution"] = "0",
                ["published"] = false,
                ["timestamp"] = timestamp,
                ["Orgc"] = Organisation(sender),
                ["Org"] = Organisation(sender),
                ["Tag"] = new JsonArray([.. Tags(share).Select(t => (JsonNode)new JsonObject { ["name"] = t })]),
                ["Attribute"] = attributes,
            },
        };
    }

    /// <summary>The MISP organisation uuid of a sender: a UUIDv5 of its name, the same in every event.</summary>
    public static Guid OrganisationUuid(SenderIdentity sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        return StixIds.UuidV5(StixIds.GrondslagNamespace, "misp-organisation/" + sender.Name);
    }

    private static JsonObject Organisation(SenderIdentity sender) => new()
    {
        ["name"] = sender.Name,
        ["uuid"] = OrganisationUuid(sender).ToString("D"),
    };

    /// <summary>The event's tags: TLP, the IEP 2.0 policy (<c>iep2-policy</c> taxonomy) and Grondslag's exact conditions.</summary>
    public static IReadOnlyList<string> Tags(OriginatorConditions originator, Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(originator);
        var iep = IepPolicy.For(originator, verdict);
        return
        [
            TlpTag(originator.Tlp),
            "iep2-policy:iep_version=\"2.0\"",
            $"iep2-policy:id=\"{IepMarkings.PolicyId(iep):D}\"",
            $"iep2-policy:tlp=\"{iep.Tlp}\"",
            $"iep2-policy:encrypt_in_transit=\"{iep.EncryptInTransit}\"",
            $"iep2-policy:permitted_actions=\"{iep.PermittedActions}\"",
            $"iep2-policy:affected_party_notifications=\"{iep.AffectedPartyNotifications}\"",
            $"iep2-policy:attribution=\"{iep.ProviderAttribution}\"",
            $"iep2-policy:unmodified_resale=\"{iep.UnmodifiedResale}\"",
            $"grondslag:purpose-restriction=\"{OriginatorConditions.ToWire(originator.Purpose)}\"",
            $"grondslag:third-party-rule=\"{(originator.ThirdPartyRule ? "true" : "false")}\"",
        ];
    }

    private static IReadOnlyList<string> Tags(DisclosedContent share) => Tags(share.Originator, share.Assessment.Verdict);

    internal static string Serialize(JsonObject mispEvent) => mispEvent.ToJsonString(Indented);

    private static JsonObject Attribute(DisclosedContent share, string type, string value, bool toIds, string comment, string timestamp) => new()
    {
        ["uuid"] = StixIds.UuidV5(StixIds.GrondslagNamespace, $"{share.ShareId}/misp-attribute/{type}/{value}").ToString("D"),
        ["type"] = type,
        ["category"] = "Network activity",
        ["value"] = value,
        ["to_ids"] = toIds,
        // 5 = inherit the event's distribution.
        ["distribution"] = "5",
        ["comment"] = comment,
        ["timestamp"] = timestamp,
    };

    private static string LegalComment(DisclosedContent share) =>
        $"Legal basis: {string.Join("; ", share.Assessment.Basis.Select(c => c.Short))}; purpose: {OriginatorConditions.ToWire(share.Originator.Purpose)}; rule set {share.Assessment.RuleSetSha256}";
}
