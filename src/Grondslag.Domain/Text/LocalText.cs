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
    public string For(string? language) => IsDutch(language) ? Nl : En;

    /// <summary>True for <c>nl</c>, <c>nl-NL</c>, <c>nl_NL.UTF-8</c> and the like (a culture name or a POSIX locale).</summary>
    public static bool IsDutch(string? language) =>
        language is { } code
        && (code.Equals("nl", StringComparison.OrdinalIgnoreCase) || code.StartsWith("nl-", StringComparison.OrdinalIgnoreCase) || code.StartsWith("nl_", StringComparison.OrdinalIgnoreCase) || code.StartsWith("nl.", StringComparison.OrdinalIgnoreCase));

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

    /// <summary>True for a Dutch culture (nl, nl-NL, nl-BE).</summary>
    public static bool IsDutch(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        // By name, not TwoLetterISOLanguageName: that is "iv" when globalization runs invariant (containers).
        return IsDutch(culture.Name);
    }

    public override string ToString() => En;
}
