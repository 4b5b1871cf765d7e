using System.Text.Json.Nodes;
using Grondslag.Domain.Law;

namespace Grondslag.Delivery.Stix;

/// <summary>
/// The TLP 2.0 marking definitions exactly as OASIS publishes them (cti-stix-common-objects,
/// extension <c>extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d</c>): consumers match them by id,
/// so they are reproduced verbatim, never generated.
/// </summary>
public static class TlpMarkings
{
    public const string ExtensionDefinitionId = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    /// <summary>The <c>created</c> timestamp of every TLP 2.0 marking definition.</summary>
    public const string Created = "2022-10-01T00:00:00.000Z";

    public static string Id(TlpLevel level) => level switch
    {
        TlpLevel.Clear => "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
        TlpLevel.Green => "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        TlpLevel.Amber => "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
        TlpLevel.AmberStrict => "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        TlpLevel.Red => "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
    };

    /// <summary>The marking-definition object of a level.</summary>
    public static JsonObject Definition(TlpLevel level) => new()
    {
        ["type"] = "marking-definition",
        ["spec_version"] = "2.1",
        ["id"] = Id(level),
        ["created"] = Created,
        ["name"] = level.ToLabel(),
        ["extensions"] = new JsonObject
        {
            [ExtensionDefinitionId] = new JsonObject
            {
                ["extension_type"] = "property-extension",
                ["tlp_2_0"] = level.ToWire(),
            },
        },
    };
}
