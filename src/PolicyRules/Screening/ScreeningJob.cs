using System.Collections.Immutable;
using System.Globalization;
using nietras.SeparatedValues;
using PolicyRules.Bulk;
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
/// Rows are parsed and evaluated on every core (<see cref="ScreeningOptions.Parallel"/>) and written in
/// input order (<see cref="RecordLoop{TSlot}"/>); population-level programmes are ranked in the same
/// single pass over the input (<see cref="PopulationSpill"/>).
/// </remarks>
public static class ScreeningJob
{
    /// <summary>The rejects file written beside <paramref name="outputPath"/>.</summary>
    public static string RejectsPathFor(string outputPath) => RejectsFile.PathFor(outputPath);

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
        var run = new ScreeningRun(programmes, asOf, options);

        // Outputs are refused before anything is read when they are the input (by file identity) or
        // each other, and appear only when the run completes (OutputFiles).
        using var outputs = new OutputFiles([inputPath]);
        var outputStream = outputPath is null ? null : outputs.Create(outputPath);
        var rejectsStream = outputs.Create(rejectsPath);
        using var input = ProfileReaders.Open(inputPath, run.Schema, run.Required, run.Columns, options.Input);

        // Population-level programmes rank the whole input. Normally the one pass keeps what ranking
        // needs (score, id, position) and spills the rows beside the output, to be written with their
        // ranks at the end; only targets that read a ranked programme row by row need the ranks while
        // reading, and so a first pass over the input.
        var ranks = run.RanksBeforehand ? RankPopulation(() => ProfileReaders.Open(inputPath, run.Schema, run.Required, run.Columns, options.Input), run) : null;
        var summary = run.Screen(input, ranks, outputPath, outputStream, openStream, rejectsStream, rejectsPath, progress);
        outputs.Commit();
        return summary;
    }

    /// <summary>
    /// As <see cref="Run"/>, reading CSV from <paramref name="input"/> (which it owns): read once from
    /// start to end, never sought, so a pipe does; <paramref name="sourceName"/> names it in errors.
    /// </summary>
    internal static ScreeningSummary RunFrom(Stream input, string sourceName, string outputPath, IReadOnlyList<CompiledProgramme> programmes, DateOnly asOf, ScreeningOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new ScreeningOptions();
        var run = new ScreeningRun(programmes, asOf, options);
        if (run.RanksBeforehand)
        {
            input.Dispose();
            throw new ArgumentException("Targets that read a population-level programme need the input twice: screen a file. / 读取按总体排序项目的目标需读取输入两次，请筛查文件。", nameof(options));
        }

        using var reader = ProfileCsvReader.Open(input, sourceName, run.Schema, run.Required, run.Columns, options.Input);
        using var outputs = new OutputFiles([]);
        var rejectsPath = RejectsPathFor(outputPath);
        var outputStream = outputs.Create(outputPath);
        var rejectsStream = outputs.Create(rejectsPath);
        var summary = run.Screen(reader, null, outputPath, outputStream, null, rejectsStream, rejectsPath, null);
        outputs.Commit();
        return summary;
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
    private static Dictionary<long, int>?[] RankPopulation(Func<IProfileReader> open, ScreeningRun run)
    {
        var programmes = run.Programmes;
        var candidates = programmes.Select(p => p.SelectTop is null ? null : new List<PopulationRanking.Candidate>()).ToArray();
        using (var input = open())
        {
            var loop = new RecordLoop<ScreenedRow>
            {
                NewSlot = () => run.NewSlot(),
                NewEvaluator = () => run.NewEvaluator(),
                Parallelism = run.Parallelism,
                UniqueIdColumn = run.Schema.IdField.Name, // the main pass rejects the same rows
                Accept = (record, _, row) =>
                {
                    for (var i = 0; i < candidates.Length; i++)
                    {
                        if (candidates[i] is { } eligible && row.Eligible[i])
                        {
                            eligible.Add(new PopulationRanking.Candidate(row.Scores[i] ?? 0m, record.Id.AsMemory(), record.Row));
                        }
                    }
                },
                Reject = static (_, _, _) => { },
            };
            loop.Run(input);
        }

        return [.. candidates.Select(c => c is null ? null : PopulationRanking.Order(c))];
    }
}
