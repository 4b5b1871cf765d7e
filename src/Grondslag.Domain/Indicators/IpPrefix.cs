namespace Grondslag.Domain.Indicators;

/// <summary>
/// An address prefix (CIDR block) whose host bits are zero. <see cref="Length"/> counts in the
/// family's own bits: 0–32 for IPv4, 0–128 for IPv6.
/// </summary>
public readonly record struct IpPrefix
{
    public IpPrefix(IpAddress network, int length)
    {
        var max = network.IsIPv4 ? 32 : 128;
        if (length < 0 || length > max)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A {network.Family} prefix length is 0 to {max}.");
        }

        if ((network.Value & ~Mask(network, length)) != UInt128.Zero)
        {
            throw new ArgumentException($"{network}/{length} has host bits set; the network is {IpAddress.FromValue(network.Value & Mask(network, length))}/{length}.", nameof(network));
        }

        Network = network;
        Length = length;
    }

    public IpAddress Network { get; }

    public int Length { get; }

    public IpFamily Family => Network.Family;

    /// <summary>The first address of the block (its network address).</summary>
    public IpAddress First => Network;

    /// <summary>The last address of the block.</summary>
    public IpAddress Last => IpAddress.FromValue(Network.Value | ~Mask(Network, Length));

    /// <summary>The prefix length counted over all 128 bits (IPv4 prefixes lie in <c>::ffff:0:0/96</c>).</summary>
    public int Length128 => Network.IsIPv4 ? Length + 96 : Length;

    public bool Contains(IpAddress address) => (address.Value & Mask(Network, Length)) == Network.Value;

    /// <summary>The number of addresses in the block, saturated at <see cref="UInt128.MaxValue"/> for ::/0.</summary>
    public UInt128 AddressCount => Length128 == 0 ? UInt128.MaxValue : UInt128.One << (128 - Length128);

    public static IpPrefix Parse(string text) =>
        IpAddressParser.TryParsePrefix(text, out var prefix, out var error)
            ? prefix
            : throw new FormatException($"'{text}' is not an address prefix: {error}");

    public static bool TryParse(ReadOnlySpan<char> text, out IpPrefix prefix) =>
        IpAddressParser.TryParsePrefix(text, out prefix, out _);

    public override string ToString() => $"{Network}/{Length}";

    internal static UInt128 Mask(IpAddress network, int length)
    {
        var length128 = network.IsIPv4 ? length + 96 : length;
        return length128 == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - length128);
    }
}
