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
    private readonly bool[] _pseudo;

    private AttributedAddresses(IndicatorList input, AddressTables tables, ushort[] countries, int[] asnRecords, int[] countryCounts)
    {
        Input = input;
        Tables = tables;
        _countries = countries;
        _asnRecords = asnRecords;
        CountryCounts = countryCounts;
        var byCountry = ImmutableSortedDictionary.CreateBuilder<CountryCode, int>();
        var notACountry = ImmutableSortedDictionary.CreateBuilder<CountryCode, int>();
        _pseudo = new bool[countryCounts.Length];
        for (var i = 1; i < countryCounts.Length; i++)
        {
            var code = tables.Countries.CodeAt((ushort)i)!.Value;
            _pseudo[i] = PseudoCountryCodes.IsPseudo(code);
            if (countryCounts[i] > 0)
            {
                (_pseudo[i] ? notACountry : byCountry)[code] = countryCounts[i];
            }
        }

        ByCountry = byCountry.ToImmutable();
        NotACountry = notACountry.ToImmutable();
    }

    public IndicatorList Input { get; }

    public AddressTables Tables { get; }

    /// <summary>The accepted unique addresses, ascending.</summary>
    public ImmutableArray<IpAddress> Addresses => Input.Attributable;

    public int Count => Input.Attributable.Length;

    public DatasetIdentity CountryDataset => Tables.Countries.Dataset;

    public DatasetIdentity AsnDataset => Tables.Asns.Dataset;

    /// <summary>Addresses per country (countries with none left out; pseudo-codes such as <c>EU</c> are not countries).</summary>
    public ImmutableSortedDictionary<CountryCode, int> ByCountry { get; }

    /// <summary>Addresses the country dataset has no range for.</summary>
    public int UnknownCountry => CountryCounts[CountryTable.Unknown];

    /// <summary>
    /// Addresses the dataset gives a pseudo-code that names no country (<c>EU</c>, <c>AP</c>, …), per code: they are
    /// not attributable to a country (<see cref="PseudoCountryCodes.ReasonFor"/> says why).
    /// </summary>
    public ImmutableSortedDictionary<CountryCode, int> NotACountry { get; }

    /// <summary>Addresses without a country: no range, or a pseudo-code.</summary>
    public int NotAttributableToCountry => UnknownCountry + NotACountry.Values.Sum();

    /// <summary>Address count per country index of <see cref="AddressTables.Countries"/>.</summary>
    internal int[] CountryCounts { get; }

    internal ushort[] CountryIndexes => _countries;

    internal int[] AsnRecords => _asnRecords;

    /// <summary>The country of address <paramref name="index"/>, or null when unknown or a pseudo-code such as <c>EU</c>.</summary>
    public CountryCode? CountryOf(int index) => _pseudo[_countries[index]] ? null : Tables.Countries.CodeAt(_countries[index]);

    /// <summary>The code the dataset gives address <paramref name="index"/> (a pseudo-code such as <c>EU</c> included), or null when unknown.</summary>
    public CountryCode? DatasetCodeOf(int index) => Tables.Countries.CodeAt(_countries[index]);

    /// <summary>True when the dataset's code at this country index is a pseudo-code (no country).</summary>
    internal bool IsPseudoIndex(int countryIndex) => _pseudo[countryIndex];

    /// <summary>
    /// Per country, the addresses whose flag in <paramref name="flags"/> equals <paramref name="value"/>, and how many of
    /// them have no country (unknown, or a pseudo-code such as <c>EU</c>): the same as asking <see cref="CountryOf"/> for
    /// each such address, counted per country index instead of per address in a dictionary.
    /// </summary>
    public (SortedDictionary<CountryCode, int> ByCountry, int WithoutCountry) CountWhere(ReadOnlySpan<bool> flags, bool value)
    {
        if (flags.Length != _countries.Length)
        {
            throw new ArgumentException($"one flag per address expected ({_countries.Length}), got {flags.Length}", nameof(flags));
        }

        var counts = new int[CountryCounts.Length];
        var countries = _countries.AsSpan();
        for (var i = 0; i < countries.Length; i++)
        {
            if (flags[i] == value)
            {
                counts[countries[i]]++;
            }
        }

        var byCountry = new SortedDictionary<CountryCode, int>();
        var without = 0;
        for (var c = 0; c < counts.Length; c++)
        {
            if (counts[c] == 0)
            {
                continue;
            }

            if (!_pseudo[c] && Tables.Countries.CodeAt((ushort)c) is { } code)
            {
                byCountry[code] = counts[c];
            }
            else
            {
                without += counts[c];
            }
        }

        return (byCountry, without);
    }

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
