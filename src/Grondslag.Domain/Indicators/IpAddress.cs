using System.Globalization;

namespace Grondslag.Domain.Indicators;

/// <summary>The two address families.</summary>
public enum IpFamily
{
    IPv4,
    IPv6,
}

/// <summary>
/// An IPv4 or IPv6 address as one 128-bit value (16 bytes, no references), so that millions of them
/// sort, hash and compare cheaply. An IPv4 address is stored in its IPv4-mapped IPv6 form
/// (<c>::ffff:a.b.c.d</c>, RFC 4291 §2.5.5.2); therefore <c>::ffff:192.0.2.1</c> and <c>192.0.2.1</c>
/// are the same address, written in dotted-quad form.
/// </summary>
public readonly struct IpAddress : IEquatable<IpAddress>, IComparable<IpAddress>
{
    private const ulong MappedPrefixHigh = 0;
    private const ulong MappedPrefixLowTag = 0x0000_FFFF_0000_0000UL;

    private IpAddress(UInt128 value) => Value = value;

    /// <summary>The address as a 128-bit number; IPv4 addresses lie in <c>::ffff:0:0/96</c>.</summary>
    public UInt128 Value { get; }

    public IpFamily Family => IsIPv4Value(Value) ? IpFamily.IPv4 : IpFamily.IPv6;

    public bool IsIPv4 => IsIPv4Value(Value);

    /// <summary>The 32-bit IPv4 value; only meaningful when <see cref="IsIPv4"/>.</summary>
    public uint IPv4Value => unchecked((uint)Value);

    public static IpAddress FromIPv4(uint value) => new(new UInt128(MappedPrefixHigh, MappedPrefixLowTag | value));

    public static IpAddress FromIPv6(UInt128 value) => new(value);

    /// <summary>The address for a 128-bit value; values in <c>::ffff:0:0/96</c> are IPv4.</summary>
    public static IpAddress FromValue(UInt128 value) => new(value);

    internal static bool IsIPv4Value(UInt128 value) =>
        (ulong)(value >> 64) == MappedPrefixHigh && ((ulong)value & 0xFFFF_FFFF_0000_0000UL) == MappedPrefixLowTag;

    public bool Equals(IpAddress other) => Value == other.Value;

    public override bool Equals(object? obj) => obj is IpAddress other && Equals(other);

    public override int GetHashCode() => Value.GetHashCode();

    public int CompareTo(IpAddress other) => Value.CompareTo(other.Value);

    public static bool operator ==(IpAddress left, IpAddress right) => left.Equals(right);

    public static bool operator !=(IpAddress left, IpAddress right) => !left.Equals(right);

    public static bool operator <(IpAddress left, IpAddress right) => left.Value < right.Value;

    public static bool operator >(IpAddress left, IpAddress right) => left.Value > right.Value;

    public static bool operator <=(IpAddress left, IpAddress right) => left.Value <= right.Value;

    public static bool operator >=(IpAddress left, IpAddress right) => left.Value >= right.Value;

    /// <summary>Parses one address strictly; see <see cref="IpAddressParser"/> for the accepted forms.</summary>
    public static IpAddress Parse(string text) =>
        IpAddressParser.TryParseAddress(text, out var address, out var error)
            ? address
            : throw new FormatException($"'{text}' is not an IP address: {error}");

    public static bool TryParse(ReadOnlySpan<char> text, out IpAddress address) =>
        IpAddressParser.TryParseAddress(text, out address, out _);

    /// <summary>Dotted quad for IPv4, RFC 5952 canonical text for IPv6.</summary>
    public override string ToString()
    {
        Span<char> buffer = stackalloc char[45];
        var written = Format(buffer);
        return new string(buffer[..written]);
    }

    /// <summary>Writes the canonical text into <paramref name="destination"/> (at least 45 chars) and returns its length.</summary>
    public int Format(Span<char> destination) =>
        IsIPv4 ? FormatIPv4(IPv4Value, destination) : FormatIPv6(Value, destination);

    private static int FormatIPv4(uint value, Span<char> destination)
    {
        var position = 0;
        for (var shift = 24; shift >= 0; shift -= 8)
        {
            var octet = (value >> shift) & 0xFF;
            octet.TryFormat(destination[position..], out var written, default, CultureInfo.InvariantCulture);
            position += written;
            if (shift > 0)
            {
                destination[position++] = '.';
            }
        }

        return position;
    }

    private static int FormatIPv6(UInt128 value, Span<char> destination)
    {
        Span<ushort> groups = stackalloc ushort[8];
        for (var i = 0; i < 8; i++)
        {
            groups[i] = (ushort)(value >> (112 - (16 * i)) & 0xFFFF);
        }

        // RFC 5952 §4.2: compress the longest run of two or more zero groups, the first one on a tie.
        int bestStart = -1, bestLength = 0;
        for (var i = 0; i < 8;)
        {
            if (groups[i] != 0)
            {
                i++;
                continue;
            }

            var start = i;
            while (i < 8 && groups[i] == 0)
            {
                i++;
            }

            if (i - start > bestLength)
            {
                bestStart = start;
                bestLength = i - start;
            }
        }

        if (bestLength < 2)
        {
            bestStart = -1;
        }

        var position = 0;
        for (var i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                destination[position++] = ':';
                destination[position++] = ':';
                i += bestLength - 1;
                continue;
            }

            if (position > 0 && destination[position - 1] != ':')
            {
                destination[position++] = ':';
            }

            groups[i].TryFormat(destination[position..], out var written, "x", CultureInfo.InvariantCulture);
            position += written;
        }

        return position;
    }
}
