using System.Globalization;
using CsCheck;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Screening;
using PolicyRules.Targets;

namespace PolicyRules.Tests.Screening;

/// <summary>
/// A CSV results file alone is formatted by the evaluating threads and, with population-level
/// programmes, spilled as bytes (<see cref="CsvRowSpill"/>); with an application sink beside it the run
/// takes the general path, every row through <see cref="CsvResultSink"/>. Both write the same files and
/// the same summary, on one core and on several, whatever the ids, the bad rows, the ranks and the outputs.
/// </summary>
public sealed class CsvFastPathTests : IDisposable
{
    private static readonly Lazy<PolicyEngine> Engine = new(() => PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory));

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-csvfast-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Ids a CSV must quote, a spreadsheet would run, or UTF-8 writes in several bytes.</summary>
    private static readonly Gen<string> Id = Gen.OneOf(
        Gen.Int[0, 999].Select(i => "E" + i.ToString("D3", CultureInfo.InvariantCulture)),
        Gen.Select(Gen.OneOf("a,b", "say \"hi\"", "=1+1", "+86", "-5", "@x", "＝全角", "企业", "😀", "'q", "a;b", " sp "), Gen.Int[0, 99],
            (text, i) => text + i.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Young tech firms with few distinct values: many eligible for InnovationIndexTop50, many equal indexes.</summary>
    private static readonly Gen<EnterpriseProfile> Young =
        from techStaff in Gen.OneOf(Gen.Const(5), Gen.Const(10), Gen.Const(30))
        from rd in Gen.OneOf(Gen.Const(1_000_000m), Gen.Const(3_000_000m), Gen.Const(9_000_000m))
        from old in Gen.Int[0, 4]
        select TestProfiles.Baseline() with
        {
            TechStaff = techStaff,
            RdExpenseY1 = rd,
            DomesticRdExpenseY1 = rd,
            RegistrationDate = old == 0 ? new DateOnly(2015, 1, 1) : new DateOnly(2021, 3, 1),
        };

    private static readonly Gen<EnterpriseProfile> Profiles =
        from profile in Gen.Frequency((1, ProfileGen.Profile), (2, Young))
        from rd in Gen.OneOf(Gen.Const(0m), Gen.Const(5_000_000m), Gen.Long[0, 90_000_000_000_00].Select(c => c / 100m))
        from rdY2 in Gen.OneOf(Gen.Const(0m), Gen.Long[0, 90_000_000_000_00].Select(c => c / 100m))
        select profile with { RdExpenseY1 = rd, RdExpenseY2 = rdY2 }; // RdIncreaseSubsidy's outputs: zero, capped, huge increases

    /// <summary>Writes the profiles with these ids (quoted as CSV quotes them) and some unreadable rows.</summary>
    private string WriteInput(string name, EnterpriseProfile[] profiles, string[] ids, int[] garbled)
    {
        var path = Path.Combine(_dir, name);
        ProfileCsvWriter.Write(path, profiles.Select((p, i) => p with { Id = $"ID{i:D6}" }));
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < profiles.Length; i++)
        {
            var id = ids[i % ids.Length];
            var cell = id.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + id.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : id;
            lines[i + 1] = cell + lines[i + 1][$"ID{i:D6}".Length..];
        }

        foreach (var row in garbled.Where(r => r < profiles.Length))
        {
            lines[row + 1] = lines[row + 1].Replace(",", ",x,", StringComparison.Ordinal); // a column too many everywhere: rejected
        }

        File.WriteAllLines(path, lines);
        return path;
    }

    private (string Output, string Rejects, string Counts) Screen(string input, string name, IReadOnlyList<CompiledProgramme> programmes, ScreeningOptions options)
    {
        var output = Path.Combine(_dir, name);
        var summary = ScreeningJob.Run(input, output, programmes, ProfileGen.AsOf, options: options);
        Assert.Equal(summary.Read, summary.Written + summary.Rejected);
        var counts = $"{summary.Read}/{summary.Written}/{summary.Rejected} " + string.Join(" ", summary.Programmes.Select(p =>
            $"{p.Programme}:{p.Eligible}:{string.Join(",", p.FailuresByCriterion.Select(f => f.Value))}:{string.Join(",", p.OutputTotals.Select(t => $"{t.Total}/{t.Count}"))}"));
        return (File.ReadAllText(output), File.ReadAllText(ScreeningJob.RejectsPathFor(output)), counts);
    }

    /// <summary>Takes every row and does nothing: its presence sends the CSV file through the general path.</summary>
    private sealed class NullSink : IResultSink
    {
        public void Write(string id, ReadOnlySpan<ProgrammeOutcome> outcomes, ReadOnlySpan<char> failedNames, ReadOnlySpan<decimal?> outputs)
        {
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public void The_fast_path_writes_the_files_and_summary_of_the_general_path_on_any_core_count()
    {
        var bundled = TestProfiles.EnterpriseProgrammes(Engine.Value).Select(n => Engine.Value.GetProgramme(n, ProfileGen.AsOf));
        CompiledProgramme[] programmes = [.. bundled, OutputProgramme.Engine.GetProgramme(OutputProgramme.Name, ProfileGen.AsOf)];
        Assert.Contains(programmes, p => p.SelectTop is not null);
        Assert.Contains(programmes, p => !p.Definition.Outputs.IsEmpty);
        var run = 0;
        Gen.Select(Profiles.Array[0, 1300], Id.Array[1, 40], Gen.Int[0, 1299].Array[0, 5], Gen.Int[0, 3]).Sample((profiles, ids, garbled, threads) =>
        {
            run++;
            var input = WriteInput($"in{run}.csv", profiles, ids, garbled);
            var options = new ScreeningOptions { Parallel = threads > 0, DegreeOfParallelism = threads > 0 ? threads : null };
            var general = Screen(input, $"general{run}.csv", programmes, options with { Sinks = [_ => new NullSink()] });
            var fast = Screen(input, $"fast{run}.csv", programmes, options);
            Assert.Equal(general.Output, fast.Output);
            Assert.Equal(general.Rejects, fast.Rejects);
            Assert.Equal(general.Counts, fast.Counts);
        }, iter: 8, threads: 1);
    }

    [Fact]
    public void Ranks_known_beforehand_fill_the_holes_as_the_general_path_writes_them()
    {
        // A target that reads a population-level programme row by row (beside another programme) ranks in a first pass: the rows are then written as they come.
        var targetsPath = Path.Combine(_dir, "plan.targets.json");
        File.WriteAllText(targetsPath, """
            { "Plan": "测试规划", "PlanTitle": "测试规划（2023–2025）", "Targets": [
              { "Name": "Top", "TitleZh": "前50", "TitleEn": "Top 50", "Citation": { "Article": "二" }, "Year": 2025, "Value": 50,
                "Metric": { "Kind": "MeetingCriteria", "Criteria": ["InnovationIndexTop50", "LittleGiant"] } } ] }
            """);
        var targets = TargetFileReader.Read(targetsPath, Engine.Value);
        CompiledProgramme[] programmes = [Engine.Value.GetProgramme("InnovationIndexTop50", ProfileGen.AsOf), Engine.Value.GetProgramme("LittleGiant", ProfileGen.AsOf)];
        Gen.Select(Young.Array[0, 1300], Id.Array[1, 40], Gen.Int[1, 3]).Sample((profiles, ids, threads) =>
        {
            var input = WriteInput("ranked.csv", profiles, ids, []);
            var options = new ScreeningOptions { DegreeOfParallelism = threads, Targets = targets, Statistics = new ScreeningStatisticsOptions() };
            var general = Screen(input, "general.csv", programmes, options with { Sinks = [_ => new NullSink()] });
            var fast = Screen(input, "fast.csv", programmes, options);
            var spilled = Screen(input, "spilled.csv", programmes, options with { Targets = null });
            Assert.Equal(general.Output, fast.Output);
            Assert.Equal(general.Output, spilled.Output);
            Assert.Equal(general.Counts, fast.Counts);
        }, iter: 4, threads: 1);
    }
}
