using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text;
using PolicyRules.Input;

namespace PolicyRules.DuckDb;

/// <summary>
/// One pass over a CSV file deciding whether DuckDB may read some of its columns typed: true only when
/// every cell of those columns is a plain text of its kind (<see cref="PlainColumn.Admits"/>), the file
/// is strict RFC 4180 (a quote only around a whole cell, <c>""</c> inside one; CRLF or LF line ends),
/// and every record has the header's number of cells. Anything else — a reject, an unusual but
/// readable text, an odd quote — answers false, and the run takes the query that reads every column as
/// text and checks it, which handles all of them: this pass may refuse too much, never too little. It
/// stops at the first such cell, so a file that needs the checked query pays little for asking.
/// </summary>
/// <remarks>
/// The commas, quotes and line ends of 32 bytes at a time are found as a bit mask (the way Sep and
/// DuckDB cut CSV), so a cell costs a few instructions: a byte-by-byte search per cell took 1 s a
/// million 88-column rows, as long as the query's own reading.
/// </remarks>
internal sealed class PlainCells
{
    private const int Block = 32;

    private readonly IReadOnlyDictionary<string, PlainColumn> _typed;
    private PlainColumn[]? _columns; // null while reading the header
    private int[] _textUntil = []; // by column: the first typed column from it on, or the last column, whichever comes first
    private readonly List<string> _names = [];
    private int _column;
    private int _cellStart; // where the current cell starts, in the buffer
    private bool _quoted; // the current cell is quoted
    private bool _inQuotes;
    private int _quote = -1; // a quote inside a quoted cell, closing it unless another follows at once
    private bool _afterCr; // a CR outside quotes ended the last cell: an LF must follow at once, where the next cell would start

    private PlainCells(IReadOnlyDictionary<string, PlainColumn> typed) => _typed = typed;

    /// <summary>
    /// Whether every cell of the columns named in <paramref name="typed"/> is plain. A name the header
    /// lacks, or repeats (case aside), answers false.
    /// </summary>
    public static bool Check(string path, IReadOnlyDictionary<string, PlainColumn> typed, CancellationToken cancel)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Check(stream, typed, 1 << 20, cancel);
    }

    /// <summary>As <see cref="Check(string, IReadOnlyDictionary{string, PlainColumn}, CancellationToken)"/>, over a stream read <paramref name="bufferSize"/> bytes at a time at first (a test seam: cells across reads).</summary>
    internal static bool Check(Stream stream, IReadOnlyDictionary<string, PlainColumn> typed, int bufferSize, CancellationToken cancel) =>
        new PlainCells(typed).Scan(stream, bufferSize, cancel);

    private bool Scan(Stream stream, int bufferSize, CancellationToken cancel)
    {
        var buffer = new byte[bufferSize];
        var filled = 0;
        var scanned = 0; // bytes before this have been seen
        var first = true;
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            var keep = _cellStart;
            if (keep > 0)
            {
                buffer.AsSpan(keep, filled - keep).CopyTo(buffer);
                filled -= keep;
                scanned -= keep;
                _cellStart = 0;
                _quote = _quote < 0 ? -1 : _quote - keep;
            }
            else if (filled == buffer.Length)
            {
                if (buffer.Length > 2 * CsvRecordCutter.MaxRecordChars)
                {
                    return false; // a cell longer than any record the readers take: the checked query says so
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = stream.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            if (first && (filled >= 3 || read == 0))
            {
                first = false;
                if (buffer.AsSpan(0, filled).StartsWith("\uFEFF"u8))
                {
                    _cellStart = scanned = 3;
                }
            }

            if (first)
            {
                continue;
            }

            var end = read == 0 ? filled : filled - (filled - scanned) % Block;
            if (!Blocks(buffer, scanned, end, filled))
            {
                return false;
            }

            scanned = end;
            if (read == 0)
            {
                return Finish(buffer.AsSpan(0, filled));
            }
        }
    }

    /// <summary>Every comma, quote, CR and LF in [<paramref name="from"/>, <paramref name="to"/>), in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // run once over a whole file: no time to tier up
    private bool Blocks(byte[] buffer, int from, int to, int filled)
    {
        Span<byte> tail = stackalloc byte[Block];
        for (var at = from; at < to; at += Block)
        {
            uint commas, others;
            if (at + Block <= filled)
            {
                Masks(ref buffer[at], out commas, out others);
            }
            else
            {
                tail.Clear(); // the file's last bytes, padded with zeros, which match nothing
                buffer.AsSpan(at, to - at).CopyTo(tail);
                Masks(ref tail[0], out commas, out others);
            }

            // The common block: commas alone, outside quotes, past the header.
            if (others == 0 && !_inQuotes && !_quoted && !_afterCr && _columns is { } columns)
            {
                if (!Commas(buffer, at, commas, columns))
                {
                    return false;
                }

                continue;
            }

            var mask = commas | others;
            while (mask != 0)
            {
                var p = at + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                // The common event, a comma after an unquoted cell, without the state machine.
                if (buffer[p] == (byte)',' && !_inQuotes && !_quoted && !_afterCr && _columns is { } header && _column < header.Length - 1)
                {
                    ref readonly var column = ref header[_column];
                    if (column.Kind != PlainKind.Text && !column.Admits(buffer.AsSpan(_cellStart, p - _cellStart)))
                    {
                        return false;
                    }

                    _column++;
                    _cellStart = p + 1;
                }
                else if (!Event(buffer, p))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// The commas of a block at <paramref name="at"/> with no quote or line end, outside quotes: those
    /// ending text cells counted, not visited (most of a record's cells); each ending a typed cell checked.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // run once over a whole file: no time to tier up
    private bool Commas(byte[] buffer, int at, uint commas, PlainColumn[] columns)
    {
        var column = _column;
        var cellStart = _cellStart;
        while (commas != 0)
        {
            var text = _textUntil[column] - column; // text cells from this one to the next typed one, or the last column
            if (BitOperations.PopCount(commas) <= text)
            {
                column += BitOperations.PopCount(commas);
                cellStart = at + Block - BitOperations.LeadingZeroCount(commas); // after the block's last comma
                break;
            }

            for (var k = 0; k < text; k++)
            {
                cellStart = at + BitOperations.TrailingZeroCount(commas) + 1;
                commas &= commas - 1;
            }

            column += text;
            if (column == columns.Length - 1)
            {
                return false; // a comma after the last column's cell: more cells than the header
            }

            var p = at + BitOperations.TrailingZeroCount(commas);
            commas &= commas - 1;
            if (!columns[column].Admits(buffer.AsSpan(cellStart, p - cellStart)))
            {
                return false;
            }

            column++;
            cellStart = p + 1;
        }

        _column = column;
        _cellStart = cellStart;
        return true;
    }

    /// <summary>The commas of 32 bytes, and their quotes, CRs and LFs, as bit masks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Masks(ref byte at, out uint commas, out uint others)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            var v = Vector256.LoadUnsafe(ref at);
            commas = Vector256.Equals(v, Vector256.Create((byte)',')).ExtractMostSignificantBits();
            others = (Vector256.Equals(v, Vector256.Create((byte)'"')) | Vector256.Equals(v, Vector256.Create((byte)'\n'))
                | Vector256.Equals(v, Vector256.Create((byte)'\r'))).ExtractMostSignificantBits();
            return;
        }

        Masks128(ref at, out var lowCommas, out var lowOthers);
        Masks128(ref Unsafe.Add(ref at, 16), out var highCommas, out var highOthers);
        commas = lowCommas | (highCommas << 16);
        others = lowOthers | (highOthers << 16);
    }

    private static void Masks128(ref byte at, out uint commas, out uint others)
    {
        var v = Vector128.LoadUnsafe(ref at);
        commas = Vector128.Equals(v, Vector128.Create((byte)',')).ExtractMostSignificantBits();
        others = (Vector128.Equals(v, Vector128.Create((byte)'"')) | Vector128.Equals(v, Vector128.Create((byte)'\n'))
            | Vector128.Equals(v, Vector128.Create((byte)'\r'))).ExtractMostSignificantBits();
    }

    /// <summary>A comma, quote, CR or LF at <paramref name="p"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // run once over a whole file: no time to tier up
    private bool Event(byte[] buffer, int p)
    {
        var b = buffer[p];
        if (_afterCr)
        {
            // CRLF ends the record; a CR followed by anything else is not a line end our reader and DuckDB share.
            if (b != (byte)'\n' || p != _cellStart)
            {
                return false;
            }

            _afterCr = false;
            _cellStart = p + 1;
            return true;
        }

        if (_inQuotes)
        {
            if (b == (byte)'"')
            {
                if (_quote < 0)
                {
                    _quote = p;
                    return true;
                }

                if (p != _quote + 1)
                {
                    return false; // text between a closing quote and the next quote
                }

                _quote = -1; // "" inside a quoted cell
                return true;
            }

            if (_quote < 0)
            {
                return true; // a comma or a line break inside a quoted cell
            }

            if (p != _quote + 1)
            {
                return false; // text after the closing quote
            }

            _inQuotes = false;
            _quote = -1;
        }
        else if (b == (byte)'"')
        {
            if (p != _cellStart || Kind != PlainKind.Text)
            {
                return false; // a quote inside an unquoted cell, or around a number or a date
            }

            _inQuotes = _quoted = true;
            return true;
        }

        return EndCell(buffer.AsSpan(_cellStart, p - _cellStart), b, p);
    }

    private PlainKind Kind => _columns is null ? PlainKind.Text : _columns[_column].Kind;

    /// <summary>The current cell ends at <paramref name="p"/>, with a comma, CR or LF (<paramref name="end"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // run once over a whole file: no time to tier up
    private bool EndCell(ReadOnlySpan<byte> cell, byte end, int p)
    {
        if (_columns is null)
        {
            _names.Add(_quoted ? Encoding.UTF8.GetString(cell[1..^1]).Replace("\"\"", "\"", StringComparison.Ordinal) : Encoding.UTF8.GetString(cell));
        }
        else if (!_quoted && _columns[_column].Kind != PlainKind.Text && !_columns[_column].Admits(cell))
        {
            return false;
        }

        _quoted = false;
        _cellStart = p + 1;
        if (end == (byte)',')
        {
            _column++;
            return _columns is null || _column < _columns.Length;
        }

        _afterCr = end == (byte)'\r';

        return EndRecord();
    }

    private bool EndRecord()
    {
        if (_columns is null)
        {
            // Names that differ only in case are one name to DuckDB, which might then type another column than the one checked.
            if (_names.Distinct(StringComparer.OrdinalIgnoreCase).Count() != _names.Count || _typed.Keys.Any(k => !_names.Contains(k, StringComparer.Ordinal)))
            {
                return false;
            }

            _columns = [.. _names.Select(n => _typed.TryGetValue(n, out var c) ? c : PlainColumn.Text)];
            _textUntil = new int[_columns.Length];
            var until = _columns.Length - 1;
            for (var k = _columns.Length - 1; k >= 0; k--)
            {
                until = _columns[k].Kind == PlainKind.Text ? until : k;
                _textUntil[k] = until;
            }
        }
        else if (_column != _columns.Length - 1)
        {
            return false; // fewer cells than the header
        }

        _column = 0;
        return true;
    }

    /// <summary>The end of the file: the last record may lack its line break.</summary>
    private bool Finish(ReadOnlySpan<byte> all)
    {
        if (_afterCr || (_inQuotes && _quote != all.Length - 1))
        {
            return false; // a bare CR at the end, or a quote never closed
        }

        if (_inQuotes)
        {
            _inQuotes = false;
        }
        else if (_cellStart >= all.Length && _column == 0)
        {
            return _columns is not null; // the last record ended with its line break
        }

        return EndCell(all[_cellStart..], (byte)'\n', all.Length) && _columns is not null;
    }
}
