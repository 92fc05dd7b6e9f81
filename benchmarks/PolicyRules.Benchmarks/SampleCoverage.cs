using PolicyRules.Bulk;
using PolicyRules.Compilation;

namespace PolicyRules.Benchmarks;

/// <summary>
/// How well the samples exercise the programmes the evaluation benchmarks compare: per programme, how
/// many samples are eligible, and per top-level criterion how many fail. A criterion that never fails (or
/// never passes) is one whose agreement check proves little. Run: <c>dotnet run -c Release -- sample-coverage</c>.
/// </summary>
internal static class SampleCoverage
{
    public static int Run()
    {
        var engine = PolicyEngine.LoadDirectory(Samples.RulesDirectory);
        var profiles = Samples.Profiles();
        var programmes = EvaluationBenchmarks.EnterpriseProgrammes(engine);
        var screener = ProgrammeScreener.Create(programmes, Samples.AsOf);
        var tally = new Tally(programmes);
        foreach (var profile in profiles)
        {
            screener.Screen(profile);
            tally.Add(i => screener.Eligible(i), i => screener.Buffer(i));
        }

        Console.WriteLine($"{profiles.Length} sample enterprises, as of {Samples.AsOf:yyyy-MM-dd}:");
        tally.Print(profiles.Length);

        var personProgramme = engine.GetProgramme("YoungTalentLeader", Samples.AsOf);
        var persons = Samples.Persons(personProgramme.FieldsRead(Samples.AsOf));
        var personScreener = ProgrammeScreener.Create([personProgramme], Samples.AsOf);
        var personTally = new Tally([personProgramme]);
        foreach (var person in persons)
        {
            personScreener.Screen(person);
            personTally.Add(personScreener.Eligible, personScreener.Buffer);
        }

        Console.WriteLine($"{persons.Length} sample persons:");
        personTally.Print(persons.Length);
        return 0;
    }

    private sealed class Tally(CompiledProgramme[] programmes)
    {
        private readonly int[] _eligible = new int[programmes.Length];
        private readonly int[][] _failed = [.. programmes.Select(p => new int[p.TopLevelRuleNames.Length])];

        public void Add(Func<int, bool> eligible, Func<int, ScreeningBuffer> buffer)
        {
            for (var i = 0; i < programmes.Length; i++)
            {
                _eligible[i] += eligible(i) ? 1 : 0;
                for (var c = 0; c < _failed[i].Length; c++)
                {
                    _failed[i][c] += programmes[i].Failed(buffer(i), c) ? 1 : 0;
                }
            }
        }

        public void Print(int count)
        {
            for (var i = 0; i < programmes.Length; i++)
            {
                Console.WriteLine($"  {programmes[i].Definition.WorkflowName}: {_eligible[i]} eligible");
                for (var c = 0; c < _failed[i].Length; c++)
                {
                    var failed = _failed[i][c];
                    var note = failed == 0 ? "   <- never fails" : failed == count ? "   <- never passes" : "";
                    Console.WriteLine($"    {programmes[i].TopLevelRuleNames[c]}: fails {failed}{note}");
                }
            }
        }
    }
}
