using Grondslag.Attribution.Parties;
using Grondslag.Attribution.Routing;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Parties;

namespace Grondslag.Attribution.Tests.Routing;

public sealed class PartitionTests
{
    private static readonly PartyRegistry Registry = PartyRegistryLoader.LoadFile(PartyRegistryLoader.DefaultPath);

    [Fact]
    public void Create_MixedList_EachNationalCsirtGetsOnlyItsCountry()
    {
        var partition = Partition.Create(Attribute(RandomPublicAddresses(20_000, seed: 3)), Registry);

        foreach (var share in partition.Shares.Where(s => s.Party.Kind == RecipientKind.NationalCsirt))
        {
            Assert.All(share.Indexes, i => Assert.Equal(share.Party.Country, partition.Source.CountryOf(i)));
            Assert.Equal(partition.ByCountry[share.Party.Country], share.Count);
        }
    }

    [Fact]
    public void Create_MixedList_TotalsAddUp()
    {
        var attributed = Attribute(RandomPublicAddresses(20_000, seed: 4));
        var partition = Partition.Create(attributed, Registry);

        Assert.Equal(attributed.Count, partition.ByCountry.Values.Sum() + attributed.NotAttributableToCountry);
        var byCountryCsirts = partition.Shares.Where(s => s.Party.Kind == RecipientKind.NationalCsirt).Sum(s => s.Count);
        Assert.Equal(attributed.Count - attributed.NotAttributableToCountry, byCountryCsirts + partition.CountriesWithoutParty.Values.Sum());
        Assert.NotEmpty(partition.CountriesWithoutParty);
        Assert.Contains(CountryCode.Netherlands, partition.CountriesWithoutParty.Keys);
        Assert.All(partition.WithoutAnyPartyByCountry, kv => Assert.InRange(kv.Value, 1, partition.CountriesWithoutParty[kv.Key]));
        Assert.Equal(partition.WithoutAnyParty, partition.WithoutAnyPartyByCountry.Values.Sum() + attributed.NotAttributableToCountry);
    }

    [Fact]
    public void Create_DutchConstituentAddress_IsInTheConstituentShareOnlyNeverNcscs()
    {
        // 145.97.1.1 is SURF (AS1103), 45.142.144.10 lies in IBD's illustrative prefix, 8.8.8.8 is US.
        var attributed = Attribute(["145.97.1.1", "45.142.144.10", "8.8.8.8"]);
        var partition = Partition.Create(attributed, Registry);

        Assert.Null(partition.ShareOf("ncsc-nl"));
        Assert.Equal(["145.97.1.1"], partition.ShareOf("surfcert")!.Addresses.Select(a => a.ToString()));
        Assert.Equal(RouteMatch.Asn, partition.ShareOf("surfcert")!.MatchedBy);
        Assert.Equal(["45.142.144.10"], partition.ShareOf("ibd")!.Addresses.Select(a => a.ToString()));
        Assert.Equal(RouteMatch.Prefix, partition.ShareOf("ibd")!.MatchedBy);
        Assert.Equal(["8.8.8.8"], partition.ShareOf("cisa")!.Addresses.Select(a => a.ToString()));
        Assert.Null(partition.ShareOf("cert-fr"));
        Assert.Equal(0, partition.WithoutAnyParty);
        Assert.Empty(partition.NoRecipientYet);
    }

    [Fact]
    public void Create_DutchAddressOutsideEveryConstituency_IsNoRecipientYet()
    {
        // 213.154.224.1 is a Dutch network no party lists (BIT, AS12859); 194.109.6.66 is KPN's AS1136 (an access
        // provider's users); 185.107.56.1 lies in the illustrative provider's own prefix (Wbni art. 3(2)(e)).
        var attributed = Attribute(["213.154.224.1", "194.109.6.66", "185.107.56.1"]);
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(CountryCode.Netherlands, attributed.CountryOf(i)));

        var partition = Partition.Create(attributed, Registry);

        Assert.Equal(["194.109.6.66"], partition.ShareOf("kpn")!.Addresses.Select(a => a.ToString()));
        Assert.Equal(RouteMatch.Asn, partition.ShareOf("kpn")!.MatchedBy);
        Assert.Equal(["185.107.56.1"], partition.ShareOf("voorbeeld-hosting")!.Addresses.Select(a => a.ToString()));
        Assert.Equal(2, partition.Shares.Length);
        Assert.Equal(1, partition.NoRecipientYet[CountryCode.Netherlands]);
    }

    [Fact]
    public void Create_ReunionAddress_GoesToCertFrAsItsOwnConstituency()
    {
        var re = SyntheticWorld.Address(Array.IndexOf(SyntheticWorld.Codes, "RE"), 7);
        var ax = SyntheticWorld.Address(Array.IndexOf(SyntheticWorld.Codes, "AX"), 7);
        var gl = SyntheticWorld.Address(Array.IndexOf(SyntheticWorld.Codes, "GL"), 7);
        var eu = SyntheticWorld.Address(Array.IndexOf(SyntheticWorld.Codes, "EU"), 7);

        var partition = Partition.Create(SyntheticWorld.Attribute([re, ax, gl, eu]), Registry, SyntheticWorld.Territories, new DateOnly(2024, 6, 10));

        Assert.Equal([re], partition.ShareOf("cert-fr")!.Addresses);
        Assert.True(partition.ShareOf("cert-fr")!.OwnConstituency);
        Assert.Equal(RouteMatch.Country, partition.ShareOf("cert-fr")!.MatchedBy);
        Assert.Equal([ax], partition.ShareOf("ncsc-fi")!.Addresses);
        Assert.Equal(1, partition.NoRecipientYet[SyntheticWorld.Cc("GL")]);
        Assert.Equal(1, partition.Source.NotACountry[SyntheticWorld.Cc("EU")]);
        Assert.Equal(2, partition.Shares.Length);
    }

    [Fact]
    public void Create_MayotteBefore2014_IsItsOwnCountryNotFrance()
    {
        var yt = SyntheticWorld.Address(Array.IndexOf(SyntheticWorld.Codes, "YT"), 1);
        var attributed = SyntheticWorld.Attribute([yt]);

        Assert.Null(Partition.Create(attributed, Registry, SyntheticWorld.Territories, new DateOnly(2013, 12, 31)).ShareOf("cert-fr"));
        Assert.Equal([yt], Partition.Create(attributed, Registry, SyntheticWorld.Territories, new DateOnly(2014, 1, 1)).ShareOf("cert-fr")!.Addresses);
    }

    private static AttributedAddresses Attribute(IEnumerable<string> addresses) =>
        AttributedAddresses.Attribute(IndicatorListParser.Parse("test", string.Join('\n', addresses)), TestData.Tables);

    private static IEnumerable<string> RandomPublicAddresses(int count, int seed)
    {
        var random = new Random(seed);
        var produced = 0;
        while (produced < count)
        {
            var address = IpAddress.FromIPv4((uint)random.NextInt64(0, 1L << 32));
            if (SpecialPurposeAddresses.IsGloballyReachable(address))
            {
                produced++;
                yield return address.ToString();
            }
        }
    }
}
