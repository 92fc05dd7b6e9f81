using PolicyRules.Bulk;
using PolicyRules.Compilation;

namespace PolicyRules.Screening;

/// <summary>
/// One record's screening, taken from a thread's <see cref="ProgrammeScreener"/> so the record can be
/// written later, in input order, by another thread: per programme, eligibility, score, class, failed
/// criteria and declared outputs. One per row of a batch, reused (no allocation per row).
/// </summary>
internal sealed class ScreenedRow
{
    private readonly IReadOnlyList<CompiledProgramme> _programmes;
    private readonly ResultColumns[] _columns;

    public ScreenedRow(IReadOnlyList<CompiledProgramme> programmes, ResultColumns[] columns, CsvRow? csv = null)
        : this([.. programmes.Select(p => p.TopLevelRuleNames.Length)], columns, csv) => _programmes = programmes;

    /// <summary>A row filled by hand rather than captured (how many criteria each programme has): the formats' tests.</summary>
    internal ScreenedRow(int[] criteria, ResultColumns[] columns, CsvRow? csv)
    {
        _programmes = [];
        _columns = columns;
        Csv = csv;
        Eligible = new bool[criteria.Length];
        Scores = new decimal?[criteria.Length];
        Classes = new string?[criteria.Length];
        Failed = [.. criteria.Select(n => new FailedCriteria(n))];
        Outputs = new decimal?[ResultColumns.OutputCount(columns)];
    }

    /// <summary>Per programme: eligible as the screener says (the population a ranking ranks).</summary>
    public bool[] Eligible { get; }

    public decimal?[] Scores { get; }

    public string?[] Classes { get; }

    public FailedCriteria[] Failed { get; }

    /// <summary>Every programme's declared outputs, at <see cref="ResultColumns.OutputOffset"/>; a population-level programme's still unselected.</summary>
    public decimal?[] Outputs { get; }

    /// <summary>The row as CSV bytes, when the results are CSV formatted by the evaluating threads (<see cref="CsvRowFormatter"/>).</summary>
    public CsvRow? Csv { get; }

    /// <summary>
    /// Per target, the row's near-miss entry (its gaps) when the evaluating thread analysed it for the
    /// in-order stage (<see cref="Targets.TargetCollector.Prepare"/>); null otherwise. Sized by the collector.
    /// </summary>
    public Gaps.ReservePoolEntry?[] TargetEntries { get; set; } = [];

    /// <summary>The report's reserve-pool entry when the evaluating thread analysed it (<see cref="StatisticsCollector.PreparePool"/>); null otherwise.</summary>
    public Gaps.ReservePoolEntry? PoolEntry { get; set; }

    /// <summary>Takes the outcome of the record <paramref name="screener"/> screened last.</summary>
    public void Capture(ProgrammeScreener screener)
    {
        for (var i = 0; i < _programmes.Count; i++)
        {
            var buffer = screener.Buffer(i);
            Eligible[i] = screener.Eligible(i);
            Scores[i] = buffer.Score;
            Classes[i] = buffer.Classification;
            Failed[i].Capture(_programmes[i], buffer);
            var offset = _columns[i].OutputOffset;
            for (var k = 0; k < _columns[i].Outputs.Length; k++)
            {
                Outputs[offset + k] = buffer.Output(k);
            }
        }
    }
}
