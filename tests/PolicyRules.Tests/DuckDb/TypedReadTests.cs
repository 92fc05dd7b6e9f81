using DuckDB.NET.Data;
using PolicyRules.Cli.Generation;
using PolicyRules.Compilation;
using PolicyRules.DuckDb;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Screening;

namespace PolicyRules.Tests.DuckDb;

/// <summary>
/// <c>screen --engine duckdb</c> reads a clean CSV file's dates, counts and numbers typed, in one query,
/// and gives the .NET engine's files; a file with a cell that is readable but not plain, or unreadable
/// in a way DuckDB's typed reader would take (1.235 rounded), takes the checked query and gives them
/// too. <see cref="TypedRead"/>'s decision, step by step: a typed run's files are kept only when every
/// cell is plain; a typed run that fails on a file that is not plain gives way to the checked query;
/// one that fails on a plain file fails the run; written to a stream, no typed query starts before the
/// answer.
/// </summary>
public sealed class TypedReadTests : IDisposable
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
    private static readonly DateOnly AsOf = SyntheticProfiles.AsOf;
    private static readonly Dictionary<string, PlainColumn> Typed = new(StringComparer.Ordinal)
    {
        ["employees"] = PlainColumn.For(RecordSchema.Enterprise.Fields.Single(f => f.Name == "employees"))!.Value,
    };

    private readonly string _directory = Directory.CreateTempSubdirectory("policyrules-typedreadrun-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Out(string name) => Path.Combine(_directory, name);

    private static List<CompiledProgramme> Programmes() =>
        [.. SqlParity.EnterpriseProgrammes(Engine).Select(n => Engine.GetProgramme(n, AsOf))];

    /// <summary>3000 generated records, names with commas, quotes and line breaks (quoted), and <paramref name="cells"/> written over.</summary>
    private string Write(params (int Row, string Column, string Value)[] cells)
    {
        var profiles = SyntheticProfiles.Generate(3000, seed: 177).ToList();
        for (var i = 0; i < profiles.Count; i += 7)
        {
            profiles[i] = profiles[i] with { Name = profiles[i].Name + (i % 3 == 0 ? ", \"Ltd\"" : i % 3 == 1 ? "\r\nline two" : "\n") };
        }

        var input = Out("in.csv");
        ProfileCsvWriter.Write(input, profiles);
        if (cells.Length > 0)
        {
            var lines = File.ReadAllText(input).Split("\n").ToList();
            var header = lines[0].TrimEnd('\r').Split(',');
            foreach (var (row, column, value) in cells)
            {
                // A row whose name has a comma or a line break (every seventh) is not one to write over.
                Assert.NotEqual(0, (row - 1) % 7);
                var line = lines.FindIndex(l => l.StartsWith(profiles[row - 1].Id + ",", StringComparison.Ordinal));
                var split = lines[line].Split(',');
                Assert.Equal(header.Length, split.Length);
                split[Array.IndexOf(header, column)] = value;
                lines[line] = string.Join(',', split);
            }

            File.WriteAllText(input, string.Join("\n", lines));
        }

        return input;
    }

    /// <summary>Every enterprise programme (InnovationIndexTop50 ranks: the rows stream), or those that rank nothing (the rows go through a file).</summary>
    public static TheoryData<bool> Rankings() => new(true, false);

    private static List<CompiledProgramme> Programmes(bool ranking) =>
        [.. Programmes().Where(p => ranking || !SqlParity.Ranks(Engine, p, AsOf))];

    [Theory]
    [MemberData(nameof(Rankings))]
    public void A_clean_file_is_read_typed_in_one_query_and_gives_the_NET_engines_files(bool ranking)
    {
        var input = Write();
        var statements = new List<string>();
        var expected = ScreeningJob.Run(input, Out("dotnet.csv"), Programmes(ranking), AsOf);
        var actual = DuckDbRun.Run(input, Out("duckdb.csv"), null, ScreeningJob.RejectsPathFor(Out("duckdb.csv")), Programmes(ranking), AsOf, null, new ScreeningOptions(), statements.Add);
        Assert.Equal((expected.Read, expected.Written, expected.Rejected), (actual.Read, actual.Written, actual.Rejected));
        EngineOutputs.AssertSame(Out("dotnet.csv"), Out("duckdb.csv"));
        var reading = Assert.Single(statements, s => s.Contains("read_csv(", StringComparison.Ordinal));
        Assert.Contains("types = {'registrationDate': 'DATE'", reading, StringComparison.Ordinal);
        Assert.Contains("'revenueY1': 'DECIMAL(18,2)'", reading, StringComparison.Ordinal);
        // The rows' test checks ranges, no text's shape (a failing row's reasons may still match one).
        var test = reading[reading.IndexOf("checked AS (", StringComparison.Ordinal)..reading.IndexOf("AS \"_ok\"", StringComparison.Ordinal)];
        Assert.DoesNotContain("regexp_full_match", test, StringComparison.Ordinal);
        Assert.Contains("\"revenueY1\" BETWEEN 0 AND", test, StringComparison.Ordinal);
        if (ranking)
        {
            // The rows copied unnumbered to a file, then the ranking over them numbered by place, streamed.
            Assert.StartsWith("COPY (", reading, StringComparison.Ordinal);
            Assert.DoesNotContain("OVER ()", reading, StringComparison.Ordinal);
            Assert.Contains("file_row_number = true", statements[^1], StringComparison.Ordinal);
            Assert.Equal(statements.IndexOf(reading) + 1, statements.Count - 1);
        }
        else
        {
            Assert.StartsWith("COPY (", reading, StringComparison.Ordinal);
            // The results CSV is DuckDB's copy of the rows file, not streamed through this process.
            Assert.Contains(statements, s => s.StartsWith("COPY (SELECT coalesce(", StringComparison.Ordinal) && s.EndsWith("PRESERVE_ORDER true)", StringComparison.Ordinal));
            Assert.DoesNotContain(statements, s => s.StartsWith("SELECT * FROM read_parquet(", StringComparison.Ordinal));
        }

        Assert.Empty(Directory.GetFiles(_directory, "*.partial"));
    }

    [Theory]
    [InlineData("employees", "+12", true)] // readable to both, not plain
    [InlineData("revenueY1", "1500.500", false)] // readable to both (a trailing zero), not plain
    [InlineData("revenueY1", "1500.235", false)] // a reject to .NET; DuckDB's typed reader would round it
    [InlineData("registrationDate", "2020/01/05", true)] // a reject to .NET; DuckDB's typed reader would take it
    [InlineData("employees", "1e2", false)] // a reject to .NET; DuckDB's typed reader would take it
    public void A_cell_that_is_not_plain_near_the_end_gives_the_NET_engines_files_through_the_checked_query(string column, string value, bool ranking)
    {
        var input = Write((2991, column, value));
        var statements = new List<string>();
        var expected = ScreeningJob.Run(input, Out("dotnet.csv"), Programmes(ranking), AsOf);
        var actual = DuckDbRun.Run(input, Out("duckdb.csv"), null, ScreeningJob.RejectsPathFor(Out("duckdb.csv")), Programmes(ranking), AsOf, null, new ScreeningOptions(), statements.Add);
        Assert.Equal((expected.Read, expected.Written, expected.Rejected), (actual.Read, actual.Written, actual.Rejected));
        EngineOutputs.AssertSame(Out("dotnet.csv"), Out("duckdb.csv"));
        EngineOutputs.AssertSame(ScreeningJob.RejectsPathFor(Out("dotnet.csv")), ScreeningJob.RejectsPathFor(Out("duckdb.csv")));
        var reading = statements.Last(s => s.Contains("read_csv(", StringComparison.Ordinal));
        Assert.DoesNotContain("types = {", reading, StringComparison.Ordinal);
        Assert.Contains("regexp_full_match", reading[reading.IndexOf("checked AS (", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_directory, "*.partial"));
    }

    [Fact]
    public void An_application_sink_is_made_once_and_gets_the_NET_engines_rows_when_the_answer_comes_no_after_the_run_started()
    {
        // The answer comes no once a sink is made (or after half a second, should no typed run start): a
        // typed run started before the answer would have made one and fed it rows that are taken back.
        var input = Write((2991, "revenueY1", "1500.235"));
        var dotnetSink = new CountingSink();
        var duckSinks = new List<CountingSink>();
        var expected = ScreeningJob.Run(input, Out("dotnet.csv"), Programmes(false), AsOf, options: new ScreeningOptions { Sinks = [_ => dotnetSink] });
        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Delay(500).ContinueWith(_ => answer.TrySetResult(false), TaskScheduler.Default);
        var options = new ScreeningOptions
        {
            Sinks = [_ =>
            {
                duckSinks.Add(new CountingSink());
                answer.TrySetResult(false);
                return duckSinks[^1];
            }],
        };
        var actual = DuckDbRun.Run(input, Out("duckdb.csv"), null, ScreeningJob.RejectsPathFor(Out("duckdb.csv")), Programmes(false), AsOf, null, options, plainAnswer: answer.Task);
        Assert.Equal((expected.Read, expected.Written, expected.Rejected), (actual.Read, actual.Written, actual.Rejected));
        var sink = Assert.Single(duckSinks);
        Assert.Equal((dotnetSink.Rows, dotnetSink.Rejects, 1), (sink.Rows, sink.Rejects, sink.Completed));
        EngineOutputs.AssertSame(Out("dotnet.csv"), Out("duckdb.csv"));
    }

    /// <summary>Counts what a sink receives.</summary>
    private sealed class CountingSink : IResultSink
    {
        public int Rows { get; private set; }

        public int Rejects { get; private set; }

        public int Completed { get; private set; }

        public void Write(string id, ReadOnlySpan<ProgrammeOutcome> outcomes, ReadOnlySpan<char> failedNames, ReadOnlySpan<decimal?> outputs) => Rows++;

        public void Reject(ProfileRecord record, string columns, string reasons) => Rejects++;

        public void Complete(ScreeningSummary summary) => Completed++;

        public void Dispose()
        {
        }
    }

    private static readonly ScreeningSummary Done = new() { Read = 1, Written = 1, Rejected = 0, Programmes = [], RejectsPath = "r" };

    [Fact]
    public void A_typed_run_is_kept_when_the_answer_comes_yes_during_it()
    {
        var answer = new TaskCompletionSource<bool>();
        var summary = TypedRead.Screen(answer.Task, speculate: true, null, (_, commit) =>
        {
            answer.SetResult(true);
            commit();
            return Done;
        });
        Assert.Same(Done, summary);
    }

    [Fact]
    public void A_typed_run_is_dropped_before_its_files_are_committed_when_the_answer_comes_no_during_it()
    {
        var answer = new TaskCompletionSource<bool>();
        var committed = false;
        var summary = TypedRead.Screen(answer.Task, speculate: true, null, (_, commit) =>
        {
            answer.SetResult(false);
            commit();
            committed = true;
            return Done;
        });
        Assert.Null(summary);
        Assert.False(committed);
    }

    [Fact]
    public void A_typed_run_that_fails_gives_way_to_the_checked_query_only_when_the_answer_is_no()
    {
        Assert.Null(TypedRead.Screen(Task.FromResult(false), speculate: true, null, (_, _) => throw DuckDbError()));
        var answer = new TaskCompletionSource<bool>();
        Assert.Null(TypedRead.Screen(answer.Task, speculate: true, null, (_, _) =>
        {
            answer.SetResult(false);
            throw new ProfileInputException([]);
        }));
        Assert.Throws<DuckDBException>(() => TypedRead.Screen(Task.FromResult(true), speculate: true, null, (_, _) => throw DuckDbError()));
        var no = new TaskCompletionSource<bool>();
        Assert.Throws<InvalidOperationException>(() => TypedRead.Screen(no.Task, speculate: true, null, (_, _) =>
        {
            no.SetResult(false);
            throw new InvalidOperationException("a bug");
        }));
    }

    /// <summary>An error DuckDB raised (its exceptions have no public constructor).</summary>
    private static DuckDBException DuckDbError()
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT CAST('x' AS INTEGER)";
        return Assert.Throws<DuckDBException>(() => command.ExecuteScalar());
    }

    [Fact]
    public void A_check_that_cannot_read_the_file_answers_no()
    {
        Assert.Null(TypedRead.Screen(Task.FromException<bool>(new IOException("gone")), speculate: false, null, (_, _) => Done));
    }

    [Fact]
    public void Written_to_a_stream_no_typed_run_starts_before_the_answer_and_none_when_it_is_no()
    {
        var ran = false;
        var answer = new TaskCompletionSource<bool>();
        _ = Task.Delay(100).ContinueWith(_ => answer.SetResult(false), TaskScheduler.Default);
        Assert.Null(TypedRead.Screen(answer.Task, speculate: false, null, (_, _) =>
        {
            ran = true;
            return Done;
        }));
        Assert.False(ran);
        Assert.Same(Done, TypedRead.Screen(Task.FromResult(true), speculate: false, null, (_, _) => Done));
    }

    [Fact]
    public void Progress_stops_a_typed_run_once_the_answer_is_no_and_reports_until_then()
    {
        var answer = new TaskCompletionSource<bool>();
        var reported = new List<long>();
        var summary = TypedRead.Screen(answer.Task, speculate: true, reported.Add, (progressed, _) =>
        {
            progressed(4096);
            progressed(8192);
            answer.SetResult(false);
            for (var rows = 12288L; rows < 1_000_000; rows += 4096)
            {
                progressed(rows);
            }

            return Done;
        });
        Assert.Null(summary);
        Assert.Equal([4096L, 8192L], reported);
    }

    /// <summary>
    /// The preflight runs beside the typed query and is part of the answer: a file it refuses (an empty
    /// line, text not UTF-8) is refused in its words, even when DuckDB's typed reader failed on the file
    /// first, and not turned into DuckDB's error or into the checked query.
    /// </summary>
    [Fact]
    public void A_refusal_of_the_preflight_is_the_runs_error_though_the_typed_query_failed_first()
    {
        var answer = new TaskCompletionSource<bool>();
        var refusal = new ProfileInputException([new InputError("in.csv", 3, 4, "(file)", "an empty line / 空行")]);
        var error = Assert.Throws<ProfileInputException>(() => TypedRead.Screen(answer.Task, speculate: true, null, (_, _) =>
        {
            answer.SetException(refusal);
            throw DuckDbError();
        }));
        Assert.Same(refusal, error);

        var later = new TaskCompletionSource<bool>();
        Assert.Same(refusal, Assert.Throws<ProfileInputException>(() => TypedRead.Screen(later.Task, speculate: true, null, (_, commit) =>
        {
            later.SetException(refusal);
            commit();
            return Done;
        })));
    }

    /// <summary>The check of a real file, after the preflight or beside it (when no typed query speculates): a cell not plain, all plain, a file the preflight refuses.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_check_of_a_real_file_decides(bool sideBySide)
    {
        var path = Out("small.csv");
        System.IO.File.WriteAllText(path, "id,employees\nA,5\nB,+5\n");
        using (var read = TypedRead.Start(path, Typed, Task.Run(() => CsvPreflight.Measure(path)), sideBySide))
        {
            Assert.Null(read.Screen(speculate: false, null, (_, _) => Done));
        }

        System.IO.File.WriteAllText(path, "id,employees\nA,5\n\nB,6\n"); // an empty line: the preflight's refusal
        using (var read = TypedRead.Start(path, Typed, Task.Run(() => CsvPreflight.Measure(path)), sideBySide))
        {
            var refusal = Assert.Throws<ProfileInputException>(() => read.Screen(speculate: false, null, (_, _) => Done));
            Assert.Equal(Assert.Throws<ProfileInputException>(() => CsvPreflight.Measure(path)).Errors, refusal.Errors);
        }

        System.IO.File.WriteAllText(path, "id,employees\nA,5\nB,6\n");
        using (var read = TypedRead.Start(path, Typed, Task.Run(() => CsvPreflight.Measure(path)), sideBySide))
        {
            Assert.Same(Done, read.Screen(speculate: true, null, (_, commit) =>
            {
                commit();
                return Done;
            }));
        }
    }
}
