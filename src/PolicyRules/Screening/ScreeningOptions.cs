using System.Collections.Immutable;

namespace PolicyRules.Screening;

/// <summary>How <see cref="ScreeningJob.Run"/> goes about its work.</summary>
public sealed record ScreeningOptions
{
    /// <summary>
    /// Read on one thread, parse and evaluate on <see cref="DegreeOfParallelism"/> others and write on the
    /// calling thread, through a fixed set of batches, so every core shares the work and memory stays flat;
    /// output and rejects come in input order either way. False does everything on the calling thread.
    /// </summary>
    public bool Parallel { get; init; } = true;

    /// <summary>
    /// How many threads parse and evaluate when <see cref="Parallel"/> is on; null (the default) uses
    /// every core (<see cref="Environment.ProcessorCount"/>). The results are the same for any value (at least 1).
    /// </summary>
    public int? DegreeOfParallelism { get; init; }

    /// <summary>Stop at the first unreadable row (throwing its errors) instead of writing it to the rejects file.</summary>
    public bool FailFast { get; init; }

    /// <summary>
    /// When set, the run also collects <see cref="ScreeningSummary.Statistics"/> (score histograms,
    /// classes, sole failures, the reserve pool), the material of <see cref="Reporting.ScreeningReport"/>.
    /// </summary>
    public ScreeningStatisticsOptions? Statistics { get; init; }

    /// <summary>How the input file is read (encoding, worksheet); defaults detect the encoding and read the first sheet.</summary>
    public Input.ProfileReadOptions Input { get; init; } = PolicyRules.Input.ProfileReadOptions.Default;

    /// <summary>
    /// A plan's targets to measure in the same pass (<see cref="ScreeningSummary.Targets"/>); null for none.
    /// The programmes the targets read must be among those screened, or their targets say "not measured".
    /// </summary>
    public Targets.TargetSet? Targets { get; init; }

    /// <summary>How many candidates per target are kept, and what counts as a near miss.</summary>
    public Targets.TargetOptions TargetOptions { get; init; } = new();

    /// <summary>
    /// Write text cells of CSV outputs (results, rejects) exactly as read, even when a spreadsheet would
    /// run them as formulas; by default such cells get a leading apostrophe (<see cref="Output.SpreadsheetText"/>).
    /// </summary>
    public bool RawText { get; init; }

    /// <summary>
    /// How the results' columns are named in CSV and Parquet: <c>HighTechEnterprise.eligible</c>
    /// (<see cref="ResultColumnNames.Dotted"/>, the default) or <c>HighTechEnterprise_eligible</c>
    /// (<see cref="ResultColumnNames.Underscore"/>, for query engines that read a dot as a path).
    /// JSON Lines nests each programme's values in an object and is the same either way.
    /// </summary>
    public ResultColumnNames ColumnNames { get; init; } = ResultColumnNames.Dotted;

    /// <summary>
    /// The application's own result sinks, each made once per run from its factory, besides the results
    /// file: they receive every row and reject in input order and, when the run succeeds, its summary
    /// (<see cref="IResultSink.Complete"/>). A sink (or factory) that throws fails the run with that
    /// exception and no file of the run appears; see <see cref="IResultSink"/>.
    /// </summary>
    public ImmutableArray<Func<ResultSinkContext, IResultSink>> Sinks { get; init; } = [];
}

/// <summary>How a results file names a programme's columns.</summary>
public enum ResultColumnNames
{
    /// <summary><c>Programme.eligible</c>, <c>Programme.failed</c>, … (the default).</summary>
    Dotted,

    /// <summary><c>Programme_eligible</c>, <c>Programme_failed</c>, …: no dots, which SQL engines would read as a path.</summary>
    Underscore,
}
