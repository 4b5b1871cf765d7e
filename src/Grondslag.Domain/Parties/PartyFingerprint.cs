using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Grondslag.Domain.Audit;
using Grondslag.Domain.Time;

namespace Grondslag.Domain.Parties;

/// <summary>
/// The version of one party in the registry: the hex SHA-256 of its canonical form (RFC 8785 JSON of everything that
/// decides where and to whom a share goes — identity, kind, country, channels and keys, contacts, constituency,
/// designation, arrangements). Stored with a share when it is assessed; the disclosure gate refuses a release when
/// the registry's party no longer has that fingerprint. Order of list items counts (a reordered channel list is a new
/// version): the registry is the source of truth as written. Pure and thread-safe.
/// </summary>
public static class PartyFingerprint
{
    public static string Of(Party party)
    {
        ArgumentNullException.ThrowIfNull(party);
        return Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.Serialize(CanonicalForm(party))));
    }

    /// <summary>The canonical form that is hashed (also useful to show what changed).</summary>
    public static JsonObject CanonicalForm(Party party)
    {
        ArgumentNullException.ThrowIfNull(party);
        return new JsonObject
        {
            ["id"] = party.Id,
            ["name"] = party.Name,
            ["kind"] = party.Kind.ToWire(),
            ["country"] = party.Country.Value,
            ["example"] = party.Example,
            ["channels"] = new JsonArray([.. Items(party.Channels).Select(c => (JsonNode)new JsonObject
            {
                ["kind"] = c.Kind.ToString().ToLowerInvariant(),
                ["address"] = c.Address,
                ["openPgpFingerprint"] = c.OpenPgpFingerprint,
            })]),
            ["contacts"] = new JsonArray([.. Items(party.Contacts).Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["role"] = c.Role,
                ["email"] = c.Email,
                ["phone"] = c.Phone,
            })]),
            ["constituency"] = new JsonObject
            {
                ["countries"] = new JsonArray([.. Items(party.Constituency.Countries).Select(c => (JsonNode)c.Value)]),
                ["asns"] = new JsonArray([.. Items(party.Constituency.Asns).Select(a => (JsonNode)a.ToString(CultureInfo.InvariantCulture))]),
                ["prefixes"] = new JsonArray([.. Items(party.Constituency.Prefixes).Select(p => (JsonNode)p.ToString())]),
            },
            ["designation"] = party.Designation is { } d
                ? new JsonObject { ["reference"] = d.Reference, ["validity"] = Interval(d.Validity) }
                : null,
            ["arrangements"] = new JsonArray([.. Items(party.Arrangements).Select(a => (JsonNode)new JsonObject
            {
                ["name"] = a.Name,
                ["reference"] = a.Reference,
                ["validity"] = Interval(a.Validity),
                ["example"] = a.Example,
            })]),
        };
    }

    private static IEnumerable<T> Items<T>(System.Collections.Immutable.ImmutableArray<T> items) => items.IsDefault ? [] : items;

    private static JsonObject Interval(DateInterval interval) => new()
    {
        ["from"] = interval.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["to"] = interval.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };
}
