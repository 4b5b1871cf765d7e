namespace Grondslag.Domain.Law;

/// <summary>FIRST Traffic Light Protocol 2.0 labels. TLP limits onward sharing; it is never a legal basis.</summary>
public enum TlpLevel
{
    Clear,
    Green,
    Amber,
    AmberStrict,
    Red,
}

/// <summary>Wire names (<c>clear</c>, <c>amber+strict</c> …) and display labels (<c>TLP:AMBER+STRICT</c>).</summary>
public static class TlpLevels
{
    public static IReadOnlyList<TlpLevel> All { get; } = Enum.GetValues<TlpLevel>();

    public static string ToWire(this TlpLevel level) => level switch
    {
        TlpLevel.Clear => "clear",
        TlpLevel.Green => "green",
        TlpLevel.Amber => "amber",
        TlpLevel.AmberStrict => "amber+strict",
        TlpLevel.Red => "red",
    };

    public static string ToLabel(this TlpLevel level) => "TLP:" + level.ToWire().ToUpperInvariant();

    public static bool TryParse(string? text, out TlpLevel level)
    {
        var t = text?.Trim().ToLowerInvariant();
        if (t is not null && t.StartsWith("tlp:", StringComparison.Ordinal))
        {
            t = t[4..];
        }

        t = t == "amber-strict" ? "amber+strict" : t;
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToWire(), t, StringComparison.Ordinal))
            {
                level = candidate;
                return true;
            }
        }

        level = default;
        return false;
    }
}
