using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Grondslag.Rules;

/// <summary>
/// A YAML file read as JSON (for schema validation) while remembering the line of every node,
/// so errors can point a lawyer to the line to fix.
/// </summary>
internal sealed class YamlDocument
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    private YamlDocument(string file, JsonNode? root)
    {
        File = file;
        Root = root;
    }

    public string File { get; }
    public JsonNode? Root { get; private set; }

    /// <summary>The 1-based line of the node at a JSON pointer, or of its nearest ancestor.</summary>
    public int? LineOf(string pointer)
    {
        var p = pointer;
        while (true)
        {
            if (_lines.TryGetValue(p, out var line))
            {
                return line;
            }

            var cut = p.LastIndexOf('/');
            if (cut < 0)
            {
                return null;
            }

            p = p[..cut];
        }
    }

    public static YamlDocument Parse(string file, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new RuleBookException([new RuleFileError(file, (int)ex.Start.Line, null, "(syntax)", $"not valid YAML: {ex.InnerException?.Message ?? ex.Message}")]);
        }
        catch (InvalidOperationException ex)
        {
            throw new RuleBookException([new RuleFileError(file, null, null, "(syntax)", $"not valid YAML: {ex.Message}")]);
        }

        var doc = new YamlDocument(file, null);
        if (stream.Documents.Count != 1)
        {
            throw new RuleBookException([new RuleFileError(file, 1, null, "(document)", "the file must hold exactly one YAML document")]);
        }

        doc.Root = doc.Convert(stream.Documents[0].RootNode, "");
        return doc;
    }

    private JsonNode? Convert(YamlNode node, string pointer)
    {
        _lines[pointer] = (int)node.Start.Line;
        switch (node)
        {
            case YamlMappingNode map:
                {
                    var obj = new JsonObject();
                    foreach (var (key, value) in map.Children)
                    {
                        var name = ((YamlScalarNode)key).Value ?? "";
                        if (obj.ContainsKey(name))
                        {
                            throw new RuleBookException([new RuleFileError(File, (int)key.Start.Line, null, name, "appears twice in the same mapping; keep one")]);
                        }

                        var childPointer = pointer + "/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                        _lines[childPointer] = (int)key.Start.Line;
                        obj[name] = Convert(value, childPointer);
                        _lines[childPointer] = (int)key.Start.Line;
                    }

                    return obj;
                }

            case YamlSequenceNode seq:
                {
                    var arr = new JsonArray();
                    var i = 0;
                    foreach (var item in seq.Children)
                    {
                        arr.Add(Convert(item, pointer + "/" + i.ToString(CultureInfo.InvariantCulture)));
                        i++;
                    }

                    return arr;
                }

            case YamlScalarNode scalar:
                return Scalar(scalar);

            default:
                throw new RuleBookException([new RuleFileError(File, (int)node.Start.Line, null, pointer, "unsupported YAML node (aliases are not allowed)")]);
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
            _ => JsonValue.Create(value),
        };
    }
}
