using System.Globalization;
using System.Text.Json;
using Grondslag.Domain.Law;

namespace Grondslag.Domain.Indicators.Intake;

/// <summary>
/// Reads a MISP event (the JSON MISP exports: <c>{"Event": {…}}</c>, a bare event, or a <c>response</c> list of events).
/// Attributes <c>ip-src</c>, <c>ip-dst</c>, <c>ip-src|port</c>, <c>ip-dst|port</c> and <c>domain|ip</c> (also inside MISP
/// objects) give addresses; <c>AS</c> attributes are context (attribution finds the network itself); every other
/// attribute is rejected with its reason. The event's <c>tlp:</c> tags, <c>iep2-policy:</c> tags, Grondslag's own
/// <c>grondslag:</c> tags and its distribution give the originator's conditions.
/// </summary>
public static class MispEventReader
{
    public static IReadOnlyList<string> AddressTypes { get; } = ["ip-src", "ip-dst", "ip-src|port", "ip-dst|port", "domain|ip"];

    /// <summary>Grondslag's tag of the purpose restriction, e.g. <c>grondslag:purpose-restriction="inform-victims"</c>.</summary>
    public const string PurposeTag = "grondslag:purpose-restriction";

    /// <summary>Grondslag's tag of the third-party rule, e.g. <c>grondslag:third-party-rule="true"</c>.</summary>
    public const string ThirdPartyTag = "grondslag:third-party-rule";

    public static (List<IntakeItem> Items, OriginatorMarkings Markings) Read(JsonElement root)
    {
        var items = new List<IntakeItem>();
        var markings = OriginatorMarkings.None;
        var events = Events(root).ToList();
        if (events.Count == 0)
        {
            items.Add(IntakeItem.Rejected(1, "(file)", LineRejection.Of("misp-no-event",
                "no MISP event found: expected {\"Event\": {…, \"Attribute\": […]}} as MISP exports it",
                "geen MISP-gebeurtenis gevonden: verwacht {\"Event\": {…, \"Attribute\": […]}} zoals MISP die exporteert")));
            return (items, markings);
        }

        foreach (var e in events)
        {
            markings = markings.And(EventMarkings(e));
            if (e.TryGetProperty("Attribute", out var attributes) && attributes.ValueKind == JsonValueKind.Array)
            {
                foreach (var a in attributes.EnumerateArray())
                {
                    items.Add(Attribute(items.Count + 1, a, null));
                }
            }

            if (e.TryGetProperty("Object", out var objects) && objects.ValueKind == JsonValueKind.Array)
            {
                foreach (var o in objects.EnumerateArray())
                {
                    var name = Text(o, "name") ?? "object";
                    if (o.ValueKind == JsonValueKind.Object && o.TryGetProperty("Attribute", out var inner) && inner.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var a in inner.EnumerateArray())
                        {
                            items.Add(Attribute(items.Count + 1, a, name));
                        }
                    }
                }
            }
        }

        if (items.Count == 0)
        {
            items.Add(IntakeItem.Rejected(1, "(event)", LineRejection.Of("misp-no-attributes",
                "the MISP event has no attributes; expected ip-src, ip-dst, ip-src|port, ip-dst|port or domain|ip attributes",
                "de MISP-gebeurtenis heeft geen attributen; verwacht: attributen ip-src, ip-dst, ip-src|port, ip-dst|port of domain|ip")));
        }

        return (items, markings);
    }

    private static IEnumerable<JsonElement> Events(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        if (root.TryGetProperty("Event", out var e) && e.ValueKind == JsonValueKind.Object)
        {
            yield return e;
        }
        else if (root.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Array)
        {
            foreach (var r in response.EnumerateArray())
            {
                if (r.ValueKind == JsonValueKind.Object && r.TryGetProperty("Event", out var inner) && inner.ValueKind == JsonValueKind.Object)
                {
                    yield return inner;
                }
            }
        }
        else if (root.TryGetProperty("Attribute", out _))
        {
            yield return root;
        }
    }

    private static IntakeItem Attribute(long number, JsonElement a, string? objectName)
    {
        if (a.ValueKind != JsonValueKind.Object)
        {
            return IntakeItem.Rejected(number, $"attribute {number}", LineRejection.Of("misp-not-an-object",
                "not a JSON object; a MISP attribute is {\"type\": …, \"value\": …}",
                "geen JSON-object; een MISP-attribuut is {\"type\": …, \"value\": …}"));
        }

        var type = Text(a, "type") ?? "";
        var value = Text(a, "value") ?? "";
        var text = $"attribute {number}{(objectName is null ? "" : $" (object {objectName})")} {type} '{Shorten(value)}'";
        if (a.TryGetProperty("deleted", out var deleted) && deleted.ValueKind == JsonValueKind.True)
        {
            return IntakeItem.Rejected(number, text, LineRejection.Of("misp-deleted",
                "the attribute is marked deleted in MISP; it is not imported",
                "het attribuut is in MISP als verwijderd gemarkeerd; het wordt niet geïmporteerd"));
        }

        switch (type)
        {
            case "ip-src" or "ip-dst":
                return IntakeItem.Of(number, text, value);
            case "ip-src|port" or "ip-dst|port":
            {
                var bar = value.LastIndexOf('|');
                if (bar < 0 || !ushort.TryParse(value.AsSpan(bar + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    return IntakeItem.Rejected(number, text, LineRejection.Of("misp-address-port",
                        $"a {type} value is 'address|port' with a port 0-65535, e.g. '192.0.2.1|443'",
                        $"een waarde van {type} is 'adres|poort' met een poort 0-65535, bijv. '192.0.2.1|443'"));
                }

                return IntakeItem.Of(number, text, value[..bar]);
            }

            case "domain|ip":
            {
                var bar = value.IndexOf('|', StringComparison.Ordinal);
                if (bar <= 0 || bar == value.Length - 1)
                {
                    return IntakeItem.Rejected(number, text, LineRejection.Of("misp-domain-ip",
                        "a domain|ip value is 'domain|address', e.g. 'example.org|192.0.2.1'",
                        "een waarde van domain|ip is 'domein|adres', bijv. 'example.org|192.0.2.1'"));
                }

                return IntakeItem.Of(number, text, value[(bar + 1)..]);
            }

            case "AS":
                return IntakeItem.Context(number, text);
            case "":
                return IntakeItem.Rejected(number, text, LineRejection.Of("misp-no-type",
                    "the attribute has no type; MISP attributes need a type such as ip-dst",
                    "het attribuut heeft geen type; MISP-attributen hebben een type nodig, zoals ip-dst"));
            default:
                return IntakeItem.Rejected(number, text, LineRejection.Of("misp-type-not-imported",
                    $"MISP attribute type '{type}' holds no IP address Grondslag can share; it imports {string.Join(", ", AddressTypes)}",
                    $"MISP-attribuuttype '{type}' bevat geen IP-adres dat Grondslag kan delen; geïmporteerd worden {string.Join(", ", AddressTypes)}"));
        }
    }

    private static OriginatorMarkings EventMarkings(JsonElement e)
    {
        var tags = new List<string>();
        if (e.TryGetProperty("Tag", out var tagArray) && tagArray.ValueKind == JsonValueKind.Array)
        {
            tags.AddRange(tagArray.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.Object ? Text(t, "name") : null).OfType<string>());
        }

        // TLP tags: the strictest wins.
        var tlp = OriginatorMarkings.None;
        foreach (var tag in tags.Where(t => t.StartsWith("tlp:", StringComparison.OrdinalIgnoreCase)))
        {
            var word = tag[4..].Trim().ToLowerInvariant();
            if (TlpLevels.TryParse(word == "white" ? "clear" : word, out var level))
            {
                tlp = tlp.And(new OriginatorMarkings(level, null, null, [$"TLP:{level.ToWire().ToUpperInvariant()} from the event tag '{tag}'"]));
            }
            else
            {
                tlp = tlp.And(OriginatorMarkings.None with { Notes = [$"event tag '{tag}' is not a TLP 2.0 level; not carried"] });
            }
        }

        var iepFields = tags.Where(t => t.StartsWith("iep2-policy:", StringComparison.OrdinalIgnoreCase))
            .Select(MachineTag).Where(kv => kv.Key.Length > 0)
            .GroupBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        var iep = iepFields.Count > 0 ? IepPolicy.Read(iepFields, "iep2-policy tags") : OriginatorMarkings.None;

        // Grondslag's own tags state the conditions exactly; they take precedence over what IEP and distribution imply.
        var own = OriginatorMarkings.None;
        foreach (var (key, value) in tags.Where(t => t.StartsWith("grondslag:", StringComparison.OrdinalIgnoreCase)).Select(MachineTag))
        {
            own = (key, value) switch
            {
                ("purpose-restriction", "inform-victims") => own with { Purpose = PurposeRestriction.InformVictims },
                ("purpose-restriction", "none") => own with { Purpose = PurposeRestriction.None },
                ("third-party-rule", "true") => own with { ThirdPartyRule = true },
                ("third-party-rule", "false") => own with { ThirdPartyRule = false },
                _ => own with { Notes = own.Notes.Add($"tag 'grondslag:{key}=\"{value}\"' is not one Grondslag writes; not carried") },
            };
        }

        var distribution = OriginatorMarkings.None;
        if (Text(e, "distribution") is { } d)
        {
            distribution = d switch
            {
                "0" => new OriginatorMarkings(null, null, true, ["distribution 'your organisation only': the third-party rule applies"]),
                "4" => new OriginatorMarkings(null, null, true, ["distribution 'sharing group': the third-party rule applies"]),
                "1" or "2" or "3" => OriginatorMarkings.None,
                _ => OriginatorMarkings.None with { Notes = [$"event distribution '{d}' is not a MISP event distribution (0-4); not carried"] },
            };
        }

        return own.Over(iep.Over(distribution)).And(tlp);
    }

    /// <summary>A machine tag <c>namespace:predicate="value"</c> as (predicate, value).</summary>
    private static KeyValuePair<string, string> MachineTag(string tag)
    {
        var colon = tag.IndexOf(':', StringComparison.Ordinal);
        var rest = tag[(colon + 1)..];
        var eq = rest.IndexOf('=', StringComparison.Ordinal);
        return eq < 0
            ? new(rest.Trim(), "")
            : new(rest[..eq].Trim(), rest[(eq + 1)..].Trim().Trim('"'));
    }

    private static string? Text(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                _ => null,
            }
            : null;

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
