using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grondslag.Domain.Audit;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme (JCS): one byte sequence per JSON value, so an audit
/// payload hashes the same wherever it is re-serialised. Object members are sorted by UTF-16
/// code units, numbers are IEEE doubles written as ECMAScript does, strings minimally escaped,
/// no white space. Input that I-JSON forbids (duplicate names, lone surrogates, numbers
/// outside the double range) is refused with <see cref="ArgumentException"/>.
/// </summary>
public static class CanonicalJson
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The canonical UTF-8 bytes of <paramref name="element"/>.</summary>
    public static byte[] Serialize(JsonElement element) => StrictUtf8.GetBytes(SerializeToString(element));

    /// <summary>The canonical UTF-8 bytes of <paramref name="node"/> (null is the JSON literal null).</summary>
    public static byte[] Serialize(JsonNode? node) => StrictUtf8.GetBytes(SerializeToString(node));

    /// <summary>The canonical text of <paramref name="node"/>.</summary>
    public static string SerializeToString(JsonNode? node)
    {
        var output = new StringBuilder();
        Write(node, output, "$");
        return output.ToString();
    }

    /// <summary>The canonical text of <paramref name="element"/>.</summary>
    public static string SerializeToString(JsonElement element)
    {
        var output = new StringBuilder();
        Write(element, output, "$");
        return output.ToString();
    }

    /// <summary>An IEEE double in ECMAScript Number.prototype.toString form (RFC 8785 §3.2.2.3).</summary>
    public static string FormatNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{value.ToString(CultureInfo.InvariantCulture)} is not a JSON number.", nameof(value));
        }

        if (value == 0)
        {
            return "0"; // Also for -0.
        }

        // .NET's round-trip format gives the shortest digits that read back to the same double,
        // the same digits ECMAScript chooses; only the layout differs.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var (digits, pointPosition) = DecimalDigits(shortest);
        var n = pointPosition;
        var k = digits.Length;

        var text = new StringBuilder(value < 0 ? "-" : "");
        if (k <= n && n <= 21)
        {
            text.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            text.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            text.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            var exponent = n - 1;
            text.Append(digits[0]);
            if (k > 1)
            {
                text.Append('.').Append(digits, 1, k - 1);
            }

            text.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    // Splits "123.45E-7" into significant digits "12345" and the position n of the decimal
    // point relative to them, so that the value is 0.digits × 10^n.
    private static (string Digits, int PointPosition) DecimalDigits(string roundTrip)
    {
        var exponentAt = roundTrip.IndexOfAny(['E', 'e']);
        var mantissa = exponentAt < 0 ? roundTrip : roundTrip[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(roundTrip.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot < 0 ? mantissa : mantissa[..dot];
        var fraction = dot < 0 ? "" : mantissa[(dot + 1)..];
        var digits = integerPart + fraction;
        var pointPosition = integerPart.Length + exponent;

        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        return (digits.Trim('0'), pointPosition - leadingZeros);
    }

    // Walks the node itself rather than its text: writing a node as text silently replaces an
    // unpaired surrogate, and an audit record must not change on its way to the hash.
    private static void Write(JsonNode? node, StringBuilder output, string path)
    {
        switch (node)
        {
            case null:
                output.Append("null");
                break;
            case JsonObject obj:
                output.Append('{');
                var first = true;
                foreach (var member in obj.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        output.Append(',');
                    }

                    first = false;
                    var memberPath = $"{path}.{member.Key}";
                    WriteString(member.Key, output, memberPath);
                    output.Append(':');
                    Write(member.Value, output, memberPath);
                }

                output.Append('}');
                break;
            case JsonArray array:
                output.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Append(',');
                    }

                    Write(array[i], output, $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]");
                }

                output.Append(']');
                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                WriteString(text, output, path);
                break;
            default:
                // Numbers, literals and other CLR values: their JSON text is exact (doubles are
                // written round-trip), so read it back as an element.
                using (var document = JsonDocument.Parse(node.ToJsonString()))
                {
                    Write(document.RootElement, output, path);
                }

                break;
        }
    }

    private static void Write(JsonElement element, StringBuilder output, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(element, output, path);
                break;
            case JsonValueKind.Array:
                output.Append('[');
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (index > 0)
                    {
                        output.Append(',');
                    }

                    Write(item, output, $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]");
                    index++;
                }

                output.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(ReadString(element, path), output, path);
                break;
            case JsonValueKind.Number:
                output.Append(FormatNumber(ParseNumber(element.GetRawText(), path)));
                break;
            case JsonValueKind.True:
                output.Append("true");
                break;
            case JsonValueKind.False:
                output.Append("false");
                break;
            case JsonValueKind.Null:
                output.Append("null");
                break;
            case JsonValueKind.Undefined:
                throw new ArgumentException($"{path} has no value.", nameof(element));
            default:
                throw new ArgumentException($"{path} has unknown kind {element.ValueKind}.", nameof(element));
        }
    }

    private static void WriteObject(JsonElement element, StringBuilder output, string path)
    {
        var members = new List<JsonProperty>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            if (!names.Add(member.Name))
            {
                throw new ArgumentException($"{path} has the member \"{member.Name}\" twice; I-JSON forbids duplicate names.", nameof(element));
            }

            members.Add(member);
        }

        // Ordinal comparison of .NET strings compares UTF-16 code units, as RFC 8785 §3.2.3 requires.
        members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));

        output.Append('{');
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                output.Append(',');
            }

            var memberPath = $"{path}.{members[i].Name}";
            WriteString(members[i].Name, output, memberPath);
            output.Append(':');
            Write(members[i].Value, output, memberPath);
        }

        output.Append('}');
    }

    private static string ReadString(JsonElement element, string path)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException error)
        {
            // System.Text.Json refuses to decode an escaped lone surrogate.
            throw new ArgumentException($"{path} is not a valid Unicode string: {error.Message}", nameof(element), error);
        }
    }

    private static double ParseNumber(string raw, string path)
    {
        var value = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(value)
            ? value
            : throw new ArgumentException($"{path} is {raw}, outside the range of an IEEE double.", nameof(raw));
    }

    private static void WriteString(string value, StringBuilder output, string path)
    {
        if (!NoteKeys.IsWellFormedUtf16(value))
        {
            throw new ArgumentException($"{path} contains an unpaired surrogate; I-JSON strings must be valid Unicode.", nameof(value));
        }

        output.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    output.Append("\\\"");
                    break;
                case '\\':
                    output.Append("\\\\");
                    break;
                case '\b':
                    output.Append("\\b");
                    break;
                case '\f':
                    output.Append("\\f");
                    break;
                case '\n':
                    output.Append("\\n");
                    break;
                case '\r':
                    output.Append("\\r");
                    break;
                case '\t':
                    output.Append("\\t");
                    break;
                case < ' ':
                    output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    output.Append(c);
                    break;
            }
        }

        output.Append('"');
    }
}
