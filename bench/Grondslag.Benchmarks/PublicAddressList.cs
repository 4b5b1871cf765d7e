using System.Globalization;
using System.Text;
using Grondslag.Domain.Indicators;

namespace Grondslag.Benchmarks;

/// <summary>
/// Reproducible inputs for the whole-process benchmark: <c>count</c> unique, globally reachable IPv4 addresses,
/// one per line, in an order fixed by the seed. Uniqueness needs no set: address <c>i</c> is <c>(i·a + b) mod 2³²</c> for an odd
/// multiplier <c>a</c> drawn from the seed, a bijection on 32 bits; non-global addresses are skipped.
/// </summary>
internal static class PublicAddressList
{
    public static int Write(string path, long count, int seed)
    {
        var random = new Random(seed);
        var multiplier = (uint)random.NextInt64(1L << 31, 1L << 32) | 1u;
        var offset = (uint)random.NextInt64(0, 1L << 32);
        using var output = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        long written = 0;
        for (ulong i = 0; i < (1UL << 32) && written < count; i++)
        {
            var value = unchecked(((uint)i * multiplier) + offset);
            var address = IpAddress.FromIPv4(value);
            if (!SpecialPurposeAddresses.IsGloballyReachable(address))
            {
                continue;
            }

            output.WriteLine(address.ToString());
            written++;
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {written} unique public IPv4 addresses to {path} (seed {seed})"));
        return written == count ? 0 : 1;
    }
}
