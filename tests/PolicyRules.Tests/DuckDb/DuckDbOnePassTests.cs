using PolicyRules.Bulk;
using PolicyRules.Cli.Generation;
using PolicyRules.Compilation;
using PolicyRules.DuckDb;
using PolicyRules.Input;
using PolicyRules.Screening;
using PolicyRules.Sql;
using PolicyRules.Sql.Execution;

namespace PolicyRules.Tests.DuckDb;

/// <summary>
/// <c>screen --engine duckdb</c> reads the file with one query (<see cref="ScreeningSqlQuery.Rows"/>):
/// rejects in the first, a middle and the last row give the files, the summary and the sink events of
/// <c>--engine dotnet</c>, rows and rejects interleaved in input order; fail-fast stops at the first
/// reject with the .NET reader's error; and the reader it checks the rejects against names the first
/// row on which the two disagree.
/// </summary>
public sealed class DuckDbOnePassTests : IDisposable
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
    private static readonly DateOnly AsOf = SyntheticProfiles.AsOf;
    private readonly string _directory = Directory.CreateTempSubdirectory("policyrules-duckonepass-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static List<CompiledProgramme> Programmes() =>
        [.. new[] { "HighTechEnterprise", "SmeSize", "InnovationIndexTop50" }.Select(n => Engine.GetProgramme(n, AsOf))];

    private string Out(string name) => Path.Combine(_directory, name);

    [Theory]
    [InlineData(".csv")]
    [InlineData(".jsonl")]
    public void Rejects_in_the_first_middle_and_last_rows_give_the_NET_engines_outputs_from_one_query(string extension)
    {
        var input = WriteWithRejects(400, (1, "revenueY1", "abc"), (200, "registrationDate", "2023-02-30"), (201, "employees", "5\u001f6"), (400, "employees", "-1"));
        var dotnetSink = new EventSink();
        var duckSink = new EventSink();
        var expected = ScreeningJob.Run(input, Out("dotnet" + extension), Programmes(), AsOf, options: new ScreeningOptions { Sinks = [_ => dotnetSink] });
        var statements = new List<string>();
        var actual = DuckDbRun.Run(input, Out("duckdb" + extension), null, ScreeningJob.RejectsPathFor(Out("duckdb" + extension)), Programmes(), AsOf, null,
            new ScreeningOptions { Sinks = [_ => duckSink] }, statements.Add);

        Assert.Equal((400L, 396L, 4L), (actual.Read, actual.Written, actual.Rejected));
        Assert.Equal((expected.Read, expected.Written, expected.Rejected), (actual.Read, actual.Written, actual.Rejected));
        Assert.Equal(expected.Programmes, actual.Programmes, (a, b) => a.Programme == b.Programme && a.Eligible == b.Eligible && a.FailuresByCriterion.SequenceEqual(b.FailuresByCriterion));
        EngineOutputs.AssertSame(Out("dotnet" + extension), Out("duckdb" + extension));
        EngineOutputs.AssertSame(Out("dotnet" + extension + ".rejects.csv"), Out("duckdb" + extension + ".rejects.csv"));
        Assert.Equal(dotnetSink.Events, duckSink.Events);
        Assert.Equal(["reject 1 line 2", "reject 200 line 201", "reject 201 line 202", "reject 400 line 401"],
            duckSink.Events.Where(e => e.StartsWith("reject", StringComparison.Ordinal)).Select(e => e[..e.IndexOf(" id ", StringComparison.Ordinal)]));
        Assert.StartsWith("reject 1 ", duckSink.Events[0], StringComparison.Ordinal);
        Assert.StartsWith("row E2 ", duckSink.Events[1], StringComparison.Ordinal);
        Assert.StartsWith("reject 400 ", duckSink.Events[^2], StringComparison.Ordinal);

        // One statement reads the file for the outputs: the rows, results and rejects together, every column
        // read as text (a cell of row 1 is not plain), copied unnumbered to a file of their own; the ranking
        // then reads that file numbered by place (no window numbering the rows), streamed; no separate rejects
        // pass. A typed query started while the cells were being checked, if any, was dropped.
        Assert.Equal($"SET streaming_buffer_size = '{DuckDbRun.StreamingBufferSize}'", statements[0]);
        var reading = Assert.Single(statements, s => s.Contains("read_csv(", StringComparison.Ordinal) && !s.Contains("types = {", StringComparison.Ordinal));
        Assert.StartsWith("COPY (", reading, StringComparison.Ordinal);
        Assert.Contains(ScreeningSqlQuery.RejectedColumnsColumn, reading, StringComparison.Ordinal);
        Assert.DoesNotContain("OVER ()", reading, StringComparison.Ordinal);
        Assert.Contains("file_row_number = true", statements[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("read_csv(", statements[^1], StringComparison.Ordinal);
        Assert.Equal(statements.IndexOf(reading) + 1, statements.Count - 1);
        Assert.InRange(statements.Count, 3, 5);
    }

    [Fact]
    public void Fail_fast_stops_at_the_first_reject_with_the_NET_readers_error_and_writes_nothing()
    {
        var input = WriteWithRejects(300, (150, "revenueY2", "12x"), (299, "employees", "-1"));
        var options = new ScreeningOptions { FailFast = true };
        var dotnet = Assert.Throws<ProfileInputException>(() => ScreeningJob.Run(input, Out("dotnet.csv"), Programmes(), AsOf, options: options));
        var duckdb = Assert.Throws<ProfileInputException>(() => DuckDbScreening.Run(input, Out("duckdb.csv"), Programmes(), AsOf, options: options));
        Assert.Equal(dotnet.Errors, duckdb.Errors);
        Assert.Equal(150, duckdb.Errors[0].Row);
        Assert.False(File.Exists(Out("duckdb.csv")));
        Assert.False(File.Exists(ScreeningJob.RejectsPathFor(Out("duckdb.csv"))));
        Assert.Empty(Directory.GetFiles(_directory, "*.partial"));
    }

    [Fact]
    public void The_rejects_are_checked_against_the_NET_reader_which_names_the_first_row_of_disagreement()
    {
        var input = WriteWithRejects(50, (10, "revenueY1", "abc"), (40, "techStaff", "x"));
        var schema = Programmes()[0].Schema;
        var required = ProgrammeScreener.Create(Programmes(), AsOf).RequiredFields;
        CheckedRejects Open() => new(input, schema, required, ProfileReadOptions.Default);
        SqlReject Reject(long row) => new(row, "E" + row, "revenueY1", "reason");

        using (var agreeing = Open())
        {
            Assert.Equal(10, agreeing.Match(Reject(10)).Row);
            Assert.Equal(41, agreeing.Match(Reject(40)).Line);
            agreeing.Finish();
        }

        // DuckDB rejects a row our reader reads.
        using (var extra = Open())
        {
            var error = Assert.Throws<ProfileInputException>(() => extra.Match(Reject(5))).Errors[0];
            Assert.Equal((5, 6), (error.Row, error.Line));
            Assert.Contains("disagree", error.Reason, StringComparison.Ordinal);
            Assert.Contains(" / ", error.Reason, StringComparison.Ordinal);
        }

        // DuckDB passes over a row our reader rejects, before its next reject or after its last.
        using (var skipped = Open())
        {
            var error = Assert.Throws<ProfileInputException>(() => skipped.Match(Reject(40))).Errors[0];
            Assert.Equal((10, 11, "revenueY1"), (error.Row, error.Line, error.Column));
        }

        using (var missing = Open())
        {
            missing.Match(Reject(10));
            var error = Assert.Throws<ProfileInputException>(missing.Finish).Errors[0];
            Assert.Equal((40, "techStaff"), (error.Row, error.Column));
        }

        // Beyond the last row.
        using (var beyond = Open())
        {
            beyond.Match(Reject(10));
            beyond.Match(Reject(40));
            Assert.Equal(51, Assert.Throws<ProfileInputException>(() => beyond.Match(Reject(51))).Errors[0].Row);
        }
    }

    /// <summary>Generated records with the given cells replaced (row 1 is the first data row), ids E1, E2, …</summary>
    private string WriteWithRejects(int count, params (int Row, string Column, string Value)[] bad)
    {
        var input = Out("in.csv");
        ProfileCsvWriter.Write(input, SyntheticProfiles.Generate(count, seed: 23));
        var lines = File.ReadAllLines(input);
        var header = lines[0].Split(',');
        for (var row = 1; row < lines.Length; row++)
        {
            var cells = lines[row].Split(',');
            cells[0] = "E" + row.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (_, column, value) in bad.Where(b => b.Row == row))
            {
                cells[Array.IndexOf(header, column)] = value;
            }

            lines[row] = string.Join(',', cells);
        }

        File.WriteAllLines(input, lines);
        return input;
    }

    /// <summary>Records the events a sink receives: each row with its outcomes, each reject with its row, line, columns and reasons.</summary>
    private sealed class EventSink : IResultSink
    {
        public List<string> Events { get; } = [];

        public void Write(string id, ReadOnlySpan<ProgrammeOutcome> outcomes, ReadOnlySpan<char> failedNames, ReadOnlySpan<decimal?> outputs)
        {
            // Scores by value: the engines may carry different scales (the files write values alike).
            var text = new System.Text.StringBuilder("row ").Append(id);
            foreach (var outcome in outcomes)
            {
                text.Append(' ').Append(outcome.Eligible).Append('/').Append(outcome.Score / 1.000000000000000000000000000000m).Append('/').Append(outcome.Rank).Append('/').Append(outcome.Selected);
            }

            Events.Add(text.Append(' ').Append(failedNames).ToString());
        }

        public void Reject(ProfileRecord record, string columns, string reasons) =>
            Events.Add($"reject {record.Row} line {record.Line} id {record.Id}: {columns}: {reasons}");

        public void Complete(ScreeningSummary summary) => Events.Add("complete");

        public void Dispose()
        {
        }
    }
}
