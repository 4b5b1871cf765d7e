using System.Net;
using BenchmarkDotNet.Attributes;
using Grondslag.Attribution.Tables;
using Grondslag.Domain.Indicators;
using MaxMind.Db;

namespace Grondslag.Benchmarks;

/// <summary>Country and ASN lookups against the MaxMind.Db reader on the same country data in MMDB form.</summary>
[MemoryDiagnoser]
public class LookupBenchmarks
{
    private const int N = 100_000;

    private AddressTables _tables = null!;
    private Reader _reader = null!;
    private IpAddress[] _v4 = null!;
    private IpAddress[] _v6 = null!;
    private IPAddress[] _v4Net = null!;
    private IPAddress[] _v6Net = null!;

    [GlobalSetup]
    public void Setup()
    {
        _tables = BenchData.LoadTables();
        _reader = new Reader(BenchData.MmdbPath, FileAccessMode.Memory);
        var sample = SyntheticIndicatorList.Sample(_tables, BenchData.CountryCsv("ipv4"), BenchData.CountryCsv("ipv6"), 2 * N, N, seed: 1);
        _v4 = [.. sample.Where(a => a.IsIPv4).Take(N)];
        _v6 = [.. sample.Where(a => !a.IsIPv4).Take(N)];
        var random = new Random(2);
        random.Shuffle(_v4);
        random.Shuffle(_v6);
        _v4Net = [.. _v4.Select(a => IPAddress.Parse(a.ToString()))];
        _v6Net = [.. _v6.Select(a => IPAddress.Parse(a.ToString()))];
    }

    [GlobalCleanup]
    public void Cleanup() => _reader.Dispose();

    [Benchmark(OperationsPerInvoke = N, Description = "Grondslag IPv4 country")]
    public int IPv4Country()
    {
        var sum = 0;
        var countries = _tables.Countries;
        foreach (var a in _v4)
        {
            sum += countries.FindIndex(a);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = N, Description = "Grondslag IPv6 country")]
    public int IPv6Country()
    {
        var sum = 0;
        var countries = _tables.Countries;
        foreach (var a in _v6)
        {
            sum += countries.FindIndex(a);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = N, Description = "Grondslag IPv4 country+ASN+org")]
    public int IPv4CountryAsnOrganisation()
    {
        var sum = 0;
        foreach (var a in _v4)
        {
            var info = _tables.Lookup(a);
            sum = unchecked(sum + (int)info.Asn + info.AsOrganisation.Length + (info.Country is null ? 0 : 1));
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = N, Description = "Grondslag IPv6 country+ASN+org")]
    public int IPv6CountryAsnOrganisation()
    {
        var sum = 0;
        foreach (var a in _v6)
        {
            var info = _tables.Lookup(a);
            sum = unchecked(sum + (int)info.Asn + info.AsOrganisation.Length + (info.Country is null ? 0 : 1));
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = N, Description = "MaxMind.Db Reader IPv4 country")]
    public int MaxMindIPv4Country() => ReadAll(_v4Net);

    [Benchmark(OperationsPerInvoke = N, Description = "MaxMind.Db Reader IPv6 country")]
    public int MaxMindIPv6Country() => ReadAll(_v6Net);

    private int ReadAll(IPAddress[] addresses)
    {
        var sum = 0;
        foreach (var a in addresses)
        {
            if (_reader.Find<Dictionary<string, object>>(a) is { } data && data.TryGetValue("country_code", out var code))
            {
                sum += ((string)code).Length;
            }
        }

        return sum;
    }
}
