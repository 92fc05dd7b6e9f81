using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace PolicyRules.Benchmarks;

/// <summary>Cold start: a fresh process loads, checks and compiles every bundled rule file once (JIT included).</summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.ColdStart, launchCount: 5, warmupCount: 0, iterationCount: 1)]
public class ColdStartBenchmarks
{
    [Benchmark]
    public int LoadAndCompileBundledRules() => PolicyEngine.LoadDirectory(Samples.RulesDirectory).Programmes.Length;
}
