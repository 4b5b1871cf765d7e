using System.Collections.Immutable;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Parties;

namespace Grondslag.Attribution.Routing;

/// <summary>Why an address is in a party's share.</summary>
[Flags]
public enum RouteMatch
{
    None = 0,

    /// <summary>The address's country is one the party serves (a national CSIRT's own country).</summary>
    Country = 1,

    /// <summary>The address is announced by an AS in the party's constituency.</summary>
    Asn = 2,

    /// <summary>The address lies in a prefix of the party's constituency.</summary>
    Prefix = 4,
}

/// <summary>One party's share: the indexes (into <see cref="AttributedAddresses.Addresses"/>) of its own addresses.</summary>
public sealed class Share
{
    internal Share(Party party, AttributedAddresses source, ImmutableArray<int> indexes, RouteMatch matchedBy)
    {
        Party = party;
        Source = source;
        Indexes = indexes;
        MatchedBy = matchedBy;
    }

    public Party Party { get; }

    public AttributedAddresses Source { get; }

    /// <summary>Ascending indexes into <see cref="AttributedAddresses.Addresses"/>.</summary>
    public ImmutableArray<int> Indexes { get; }

    public int Count => Indexes.Length;

    /// <summary>Which constituency criteria put addresses in this share.</summary>
    public RouteMatch MatchedBy { get; }

    public IEnumerable<IpAddress> Addresses
    {
        get
        {
            foreach (var i in Indexes)
            {
                yield return Source.Addresses[i];
            }
        }
    }

    /// <summary>The share's addresses per country.</summary>
    public ImmutableSortedDictionary<CountryCode, int> ByCountry()
    {
        var counts = new Dictionary<CountryCode, int>();
        foreach (var i in Indexes)
        {
            if (Source.CountryOf(i) is { } country)
            {
                counts[country] = counts.GetValueOrDefault(country) + 1;
            }
        }

        return counts.ToImmutableSortedDictionary();
    }
}

/// <summary>
/// The split of an attributed list over the parties of a registry: a national CSIRT gets the addresses of the
/// countries it serves; an organisation those in its constituency's prefixes and ASNs (so a Dutch constituent's
/// address is in both NCSC-NL's share and the constituent's). Only routing: whether sharing is lawful is
/// decided per share by the legal engine.
/// </summary>
public sealed class Partition
{
    private Partition(AttributedAddresses source, PartyRegistry registry, ImmutableArray<Share> shares,
        ImmutableSortedDictionary<CountryCode, int> countriesWithoutParty, ImmutableSortedDictionary<CountryCode, int> withoutAnyPartyByCountry, int withoutAnyParty)
    {
        Source = source;
        Registry = registry;
        Shares = shares;
        CountriesWithoutParty = countriesWithoutParty;
        WithoutAnyPartyByCountry = withoutAnyPartyByCountry;
        WithoutAnyParty = withoutAnyParty;
    }

    public AttributedAddresses Source { get; }

    public PartyRegistry Registry { get; }

    /// <summary>The non-empty shares, in registry order.</summary>
    public ImmutableArray<Share> Shares { get; }

    /// <summary>Addresses per country (all accepted addresses with a known country).</summary>
    public ImmutableSortedDictionary<CountryCode, int> ByCountry => Source.ByCountry;

    /// <summary>Addresses whose country is known but that no party in the registry serves by country, per country.</summary>
    public ImmutableSortedDictionary<CountryCode, int> CountriesWithoutParty { get; }

    /// <summary>Addresses the country dataset cannot place.</summary>
    public int UnknownCountry => Source.UnknownCountry;

    /// <summary>Addresses that are in no share at all.</summary>
    public int WithoutAnyParty { get; }

    /// <summary><see cref="WithoutAnyParty"/> per country (unknown country left out).</summary>
    public ImmutableSortedDictionary<CountryCode, int> WithoutAnyPartyByCountry { get; }

    public Share? ShareOf(string partyId) => Shares.FirstOrDefault(s => s.Party.Id == partyId);

    public static Partition Create(AttributedAddresses source, PartyRegistry registry)
    {
        var n = source.Count;
        var countries = source.CountryIndexes;
        var countryTable = source.Tables.Countries;

        // Bucket the address indexes by country index (counting sort keeps them ascending within a country).
        var counts = source.CountryCounts;
        var offsets = new int[counts.Length + 1];
        for (var c = 0; c < counts.Length; c++)
        {
            offsets[c + 1] = offsets[c] + counts[c];
        }

        var byCountry = new int[n];
        var fill = (int[])offsets.Clone();
        for (var i = 0; i < n; i++)
        {
            byCountry[fill[countries[i]]++] = i;
        }

        var received = new bool[n];
        var servedCountry = new bool[counts.Length];
        var shares = ImmutableArray.CreateBuilder<Share>();

        // ASN records of the table that belong to some party's constituency.
        var asnParties = new Dictionary<uint, List<int>>();
        for (var p = 0; p < registry.Parties.Length; p++)
        {
            foreach (var asn in registry.Parties[p].Constituency.Asns.IsDefault ? [] : registry.Parties[p].Constituency.Asns)
            {
                (asnParties.TryGetValue(asn, out var list) ? list : asnParties[asn] = []).Add(p);
            }
        }

        var asnMatches = new List<int>?[registry.Parties.Length];
        if (asnParties.Count > 0)
        {
            var records = source.AsnRecords;
            var asnTable = source.Tables.Asns;
            for (var i = 0; i < n; i++)
            {
                if (records[i] != 0 && asnParties.TryGetValue(asnTable.AsnOf(records[i]), out var parties))
                {
                    foreach (var p in parties)
                    {
                        (asnMatches[p] ??= []).Add(i);
                    }
                }
            }
        }

        var addresses = source.Addresses.AsSpan();
        for (var p = 0; p < registry.Parties.Length; p++)
        {
            var party = registry.Parties[p];
            var indexes = new List<int>();
            var matched = RouteMatch.None;
            foreach (var country in party.CountriesServed)
            {
                var c = countryTable.IndexOf(country);
                if (c <= 0)
                {
                    continue;
                }

                servedCountry[c] = true;
                if (counts[c] > 0)
                {
                    indexes.AddRange(byCountry.AsSpan(offsets[c], counts[c]));
                    matched |= RouteMatch.Country;
                }
            }

            if (asnMatches[p] is { Count: > 0 } viaAsn)
            {
                indexes.AddRange(viaAsn);
                matched |= RouteMatch.Asn;
            }

            foreach (var prefix in party.Constituency.Prefixes.IsDefault ? [] : party.Constituency.Prefixes)
            {
                // The addresses are sorted, so a prefix is one contiguous run found by two binary searches.
                var from = LowerBound(addresses, prefix.First);
                var to = LowerBound(addresses, prefix.Last, inclusive: true);
                if (to > from)
                {
                    for (var i = from; i < to; i++)
                    {
                        indexes.Add(i);
                    }

                    matched |= RouteMatch.Prefix;
                }
            }

            if (indexes.Count == 0)
            {
                continue;
            }

            indexes.Sort();
            var unique = DistinctSorted(indexes);
            foreach (var i in unique)
            {
                received[i] = true;
            }

            shares.Add(new Share(party, source, unique, matched));
        }

        var withoutParty = new SortedDictionary<CountryCode, int>();
        for (var c = 1; c < counts.Length; c++)
        {
            if (counts[c] > 0 && !servedCountry[c])
            {
                withoutParty[countryTable.CodeAt((ushort)c)!.Value] = counts[c];
            }
        }

        var orphanCount = 0;
        var orphans = new Dictionary<CountryCode, int>();
        for (var i = 0; i < n; i++)
        {
            if (!received[i])
            {
                orphanCount++;
                if (countryTable.CodeAt(countries[i]) is { } country)
                {
                    orphans[country] = orphans.GetValueOrDefault(country) + 1;
                }
            }
        }

        return new Partition(source, registry, shares.ToImmutable(), withoutParty.ToImmutableSortedDictionary(), orphans.ToImmutableSortedDictionary(), orphanCount);
    }

    private static int LowerBound(ReadOnlySpan<IpAddress> sorted, IpAddress value, bool inclusive = false)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (inclusive ? sorted[mid] <= value : sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static ImmutableArray<int> DistinctSorted(List<int> sorted)
    {
        var result = ImmutableArray.CreateBuilder<int>(sorted.Count);
        foreach (var i in sorted)
        {
            if (result.Count == 0 || result[^1] != i)
            {
                result.Add(i);
            }
        }

        return result.DrainToImmutable();
    }
}
