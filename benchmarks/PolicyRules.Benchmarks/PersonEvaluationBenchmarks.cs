using BenchmarkDotNet.Attributes;
using PolicyRules.Bulk;
using PolicyRules.Compilation;
using PolicyRules.Model;
using RulesEngine.Models;

namespace PolicyRules.Benchmarks;

/// <summary>
/// The person programme (YoungTalentLeader) per person, with the four contenders of
/// <see cref="EvaluationBenchmarks"/>. Each operation evaluates the 200 sample persons
/// (samples/persons.csv); results are per person (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class PersonEvaluationBenchmarks
{
    private const int Batch = 200;

    private PersonProfile[] _persons = [];
    private CompiledProgramme _programme = null!;
    private ProgrammeScreener _screener = null!;
    private RulesEngine.RulesEngine _reference = null!;

    [GlobalSetup]
    public void Setup()
    {
        var engine = PolicyEngine.LoadDirectory(Samples.RulesDirectory);
        _programme = engine.GetProgramme("YoungTalentLeader", Samples.AsOf);
        _persons = Samples.Persons(_programme.FieldsRead(Samples.AsOf))[..Batch];
        _screener = ProgrammeScreener.Create([_programme], Samples.AsOf);
        _reference = Samples.ReferenceEngine();
        CheckAgreement();
    }

    /// <summary>(d) The limit: the criteria written by hand.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int HandWrittenCSharp()
    {
        var eligible = 0;
        foreach (var person in _persons)
        {
            eligible += HandWritten.YoungTalentLeader(person, Samples.AsOf) == 0 ? 1 : 0;
        }

        return eligible;
    }

    /// <summary>(c) Bulk: the fused compiled kernel into a reused buffer (ProgrammeScreener).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int PolicyRulesBulk()
    {
        var eligible = 0;
        foreach (var person in _persons)
        {
            _screener.Screen(person);
            eligible += _screener.Eligible(0) ? 1 : 0;
        }

        return eligible;
    }

    /// <summary>(b) One person at a time, with the full explanation.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int PolicyRulesExplained()
    {
        var eligible = 0;
        foreach (var person in _persons)
        {
            eligible += _programme.Evaluate(person, Samples.AsOf).Eligible ? 1 : 0;
        }

        return eligible;
    }

    /// <summary>(a) Stock RulesEngine, ExecuteAllRulesAsync per person.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task<int> RulesEngineStock()
    {
        var eligible = 0;
        foreach (var person in _persons)
        {
            eligible += (await Reference(person)).TrueForAll(r => r.IsSuccess) ? 1 : 0;
        }

        return eligible;
    }

    private async Task<List<RuleResultTree>> Reference(PersonProfile person) =>
        await _reference.ExecuteAllRulesAsync(_programme.Definition.WorkflowName,
            new RuleParameter(RuleParameters.Person, person), new RuleParameter(RuleParameters.AsOf, Samples.AsOf));

    /// <summary>The four contenders agree on every sample person, criterion by criterion; throws with the person otherwise.</summary>
    private void CheckAgreement()
    {
        var names = _programme.TopLevelRuleNames;
        foreach (var person in _persons)
        {
            _screener.Screen(person);
            var buffer = _screener.Buffer(0);
            var failed = HandWritten.YoungTalentLeader(person, Samples.AsOf);
            var explained = _programme.Evaluate(person, Samples.AsOf);
            var reference = Reference(person).GetAwaiter().GetResult();
            var agree = failed >> names.Length == 0 && explained.Criteria.Length == names.Length && reference.Count == names.Length
                && explained.Eligible == _screener.Eligible(0) && reference.TrueForAll(r => r.IsSuccess) == _screener.Eligible(0);
            for (var c = 0; agree && c < names.Length; c++)
            {
                var passed = !_programme.Failed(buffer, c);
                agree = passed == ((failed & (1 << c)) == 0) && passed == explained.Criteria[c].Passed && passed == reference[c].IsSuccess;
            }

            if (!agree)
            {
                throw new InvalidOperationException(
                    $"YoungTalentLeader, person {person.Id}: the contenders disagree (hand-written failed bits {failed}, compiled eligible {_screener.Eligible(0)}, "
                    + $"explained {explained.Eligible}, RulesEngine {reference.TrueForAll(r => r.IsSuccess)}).");
            }
        }
    }
}
