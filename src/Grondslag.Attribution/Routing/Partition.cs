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
    internal Share(Party party, AttributedAddresses source, ImmutableArray<int> indexes, RouteMatch matchedBy, bool ownConstituency)
    {
        Party = party;
        Source = source;
        Indexes = indexes;
        MatchedBy = matchedBy;
        OwnConstituency = ownConstituency;
    }

    public Party Party { get; }

    public AttributedAddresses Source { get; }

    /// <summary>Ascending indexes into <see cref="AttributedAddresses.Addresses"/>.</summary>
    public ImmutableArray<int> Indexes { get; }

    public int Count => Indexes.Length;

    /// <summary>Which constituency criteria put addresses in this share.</summary>
    public RouteMatch MatchedBy { get; }

    /// <summary>
    /// True when every address of the share is in the party's own constituency: in its networks (ASN, prefix), or
    /// in a country it serves once EU territory is read as its member state (an address in RE is CERT-FR's own).
    /// Checked per address when the share is made; the legal engine reads it as <c>share.own-constituency</c>.
    /// </summary>
    public bool OwnConstituency { get; }

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
/// The split of an attributed list over the parties of a registry. A national CSIRT gets the addresses of the
/// countries it serves, EU territory with its own code included (RE → CERT-FR, AX → NCSC-FI); an organisation
/// those in its constituency's prefixes and ASNs. NCSC-NL is the sender and never gets a share: Dutch addresses
/// go only to constituency parties (vital providers, central government, designated teams, OKTTs, access
/// providers, the provider itself), and what none covers is "no recipient yet" (<see cref="NoRecipientYet"/>).
/// Addresses whose dataset code is a pseudo-code (<c>EU</c>, <c>AP</c>) are routed by network only. Only routing:
/// whether sharing is lawful is decided per share by the legal engine.
/// </summary>
public sealed class Partition
{
    private readonly CountryCode?[] _routingCountries;

    private Partition(AttributedAddresses source, PartyRegistry registry, Territories territories, DateOnly date, CountryCode?[] routingCountries,
        ImmutableArray<Share> shares, ImmutableSortedDictionary<CountryCode, int> countriesWithoutParty, ImmutableSortedDictionary<CountryCode, int> withoutAnyPartyByCountry, int withoutAnyParty)
    {
        Source = source;
        Registry = registry;
        Territories = territories;
        Date = date;
        _routingCountries = routingCountries;
        Shares = shares;
        CountriesWithoutParty = countriesWithoutParty;
        WithoutAnyPartyByCountry = withoutAnyPartyByCountry;
        WithoutAnyParty = withoutAnyParty;
    }

    public AttributedAddresses Source { get; }

    public PartyRegistry Registry { get; }

    /// <summary>The territory facts the routing used (EU territory → member state).</summary>
    public Territories Territories { get; }

    /// <summary>The day whose territory facts apply.</summary>
    public DateOnly Date { get; }

    /// <summary>The non-empty shares, in registry order; never one for the sender (NCSC-NL).</summary>
    public ImmutableArray<Share> Shares { get; }

    /// <summary>Addresses per country (all accepted addresses with a known country).</summary>
    public ImmutableSortedDictionary<CountryCode, int> ByCountry => Source.ByCountry;

    /// <summary>
    /// Addresses whose country is known but that no party serves by country, per dataset country (NL always: no party
    /// serves the Netherlands as a whole). Some may still be in a constituency party's share; see <see cref="NoRecipientYet"/>.
    /// </summary>
    public ImmutableSortedDictionary<CountryCode, int> CountriesWithoutParty { get; }

    /// <summary>Addresses the country dataset cannot place.</summary>
    public int UnknownCountry => Source.UnknownCountry;

    /// <summary>Addresses that are in no share at all.</summary>
    public int WithoutAnyParty { get; }

    /// <summary><see cref="WithoutAnyParty"/> per country (unknown country and pseudo-codes left out).</summary>
    public ImmutableSortedDictionary<CountryCode, int> WithoutAnyPartyByCountry { get; }

    /// <summary>"No recipient yet": addresses with a country that are in no share, per dataset country.</summary>
    public ImmutableSortedDictionary<CountryCode, int> NoRecipientYet => WithoutAnyPartyByCountry;

    public Share? ShareOf(string partyId) => Shares.FirstOrDefault(s => s.Party.Id == partyId);

    /// <summary>
    /// The country whose national CSIRT serves address <paramref name="index"/>: its dataset country, or the member
    /// state for EU territory with its own code; null when unknown or a pseudo-code.
    /// </summary>
    public CountryCode? RoutingCountryOf(int index) => _routingCountries[Source.CountryIndexes[index]];

    /// <summary>True for the sender, who is never a recipient: the registry's <c>self</c> party, or any national CSIRT of the Netherlands.</summary>
    public static bool IsSender(Party party) =>
        party.Self || (party.Kind == RecipientKind.NationalCsirt && party.Country == CountryCode.Netherlands);

    /// <summary>Routes without territory facts: every code is its own country.</summary>
    public static Partition Create(AttributedAddresses source, PartyRegistry registry) =>
        Create(source, registry, Territories.None, DateOnly.MinValue);

    public static Partition Create(AttributedAddresses source, PartyRegistry registry, Territories territories, DateOnly date)
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

        // The routing country of every country index: the member state for EU territory; none for unknown and pseudo-codes.
        var routing = new CountryCode?[counts.Length];
        for (var c = 1; c < counts.Length; c++)
        {
            if (!source.IsPseudoIndex(c))
            {
                routing[c] = territories.RoutingCountryOf(countryTable.CodeAt((ushort)c)!.Value, date);
            }
        }

        var received = new bool[n];
        var servedCountry = new bool[counts.Length];
        var shares = ImmutableArray.CreateBuilder<Share>();
        var parties = registry.Parties;

        // ASN records of the table that belong to some party's constituency.
        var asnParties = new Dictionary<uint, List<int>>();
        for (var p = 0; p < parties.Length; p++)
        {
            if (IsSender(parties[p]))
            {
                continue;
            }

            foreach (var asn in parties[p].Constituency.Asns.IsDefault ? [] : parties[p].Constituency.Asns)
            {
                (asnParties.TryGetValue(asn, out var list) ? list : asnParties[asn] = []).Add(p);
            }
        }

        var asnMatches = new List<int>?[parties.Length];
        if (asnParties.Count > 0)
        {
            var records = source.AsnRecords;
            var asnTable = source.Tables.Asns;

            // The parties of each ASN record of the table, looked up once per record rather than once per address.
            var recordAsns = asnTable.RecordAsns;
            var byRecord = new List<int>?[recordAsns.Length];
            for (var r = 1; r < recordAsns.Length; r++)
            {
                byRecord[r] = asnParties.GetValueOrDefault(recordAsns[r]);
            }

            for (var i = 0; i < n; i++)
            {
                var record = records[i];
                if (record != 0 && ((uint)record < (uint)byRecord.Length ? byRecord[record] : asnParties.GetValueOrDefault(asnTable.AsnOf(record))) is { } matching)
                {
                    foreach (var p in matching)
                    {
                        (asnMatches[p] ??= []).Add(i);
                    }
                }
            }
        }

        var addresses = source.Addresses.AsSpan();
        for (var p = 0; p < parties.Length; p++)
        {
            var party = parties[p];
            if (IsSender(party))
            {
                continue;
            }

            var viaCountry = new List<int>();
            var viaNetwork = new List<int>();
            var matched = RouteMatch.None;
            var served = party.CountriesServed;
            if (!served.IsDefaultOrEmpty)
            {
                for (var c = 1; c < counts.Length; c++)
                {
                    // No party serves the Netherlands as a whole: that would be NCSC-NL, the sender.
                    if (routing[c] is not { } country || country == CountryCode.Netherlands || !served.Contains(country))
                    {
                        continue;
                    }

                    servedCountry[c] = true;
                    if (counts[c] > 0)
                    {
                        viaCountry.AddRange(byCountry.AsSpan(offsets[c], counts[c]));
                        matched |= RouteMatch.Country;
                    }
                }
            }

            if (asnMatches[p] is { Count: > 0 } viaAsn)
            {
                viaNetwork.AddRange(viaAsn);
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
                        viaNetwork.Add(i);
                    }

                    matched |= RouteMatch.Prefix;
                }
            }

            if (viaCountry.Count + viaNetwork.Count == 0)
            {
                continue;
            }

            var network = new HashSet<int>(viaNetwork);
            var indexes = viaCountry;
            indexes.AddRange(viaNetwork);
            // Usually one country's bucket, already ascending: then the sort is skipped (a 1 M-line list's largest share
            // is hundreds of thousands of indexes).
            if (!IsAscending(indexes))
            {
                indexes.Sort();
            }
            var unique = DistinctSorted(indexes);
            var own = true;
            foreach (var i in unique)
            {
                received[i] = true;
                own &= network.Contains(i) || (routing[countries[i]] is { } rc && rc != CountryCode.Netherlands && served.Contains(rc));
            }

            shares.Add(new Share(party, source, unique, matched, own));
        }

        var withoutParty = new SortedDictionary<CountryCode, int>();
        for (var c = 1; c < counts.Length; c++)
        {
            if (counts[c] > 0 && !servedCountry[c] && routing[c] is not null)
            {
                withoutParty[countryTable.CodeAt((ushort)c)!.Value] = counts[c];
            }
        }

        var (orphans, orphansWithoutCountry) = source.CountWhere(received, false);
        var orphanCount = orphansWithoutCountry + orphans.Values.Sum();
        return new Partition(source, registry, territories, date, routing, shares.ToImmutable(), withoutParty.ToImmutableSortedDictionary(), orphans.ToImmutableSortedDictionary(), orphanCount);
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

    private static bool IsAscending(List<int> values)
    {
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i] < values[i - 1])
            {
                return false;
            }
        }

        return true;
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
