using BenchmarkDotNet.Attributes;
using Grondslag.Attribution.Routing;
using Grondslag.Attribution.Tables;
using Grondslag.Domain.Indicators;

namespace Grondslag.Benchmarks;

/// <summary>Parsing 1,000,000 lines of public addresses (with 10% duplicates), then attributing them.</summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private string _text = null!;
    private AddressTables _tables = null!;
    private IndicatorList _list = null!;

    [GlobalSetup]
    public void Setup()
    {
        _tables = BenchData.LoadTables();
        var sample = SyntheticIndicatorList.Sample(_tables, BenchData.CountryCsv("ipv4"), BenchData.CountryCsv("ipv6"), 900_000, 9_000, seed: 3);
        var lines = sample.Concat(sample.Take(100_000)).ToList();
        new Random(4).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(lines));
        _text = SyntheticIndicatorList.Format(lines, "# 1,000,000 synthetic lines\n");
        _list = IndicatorListParser.Parse("bench", _text);
    }

    [Benchmark(Description = "Parse 1,000,000 lines")]
    public int Parse() => IndicatorListParser.Parse("bench", _text).Accepted;

    [Benchmark(Description = "Attribute 900,000 unique addresses")]
    public int Attribute() => AttributedAddresses.Attribute(_list, _tables).UnknownCountry;
}
