using System.Buffers;
using System.Globalization;
using System.Text.Unicode;
using PolicyRules.Input;

namespace PolicyRules.DuckDb;

/// <summary>
/// One byte-level pass over a CSV file before DuckDB reads it, refusing what DuckDB's reader would take
/// differently from ours (<see cref="ProfileCsvReader"/>): text that is not UTF-8 (a GB18030 file), a
/// bare CR line ending, an empty line (a row to us, skipped by DuckDB) and a record longer than
/// <see cref="CsvRecordCutter.MaxRecordChars"/> (a reject to us), spaces around an unquoted cell (trimmed by
/// us, kept by DuckDB), records ended by both LF and CRLF in one file (read by us, not by DuckDB: it fails
/// "sniffing" such a file), a record whose cells are more or fewer than the header's (a reject to us; DuckDB
/// stops at it without naming it). It also counts the data records, so
/// a row DuckDB did not return is an error, never a silent loss, and measures the longest record, so
/// DuckDB's line limit (which sizes its read buffers) need be no larger than the file asks.
/// Quotes toggle as in RFC 4180.
/// </summary>
internal static class CsvPreflight
{
    /// <summary>DuckDB's own <c>max_line_size</c> (2 MiB); its CSV buffers are a multiple of it.</summary>
    internal const long DuckDbDefaultMaxLineSize = 2 * 1024 * 1024;

    /// <summary>What the pass found: the data records (after the header) and the longest record, header included, in bytes with its line break.</summary>
    internal readonly record struct Shape(long Records, long LongestRecordBytes)
    {
        /// <summary>
        /// The <c>max_line_size</c> for DuckDB: its default, or the longest record and a margin when that
        /// is longer (never over the preflight's own limit and the margin). A larger value than needed
        /// costs memory (DuckDB's read buffers grow with it: 32 MB gave a 1.3 GB peak on a 500 MB file).
        /// </summary>
        public long MaxLineSize => Math.Max(DuckDbDefaultMaxLineSize, LongestRecordBytes + 1024);
    }


    private static readonly SearchValues<byte> Special = SearchValues.Create("\" \r\n"u8);

    /// <summary>The number of data records (after the header) and the longest record.</summary>
    /// <exception cref="ProfileInputException">The file cannot be read by DuckDB as our readers read it; the error names the line and what to do.</exception>
    public static Shape Measure(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        var carry = 0;
        long line = 1, records = 0, offset = 0, recordStart = 0, longest = 0;
        var inQuotes = false;
        var quoteOpensCell = false; // the last opening quote began a cell
        var lineEnd = 0; // of the records before: 1 LF, 2 CRLF; 0 before the first
        long lineEndFrom = 0; // the first line that ended so
        var lineHasBytes = false;
        long commas = 0; // outside quotes, in the current record
        long quoteLine = 0; // where the last opening quote stands
        long headerCells = -1;
        var first = true;
        byte previous = (byte)'\n'; // the byte before the current one: the start of the file is a line start
        int read;
        while ((read = stream.Read(buffer, carry, buffer.Length - carry)) > 0 || carry > 0)
        {
            var filled = carry + read;
            var atEnd = read == 0;
            var span = buffer.AsSpan(0, filled);
            if (first && span.StartsWith("\uFEFF"u8))
            {
                first = false;
                span = span[3..];
                offset = 3;
                recordStart = 3;
            }

            first = false;
            // Validate all complete UTF-8 sequences; keep up to 3 trailing bytes of an incomplete one.
            var complete = atEnd ? span.Length : CompleteLength(span);
            if (!Utf8.IsValid(span[..complete]))
            {
                // Named at the line of the first byte that is not UTF-8, not where this read began.
                throw Refused(path, line + span[..FirstInvalid(span[..complete])].Count((byte)'\n'), "the file is not UTF-8 (GB18030 or UTF-16?): DuckDB reads UTF-8 only. Screen it with --engine dotnet, which detects the encoding, or save it as CSV UTF-8",
                    "文件不是 UTF-8 编码（GB18030 或 UTF-16？）：DuckDB 只读 UTF-8。请使用 --engine dotnet（自动识别编码）筛查，或另存为 CSV UTF-8");
            }

            var chunk = span[..complete];
            var position = 0;
            while (position < chunk.Length)
            {
                var next = chunk[position..].IndexOfAny(Special);
                if (next < 0)
                {
                    commas += inQuotes ? 0 : chunk[position..].Count((byte)',');
                    lineHasBytes |= chunk.Length > position;
                    if (chunk.Length > position)
                    {
                        previous = chunk[^1];
                    }

                    position = chunk.Length;
                    break;
                }

                lineHasBytes |= next > 0;
                if (next > 0)
                {
                    commas += inQuotes ? 0 : chunk.Slice(position, next).Count((byte)',');
                    previous = chunk[position + next - 1];
                }

                position += next;
                var b = chunk[position];
                if (b == (byte)' ')
                {
                    if (inQuotes)
                    {
                        if (position + 2 >= chunk.Length && !atEnd)
                        {
                            break; // decide with the next chunk
                        }

                        // Inside quotes our reader keeps outer spaces on text and refuses them on numbers;
                        // the query sees no quotes and would trim them, so a quoted cell starting or ending
                        // in a space is refused as an unquoted one is.
                        var closes = position + 1 < chunk.Length && chunk[position + 1] == (byte)'"'
                            && (position + 2 >= chunk.Length || chunk[position + 2] is (byte)',' or (byte)'\r' or (byte)'\n');
                        if ((quoteOpensCell && previous == (byte)'"') || closes)
                        {
                            throw Refused(path, line, "a quoted cell starts or ends with a space: our reader keeps it on text and refuses it on numbers, the query cannot tell. Screen the file with --engine dotnet, or remove the spaces",
                                "有带引号的单元格以空格开头或结尾：本程序对文本保留、对数值拒收，查询无法区分。请使用 --engine dotnet 筛查，或删除这些空格");
                        }

                        previous = b;
                        position++;
                        continue;
                    }

                    if (position + 1 >= chunk.Length && !atEnd)
                    {
                        break; // decide with the next chunk
                    }

                    var after = position + 1 < chunk.Length ? chunk[position + 1] : (byte)'\n';
                    if (previous is (byte)',' or (byte)'\n' or (byte)'"' || after is (byte)',' or (byte)'\r' or (byte)'\n' or (byte)'"')
                    {
                        throw Refused(path, line, "a cell has spaces around it outside quotes: our reader trims them, DuckDB keeps them. Screen the file with --engine dotnet, or remove the spaces",
                            "有单元格在引号外带有首尾空格：本程序会去掉，DuckDB 则保留。请使用 --engine dotnet 筛查，或删除这些空格");
                    }

                    lineHasBytes = true;
                    previous = b;
                    position++;
                    continue;
                }

                if (b == (byte)'"')
                {
                    if (inQuotes)
                    {
                        if (position + 1 >= chunk.Length && !atEnd)
                        {
                            break; // decide with the next chunk
                        }

                        // A quote inside quotes closes the cell or doubles (""); anything else after it is text our reader rejects and DuckDB stops at.
                        if (position + 1 < chunk.Length && chunk[position + 1] is not ((byte)',' or (byte)'\r' or (byte)'\n' or (byte)'"' or (byte)' '))
                        {
                            throw Refused(path, line, "text follows the closing quote of a cell (\"7\"x): our reader rejects the row, DuckDB cannot read the file. Screen it with --engine dotnet, or quote the whole cell / "
                                + "有单元格在右引号之后还有文本（\"7\"x）：本程序拒收该行，DuckDB 则无法读取整个文件。请使用 --engine dotnet 筛查，或将整个单元格放入引号内");
                        }
                    }
                    else
                    {
                        quoteLine = line;
                    }

                    quoteOpensCell = !inQuotes && previous is (byte)',' or (byte)'\n';
                    inQuotes = !inQuotes;
                    lineHasBytes = true;
                    previous = b;
                    position++;
                    continue;
                }

                if (b == (byte)'\r')
                {
                    if (position + 1 >= chunk.Length && !atEnd)
                    {
                        break; // decide with the next chunk
                    }

                    if (position + 1 >= chunk.Length || chunk[position + 1] != (byte)'\n')
                    {
                        throw Refused(path, line, "a line ends in a bare CR (old Mac line endings), which DuckDB does not read as our reader does: screen it with --engine dotnet or save it with LF or CRLF line endings",
                            "有行以单独的 CR 结尾（旧 Mac 换行），DuckDB 与本程序读法不同：请使用 --engine dotnet 筛查，或以 LF 或 CRLF 换行另存");
                    }

                    previous = b;
                    position++;
                    continue; // the LF that follows ends the line
                }

                // LF
                var crlf = previous == (byte)'\r';
                previous = b;
                position++;
                line++;
                if (inQuotes)
                {
                    continue; // a line break inside a quoted cell
                }

                if (!lineHasBytes)
                {
                    throw Refused(path, line - 1, "the line is empty: our reader rejects it as a row and DuckDB skips it. Screen the file with --engine dotnet or delete the empty line",
                        "该行为空行：本程序将其作为一行拒收，DuckDB 则跳过。请使用 --engine dotnet 筛查，或删除空行");
                }

                if (lineEnd == 0)
                {
                    (lineEnd, lineEndFrom) = (crlf ? 2 : 1, line - 1);
                }
                else if (lineEnd != (crlf ? 2 : 1))
                {
                    var (was, now) = crlf ? ("LF", "CRLF") : ("CRLF", "LF");
                    throw Refused(path, line - 1, string.Create(CultureInfo.InvariantCulture,
                        $"the line ends in {now} where the lines from line {lineEndFrom} end in {was}: DuckDB cannot read a file with both (our reader can). Screen it with --engine dotnet, or save it with one kind of line end / 该行以 {now} 结尾，而第 {lineEndFrom} 行起各行以 {was} 结尾：DuckDB 无法读取混用两种换行符的文件（本程序可以）。请使用 --engine dotnet 筛查，或统一换行符后另存"));
                }

                headerCells = CheckCells(path, line - 1, headerCells, commas + 1);
                commas = 0;
                var end = offset + position;
                CheckLength(path, line - 1, end - recordStart);
                longest = Math.Max(longest, end - recordStart);
                recordStart = end;
                records++;
                lineHasBytes = false;
            }

            offset += position;
            carry = span.Length - position;
            span[position..].CopyTo(buffer);
            if (atEnd)
            {
                break;
            }
        }

        if (inQuotes)
        {
            throw Refused(path, quoteLine, "a quote opened here is never closed: our reader rejects the row, DuckDB cannot read the file. Screen it with --engine dotnet, or close the quote / "
                + "此处的左引号没有闭合：本程序拒收该行，DuckDB 则无法读取整个文件。请使用 --engine dotnet 筛查，或补上右引号");
        }

        if (lineHasBytes)
        {
            CheckCells(path, line, headerCells, commas + 1);
            CheckLength(path, line, offset - recordStart);
            longest = Math.Max(longest, offset - recordStart);
            records++; // the last record, without a final line break
        }

        return new Shape(Math.Max(records - 1, 0), longest); // the header is not a record
    }

    /// <summary>Where the first byte of <paramref name="span"/> that does not decode as UTF-8 stands.</summary>
    private static int FirstInvalid(ReadOnlySpan<byte> span)
    {
        var chars = new char[span.Length]; // once, on the way to refusing the file
        Utf8.ToUtf16(span, chars, out var read, out _, replaceInvalidSequences: false);
        return read;
    }

    /// <summary>The length of <paramref name="span"/> without a UTF-8 sequence cut at its end.</summary>
    private static int CompleteLength(ReadOnlySpan<byte> span)
    {
        for (var back = 1; back <= Math.Min(3, span.Length); back++)
        {
            var b = span[^back];
            if ((b & 0xC0) != 0x80)
            {
                var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                return needed > back ? span.Length - back : span.Length;
            }
        }

        return span.Length;
    }

    /// <summary>The header's number of cells, once a record's <paramref name="cells"/> are the header's (or it is the header).</summary>
    private static long CheckCells(string path, long line, long headerCells, long cells)
    {
        // Our reader rejects such a row and reads on; DuckDB stops at it ("Error when sniffing file", no row named).
        if (headerCells >= 0 && cells != headerCells)
        {
            throw Refused(path, line, string.Create(CultureInfo.InvariantCulture,
                $"the row has {cells} cell(s) but the header has {headerCells}: our reader rejects the row, DuckDB cannot read the file. Screen it with --engine dotnet, which rejects the row and reads the rest, or mend the row / 该行有 {cells} 个单元格，表头有 {headerCells} 个：本程序拒收该行，DuckDB 则无法读取整个文件。请使用 --engine dotnet 筛查（拒收该行并读取其余各行），或修正该行"));
        }

        return cells;
    }

    private static void CheckLength(string path, long line, long bytes)
    {
        // Counted in bytes, so a record of the limit's characters in Chinese is refused too: refusing is safe, reading differently is not.
        if (bytes > CsvRecordCutter.MaxRecordChars)
        {
            throw Refused(path, line, string.Create(CultureInfo.InvariantCulture, $"a record of {bytes} bytes, over the limit of {CsvRecordCutter.MaxRecordChars} for a row: our reader rejects it, DuckDB would read it. Screen the file with --engine dotnet"),
                string.Create(CultureInfo.InvariantCulture, $"有一条记录长 {bytes} 字节，超过每行上限 {CsvRecordCutter.MaxRecordChars}：本程序将其拒收，DuckDB 会读入。请使用 --engine dotnet 筛查"));
        }
    }

    private static ProfileInputException Refused(string path, long line, string english, string chinese) => Refused(path, line, $"{english} / {chinese}");

    /// <summary>A refusal whose message holds both halves, "English / 中文".</summary>
    private static ProfileInputException Refused(string path, long line, string message) =>
        new([new InputError(path, 0, (int)Math.Min(line, int.MaxValue), "(file)", message)]);
}
