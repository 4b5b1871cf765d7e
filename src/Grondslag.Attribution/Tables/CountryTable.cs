using System.Collections.Immutable;
using Grondslag.Attribution.Data;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Parties;

namespace Grondslag.Attribution.Tables;

/// <summary>
/// Country per address range, IPv4 and IPv6 (a <see cref="RangeTable{TValue}"/> of country indexes).
/// Countries are small indexes into <see cref="Codes"/>; index 0 means unknown (a gap between ranges).
/// </summary>
public sealed class CountryTable
{
    public const ushort Unknown = 0;

    internal const ushort Mixed = ushort.MaxValue;

    private readonly CountryCode?[] _codes;

    internal CountryTable(DatasetIdentity dataset, string[] codes, RangeTable<ushort> ranges)
    {
        if (codes.Length == 0 || codes[0].Length != 0 || ranges.Mixed != Mixed)
        {
            throw new ArgumentException("Inconsistent country table arrays.");
        }

        Dataset = dataset;
        Codes = [.. codes];
        _codes = [.. codes.Select(c => c.Length == 0 ? (CountryCode?)null : CountryCode.Parse(c))];
        Ranges = ranges;
    }

    /// <summary>The dataset the table was built from.</summary>
    public DatasetIdentity Dataset { get; }

    /// <summary>Country codes by index; index 0 is the empty string (unknown).</summary>
    public ImmutableArray<string> Codes { get; }

    public int IPv4RangeCount => Ranges.V4.Count;

    public int IPv6RangeCount => Ranges.V6.Count;

    internal RangeTable<ushort> Ranges { get; }

    /// <summary>The country index of an address (0 when unknown).</summary>
    public ushort FindIndex(IpAddress address) => Ranges.Find(address);

    public ushort FindIndexIPv4(uint address) => Ranges.FindIPv4(address);

    public ushort FindIndexIPv6(UInt128 address) => Ranges.FindIPv6(address);

    /// <summary>The country of an address, or null when the dataset has no range for it.</summary>
    public CountryCode? Find(IpAddress address) => _codes[FindIndex(address)];

    public CountryCode? CodeAt(ushort index) => _codes[index];

    /// <summary>The index of a country code, or -1 when the table has no range for that country.</summary>
    public int IndexOf(CountryCode country) => Array.IndexOf(_codes, country);
}

/// <summary>Collects country ranges from any source (CSV, MMDB, RIR statistics) and builds a <see cref="CountryTable"/>.</summary>
public sealed class CountryTableBuilder
{
    private readonly RangeTableBuilder<ushort> _ranges = new();
    private readonly Dictionary<string, ushort> _indexes = new(StringComparer.Ordinal) { [""] = CountryTable.Unknown };
    private readonly List<string> _codes = [""];

    public int Count => _ranges.Count;

    public void Add(IpAddress first, IpAddress last, CountryCode country) => _ranges.Add(first, last, IndexFor(country));

    public CountryTable Build(DatasetIdentity dataset) =>
        new(dataset, [.. _codes], _ranges.Build(CountryTable.Unknown, CountryTable.Mixed));

    private ushort IndexFor(CountryCode country)
    {
        if (!_indexes.TryGetValue(country.Value, out var index))
        {
            index = checked((ushort)_codes.Count);
            if (index == CountryTable.Mixed)
            {
                throw new ArgumentException("More country codes than a table can hold.", nameof(country));
            }

            _codes.Add(country.Value);
            _indexes[country.Value] = index;
        }

        return index;
    }
}
