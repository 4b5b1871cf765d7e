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
/// ASN and organisation per address range, IPv4 and IPv6. Each range points at a deduplicated
/// (ASN, organisation) record; organisation names are stored once in a string table. Record 0 is unknown.
/// </summary>
public sealed class AsnTable
{
    private readonly RangeIndex4 _v4;
    private readonly int[] _v4Values;
    private readonly int[] _v4Direct;
    private readonly RangeIndex6 _v6;
    private readonly int[] _v6Values;
    private readonly uint[] _recordAsn;
    private readonly int[] _recordOrganisation;
    private readonly string[] _organisations;

    internal AsnTable(DatasetIdentity dataset, string[] organisations, uint[] recordAsn, int[] recordOrganisation, uint[] v4Starts, int[] v4Values, UInt128[] v6Starts, int[] v6Values)
    {
        if (recordAsn.Length != recordOrganisation.Length || recordAsn.Length == 0 || v4Starts.Length != v4Values.Length || v6Starts.Length != v6Values.Length)
        {
            throw new ArgumentException("Inconsistent ASN table arrays.");
        }

        Dataset = dataset;
        _organisations = organisations;
        _recordAsn = recordAsn;
        _recordOrganisation = recordOrganisation;
        _v4 = new RangeIndex4(v4Starts);
        _v4Values = v4Values;
        _v4Direct = _v4.DirectValues24(v4Values, -1);
        _v6 = new RangeIndex6(v6Starts);
        _v6Values = v6Values;
    }

    public DatasetIdentity Dataset { get; }

    public int IPv4RangeCount => _v4.Count;

    public int IPv6RangeCount => _v6.Count;

    public int OrganisationCount => _organisations.Length - 1;

    internal string[] Organisations => _organisations;

    internal uint[] RecordAsn => _recordAsn;

    internal int[] RecordOrganisation => _recordOrganisation;

    internal uint[] IPv4Starts => _v4.Starts;

    internal int[] IPv4Values => _v4Values;

    internal UInt128[] IPv6Starts => _v6.Starts;

    internal int[] IPv6Values => _v6Values;

    /// <summary>The record index for an address; 0 when no range covers it.</summary>
    public int FindRecord(IpAddress address) =>
        address.IsIPv4 ? FindRecordIPv4(address.IPv4Value) : _v6Values[_v6.Find(address.Value)];

    public int FindRecordIPv4(uint address)
    {
        var direct = _v4Direct[address >> 8];
        return direct >= 0 ? direct : _v4Values[_v4.Find(address)];
    }

    public uint AsnOf(int record) => _recordAsn[record];

    public string OrganisationOf(int record) => _organisations[_recordOrganisation[record]];

    public AsInfo Find(IpAddress address)
    {
        var record = FindRecord(address);
        return new AsInfo(_recordAsn[record], _organisations[_recordOrganisation[record]]);
    }

    /// <summary>Every distinct ASN in the table (for validating a registry, for instance).</summary>
    public ImmutableArray<uint> Asns => [.. _recordAsn.Skip(1).Distinct().Order()];
}

/// <summary>Collects ASN ranges and builds an <see cref="AsnTable"/>.</summary>
public sealed class AsnTableBuilder
{
    private readonly RangeBuilder<uint, int> _v4 = new();
    private readonly RangeBuilder<UInt128, int> _v6 = new();
    private readonly Dictionary<string, int> _organisationIndexes = new(StringComparer.Ordinal) { [""] = 0 };
    private readonly List<string> _organisations = [""];
    private readonly Dictionary<(uint, int), int> _recordIndexes = new() { [(0u, 0)] = 0 };
    private readonly List<uint> _recordAsn = [0];
    private readonly List<int> _recordOrganisation = [0];

    public int Count => _v4.Count + _v6.Count;

    public void Add(IpAddress first, IpAddress last, uint asn, string organisation)
    {
        if (first.IsIPv4 != last.IsIPv4)
        {
            throw new ArgumentException($"Range {first}-{last} mixes address families.", nameof(last));
        }

        var record = RecordFor(asn, organisation);
        if (first.IsIPv4)
        {
            _v4.Add(first.IPv4Value, last.IPv4Value, record);
        }
        else
        {
            _v6.Add(first.Value, last.Value, record);
        }
    }

    public AsnTable Build(DatasetIdentity dataset)
    {
        var (v4Starts, v4Values) = _v4.Build(0u, x => x + 1, uint.MaxValue, 0);
        var (v6Starts, v6Values) = _v6.Build(UInt128.Zero, x => x + 1, UInt128.MaxValue, 0);
        return new AsnTable(dataset, [.. _organisations], [.. _recordAsn], [.. _recordOrganisation], v4Starts, v4Values, v6Starts, v6Values);
    }

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
