using System.Collections.Immutable;
using Grondslag.Attribution.Data;
using Grondslag.Domain.Indicators;

namespace Grondslag.Attribution.Tables;

/// <summary>An autonomous system and the organisation that holds it.</summary>
public readonly record struct AsInfo(uint Asn, string Organisation)
{
    public bool IsKnown => Asn != 0;
}

/// <summary>
/// ASN and organisation per address range, IPv4 and IPv6 (a <see cref="RangeTable{TValue}"/> of record indexes).
/// Each range points at a deduplicated (ASN, organisation) record; organisation names are stored once in a string
/// table. Record 0 is unknown.
/// </summary>
public sealed class AsnTable
{
    internal const int Mixed = -1;

    private readonly Column<uint> _recordAsn;
    private readonly Column<int> _recordOrganisation;
    private readonly string[] _organisations;

    internal AsnTable(DatasetIdentity dataset, string[] organisations, Column<uint> recordAsn, Column<int> recordOrganisation, RangeTable<int> ranges)
    {
        if (recordAsn.Length != recordOrganisation.Length || recordAsn.Length == 0 || ranges.Mixed != Mixed || organisations.Length == 0)
        {
            throw new ArgumentException("Inconsistent ASN table arrays.");
        }

        foreach (var organisation in recordOrganisation.Span)
        {
            if ((uint)organisation >= (uint)organisations.Length)
            {
                throw new ArgumentException("An ASN record names an organisation the table does not hold.");
            }
        }

        Dataset = dataset;
        _organisations = organisations;
        _recordAsn = recordAsn;
        _recordOrganisation = recordOrganisation;
        Ranges = ranges;
    }

    public DatasetIdentity Dataset { get; }

    public int IPv4RangeCount => Ranges.V4.Count;

    public int IPv6RangeCount => Ranges.V6.Count;

    public int OrganisationCount => _organisations.Length - 1;

    internal string[] Organisations => _organisations;

    internal Column<uint> RecordAsn => _recordAsn;

    internal Column<int> RecordOrganisation => _recordOrganisation;

    internal RangeTable<int> Ranges { get; }

    /// <summary>The record index for an address; 0 when no range covers it.</summary>
    public int FindRecord(IpAddress address) => Ranges.Find(address);

    public int FindRecordIPv4(uint address) => Ranges.FindIPv4(address);

    public uint AsnOf(int record) => _recordAsn[record];

    /// <summary>The AS number of every record (index 0: none), for work done once per record instead of once per address.</summary>
    internal ReadOnlySpan<uint> RecordAsns => _recordAsn.Span;

    public string OrganisationOf(int record) => _organisations[_recordOrganisation[record]];

    public AsInfo Find(IpAddress address)
    {
        var record = FindRecord(address);
        return new AsInfo(AsnOf(record), OrganisationOf(record));
    }

    /// <summary>Every distinct ASN in the table (for validating a registry, for instance).</summary>
    public ImmutableArray<uint> Asns => [.. _recordAsn.Span[1..].ToArray().Distinct().Order()];
}

/// <summary>Collects ASN ranges and builds an <see cref="AsnTable"/>.</summary>
public sealed class AsnTableBuilder
{
    private readonly RangeTableBuilder<int> _ranges = new();
    private readonly Dictionary<string, int> _organisationIndexes = new(StringComparer.Ordinal) { [""] = 0 };
    private readonly List<string> _organisations = [""];
    private readonly Dictionary<(uint, int), int> _recordIndexes = new() { [(0u, 0)] = 0 };
    private readonly List<uint> _recordAsn = [0];
    private readonly List<int> _recordOrganisation = [0];

    public int Count => _ranges.Count;

    public void Add(IpAddress first, IpAddress last, uint asn, string organisation) => _ranges.Add(first, last, RecordFor(asn, organisation));

    public AsnTable Build(DatasetIdentity dataset) =>
        new(dataset, [.. _organisations], Column<uint>.Of([.. _recordAsn]), Column<int>.Of([.. _recordOrganisation]), _ranges.Build(0, AsnTable.Mixed));

    private int RecordFor(uint asn, string organisation)
    {
        if (!_organisationIndexes.TryGetValue(organisation, out var org))
        {
            org = _organisations.Count;
            _organisations.Add(organisation);
            _organisationIndexes[organisation] = org;
        }

        if (!_recordIndexes.TryGetValue((asn, org), out var record))
        {
            record = _recordAsn.Count;
            _recordAsn.Add(asn);
            _recordOrganisation.Add(org);
            _recordIndexes[(asn, org)] = record;
        }

        return record;
    }
}
