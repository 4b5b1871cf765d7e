namespace Grondslag.Domain.Indicators;

/// <summary>
/// Sorts 32-bit values (IPv4 addresses) by their bytes, least significant first: four counting passes over the
/// values, no comparisons. For a million addresses that is several times faster than <c>Span.Sort</c>, and it needs
/// no run-time compiled generic code (a short-lived CLI process otherwise sorts in unoptimised code). Costs one
/// scratch array of the same length; small inputs use the ordinary sort.
/// </summary>
internal static class RadixSort
{
    /// <summary>Below this length the ordinary sort is at least as fast and needs no scratch array.</summary>
    internal const int Threshold = 1 << 14;

    public static void Sort(Span<uint> values)
    {
        if (values.Length < Threshold)
        {
            values.Sort();
            return;
        }

        var scratch = new uint[values.Length];
        var counts = new int[4 * 256];
        foreach (var v in values)
        {
            counts[(int)(v & 0xFF)]++;
            counts[256 + (int)((v >> 8) & 0xFF)]++;
            counts[512 + (int)((v >> 16) & 0xFF)]++;
            counts[768 + (int)(v >> 24)]++;
        }

        Span<uint> from = values;
        Span<uint> to = scratch;
        for (var pass = 0; pass < 4; pass++)
        {
            var shift = pass * 8;
            var bucket = counts.AsSpan(pass * 256, 256);
            if (bucket.Contains(values.Length))
            {
                continue; // every value has the same byte here: this pass would not move anything
            }

            var offset = 0;
            for (var b = 0; b < 256; b++)
            {
                var count = bucket[b];
                bucket[b] = offset;
                offset += count;
            }

            foreach (var v in from)
            {
                to[bucket[(int)((v >> shift) & 0xFF)]++] = v;
            }

            var swap = from;
            from = to;
            to = swap;
        }

        if (from != values)
        {
            from.CopyTo(values);
        }
    }
}
