using PolicyRules.Compilation;

namespace PolicyRules.Screening;

/// <summary>
/// <see cref="PopulationSpill"/> for rows already formatted as CSV (<see cref="CsvRowFormatter"/>): while
/// the rows are read each goes, as its bytes with its holes, to a temporary file beside the output
/// (deleted on close), and only what ranking needs stays in memory (<see cref="RankedCandidates"/>);
/// at the end the candidates are ranked and the rows copied to the results with their holes filled, in
/// input order. The input is read once, memory holds no rows, and the end is copying bytes.
/// </summary>
/// <remarks>
/// A row is spilled compactly (<see cref="SpilledRow"/>): each programme's cells by their number in that
/// programme's <see cref="SegmentTable"/> when it has one, so a million rows of ~780 bytes spill 83 MB, not
/// 780 MB: writing a file is a copy into the system's cache, and that copy, and reading it back at the end
/// (on one thread, after every row is read), cost 1.3–1.6 s of an all-programme screen's CPU (benchmarks/README.md,
/// sixteenth session).
/// </remarks>
internal sealed class CsvRowSpill : IDisposable
{
    private const int BufferSize = 1 << 20;

    /// <summary>The strings all tables keep together, at most, and their bytes: ~8 MB of the run's memory in the worst case.</summary>
    private const int TableEntries = 1 << 15;

    private const int TableBytes = 1 << 22;

    private readonly IReadOnlyList<CompiledProgramme> _programmes;
    private readonly ResultColumns[] _columns;
    private readonly int[] _ranked;
    private readonly RankedCandidates _candidates;
    private readonly SegmentTable[] _tables;
    private readonly SpilledRow _record = new();
    private readonly FileStream _file;

    public CsvRowSpill(IReadOnlyList<CompiledProgramme> programmes, ResultColumns[] columns, int[] ranked, string? outputPath)
    {
        _programmes = programmes;
        _columns = columns;
        _ranked = ranked;
        _candidates = new RankedCandidates(programmes.Select(p => p.SelectTop is not null));
        var capacity = Math.Min(SegmentTable.DefaultCapacity, TableEntries / Math.Max(1, programmes.Count));
        var budget = Math.Min(SegmentTable.DefaultBudget, TableBytes / Math.Max(1, programmes.Count));
        _tables = [.. programmes.Select(_ => new SegmentTable(capacity, budget))];
        _file = Output.SpillFiles.OpenBeside(outputPath, BufferSize, "ranking");
    }

    /// <summary>
    /// Spills a written row: its bytes (the id, then each programme's cells, by number when its table keeps them),
    /// and per hole the row's key among its programme's candidates (-1: not eligible, never ranked), the outputs
    /// as written when selected and, for a candidate, their values (the totals count the selected).
    /// </summary>
    public void Add(string id, CsvRow row, ScreenedRow screened)
    {
        var record = _record;
        record.Reset();
        var bytes = row.Bytes.AsSpan(0, row.Length);
        var segments = row.Segments;
        record.WriteNumber(row.Length);
        record.WriteBytes(bytes[..segments[0]]);
        for (var p = 0; p < _tables.Length; p++)
        {
            var cells = bytes[segments[p]..segments[p + 1]];
            var number = _tables[p].Number(cells);
            record.WriteNumber(number + 1); // 0: written out
            if (number < 0)
            {
                record.WriteBytes(cells);
            }
        }

        for (var hole = 0; hole < _ranked.Length; hole++)
        {
            var i = _ranked[hole];
            var key = screened.Eligible[i] ? _candidates.Add(i, screened.Scores[i] ?? 0m, id) : -1;
            record.WriteNumber(row.Holes[hole]);
            record.WriteNumber(key + 1);
            record.WriteBytes(row.Award(hole));
            if (key >= 0)
            {
                var columns = _columns[i];
                for (var k = 0; k < columns.Outputs.Length; k++)
                {
                    record.WriteOutput(screened.Outputs[columns.OutputOffset + k]);
                }
            }
        }

        record.WriteTo(_file);
    }

    /// <summary>Ranks the candidates and writes every spilled row, in input order, with its rank, selection and (when selected) outputs.</summary>
    public void Finish(StatisticsCollector? statistics, Targets.TargetCollector? targets, CsvRowWriter output, OutputSum[] outputSums, CsvRow row)
    {
        var ranks = new int[_ranked.Length][];
        for (var hole = 0; hole < _ranked.Length; hole++)
        {
            var i = _ranked[hole];
            ranks[hole] = _candidates.Rank(i);
            statistics?.CountSelected(i, Math.Min(ranks[hole].Length, (long)_programmes[i].SelectTop!.Value));
            targets?.Selected(i, ranks[hole]);
        }

        _file.Flush();
        var end = _file.Position; // once: asking the file for its length is a system call
        _file.Position = 0;
        var rowRanks = new int?[_ranked.Length];
        var record = _record;
        while (_file.Position < end)
        {
            record.ReadFrom(_file);
            var bytes = row.Load(record.ReadNumber());
            var at = record.ReadBytes(bytes);
            for (var p = 0; p < _tables.Length; p++)
            {
                var number = record.ReadNumber() - 1;
                at += number < 0 ? record.ReadBytes(bytes[at..]) : Copy(_tables[p][number], bytes[at..]);
            }

            if (at != bytes.Length)
            {
                throw new InvalidDataException($"A spilled row read back as {at} bytes where {bytes.Length} were spilled. / 暂存的一行读回 {at} 字节，写入时为 {bytes.Length} 字节。");
            }

            for (var hole = 0; hole < _ranked.Length; hole++)
            {
                var i = _ranked[hole];
                row.Holes[hole] = record.ReadNumber();
                var key = record.ReadNumber() - 1;
                record.ReadBytes(row.LoadAward(hole, record.PeekLength()));
                rowRanks[hole] = key >= 0 ? ranks[hole][key] : null;
                if (key < 0)
                {
                    continue;
                }

                var selected = rowRanks[hole] <= _programmes[i].SelectTop;
                var columns = _columns[i];
                for (var k = 0; k < columns.Outputs.Length; k++)
                {
                    var value = record.ReadOutput();
                    if (selected)
                    {
                        outputSums[columns.OutputOffset + k].Add(value); // a population-level programme awards the selected
                    }
                }
            }

            output.Write(row, rowRanks);
        }
    }

    private static int Copy(ReadOnlySpan<byte> from, Span<byte> to)
    {
        from.CopyTo(to);
        return from.Length;
    }

    public void Dispose() => _file.Dispose(); // deletes the file
}
