using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Screening;

namespace PolicyRules.Tests.Screening;

/// <summary>
/// An application's own result sink (<see cref="ScreeningOptions.Sinks"/>): it receives every row and
/// reject in input order and the summary; when it fails, the run fails and none of its files appear.
/// </summary>
public sealed class ApplicationSinkTests : IDisposable
{
    private static readonly string Enterprises = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "enterprises.csv");
    private static readonly string[] Names = ["SmeSize", "HighTechEnterprise"];
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-sink-").FullName;
    private readonly PolicyEngine _engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_application_sink_receives_every_row_and_reject_in_input_order_and_the_summary(bool parallel)
    {
        var input = GarbledCopy(rows: [3, 500]);
        var output = Path.Combine(_dir, "out.csv");
        var sink = new RecordingSink();
        ResultSinkContext? context = null;
        var options = new ScreeningOptions { Parallel = parallel, DegreeOfParallelism = parallel ? 3 : null, Sinks = [c => { context = c; return sink; }] };

        var summary = ScreeningJob.Run(input, output, Programmes(), TestProfiles.AsOf, options: options);

        Assert.Equal(Names, context!.Programmes.Select(p => p.Name));
        Assert.Equal(TestProfiles.AsOf, context.AsOf);

        // Rows and rejects interleaved as in the input, the same rows the results file holds, with the same outcomes.
        var header = File.ReadLines(output).First().Split(',');
        var results = File.ReadAllLines(output).Skip(1).Select(l => l.Split(',')).ToList();
        var rejects = File.ReadAllLines(ScreeningJob.RejectsPathFor(output)).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(results.Select(r => r[0]), sink.Rows.Select(r => r.Id));
        Assert.Equal(results.Select(r => r[Array.IndexOf(header, "SmeSize.eligible")] == "true"), sink.Rows.Select(r => r.Eligible[0]));
        Assert.Equal(results.Select(r => r[Array.IndexOf(header, "HighTechEnterprise.eligible")] == "true"), sink.Rows.Select(r => r.Eligible[1]));
        Assert.Equal(rejects.Select(r => long.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture)), sink.Rejects.Select(r => (long)r.Row));
        Assert.Equal(new long[] { 3, 500 }, sink.Rejects.Select(r => (long)r.Row));
        var expectedEvents = Enumerable.Range(1, 1000).Select(row => row is 3 or 500 ? $"reject {row}" : "row").ToList();
        Assert.Equal(expectedEvents, sink.Events.Where(e => e != "complete" && e != "dispose").Select(e => e.StartsWith("row", StringComparison.Ordinal) ? "row" : e));

        // The summary, once, after the last row; disposed last.
        Assert.Same(summary, sink.Summary);
        Assert.Equal(summary.Read, summary.Written + summary.Rejected);
        Assert.Equal(1000, summary.Read);
        Assert.Equal(sink.Rows.Count, summary.Written);
        Assert.Equal(["complete", "dispose"], sink.Events.TakeLast(2));
        Assert.Equal(1, sink.Events.Count(e => e == "complete"));
    }

    [Fact]
    public void Several_application_sinks_each_receive_every_row_and_the_summary()
    {
        var output = Path.Combine(_dir, "out.jsonl");
        var first = new RecordingSink();
        var second = new RecordingSink();
        var summary = ScreeningJob.Run(Enterprises, output, Programmes(), TestProfiles.AsOf,
            options: new ScreeningOptions { Sinks = [_ => first, _ => second] });

        Assert.Equal(summary.Written, first.Rows.Count);
        Assert.Equal(first.Rows.Select(r => r.Id), second.Rows.Select(r => r.Id));
        Assert.Same(summary, first.Summary);
        Assert.Same(summary, second.Summary);
        Assert.Equal(File.ReadLines(output).Count(), first.Rows.Count);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(700, true)]
    [InlineData(700, false)]
    public void A_sink_throwing_on_a_row_fails_the_run_and_no_file_of_it_appears(int failAt, bool parallel)
    {
        var output = Path.Combine(_dir, "out.csv");
        File.WriteAllText(output, "an earlier run's results\n"); // kept whole
        var failing = new RecordingSink { FailOnRow = failAt };
        var other = new RecordingSink();

        var error = Assert.Throws<SinkFailure>(() => ScreeningJob.Run(Enterprises, output, Programmes(), TestProfiles.AsOf,
            options: new ScreeningOptions { Parallel = parallel, Sinks = [_ => other, _ => failing] }));

        Assert.Equal($"row {failAt}", error.Message);
        Assert.Equal("an earlier run's results\n", File.ReadAllText(output));
        Assert.False(File.Exists(ScreeningJob.RejectsPathFor(output)));
        Assert.Empty(Directory.GetFiles(_dir, "*.partial"));
        foreach (var sink in new[] { failing, other })
        {
            Assert.Null(sink.Summary);
            Assert.Equal("dispose", sink.Events[^1]);
        }
    }

    [Fact]
    public void A_sink_throwing_at_completion_fails_the_run_no_file_appears_and_later_sinks_are_not_completed()
    {
        var output = Path.Combine(_dir, "out.parquet");
        var first = new RecordingSink();
        var failing = new RecordingSink { FailOnComplete = true };
        var last = new RecordingSink();

        Assert.Throws<SinkFailure>(() => ScreeningJob.Run(Enterprises, output, Programmes(), TestProfiles.AsOf,
            options: new ScreeningOptions { Sinks = [_ => first, _ => failing, _ => last] }));

        Assert.False(File.Exists(output));
        Assert.False(File.Exists(ScreeningJob.RejectsPathFor(output)));
        Assert.NotNull(first.Summary); // completed in order before the failing one …
        Assert.Null(last.Summary);     // … the one after never is
        Assert.All(new[] { first, failing, last }, s => Assert.Equal("dispose", s.Events[^1]));
    }

    [Fact]
    public void A_sink_factory_throwing_fails_the_run_before_any_row_and_disposes_the_sinks_made()
    {
        var output = Path.Combine(_dir, "out.csv");
        var made = new RecordingSink();

        var error = Assert.Throws<SinkFailure>(() => ScreeningJob.Run(Enterprises, output, Programmes(), TestProfiles.AsOf,
            options: new ScreeningOptions { Sinks = [_ => made, _ => throw new SinkFailure("factory")] }));

        Assert.Equal("factory", error.Message);
        Assert.Equal(["dispose"], made.Events);
        Assert.False(File.Exists(output));
        Assert.Throws<InvalidOperationException>(() => ScreeningJob.Run(Enterprises, output, Programmes(), TestProfiles.AsOf,
            options: new ScreeningOptions { Sinks = [_ => null!] }));
    }

    [Fact]
    public void When_the_run_fails_an_application_sink_is_disposed_without_the_summary()
    {
        var output = Path.Combine(_dir, "out.csv");
        var sink = new RecordingSink();

        Assert.Throws<ProfileInputException>(() => ScreeningJob.Run(GarbledCopy(rows: [10]), output, Programmes(), TestProfiles.AsOf,
            options: new ScreeningOptions { FailFast = true, Sinks = [_ => sink] }));

        Assert.Null(sink.Summary);
        Assert.Equal(9, sink.Rows.Count);
        Assert.Equal("dispose", sink.Events[^1]);
        Assert.False(File.Exists(output));
    }

    private CompiledProgramme[] Programmes() => [.. Names.Select(n => _engine.GetProgramme(n, TestProfiles.AsOf))];

    /// <summary>The sample with the employees cell of the given data rows made unreadable.</summary>
    private string GarbledCopy(long[] rows)
    {
        var lines = File.ReadAllLines(Enterprises);
        var employees = Array.IndexOf(lines[0].Split(','), "employees");
        foreach (var row in rows)
        {
            var cells = lines[row].Split(',');
            cells[employees] = "many";
            lines[row] = string.Join(',', cells);
        }

        var path = Path.Combine(_dir, "garbled.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    private sealed class SinkFailure(string message) : Exception(message);

    private sealed record Row(string Id, bool[] Eligible, string Failed);

    /// <summary>An application's sink: keeps what it receives, in order; fails where told.</summary>
    private sealed class RecordingSink : IResultSink
    {
        public List<Row> Rows { get; } = [];

        public List<ProfileRecord> Rejects { get; } = [];

        public List<string> Events { get; } = [];

        public ScreeningSummary? Summary { get; private set; }

        public int FailOnRow { get; init; }

        public bool FailOnComplete { get; init; }

        public void Write(string id, ReadOnlySpan<ProgrammeOutcome> outcomes, ReadOnlySpan<char> failedNames, ReadOnlySpan<decimal?> outputs)
        {
            var eligible = new bool[outcomes.Length];
            for (var i = 0; i < outcomes.Length; i++)
            {
                eligible[i] = outcomes[i].Eligible;
            }

            Rows.Add(new Row(id, eligible, failedNames.ToString()));
            Events.Add("row " + id);
            if (Rows.Count == FailOnRow)
            {
                throw new SinkFailure($"row {FailOnRow}");
            }
        }

        public void Reject(ProfileRecord record, string columns, string reasons)
        {
            Rejects.Add(record);
            Events.Add($"reject {record.Row}");
        }

        public void Complete(ScreeningSummary summary)
        {
            Events.Add("complete");
            if (FailOnComplete)
            {
                throw new SinkFailure("complete");
            }

            Summary = summary;
        }

        public void Dispose() => Events.Add("dispose");
    }
}
