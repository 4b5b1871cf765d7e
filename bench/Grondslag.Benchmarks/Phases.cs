using System.Diagnostics;
using Grondslag.Application.Planning;
using Grondslag.Attribution.Parties;
using Grondslag.Attribution.Routing;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Law;
using Grondslag.Rules;

namespace Grondslag.Benchmarks;

/// <summary>
/// <c>phases FILE [RUNS]</c>: the work of <c>grondslag plan</c> proportional to the input, phase by phase, in one process
/// (parse the file, attribute, partition and assess), each run's wall and CPU time; the first run includes the JIT.
/// </summary>
internal static class Phases
{
    public static int Run(string path, int runs)
    {
        var root = PlanBenchmarksRoot();
        var tables = BenchData.LoadTables();
        var registry = PartyRegistryLoader.LoadFile(Path.Combine(root, "parties", "default.yaml"));
        var evaluator = new LegalEvaluator(RuleBookLoader.Load(Path.Combine(root, "rules")));
        var process = Process.GetCurrentProcess();
        for (var run = 1; run <= runs; run++)
        {
            var clock = Stopwatch.StartNew();
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var list = IndicatorListParser.ParseFile(path, new IndicatorListOptions { MaxReportedLines = 10_000 });
            var parsed = clock.Elapsed;
            process.Refresh();
            var cpu1 = process.TotalProcessorTime;
            var attribution = AttributedAddresses.Attribute(list, tables);
            var attributed = clock.Elapsed;
            process.Refresh();
            var cpu2 = process.TotalProcessorTime;
            var partition = Partition.Create(attribution, registry, evaluator.Book.Countries.Territories, new DateOnly(2024, 6, 10));
            var partitioned = clock.Elapsed;
            process.Refresh();
            var cpuP = process.TotalProcessorTime;
            Console.Write(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"partition {(partitioned - attributed).TotalMilliseconds:F0} ms ({(cpuP - cpu2).TotalMilliseconds:F0} cpu, {partition.Shares.Length} shares) | "));
            attributed = clock.Elapsed;
            cpu2 = cpuP;
            var request = new PlanRequest(list, new DateOnly(2024, 6, 10), null, InformationClasses.CompromisedDeviceList, OriginatorConditions.Default);
            var plan = PlanSharing.Plan(request, tables, registry, evaluator);
            var planned = clock.Elapsed;
            process.Refresh();
            var cpu3 = process.TotalProcessorTime;
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"run {run}: parse {parsed.TotalMilliseconds:F0} ms ({(cpu1 - cpu0).TotalMilliseconds:F0} cpu) | attribute {(attributed - parsed).TotalMilliseconds:F0} ms ({(cpu2 - cpu1).TotalMilliseconds:F0} cpu) | plan incl. attribute {(planned - attributed).TotalMilliseconds:F0} ms ({(cpu3 - cpu2).TotalMilliseconds:F0} cpu) | accepted {list.Accepted} unknown {attribution.UnknownCountry} shares {plan.Recipients.Length}"));
        }

        return 0;
    }

    private static string PlanBenchmarksRoot()
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
