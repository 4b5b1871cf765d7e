using System.Net;
using Grondslag.Attribution.Data;
using Grondslag.Attribution.Sources;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Parties;
using MaxMind.Db;

namespace Grondslag.Attribution.Tests.Tables;

public sealed class AddressTablesTests
{
    [Theory]
    [InlineData("1.1.1.1", "AU", 13335u, "Cloudflare, Inc.")]
    [InlineData("8.8.8.8", "US", 15169u, "Google LLC")]
    [InlineData("145.97.1.1", "NL", 1103u, "SURF B.V.")]
    [InlineData("2001:4860:4860::8888", "US", 15169u, "Google LLC")]
    [InlineData("2001:610:188:410::1", "NL", 1103u, "SURF B.V.")]
    public void Lookup_KnownAddress_GivesCountryAsnAndOrganisation(string address, string country, uint asn, string organisation)
    {
        var info = TestData.Tables.Lookup(IpAddress.Parse(address));

        Assert.Equal(CountryCode.Parse(country), info.Country);
        Assert.Equal(asn, info.Asn);
        Assert.Equal(organisation, info.AsOrganisation);
    }

    [Fact]
    public void Lookup_AddressInGap_IsUnknown()
    {
        // 0.0.0.1 lies before the first range of both datasets.
        var info = TestData.Tables.Lookup(IpAddress.Parse("0.0.0.1"));

        Assert.Null(info.Country);
        Assert.Equal(0u, info.Asn);
        Assert.Equal("", info.AsOrganisation);
    }

    [Theory]
    [InlineData("geo-whois-asn-country-ipv4.csv")]
    [InlineData("geo-whois-asn-country-ipv6.csv")]
    public void FindCountry_RandomAddressesInCsvRanges_MatchTheCsv(string file)
    {
        // The CSV nests more specific ranges inside wider ones (and a few overlap); like the dataset's own MMDB,
        // the containing row that starts last wins, the narrowest on a tie. Searched naively from the drawn row on.
        var rows = File.ReadAllLines(TestData.PackageFile(DatasetPackage.Country, file))
            .Select(r => r.Split(','))
            .Select(f => (First: IpAddress.Parse(f[0]).Value, Last: IpAddress.Parse(f[1]).Value, Country: f[2]))
            .ToArray();
        var random = new Random(20240610);
        for (var n = 0; n < 3000; n++)
        {
            var row = random.Next(rows.Length);
            var address = rows[row].First + RandomOffset(random, rows[row].Last - rows[row].First);
            var end = row;
            while (end < rows.Length && rows[end].First <= address)
            {
                end++;
            }

            var expected = rows[row..end]
                .Where(r => r.First <= address && address <= r.Last)
                .OrderByDescending(r => r.First).ThenBy(r => r.Last - r.First).First().Country;

            Assert.Equal(expected, TestData.Tables.Countries.Find(IpAddress.FromValue(address))?.Value);
        }
    }

    [Theory]
    [InlineData("asn-ipv4.csv")]
    [InlineData("asn-ipv6.csv")]
    public void FindAsn_RandomAddressesInCsvRanges_MatchTheCsv(string file)
    {
        var rows = File.ReadAllLines(TestData.PackageFile(DatasetPackage.Asn, file));
        var random = new Random(20240611);
        for (var n = 0; n < 3000; n++)
        {
            var fields = Grondslag.Domain.Text.Csv.Split(rows[random.Next(rows.Length)])!;
            var first = IpAddress.Parse(fields[0]).Value;
            var last = IpAddress.Parse(fields[1]).Value;
            var address = IpAddress.FromValue(first + RandomOffset(random, last - first));

            var info = TestData.Tables.Asns.Find(address);
            Assert.Equal(uint.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture), info.Asn);
            Assert.Equal(fields.Count > 3 ? fields[3] : "", info.Organisation);
        }
    }

    [Fact]
    public void FindCountry_RandomIPv4_AgreesWithMaxMindReaderOnTheMmdb()
    {
        using var reader = new Reader(TestData.PackageFile(DatasetPackage.CountryMmdb, "geo-whois-asn-country.mmdb"));
        var random = new Random(42);
        var compared = 0;
        for (var n = 0; n < 5000; n++)
        {
            var value = (uint)random.NextInt64(0, 1L << 32);
            var address = IpAddress.FromIPv4(value);
            var expected = MmdbCountrySource.CountryOf(reader.Find<Dictionary<string, object>>(IPAddress.Parse(address.ToString())));

            Assert.Equal(expected, TestData.Tables.Countries.Find(address));
            compared += expected is null ? 0 : 1;
        }

        Assert.True(compared > 2000, $"only {compared} addresses had a country");
    }

    [Fact]
    public void MmdbCountrySource_Load_AgreesWithTheCsvTables()
    {
        var mmdb = MmdbCountrySource.Load(TestData.PackageFile(DatasetPackage.CountryMmdb, "geo-whois-asn-country.mmdb"));
        var random = new Random(7);
        for (var n = 0; n < 5000; n++)
        {
            var address = IpAddress.FromIPv4((uint)random.NextInt64(0, 1L << 32));
            Assert.Equal(TestData.Tables.Countries.Find(address), mmdb.Find(address));
        }

        Assert.Equal(CountryCode.Parse("US"), mmdb.Find(IpAddress.Parse("2001:4860:4860::8888")));
    }

    private static UInt128 RandomOffset(Random random, UInt128 span) =>
        span == UInt128.MaxValue ? (UInt128)random.NextInt64() : (new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64()) % (span + 1));
}
