using System.Text.Json;
using Json.Schema;

namespace Grondslag.Testing;

/// <summary>
/// The official OASIS STIX 2.1 JSON schemas from ../shared/reference, loaded once. The schemas refer to each
/// other by relative <c>$ref</c> under their published <c>$id</c>s; every file is registered under its <c>$id</c>
/// so that those references resolve to the local copies and nothing is fetched from the network.
/// Shared by the delivery tests (bundles) and the server tests (objects served over TAXII); a project that
/// includes it also references JsonSchema.Net.
/// </summary>
internal static class StixSchemas
{
    private const string IdPrefix = "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/";

    private static readonly Lazy<Loaded> Schemas = new(Load);

    /// <summary>The schema of a STIX type (<c>indicator</c>, <c>ipv4-addr</c>, <c>bundle</c> …); fails when there is none.</summary>
    public static JsonSchema For(string type) =>
        Schemas.Value.ByType.TryGetValue(type, out var schema)
            ? schema
            : throw new InvalidOperationException($"No OASIS schema for STIX type '{type}' in {Root}.");

    /// <summary>
    /// The OASIS bundle schema with one addition: <c>extension-definition</c> in its list of object types. As published,
    /// the bundle schema rejects every spec-valid extension-definition object (it is not in the list, and the fallback
    /// for other types is a <c>oneOf</c> of the SDO and SCO cores, which such an object satisfies both of); see
    /// <c>Schemas_TheUnpatchedBundleSchema_RejectsEveryExtensionDefinition</c>. Every other rule is the published one.
    /// </summary>
    public static JsonSchema BundleWithExtensionDefinitions => Schemas.Value.PatchedBundle;

    /// <summary>Validates one JSON value; returns the failing locations and messages (empty when valid).</summary>
    public static IReadOnlyList<string> Errors(JsonSchema schema, JsonElement instance)
    {
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        if (result.IsValid)
        {
            return [];
        }

        var errors = new List<string>();
        var pending = new Stack<EvaluationResults>([result]);
        while (pending.TryPop(out var node))
        {
            if (node.IsValid)
            {
                continue;
            }

            foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
            {
                errors.Add($"{node.InstanceLocation} ({node.EvaluationPath}) {keyword}: {message}");
            }

            foreach (var child in node.Details ?? [])
            {
                pending.Push(child);
            }
        }

        return errors.Count > 0 ? errors : ["invalid (no detail)"];
    }

    /// <summary>The schemas' folder: ../shared/reference/stix2-json-schemas/schemas beside the repository root.</summary>
    public static string Root
    {
        get
        {
            var path = System.IO.Path.GetFullPath(RepositoryRoot.Combine("..", "shared", "reference", "stix2-json-schemas", "schemas"));
            return Directory.Exists(path)
                ? path
                : throw new DirectoryNotFoundException($"The OASIS STIX 2.1 JSON schemas are missing: expected {path} (../shared/reference/stix2-json-schemas beside the repository root).");
        }
    }

    /// <summary>Every failure of a STIX object against the schema of its type, prefixed with its id.</summary>
    public static IReadOnlyList<string> ObjectErrors(JsonElement stixObject)
    {
        var id = stixObject.GetProperty("id").GetString();
        return [.. Errors(For(stixObject.GetProperty("type").GetString()!), stixObject).Select(e => $"{id}: {e}")];
    }

    private static Loaded Load()
    {
        var root = Root;
        var registry = new SchemaRegistry();
        var options = new BuildOptions { SchemaRegistry = registry };
        var files = Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        registry.Fetch = (uri, _) =>
        {
            var text = uri.ToString();
            if (!text.StartsWith(IdPrefix, StringComparison.Ordinal))
            {
                return null;
            }

            var path = Path.Combine(root, text[IdPrefix.Length..].Split('#')[0]);
            return File.Exists(path) ? JsonSchema.FromText(File.ReadAllText(path), options) : null;
        };

        var byType = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var id = new Uri(IdPrefix + Path.GetRelativePath(root, file).Replace('\\', '/'));
            byType[Path.GetFileNameWithoutExtension(file)] = registry.Get(id) as JsonSchema
                ?? throw new InvalidOperationException($"The OASIS schema {file} did not load under {id}.");
        }

        var bundle = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(root, "common", "bundle.json")))!.AsObject();
        bundle["$id"] = IdPrefix + "common/bundle-with-extension-definitions.json";
        var oneOf = bundle["properties"]!["objects"]!["items"]!["anyOf"]![0]!["oneOf"]!.AsArray();
        oneOf.Add(new System.Text.Json.Nodes.JsonObject { ["$ref"] = "../common/extension-definition.json" });
        var patched = JsonSchema.FromText(bundle.ToJsonString(), options);
        return new Loaded(byType, patched);
    }

    private sealed record Loaded(Dictionary<string, JsonSchema> ByType, JsonSchema PatchedBundle);
}
