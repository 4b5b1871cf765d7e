using System.Collections.Immutable;
using Grondslag.Attribution.Data;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Parties;

namespace Grondslag.Attribution.Tables;

/// <summary>
/// Country per address range, IPv4 and IPv6, as sorted struct-of-arrays searched by binary search.
/// Countries are small indexes into <see cref="Codes"/>; index 0 means unknown (a gap between ranges).
/// </summary>
public sealed class CountryTable
{
    public const ushort Unknown = 0;

    private const ushort Mixed = ushort.MaxValue;

    private readonly RangeIndex4 _v4;
    private readonly ushort[] _v4Values;
    private readonly ushort[] _v4Direct;
    private readonly RangeIndex6 _v6;
    private readonly ushort[] _v6Values;
    private readonly CountryCode?[] _codes;

    internal CountryTable(DatasetIdentity dataset, string[] codes, uint[] v4Starts, ushort[] v4Values, UInt128[] v6Starts, ushort[] v6Values)
    {
        if (codes.Length == 0 || codes[0].Length != 0 || v4Starts.Length != v4Values.Length || v6Starts.Length != v6Values.Length)
        {
            throw new ArgumentException("Inconsistent country table arrays.");
        }

        Dataset = dataset;
        Codes = [.. codes];
        _codes = [.. codes.Select(c => c.Length == 0 ? (CountryCode?)null : CountryCode.Parse(c))];
        _v4 = new RangeIndex4(v4Starts);
        _v4Values = v4Values;
        _v4Direct = _v4.DirectValues24(v4Values, Mixed);
        _v6 = new RangeIndex6(v6Starts);
        _v6Values = v6Values;
    }

    /// <summary>The dataset the table was built from.</summary>
    public DatasetIdentity Dataset { get; }

    /// <summary>Country codes by index; index 0 is the empty string (unknown).</summary>
    public ImmutableArray<string> Codes { get; }

    public int IPv4RangeCount => _v4.Count;

    public int IPv6RangeCount => _v6.Count;

    internal uint[] IPv4Starts => _v4.Starts;

    internal ushort[] IPv4Values => _v4Values;

    internal UInt128[] IPv6Starts => _v6.Starts;

    internal ushort[] IPv6Values => _v6Values;

    /// <summary>The country index of an address (0 when unknown).</summary>
    public ushort FindIndex(IpAddress address) =>
        address.IsIPv4 ? FindIndexIPv4(address.IPv4Value) : _v6Values[_v6.Find(address.Value)];

    public ushort FindIndexIPv4(uint address)
    {
        var direct = _v4Direct[address >> 8];
        return direct != Mixed ? direct : _v4Values[_v4.Find(address)];
    }

    public ushort FindIndexIPv6(UInt128 address) => _v6Values[_v6.Find(address)];

    /// <summary>The country of an address, or null when the dataset has no range for it.</summary>
    public CountryCode? Find(IpAddress address) => _codes[FindIndex(address)];

    public CountryCode? CodeAt(ushort index) => _codes[index];

    /// <summary>The index of a country code, or -1 when the table has no range for that country.</summary>
    public int IndexOf(CountryCode country) => Array.IndexOf(_codes, country);
}

/// <summary>Collects country ranges from any source (CSV, MMDB, RIR statistics) and builds a <see cref="CountryTable"/>.</summary>
public sealed class CountryTableBuilder
{
    private readonly RangeBuilder<uint, ushort> _v4 = new();
    private readonly RangeBuilder<UInt128, ushort> _v6 = new();
    private readonly Dictionary<string, ushort> _indexes = new(StringComparer.Ordinal) { [""] = CountryTable.Unknown };
    private readonly List<string> _codes = [""];

    public int Count => _v4.Count + _v6.Count;

    public void Add(IpAddress first, IpAddress last, CountryCode country)
    {
        if (first.IsIPv4 != last.IsIPv4)
        {
            throw new ArgumentException($"Range {first}-{last} mixes address families.", nameof(last));
        }

        if (first.IsIPv4)
        {
            _v4.Add(first.IPv4Value, last.IPv4Value, IndexFor(country));
        }
        else
        {
            _v6.Add(first.Value, last.Value, IndexFor(country));
        }
    }

    public CountryTable Build(DatasetIdentity dataset)
    {
        var (v4Starts, v4Values) = _v4.Build(0u, x => x + 1, uint.MaxValue, CountryTable.Unknown);
        var (v6Starts, v6Values) = _v6.Build(UInt128.Zero, x => x + 1, UInt128.MaxValue, CountryTable.Unknown);
        return new CountryTable(dataset, [.. _codes], v4Starts, v4Values, v6Starts, v6Values);
    }

    private ushort IndexFor(CountryCode country)
    {
        if (!_indexes.TryGetValue(country.Value, out var index))
        {
            index = checked((ushort)_codes.Count);
            _codes.Add(country.Value);
            _indexes[country.Value] = index;
        }

        return index;
    }
}
