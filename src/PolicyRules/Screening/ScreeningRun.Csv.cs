using PolicyRules.Bulk;
using PolicyRules.Input;

namespace PolicyRules.Screening;

/// <summary>
/// The CSV results file alone: the evaluating threads format each row as UTF-8 bytes
/// (<see cref="CsvRowFormatter"/>, the bytes <see cref="CsvResultSink"/> writes) and count the summary
/// (<see cref="OutcomeTally"/>), so the in-order stage copies bytes, and the statistics, targets and
/// output totals that depend on order. Population-level programmes spill the formatted rows
/// (<see cref="CsvRowSpill"/>), not the rows' values.
/// </summary>
internal sealed partial class ScreeningRun
{
    private ScreeningSummary ScreenToCsv(IProfileReader input, Dictionary<long, int>?[]? ranks, string outputPath, Stream outputStream, Stream rejectsStream, string rejectsPath, Action<long>? progress)
    {
        var csv = new CsvRowFormatter(_resultColumns, [.. Programmes.Select(p => p.TopLevelRuleNames)], _options.RawText);
        using var output = new CsvRowWriter(outputStream, csv, [.. csv.Ranked.Select(i => Programmes[i].SelectTop!.Value)]);
        using var rejects = RejectsFile.Open(rejectsStream);
        using var spill = Ranked && ranks is null ? new CsvRowSpill(Programmes, _resultColumns, csv.Ranked, outputPath) : null;
        var rowRanks = new int?[csv.Ranked.Length];
        var loop = new RecordLoop<ScreenedRow>
        {
            NewSlot = () => NewSlot(csv),
            NewEvaluator = () => NewEvaluator(count: true, csv),
            Parallelism = Parallelism,
            FailFast = _options.FailFast,
            Progress = progress,
            UniqueIdColumn = Schema.IdField.Name,
            Retract = _retracted.Add,
            Accept = (record, index, row) => AcceptCsv(record, index, row, ranks, spill, output, csv.Ranked, rowRanks),
            Reject = (record, column, reason) => RejectsFile.Write(rejects, record, column, reason, _options.RawText), // the CSV results hold no rejects
        };
        var counts = loop.Run(input);
        spill?.Finish(_statistics, _targets, output, _outputSums, csv.NewRow());
        var summary = Summarise(counts, rejectsPath);
        output.Dispose();
        rejects.Dispose();
        return summary;
    }

    /// <summary>The in-order stage of one readable, evaluated row whose CSV bytes are ready.</summary>
    private void AcceptCsv(ProfileRecord record, long index, ScreenedRow row, Dictionary<long, int>?[]? ranks, CsvRowSpill? spill, CsvRowWriter output, int[] ranked, int?[] rowRanks)
    {
        if (_statistics is not null || _targets is not null)
        {
            Observe(record, index, row, ranks);
        }

        // Output totals in input order; a population-level programme's count the selected: at the end when spilled.
        for (var i = 0; i < Programmes.Count; i++)
        {
            var columns = _resultColumns[i];
            if (columns.Outputs.Length == 0 || (columns.HasRank && spill is not null))
            {
                continue;
            }

            var selected = !columns.HasRank || Rank(ranks, i, record.Row) <= Programmes[i].SelectTop;
            for (var k = 0; k < columns.Outputs.Length; k++)
            {
                _outputSums[columns.OutputOffset + k].Add(selected ? row.Outputs[columns.OutputOffset + k] : null);
            }
        }

        if (spill is not null)
        {
            spill.Add(record.Id, row.Csv!, row);
            return;
        }

        for (var hole = 0; hole < ranked.Length; hole++)
        {
            rowRanks[hole] = Rank(ranks, ranked[hole], record.Row);
        }

        output.Write(row.Csv!, rowRanks);
    }

    /// <summary>The statistics and targets of one row, as <see cref="Accept"/> counts them.</summary>
    private void Observe(ProfileRecord record, long index, ScreenedRow row, Dictionary<long, int>?[]? ranks)
    {
        for (var i = 0; i < Programmes.Count; i++)
        {
            var programme = Programmes[i];
            var failed = row.Failed[i];
            var isEligible = failed.Count == 0;
            var selected = Rank(ranks, i, record.Row) <= programme.SelectTop;
            _rowEligible[i] = programme.SelectTop is null ? isEligible : selected;
            _rowFailed[i] = failed.Count;
            _statistics?.Add(i, isEligible, failed.Count, failed.Last, row.Scores[i], row.Classes[i], selected);
        }

        _statistics?.AddToPool(record.Record!, row.Failed, index, row.PoolEntry);
        _targets?.Add(record.Record!, record.Id, _rowEligible, row.Eligible, _rowFailed, index, row.TargetEntries);
    }

    /// <summary>A row's rank in programme <paramref name="i"/> from a first ranking pass; null when there was none or it is not ranked.</summary>
    private static int? Rank(Dictionary<long, int>?[]? ranks, int i, long row) =>
        ranks?[i] is { } programmeRanks && programmeRanks.TryGetValue(row, out var rank) ? rank : null;
}
