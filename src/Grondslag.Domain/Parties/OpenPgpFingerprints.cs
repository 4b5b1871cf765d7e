namespace Grondslag.Domain.Parties;

/// <summary>
/// OpenPGP fingerprints as people write them: hex digits in groups separated by spaces (as gpg prints them), v4 keys
/// 40 hex digits (SHA-1), v5 and v6 keys 64 (SHA-256, RFC 9580). One form is kept: upper case, no spaces.
/// <see cref="Placeholder"/> marks a contact whose key is not known yet.
/// </summary>
public static class OpenPgpFingerprints
{
    public const string Placeholder = "PLACEHOLDER";

    /// <summary>The canonical form (upper-case hex, no spaces), or null when the text is not a v4, v5 or v6 fingerprint.</summary>
    public static string? Normalise(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        if (compact.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            compact = compact[2..];
        }

        return compact.Length is 40 or 64 && compact.All(char.IsAsciiHexDigit) ? compact.ToUpperInvariant() : null;
    }

    /// <summary>True for a missing or <see cref="Placeholder"/> fingerprint: no key to encrypt to.</summary>
    public static bool IsPlaceholder(string? fingerprint) =>
        string.IsNullOrWhiteSpace(fingerprint) || string.Equals(fingerprint.Trim(), Placeholder, StringComparison.OrdinalIgnoreCase);
}
