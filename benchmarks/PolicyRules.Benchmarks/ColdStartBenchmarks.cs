using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PolicyRules.Bulk;
using PolicyRules.Model;
using PolicyRules.Screening;

namespace PolicyRules.Benchmarks;

/// <summary>
/// Cold start: a fresh process loads and checks every bundled rule file once (JIT included). Kernels
/// become delegates on first use (issue 19), so the rows after the first say what that use costs:
/// the first enterprise screened against every enterprise programme (their fast kernels compiled),
/// and the first one explained for every programme (the explaining kernels compiled).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.ColdStart, launchCount: 5, warmupCount: 0, iterationCount: 1)]
public class ColdStartBenchmarks
{
    /// <summary>An enterprise built in code (reading the sample file would add the CSV reader's start to these rows).</summary>
    private static readonly EnterpriseProfile First = new()
    {
        Id = "cold-start",
        Employees = 120,
        TechStaff = 20,
        RevenueY1 = 80_000_000m,
        RevenueY2 = 70_000_000m,
        RevenueY3 = 60_000_000m,
        RdExpenseY1 = 4_000_000m,
        RdExpenseY2 = 3_500_000m,
        RdExpenseY3 = 3_000_000m,
        TotalAssets = 90_000_000m,
        RegistrationDate = new DateOnly(2015, 3, 1),
    };

    [Benchmark(Baseline = true)]
    public int LoadAndCompileBundledRules() => PolicyEngine.LoadDirectory(Samples.RulesDirectory).Programmes.Length;

    [Benchmark]
    public bool LoadAndScreenFirstEnterprise()
    {
        var engine = PolicyEngine.LoadDirectory(Samples.RulesDirectory);
        var screener = ProgrammeScreener.Create(EvaluationBenchmarks.EnterpriseProgrammes(engine), Samples.AsOf);
        screener.Screen(First);
        return screener.Eligible(0);
    }

    [Benchmark]
    public int LoadAndExplainFirstEnterprise()
    {
        var engine = PolicyEngine.LoadDirectory(Samples.RulesDirectory);
        return engine.EvaluateAll(First, Samples.AsOf).Count(r => r.Eligible);
    }
}
