using BenchmarkDotNet.Attributes;
using Grondslag.Application.Planning;
using Grondslag.Attribution.Parties;
using Grondslag.Attribution.Tables;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using Grondslag.Rules;

namespace Grondslag.Benchmarks;

/// <summary>
/// `plan` end to end in process on 1,000,000 lines: parse, attribute, partition over the default registry,
/// and assess every share under the default rule book. Start-up is measured separately (docs/benchmarks.md).
/// </summary>
[MemoryDiagnoser]
public class PlanBenchmarks
{
    private string _text = null!;
    private AddressTables _tables = null!;
    private PartyRegistry _registry = null!;
    private LegalEvaluator _evaluator = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = FindRoot();
        _tables = BenchData.LoadTables();
        _registry = PartyRegistryLoader.LoadFile(Path.Combine(root, "parties", "default.yaml"));
        _evaluator = new LegalEvaluator(RuleBookLoader.Load(Path.Combine(root, "rules")));
        var sample = SyntheticIndicatorList.Sample(_tables, BenchData.CountryCsv("ipv4"), BenchData.CountryCsv("ipv6"), 900_000, 9_000, seed: 5);
        var lines = sample.Concat(sample.Take(100_000)).ToList();
        new Random(6).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(lines));
        _text = SyntheticIndicatorList.Format(lines, "# 1,000,000 synthetic lines\n");
    }

    [Benchmark(Description = "plan: 1,000,000 lines, parse to verdicts")]
    public int Plan()
    {
        var list = IndicatorListParser.Parse("bench", _text);
        var request = new PlanRequest(list, new DateOnly(2024, 6, 10), null, InformationClasses.CompromisedDeviceList, OriginatorConditions.Default);
        return PlanSharing.Plan(request, _tables, _registry, _evaluator).WithoutLawfulRecipient;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Grondslag.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
    }
}
