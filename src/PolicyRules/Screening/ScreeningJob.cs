using System.Collections.Immutable;
using System.Globalization;
using nietras.SeparatedValues;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Output;

namespace PolicyRules.Screening;

/// <summary>
/// Screens a file of enterprises (any format <see cref="ProfileReaders"/> reads) against
/// programmes, streaming: one output row per readable input row (in input order) and one rejects
/// row per unreadable one, so read = written + rejected.
/// </summary>
/// <remarks>
/// Output (CSV, or Parquet, .xlsx or JSON Lines by extension) columns: <c>id</c>, then per programme <c>P.eligible</c>,
/// <c>P.score</c> (scored programmes), <c>P.classification</c> (classifying programmes) and
/// <c>P.failed</c> (failed top-level criteria: joined by <c>;</c> in CSV, a list of strings in
/// Parquet); <see cref="ScreeningOptions.ColumnNames"/> may name them <c>P_eligible</c>, … instead. The rejects file is always CSV:
/// <c>row,line,id,column,reason</c>; an .xlsx output holds the same rejects as its second sheet.
/// With <see cref="ScreeningOptions.Statistics"/> set, the same pass also fills
/// <see cref="ScreeningSummary.Statistics"/> (fixed score bins, class counts, sole failures, and the
/// reserve pool of one programme, whose near misses alone cost a gap analysis each), the material of
/// <see cref="Reporting.ScreeningReport"/>.
/// </remarks>
public static class ScreeningJob
{
    /// <summary>The rejects file written beside <paramref name="outputPath"/>.</summary>
    public static string RejectsPathFor(string outputPath) => outputPath + ".rejects.csv";

    /// <summary>Runs the screening.</summary>
    /// <param name="inputPath">Enterprises: contract CSV, or another format by extension (<see cref="ProfileReaders.FormatOf"/>).</param>
    /// <param name="outputPath">Results to write: CSV, or Parquet (<c>.parquet</c>).</param>
    /// <param name="programmes">The programme versions to apply (see <see cref="PolicyEngine.GetProgramme"/>).</param>
    /// <param name="asOf">The evaluation date.</param>
    /// <param name="progress">Called with the number of rows read so far, every few thousand rows.</param>
    /// <param name="options">Parallelism and fail-fast; defaults when null.</param>
    /// <exception cref="ProfileInputException">
    /// The input lacks a column the programmes need; or, with <see cref="ScreeningOptions.FailFast"/>, the first unreadable row.
    /// </exception>
    /// <exception cref="ArgumentException">The output's extension names no format (<c>.csv</c>, <c>.parquet</c>, <c>.jsonl</c>).</exception>
    public static ScreeningSummary Run(string inputPath, string outputPath, IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf, Action<long>? progress = null, ScreeningOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(outputPath);
        if (!ResultColumns.IsKnown(outputPath))
        {
            throw new ArgumentException(ResultColumns.UnknownExtensionMessage(outputPath), nameof(outputPath));
        }

        return RunInto(inputPath, outputPath, null, RejectsPathFor(outputPath), programmes, asOf, progress, options);
    }

    /// <summary>
    /// Runs the screening into <paramref name="outputPath"/> (through <see cref="OutputFiles"/>), or,
    /// when it is null, into the sink <paramref name="openStream"/> opens (standard output in a
    /// pipeline), with the rejects in <paramref name="rejectsPath"/>.
    /// </summary>
    internal static ScreeningSummary RunInto(string inputPath, string? outputPath, Func<ResultColumns[], IResultSink>? openStream, string rejectsPath, IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf, Action<long>? progress, ScreeningOptions? options)
    {
        options ??= new ScreeningOptions();
        ArgumentNullException.ThrowIfNull(inputPath);
        ArgumentNullException.ThrowIfNull(programmes);
        var screener = ProgrammeScreener.Create(programmes, asOf);
        var required = screener.RequiredFields;
        var schema = programmes.Count > 0 ? programmes[0].Schema : RecordSchema.Enterprise;
        // Only the fields the programmes read (and id), plus the name the report's reserve pool shows.
        var targets = options.Targets is { } targetSet ? new Targets.TargetCollector(targetSet, programmes, asOf, options.TargetOptions) : null;
        var columns = (options.Statistics is not null || targets is not null) && schema.NameField is { } name ? required.With(name) : required;
        columns = targets is null ? columns : columns.Union(targets.Fields);

        // Outputs are refused before anything is read when they are the input (by file identity) or
        // each other, and appear only when the run completes (OutputFiles).
        using var outputs = new OutputFiles([inputPath]);
        var outputStream = outputPath is null ? null : outputs.Create(outputPath);
        var rejectsStream = outputs.Create(rejectsPath);
        using var input = ProfileReaders.Open(inputPath, schema, required, columns, options.Input);

        // Population-level programmes rank the whole input: a first pass finds the eligible rows
        // and their index (only those are kept), the second writes every row with its rank.
        var ranks = programmes.Any(p => p.SelectTop is not null)
            ? RankPopulation(inputPath, schema, programmes, required, columns, asOf, options)
            : null;
        var resultColumns = ResultColumns.For(programmes, options.ColumnNames);
        using var output = outputStream is null
            ? openStream!(resultColumns)
            : ResultColumns.CreateSink(outputPath!, outputStream, resultColumns, options.RawText);
        using var rejects = OpenRejects(rejectsStream);

        var outcomes = new ProgrammeOutcome[programmes.Count];
        var eligible = new long[programmes.Count];
        var failures = programmes.Select(p => new long[p.TopLevelRuleNames.Length]).ToArray();
        var failed = new char[256];
        var rowEligible = new bool[programmes.Count];
        var rowFailed = new int[programmes.Count];
        var rowOutputs = new decimal?[ResultColumns.OutputCount(resultColumns)];
        var outputSums = new OutputSum[rowOutputs.Length];
        var statistics = options.Statistics is { } statisticsOptions ? new StatisticsCollector(programmes, asOf, statisticsOptions) : null;
        long read = 0, written = 0, rejected = 0;

        foreach (var record in options.Parallel ? Pipelined(input.ReadAll()) : input.ReadAll())
        {
            read++;
            if (progress is not null && read % 4096 == 0)
            {
                progress(read);
            }

            if (record.Record is not { } profile)
            {
                if (options.FailFast)
                {
                    throw new ProfileInputException(record.Errors);
                }

                Reject(rejects, output, record, record.Errors.Select(e => e.Column), record.Errors.Select(e => e.Reason), options.RawText);
                rejected++;
                continue;
            }

            RuleEvaluationException? error = null;
            try
            {
                screener.ScreenRecord(profile, record.Id);
            }
            catch (RuleEvaluationException ex)
            {
                error = ex;
            }

            if (error is not null)
            {
                Reject(rejects, output, record, [error.Programme], [error.Message], options.RawText);
                rejected++;
                continue;
            }

            var length = 0;
            for (var i = 0; i < programmes.Count; i++)
            {
                var programme = programmes[i];
                var buffer = screener.Buffer(i);
                var start = length;
                var failedCount = 0;
                var lastFailed = -1;
                for (var rule = 0; rule < programme.TopLevelRuleNames.Length; rule++)
                {
                    if (programme.Failed(buffer, rule))
                    {
                        failedCount++;
                        lastFailed = rule;
                        failures[i][rule]++;
                        length = Append(ref failed, length, start, programme.TopLevelRuleNames[rule]);
                    }
                }

                var isEligible = failedCount == 0;
                if (isEligible)
                {
                    eligible[i]++;
                }

                int? rank = ranks?[i] is { } programmeRanks && programmeRanks.TryGetValue(record.Row, out var r) ? r : null;
                var selected = rank <= programme.SelectTop;
                outcomes[i] = new ProgrammeOutcome(isEligible, buffer.Score, buffer.Classification, start, length - start, rank, selected);
                rowEligible[i] = programme.SelectTop is null ? isEligible : selected;
                rowFailed[i] = failedCount;
                var offset = resultColumns[i].OutputOffset;
                for (var k = 0; k < resultColumns[i].Outputs.Length; k++)
                {
                    // A population-level programme awards the selected records, not the whole eligible pool.
                    var value = programme.SelectTop is null || selected ? buffer.Output(k) : null;
                    rowOutputs[offset + k] = value;
                    outputSums[offset + k].Add(value);
                }

                statistics?.Add(i, isEligible, failedCount, lastFailed, buffer.Score, buffer.Classification, selected);
            }

            statistics?.AddToPool(profile, screener, read - 1);
            targets?.Add(profile, record.Id, rowEligible, rowFailed, read - 1);

            output.Write(record.Id, outcomes, failed.AsSpan(0, length), rowOutputs);
            written++;
        }

        progress?.Invoke(read);
        output.Dispose(); // complete (a Parquet footer) before the files move into place
        rejects.Dispose();
        outputs.Commit();
        return new ScreeningSummary
        {
            Read = read,
            Written = written,
            Rejected = rejected,
            RejectsPath = rejectsPath,
            RuleSetId = CommonRuleSetId(programmes),
            Programmes = [.. programmes.Select((p, i) => new ProgrammeSummary(p.Name, p.Definition.Version, eligible[i],
                [.. p.TopLevelRuleNames.Select((r, j) => new KeyValuePair<string, long>(r, failures[i][j]))])
            {
                OutputTotals = [.. p.Definition.Outputs.Select((o, k) => outputSums[resultColumns[i].OutputOffset + k].Build(o))],
            })],
            Statistics = statistics?.Build(),
            Targets = targets?.Build() ?? [],
        };
    }

    /// <summary>The rule set every programme comes from; null when they come from engines with different rule sets.</summary>
    internal static string? CommonRuleSetId(IReadOnlyList<CompiledProgramme> programmes) =>
        programmes.Select(p => p.RuleSetId).Distinct(StringComparer.Ordinal).ToList() is [{ } id] ? id : null;

    /// <summary>
    /// The rank of each eligible row (by data row number) for each population-level programme; null
    /// for the others. This pass reads the same cells and screens the same programmes as the main
    /// pass, so the rows it ranks are exactly the rows the main pass writes: a row the main pass
    /// rejects (an unreadable cell, an expression failing in any programme) takes no place in a top N.
    /// </summary>
    private static Dictionary<long, int>?[] RankPopulation(string inputPath, RecordSchema schema, IReadOnlyList<CompiledProgramme> programmes, FieldSet required, FieldSet columns, DateOnly asOf, ScreeningOptions options)
    {
        var screener = ProgrammeScreener.Create(programmes, asOf);
        var candidates = programmes.Select(p => p.SelectTop is null ? null : new List<PopulationRanking.Candidate>()).ToArray();
        using (var input = ProfileReaders.Open(inputPath, schema, required, columns, options.Input))
        {
            foreach (var record in options.Parallel ? Pipelined(input.ReadAll()) : input.ReadAll())
            {
                if (record.Record is not { } value)
                {
                    continue;
                }

                try
                {
                    screener.ScreenRecord(value, record.Id);
                }
                catch (RuleEvaluationException)
                {
                    continue;
                }

                for (var i = 0; i < candidates.Length; i++)
                {
                    if (candidates[i] is { } eligible && screener.Eligible(i))
                    {
                        eligible.Add(new PopulationRanking.Candidate(screener.Buffer(i).Score ?? 0m, record.Id, record.Row));
                    }
                }
            }
        }

        return [.. candidates.Select(c => c is null ? null : PopulationRanking.Order(c))];
    }

    private const int BatchSize = 1024;
    private const int BatchesInFlight = 4;

    /// <summary>The reader's records, parsed on a separate thread a few batches ahead of the caller.</summary>
    private static IEnumerable<ProfileRecord> Pipelined(IEnumerable<ProfileRecord> records)
    {
        using var queue = new System.Collections.Concurrent.BlockingCollection<ProfileRecord[]>(BatchesInFlight);
        using var stop = new CancellationTokenSource();
        var producer = Task.Run(() =>
        {
            try
            {
                var batch = new ProfileRecord[BatchSize];
                var count = 0;
                foreach (var record in records)
                {
                    batch[count++] = record;
                    if (count == BatchSize)
                    {
                        queue.Add(batch, stop.Token);
                        batch = new ProfileRecord[BatchSize];
                        count = 0;
                    }
                }

                if (count > 0)
                {
                    queue.Add(batch[..count], stop.Token);
                }
            }
            finally
            {
                queue.CompleteAdding();
            }
        });

        try
        {
            foreach (var batch in queue.GetConsumingEnumerable())
            {
                foreach (var record in batch)
                {
                    yield return record;
                }
            }
        }
        finally
        {
            // The consumer stopped early (an exception while writing): let the producer finish.
            stop.Cancel();
            try
            {
                producer.Wait();
            }
            catch (AggregateException)
            {
                // Observed here; rethrown below as itself when the consumer finished normally.
            }
        }

        // Surface a reading failure (IO, an unreadable file) to the caller as the exception it is.
        producer.GetAwaiter().GetResult();
    }

    /// <summary>Appends a failed criterion's name to the row's shared buffer, ';'-separated within a programme.</summary>
    private static int Append(ref char[] buffer, int length, int programmeStart, string name)
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

    /// <summary>A rejects file with its header: <c>row,line,id,column,reason</c>.</summary>
    internal static SepWriter OpenRejects(Stream stream)
    {
        var rejects = Sep.New(',').Writer(o => o with { Escape = true }).To(stream);
        foreach (var name in (string[])["row", "line", "id", "column", "reason"])
        {
            rejects.Header.Add(name);
        }

        return rejects;
    }

    /// <summary>Writes one unreadable (or unevaluable) row to the rejects file, and to the results when they hold rejects (.xlsx).</summary>
    private static void Reject(SepWriter rejects, IResultSink output, ProfileRecord record, IEnumerable<string> columns, IEnumerable<string> reasons, bool rawText)
    {
        var column = string.Join(";", columns);
        var reason = string.Join(" | ", reasons);
        Reject(rejects, record, [column], [reason], rawText);
        output.Reject(record, column, reason);
    }

    /// <summary>Writes one unreadable (or unevaluable) row to the rejects file.</summary>
    internal static void Reject(SepWriter rejects, ProfileRecord record, IEnumerable<string> columns, IEnumerable<string> reasons, bool rawText)
    {
        using var row = rejects.NewRow();
        row["row"].Format(record.Row);
        row["line"].Format(record.Line);
        SpreadsheetText.Set(row["id"], record.Id, rawText);
        SpreadsheetText.Set(row["column"], string.Join(";", columns), rawText);
        SpreadsheetText.Set(row["reason"], string.Join(" | ", reasons), rawText);
    }
}
