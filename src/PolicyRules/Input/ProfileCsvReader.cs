// Longer than ~400 lines on purpose: one streaming reader: the header check, Sep's rows, the cell-to-field loop and the deferred parse the workers run share its state row by row.
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using nietras.SeparatedValues;
using PolicyRules.Model;

namespace PolicyRules.Input;

/// <summary>One data row of a profile CSV: the profile, or why it could not be read.</summary>
/// <param name="Row">1-based data row (0, shown as the header, for an error in the header).</param>
/// <param name="Line">1-based line the row starts on.</param>
/// <param name="Id">The row's id cell, when it has one (for the rejects file).</param>
/// <param name="Record">The record read (an <see cref="EnterpriseProfile"/> or a <see cref="PersonProfile"/>); null when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Every unreadable or missing needed value of the row.</param>
public sealed record ProfileRecord(int Row, int Line, string Id, object? Record, ImmutableArray<InputError> Errors)
{
    /// <summary>The enterprise read, when the input holds enterprises and the row is readable.</summary>
    public EnterpriseProfile? Profile => Record as EnterpriseProfile;

    /// <summary>The person read, when the input holds persons and the row is readable.</summary>
    public PersonProfile? Person => Record as PersonProfile;
}

/// <summary>
/// Streams enterprise (or person) profiles from CSV (header = contract field names, comma-separated, RFC 4180
/// quoting, UTF-8 with or without BOM, GB18030 or UTF-16 (<see cref="InputEncoding"/>), LF, CRLF or CR line endings; a CR or LF inside a quoted cell is
/// part of the cell) with the Sep library. Every data row comes out
/// as a <see cref="ProfileRecord"/>: read, or rejected with row, column and reason — none is dropped.
/// </summary>
public sealed partial class ProfileCsvReader : IProfileReader, IDeferringReader
{
    private readonly SepReader _reader;
    private readonly CsvRecordCutter _cutter;
    private readonly RecordSchema _schema;
    private readonly string _source;
    private readonly FieldSet _required;
    private readonly (ProfileField Field, int Column)[] _columns;
    private readonly int _headerCount;
    private readonly int _idColumn;
    private readonly InputEncoding? _encoding;
    private char[] _scratch = new char[1024]; // the cells of the row being cut (reading thread only)

    private ProfileCsvReader(SepReader reader, CsvRecordCutter cutter, RecordSchema schema, string source, FieldSet required, FieldSet read, InputEncoding? encoding)
    {
        _reader = reader;
        _cutter = cutter;
        _encoding = encoding;
        _schema = schema;
        _source = source;
        _required = required;
        var header = reader.Header;
        _headerCount = header.ColNames.Count;
        var columns = new List<(ProfileField, int)>();
        var missing = new List<InputError>();
        var ignored = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < header.ColNames.Count; i++)
        {
            // Sep leaves quoting to us (see CreateSep), header names included.
            var name = Cell.TryUnquote(header.ColNames[i], out var unquoted) is null ? unquoted.ToString() : header.ColNames[i];
            if (!seen.Add(name))
            {
                missing.Add(new InputError(source, 0, 1, name, $"the column appears twice in the header / 表头中该列重复"));
            }
            else if (schema.TryGetField(name, out var field))
            {
                if (read.Contains(field) || required.Contains(field))
                {
                    columns.Add((field, i));
                }
            }
            else if (schema.TryGetRetired(name, out var retired))
            {
                missing.Add(new InputError(source, 0, 1, name, retired));
            }
            else
            {
                ignored.Add(name);
            }
        }

        var absent = schema.FieldsIn(required).Where(f => !columns.Exists(c => c.Item1 == f)).ToList();
        if (absent.Count > 0)
        {
            // One message when one mistake explains them (separator, letter case, encoding, empty file).
            var names = header.ColNames.Select(n => Cell.TryUnquote(n, out var u) is null ? u.ToString() : n).ToList();
            missing.AddRange(HeaderCheck.Explain(source, names, schema, absent, encoding));
        }

        if (missing.Count > 0)
        {
            throw new ProfileInputException(missing);
        }

        _columns = [.. columns];
        _idColumn = columns.Find(c => c.Item1 == schema.IdField).Item2;
        IgnoredColumns = [.. ignored];
    }

    /// <summary>Header columns that are not contract fields; their values are not read.</summary>
    public ImmutableArray<string> IgnoredColumns { get; }

    /// <summary>
    /// Opens a CSV file. <paramref name="required"/> are the fields the selected programmes read
    /// (plus <c>id</c>): a missing column is fatal, an empty cell rejects its row.
    /// </summary>
    /// <exception cref="ProfileInputException">The header lacks a needed column, repeats one, or has a removed one (the error names its replacement).</exception>
    public static ProfileCsvReader Open(string path, FieldSet required) => Open(path, RecordSchema.Enterprise, required);

    /// <summary>Opens a CSV file of records of <paramref name="schema"/> (enterprises or persons).</summary>
    /// <exception cref="ProfileInputException">The header lacks a needed column, repeats one, or has a removed one (the error names its replacement).</exception>
    public static ProfileCsvReader Open(string path, RecordSchema schema, FieldSet required)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(schema);
        return Open(path, schema, required, ProfileReadOptions.Default);
    }

    /// <summary>Opens a CSV file of records of <paramref name="schema"/> in the encoding <paramref name="options"/> give (detected by default).</summary>
    /// <exception cref="ProfileInputException">The header lacks a needed column or repeats one, or the encoding cannot be told.</exception>
    public static ProfileCsvReader Open(string path, RecordSchema schema, FieldSet required, ProfileReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        return Open(path, schema, required, schema.All, options);
    }

    /// <summary>
    /// Opens a CSV file parsing only the cells of <paramref name="read"/> and <paramref name="required"/>
    /// (and <c>id</c>); the other fields of each record keep their defaults, and their cells are neither
    /// parsed nor checked. This is what screening uses, as with Parquet: a value no selected programme
    /// reads cannot change a result, and parsing it would cost as much as the rest of the row.
    /// </summary>
    /// <exception cref="ProfileInputException">The header lacks a needed column, repeats one, or has a removed one (the error names its replacement).</exception>
    internal static ProfileCsvReader Open(string path, RecordSchema schema, FieldSet required, FieldSet read, ProfileReadOptions options) =>
        Open(File.OpenRead(path), path, schema, required, read, options);

    /// <summary>Reads CSV bytes from <paramref name="stream"/> (which it owns), decoded as <paramref name="options"/> say.</summary>
    internal static ProfileCsvReader Open(Stream stream, string source, RecordSchema schema, FieldSet required, FieldSet read, ProfileReadOptions options)
    {
        TextReader text;
        InputEncoding encoding;
        try
        {
            (text, encoding) = TextDecoding.Open(stream, source, options.Encoding);
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        try
        {
            return Create(new CsvRecordCutter(text), schema, source, required, read, encoding);
        }
        catch
        {
            text.Dispose();
            throw;
        }
    }

    /// <summary>Reads CSV from a reader (tests, pipes); <paramref name="sourceName"/> names it in errors.</summary>
    public static ProfileCsvReader Open(TextReader text, string sourceName, FieldSet required)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        return Create(new CsvRecordCutter(text), RecordSchema.Enterprise, sourceName, required, RecordSchema.Enterprise.All, encoding: null);
    }

    /// <summary>As <see cref="Open(TextReader, string, FieldSet)"/>, with records cut at <paramref name="maxRecordChars"/> (tests lower it).</summary>
    internal static ProfileCsvReader Open(TextReader text, string sourceName, FieldSet required, int maxRecordChars) =>
        Create(new CsvRecordCutter(text, maxRecordChars), RecordSchema.Enterprise, sourceName, required, RecordSchema.Enterprise.All, encoding: null);

    private static ProfileCsvReader Create(CsvRecordCutter cutter, RecordSchema schema, string source, FieldSet required, FieldSet read, InputEncoding? encoding)
    {
        SepReader reader;
        try
        {
            reader = CreateSep().From(cutter);
        }
        catch (ArgumentException ex) when (DuplicateColumn().Match(ex.Message) is { Success: true } duplicate)
        {
            // Sep refuses a repeated header name before we see the header.
            throw new ProfileInputException([new InputError(source, 0, 1, duplicate.Groups["name"].Value, "the column appears twice in the header / 表头中该列重复")]);
        }

        if (cutter.Cuts.TryPeek(out var header) && header.FirstLine == 1)
        {
            reader.Dispose();
            throw new ProfileInputException([new InputError(source, 0, 1, "(header)",
                $"the header is {header.Length} characters long, over the limit of {cutter.Limit} for a row: this is not a CSV file of profiles, or its first quote is never closed / 表头长 {header.Length} 个字符，超过每行上限 {cutter.Limit}：文件不是企业信息 CSV，或首个引号未闭合")]);
        }

        try
        {
            return new ProfileCsvReader(reader, cutter, schema, source, required.With(schema.IdField), read, encoding);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    // Cells are unquoted here, not by Sep: Sep is lenient with a quote inside an unquoted cell,
    // which would silently merge lines; we reject such a row instead (RFC 4180 forbids it).
    private static SepReaderOptions CreateSep() =>
        Sep.New(',').Reader(o => o with { Unescape = false, DisableColCountCheck = true, Trim = SepTrim.Outer });

    [GeneratedRegex("Col name '(?<name>[^']*)' found")]
    private static partial Regex DuplicateColumn();

    /// <summary>Reads the data rows in order.</summary>
    public IEnumerable<ProfileRecord> ReadAll() => Read(defer: false);

    /// <inheritdoc/>
    IEnumerable<ProfileRecord> IDeferringReader.ReadAllDeferred() => Read(defer: true);

    private IEnumerable<ProfileRecord> Read(bool defer)
    {
        var dataRow = 0;
        var standIns = 0; // the last line of a cut record: Sep reads its stand-in empty lines, which are not rows
        foreach (var row in _reader)
        {
            if (_cutter.Cuts.TryPeek(out var cut) && cut.FirstLine <= row.LineNumberFrom)
            {
                // Sep reads each stand-in line of a cut record as an empty row: this is the first.
                _cutter.Cuts.Dequeue();
                standIns = cut.LastLine;
                foreach (var record in RejectCut(cut, dataRow))
                {
                    yield return record;
                }

                dataRow += cut.LastLine - cut.FirstLine + 1;
                continue;
            }

            if (row.LineNumberFrom <= standIns)
            {
                continue;
            }

            if (row.LineNumberToExcl - row.LineNumberFrom > 1 && IsMerged(row))
            {
                // A stray quote made the parser read on across line breaks: one "row" here is
                // several lines of the file. Each line is an input row of its own and is rejected
                // as such, so none is lost or silently folded into another.
                foreach (var record in SplitMerged(row, ref dataRow))
                {
                    yield return record;
                }

                continue;
            }

            yield return defer ? Cut(row, ++dataRow) : ReadRow(row, ++dataRow);
        }

        while (_cutter.Cuts.TryDequeue(out var cut))
        {
            foreach (var record in RejectCut(cut, dataRow))
            {
                yield return record;
            }

            dataRow += cut.LastLine - cut.FirstLine + 1;
        }
    }

    /// <summary>
    /// A record over the length limit, cut out before Sep read it (<see cref="CsvRecordCutter"/>): one
    /// reject for a one-line row; one per line for a record over several lines (a quoted cell with
    /// line breaks, or a quote never closed), as when quotes merge lines (<see cref="SplitMerged"/>).
    /// </summary>
    private IEnumerable<ProfileRecord> RejectCut(CutRecord cut, int dataRow)
    {
        var limit = _cutter.Limit;
        var why = cut.QuoteNeverClosed
            ? (En: $"a quote opened on line {cut.FirstLine} is never closed", Zh: $"第 {cut.FirstLine} 行的引号未闭合")
            : (En: "a quoted cell with line breaks, or a stray quote", Zh: "引号内含换行，或有多余的引号");
        var reason = cut.FirstLine == cut.LastLine
            ? $"the row is {cut.Length} characters long, over the limit of {limit} for a row; it is not read / 该行长 {cut.Length} 个字符，超过每行上限 {limit}，未读取"
            : $"lines {cut.FirstLine}–{cut.LastLine} read as one row of {cut.Length} characters, over the limit of {limit} for a row ({why.En}); each line is rejected / 第 {cut.FirstLine}–{cut.LastLine} 行被读成一行，长 {cut.Length} 个字符，超过每行上限 {limit}（{why.Zh}），逐行拒收";
        for (var line = cut.FirstLine; line <= cut.LastLine; line++)
        {
            dataRow++;
            var id = line == cut.FirstLine && _idColumn == 0 ? cut.Id : "";
            yield return new ProfileRecord(dataRow, line, id, null, [new InputError(_source, dataRow, line, "(row)", reason)]);
        }
    }

    private bool IsMerged(SepReader.Row row)
    {
        if (row.ColCount != _headerCount)
        {
            return true;
        }

        for (var i = 0; i < row.ColCount; i++)
        {
            if (Cell.TryUnquote(row[i].Span, out _) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private List<ProfileRecord> SplitMerged(SepReader.Row row, ref int dataRow)
    {
        var first = row.LineNumberFrom;
        var last = row.LineNumberToExcl - 1;
        // Lines as the parser numbers them: CRLF, a bare CR and a bare LF each end one. Splitting on
        // LF alone made a CR-only file's merged lines one reject for many lines, and rows were lost.
        var lines = row.Span.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var count = Math.Min(lines.Length, last - first + 1);
        if (count > 1 && lines[count - 1].TrimEnd('\r').Length == 0)
        {
            count--; // the file's final line break, not a line of data
        }

        last = first + count - 1;

        var records = new List<ProfileRecord>(count);
        for (var k = 0; k < count; k++)
        {
            var text = lines[k].TrimEnd('\r');
            var comma = text.IndexOf(',', StringComparison.Ordinal);
            var id = _idColumn == 0 ? TextDecoding.Printable((comma < 0 ? text : text[..comma]).Trim('"', ' ')) : "";
            var line = first + k;
            dataRow++;
            var error = new InputError(_source, dataRow, line, "(row)",
                $"unbalanced quotes: lines {first}–{last} read as one row (a quote inside an unquoted cell, or one never closed); each line is rejected / 引号不成对：第 {first}–{last} 行被读成一行（未加引号的单元格中出现引号，或引号未闭合），逐行拒收");
            records.Add(new ProfileRecord(dataRow, line, id, null, [error]));
        }

        return records;
    }

    private ProfileRecord ReadRow(SepReader.Row row, int dataRow)
    {
        var line = row.LineNumberFrom;
        var id = _idColumn < row.ColCount ? IdOf(row[_idColumn].Span) : "";
        if (row.ColCount != _headerCount)
        {
            return ColumnCountReject(row, dataRow, id);
        }

        var profile = _schema.Create();
        ImmutableArray<InputError>.Builder? errors = null;
        foreach (var (field, column) in _columns)
        {
            ReadCell(profile, field, row[column].Span, dataRow, line, row.LineNumberToExcl, ref errors);
        }

        return errors is null
            ? new ProfileRecord(dataRow, line, id, profile, [])
            : new ProfileRecord(dataRow, line, id, null, errors.ToImmutable());
    }

    /// <summary>The id a row is echoed under: its cell as read, printable; empty when it is blank (<see cref="RecordSchema.IsBlankId"/>).</summary>
    private static string IdOf(ReadOnlySpan<char> cell) =>
        Cell.TryUnquote(cell, out var text) is null && !RecordSchema.IsBlankId(text) ? TextDecoding.Printable(text.ToString()) : "";

    private ProfileRecord ColumnCountReject(SepReader.Row row, int dataRow, string id)
    {
        var error = new InputError(_source, dataRow, row.LineNumberFrom, "(row)",
            $"the row has {row.ColCount} column(s) but the header has {_headerCount} (a missing or extra separator, or a truncated line) / 该行列数为 {row.ColCount}，表头为 {_headerCount}（缺少或多出分隔符，或该行被截断）");
        return new ProfileRecord(dataRow, row.LineNumberFrom, id, null, [error]);
    }

    /// <summary>Reads one cell into <paramref name="profile"/>, or adds why it cannot be read.</summary>
    private void ReadCell(object profile, ProfileField field, ReadOnlySpan<char> cell, int dataRow, int line, int lineToExcl, ref ImmutableArray<InputError>.Builder? errors)
    {
        // The common cell, with neither a quote nor an undecodable byte, is its own text: one scan, not two.
        ReadOnlySpan<char> text = cell;
        string? reason = null;
        if (cell.IndexOfAny('"', TextDecoding.Invalid) >= 0)
        {
            reason = Cell.TryUnquote(cell, out text);
            if (reason is not null)
            {
                if (lineToExcl - line > 1)
                {
                    reason += $" (the row runs over lines {line}–{lineToExcl - 1}) / 该行跨越第 {line}–{lineToExcl - 1} 行";
                }
            }
            else if (text.Contains(TextDecoding.Invalid))
            {
                // An undecodable byte: the value is not what the file says, so it is not read at all.
                reason = TextDecoding.InvalidTextReason(_encoding);
            }
        }

        if (reason is null && text.IsEmpty && ReferenceEquals(field, _schema.IdField))
        {
            reason = RecordSchema.BlankIdReason;
        }
        else if (reason is null && text.IsEmpty)
        {
            reason = _required.Contains(field) ? "empty cell: the value is needed, and an empty cell is not a zero / 空单元格：该值为必需，空值不视为零" : null;
        }
        else if (reason is null)
        {
            reason = _schema.TryAssign(profile, field, text);
        }

        if (reason is not null)
        {
            errors ??= ImmutableArray.CreateBuilder<InputError>();
            errors.Add(new InputError(_source, dataRow, line, field.Name, reason));
        }
    }

    /// <summary>
    /// A row cut but not parsed: the cells the reader reads, copied out of Sep's buffer (which the next
    /// row reuses), for a worker thread to parse (<see cref="IDeferredParse"/>). Rows Sep cannot cut
    /// cleanly (a wrong column count) are rejected here, as <see cref="ReadRow"/> would.
    /// </summary>
    private ProfileRecord Cut(SepReader.Row row, int dataRow)
    {
        if (row.ColCount != _headerCount)
        {
            var id = _idColumn < row.ColCount ? IdOf(row[_idColumn].Span) : "";
            return ColumnCountReject(row, dataRow, id);
        }

        // Each cell is looked up once (Sep trims it on every lookup), gathered in a scratch buffer, then copied out at its size.
        var ends = new int[_columns.Length + 1];
        var at = Gather(row[_idColumn].Span, 0);
        ends[0] = at;
        for (var i = 0; i < _columns.Length; i++)
        {
            at = Gather(row[_columns[i].Column].Span, at);
            ends[i + 1] = at;
        }

        return new ProfileRecord(dataRow, row.LineNumberFrom, "", new CutRow(this, _scratch.AsSpan(0, at).ToArray(), ends, row.LineNumberToExcl), []);
    }

    /// <summary>Appends a cell to the scratch buffer at <paramref name="at"/>; returns the new end.</summary>
    private int Gather(ReadOnlySpan<char> cell, int at)
    {
        if (at + cell.Length > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(at + cell.Length, _scratch.Length * 2));
        }

        cell.CopyTo(_scratch.AsSpan(at));
        return at + cell.Length;
    }

    /// <summary>The cells of a cut row: the id cell, then the read columns' cells in <c>_columns</c> order.</summary>
    private sealed class CutRow(ProfileCsvReader reader, char[] text, int[] ends, int lineToExcl) : IDeferredParse
    {
        public ProfileRecord Parse(ProfileRecord cut)
        {
            var line = cut.Line;
            var id = IdOf(text.AsSpan(0, ends[0]));
            var profile = reader._schema.Create();
            ImmutableArray<InputError>.Builder? errors = null;
            for (var i = 0; i < reader._columns.Length; i++)
            {
                reader.ReadCell(profile, reader._columns[i].Field, text.AsSpan(ends[i], ends[i + 1] - ends[i]), cut.Row, line, lineToExcl, ref errors);
            }

            return errors is null
                ? new ProfileRecord(cut.Row, line, id, profile, [])
                : new ProfileRecord(cut.Row, line, id, null, errors.ToImmutable());
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();
}
