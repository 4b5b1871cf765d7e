using System.Globalization;

namespace Grondslag.Domain.Indicators;

/// <summary>Why an address or prefix was refused by the strict parser; each says what form is expected.</summary>
public enum AddressSyntaxError
{
    None,

    /// <summary>Fewer than four parts: <c>1</c>, <c>1.2.3</c> (shorthand forms <c>inet_aton</c> accepts).</summary>
    IPv4Shorthand,

    /// <summary>An octet with a leading zero, which some parsers read as octal: <c>010.1.2.3</c>.</summary>
    IPv4LeadingZero,

    /// <summary>An octet that is not decimal: <c>0x7f.0.0.1</c>.</summary>
    IPv4NotDecimal,

    /// <summary>An octet above 255, or more than four parts.</summary>
    IPv4OutOfRange,

    /// <summary>Not a valid IPv6 spelling.</summary>
    IPv6Malformed,

    /// <summary>An IPv6 zone identifier (<c>fe80::1%eth0</c>) names a local interface, not a global address.</summary>
    IPv6ZoneId,

    /// <summary>A CIDR suffix that is not a decimal length within the family's range.</summary>
    PrefixLengthInvalid,

    /// <summary>A CIDR block whose host bits are not zero: <c>192.0.2.1/24</c>.</summary>
    PrefixHostBitsSet,

    /// <summary>Neither IPv4 nor IPv6.</summary>
    NotAnAddress,
}

/// <summary>
/// Strict, allocation-free parsing of IP addresses and prefixes. IPv4 only as a dotted quad of decimal
/// octets without leading zeros; IPv6 in any RFC 4291 spelling (with an embedded dotted quad allowed) but
/// without a zone identifier or brackets.
/// </summary>
public static class IpAddressParser
{
    /// <summary>What is wrong and what is expected, in English (<see cref="LineRejections.Of(AddressSyntaxError)"/> has the code and the Dutch).</summary>
    public static string Describe(AddressSyntaxError error) => LineRejections.Of(error).Text.En;

    /// <summary>Parses an address without prefix length.</summary>
    public static bool TryParseAddress(ReadOnlySpan<char> text, out IpAddress address, out AddressSyntaxError error)
    {
        if (text.Contains(':'))
        {
            var ok = TryParseIPv6(text, out var value, out error);
            address = ok ? IpAddress.FromValue(value) : default;
            return ok;
        }

        if (TryParseIPv4(text, out var v4, out error))
        {
            address = IpAddress.FromIPv4(v4);
            return true;
        }

        address = default;
        return false;
    }

    /// <summary>Parses an address or an <c>address/length</c> block; a bare address is a full-length prefix.</summary>
    public static bool TryParsePrefix(ReadOnlySpan<char> text, out IpPrefix prefix, out AddressSyntaxError error)
    {
        prefix = default;
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!TryParseAddress(addressText, out var address, out error))
        {
            return false;
        }

        var max = address.IsIPv4 ? 32 : 128;
        var length = max;
        if (slash >= 0)
        {
            var lengthText = text[(slash + 1)..];
            if (lengthText.Length is 0 or > 3 || (lengthText.Length > 1 && lengthText[0] == '0') || !IsAllDigits(lengthText))
            {
                error = AddressSyntaxError.PrefixLengthInvalid;
                return false;
            }

            length = int.Parse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture);
            if (length > max)
            {
                error = AddressSyntaxError.PrefixLengthInvalid;
                return false;
            }
        }

        if ((address.Value & ~IpPrefix.Mask(address, length)) != UInt128.Zero)
        {
            error = AddressSyntaxError.PrefixHostBitsSet;
            return false;
        }

        prefix = new IpPrefix(address, length);
        return true;
    }

    /// <summary>Parses a dotted quad: exactly four decimal octets 0-255, no leading zeros, nothing else.</summary>
    public static bool TryParseIPv4(ReadOnlySpan<char> s, out uint value, out AddressSyntaxError error)
    {
        value = 0;
        var parts = 0;
        var i = 0;
        while (true)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            var digits = i - start;
            if (digits == 0)
            {
                error = parts == 0 ? AddressSyntaxError.NotAnAddress
                    : i < s.Length && char.IsAsciiHexDigit(s[i]) ? AddressSyntaxError.IPv4NotDecimal
                    : AddressSyntaxError.IPv4OutOfRange;
                return false;
            }

            if (i < s.Length && (s[i] is 'x' or 'X' || char.IsAsciiHexDigit(s[i])))
            {
                error = AddressSyntaxError.IPv4NotDecimal;
                return false;
            }

            if (digits > 1 && s[start] == '0')
            {
                error = AddressSyntaxError.IPv4LeadingZero;
                return false;
            }

            if (digits > 3)
            {
                error = AddressSyntaxError.IPv4OutOfRange;
                return false;
            }

            var octet = 0u;
            for (var k = start; k < i; k++)
            {
                octet = (octet * 10) + (uint)(s[k] - '0');
            }

            if (octet > 255)
            {
                error = AddressSyntaxError.IPv4OutOfRange;
                return false;
            }

            value = unchecked((value << 8) | octet);
            parts++;
            if (i == s.Length)
            {
                break;
            }

            if (s[i] != '.')
            {
                error = parts == 1 && !s.Contains('.') ? AddressSyntaxError.NotAnAddress : AddressSyntaxError.IPv4OutOfRange;
                return false;
            }

            if (parts == 4)
            {
                error = AddressSyntaxError.IPv4OutOfRange;
                return false;
            }

            i++;
        }

        if (parts < 4)
        {
            error = AddressSyntaxError.IPv4Shorthand;
            value = 0;
            return false;
        }

        error = AddressSyntaxError.None;
        return true;
    }

    /// <summary>Parses an IPv6 address in any RFC 4291 §2.2 spelling, including a trailing dotted quad.</summary>
    public static bool TryParseIPv6(ReadOnlySpan<char> s, out UInt128 value, out AddressSyntaxError error)
    {
        value = UInt128.Zero;
        if (s.Contains('%'))
        {
            error = AddressSyntaxError.IPv6ZoneId;
            return false;
        }

        error = AddressSyntaxError.IPv6Malformed;
        if (s.Length < 2 || s.Length > 45)
        {
            return false;
        }

        Span<ushort> groups = stackalloc ushort[8];
        var count = 0;
        var gap = -1;
        var i = 0;
        if (s[0] == ':')
        {
            if (s[1] != ':')
            {
                return false;
            }

            gap = 0;
            i = 2;
        }

        while (i < s.Length)
        {
            var start = i;
            var group = 0u;
            while (i < s.Length && char.IsAsciiHexDigit(s[i]) && i - start < 5)
            {
                group = (group << 4) | (uint)HexValue(s[i]);
                i++;
            }

            if (i < s.Length && s[i] == '.')
            {
                // An embedded dotted quad ends the address and fills the last two groups.
                if (count > 6)
                {
                    return false;
                }

                if (!TryParseIPv4(s[start..], out var v4, out var v4Error))
                {
                    error = v4Error;
                    return false;
                }

                groups[count++] = (ushort)(v4 >> 16);
                groups[count++] = (ushort)(v4 & 0xFFFF);
                i = s.Length;
                break;
            }

            if (i - start is 0 or > 4 || count == 8)
            {
                return false;
            }

            groups[count++] = (ushort)group;
            if (i == s.Length)
            {
                break;
            }

            if (s[i] != ':')
            {
                return false;
            }

            i++;
            if (i < s.Length && s[i] == ':')
            {
                if (gap >= 0)
                {
                    return false;
                }

                gap = count;
                i++;
            }
            else if (i == s.Length)
            {
                return false;
            }
        }

        if (gap < 0 ? count != 8 : count > 7)
        {
            return false;
        }

        var result = UInt128.Zero;
        var zeros = 8 - count;
        var g = 0;
        for (var position = 0; position < 8; position++)
        {
            ushort word;
            if (gap >= 0 && position >= gap && position < gap + zeros)
            {
                word = 0;
            }
            else
            {
                word = groups[g++];
            }

            result = (result << 16) | word;
        }

        value = result;
        error = AddressSyntaxError.None;
        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static bool IsAllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
