using Grondslag.Domain.Indicators;

namespace Grondslag.Domain.Tests.Indicators;

public sealed class IpAddressTests
{
    [Theory]
    [InlineData("2001:DB8:0:0:0:0:0:1", "2001:db8::1")]
    [InlineData("2001:0db8:0000:0000:0001:0000:0000:0001", "2001:db8::1:0:0:1")]
    [InlineData("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1")]
    [InlineData("0:0:0:0:0:0:0:0", "::")]
    [InlineData("::0:1", "::1")]
    [InlineData("fe80::", "fe80::")]
    [InlineData("2001:db8::0.0.0.1", "2001:db8::1")]
    [InlineData("::ffff:1.2.3.4", "1.2.3.4")]
    [InlineData("::FFFF:0102:0304", "1.2.3.4")]
    public void Parse_IPv6Spelling_NormalisesToRfc5952(string input, string canonical)
    {
        Assert.Equal(canonical, IpAddress.Parse(input).ToString());
    }

    [Fact]
    public void ParseFormat_RandomAddresses_RoundTrip()
    {
        var random = new Random(5952);
        for (var i = 0; i < 20_000; i++)
        {
            var value = new UInt128((ulong)random.NextInt64() & (i % 3 == 0 ? 0UL : ulong.MaxValue), (ulong)random.NextInt64() & (i % 5 == 0 ? 0xFFFF_0000_FFFFUL : ulong.MaxValue));
            var address = i % 2 == 0 ? IpAddress.FromIPv4((uint)random.NextInt64(0, 1L << 32)) : IpAddress.FromValue(value);

            Assert.Equal(address, IpAddress.Parse(address.ToString()));
            Assert.Equal(System.Net.IPAddress.Parse(address.ToString()).ToString().Replace("::ffff:", "", StringComparison.Ordinal), address.ToString());
        }
    }

    [Theory]
    [InlineData("1", AddressSyntaxError.IPv4Shorthand)]
    [InlineData("1.2.3", AddressSyntaxError.IPv4Shorthand)]
    [InlineData("0x7f.1", AddressSyntaxError.IPv4NotDecimal)]
    [InlineData("1.2.3.0x4", AddressSyntaxError.IPv4NotDecimal)]
    [InlineData("010.1.2.3", AddressSyntaxError.IPv4LeadingZero)]
    [InlineData("1.2.3.04", AddressSyntaxError.IPv4LeadingZero)]
    [InlineData("256.1.2.3", AddressSyntaxError.IPv4OutOfRange)]
    [InlineData("1.2.3.4.5", AddressSyntaxError.IPv4OutOfRange)]
    [InlineData("1.2.3.", AddressSyntaxError.IPv4OutOfRange)]
    [InlineData("1..2.3", AddressSyntaxError.IPv4OutOfRange)]
    [InlineData("hello", AddressSyntaxError.NotAnAddress)]
    [InlineData("fe80::1%eth0", AddressSyntaxError.IPv6ZoneId)]
    [InlineData("1::2::3", AddressSyntaxError.IPv6Malformed)]
    [InlineData("1:2:3:4:5:6:7:8:9", AddressSyntaxError.IPv6Malformed)]
    [InlineData("1:2:3:4:5:6:7", AddressSyntaxError.IPv6Malformed)]
    [InlineData("12345::1", AddressSyntaxError.IPv6Malformed)]
    [InlineData("[2001:db8::1]", AddressSyntaxError.IPv6Malformed)]
    [InlineData("2001:db8::g", AddressSyntaxError.IPv6Malformed)]
    [InlineData(":1::", AddressSyntaxError.IPv6Malformed)]
    [InlineData("::ffff:1.2.3", AddressSyntaxError.IPv4Shorthand)]
    public void TryParseAddress_InvalidForm_GivesReason(string input, AddressSyntaxError expected)
    {
        Assert.False(IpAddressParser.TryParseAddress(input, out _, out var error));
        Assert.Equal(expected, error);
        Assert.NotEmpty(IpAddressParser.Describe(error));
    }

    [Theory]
    [InlineData("192.0.2.0/24", 24, "192.0.2.255")]
    [InlineData("2001:db8::/32", 32, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("0.0.0.0/0", 0, "255.255.255.255")]
    public void ParsePrefix_Valid_GivesLengthAndLastAddress(string input, int length, string last)
    {
        var prefix = IpPrefix.Parse(input);

        Assert.Equal(length, prefix.Length);
        Assert.Equal(last, prefix.Last.ToString());
    }

    [Theory]
    [InlineData("192.0.2.1/24", AddressSyntaxError.PrefixHostBitsSet)]
    [InlineData("192.0.2.0/33", AddressSyntaxError.PrefixLengthInvalid)]
    [InlineData("192.0.2.0/024", AddressSyntaxError.PrefixLengthInvalid)]
    [InlineData("192.0.2.0/", AddressSyntaxError.PrefixLengthInvalid)]
    [InlineData("2001:db8::/129", AddressSyntaxError.PrefixLengthInvalid)]
    public void TryParsePrefix_Invalid_GivesReason(string input, AddressSyntaxError expected)
    {
        Assert.False(IpAddressParser.TryParsePrefix(input, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("169.254.1.1", false)]
    [InlineData("0.1.2.3", false)]
    [InlineData("192.0.0.1", false)]
    [InlineData("192.0.0.9", true)]
    [InlineData("192.0.2.1", false)]
    [InlineData("198.18.0.1", false)]
    [InlineData("198.51.100.1", false)]
    [InlineData("203.0.113.1", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("240.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("100::1", false)]
    [InlineData("3fff::1", false)]
    [InlineData("2001::1", false)]
    [InlineData("2001:4:112::1", true)]
    [InlineData("64:ff9b::1.2.3.4", true)]
    [InlineData("1.1.1.1", true)]
    [InlineData("2a00:1450::1", true)]
    public void IsGloballyReachable_SpecialPurposeBlocks_FollowIana(string input, bool expected)
    {
        Assert.Equal(expected, SpecialPurposeAddresses.IsGloballyReachable(IpAddress.Parse(input)));
    }
}
