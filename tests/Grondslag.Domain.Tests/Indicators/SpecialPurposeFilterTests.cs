using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Grondslag.Domain.Indicators;

namespace Grondslag.Domain.Tests.Indicators;

/// <summary>The IPv4 check skips the block search for first octets no block touches: same answer as searching every IPv4 block.</summary>
public sealed class SpecialPurposeFilterTests
{
    public static Arbitrary<uint> Addresses() =>
        Gen.OneOf(
            Gen.Choose(0, int.MaxValue).Select(v => unchecked(((uint)v * 2u) + 1u)),
            // Inside, at the edges of and just outside each IPv4 block.
            from block in Gen.Elements(SpecialPurposeAddresses.Blocks.Where(b => b.Prefix.Network.IsIPv4).ToArray())
            from offset in Gen.Choose(-2, 2)
            from end in Gen.Elements(false, true)
            select unchecked((end ? block.Prefix.Last.IPv4Value : block.Prefix.First.IPv4Value) + (uint)offset)).ToArbitrary();

    [Property(Arbitrary = [typeof(SpecialPurposeFilterTests)], MaxTest = 2000)]
    public bool NotGloballyReachableIPv4_AnyAddress_IsTheFirstMatchingBlockOfTheRegistry(uint value)
    {
        var address = IpAddress.FromIPv4(value);
        var naive = SpecialPurposeAddresses.Blocks.FirstOrDefault(b => b.Prefix.Network.IsIPv4 && b.Prefix.Contains(address));
        var expected = naive is { GloballyReachable: false } ? naive : null;

        return ReferenceEquals(expected, SpecialPurposeAddresses.NotGloballyReachableIPv4(value))
            && ReferenceEquals(expected, SpecialPurposeAddresses.NotGloballyReachable(address));
    }
}
