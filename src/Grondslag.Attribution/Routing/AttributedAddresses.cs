using System.Collections.Immutable;
using Grondslag.Attribution.Data;
using Grondslag.Attribution.Tables;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Parties;

namespace Grondslag.Attribution.Routing;

/// <summary>
/// The accepted unique addresses of an indicator list with their country and ASN record, as parallel arrays
/// (address <c>i</c> has country index <c>CountryIndexes[i]</c>), plus the datasets that produced them.
/// </summary>
public sealed class AttributedAddresses
{
    private readonly ushort[] _countries;
    private readonly int[] _asnRecords;

    private AttributedAddresses(IndicatorList input, AddressTables tables, ushort[] countries, int[] asnRecords, int[] countryCounts)
    {
        Input = input;
        Tables = tables;
        _countries = countries;
        _asnRecords = asnRecords;
        CountryCounts = countryCounts;
        var byCountry = ImmutableSortedDictionary.CreateBuilder<CountryCode, int>();
        for (var i = 1; i < countryCounts.Length; i++)
        {
            if (countryCounts[i] > 0)
            {
                byCountry[tables.Countries.CodeAt((ushort)i)!.Value] = countryCounts[i];
            }
        }

        ByCountry = byCountry.ToImmutable();
    }

    public IndicatorList Input { get; }

    public AddressTables Tables { get; }

    /// <summary>The accepted unique addresses, ascending.</summary>
    public ImmutableArray<IpAddress> Addresses => Input.Attributable;

    public int Count => Input.Attributable.Length;

    public DatasetIdentity CountryDataset => Tables.Countries.Dataset;

    public DatasetIdentity AsnDataset => Tables.Asns.Dataset;

    /// <summary>Addresses per country (countries with none left out).</summary>
    public ImmutableSortedDictionary<CountryCode, int> ByCountry { get; }

    /// <summary>Addresses the country dataset has no range for.</summary>
    public int UnknownCountry => CountryCounts[CountryTable.Unknown];

    /// <summary>Address count per country index of <see cref="AddressTables.Countries"/>.</summary>
    internal int[] CountryCounts { get; }

    internal ushort[] CountryIndexes => _countries;

    internal int[] AsnRecords => _asnRecords;

    public CountryCode? CountryOf(int index) => Tables.Countries.CodeAt(_countries[index]);

    public AsInfo AsOf(int index) => new(Tables.Asns.AsnOf(_asnRecords[index]), Tables.Asns.OrganisationOf(_asnRecords[index]));

    /// <summary>Looks up every accepted address once (in parallel for large lists).</summary>
    public static AttributedAddresses Attribute(IndicatorList input, AddressTables tables)
    {
        var addresses = input.Attributable;
        var countries = new ushort[addresses.Length];
        var records = new int[addresses.Length];
        var countryTable = tables.Countries;
        var asnTable = tables.Asns;

        void Work(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                var address = addresses[i];
                countries[i] = countryTable.FindIndex(address);
                records[i] = asnTable.FindRecord(address);
            }
        }

        const int Chunk = 262_144;
        if (addresses.Length <= Chunk)
        {
            Work(0, addresses.Length);
        }
        else
        {
            Parallel.For(0, (addresses.Length + Chunk - 1) / Chunk, c => Work(c * Chunk, Math.Min(addresses.Length, (c + 1) * Chunk)));
        }

        var counts = new int[countryTable.Codes.Length];
        foreach (var index in countries)
        {
            counts[index]++;
        }

        return new AttributedAddresses(input, tables, countries, records, counts);
    }
}
