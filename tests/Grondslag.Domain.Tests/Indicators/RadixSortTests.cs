using Grondslag.Domain.Indicators;

namespace Grondslag.Domain.Tests.Indicators;

/// <summary>The parser sorts IPv4 values by radix (issue 15); the result must be what the ordinary sort gives.</summary>
public sealed class RadixSortTests
{
    public static TheoryData<int, int, uint> Inputs() => new()
    {
        // length, seed, mask applied to every value (0xFFFFFFFF: random; smaller masks give many equal bytes and duplicates)
        { 0, 1, 0xFFFFFFFF },
        { 7, 2, 0xFFFFFFFF },
        { RadixSort.Threshold - 1, 3, 0xFFFFFFFF },
        { RadixSort.Threshold, 4, 0xFFFFFFFF },
        { 100_003, 5, 0xFFFFFFFF },
        { 100_003, 6, 0x0000FFFF },
        { 100_003, 7, 0xFF00FF00 },
        { 100_003, 8, 0x000000FF },
        { 250_000, 9, 0x0FFFFFF0 },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Sort_AnyValues_SameAsTheOrdinarySort(int length, int seed, uint mask)
    {
        var random = new Random(seed);
        var values = new uint[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (uint)random.NextInt64(0, 1L << 32) & mask;
        }

        var expected = (uint[])values.Clone();
        Array.Sort(expected);

        RadixSort.Sort(values);

        Assert.Equal(expected, values);
    }

    [Fact]
    public void Sort_AllEqual_Unchanged()
    {
        var values = Enumerable.Repeat(0xC0000201u, RadixSort.Threshold * 2).ToArray();

        RadixSort.Sort(values);

        Assert.All(values, v => Assert.Equal(0xC0000201u, v));
    }
}
