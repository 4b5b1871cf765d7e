namespace Grondslag.Domain.Parties;

/// <summary>An ISO 3166-1 alpha-2 country code, upper case (e.g. <c>NL</c>, <c>GB</c>).</summary>
public readonly record struct CountryCode : IComparable<CountryCode>
{
    private CountryCode(string value) => Value = value;

    public string Value { get; }

    public static CountryCode Netherlands { get; } = new("NL");

    public static bool TryParse(string? text, out CountryCode code)
    {
        var t = text?.Trim();
        if (t is { Length: 2 } && char.IsAsciiLetter(t[0]) && char.IsAsciiLetter(t[1]))
        {
            code = new CountryCode(t.ToUpperInvariant());
            return true;
        }

        code = default;
        return false;
    }

    public static CountryCode Parse(string text) =>
        TryParse(text, out var code)
            ? code
            : throw new FormatException($"'{text}' is not a country code; use an ISO 3166-1 alpha-2 code such as NL or GB.");

    public int CompareTo(CountryCode other) => string.CompareOrdinal(Value, other.Value);

    public static bool operator <(CountryCode left, CountryCode right) => left.CompareTo(right) < 0;

    public static bool operator <=(CountryCode left, CountryCode right) => left.CompareTo(right) <= 0;

    public static bool operator >(CountryCode left, CountryCode right) => left.CompareTo(right) > 0;

    public static bool operator >=(CountryCode left, CountryCode right) => left.CompareTo(right) >= 0;

    public override string ToString() => Value ?? "";
}
