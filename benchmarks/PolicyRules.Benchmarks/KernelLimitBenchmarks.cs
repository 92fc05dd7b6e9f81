using BenchmarkDotNet.Attributes;
using PolicyRules.Bulk;
using PolicyRules.Compilation;
using PolicyRules.Model;
using Careful = PolicyRules.Benchmarks.HandWrittenCareful;

namespace PolicyRules.Benchmarks;

/// <summary>
/// HighTechEnterprise per enterprise against the two limits issue 19 names: the same criteria written
/// by a careful engineer in <see cref="decimal"/> (three-year sums once, no division where a
/// cross-multiplication decides the same), and with money held as scaled integers (fen in
/// <see cref="long"/>, products in <see cref="Int128"/>) prepared once, outside the measured loop —
/// the in-memory limit. The first hand-written contender (<see cref="HandWritten.HighTech"/>, dividing
/// as the rule file does) stays as the baseline; the compiled bulk kernel is measured beside them.
/// </summary>
/// <remarks>
/// Cross-multiplication agrees with the rule file's division on every input the contract admits
/// (money to the fen, at most 10^14 yuan): a ratio p/q that differs from a threshold t = a/b differs
/// by at least 1/(b·q) ≥ 10^-17, far above decimal's 28 significant digits. <see cref="Setup"/>
/// checks all four contenders agree on every sample.
/// </remarks>
[MemoryDiagnoser]
public class KernelLimitBenchmarks
{
    private const int Batch = 1000;

    private EnterpriseProfile[] _profiles = [];
    private ScaledHighTechRow[] _scaled = [];
    private ProgrammeScreener _screener = null!;

    [GlobalSetup]
    public void Setup()
    {
        _profiles = Samples.Profiles()[..Batch];
        _scaled = [.. _profiles.Select(ScaledHighTechRow.From)];
        var engine = PolicyEngine.LoadDirectory(Samples.RulesDirectory);
        var programme = engine.GetProgramme("HighTechEnterprise", Samples.AsOf);
        _screener = ProgrammeScreener.Create([programme], Samples.AsOf);
        for (var i = 0; i < _profiles.Length; i++)
        {
            var divided = HandWritten.HighTech(_profiles[i], Samples.AsOf);
            var careful = Careful.HighTech(_profiles[i], Samples.AsOf);
            var scaled = _scaled[i].Failed(Samples.AsOf.DayNumber);
            _screener.Screen(_profiles[i]);
            var compiled = _screener.Eligible(0);
            if (divided != careful || divided != scaled || compiled != (divided == 0))
            {
                throw new InvalidOperationException(
                    $"Enterprise {_profiles[i].Id}: failed bits {divided} (dividing), {careful} (careful), {scaled} (scaled integers), compiled eligible {compiled}.");
            }
        }
    }

    /// <summary>The first hand-written contender: divides as the rule file does.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int HandWrittenDividing()
    {
        var eligible = 0;
        foreach (var profile in _profiles)
        {
            eligible += HandWritten.HighTech(profile, Samples.AsOf) == 0 ? 1 : 0;
        }

        return eligible;
    }

    /// <summary>A careful engineer's decimal code (<see cref="HandWrittenCareful"/>): sums once, cross-multiplication instead of division.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int HandWrittenCareful()
    {
        var eligible = 0;
        foreach (var profile in _profiles)
        {
            eligible += Careful.HighTech(profile, Samples.AsOf) == 0 ? 1 : 0;
        }

        return eligible;
    }

    /// <summary>The in-memory limit: money as fen in 64-bit integers, products in 128 bits.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int ScaledIntegers()
    {
        var eligible = 0;
        var asOf = Samples.AsOf.DayNumber;
        foreach (ref readonly var row in _scaled.AsSpan())
        {
            eligible += row.Failed(asOf) == 0 ? 1 : 0;
        }

        return eligible;
    }

    /// <summary>The compiled bulk kernel (ProgrammeScreener), as in <see cref="EvaluationBenchmarks"/>.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int PolicyRulesBulk()
    {
        var eligible = 0;
        foreach (var profile in _profiles)
        {
            _screener.Screen(profile);
            eligible += _screener.Eligible(0) ? 1 : 0;
        }

        return eligible;
    }
}
