using System.Globalization;

namespace Grondslag.Domain.Text;

/// <summary>
/// A text a person reads, in English and in Dutch. Both are required: there is no "missing translation" state,
/// so a reader in either language always gets the full text. Immutable.
/// </summary>
public sealed record LocalText
{
    public LocalText(string en, string nl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(en);
        ArgumentException.ThrowIfNullOrWhiteSpace(nl);
        En = en;
        Nl = nl;
    }

    /// <summary>The English text (the API's <c>explanation</c>, the CLI's default).</summary>
    public string En { get; }

    /// <summary>The Dutch text.</summary>
    public string Nl { get; }

    /// <summary>The text for a culture: Dutch for any <c>nl</c> culture (nl, nl-NL, nl-BE), English otherwise.</summary>
    public string For(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return IsDutch(culture) ? Nl : En;
    }

    /// <summary>The text in a language given by its code (<c>nl</c>, <c>nl-NL</c>, <c>en</c>); English for anything else.</summary>
    public string For(string? language) =>
        language is { } code && (code.Equals("nl", StringComparison.OrdinalIgnoreCase) || code.StartsWith("nl-", StringComparison.OrdinalIgnoreCase) || code.StartsWith("nl_", StringComparison.OrdinalIgnoreCase))
            ? Nl
            : En;

    /// <summary>Applies the same transformation to both languages.</summary>
    public LocalText Map(Func<string, string> both)
    {
        ArgumentNullException.ThrowIfNull(both);
        return new(both(En), both(Nl));
    }

    /// <summary>Joins texts per language with a separator.</summary>
    public static LocalText Join(string separator, IEnumerable<LocalText> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var list = parts.ToList();
        return new(string.Join(separator, list.Select(p => p.En)), string.Join(separator, list.Select(p => p.Nl)));
    }

    /// <summary>True for a Dutch culture or one of its parents (nl-NL → nl).</summary>
    public static bool IsDutch(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return string.Equals(culture.TwoLetterISOLanguageName, "nl", StringComparison.OrdinalIgnoreCase);
    }

    public override string ToString() => En;
}
