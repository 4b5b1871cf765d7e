using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck.Xunit;
using Grondslag.Domain.Audit;

namespace Grondslag.Domain.Tests.Audit;

public sealed class CanonicalJsonTests
{
    private static string Canonical(string json)
    {
        using var document = JsonDocument.Parse(json);
        return CanonicalJson.SerializeToString(document.RootElement);
    }

    [Fact]
    public void Serialize_Rfc8785MainExample_MatchesPublishedOutput()
    {
        // RFC 8785 §3.2.2 input and §3.2.3 output.
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        const string expected = """{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}""";

        Assert.Equal(expected, Canonical(input));
    }

    [Fact]
    public void Serialize_Rfc8785MainExample_Utf8BytesMatchPublishedHex()
    {
        // RFC 8785 §3.2.4: the UTF-8 of the "string" member, with € as E2 82 AC.
        var bytes = CanonicalJson.Serialize(JsonNode.Parse("""{"string":"\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/"}"""));

        Assert.Equal("7b22737472696e67223a22e282ac245c75303030665c6e4127425c225c5c5c5c5c222f227d", Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void Serialize_Rfc8785SortingExample_OrdersByUtf16CodeUnits()
    {
        // RFC 8785 §3.2.3: "\r", "1", U+0080, "ö", "€", 😀 (a surrogate pair, D83D), U+FB33.
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;

        using var document = JsonDocument.Parse(Canonical(input));
        var values = document.RootElement.EnumerateObject().Select(p => p.Value.GetString()).ToArray();

        Assert.Equal(
            new[] { "Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh" },
            values);
        Assert.StartsWith("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\"", Canonical(input), StringComparison.Ordinal);
    }

    // RFC 8785 Appendix B: IEEE 754 bit patterns and their ECMAScript text.
    [Theory]
    [InlineData(0x0000000000000000UL, "0")]
    [InlineData(0x8000000000000000UL, "0")]
    [InlineData(0x0000000000000001UL, "5e-324")]
    [InlineData(0x8000000000000001UL, "-5e-324")]
    [InlineData(0x7fefffffffffffffUL, "1.7976931348623157e+308")]
    [InlineData(0xffefffffffffffffUL, "-1.7976931348623157e+308")]
    [InlineData(0x4340000000000000UL, "9007199254740992")]
    [InlineData(0xc340000000000000UL, "-9007199254740992")]
    [InlineData(0x4430000000000000UL, "295147905179352830000")]
    [InlineData(0x44b52d02c7e14af5UL, "9.999999999999997e+22")]
    [InlineData(0x44b52d02c7e14af6UL, "1e+23")]
    [InlineData(0x44b52d02c7e14af7UL, "1.0000000000000001e+23")]
    [InlineData(0x444b1ae4d6e2ef4eUL, "999999999999999700000")]
    [InlineData(0x444b1ae4d6e2ef4fUL, "999999999999999900000")]
    [InlineData(0x444b1ae4d6e2ef50UL, "1e+21")]
    [InlineData(0x3eb0c6f7a0b5ed8cUL, "9.999999999999997e-7")]
    [InlineData(0x3eb0c6f7a0b5ed8dUL, "0.000001")]
    [InlineData(0x41b3de4355555553UL, "333333333.3333332")]
    [InlineData(0x41b3de4355555554UL, "333333333.33333325")]
    [InlineData(0x41b3de4355555555UL, "333333333.3333333")]
    [InlineData(0x41b3de4355555556UL, "333333333.3333334")]
    [InlineData(0x41b3de4355555557UL, "333333333.33333343")]
    [InlineData(0xbecbf647612f3696UL, "-0.0000033333333333333333")]
    [InlineData(0x43143ff3c1cb0959UL, "1424953923781206.2")]
    public void FormatNumber_Rfc8785AppendixB_MatchesEcmaScript(ulong bits, string expected) =>
        Assert.Equal(expected, CanonicalJson.FormatNumber(BitConverter.UInt64BitsToDouble(bits)));

    [Property(MaxTest = 2000)]
    public bool FormatNumber_AnyFiniteDouble_ReadsBackToTheSameValueAndIsCanonical(ulong bits)
    {
        var value = BitConverter.UInt64BitsToDouble(bits);
        if (!double.IsFinite(value))
        {
            return true;
        }

        var text = CanonicalJson.FormatNumber(value);
        var back = double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        return (back == value || (value == 0 && back == 0)) && CanonicalJson.FormatNumber(back) == text && Canonical(text) == text;
    }

    [Theory]
    [InlineData("1e21", "1e+21")]
    [InlineData("1e20", "100000000000000000000")]
    [InlineData("1e-7", "1e-7")]
    [InlineData("1e-6", "0.000001")]
    [InlineData("-0", "0")]
    [InlineData("-0.0e5", "0")]
    [InlineData("333333333.33333329", "333333333.3333333")]
    [InlineData("4.50", "4.5")]
    [InlineData("1.5e300", "1.5e+300")]
    [InlineData("123456789012345678901234567890", "1.2345678901234568e+29")]
    [InlineData("0.1", "0.1")]
    [InlineData("100", "100")]
    [InlineData("-12.5e-10", "-1.25e-9")]
    public void Serialize_NumberLiteral_WrittenAsEcmaScriptDouble(string json, string expected) =>
        Assert.Equal(expected, Canonical(json));

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    public void Serialize_NumberBeyondDouble_IsRefused(string json) =>
        Assert.Throws<ArgumentException>(() => Canonical(json));

    [Fact]
    public void FormatNumber_NaNOrInfinity_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => CanonicalJson.FormatNumber(double.NaN));
        Assert.Throws<ArgumentException>(() => CanonicalJson.FormatNumber(double.PositiveInfinity));
    }

    [Theory]
    [InlineData("\"\\u0000\\u001f\\u007f\"", "\"\\u0000\\u001f\u007f\"")]
    [InlineData("\"\\b\\f\\n\\r\\t\"", "\"\\b\\f\\n\\r\\t\"")]
    [InlineData("\"\\u2028\\u2029 < > & ' /\"", "\"\u2028\u2029 < > & ' /\"")]
    [InlineData("\"\\ud83d\\ude00 é\"", "\"😀 é\"")]
    [InlineData("\"\\\"\\\\\"", "\"\\\"\\\\\"")]
    public void Serialize_String_EscapesOnlyWhatJcsRequires(string json, string expected) =>
        Assert.Equal(expected, Canonical(json));

    [Fact]
    public void Serialize_LoneSurrogate_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => Canonical("\"\\ud800\""));
        Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(JsonValue.Create("a\ud800b")));
    }

    [Fact]
    public void Serialize_DuplicateMemberNames_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => Canonical("""{"a":1,"b":{"c":1,"c":2}}"""));

        Assert.Contains("$.b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_JsonNodeWithDuplicateNames_IsRefused() =>
        Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(JsonNode.Parse("""{"a":1,"a":2}""")));

    [Fact]
    public void Serialize_CanonicalOutput_IsAFixedPoint()
    {
        var once = Canonical("""{"z":[1e21,-0,"\u00e9\n"],"a":{"c":0.1,"b":1E-7}}""");

        Assert.Equal(once, Canonical(once));
    }

    [Fact]
    public void Serialize_NestedWhitespaceAndOrder_IsIrrelevant()
    {
        var a = Canonical("""{ "b" : [ 1 , { "y":true, "x":null } ], "a" : "z" }""");
        var b = Canonical("""{"a":"z","b":[1.0,{"x":null,"y":true}]}""");

        Assert.Equal("""{"a":"z","b":[1,{"x":null,"y":true}]}""", a);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Serialize_JsonNodeBuiltInCode_MatchesParsedEquivalent()
    {
        var node = new JsonObject
        {
            ["verdict"] = "permitted",
            ["ruleSetHash"] = "sha256:00",
            ["recipients"] = new JsonArray(3, 1.5, -0.0),
            ["actor"] = null,
        };

        Assert.Equal("""{"actor":null,"recipients":[3,1.5,0],"ruleSetHash":"sha256:00","verdict":"permitted"}""", Encoding.UTF8.GetString(CanonicalJson.Serialize(node)));
        Assert.Equal("null", CanonicalJson.SerializeToString((JsonNode?)null));
    }
}
