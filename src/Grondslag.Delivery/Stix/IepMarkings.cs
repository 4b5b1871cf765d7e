using System.Text.Json.Nodes;
using Grondslag.Domain.Law;

namespace Grondslag.Delivery.Stix;

/// <summary>
/// The FIRST IEP 2.0 policy of a share as a STIX 2.1 marking definition, using the OASIS extension
/// <c>extension-definition--762e2e97-ee51-43e5-a9ea-165fbb862c4a</c> (cti-stix-common-objects, as in its published
/// example). It stands beside the official TLP 2.0 marking on every object. The id derives from the policy's content,
/// so the same policy is the same marking definition in every bundle (marking definitions cannot be versioned).
/// </summary>
public static class IepMarkings
{
    public const string ExtensionDefinitionId = "extension-definition--762e2e97-ee51-43e5-a9ea-165fbb862c4a";

    /// <summary>A fixed creation time: the object is a function of the policy, never of the share.</summary>
    public const string Created = "2024-01-01T00:00:00.000Z";

    private static string Key(IepPolicy p) =>
        $"iep2/{p.Tlp}/{p.EncryptInTransit}/{p.PermittedActions}/{p.AffectedPartyNotifications}/{p.ProviderAttribution}/{p.UnmodifiedResale}";

    /// <summary>The policy's own id (IEP <c>iep_id</c>, a UUIDv5 of its content).</summary>
    public static Guid PolicyId(IepPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return StixIds.UuidV5(StixIds.GrondslagNamespace, Key(policy));
    }

    public static string Id(IepPolicy policy) => $"marking-definition--{PolicyId(policy):D}";

    public static JsonObject Definition(IepPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new JsonObject
        {
            ["type"] = "marking-definition",
            ["spec_version"] = "2.1",
            ["id"] = Id(policy),
            ["created"] = Created,
            ["name"] = $"IEP 2.0 (TLP:{policy.Tlp.ToUpperInvariant()}, {policy.PermittedActions})",
            ["external_references"] = new JsonArray(new JsonObject
            {
                ["source_name"] = "FIRST IEP 2.0",
                ["url"] = "https://www.first.org/iep/",
                ["description"] = "FIRST Information Exchange Policy (IEP) framework 2.0",
            }),
            ["extensions"] = new JsonObject
            {
                [ExtensionDefinitionId] = new JsonObject
                {
                    ["extension_type"] = "property-extension",
                    ["encrypt_in_transit"] = policy.EncryptInTransit,
                    ["permitted_actions"] = policy.PermittedActions,
                    ["affected_party_notifications"] = policy.AffectedPartyNotifications,
                    ["tlp"] = policy.Tlp,
                    ["provider_attribution"] = policy.ProviderAttribution,
                    ["unmodified_resale"] = policy.UnmodifiedResale,
                    ["iep_id"] = PolicyId(policy).ToString("D"),
                    ["iep_version"] = 2.0,
                    ["description"] = policy.Describe(),
                },
            },
        };
    }
}
