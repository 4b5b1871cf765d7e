using Grondslag.Attribution.Data;
using Grondslag.Attribution.Tables;
using Grondslag.Domain.Indicators;

namespace Grondslag.Attribution.Tests.Tables;

public sealed class TableCacheTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("grondslag-cache-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void WriteThenTryRead_SameSources_GivesEqualLookups()
    {
        var path = Path.Combine(_directory, "t.bin");
        var hash = new string('a', 64);
        TableCache.Write(path, hash, TestData.Tables.Countries, TestData.Tables.Asns);

        Assert.True(TableCache.TryRead(path, hash, out var countries, out var asns, out var problem), problem);
        Assert.Equal(TestData.Tables.Countries.Dataset, countries!.Dataset);
        var random = new Random(1);
        for (var n = 0; n < 2000; n++)
        {
            var address = IpAddress.FromIPv4((uint)random.NextInt64(0, 1L << 32));
            Assert.Equal(TestData.Tables.Countries.Find(address), countries.Find(address));
            Assert.Equal(TestData.Tables.Asns.Find(address), asns!.Find(address));
        }
    }

    [Fact]
    public void WriteThenTryRead_MappedTables_AnswerAsTheBuiltOnesForIPv6AndEveryRangeStart()
    {
        var path = Path.Combine(_directory, "t.bin");
        var hash = new string('c', 64);
        TableCache.Write(path, hash, TestData.Tables.Countries, TestData.Tables.Asns);
        Assert.True(TableCache.TryRead(path, hash, out var countries, out var asns, out var problem), problem);

        var random = new Random(6);
        for (var n = 0; n < 2000; n++)
        {
            // Global unicast 2000::/3, where the dataset's IPv6 ranges are.
            var value = (UInt128.One << 125) | new UInt128((ulong)random.NextInt64() & ((1UL << 61) - 1), (ulong)random.NextInt64());
            var address = IpAddress.FromIPv6(value);
            Assert.Equal(TestData.Tables.Countries.Find(address), countries!.Find(address));
            Assert.Equal(TestData.Tables.Asns.Find(address), asns!.Find(address));
        }

        // Every range boundary and the address just before it: where an off-by-one in the top index would show.
        var rows = File.ReadLines(TestData.PackageFile(DatasetPackage.Country, "geo-whois-asn-country-ipv4.csv")).Where((_, i) => i % 97 == 0);
        foreach (var start in rows.Select(r => IpAddress.Parse(r.Split(',')[0]).IPv4Value))
        {
            foreach (var address in (IpAddress[])[IpAddress.FromIPv4(start), IpAddress.FromIPv4(start == 0 ? 0 : start - 1)])
            {
                Assert.Equal(TestData.Tables.Countries.Find(address), countries!.Find(address));
            }
        }
    }

    [Fact]
    public void CacheFileName_CarriesTheFormatVersion()
    {
        // An older and a newer Grondslag sharing a data directory must not rebuild each other's file on every start.
        Assert.Contains($".v{TableCache.FormatVersion}.", AddressTables.CacheFileName, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_OtherSourceHash_IsRefusedAsStale()
    {
        var path = Path.Combine(_directory, "t.bin");
        TableCache.Write(path, new string('a', 64), TestData.Tables.Countries, TestData.Tables.Asns);

        Assert.False(TableCache.TryRead(path, new string('b', 64), out _, out _, out var problem));
        Assert.Contains("stale", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_FlippedByte_IsRefusedAsCorrupt()
    {
        var path = Path.Combine(_directory, "t.bin");
        TableCache.Write(path, new string('a', 64), TestData.Tables.Countries, TestData.Tables.Asns);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        Assert.False(TableCache.TryRead(path, new string('a', 64), out _, out _, out var problem));
        Assert.Contains("corrupt", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CorruptOrStaleCache_IsRebuiltFromTheCsvs()
    {
        foreach (var package in DatasetPackage.Required)
        {
            Directory.CreateSymbolicLink(DataDirectory.PackageDirectory(_directory, package), DataDirectory.PackageDirectory(TestData.DataDirectoryPath, package));
        }

        var cache = Path.Combine(_directory, AddressTables.CacheFileName);
        File.WriteAllText(cache, "GRDSLAG-TABLES\0\0 not really");
        var messages = new List<string>();

        var rebuilt = AddressTables.Load(_directory, messages.Add);
        var reloaded = AddressTables.Load(_directory, messages.Add);

        Assert.Equal("csv", rebuilt.LoadedFrom);
        Assert.Equal(cache, reloaded.LoadedFrom);
        Assert.Single(messages);
        Assert.Equal(rebuilt.Lookup(IpAddress.Parse("1.1.1.1")), reloaded.Lookup(IpAddress.Parse("1.1.1.1")));
    }

    [Fact]
    public void Load_NoDataInstalled_SaysHowToInstall()
    {
        var error = Assert.Throws<AddressDataException>(() => AddressTables.Load(_directory));

        Assert.Contains("grondslag data install", error.Message, StringComparison.Ordinal);
        Assert.Contains(_directory, error.Message, StringComparison.Ordinal);
    }
}
