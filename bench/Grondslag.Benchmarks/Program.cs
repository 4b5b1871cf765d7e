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

// The lookup-only peer (issue 15): dotnet Grondslag.Benchmarks.dll peer INDICATORS MMDB
if (args is ["peer", var indicators, var mmdb])
{
    return Peer.Run(indicators, mmdb);
}

// Reproducible inputs: dotnet Grondslag.Benchmarks.dll generate-public COUNT SEED PATH
if (args is ["generate-public", var count, var seed, var output])
{
    return PublicAddressList.Write(output, long.Parse(count, System.Globalization.CultureInfo.InvariantCulture), int.Parse(seed, System.Globalization.CultureInfo.InvariantCulture));
}

// Phase timings of the plan's input-proportional work: dotnet Grondslag.Benchmarks.dll phases FILE [RUNS]
if (args is ["phases", var phaseInput, ..])
{
    return Phases.Run(phaseInput, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3);
}

BenchmarkSwitcher.FromAssembly(typeof(LookupBenchmarks).Assembly).Run(args);
return 0;
