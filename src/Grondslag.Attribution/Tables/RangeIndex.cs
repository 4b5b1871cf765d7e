using System.Numerics;
using Grondslag.Domain.Indicators;

namespace Grondslag.Attribution.Tables;

/// <summary>
/// Sorted, gapless range starts over one address space, <see cref="uint"/> for IPv4 and <see cref="UInt128"/> for
/// IPv6 (entry <c>i</c> covers <c>[Starts[i], Starts[i+1])</c>; the first starts at 0). A 65,537-entry index on the
/// top 16 bits narrows each binary search to the few ranges of one /16 (IPv4) or /16 prefix (IPv6). One generic
/// piece for both families: the JIT specialises it per key type, so it costs the hot path nothing.
/// </summary>
internal readonly struct RangeIndex<TKey>
    where TKey : unmanaged, IBinaryInteger<TKey>, IUnsignedNumber<TKey>
{
    public const int TopLength = 65537;

    private static int Shift => (System.Runtime.CompilerServices.Unsafe.SizeOf<TKey>() * 8) - 16;

    private readonly Column<int> _top;

    public RangeIndex(Column<TKey> starts, Column<int> top)
    {
        if (starts.Length == 0 || starts[0] != TKey.Zero)
        {
            throw new ArgumentException("A range index starts at address 0.", nameof(starts));
        }

        if (top.Length != TopLength)
        {
            throw new ArgumentException($"A range index has a top index of {TopLength} entries.", nameof(top));
        }

        Starts = starts;
        _top = top;
    }

    public Column<TKey> Starts { get; }

    public Column<int> Top => _top;

    public int Count => Starts.Length;

    /// <summary>The top index of <paramref name="starts"/>: for each top-16-bit prefix, the range holding its first address.</summary>
    public static int[] BuildTop(ReadOnlySpan<TKey> starts)
    {
        var top = GC.AllocateUninitializedArray<int>(TopLength, pinned: true);
        var j = 0;
        for (var h = 0; h < TopLength - 1; h++)
        {
            var boundary = TKey.CreateTruncating(h) << Shift;
            while (j + 1 < starts.Length && starts[j + 1] <= boundary)
            {
                j++;
            }

            top[h] = j;
        }

        top[TopLength - 1] = starts.Length - 1;
        return top;
    }

    /// <summary>The index of the range holding <paramref name="address"/>.</summary>
    public int Find(TKey address)
    {
        var h = int.CreateTruncating(address >> Shift);
        var lo = _top[h];
        var hi = _top[h + 1];
        var starts = Starts.Span;
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
/// A value per address range for IPv4 and IPv6 (a country index, an ASN record): the one piece the country and ASN
/// tables share. IPv4 answers most lookups from a table indexed by the /24 (<see cref="Direct"/>: the value of the
/// one range covering the whole /24, or <see cref="Mixed"/> when ranges change inside it), falling back to the
/// binary search.
/// </summary>
internal sealed class RangeTable<TValue>
    where TValue : unmanaged, IEquatable<TValue>
{
    public const int DirectLength = 1 << 24;

    public RangeTable(RangeIndex<uint> v4, Column<TValue> v4Values, Column<TValue> direct, TValue mixed, RangeIndex<UInt128> v6, Column<TValue> v6Values)
    {
        if (v4.Count != v4Values.Length || v6.Count != v6Values.Length || direct.Length != DirectLength)
        {
            throw new ArgumentException("Inconsistent range table arrays.");
        }

        V4 = v4;
        V4Values = v4Values;
        Direct = direct;
        Mixed = mixed;
        V6 = v6;
        V6Values = v6Values;
    }

    public RangeIndex<uint> V4 { get; }

    public Column<TValue> V4Values { get; }

    public Column<TValue> Direct { get; }

    public TValue Mixed { get; }

    public RangeIndex<UInt128> V6 { get; }

    public Column<TValue> V6Values { get; }

    /// <summary>Builds the pinned in-memory table from gapless starts and values (the direct and top indexes computed here).</summary>
    public static RangeTable<TValue> FromArrays(uint[] v4Starts, TValue[] v4Values, UInt128[] v6Starts, TValue[] v6Values, TValue mixed)
    {
        var starts4 = Column<uint>.Of(v4Starts);
        var starts6 = Column<UInt128>.Of(v6Starts);
        return new RangeTable<TValue>(
            new RangeIndex<uint>(starts4, Column<int>.Pinned(RangeIndex<uint>.BuildTop(v4Starts))),
            Column<TValue>.Of(v4Values),
            Column<TValue>.Pinned(DirectValues24(v4Starts, v4Values, mixed)),
            mixed,
            new RangeIndex<UInt128>(starts6, Column<int>.Pinned(RangeIndex<UInt128>.BuildTop(v6Starts))),
            Column<TValue>.Of(v6Values));
    }

    /// <summary>For each /24, the value of the one range covering all of it, or <paramref name="mixed"/> when ranges change inside it.</summary>
    public static TValue[] DirectValues24(ReadOnlySpan<uint> starts, ReadOnlySpan<TValue> values, TValue mixed)
    {
        var direct = GC.AllocateUninitializedArray<TValue>(DirectLength, pinned: true);
        Array.Fill(direct, mixed);
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

    public TValue FindIPv4(uint address)
    {
        var direct = Direct[(int)(address >> 8)];
        return !direct.Equals(Mixed) ? direct : V4Values[V4.Find(address)];
    }

    public TValue FindIPv6(UInt128 address) => V6Values[V6.Find(address)];

    public TValue Find(IpAddress address) => address.IsIPv4 ? FindIPv4(address.IPv4Value) : FindIPv6(address.Value);
}

/// <summary>Collects IPv4 and IPv6 ranges with a value and builds a <see cref="RangeTable{TValue}"/>.</summary>
internal sealed class RangeTableBuilder<TValue>
    where TValue : unmanaged, IEquatable<TValue>
{
    private readonly RangeBuilder<uint, TValue> _v4 = new();
    private readonly RangeBuilder<UInt128, TValue> _v6 = new();

    public int Count => _v4.Count + _v6.Count;

    public void Add(IpAddress first, IpAddress last, TValue value)
    {
        if (first.IsIPv4 != last.IsIPv4)
        {
            throw new ArgumentException($"Range {first}-{last} mixes address families.", nameof(last));
        }

        if (first.IsIPv4)
        {
            _v4.Add(first.IPv4Value, last.IPv4Value, value);
        }
        else
        {
            _v6.Add(first.Value, last.Value, value);
        }
    }

    public RangeTable<TValue> Build(TValue unknown, TValue mixed)
    {
        var (v4Starts, v4Values) = _v4.Build(0u, x => x + 1, uint.MaxValue, unknown);
        var (v6Starts, v6Values) = _v6.Build(UInt128.Zero, x => x + 1, UInt128.MaxValue, unknown);
        return RangeTable<TValue>.FromArrays(v4Starts, v4Values, v6Starts, v6Values, mixed);
    }
}

/// <summary>
/// Collects possibly unsorted ranges with a value and turns them into the gapless sorted arrays a
/// <see cref="RangeIndex{TKey}"/> searches; gaps get <c>unknown</c>. Ranges may nest
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
