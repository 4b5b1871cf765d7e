using BenchmarkDotNet.Attributes;
using Grondslag.Application.Cases;
using Grondslag.Attribution.Routing;
using Grondslag.Attribution.Tables;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Indicators.Intake;

namespace Grondslag.Benchmarks;

/// <summary>
/// The server's in-process parts of issue 15 on 1,000,000 lines: the intake streamed from a reader against the whole
/// text, and a share's stored indicators (encode once when the plan is made, decode at release) against the old
/// release path (parse the whole list and attribute it again for every share).
/// </summary>
[MemoryDiagnoser]
public class StoredIndicatorBenchmarks
{
    private string _text = null!;
    private AddressTables _tables = null!;
    private AttributedAddresses _attributed = null!;
    private int[] _share = null!;
    private IReadOnlyList<byte[]> _chunks = null!;

    [GlobalSetup]
    public void Setup()
    {
        _tables = BenchData.LoadTables();
        var sample = SyntheticIndicatorList.Sample(_tables, BenchData.CountryCsv("ipv4"), BenchData.CountryCsv("ipv6"), 900_000, 9_000, seed: 3);
        var lines = sample.Concat(sample.Take(100_000)).ToList();
        new Random(4).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(lines));
        _text = SyntheticIndicatorList.Format(lines, "# 1,000,000 synthetic lines\n");
        _attributed = AttributedAddresses.Attribute(IndicatorListParser.Parse("bench", _text), _tables);

        // The largest country's share (as a plan would make it).
        var largest = _attributed.ByCountry.MaxBy(c => c.Value).Key;
        _share = [.. Enumerable.Range(0, _attributed.Count).Where(i => _attributed.CountryOf(i) == largest)];
        _chunks = IndicatorChunks.Encode(_attributed, _share);
    }

    [Benchmark(Description = "Intake 1,000,000 lines from the whole text")]
    public int IntakeWhole() => IndicatorIntake.Read("bench", _text).List.Accepted;

    [Benchmark(Description = "Intake 1,000,000 lines streamed from a reader")]
    public int IntakeStreamed() => IndicatorIntake.Read("bench", new StringReader(_text)).List.Accepted;

    [Benchmark(Description = "Encode the largest share's indicators (stored form)")]
    public int Encode() => IndicatorChunks.Encode(_attributed, _share).Count;

    [Benchmark(Description = "Release path, stored: decode the largest share")]
    public int DecodeStored()
    {
        var items = new List<OutgoingIndicator>(_share.Length);
        foreach (var chunk in _chunks)
        {
            IndicatorChunks.Decode(chunk, 0, int.MaxValue, items);
        }

        return items.Count;
    }

    [Benchmark(Description = "Release path, before: parse the list, attribute it, pick the largest share")]
    public int ReparseOld()
    {
        var attributed = AttributedAddresses.Attribute(IndicatorIntake.Addresses("bench", _text), _tables);
        return _share.Select(i => new OutgoingIndicator(attributed.Addresses[i], attributed.CountryOf(i), attributed.AsOf(i).Asn, attributed.AsOf(i).Organisation)).Count();
    }
}
