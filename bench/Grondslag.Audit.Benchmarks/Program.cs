using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Grondslag.Audit.Benchmarks.MerkleBenchmarks).Assembly).Run(args);
