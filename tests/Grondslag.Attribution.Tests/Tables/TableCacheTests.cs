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
