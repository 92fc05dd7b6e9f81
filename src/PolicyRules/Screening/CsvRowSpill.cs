using System.Buffers.Binary;
using PolicyRules.Compilation;

namespace PolicyRules.Screening;

/// <summary>
/// <see cref="PopulationSpill"/> for rows already formatted as CSV (<see cref="CsvRowFormatter"/>): while
/// the rows are read each goes, as its bytes with its holes, to a temporary file beside the output
/// (deleted on close), and only what ranking needs stays in memory (<see cref="RankedCandidates"/>);
/// at the end the candidates are ranked and the rows copied to the results with their holes filled, in
/// input order. The input is read once, memory holds no rows, and the end is copying bytes.
/// </summary>
internal sealed class CsvRowSpill : IDisposable
{
    private const int BufferSize = 1 << 20;

    private readonly IReadOnlyList<CompiledProgramme> _programmes;
    private readonly ResultColumns[] _columns;
    private readonly int[] _ranked;
    private readonly RankedCandidates _candidates;
    private readonly FileStream _file;

    public CsvRowSpill(IReadOnlyList<CompiledProgramme> programmes, ResultColumns[] columns, int[] ranked, string? outputPath)
    {
        _programmes = programmes;
        _columns = columns;
        _ranked = ranked;
        _candidates = new RankedCandidates(programmes.Select(p => p.SelectTop is not null));
        _file = Output.SpillFiles.OpenBeside(outputPath, BufferSize, "ranking");
    }

    /// <summary>
    /// Spills a written row: its bytes, and per hole the row's key among its programme's candidates
    /// (-1: not eligible, never ranked), the outputs as written when selected and, for a candidate, their values (the totals count the selected).
    /// </summary>
    public void Add(string id, CsvRow row, ScreenedRow screened)
    {
        Span<byte> number = stackalloc byte[16];
        WriteInt(number, row.Length);
        _file.Write(row.Bytes, 0, row.Length);
        for (var hole = 0; hole < _ranked.Length; hole++)
        {
            var i = _ranked[hole];
            var key = screened.Eligible[i] ? _candidates.Add(i, screened.Scores[i] ?? 0m, id) : -1;
            WriteInt(number, row.Holes[hole]);
            WriteInt(number, key);
            var award = row.Award(hole);
            WriteInt(number, award.Length);
            _file.Write(award);
            if (key >= 0)
            {
                var columns = _columns[i];
                for (var k = 0; k < columns.Outputs.Length; k++)
                {
                    var value = screened.Outputs[columns.OutputOffset + k];
                    _file.WriteByte(value is null ? (byte)0 : (byte)1);
                    if (value is { } v)
                    {
                        decimal.GetBits(v, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(number));
                        _file.Write(number);
                    }
                }
            }
        }
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
        Span<byte> number = stackalloc byte[16];
        var rowRanks = new int?[_ranked.Length];
        var values = new decimal?[_ranked.Length][];
        for (var hole = 0; hole < _ranked.Length; hole++)
        {
            values[hole] = new decimal?[_columns[_ranked[hole]].Outputs.Length];
        }

        while (_file.Position < end)
        {
            _file.ReadExactly(row.Load(ReadInt(number)));
            for (var hole = 0; hole < _ranked.Length; hole++)
            {
                var i = _ranked[hole];
                row.Holes[hole] = ReadInt(number);
                var key = ReadInt(number);
                _file.ReadExactly(row.LoadAward(hole, ReadInt(number)));
                rowRanks[hole] = key >= 0 ? ranks[hole][key] : null;
                if (key < 0)
                {
                    continue;
                }

                var selected = rowRanks[hole] <= _programmes[i].SelectTop;
                for (var k = 0; k < values[hole].Length; k++)
                {
                    decimal? value = null;
                    if (_file.ReadByte() == 1)
                    {
                        _file.ReadExactly(number);
                        value = new decimal(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(number));
                    }

                    if (selected)
                    {
                        outputSums[_columns[i].OutputOffset + k].Add(value); // a population-level programme awards the selected
                    }
                }
            }

            output.Write(row, rowRanks);
        }
    }

    private void WriteInt(Span<byte> scratch, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(scratch, value);
        _file.Write(scratch[..4]);
    }

    private int ReadInt(Span<byte> scratch)
    {
        _file.ReadExactly(scratch[..4]);
        return BinaryPrimitives.ReadInt32LittleEndian(scratch);
    }

    public void Dispose() => _file.Dispose(); // deletes the file
}
