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

        Assert.Equal(attributed.Count, partition.ByCountry.Values.Sum() + partition.UnknownCountry);
        var byCountryCsirts = partition.Shares.Where(s => s.Party.Kind == RecipientKind.NationalCsirt).Sum(s => s.Count);
        Assert.Equal(attributed.Count - partition.UnknownCountry, byCountryCsirts + partition.CountriesWithoutParty.Values.Sum());
        Assert.NotEmpty(partition.CountriesWithoutParty);
        Assert.Equal(partition.CountriesWithoutParty, partition.WithoutAnyPartyByCountry);
    }

    [Fact]
    public void Create_DutchConstituentAddress_IsInNcscAndConstituentShares()
    {
        // 145.97.1.1 is SURF (AS1103), 45.142.144.10 lies in IBD's illustrative prefix, 8.8.8.8 is US.
        var attributed = Attribute(["145.97.1.1", "45.142.144.10", "8.8.8.8"]);
        var partition = Partition.Create(attributed, Registry);

        Assert.Equal(["145.97.1.1", "45.142.144.10"], partition.ShareOf("ncsc-nl")!.Addresses.Select(a => a.ToString()).Order());
        Assert.Equal(["145.97.1.1"], partition.ShareOf("surfcert")!.Addresses.Select(a => a.ToString()));
        Assert.Equal(RouteMatch.Asn, partition.ShareOf("surfcert")!.MatchedBy);
        Assert.Equal(["45.142.144.10"], partition.ShareOf("ibd")!.Addresses.Select(a => a.ToString()));
        Assert.Equal(RouteMatch.Prefix, partition.ShareOf("ibd")!.MatchedBy);
        Assert.Equal(["8.8.8.8"], partition.ShareOf("cisa")!.Addresses.Select(a => a.ToString()));
        Assert.Null(partition.ShareOf("cert-fr"));
        Assert.Equal(0, partition.WithoutAnyParty);
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
