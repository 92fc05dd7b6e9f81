using BenchmarkDotNet.Attributes;
using PolicyRules.Compilation;
using PolicyRules.Model;
using RulesEngine.Models;

namespace PolicyRules.Benchmarks;

/// <summary>
/// Per enterprise, for HighTechEnterprise alone and for all bundled programmes: (a) stock RulesEngine,
/// (b) our single evaluation with explanation, (c) our bulk screening over an in-memory batch, and
/// (d) the same criteria hand-written in C#. Each operation evaluates the 1,000 sample enterprises;
/// results are per enterprise (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    private const int Batch = 1000;

    private EnterpriseProfile[] _profiles = [];
    private CompiledProgramme[] _programmes = [];
    private ScreeningBuffer[] _buffers = [];
    private RulesEngine.RulesEngine _reference = null!;

    /// <summary>Which programmes: HighTechEnterprise alone, or all three bundled ones.</summary>
    [Params("HighTechEnterprise", "All")]
    public string Programmes { get; set; } = "HighTechEnterprise";

    private bool All => Programmes == "All";

    [GlobalSetup]
    public void Setup()
    {
        _profiles = Samples.Profiles()[..Batch];
        var engine = PolicyEngine.LoadDirectory(Samples.RulesDirectory);
        string[] names = All ? [.. engine.Programmes] : ["HighTechEnterprise"];
        _programmes = [.. names.Select(n => engine.GetProgramme(n, Samples.AsOf))];
        _buffers = [.. _programmes.Select(p => p.CreateBuffer())];
        var workflows = PolicyEngine.RuleFiles(Samples.RulesDirectory)
            .SelectMany(f => System.Text.Json.JsonSerializer.Deserialize<Workflow[]>(File.ReadAllText(f))!)
            .Where(w => names.Contains(w.WorkflowName))
            .ToArray();
        _reference = new RulesEngine.RulesEngine(workflows, new ReSettings { CustomTypes = [.. AllowList.HelperTypes, .. AllowList.ModelTypes] });
        CheckAgreement(engine);
    }

    /// <summary>(d) The limit: the criteria written by hand.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int HandWrittenCSharp()
    {
        var eligible = 0;
        foreach (var profile in _profiles)
        {
            eligible += HandWritten.HighTech(profile, Samples.AsOf) == 0 ? 1 : 0;
            if (All)
            {
                eligible += HandWritten.TechBasedSme(profile).Eligible ? 1 : 0;
                eligible += HandWritten.SmeSize(profile) != SizeClass.Large ? 1 : 0;
            }
        }

        return eligible;
    }

    /// <summary>(c) Bulk: the fused compiled kernel into a reused buffer.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int PolicyRulesBulk()
    {
        var eligible = 0;
        foreach (var profile in _profiles)
        {
            for (var i = 0; i < _programmes.Length; i++)
            {
                eligible += _programmes[i].Screen(profile, Samples.AsOf, _buffers[i]) ? 1 : 0;
            }
        }

        return eligible;
    }

    /// <summary>(b) One enterprise with the full explanation.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int PolicyRulesExplained()
    {
        var eligible = 0;
        foreach (var profile in _profiles)
        {
            foreach (var programme in _programmes)
            {
                eligible += programme.Evaluate(profile, Samples.AsOf).Eligible ? 1 : 0;
            }
        }

        return eligible;
    }

    /// <summary>(a) Stock RulesEngine, ExecuteAllRulesAsync per enterprise and programme.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task<int> RulesEngineStock()
    {
        var eligible = 0;
        foreach (var profile in _profiles)
        {
            foreach (var programme in _programmes)
            {
                var results = await _reference.ExecuteAllRulesAsync(programme.Name,
                    new RuleParameter(RuleParameters.Enterprise, profile), new RuleParameter(RuleParameters.AsOf, Samples.AsOf));
                eligible += results.TrueForAll(r => r.IsSuccess) ? 1 : 0;
            }
        }

        return eligible;
    }

    /// <summary>The four contenders must agree, or the comparison means nothing.</summary>
    private void CheckAgreement(PolicyEngine engine)
    {
        var highTech = engine.GetProgramme("HighTechEnterprise", Samples.AsOf);
        var techSme = engine.GetProgramme("TechBasedSme", Samples.AsOf);
        var size = engine.GetProgramme("SmeSize", Samples.AsOf);
        var buffer = techSme.CreateBuffer();
        var sizeBuffer = size.CreateBuffer();
        foreach (var profile in _profiles)
        {
            var ok = (HandWritten.HighTech(profile, Samples.AsOf) == 0) == highTech.Screen(profile, Samples.AsOf, highTech.CreateBuffer())
                && HandWritten.TechBasedSme(profile).Eligible == techSme.Screen(profile, Samples.AsOf, buffer)
                && HandWritten.TechBasedSme(profile).Score == buffer.Score
                && (size.Screen(profile, Samples.AsOf, sizeBuffer) ? HandWritten.SmeSize(profile).ToString() == sizeBuffer.Classification : HandWritten.SmeSize(profile) == SizeClass.Large);
            if (!ok)
            {
                throw new InvalidOperationException($"Hand-written and compiled rules disagree on {profile.Id}.");
            }
        }
    }
}
