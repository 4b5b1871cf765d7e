using System.Text.Json.Nodes;

namespace Grondslag.Delivery.Stix;

/// <summary>
/// The STIX 2.1 extension-definition object of Grondslag's disclosure (legal-basis) property extension: emitted in
/// every bundle and published, identical, at <see cref="WellKnownPath"/>. Consumers match the extension by its id.
/// </summary>
public static class DisclosureExtensionDefinition
{
    /// <summary>Where the server publishes the definition.</summary>
    public const string WellKnownPath = "/.well-known/grondslag/stix-extension-definition.json";

    /// <summary>The extension's properties; each is explained in the definition's <c>schema</c> text.</summary>
    public static IReadOnlyList<(string Name, string Meaning)> Properties { get; } =
    [
        ("extension_type", "always \"property-extension\"."),
        ("legal_basis", "array of {citation, source}: the provisions this disclosure rests on (e.g. \"Wbni art. 3(1)(b)\") and their official source."),
        ("verdict", "\"permitted\" or \"conditional\" (conditions confirmed before release)."),
        ("regime", "the legal regime in force on the assessment date, e.g. \"wbni\" or \"cbw\"."),
        ("assessed_on", "the date the disclosure was assessed for, YYYY-MM-DD."),
        ("rule_set_sha256", "SHA-256 of the rule set that produced the verdict (hex, lower case)."),
        ("purpose_restriction", "\"inform-victims\" (use only to inform the victims so that they can take countermeasures) or \"none\"."),
        ("third_party_rule", "true when the information may not be passed on without the originator's consent."),
        ("released", "when the share was released (STIX timestamp)."),
        ("revocation_reason", "only on a withdrawal: why the share was withdrawn; delete the information and everything derived from it."),
    ];

    /// <summary>The definition, created by the sender's identity.</summary>
    public static JsonObject Build(SenderIdentity sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        return new JsonObject
        {
            ["type"] = "extension-definition",
            ["spec_version"] = "2.1",
            ["id"] = StixBundleWriter.DisclosureExtensionId,
            ["created_by_ref"] = StixBundleWriter.IdentityIdOf(sender),
            ["created"] = "2024-01-01T00:00:00.000Z",
            ["modified"] = "2024-01-01T00:00:00.000Z",
            ["name"] = "Grondslag disclosure: legal basis and conditions",
            ["description"] = "Why a disclosure of threat indicators by a Dutch national CSIRT is lawful and what the recipient may do with them: "
                + "the legal basis, the verdict and rule set it came from, the originator's purpose restriction and third-party rule, and a withdrawal's reason. "
                + "Carried on the report and every indicator of a Grondslag share, beside the TLP 2.0 and FIRST IEP 2.0 markings.",
            ["schema"] = "Properties (all on the extended object's extensions entry): "
                + string.Join(" ", Properties.Select(p => $"{p.Name}: {p.Meaning}")),
            ["version"] = "1.0.0",
            ["extension_types"] = new JsonArray("property-extension"),
        };
    }
}
