using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Json.Schema;

namespace Grondslag.Rules;

/// <summary>Validates a rule-book file against its JSON Schema (embedded in this assembly).</summary>
internal static class SchemaValidator
{
    private static readonly string[] Languages = ["nl", "en"];

    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);
    private static readonly Lock BuildLock = new();

    public static IEnumerable<RuleFileError> Validate(YamlDocument doc, string schemaName)
    {
        var schema = Schema(schemaName);
        // Source-generated metadata, not reflection: the loader also runs in the ahead-of-time compiled CLI.
        var element = JsonSerializer.SerializeToElement(doc.Root, SchemaJson.Default.JsonNode);
        var result = schema.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        if (result.IsValid)
        {
            yield break;
        }

        // Walk only the failing branches: a passing oneOf alternative's inner failures are not errors.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<EvaluationResults>([result]);
        var found = new List<(string Pointer, string Message)>();
        while (pending.TryPop(out var node))
        {
            if (node.IsValid)
            {
                continue;
            }

            var failingChildren = (node.Details ?? []).Where(d => !d.IsValid).ToList();
            if (node.Errors is { Count: > 0 } errors && (failingChildren.Count == 0 || errors.ContainsKey("additionalProperties") || errors.ContainsKey("required")))
            {
                found.Add((node.InstanceLocation.ToString(), string.Join("; ", errors.Values)));
            }

            for (var i = failingChildren.Count - 1; i >= 0; i--)
            {
                pending.Push(failingChildren[i]);
            }
        }

        foreach (var (pointer, raw) in found)
        {
            if (!seen.Add(pointer))
            {
                continue;
            }

            var field = FieldName(pointer);
            var value = Value(doc, pointer);
            string message;
            if (BilingualMessage(doc, pointer, raw, ref field) is { } bilingual)
            {
                message = bilingual;
            }
            else if (raw.Contains("false schema", StringComparison.OrdinalIgnoreCase))
            {
                message = "unknown field: it is not part of the format here; check its spelling or remove it (see rules/README.md)";
            }
            else if (raw.StartsWith("Required properties", StringComparison.Ordinal))
            {
                var names = System.Text.RegularExpressions.Regex.Matches(raw, "\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
                field = field == "(whole entry)" ? string.Join(", ", names) : $"{field}.{string.Join(", ", names)}";
                message = $"missing: {string.Join(", ", names)} {(names.Count == 1 ? "is" : "are")} required here (every rule needs id, title, citations, when, outcome and explanation; every citation needs law, article, source and quote)";
            }
            else if (raw.Contains("regular expression", StringComparison.Ordinal))
            {
                message = pointer.EndsWith("/from", StringComparison.Ordinal) || pointer.EndsWith("/to", StringComparison.Ordinal) || pointer.EndsWith("date", StringComparison.OrdinalIgnoreCase) || pointer.EndsWith("entryIntoForce", StringComparison.Ordinal)
                    ? $"'{value}' is not a date; use YYYY-MM-DD (e.g. 2018-11-09)"
                    : $"'{value}' does not have the expected form (lower-case letters, digits, '.' and '-'; country codes: two capitals)";
            }
            else
            {
                message = raw;
            }

            yield return new RuleFileError(doc.File, doc.LineOf(pointer), RuleIdAt(doc, pointer), field, message);
        }
    }

    /// <summary>The fields a person reads: each must be given as <c>{ en: …, nl: … }</c>.</summary>
    private static readonly string[] TextFields = ["title", "explanation", "description"];

    /// <summary>
    /// A clear message for a text field without both languages (a plain string, a missing or empty <c>nl</c>
    /// or <c>en</c>), or null when the problem is something else.
    /// </summary>
    private static string? BilingualMessage(YamlDocument doc, string pointer, string raw, ref string field)
    {
        var parts = pointer.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return null;
        }

        var last = parts[^1];
        if (TextFields.Contains(last, StringComparer.Ordinal))
        {
            var node = Node(doc, pointer);
            if (node is System.Text.Json.Nodes.JsonValue)
            {
                return $"'{last}' must be given in English and Dutch, every text a person reads exists in both: write it as '{last}:' with 'en:' (English) and 'nl:' (Dutch) under it (see rules/README.md)";
            }

            if (raw.StartsWith("Required properties", StringComparison.Ordinal))
            {
                var missing = Languages.Where(l => raw.Contains($"\"{l}\"", StringComparison.Ordinal)).ToList();
                if (missing.Count > 0)
                {
                    var field0 = SchemaValidator.FieldName(pointer);
                    field = $"{field0}.{string.Join(", ", missing)}";
                    return missing.Contains("nl")
                        ? $"the Dutch text ('nl') of '{last}' is missing; every text a person reads must be given in English ('en') and Dutch ('nl'): add 'nl:' with a faithful Dutch text"
                        : $"the English text ('en') of '{last}' is missing; every text a person reads must be given in English ('en') and Dutch ('nl'): add 'en:'";
                }
            }

            return null;
        }

        if (parts.Length >= 2 && last is "en" or "nl" && TextFields.Contains(parts[^2], StringComparer.Ordinal))
        {
            return $"the {(last == "nl" ? "Dutch" : "English")} text of '{parts[^2]}' is empty or not text; give the full text in both languages";
        }

        return null;
    }

    private static System.Text.Json.Nodes.JsonNode? Node(YamlDocument doc, string pointer)
    {
        var node = doc.Root;
        foreach (var part in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node switch
            {
                System.Text.Json.Nodes.JsonObject o => o[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)],
                System.Text.Json.Nodes.JsonArray a when int.TryParse(part, System.Globalization.CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return node;
    }

    private static string? Value(YamlDocument doc, string pointer) => Node(doc, pointer)?.ToString();

    /// <summary>The id of the rule (or scenario) that contains a pointer like /rules/3/when/x.</summary>
    public static string? RuleIdAt(YamlDocument doc, string pointer)
    {
        var parts = pointer.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 2 && parts[0] is "rules" or "scenarios" && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var i))
        {
            var item = doc.Root?[parts[0]]?.AsArray().ElementAtOrDefault(i);
            return (item?["id"] ?? item?["name"])?.ToString();
        }

        return null;
    }

    public static string FieldName(string pointer)
    {
        var parts = pointer.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var skip = parts.Length >= 2 && parts[0] is "rules" or "scenarios" ? 2 : 0;
        var field = string.Join(".", parts.Skip(skip)).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        return field.Length == 0 ? "(whole entry)" : field;
    }

    private static JsonSchema Schema(string name)
    {
        if (Schemas.TryGetValue(name, out var schema))
        {
            return schema;
        }

        lock (BuildLock)
        {
            if (Schemas.TryGetValue(name, out schema))
            {
                return schema;
            }

            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Grondslag.Rules.Schema.{name}.schema.json")
                ?? throw new InvalidOperationException($"The schema '{name}' is not embedded.");
            using var reader = new StreamReader(stream);
            schema = JsonSchema.FromText(reader.ReadToEnd());
            Schemas[name] = schema;
            return schema;
        }
    }
}

/// <summary>The JSON metadata the schema validation needs, generated at compile time.</summary>
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class SchemaJson : JsonSerializerContext;
