using System.Diagnostics.CodeAnalysis;

namespace Grondslag.Domain.Audit;

/// <summary>
/// Standard base64 (RFC 4648 §4, padded) that accepts only the one canonical spelling of each
/// value: no whitespace, no missing padding, no stray bits. Signed text must not have two readings.
/// </summary>
public static class StrictBase64
{
    public static bool TryDecode(string text, [NotNullWhen(true)] out byte[]? bytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        bytes = null;
        if (text.Length % 4 != 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '/' or '='))
            {
                return false;
            }
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return false;
        }

        if (!string.Equals(Convert.ToBase64String(decoded), text, StringComparison.Ordinal))
        {
            return false;
        }

        bytes = decoded;
        return true;
    }
}
