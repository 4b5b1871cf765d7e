namespace Grondslag.Attribution.Tables;

/// <summary>
/// Sorted, gapless range starts over the IPv4 space (entry <c>i</c> covers <c>[Starts[i], Starts[i+1])</c>;
/// the first starts at 0). A 65,537-entry index on the top 16 bits narrows each binary search to the few
/// ranges of one /16.
/// </summary>
internal sealed class RangeIndex4
{
    private readonly int[] _top;

    public RangeIndex4(uint[] starts)
    {
        if (starts.Length == 0 || starts[0] != 0)
        {
            throw new ArgumentException("A range index starts at address 0.", nameof(starts));
        }

        Starts = starts;
        _top = new int[65537];
        var j = 0;
        for (var h = 0; h <= 65536; h++)
        {
            var boundary = (ulong)h << 16;
            while (j + 1 < starts.Length && starts[j + 1] <= boundary)
            {
                j++;
            }

            _top[h] = j;
        }
    }

    public uint[] Starts { get; }

    public int Count => Starts.Length;

    /// <summary>The index of the range holding <paramref name="address"/>.</summary>
    public int Find(uint address)
    {
        var h = (int)(address >> 16);
        var lo = _top[h];
        var hi = _top[h + 1];
        var starts = Starts;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi + 1) >> 1);
            if (starts[mid] <= address)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }
}

/// <summary>The IPv6 counterpart of <see cref="RangeIndex4"/>, indexed on the top 16 bits.</summary>
internal sealed class RangeIndex6
{
    private readonly int[] _top;

    public RangeIndex6(UInt128[] starts)
    {
        if (starts.Length == 0 || starts[0] != UInt128.Zero)
        {
            throw new ArgumentException("A range index starts at address 0.", nameof(starts));
        }

        Starts = starts;
        _top = new int[65537];
        var j = 0;
        for (var h = 0; h <= 65536; h++)
        {
            if (h == 65536)
            {
                j = starts.Length - 1;
            }

            var boundary = (UInt128)(uint)h << 112;
            while (j + 1 < starts.Length && starts[j + 1] <= boundary)
            {
                j++;
            }

            _top[h] = j;
        }
    }

    public UInt128[] Starts { get; }

    public int Count => Starts.Length;

    public int Find(UInt128 address)
    {
        var h = (int)(address >> 112);
        var lo = _top[h];
        var hi = _top[h + 1];
        var starts = Starts;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi + 1) >> 1);
            if (starts[mid] <= address)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }
}

/// <summary>
/// Collects possibly unsorted, possibly gappy ranges with a value and turns them into the gapless sorted
/// arrays a <see cref="RangeIndex4"/>/<see cref="RangeIndex6"/> searches; gaps get <c>unknown</c>.
/// Where ranges overlap, the one that starts later wins from its start on.
/// </summary>
internal sealed class RangeBuilder<TKey, TValue>
    where TKey : struct, IComparable<TKey>, IEquatable<TKey>
{
    private readonly List<(TKey First, TKey Last, TValue Value)> _ranges = [];

    public int Count => _ranges.Count;

    public void Add(TKey first, TKey last, TValue value)
    {
        if (last.CompareTo(first) < 0)
        {
            throw new ArgumentException($"Range ends ({last}) before it starts ({first}).", nameof(last));
        }

        _ranges.Add((first, last, value));
    }

    public (TKey[] Starts, TValue[] Values) Build(TKey zero, Func<TKey, TKey> increment, TKey max, TValue unknown)
    {
        _ranges.Sort((a, b) => a.First.CompareTo(b.First));
        var comparer = EqualityComparer<TValue>.Default;
        var starts = new List<TKey>(_ranges.Count * 2);
        var values = new List<TValue>(_ranges.Count * 2);

        void Append(TKey start, TValue value)
        {
            // Neighbouring ranges with the same value become one entry.
            if (values.Count > 0 && comparer.Equals(values[^1], value))
            {
                return;
            }

            starts.Add(start);
            values.Add(value);
        }

        var next = zero; // the first address not yet covered, once started
        var started = false;
        foreach (var (first, last, value) in _ranges)
        {
            if (started && last.CompareTo(next) < 0)
            {
                continue; // wholly inside an earlier range: the earlier one keeps it
            }

            if (!started ? !first.Equals(zero) : first.CompareTo(next) > 0)
            {
                Append(next, unknown);
            }

            Append(started && first.CompareTo(next) < 0 ? next : first, value);
            started = true;
            if (last.Equals(max))
            {
                return (starts.ToArray(), values.ToArray());
            }

            next = increment(last);
        }

        Append(next, unknown);
        return (starts.ToArray(), values.ToArray());
    }
}
