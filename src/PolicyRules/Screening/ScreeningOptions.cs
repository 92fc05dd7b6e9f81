namespace PolicyRules.Screening;

/// <summary>How <see cref="ScreeningJob.Run"/> goes about its work.</summary>
public sealed record ScreeningOptions
{
    /// <summary>
    /// Parse on one thread while evaluating and writing on another, through a small bounded queue, so
    /// two cores share the work and memory stays flat; output order is the input order either way.
    /// </summary>
    public bool Parallel { get; init; } = true;

    /// <summary>Stop at the first unreadable row (throwing its errors) instead of writing it to the rejects file.</summary>
    public bool FailFast { get; init; }

    /// <summary>
    /// When set, the run also collects <see cref="ScreeningSummary.Statistics"/> (score histograms,
    /// classes, sole failures, the reserve pool), the material of <see cref="ScreeningReport"/>.
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
}
