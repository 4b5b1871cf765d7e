using System.Text.Json;
using Grondslag.Domain.Law;

namespace Grondslag.Domain.Indicators.Intake;

/// <summary>
/// Reads a STIX 2.1 bundle (or a TAXII 2.1 envelope, which holds the same <c>objects</c>): <c>ipv4-addr</c> and
/// <c>ipv6-addr</c> objects and indicators whose pattern is one simple comparison <c>[ipv4-addr:value = '…']</c> give
/// addresses; identities, marking and extension definitions, reports, relationships and autonomous systems are
/// context; every other object is rejected with its reason. The markings of the address-carrying objects (TLP 1.0
/// and 2.0, FIRST IEP 2.0) and Grondslag's own disclosure extension give the originator's conditions.
/// </summary>
public static class StixBundleReader
{
    /// <summary>The IEP 2.0 marking-definition extension (OASIS cti-stix-common-objects).</summary>
    public const string IepExtensionId = "extension-definition--762e2e97-ee51-43e5-a9ea-165fbb862c4a";

    /// <summary>The TLP 2.0 marking-definition extension.</summary>
    public const string Tlp2ExtensionId = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    /// <summary>Grondslag's disclosure (legal-basis) property extension.</summary>
    public const string DisclosureExtensionId = "extension-definition--3f1c8a52-9b0e-4d7a-8c35-6e2f0a91b7d4";

    private static readonly Dictionary<string, TlpLevel> KnownTlp = new(StringComparer.Ordinal)
    {
        // TLP 2.0 (OASIS cti-stix-common-objects).
        ["marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"] = TlpLevel.Clear,
        ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"] = TlpLevel.Green,
        ["marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"] = TlpLevel.Amber,
        ["marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"] = TlpLevel.AmberStrict,
        ["marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"] = TlpLevel.Red,
        // TLP 1.0 (STIX 2.1 §7.2.1.4).
        ["marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"] = TlpLevel.Clear,
        ["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"] = TlpLevel.Green,
        ["marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"] = TlpLevel.Amber,
        ["marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"] = TlpLevel.Red,
    };

    private static readonly HashSet<string> ContextTypes = new(StringComparer.Ordinal)
    {
        "identity", "marking-definition", "extension-definition", "report", "relationship", "autonomous-system", "grouping", "note", "language-content",
    };

    public static (List<IntakeItem> Items, OriginatorMarkings Markings) Read(string source, JsonElement root)
    {
        var items = new List<IntakeItem>();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("objects", out var objects) || objects.ValueKind != JsonValueKind.Array)
        {
            var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) ? t.ToString() : null;
            items.Add(IntakeItem.Rejected(1, "(file)", type is not null && type != "bundle"
                ? LineRejection.Of("stix-single-object",
                    $"a single STIX '{type}' object; send a STIX 2.1 bundle ({{\"type\": \"bundle\", \"objects\": […]}})",
                    $"een enkel STIX-object '{type}'; stuur een STIX 2.1-bundel ({{\"type\": \"bundle\", \"objects\": […]}})")
                : LineRejection.Of("stix-no-objects",
                    "no 'objects' list: expected a STIX 2.1 bundle ({\"type\": \"bundle\", \"objects\": […]}) or a TAXII 2.1 envelope",
                    "geen lijst 'objects': verwacht een STIX 2.1-bundel ({\"type\": \"bundle\", \"objects\": […]}) of een TAXII 2.1-envelop")));
            return (items, OriginatorMarkings.None);
        }

        var all = objects.EnumerateArray().ToList();
        var definitions = all.Where(o => o.ValueKind == JsonValueKind.Object && Text(o, "type") == "marking-definition" && Text(o, "id") is not null)
            .GroupBy(o => Text(o, "id")!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var markingRefs = new HashSet<string>(StringComparer.Ordinal);
        var own = OriginatorMarkings.None;
        for (var i = 0; i < all.Count; i++)
        {
            var number = i + 1;
            var o = all[i];
            if (o.ValueKind != JsonValueKind.Object || Text(o, "type") is not { } type)
            {
                items.Add(IntakeItem.Rejected(number, $"object {number}", LineRejection.Of("stix-not-an-object",
                    "not a STIX object (a JSON object with a 'type')",
                    "geen STIX-object (een JSON-object met een 'type')")));
                continue;
            }

            var id = Text(o, "id") ?? "(no id)";
            var text = $"object {number} {id}";
            if (ContextTypes.Contains(type))
            {
                if (type == "report")
                {
                    own = own.Over(Disclosure(o, id));
                }

                items.Add(IntakeItem.Context(number, text));
                continue;
            }

            IntakeItem item;
            if (o.TryGetProperty("revoked", out var revoked) && revoked.ValueKind == JsonValueKind.True)
            {
                item = IntakeItem.Rejected(number, text, LineRejection.Of("stix-revoked",
                    "the object is revoked (withdrawn by its producer); it is not imported",
                    "het object is herroepen (ingetrokken door de maker); het wordt niet geïmporteerd"));
            }
            else
            {
                item = type switch
                {
                    "ipv4-addr" or "ipv6-addr" => Text(o, "value") is { } value
                        ? IntakeItem.Of(number, $"{text} '{value}'", value)
                        : IntakeItem.Rejected(number, text, LineRejection.Of("stix-no-value", $"an {type} object without a 'value'", $"een {type}-object zonder 'value'")),
                    "indicator" => Indicator(number, text, o),
                    _ => IntakeItem.Rejected(number, text, LineRejection.Of("stix-type-not-imported",
                        $"a STIX '{type}' object holds no IP address Grondslag can share; it imports ipv4-addr, ipv6-addr and indicators with the pattern [ipv4-addr:value = '…'] or [ipv6-addr:value = '…']",
                        $"een STIX-object '{type}' bevat geen IP-adres dat Grondslag kan delen; geïmporteerd worden ipv4-addr, ipv6-addr en indicators met het patroon [ipv4-addr:value = '…'] of [ipv6-addr:value = '…']")),
                };
            }

            items.Add(item);
            if (item.Address is not null)
            {
                if (type == "indicator")
                {
                    own = own.Over(Disclosure(o, id));
                }

                if (o.TryGetProperty("object_marking_refs", out var refs) && refs.ValueKind == JsonValueKind.Array)
                {
                    foreach (var r in refs.EnumerateArray())
                    {
                        if (r.ValueKind == JsonValueKind.String)
                        {
                            markingRefs.Add(r.GetString()!);
                        }
                    }
                }
            }
        }

        var markings = OriginatorMarkings.None;
        foreach (var reference in markingRefs.Order(StringComparer.Ordinal))
        {
            markings = markings.And(Marking(reference, definitions));
        }

        return (items, own.Over(markings));
    }

    private static IntakeItem Indicator(long number, string text, JsonElement o)
    {
        var patternType = Text(o, "pattern_type") ?? "stix";
        var pattern = Text(o, "pattern") ?? "";
        if (patternType != "stix")
        {
            return IntakeItem.Rejected(number, text, LineRejection.Of("stix-pattern-type",
                $"pattern type '{patternType}' is not imported; only STIX patterns [ipv4-addr:value = '…'] are",
                $"patroontype '{patternType}' wordt niet geïmporteerd; alleen STIX-patronen [ipv4-addr:value = '…'] wel"));
        }

        return SimpleAddressPattern(pattern) is { } address
            ? IntakeItem.Of(number, $"{text} '{address}'", address)
            : IntakeItem.Rejected(number, text, LineRejection.Of("stix-pattern-not-simple",
                $"pattern '{(pattern.Length > 80 ? pattern[..80] + "…" : pattern)}' is not one comparison [ipv4-addr:value = '…'] or [ipv6-addr:value = '…']; import its addresses as such patterns or as ipv4-addr/ipv6-addr objects",
                $"patroon '{(pattern.Length > 80 ? pattern[..80] + "…" : pattern)}' is niet één vergelijking [ipv4-addr:value = '…'] of [ipv6-addr:value = '…']; importeer de adressen als zulke patronen of als ipv4-addr/ipv6-addr-objecten"));
    }

    /// <summary>The address of <c>[ipv4-addr:value = 'a']</c> or <c>[ipv6-addr:value = 'a']</c> (whitespace allowed), else null.</summary>
    public static string? SimpleAddressPattern(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var p = pattern.AsSpan().Trim();
        if (p.Length < 2 || p[0] != '[' || p[^1] != ']')
        {
            return null;
        }

        p = p[1..^1].Trim();
        if (!p.StartsWith("ipv4-addr:value", StringComparison.Ordinal) && !p.StartsWith("ipv6-addr:value", StringComparison.Ordinal))
        {
            return null;
        }

        p = p["ipv4-addr:value".Length..].TrimStart();
        if (p.Length == 0 || p[0] != '=')
        {
            return null;
        }

        p = p[1..].Trim();
        if (p.Length < 2 || p[0] != '\'' || p[^1] != '\'')
        {
            return null;
        }

        var value = p[1..^1];
        return value.IndexOfAny("'\\ ") >= 0 || value.IsEmpty ? null : value.ToString();
    }

    private static OriginatorMarkings Marking(string reference, Dictionary<string, JsonElement> definitions)
    {
        if (KnownTlp.TryGetValue(reference, out var known))
        {
            return new OriginatorMarkings(known, null, null, [$"TLP:{known.ToWire().ToUpperInvariant()} from the marking {reference}"]);
        }

        if (!definitions.TryGetValue(reference, out var definition))
        {
            return OriginatorMarkings.None with { Notes = [$"marking {reference} is referenced but neither in the bundle nor a TLP marking; not carried"] };
        }

        var result = OriginatorMarkings.None;
        var understood = false;
        if (definition.TryGetProperty("extensions", out var extensions) && extensions.ValueKind == JsonValueKind.Object)
        {
            if (extensions.TryGetProperty(Tlp2ExtensionId, out var tlp2) && Text(tlp2, "tlp_2_0") is { } word && TlpLevels.TryParse(word, out var level))
            {
                understood = true;
                result = result.And(new OriginatorMarkings(level, null, null, [$"TLP:{level.ToWire().ToUpperInvariant()} from the marking {reference}"]));
            }

            if (extensions.TryGetProperty(IepExtensionId, out var iep) && iep.ValueKind == JsonValueKind.Object)
            {
                understood = true;
                var fields = iep.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String)
                    .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
                result = result.And(IepPolicy.Read(fields, $"marking {reference}"));
            }
        }

        if (Text(definition, "definition_type") == "tlp" && definition.TryGetProperty("definition", out var d) && Text(d, "tlp") is { } old)
        {
            if (TlpLevels.TryParse(old == "white" ? "clear" : old, out var oldLevel))
            {
                understood = true;
                result = result.And(new OriginatorMarkings(oldLevel, null, null, [$"TLP:{oldLevel.ToWire().ToUpperInvariant()} from the marking {reference}"]));
            }
        }

        return understood ? result : OriginatorMarkings.None with { Notes = [$"marking {reference} is neither TLP nor IEP 2.0; not carried (read it yourself)"] };
    }

    /// <summary>Grondslag's own disclosure extension (on its reports and indicators): purpose and third-party rule exactly.</summary>
    private static OriginatorMarkings Disclosure(JsonElement o, string id)
    {
        if (!o.TryGetProperty("extensions", out var extensions) || extensions.ValueKind != JsonValueKind.Object
            || !extensions.TryGetProperty(DisclosureExtensionId, out var body) || body.ValueKind != JsonValueKind.Object)
        {
            return OriginatorMarkings.None;
        }

        PurposeRestriction? purpose = Text(body, "purpose_restriction") switch
        {
            "inform-victims" => PurposeRestriction.InformVictims,
            "none" => PurposeRestriction.None,
            _ => null,
        };
        bool? thirdParty = body.TryGetProperty("third_party_rule", out var rule) && rule.ValueKind is JsonValueKind.True or JsonValueKind.False ? rule.GetBoolean() : null;
        return new OriginatorMarkings(null, purpose, thirdParty, [$"purpose and third-party rule from Grondslag's disclosure extension on {id}"]);
    }

    private static string? Text(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
