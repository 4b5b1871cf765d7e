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

    /// <summary>
    /// For each /24, the value of the one range covering all of it, or <paramref name="mixed"/> when ranges
    /// change inside it. Built at load time (not cached): one memory access answers almost every lookup.
    /// </summary>
    public T[] DirectValues24<T>(T[] values, T mixed)
    {
        var direct = new T[1 << 24];
        Array.Fill(direct, mixed);
        var starts = Starts;
        for (var i = 0; i < starts.Length; i++)
        {
            var start = (ulong)starts[i];
            var end = i + 1 < starts.Length ? (ulong)starts[i + 1] : 1UL << 32; // exclusive
            var firstFull = (start + 255) >> 8;
            var endFull = end >> 8; // exclusive
            if (endFull > firstFull)
            {
                direct.AsSpan((int)firstFull, (int)(endFull - firstFull)).Fill(values[i]);
            }
        }

        return direct;
    }

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
/// Collects possibly unsorted ranges with a value and turns them into the gapless sorted arrays a
/// <see cref="RangeIndex4"/>/<see cref="RangeIndex6"/> searches; gaps get <c>unknown</c>. Ranges may nest
/// (the datasets list a block and then more specific blocks inside it): the most specific range wins, and
/// the enclosing range resumes after it. A range that overlaps the end of another takes over from its start.
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
        // Outer ranges before the ranges nested in them: by start, then by end descending.
        _ranges.Sort((a, b) => a.First.CompareTo(b.First) is var byFirst && byFirst != 0 ? byFirst : b.Last.CompareTo(a.Last));
        var comparer = EqualityComparer<TValue>.Default;
        var starts = new List<TKey>(_ranges.Count * 2);
        var values = new List<TValue>(_ranges.Count * 2);

        void Emit(TKey start, TValue value)
        {
            if (starts.Count > 0 && starts[^1].Equals(start))
            {
                starts.RemoveAt(starts.Count - 1);
                values.RemoveAt(values.Count - 1);
            }

            // Neighbouring entries with the same value become one.
            if (values.Count > 0 && comparer.Equals(values[^1], value))
            {
                return;
            }

            starts.Add(start);
            values.Add(value);
        }

        var open = new Stack<(TKey Last, TValue Value)>();

        void Close()
        {
            var (last, _) = open.Pop();
            if (!last.Equals(max))
            {
                Emit(increment(last), open.Count > 0 ? open.Peek().Value : unknown);
            }
        }

        Emit(zero, unknown);
        foreach (var (first, last, value) in _ranges)
        {
            while (open.Count > 0 && open.Peek().Last.CompareTo(first) < 0)
            {
                Close();
            }

            while (open.Count > 0 && open.Peek().Last.CompareTo(last) < 0)
            {
                open.Pop(); // overlaps the new range's start: the new range takes over
            }

            Emit(first, value);
            open.Push((last, value));
        }

        while (open.Count > 0)
        {
            Close();
        }

        return (starts.ToArray(), values.ToArray());
    }
}
