using System.Globalization;
using CsCheck;
using PolicyRules.Compilation;
using PolicyRules.Gaps;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Screening;
using PolicyRules.Targets;

namespace PolicyRules.Tests.Screening;

/// <summary>
/// Screening on every core (<see cref="ScreeningOptions.Parallel"/>) is screening on one: the same
/// results and rejects byte for byte, in input order, the same counts, the same first failure when
/// failing fast — whatever the bad rows and wherever they fall against the batches; and population
/// ranking in one pass gives the ranks the two-pass reading gave, from a file or from a pipe.
/// </summary>
public sealed class ParallelScreeningTests : IDisposable
{
    private static readonly Lazy<PolicyEngine> Engine = new(() => PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory));

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-parallel-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CompiledProgramme[] AllEnterpriseProgrammes() =>
        [.. TestProfiles.EnterpriseProgrammes(Engine.Value).Select(n => Engine.Value.GetProgramme(n, ProfileGen.AsOf))];

    /// <summary>What can be wrong with a row: each is rejected, by the reader or by an expression.</summary>
    private enum Damage
    {
        NotANumber,
        MissingSeparator,
        EmptyNeededCell,
        StrayQuote,
        Overflow,
        BadDate,
    }

    private static readonly Gen<(EnterpriseProfile[] Profiles, (int At, Damage Kind)[] Damages, int Threads)> Inputs =
        from profiles in ProfileGen.Profile.Array[0, 1400]
        from damages in Gen.Select(Gen.Int[0, 1399], Gen.Enum<Damage>()).Array[0, 12]
        from threads in Gen.Int[1, 4]
        select (profiles, damages, threads);

    /// <summary>Writes <paramref name="profiles"/> as CSV with the damages done to their rows (those past the end are ignored).</summary>
    private string WriteDamaged(string name, EnterpriseProfile[] profiles, IEnumerable<(int At, Damage Kind)> damages)
    {
        var path = Path.Combine(_dir, name);
        ProfileCsvWriter.Write(path, profiles);
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        foreach (var (at, kind) in damages.Where(d => d.At < profiles.Length))
        {
            var line = at + 1;
            var cells = lines[line].Split(',');
            void Set(string column, string value) => cells[Array.IndexOf(header, column)] = value;
            switch (kind)
            {
                case Damage.NotANumber:
                    Set("employees", "many");
                    break;
                case Damage.MissingSeparator:
                    cells = cells[1..];
                    break;
                case Damage.EmptyNeededCell:
                    Set("techStaff", "");
                    break;
                case Damage.StrayQuote:
                    Set("name", "a \"quoted name"); // the quote is never closed on its line: lines merge, each is rejected
                    break;
                case Damage.Overflow:
                    Set("ipClassI", "2147483647");
                    Set("ipClassII", "2147483647");
                    break;
                case Damage.BadDate:
                    Set("registrationDate", "2021-02-30");
                    break;
            }

            lines[line] = string.Join(',', cells);
        }

        File.WriteAllLines(path, lines);
        return path;
    }

    private (ScreeningSummary Summary, string Output, string Rejects) Screen(string input, string name, IReadOnlyList<CompiledProgramme> programmes, ScreeningOptions options)
    {
        var output = Path.Combine(_dir, name);
        var summary = ScreeningJob.Run(input, output, programmes, ProfileGen.AsOf, options: options);
        return (summary, File.ReadAllText(output), File.ReadAllText(ScreeningJob.RejectsPathFor(output)));
    }

    private static string Counts(ScreeningSummary s) =>
        $"{s.Read}/{s.Written}/{s.Rejected} " + string.Join(" ", s.Programmes.Select(p => $"{p.Programme}:{p.Eligible}:{string.Join(",", p.FailuresByCriterion.Select(f => f.Value))}"));

    [Fact]
    public void Every_core_writes_the_bytes_one_core_writes_whatever_the_bad_rows_and_where_they_fall()
    {
        var programmes = AllEnterpriseProgrammes();
        Assert.Contains(programmes, p => p.SelectTop is not null); // the one-pass ranking is part of it
        var run = 0;
        Inputs.Sample((profiles, damages, threads) =>
        {
            run++;
            var input = WriteDamaged($"in{run}.csv", profiles, damages);
            var one = Screen(input, $"one{run}.csv", programmes, new ScreeningOptions { Parallel = false });
            var many = Screen(input, $"many{run}.csv", programmes, new ScreeningOptions { DegreeOfParallelism = threads });

            Assert.Equal(one.Output, many.Output);
            Assert.Equal(one.Rejects, many.Rejects);
            Assert.Equal(Counts(one.Summary), Counts(many.Summary));
            Assert.Equal(many.Summary.Read, many.Summary.Written + many.Summary.Rejected);
            Assert.Equal(profiles.Length, many.Summary.Read);

            // Input order: the written ids come in the input's order; the rejects' rows ascend, one per damaged row at least.
            var written = many.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0]).ToList();
            Assert.Equal(many.Summary.Written, written.Count);
            Assert.True(IsSubsequence(written, profiles.Select(p => p.Id).ToList()), "written rows out of input order");
            var rejectedRows = many.Rejects.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => int.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(rejectedRows.Order(), rejectedRows);
            Assert.Equal(many.Summary.Rejected, rejectedRows.Count);
            Assert.Subset(rejectedRows.ToHashSet(), damages.Where(d => d.At < profiles.Length).Select(d => d.At + 1).ToHashSet());
        }, iter: 10, threads: 1);
    }

    private static bool IsSubsequence(List<string> part, List<string> whole)
    {
        var at = 0;
        foreach (var id in part)
        {
            while (at < whole.Count && whole[at] != id)
            {
                at++;
            }

            if (at++ == whole.Count)
            {
                return false;
            }
        }

        return true;
    }

    [Theory]
    [InlineData(".parquet", ".parquet")]
    [InlineData(".xlsx", ".xlsx")]
    [InlineData(".parquet", ".jsonl")]
    public void Parquet_and_xlsx_inputs_and_every_output_format_are_the_same_on_every_core(string inputExtension, string outputExtension)
    {
        var programmes = AllEnterpriseProgrammes();
        ProfileGen.Profile.Array[500, 1300].Sample(profiles =>
        {
            var input = Path.Combine(_dir, "in" + inputExtension);
            _ = inputExtension == ".xlsx" ? ProfileXlsxWriter.Write(input, profiles) : ProfileParquetWriter.Write(input, profiles);
            var oneOut = Path.Combine(_dir, "one" + outputExtension);
            var manyOut = Path.Combine(_dir, "many" + outputExtension);
            var one = ScreeningJob.Run(input, oneOut, programmes, ProfileGen.AsOf, options: new ScreeningOptions { Parallel = false });
            var many = ScreeningJob.Run(input, manyOut, programmes, ProfileGen.AsOf, options: new ScreeningOptions { DegreeOfParallelism = 3 });
            Assert.Equal(Counts(one), Counts(many));
            Assert.Equal(profiles.Length, many.Written);
            if (outputExtension == ".xlsx")
            {
                // A workbook is a zip whose entries carry the time they were written: compare what they hold.
                Assert.Equal(Entries(oneOut), Entries(manyOut));
            }
            else
            {
                Assert.Equal(File.ReadAllBytes(oneOut), File.ReadAllBytes(manyOut));
            }
        }, iter: 2, threads: 1);
    }

    private static List<string> Entries(string workbook)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(workbook);
        return [.. zip.Entries.Select(e =>
        {
            using var reader = new StreamReader(e.Open());
            return e.FullName + "\n" + reader.ReadToEnd();
        })];
    }

    [Fact]
    public void Failing_fast_stops_at_the_same_row_on_every_core_and_writes_nothing()
    {
        var programmes = AllEnterpriseProgrammes();
        Gen.Select(ProfileGen.Profile.Array[1400, 1600], Gen.Int[1, 1399].Array[1, 5], Gen.Int[1, 4]).Sample((profiles, bad, threads) =>
        {
            var input = WriteDamaged("in.csv", profiles, bad.Select(b => (b, Damage.NotANumber)));
            var one = Assert.Throws<ProfileInputException>(() => Screen(input, "one.csv", programmes, new ScreeningOptions { Parallel = false, FailFast = true }));
            var many = Assert.Throws<ProfileInputException>(() => Screen(input, "many.csv", programmes, new ScreeningOptions { DegreeOfParallelism = threads, FailFast = true }));
            Assert.Equal(bad.Min() + 1, one.Errors[0].Row);
            Assert.Equal(one.Errors, many.Errors);
            Assert.False(File.Exists(Path.Combine(_dir, "many.csv")));
            Assert.False(File.Exists(ScreeningJob.RejectsPathFor(Path.Combine(_dir, "many.csv"))));
        }, iter: 5, threads: 1);
    }

    /// <summary>A stream that can only be read forwards, as standard input from a pipe.</summary>
    private sealed class PipeStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 1000));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    [Fact]
    public void Population_ranking_in_one_pass_gives_the_two_pass_ranks_from_a_file_and_from_a_pipe()
    {
        // A target meeting InnovationIndexTop50 or HighTechEnterprise needs the selection row by row, so it
        // keeps the first ranking pass: the two-pass result the one pass must equal, byte for byte.
        var targetsPath = Path.Combine(_dir, "plan.targets.json");
        File.WriteAllText(targetsPath, """
            { "Plan": "测试规划", "PlanTitle": "测试规划（2023–2025）", "Targets": [
              { "Name": "Top", "TitleZh": "前50", "TitleEn": "Top 50", "Citation": { "Article": "二" }, "Year": 2025, "Value": 50,
                "Metric": { "Kind": "MeetingCriteria", "Criteria": ["InnovationIndexTop50", "HighTechEnterprise"] } } ] }
            """);
        var targets = TargetFileReader.Read(targetsPath, Engine.Value);
        // LittleGiant's 16 criteria: the spilled rows keep failed criteria as bits, over more than one byte.
        CompiledProgramme[] programmes = [Engine.Value.GetProgramme("InnovationIndexTop50", ProfileGen.AsOf), Engine.Value.GetProgramme("HighTechEnterprise", ProfileGen.AsOf), Engine.Value.GetProgramme("LittleGiant", ProfileGen.AsOf)];

        var run = 0;
        Gen.Select(Young.Array[0, 1300], Gen.Select(Gen.Int[0, 1299], Gen.Enum<Damage>()).Array[0, 6], Gen.Int[1, 3]).Sample((profiles, damages, threads) =>
        {
            run++;
            var input = WriteDamaged($"in{run}.csv", profiles, damages);
            var twoPass = Screen(input, $"two{run}.csv", programmes, new ScreeningOptions { Parallel = false, Targets = targets });
            var onePass = Screen(input, $"one{run}.csv", programmes, new ScreeningOptions { DegreeOfParallelism = threads });
            Assert.Equal(twoPass.Output, onePass.Output);
            Assert.Equal(twoPass.Rejects, onePass.Rejects);
            Assert.Equal(Counts(twoPass.Summary), Counts(onePass.Summary));

            var piped = Path.Combine(_dir, $"piped{run}.csv");
            var fromPipe = ScreeningJob.RunFrom(new PipeStream(File.OpenRead(input)), "(stdin)", piped, programmes, ProfileGen.AsOf, new ScreeningOptions { DegreeOfParallelism = threads });
            Assert.Equal(twoPass.Output, File.ReadAllText(piped));
            Assert.Equal(twoPass.Rejects.Replace(input, "(stdin)", StringComparison.Ordinal), File.ReadAllText(ScreeningJob.RejectsPathFor(piped)));
            Assert.Equal(Counts(twoPass.Summary), Counts(fromPipe));
        }, iter: 8, threads: 1);
    }

    /// <summary>Young tech firms with few distinct values: many eligible for InnovationIndexTop50, many equal indexes; some hold a status.</summary>
    private static readonly Gen<EnterpriseProfile> Young =
        from id in Gen.Int[0, 400].Select(i => "E" + i.ToString("D3", CultureInfo.InvariantCulture))
        from techStaff in Gen.OneOf(Gen.Const(5), Gen.Const(10), Gen.Const(30))
        from rd in Gen.OneOf(Gen.Const(1_000_000m), Gen.Const(3_000_000m))
        from old in Gen.Int[0, 4]
        from holder in Gen.Int[0, 5]
        select TestProfiles.Baseline() with
        {
            Id = id,
            TechStaff = techStaff,
            RdExpenseY1 = rd,
            DomesticRdExpenseY1 = rd,
            RegistrationDate = old == 0 ? new DateOnly(2015, 1, 1) : new DateOnly(2021, 3, 1),
            HighTechCertValid = holder == 0,
        };

    [Fact]
    public void A_target_counting_a_ranked_programme_reads_the_input_once_and_counts_what_a_first_ranking_pass_counts()
    {
        // "Top" counts the rows InnovationIndexTop50 selects (without a status: the holders are left out),
        // settled at the end from the ranks; "Forcing" reads the selection beside another programme, so a
        // run with it ranks in a first pass and tells each row its selection: both must count the same.
        const string Top = """
            { "Name": "Top", "TitleZh": "前50", "TitleEn": "Top 50", "Citation": { "Article": "二" }, "Year": 2025, "Value": 40,
              "Metric": { "Kind": "MeetingCriteria", "Criteria": ["InnovationIndexTop50"], "Without": { "AnyOf": ["highTechCertValid"] } } }
            """;
        const string Forcing = """
            { "Name": "Forcing", "TitleZh": "两项", "TitleEn": "Two", "Citation": { "Article": "三" }, "Year": 2025, "Value": 1,
              "Metric": { "Kind": "MeetingCriteria", "Criteria": ["InnovationIndexTop50", "HighTechEnterprise"] } }
            """;
        TargetSet Read(string name, params string[] targets)
        {
            var path = Path.Combine(_dir, name);
            File.WriteAllText(path, $$"""{ "Plan": "测试规划", "PlanTitle": "测试规划（2023–2025）", "Targets": [{{string.Join(",", targets)}}] }""");
            return TargetFileReader.Read(path, Engine.Value);
        }

        var once = Read("once.targets.json", Top);
        var twice = Read("twice.targets.json", Top, Forcing);
        CompiledProgramme[] programmes = [Engine.Value.GetProgramme("InnovationIndexTop50", ProfileGen.AsOf), Engine.Value.GetProgramme("HighTechEnterprise", ProfileGen.AsOf)];
        static string Measured(ScreeningSummary summary) =>
            summary.Targets.Single(t => t.Target.Name == "Top") is var t ? $"now={t.Now} met={t.Met} candidates={t.Candidates} near={t.NearMisses} listed={t.TopCandidates.Length}" : "";
        var run = 0;
        Gen.Select(Young.Array[0, 900], Gen.Select(Gen.Int[0, 899], Gen.Enum<Damage>()).Array[0, 4], Gen.Int[1, 3]).Sample((profiles, damages, threads) =>
        {
            run++;
            var input = WriteDamaged($"t{run}.csv", profiles, damages);
            var firstPass = Screen(input, $"two{run}.csv", programmes, new ScreeningOptions { DegreeOfParallelism = threads, Targets = twice });
            var onePass = Screen(input, $"one{run}.csv", programmes, new ScreeningOptions { DegreeOfParallelism = threads, Targets = once });
            Assert.Equal(Measured(firstPass.Summary), Measured(onePass.Summary));
            Assert.Equal(firstPass.Output, onePass.Output);

            // From a pipe, which cannot be read twice: refused before, now screened in its one pass.
            var piped = Path.Combine(_dir, $"tpiped{run}.csv");
            var fromPipe = ScreeningJob.RunFrom(new PipeStream(File.OpenRead(input)), "(stdin)", piped, programmes, ProfileGen.AsOf,
                new ScreeningOptions { DegreeOfParallelism = threads, Targets = once });
            Assert.Equal(Measured(firstPass.Summary), Measured(fromPipe));
        }, iter: 8, threads: 1);

        // A pipe with a target that needs the selection row by row is still refused, naming why.
        var refused = Assert.Throws<ArgumentException>(() => ScreeningJob.RunFrom(new PipeStream(new MemoryStream()), "(stdin)", Path.Combine(_dir, "refused.csv"),
            programmes, ProfileGen.AsOf, new ScreeningOptions { Targets = twice }));
        Assert.Contains("screen a file", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_statistics_on_every_core_are_those_on_one_and_count_the_selected_at_the_end()
    {
        var programmes = AllEnterpriseProgrammes();
        ProfileGen.Profile.Array[600, 900].Sample(profiles =>
        {
            var input = WriteDamaged("in.csv", profiles, [(3, Damage.NotANumber), (400, Damage.Overflow)]);
            var statistics = new ScreeningStatisticsOptions { ReservePoolTop = 10 };
            var one = Screen(input, "one.csv", programmes, new ScreeningOptions { Parallel = false, Statistics = statistics });
            var many = Screen(input, "many.csv", programmes, new ScreeningOptions { DegreeOfParallelism = 3, Statistics = statistics });
            Assert.Equal(Describe(one.Summary.Statistics!), Describe(many.Summary.Statistics!));
            var ranked = one.Summary.Statistics!.Programmes.Single(p => p.SelectTop is not null);
            Assert.Equal(Math.Min(50, one.Summary.Programmes.Single(p => p.Programme == ranked.Programme).Eligible), ranked.Selected);
        }, iter: 2, threads: 1);
    }

    private static string Describe(ScreeningStatistics statistics) =>
        string.Join("\n", statistics.Programmes.Select(p => $"{p.Programme} sole={string.Join(",", p.SoleFailures)} selected={p.Selected} classes={string.Join(",", p.Classes)} scores={(p.Scores is { } s ? string.Join(",", s.Counts) + "/" + string.Join(",", s.EligibleCounts) : "")}"))
        + $"\npool={statistics.ReservePool?.Pooled} " + string.Join(";", statistics.ReservePool?.Top.Select(e => $"{e.Rank}:{e.Id}:{e.InputIndex}") ?? []);

    [Fact]
    public void The_reserve_pool_on_every_core_is_the_pool_on_one()
    {
        var programme = Engine.Value.GetProgramme("HighTechEnterprise", ProfileGen.AsOf);
        Gen.Select(ProfileGen.Profile.Array[0, 1200], Gen.Select(Gen.Int[0, 1199], Gen.Enum<Damage>()).Array[0, 8]).Sample((profiles, damages) =>
        {
            var input = WriteDamaged("pool.csv", profiles, damages);
            var oneOut = Path.Combine(_dir, "pool-one.csv");
            var manyOut = Path.Combine(_dir, "pool-many.csv");
            var one = ReservePool.Run(input, oneOut, programme, ProfileGen.AsOf, new ReservePoolOptions { Parallel = false });
            var many = ReservePool.Run(input, manyOut, programme, ProfileGen.AsOf);
            Assert.Equal(File.ReadAllText(oneOut), File.ReadAllText(manyOut));
            Assert.Equal(File.ReadAllText(ScreeningJob.RejectsPathFor(oneOut)), File.ReadAllText(ScreeningJob.RejectsPathFor(manyOut)));
            Assert.Equal(one with { RejectsPath = "" }, many with { RejectsPath = "" });
            Assert.Equal(many.Read, many.Eligible + many.Pooled + many.TooFar + many.Rejected);
        }, iter: 5, threads: 1);
    }
}
