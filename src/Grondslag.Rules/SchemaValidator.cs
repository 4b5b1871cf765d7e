using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Json.Schema;

namespace Grondslag.Rules;

/// <summary>Validates a rule-book file against its JSON Schema (embedded in this assembly).</summary>
internal static class SchemaValidator
{
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);
    private static readonly Lock BuildLock = new();

    public static IEnumerable<RuleFileError> Validate(YamlDocument doc, string schemaName)
    {
        var schema = Schema(schemaName);
        var element = JsonSerializer.SerializeToElement(doc.Root);
        var result = schema.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            yield break;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var detail in result.Details ?? [])
        {
            if (detail.Errors is not { Count: > 0 } errors)
            {
                continue;
            }

            var pointer = detail.InstanceLocation.ToString();
            if (!seen.Add(pointer))
            {
                continue;
            }

            var message = string.Join("; ", errors.Values);
            if (message.Contains("false schema", StringComparison.OrdinalIgnoreCase))
            {
                message = "unknown field: it is not part of the format here; check its spelling or remove it (see rules/README.md)";
            }

            yield return new RuleFileError(doc.File, doc.LineOf(pointer), RuleIdAt(doc, pointer), FieldName(pointer), message);
        }
    }

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
