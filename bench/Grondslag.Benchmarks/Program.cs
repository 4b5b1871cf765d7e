using BenchmarkDotNet.Running;
using Grondslag.Benchmarks;

if (args is ["generate-example", var path])
{
    var tables = BenchData.LoadTables();
    var addresses = SyntheticIndicatorList.Sample(tables, BenchData.CountryCsv("ipv4"), BenchData.CountryCsv("ipv6"), 20_000, 40, seed: 20240610);
    File.WriteAllText(path, SyntheticIndicatorList.Format(addresses, SyntheticIndicatorList.ExampleHeader(addresses.Count, 40)));
    Console.WriteLine($"wrote {addresses.Count} addresses to {path}");
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(LookupBenchmarks).Assembly).Run(args);
return 0;
