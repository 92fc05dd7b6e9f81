using System.Globalization;
using BenchmarkDotNet.Attributes;
using PolicyRules.Bulk;
using PolicyRules.Compilation;
using PolicyRules.Evaluation;
using PolicyRules.Model;
using PolicyRules.Rules;
using RulesEngine.Models;

namespace PolicyRules.Benchmarks;

/// <summary>
/// Per enterprise, for HighTechEnterprise alone and for every enterprise programme of the bundled
/// catalogue (the 14 versions in force on <see cref="Samples.AsOf"/>): (a) stock RulesEngine,
/// (b) our single evaluation with explanation, (c) our bulk screening over an in-memory batch, and
/// (d) the same criteria hand-written in C#, dividing as the rule files do, and (d′) as a careful
/// engineer writes them (<see cref="HandWrittenCareful"/>: no division where a cross-multiplication
/// decides the same). Each operation evaluates the 1,000 sample enterprises;
/// results are per enterprise (OperationsPerInvoke).
/// </summary>
/// <remarks>
/// Every contender evaluates every programme for each enterprise, scores and classes included.
/// (a), (c) and (d) evaluate each programme once, the programmes that composites use first, and hand
/// their outcomes to the composites (TechLoanWhitelist, PayAfterUseLicensee, InnovationIndexTop50);
/// RulesEngine gets them as the <c>programmes</c> parameter, as RulesEngineParityTests feeds it.
/// (b) is the public API with the full explanation: <c>Evaluate</c> for HighTechEnterprise alone,
/// <c>EvaluateAll</c> for "All" (each programme explained once; a composite's result carries the
/// results of the programmes it uses instead of explaining them again).
/// InnovationIndexTop50 counts with its per-enterprise part, eligibility and index; the top-50
/// selection ranks a population.
/// </remarks>
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    private const int Batch = 1000;

    private EnterpriseProfile[] _profiles = [];
    private CompiledProgramme[] _programmes = [];
    private ProgrammeScreener _screener = null!;
    private ProgrammeScreener _combined = null!;
    private HandWrittenScreener _handWritten = null!;
    private HandWrittenScreener _careful = null!;
    private RulesEngine.RulesEngine _reference = null!;
    private PolicyEngine _engine = null!;
    private ProgrammeOutcomes? _referenceOutcomes;
    private RuleParameter? _referenceProgrammes;

    /// <summary>Which programmes: HighTechEnterprise alone, or every enterprise programme of the catalogue.</summary>
    [Params("HighTechEnterprise", "All")]
    public string Programmes { get; set; } = "HighTechEnterprise";

    private bool All => Programmes == "All";

    [GlobalSetup]
    public void Setup()
    {
        _profiles = Samples.Profiles()[..Batch];
        var engine = _engine = PolicyEngine.LoadDirectory(Samples.RulesDirectory);
        var everyProgramme = EnterpriseProgrammes(engine);
        _programmes = All ? everyProgramme : [engine.GetProgramme("HighTechEnterprise", Samples.AsOf)];
        _screener = ProgrammeScreener.Create(_programmes, Samples.AsOf);
        _combined = ProgrammeScreener.Create(_programmes, Samples.AsOf, combine: true);
        _handWritten = new HandWrittenScreener();
        _careful = new HandWrittenScreener(careful: true);
        _reference = Samples.ReferenceEngine();
        if (Array.Exists(_programmes, p => !p.Uses.IsEmpty))
        {
            _referenceOutcomes = new ProgrammeOutcomes(_programmes.Select(p => p.Name));
            _referenceProgrammes = new RuleParameter(RuleParameters.Programmes, _referenceOutcomes);
        }

        CheckAgreement(everyProgramme);
    }

    /// <summary>
    /// The version in force on <see cref="Samples.AsOf"/> of every programme that reads an enterprise,
    /// each after the programmes it uses.
    /// </summary>
    internal static CompiledProgramme[] EnterpriseProgrammes(PolicyEngine engine)
    {
        var ordered = new List<CompiledProgramme>();
        foreach (var name in engine.Programmes)
        {
            Add(name);
        }

        return [.. ordered];

        void Add(string name)
        {
            var programme = engine.GetProgramme(name, Samples.AsOf);
            if (programme.Input != RecordSchema.Enterprise.Name || ordered.Contains(programme))
            {
                return;
            }

            foreach (var used in programme.Uses)
            {
                Add(used);
            }

            ordered.Add(programme);
        }
    }

    /// <summary>(d) The limit: the criteria written by hand.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int HandWrittenCSharp()
    {
        var eligible = 0;
        if (!All)
        {
            foreach (var profile in _profiles)
            {
                eligible += HandWritten.HighTech(profile, Samples.AsOf) == 0 ? 1 : 0;
            }

            return eligible;
        }

        var results = _handWritten;
        foreach (var profile in _profiles)
        {
            results.Screen(profile, Samples.AsOf);
            foreach (var failed in results.Failed)
            {
                eligible += failed == 0 ? 1 : 0;
            }
        }

        return eligible;
    }

    /// <summary>(d′) The criteria written by a careful engineer: sums once, cross-multiplication instead of division.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int HandWrittenCarefulCSharp()
    {
        var eligible = 0;
        if (!All)
        {
            foreach (var profile in _profiles)
            {
                eligible += HandWrittenCareful.HighTech(profile, Samples.AsOf) == 0 ? 1 : 0;
            }

            return eligible;
        }

        var results = _careful;
        foreach (var profile in _profiles)
        {
            results.Screen(profile, Samples.AsOf);
            foreach (var failed in results.Failed)
            {
                eligible += failed == 0 ? 1 : 0;
            }
        }

        return eligible;
    }

    /// <summary>(c) Bulk: each programme's compiled kernel in turn into reused buffers (ProgrammeScreener).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int PolicyRulesBulk()
    {
        var eligible = 0;
        foreach (var profile in _profiles)
        {
            _screener.Screen(profile);
            for (var i = 0; i < _programmes.Length; i++)
            {
                eligible += _screener.Eligible(i) ? 1 : 0;
            }
        }

        return eligible;
    }

    /// <summary>(c′) Bulk as (c) with one combined kernel for all programmes (values several programmes read computed once) instead of each programme's own kernel in turn.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int PolicyRulesBulkCombinedKernel()
    {
        var eligible = 0;
        foreach (var profile in _profiles)
        {
            _combined.Screen(profile);
            for (var i = 0; i < _programmes.Length; i++)
            {
                eligible += _combined.Eligible(i) ? 1 : 0;
            }
        }

        return eligible;
    }

    /// <summary>(b) One enterprise at a time, with the full explanation (every programme for "All": EvaluateAll).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int PolicyRulesExplained()
    {
        var eligible = 0;
        foreach (var profile in _profiles)
        {
            if (All)
            {
                foreach (var result in _engine.EvaluateAll(profile, Samples.AsOf))
                {
                    eligible += result.Eligible ? 1 : 0;
                }
            }
            else
            {
                eligible += _programmes[0].Evaluate(profile, Samples.AsOf).Eligible ? 1 : 0;
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
            var parameters = ReferenceParameters(profile);
            foreach (var programme in _programmes)
            {
                eligible += (await ReferenceEvaluate(programme, parameters)).Eligible ? 1 : 0;
            }
        }

        return eligible;
    }

    /// <summary>RulesEngine's parameters for one enterprise: without and with the outcomes composites read.</summary>
    private ReferenceInput ReferenceParameters(EnterpriseProfile profile)
    {
        _referenceOutcomes?.NextRecord();
        var enterprise = new RuleParameter(RuleParameters.Enterprise, profile);
        var asOf = new RuleParameter(RuleParameters.AsOf, Samples.AsOf);
        return new ReferenceInput([enterprise, asOf], _referenceProgrammes is { } programmes ? [enterprise, asOf, programmes] : []);
    }

    /// <summary>
    /// One programme through RulesEngine: eligibility, score and class as RulesEngineParityTests reads them,
    /// recorded for the composites evaluated after it.
    /// </summary>
    private async Task<ReferenceOutcome> ReferenceEvaluate(CompiledProgramme programme, ReferenceInput input)
    {
        var definition = programme.Definition;
        var results = await _reference.ExecuteAllRulesAsync(definition.WorkflowName, programme.Uses.IsEmpty ? input.Plain : input.WithProgrammes);
        var eligible = results.TrueForAll(r => r.IsSuccess);
        var score = definition.ScoreParam is { } s ? Convert.ToDecimal(results[0].Inputs[s], CultureInfo.InvariantCulture) : (decimal?)null;
        var classification = definition.ClassificationParam is { } c ? results[0].Inputs[c]?.ToString() : null;
        _referenceOutcomes?.Set(programme.Name, eligible, score, classification);
        return new ReferenceOutcome(results, eligible, score, classification);
    }

    private readonly record struct ReferenceInput(RuleParameter[] Plain, RuleParameter[] WithProgrammes);

    private readonly record struct ReferenceOutcome(List<RuleResultTree> Results, bool Eligible, decimal? Score, string? Classification);

    /// <summary>
    /// The four contenders must agree, or the comparison means nothing. On every sample: the hand-written
    /// code and the compiled rules for every enterprise programme (whichever the case), and RulesEngine and
    /// the explaining evaluation for the programmes of this case, each criterion by criterion, with the
    /// score and the class. Throws with the programme and the enterprise on the first difference.
    /// </summary>
    private void CheckAgreement(CompiledProgramme[] everyProgramme)
    {
        var slots = HandWrittenSlots(everyProgramme);
        var compiled = ProgrammeScreener.Create(everyProgramme, Samples.AsOf);
        foreach (var (hand, contender) in new[] { (new HandWrittenScreener(), "hand-written"), (new HandWrittenScreener(careful: true), "careful hand-written") })
        {
            foreach (var profile in _profiles)
            {
                compiled.Screen(profile);
                hand.Screen(profile, Samples.AsOf);
                for (var i = 0; i < everyProgramme.Length; i++)
                {
                    var programme = everyProgramme[i];
                    var buffer = compiled.Buffer(i);
                    var failed = hand.Failed[slots[i]];
                    for (var c = 0; c < programme.TopLevelRuleNames.Length; c++)
                    {
                        Agree(programme, profile, $"criterion {programme.TopLevelRuleNames[c]} passed", contender, !programme.Failed(buffer, c), (failed & (1 << c)) == 0);
                    }

                    Agree(programme, profile, "failed-criteria bits beyond the last criterion", contender, 0, failed >> programme.TopLevelRuleNames.Length);
                    Agree(programme, profile, "eligible", contender, compiled.Eligible(i), failed == 0);
                    Agree(programme, profile, "score", contender, buffer.Score, hand.Score[slots[i]]);
                    Agree(programme, profile, "class", contender, buffer.Classification, hand.Classification[slots[i]]);
                }
            }
        }

        foreach (var profile in _profiles)
        {
            _screener.Screen(profile);
            var input = ReferenceParameters(profile);
            for (var i = 0; i < _programmes.Length; i++)
            {
                var programme = _programmes[i];
                var buffer = _screener.Buffer(i);
                var explained = programme.Evaluate(profile, Samples.AsOf);
                var reference = ReferenceEvaluate(programme, input).GetAwaiter().GetResult();
                Agree(programme, profile, "number of criteria", "RulesEngine", programme.TopLevelRuleNames.Length, reference.Results.Count);
                for (var c = 0; c < programme.TopLevelRuleNames.Length; c++)
                {
                    var what = $"criterion {programme.TopLevelRuleNames[c]} passed";
                    Agree(programme, profile, what, "the explaining evaluation", !programme.Failed(buffer, c), explained.Criteria[c].Passed);
                    Agree(programme, profile, what, "RulesEngine", !programme.Failed(buffer, c), reference.Results[c].IsSuccess);
                }

                Agree(programme, profile, "eligible", "the explaining evaluation", _screener.Eligible(i), explained.Eligible);
                Agree(programme, profile, "eligible", "RulesEngine", _screener.Eligible(i), reference.Eligible);
                Agree(programme, profile, "score", "the explaining evaluation", buffer.Score, explained.Score);
                Agree(programme, profile, "score", "RulesEngine", buffer.Score, reference.Score);
                Agree(programme, profile, "class", "the explaining evaluation", buffer.Classification, explained.Classification);
                Agree(programme, profile, "class", "RulesEngine", buffer.Classification, reference.Classification);
            }
        }
    }

    /// <summary>For each programme, its slot in <see cref="HandWrittenScreener"/>, which must encode the same version.</summary>
    private static int[] HandWrittenSlots(CompiledProgramme[] programmes)
    {
        if (HandWrittenScreener.Programmes.Length != programmes.Length)
        {
            throw new InvalidOperationException(
                $"The catalogue has {programmes.Length} enterprise programmes on {Samples.AsOf:yyyy-MM-dd}, the hand-written code {HandWrittenScreener.Programmes.Length}: "
                + $"[{string.Join(", ", programmes.Select(p => p.Name))}] vs [{string.Join(", ", HandWrittenScreener.Programmes.Select(p => p.Programme))}].");
        }

        var slots = new int[programmes.Length];
        for (var i = 0; i < programmes.Length; i++)
        {
            var programme = programmes[i];
            slots[i] = HandWrittenScreener.Programmes.ToList().FindIndex(p => p.Programme == programme.Name);
            if (slots[i] < 0)
            {
                throw new InvalidOperationException($"{programme.Name} has no hand-written version: add one to HandWritten and HandWrittenScreener.");
            }

            if (HandWrittenScreener.Programmes[slots[i]].Workflow != programme.Definition.WorkflowName)
            {
                throw new InvalidOperationException(
                    $"On {Samples.AsOf:yyyy-MM-dd} {programme.Name} is {programme.Definition.WorkflowName}; the hand-written code encodes {HandWrittenScreener.Programmes[slots[i]].Workflow}.");
            }
        }

        return slots;
    }

    private static void Agree<T>(CompiledProgramme programme, EnterpriseProfile profile, string what, string contender, T compiled, T other)
    {
        if (!EqualityComparer<T>.Default.Equals(compiled, other))
        {
            throw new InvalidOperationException(
                $"{programme.Name} ({programme.Definition.WorkflowName}), enterprise {profile.Id}: {what} is {Show(other)} by {contender} but {Show(compiled)} by the compiled rules.");
        }
    }

    private static string Show<T>(T value) => value?.ToString() ?? "null";
}
