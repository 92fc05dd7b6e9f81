using System.Collections.Immutable;
using nietras.SeparatedValues;
using PolicyRules.Bulk;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Model;

namespace PolicyRules.Screening;

/// <summary>
/// One screening run of <see cref="ScreeningJob"/>: what it reads, the in-order stage of the record
/// loop (counting, writing, statistics, targets) and, for population-level programmes, the ranking
/// done in the same pass (<see cref="PopulationSpill"/>).
/// </summary>
internal sealed partial class ScreeningRun
{
    private readonly DateOnly _asOf;
    private readonly ScreeningOptions _options;
    private readonly ResultColumns[] _resultColumns;
    private readonly ProgrammeOutcome[] _outcomes;
    private readonly List<OutcomeTally> _tallies = [];
    private readonly OutcomeTally _retracted; // rows the evaluators counted, then rejected in order for a duplicate id
    private readonly bool[] _rowEligible;
    private readonly int[] _rowFailed;
    private readonly decimal?[] _rowOutputs;
    private readonly OutputSum[] _outputSums;
    private readonly StatisticsCollector? _statistics;
    private readonly Targets.TargetCollector? _targets;
    private char[] _failed = new char[256];

    public ScreeningRun(IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf, ScreeningOptions options)
    {
        Programmes = programmes;
        _asOf = asOf;
        _options = options;
        Required = ProgrammeScreener.Create(programmes, asOf).RequiredFields; // refuses a mix of record kinds
        Schema = programmes.Count > 0 ? programmes[0].Schema : RecordSchema.Enterprise;

        // Only the fields the programmes read (and id), plus the name the report's reserve pool shows.
        _targets = options.Targets is { } targetSet ? new Targets.TargetCollector(targetSet, programmes, asOf, options.TargetOptions) : null;
        var columns = (options.Statistics is not null || _targets is not null) && Schema.NameField is { } name ? Required.With(name) : Required;
        Columns = _targets is null ? columns : columns.Union(_targets.Fields);
        if (options.DegreeOfParallelism is { } threads)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1, nameof(options));
        }

        Parallelism = !options.Parallel ? 0 : options.DegreeOfParallelism ?? Environment.ProcessorCount;
        Ranked = programmes.Any(p => p.SelectTop is not null);
        RanksBeforehand = _targets?.NeedsRanksBeforehand ?? false;

        _resultColumns = ResultColumns.For(programmes, options.ColumnNames);
        _outcomes = new ProgrammeOutcome[programmes.Count];
        _retracted = new OutcomeTally(programmes);
        _rowEligible = new bool[programmes.Count];
        _rowFailed = new int[programmes.Count];
        _rowOutputs = new decimal?[ResultColumns.OutputCount(_resultColumns)];
        _outputSums = new OutputSum[_rowOutputs.Length];
        _statistics = options.Statistics is { } statisticsOptions ? new StatisticsCollector(programmes, asOf, statisticsOptions) : null;
    }

    public IReadOnlyList<CompiledProgramme> Programmes { get; }

    public RecordSchema Schema { get; }

    /// <summary>The fields every row needs (a missing column is fatal, an empty cell a reject).</summary>
    public FieldSet Required { get; }

    /// <summary>The fields read: <see cref="Required"/>, and what the report and the targets show.</summary>
    public FieldSet Columns { get; }

    /// <summary>Evaluating threads (0: the calling thread alone).</summary>
    public int Parallelism { get; }

    /// <summary>Some programme ranks the population (<see cref="CompiledProgramme.SelectTop"/>).</summary>
    public bool Ranked { get; }

    /// <summary>Targets read a ranked programme's selection row by row (<see cref="Targets.TargetCollector.NeedsRanksBeforehand"/>): the ranks must be known before the rows are read.</summary>
    public bool RanksBeforehand { get; }

    /// <summary>A batch row's slot; with <paramref name="csv"/>, room for the row as CSV bytes; room for the targets' near-miss entries.</summary>
    public ScreenedRow NewSlot(CsvRowFormatter? csv = null) =>
        new(Programmes, _resultColumns, csv?.NewRow()) { TargetEntries = new Gaps.ReservePoolEntry?[_targets?.Count ?? 0] };

    /// <summary>
    /// A thread's evaluator: its own screener, the row's outcome captured into the slot. With
    /// <paramref name="count"/> it counts eligibility and failed criteria for the summary (its own
    /// counts, added up at the end: they do not depend on order), and analyses the targets' near
    /// misses for the in-order stage (<see cref="Targets.TargetCollector.Prepare"/>); the row is
    /// formatted as CSV into the slot when the slot has room for it.
    /// </summary>
    public Action<ProfileRecord, long, ScreenedRow> NewEvaluator(bool count = false, CsvRowFormatter? csv = null)
    {
        var targets = count ? _targets : null; // the main pass only, not a first ranking pass
        var statistics = count ? _statistics : null;
        var screener = ProgrammeScreener.Create(Programmes, _asOf);
        OutcomeTally? tally = null;
        if (count)
        {
            tally = new OutcomeTally(Programmes);
            lock (_tallies)
            {
                _tallies.Add(tally);
            }
        }

        var failedCounts = new int[Programmes.Count]; // this thread's own
        return (record, index, row) =>
        {
            screener.ScreenRecord(record.Record!, record.Id);
            row.Capture(screener);
            tally?.Add(row);
            if (targets is not null)
            {
                for (var i = 0; i < row.Failed.Length; i++)
                {
                    failedCounts[i] = row.Failed[i].Count;
                }

                targets.Prepare(record.Record!, row.Eligible, failedCounts, index, row.TargetEntries);
            }

            if (statistics is not null)
            {
                row.PoolEntry = statistics.PreparePool(record.Record!, row.Failed, index);
            }

            if (row.Csv is { } bytes)
            {
                csv!.Format(record.Id, row, bytes);
            }
        };
    }

    /// <summary>
    /// Screens every row of <paramref name="input"/> into the output and the rejects file. With
    /// <paramref name="ranks"/> (a first pass ranked the population) rows are written as they come;
    /// otherwise a population-level programme's rows are spilled and written with their ranks at the end.
    /// </summary>
    public ScreeningSummary Screen(IProfileReader input, Dictionary<long, int>?[]? ranks, string? outputPath, Stream? outputStream, Func<ResultColumns[], IResultSink>? openStream, Stream rejectsStream, string rejectsPath, Action<long>? progress)
    {
        // A CSV results file alone (no application sink) is formatted by the evaluating threads.
        if (outputStream is not null && outputPath!.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && _options.Sinks.IsDefaultOrEmpty)
        {
            return ScreenToCsv(input, ranks, outputPath, outputStream, rejectsStream, rejectsPath, progress);
        }

        using var output = ResultSinkFanOut.Open(
            outputStream is null ? openStream!(_resultColumns) : ResultColumns.CreateSink(outputPath!, outputStream, _resultColumns, _options.RawText),
            _options, Programmes, _asOf);
        using var rejects = RejectsFile.Open(rejectsStream);
        using var spill = Ranked && ranks is null ? new PopulationSpill(Programmes, _resultColumns, outputPath) : null;
        var loop = new RecordLoop<ScreenedRow>
        {
            NewSlot = () => NewSlot(),
            NewEvaluator = () => NewEvaluator(count: true),
            Parallelism = Parallelism,
            FailFast = _options.FailFast,
            Progress = progress,
            UniqueIdColumn = Schema.IdField.Name,
            Retract = _retracted.Add,
            Accept = (record, index, row) => Accept(record, index, row, ranks, spill, output),
            Reject = (record, column, reason) =>
            {
                RejectsFile.Write(rejects, record, column, reason, _options.RawText);
                if (spill is null)
                {
                    output.Reject(record, column, reason);
                }
                else
                {
                    spill.Reject(record, column, reason);
                }
            },
        };
        var counts = loop.Run(input);
        if (spill is not null)
        {
            spill.Finish(_statistics, _targets, (id, outcomes, failed, outputs) => Write(output, id, outcomes, failed, outputs), output.Reject);
        }

        var summary = Summarise(counts, rejectsPath);

        // Completed (a Parquet footer, the application's sinks) before the files move into place.
        output.Complete(summary);
        output.Dispose();
        rejects.Dispose();
        return summary;
    }

    /// <summary>The run's counts and totals (the evaluators' counts added up), its statistics and targets.</summary>
    private ScreeningSummary Summarise(RecordLoop<ScreenedRow>.Counts counts, string rejectsPath)
    {
        var total = new OutcomeTally(Programmes);
        foreach (var tally in _tallies)
        {
            total.Add(tally);
        }

        total.Add(_retracted, sign: -1);

        return new ScreeningSummary
        {
            Read = counts.Read,
            Written = counts.Accepted,
            Rejected = counts.Rejected,
            RejectsPath = rejectsPath,
            RuleSetId = ScreeningJob.CommonRuleSetId(Programmes),
            Programmes = [.. Programmes.Select((p, i) => new ProgrammeSummary(p.Name, p.Definition.Version, total.Eligible[i],
                [.. p.TopLevelRuleNames.Select((r, j) => new KeyValuePair<string, long>(r, total.Failures[i][j]))])
            {
                OutputTotals = [.. p.Definition.Outputs.Select((o, k) => _outputSums[_resultColumns[i].OutputOffset + k].Build(o))],
            })],
            Statistics = _statistics?.Build(),
            Targets = _targets?.Build() ?? ImmutableArray<Targets.TargetResult>.Empty,
        };
    }

    /// <summary>The in-order stage of one readable, evaluated row.</summary>
    private void Accept(ProfileRecord record, long index, ScreenedRow row, Dictionary<long, int>?[]? ranks, PopulationSpill? spill, IResultSink output)
    {
        var length = 0;
        for (var i = 0; i < Programmes.Count; i++)
        {
            var programme = Programmes[i];
            var failed = row.Failed[i];
            var start = length;
            if (spill is null) // a spilled row keeps its criteria as bits
            {
                for (var rule = 0; rule < failed.Length; rule++)
                {
                    if (failed[rule])
                    {
                        length = Append(ref _failed, length, start, programme.TopLevelRuleNames[rule]);
                    }
                }
            }

            var isEligible = failed.Count == 0;

            // Ranked in a first pass, or (spilling) ranked at the end, when the statistics learn how many were selected.
            int? rank = ranks?[i] is { } programmeRanks && programmeRanks.TryGetValue(record.Row, out var r) ? r : null;
            var selected = rank <= programme.SelectTop;
            _outcomes[i] = new ProgrammeOutcome(isEligible, row.Scores[i], row.Classes[i], start, length - start, rank, selected);
            _rowEligible[i] = programme.SelectTop is null ? isEligible : selected;
            _rowFailed[i] = failed.Count;
            _statistics?.Add(i, isEligible, failed.Count, failed.Last, row.Scores[i], row.Classes[i], selected);
        }

        _statistics?.AddToPool(record.Record!, row.Failed, index, row.PoolEntry);
        _targets?.Add(record.Record!, record.Id, _rowEligible, row.Eligible, _rowFailed, index, row.TargetEntries);
        if (spill is null)
        {
            Write(output, record.Id, _outcomes, _failed.AsSpan(0, length), row.Outputs);
        }
        else
        {
            spill.Add(record.Id, _outcomes, row.Failed, row.Outputs, row.Eligible);
        }
    }

    /// <summary>Writes one row: a population-level programme awards the selected records, not the whole eligible pool.</summary>
    private void Write(IResultSink output, string id, ReadOnlySpan<ProgrammeOutcome> outcomes, ReadOnlySpan<char> failed, ReadOnlySpan<decimal?> outputs)
    {
        for (var i = 0; i < Programmes.Count; i++)
        {
            var offset = _resultColumns[i].OutputOffset;
            for (var k = 0; k < _resultColumns[i].Outputs.Length; k++)
            {
                var value = Programmes[i].SelectTop is null || outcomes[i].Selected ? outputs[offset + k] : null;
                _rowOutputs[offset + k] = value;
                _outputSums[offset + k].Add(value);
            }
        }

        output.Write(id, outcomes, failed, _rowOutputs);
    }

    /// <summary>Appends a failed criterion's name to the row's shared buffer, ';'-separated within a programme.</summary>
    internal static int Append(ref char[] buffer, int length, int programmeStart, string name)
    {
        var needed = length + name.Length + 1;
        if (needed > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(needed, buffer.Length * 2));
        }

        if (length > programmeStart)
        {
            buffer[length++] = ';';
        }

        name.CopyTo(buffer.AsSpan(length));
        return length + name.Length;
    }
}
