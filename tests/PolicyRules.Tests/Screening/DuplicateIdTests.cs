using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using PolicyRules.Compilation;
using PolicyRules.Gaps;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Screening;
using PolicyRules.Targets;

namespace PolicyRules.Tests.Screening;

/// <summary>
/// The contract makes <c>id</c> a unique key: a later row with an accepted row's id is a reject naming
/// that row, and the run is the run of the file without it — the same results byte for byte (a
/// population programme ranks each enterprise once), the same counts, output totals, report
/// statistics and targets — on one core or several, into CSV or another format, with or without the
/// first ranking pass some targets need; read = written + rejected.
/// </summary>
public sealed class DuplicateIdTests : IDisposable
{
    private static readonly Lazy<PolicyEngine> Engine = new(() => PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory));

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-duplicate-id-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Counts InnovationIndexTop50's selection beside another programme: the run ranks in a first pass.</summary>
    private const string Targets = """
        { "Plan": "测试规划", "PlanTitle": "测试规划（2023–2025）", "Targets": [
          { "Name": "Two", "TitleZh": "两项", "TitleEn": "Two", "Citation": { "Article": "三" }, "Year": 2025, "Value": 1,
            "Metric": { "Kind": "MeetingCriteria", "Criteria": ["InnovationIndexTop50", "HighTechEnterprise"] } } ] }
        """;

    /// <summary>
    /// Copies to add: each takes the id of the row at <c>Of</c> (modulo the rows) and the values of the row
    /// at <c>Values</c>, and goes in after the row at <c>After</c> (at least <c>Of</c>): so a copy is
    /// never its first row's twin, and a screening that kept it would differ.
    /// </summary>
    private static readonly Gen<(int Of, int Values, int After)[]> Copies = Gen.Select(Gen.Int[0, 999], Gen.Int[0, 999], Gen.Int[0, 999]).Array[1, 12];

    [Theory]
    [InlineData(".csv")]
    [InlineData(".jsonl")]
    public void A_later_row_with_an_earlier_rows_id_is_a_reject_and_the_rest_is_the_run_without_it(string outputExtension)
    {
        var programmes = TestProfiles.EnterpriseProgrammes(Engine.Value).Select(n => Engine.Value.GetProgramme(n, ProfileGen.AsOf)).ToArray();
        var targetsPath = Path.Combine(_dir, "two.targets.json");
        File.WriteAllText(targetsPath, Targets);
        var targets = TargetFileReader.Read(targetsPath, Engine.Value);
        var run = 0;
        Gen.Select(ProfileGen.Profile.Array[2, 700], Copies, Gen.Int[0, 3], Gen.Bool).Sample((profiles, copies, threads, report) =>
        {
            run++;
            var (rows, expectedRejects) = WithCopies(profiles, copies);
            var unique = Path.Combine(_dir, $"unique{run}.csv");
            var repeated = Path.Combine(_dir, $"repeated{run}.csv");
            ProfileCsvWriter.Write(unique, profiles);
            ProfileCsvWriter.Write(repeated, rows);
            var options = new ScreeningOptions
            {
                Parallel = threads > 0,
                DegreeOfParallelism = threads > 0 ? threads : null,
                Statistics = report ? new ScreeningStatisticsOptions { ReservePoolTop = 10 } : null,
                Targets = report ? targets : null,
            };

            var expected = ScreeningJob.Run(unique, Path.Combine(_dir, $"unique{run}.out{outputExtension}"), programmes, ProfileGen.AsOf, options: options);
            var actual = ScreeningJob.Run(repeated, Path.Combine(_dir, $"repeated{run}.out{outputExtension}"), programmes, ProfileGen.AsOf, options: options);

            Assert.Equal((rows.Length, profiles.Length, (long)expectedRejects.Count), (actual.Read, actual.Written, actual.Rejected));
            Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, $"unique{run}.out{outputExtension}")), File.ReadAllBytes(Path.Combine(_dir, $"repeated{run}.out{outputExtension}")));
            Assert.Equal(Measured(expected), Measured(actual));
            Assert.Equal(expectedRejects, File.ReadAllLines(Path.Combine(_dir, $"repeated{run}.out{outputExtension}.rejects.csv")).Skip(1));
        }, iter: 12, threads: 1);
    }

    [Fact]
    public void A_repeat_of_a_rejected_rows_id_is_the_first_accepted_row_with_it()
    {
        var profiles = ProfileGen.Profile.Array[6].Single();
        var path = Path.Combine(_dir, "bad-first.csv");
        ProfileCsvWriter.Write(path, [.. profiles, profiles[1] with { }, profiles[1]]);
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var cells = lines[2].Split(',');
        cells[Array.IndexOf(header, "employees")] = "many"; // row 2 is unreadable: its id is not taken
        lines[2] = string.Join(',', cells);
        File.WriteAllLines(path, lines);

        var summary = ScreeningJob.Run(path, Path.Combine(_dir, "bad-first.out.csv"), [Engine.Value.GetProgramme("HighTechEnterprise", ProfileGen.AsOf)], ProfileGen.AsOf);

        Assert.Equal((8L, 6L, 2L), (summary.Read, summary.Written, summary.Rejected));
        var rejects = File.ReadAllLines(Path.Combine(_dir, "bad-first.out.csv.rejects.csv"));
        Assert.StartsWith("2,3,", rejects[1], StringComparison.Ordinal);
        Assert.Contains(",employees,", rejects[1], StringComparison.Ordinal);
        Assert.Equal($"8,9,{profiles[1].Id},id,\"{RecordSchema.DuplicateIdReason(7)}\"", rejects[2]);
        Assert.Contains("row 7 has the same id", rejects[2], StringComparison.Ordinal);
        Assert.Contains("第 7 行已使用同一 id", rejects[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Spaces_around_an_id_do_not_make_another_id_but_case_does()
    {
        var profiles = ProfileGen.Profile.Array[4].Single();
        var path = Path.Combine(_dir, "spaces.csv");
        ProfileCsvWriter.Write(path, [profiles[0] with { Id = "A1" }, profiles[1] with { Id = "a1" }, profiles[2] with { Id = " A1 " }, profiles[3] with { Id = "A 1" }]);

        var summary = ScreeningJob.Run(path, Path.Combine(_dir, "spaces.out.csv"), [Engine.Value.GetProgramme("HighTechEnterprise", ProfileGen.AsOf)], ProfileGen.AsOf);

        Assert.Equal((4L, 3L, 1L), (summary.Read, summary.Written, summary.Rejected));
        var reject = File.ReadAllLines(Path.Combine(_dir, "spaces.out.csv.rejects.csv"))[1];
        Assert.StartsWith("3,4,", reject, StringComparison.Ordinal);
        Assert.Contains(RecordSchema.DuplicateIdReason(1), reject, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reserve_pool_takes_an_id_once()
    {
        var profiles = ProfileGen.Profile.Array[300].Single();
        var unique = Path.Combine(_dir, "pool-unique.csv");
        var repeated = Path.Combine(_dir, "pool-repeated.csv");
        ProfileCsvWriter.Write(unique, profiles);
        ProfileCsvWriter.Write(repeated, [.. profiles, .. profiles.Take(100).Select((p, i) => profiles[299 - i] with { Id = p.Id })]);
        var programme = Engine.Value.GetProgramme("HighTechEnterprise", ProfileGen.AsOf);

        var expected = ReservePool.Run(unique, Path.Combine(_dir, "pool-unique.out.csv"), programme, ProfileGen.AsOf);
        var actual = ReservePool.Run(repeated, Path.Combine(_dir, "pool-repeated.out.csv"), programme, ProfileGen.AsOf);

        Assert.Equal(File.ReadAllText(Path.Combine(_dir, "pool-unique.out.csv")), File.ReadAllText(Path.Combine(_dir, "pool-repeated.out.csv")));
        Assert.Equal(100, File.ReadAllLines(Path.Combine(_dir, "pool-repeated.out.csv.rejects.csv")).Length - 1);
        Assert.Equal(expected.Read + 100, actual.Read);
        Assert.Equal((expected.Eligible, expected.Pooled, expected.TooFar), (actual.Eligible, actual.Pooled, actual.TooFar));
    }

    /// <summary>The rows with the copies put in, and the rejects file's lines the copies make (row, line, id, column, reason).</summary>
    private static (EnterpriseProfile[] Rows, List<string> Rejects) WithCopies(EnterpriseProfile[] profiles, (int Of, int Values, int After)[] copies)
    {
        var after = new List<EnterpriseProfile>[profiles.Length];
        foreach (var (of, values, at) in copies)
        {
            var first = of % profiles.Length;
            var source = values % profiles.Length == first ? (first + 1) % profiles.Length : values % profiles.Length;
            var place = first + (at % (profiles.Length - first));
            (after[place] ??= []).Add(profiles[source] with { Id = profiles[first].Id });
        }

        var rows = new List<EnterpriseProfile>();
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        var rejects = new List<string>();
        foreach (var (profile, i) in profiles.Select((p, i) => (p, i)))
        {
            rows.Add(profile);
            firstRow[profile.Id] = rows.Count;
            foreach (var copy in after[i] ?? [])
            {
                rows.Add(copy);
                rejects.Add($"{rows.Count},{rows.Count + 1},{copy.Id},id,\"{RecordSchema.DuplicateIdReason(firstRow[copy.Id])}\"");
            }
        }

        return ([.. rows], rejects);
    }

    /// <summary>Everything a run counts, apart from how many rows it read and rejected and where in the input its reserve pool's rows are.</summary>
    private static string Measured(ScreeningSummary summary) => Regex.Replace(JsonSerializer.Serialize(new { summary.Written, summary.Programmes, summary.Statistics, Targets = summary.Targets.Select(t => $"{t.Target.Name} now={t.Now} met={t.Met} candidates={t.Candidates} near={t.NearMisses} listed={t.TopCandidates.Length}") }), "\"InputIndex\":[0-9]+", "");
}
