using System.Collections.Immutable;

namespace Grondslag.Domain.Indicators;

/// <summary>One entry of the IANA special-purpose address registries (or a block with the same effect).</summary>
public sealed record SpecialPurposeBlock(IpPrefix Prefix, string Name, string Reference, bool GloballyReachable);

/// <summary>
/// Addresses that are not globally reachable and therefore cannot be attributed to a country or network:
/// the IANA IPv4 and IPv6 Special-Purpose Address Registries (entries with "Globally Reachable: False"),
/// multicast, and IPv6 space outside global unicast 2000::/3. The most specific matching block decides,
/// so the registry's globally reachable exceptions inside a reserved block (192.0.0.9/32, 2001:4:112::/48 …)
/// stay attributable.
/// </summary>
public static class SpecialPurposeAddresses
{
    /// <summary>Every block, most specific first.</summary>
    public static ImmutableArray<SpecialPurposeBlock> Blocks { get; } = Build();

    private static readonly SpecialPurposeBlock[] IPv4Blocks = [.. Blocks.Where(b => b.Prefix.Network.IsIPv4)];
    private static readonly uint[] IPv4Networks = [.. IPv4Blocks.Select(b => b.Prefix.Network.IPv4Value)];
    private static readonly uint[] IPv4Masks = [.. IPv4Blocks.Select(b => b.Prefix.Length == 0 ? 0u : uint.MaxValue << (32 - b.Prefix.Length))];
    private static readonly SpecialPurposeBlock[] IPv6Blocks = [.. Blocks.Where(b => !b.Prefix.Network.IsIPv4)];

    /// <summary>Per first octet: whether any IPv4 block overlaps that /8 (most octets have none, so most addresses need no search).</summary>
    private static readonly bool[] IPv4FirstOctetHasBlock = FirstOctets();

    /// <summary>The block that makes <paramref name="address"/> not attributable, or null if it is globally reachable.</summary>
    public static SpecialPurposeBlock? NotGloballyReachable(IpAddress address) =>
        address.IsIPv4 ? NotGloballyReachableIPv4(address.IPv4Value) : NotGloballyReachableIPv6(address);

    /// <summary>The block that makes the IPv4 address <paramref name="value"/> not attributable, or null if it is globally reachable.</summary>
    public static SpecialPurposeBlock? NotGloballyReachableIPv4(uint value)
    {
        if (!IPv4FirstOctetHasBlock[value >> 24])
        {
            return null;
        }

        for (var i = 0; i < IPv4Networks.Length; i++)
        {
            if ((value & IPv4Masks[i]) == IPv4Networks[i])
            {
                return IPv4Blocks[i].GloballyReachable ? null : IPv4Blocks[i];
            }
        }

        return null;
    }

    private static bool[] FirstOctets()
    {
        var result = new bool[256];
        for (var i = 0; i < IPv4Networks.Length; i++)
        {
            // A block covers first octets network>>24 up to (network | ~mask)>>24.
            for (var octet = IPv4Networks[i] >> 24; octet <= (IPv4Networks[i] | ~IPv4Masks[i]) >> 24; octet++)
            {
                result[octet] = true;
            }
        }

        return result;
    }

    private static SpecialPurposeBlock? NotGloballyReachableIPv6(IpAddress address)
    {
        foreach (var block in IPv6Blocks)
        {
            if (block.Prefix.Contains(address))
            {
                return block.GloballyReachable ? null : block;
            }
        }

        return null;
    }

    public static bool IsGloballyReachable(IpAddress address) => NotGloballyReachable(address) is null;

    private static ImmutableArray<SpecialPurposeBlock> Build()
    {
        (string Prefix, string Name, string Reference, bool Global)[] entries =
        [
            // IPv4 (iana.org/assignments/iana-ipv4-special-registry).
            ("0.0.0.0/8", "\"this network\"", "RFC 791", false),
            ("10.0.0.0/8", "private-use", "RFC 1918", false),
            ("100.64.0.0/10", "shared address space (carrier-grade NAT)", "RFC 6598", false),
            ("127.0.0.0/8", "loopback", "RFC 1122", false),
            ("169.254.0.0/16", "link-local", "RFC 3927", false),
            ("172.16.0.0/12", "private-use", "RFC 1918", false),
            ("192.0.0.9/32", "Port Control Protocol anycast", "RFC 7723", true),
            ("192.0.0.10/32", "TURN anycast", "RFC 8155", true),
            ("192.0.0.0/24", "IETF protocol assignments", "RFC 6890", false),
            ("192.0.2.0/24", "documentation (TEST-NET-1)", "RFC 5737", false),
            ("192.88.99.0/24", "deprecated 6to4 relay anycast", "RFC 7526", false),
            ("192.168.0.0/16", "private-use", "RFC 1918", false),
            ("198.18.0.0/15", "benchmarking", "RFC 2544", false),
            ("198.51.100.0/24", "documentation (TEST-NET-2)", "RFC 5737", false),
            ("203.0.113.0/24", "documentation (TEST-NET-3)", "RFC 5737", false),
            ("224.0.0.0/4", "multicast", "RFC 5771", false),
            ("255.255.255.255/32", "limited broadcast", "RFC 919", false),
            ("240.0.0.0/4", "reserved", "RFC 1112", false),

            // IPv6 (iana.org/assignments/iana-ipv6-special-registry).
            ("::/128", "unspecified address", "RFC 4291", false),
            ("::1/128", "loopback", "RFC 4291", false),
            // 64:ff9b::/96 is globally reachable per IANA (NAT64 well-known prefix); 64:ff9b:1::/48 is local use.
            ("64:ff9b::/96", "IPv4/IPv6 translation", "RFC 6052", true),
            ("64:ff9b:1::/48", "local-use IPv4/IPv6 translation", "RFC 8215", false),
            ("100::/64", "discard-only", "RFC 6666", false),
            ("100:0:0:1::/64", "dummy IPv6 prefix", "RFC 9780", false),
            ("2001:1::1/128", "Port Control Protocol anycast", "RFC 7723", true),
            ("2001:1::2/128", "TURN anycast", "RFC 8155", true),
            ("2001:1::3/128", "DNS-SD service registration protocol anycast", "RFC 9665", true),
            ("2001:3::/32", "AMT", "RFC 7450", true),
            ("2001:4:112::/48", "AS112-v6", "RFC 7535", true),
            ("2001:20::/28", "ORCHIDv2", "RFC 7343", true),
            ("2001:30::/28", "drone remote ID protocol entity tags", "RFC 9374", true),
            ("2001:db8::/32", "documentation", "RFC 3849", false),
            ("2001::/23", "IETF protocol assignments (incl. Teredo 2001::/32)", "RFC 2928", false),
            ("2620:4f:8000::/48", "direct delegation AS112 service", "RFC 7534", true),
            ("3fff::/20", "documentation", "RFC 9637", false),
            ("5f00::/16", "segment routing (SRv6) SIDs", "RFC 9602", false),
            ("2000::/3", "global unicast", "RFC 4291", true),
            ("fc00::/7", "unique-local", "RFC 4193", false),
            ("fe80::/10", "link-local unicast", "RFC 4291", false),
            ("fec0::/10", "deprecated site-local", "RFC 3879", false),
            ("ff00::/8", "multicast", "RFC 4291", false),
            ("::/0", "outside global unicast 2000::/3 (reserved by the IETF)", "RFC 4291", false),
        ];

        return [.. entries
            .Select(e => new SpecialPurposeBlock(IpPrefix.Parse(e.Prefix), e.Name, e.Reference, e.Global))
            .OrderByDescending(b => b.Prefix.Length128)];
    }
}
