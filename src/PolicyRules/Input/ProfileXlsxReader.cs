// Longer than ~400 lines on purpose: one streaming reader: worksheet parts, shared strings and the cell-to-field loop share its state row by row.
using System.Collections.Immutable;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using PolicyRules.Model;
using XCell = DocumentFormat.OpenXml.Spreadsheet.Cell;

namespace PolicyRules.Input;

/// <summary>
/// Streams enterprise (or person) profiles from a worksheet of an .xlsx workbook (the first, or the
/// one named in <see cref="ProfileReadOptions.Sheet"/>) with DocumentFormat.OpenXml's
/// <see cref="OpenXmlReader"/>, one row in memory at a time. The first non-empty row is the header
/// (contract field names, as in CSV); each later row with any value is a <see cref="ProfileRecord"/>,
/// read or rejected with its row, column and cell reference (<c>C17</c>) — none is dropped; rows with
/// no value at all (formatting left below the data) are not records.
/// </summary>
/// <remarks>
/// <para>Cells are typed as in CSV: each becomes the contract text CSV would hold, then the same
/// parser reads it. Text cells (shared or inline strings, formula results) are that text. Numeric
/// cells are read from the number's stored text as an exact decimal; a stored number with more than
/// 15 significant digits (binary noise such as <c>0.30000000000000004</c>, or a long id typed as a
/// number) is rejected, never rounded. A date field takes a date cell (a whole serial day number,
/// 1900 or 1904 date system) or <c>YYYY-MM-DD</c> text; a boolean field an Excel boolean or
/// <c>true</c>/<c>false</c> text. Error cells (<c>#N/A</c>) and formulas with no saved result are
/// rejected.</para>
/// <para><see cref="ProfileRecord.Row"/> is the data row (the header is row 0) and
/// <see cref="ProfileRecord.Line"/> the worksheet row number Excel shows.</para>
/// </remarks>
public sealed class ProfileXlsxReader : IProfileReader
{
    private readonly SpreadsheetDocument _document;
    private readonly OpenXmlReader _rows;
    private readonly RecordSchema _schema;
    private readonly string _source;
    private readonly FieldSet _required;
    private readonly string[] _sharedStrings;
    private readonly bool _date1904;
    private readonly (ProfileField Field, int Column)[] _columns;
    private readonly int _headerColumns;
    private readonly int _headerRow;
    private readonly int _idColumn;
    private int _lastRow;

    private ProfileXlsxReader(SpreadsheetDocument document, WorksheetPart sheet, RecordSchema schema, string source, FieldSet required, FieldSet read)
    {
        _document = document;
        _schema = schema;
        _source = source;
        _required = required;
        var workbook = document.WorkbookPart!;
        _date1904 = workbook.Workbook?.WorkbookProperties?.Date1904?.Value ?? false;
        _sharedStrings = ReadSharedStrings(workbook.SharedStringTablePart);
        _rows = OpenXmlReader.Create(sheet);

        var header = NextRow(out _headerRow) ?? [];
        var names = header.Select(c => c?.Trim() ?? "").ToList();
        _headerColumns = names.Count;
        var columns = new List<(ProfileField, int)>();
        var errors = new List<InputError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i].Length == 0)
            {
                continue;
            }

            if (!seen.Add(names[i]))
            {
                errors.Add(new InputError(source, 0, _headerRow, names[i], $"the column appears twice in the header (cell {XlsxValues.ColumnName(i)}{_headerRow}) / 表头中该列重复（单元格 {XlsxValues.ColumnName(i)}{_headerRow}）"));
            }
            else if (schema.TryGetField(names[i], out var field))
            {
                if (read.Contains(field) || required.Contains(field))
                {
                    columns.Add((field, i));
                }
            }
            else if (schema.TryGetRetired(names[i], out var retired))
            {
                // A removed column's values would be dropped without notice: refuse it, naming its replacement.
                errors.Add(new InputError(source, 0, _headerRow, names[i], InputErrorText.Append(retired, $" (cell {XlsxValues.ColumnName(i)}{_headerRow})", $"（单元格 {XlsxValues.ColumnName(i)}{_headerRow}）")));
            }
        }

        var absent = schema.FieldsIn(required).Where(f => !columns.Exists(c => c.Item1 == f)).ToList();
        if (absent.Count > 0)
        {
            errors.AddRange(HeaderCheck.Explain(source, names, schema, absent, encoding: null).Select(e => e with { Line = Math.Max(_headerRow, 1) }));
        }

        if (errors.Count > 0)
        {
            throw new ProfileInputException(errors);
        }

        _columns = [.. columns];
        _idColumn = columns.Find(c => c.Item1 == schema.IdField).Item2;
    }

    /// <summary>Opens the first worksheet of an .xlsx workbook; <paramref name="required"/> as for CSV.</summary>
    /// <exception cref="ProfileInputException">The file is not a readable workbook, the sheet does not exist, or the header lacks a needed column.</exception>
    public static ProfileXlsxReader Open(string path, RecordSchema schema, FieldSet required, ProfileReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return Open(path, schema, required, schema.All, options ?? ProfileReadOptions.Default);
    }

    internal static ProfileXlsxReader Open(string path, RecordSchema schema, FieldSet required, FieldSet read, ProfileReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(schema);
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(path, isEditable: false);
        }
        catch (Exception ex) when (IsCorrupt(ex))
        {
            var said = ForeignMessage.Quoted(ex);
            throw FileError(path, $"not a readable .xlsx workbook ({said.En}); save it from Excel or WPS as Excel Workbook (.xlsx) / 不是可读取的 .xlsx 工作簿（{said.Zh}），请用 Excel 或 WPS 另存为 Excel 工作簿 (.xlsx)");
        }

        try
        {
            return Guarded(path, () => new ProfileXlsxReader(document, FindSheet(document, path, options.Sheet), schema, path, required.With(schema.IdField), read));
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>What the SDK and System.IO.Packaging throw for a damaged package (found by mutating workbooks).</summary>
    private static bool IsCorrupt(Exception ex) =>
        ex is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or FileFormatException or NotSupportedException
            or InvalidOperationException or IOException or ArgumentException or FormatException or KeyNotFoundException or OverflowException;

    private static T Guarded<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not ProfileInputException && IsCorrupt(ex))
        {
            var said = ForeignMessage.Quoted(ex);
            throw FileError(path, $"the workbook is damaged: {said.En} / 工作簿已损坏：{said.Zh}");
        }
    }

    private static ProfileInputException FileError(string path, string reason) => new([new InputError(path, 0, 0, "(file)", reason)]);

    private static WorksheetPart FindSheet(SpreadsheetDocument document, string path, string? name)
    {
        var workbook = document.WorkbookPart ?? throw FileError(path, "the package has no workbook: not an Excel workbook / 文件中没有工作簿");
        var sheets = workbook.Workbook?.Sheets?.Elements<Sheet>().ToList() ?? [];
        var sheet = name is null ? sheets.FirstOrDefault()
            : sheets.Find(s => s.Name?.Value == name) ?? sheets.Find(s => string.Equals(s.Name?.Value, name, StringComparison.OrdinalIgnoreCase));
        if (sheet is null)
        {
            var list = string.Join(", ", sheets.Select(s => $"'{s.Name?.Value}'"));
            throw FileError(path, name is null
                ? "the workbook has no worksheet / 工作簿中没有工作表"
                : $"the workbook has no sheet '{name}'; its sheets are {list} / 工作簿中没有工作表 '{name}'，现有工作表：{list}");
        }

        return sheet.Id?.Value is { } id && workbook.TryGetPartById(id, out var part) && part is WorksheetPart worksheet
            ? worksheet
            : throw FileError(path, $"sheet '{sheet.Name?.Value}' is not a worksheet (a chart sheet?) / 工作表 '{sheet.Name?.Value}' 不是数据工作表");
    }

    private static string[] ReadSharedStrings(SharedStringTablePart? part)
    {
        if (part is null)
        {
            return [];
        }

        var strings = new List<string>();
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                strings.Add(TextOf((SharedStringItem)reader.LoadCurrentElement()!));
            }
        }

        return [.. strings];
    }

    /// <summary>The text of a string item: its <c>t</c>, or its rich-text runs joined (phonetic guides left out).</summary>
    private static string TextOf(OpenXmlElement item)
    {
        if (item.GetFirstChild<Text>() is { } text)
        {
            return XlsxValues.Unescape(text.Text);
        }

        return XlsxValues.Unescape(string.Concat(item.Elements<Run>().Select(r => r.Text?.Text ?? "")));
    }

    /// <summary>Reads the data rows in order.</summary>
    public IEnumerable<ProfileRecord> ReadAll()
    {
        while (true)
        {
            XCell?[]? row;
            int sheetRow;
            string? damage;
            try
            {
                row = NextRawRow(out sheetRow, out damage);
            }
            catch (Exception ex) when (IsCorrupt(ex))
            {
                var said = ForeignMessage.Quoted(ex);
                throw FileError(_source, $"the workbook is damaged after worksheet row {_lastRow}: {said.En} / 工作簿在第 {_lastRow} 行之后已损坏：{said.Zh}");
            }

            if (row is null)
            {
                yield break;
            }

            if (row.All(c => c is null || IsBlank(c)))
            {
                // No value: formatting left below the data, damaged or not, holds no record to lose.
                continue;
            }

            ProfileRecord record;
            try
            {
                record = ReadRow(row, sheetRow, damage);
            }
            catch (Exception ex) when (IsCorrupt(ex))
            {
                // The SDK parses typed attributes lazily, so damage can first show while a cell is read.
                var said = ForeignMessage.Quoted(ex);
                throw FileError(_source, $"the workbook is damaged in worksheet row {sheetRow}: {said.En} / 工作簿第 {sheetRow} 行已损坏：{said.Zh}");
            }

            yield return record;
        }
    }

    private ProfileRecord ReadRow(XCell?[] row, int sheetRow, string? damage)
    {
        var dataRow = sheetRow - _headerRow;
        var id = _idColumn < row.Length && row[_idColumn] is { } idCell && ValueOf(idCell, _schema.IdField, out var idText) is null ? idText : "";
        id = RecordSchema.IsBlankId(id) ? "" : id; // a blank id is echoed as the empty id it is, as CSV and SQL echo it
        if (damage is not null)
        {
            return new ProfileRecord(dataRow, sheetRow, id, null, [new InputError(_source, dataRow, sheetRow, "(row)", damage)]);
        }

        for (var i = _headerColumns; i < row.Length; i++)
        {
            if (row[i] is { } extra && !IsBlank(extra))
            {
                var at = $"{XlsxValues.ColumnName(i)}{sheetRow}";
                return new ProfileRecord(dataRow, sheetRow, id, null, [new InputError(_source, dataRow, sheetRow, "(row)",
                    $"cell {at} holds a value in a column with no header (a shifted row?) / 单元格 {at} 所在列没有表头")]);
            }
        }

        var profile = _schema.Create();
        ImmutableArray<InputError>.Builder? errors = null;
        foreach (var (field, column) in _columns)
        {
            string? reason;
            var cell = column < row.Length ? row[column] : null;
            if (ReferenceEquals(field, _schema.IdField) && RecordSchema.IsBlankId(id))
            {
                reason = RecordSchema.BlankIdReason;
            }
            else if (cell is null || IsBlank(cell))
            {
                reason = _required.Contains(field) ? "empty cell: the value is needed, and an empty cell is not a zero / 空单元格：该值为必需，空值不视为零" : null;
            }
            else
            {
                reason = ValueOf(cell, field, out var text);
                if (reason is null && text.Length == 0)
                {
                    reason = _required.Contains(field) ? "empty cell: the value is needed, and an empty cell is not a zero / 空单元格：该值为必需，空值不视为零" : null;
                }
                else if (reason is null)
                {
                    reason = _schema.TryAssign(profile, field, text);
                }
            }

            if (reason is not null)
            {
                var at = $"{XlsxValues.ColumnName(column)}{sheetRow}";
                errors ??= ImmutableArray.CreateBuilder<InputError>();
                errors.Add(new InputError(_source, dataRow, sheetRow, field.Name, InputErrorText.Append(reason, $" (cell {at})", $"（单元格 {at}）")));
            }
        }

        return errors is null
            ? new ProfileRecord(dataRow, sheetRow, id, profile, [])
            : new ProfileRecord(dataRow, sheetRow, id, null, errors.ToImmutable());
    }

    private static bool IsBlank(XCell cell) =>
        cell.CellValue is null && cell.InlineString is null && cell.CellFormula is null;

    /// <summary>The contract text of a cell for <paramref name="field"/>, or the reason it has none.</summary>
    private string? ValueOf(XCell cell, ProfileField field, out string text)
    {
        text = "";
        var stored = cell.CellValue?.Text;
        if (!XlsxValues.TryCellType(cell, out var type))
        {
            var attribute = cell.DataType?.InnerText;
            return $"the cell type t=\"{attribute}\" is not an .xlsx cell type (b, d, e, inlineStr, n, s, str): the workbook is damaged / 单元格类型 t=\"{attribute}\" 不是 .xlsx 单元格类型（b、d、e、inlineStr、n、s、str），工作簿已损坏";
        }

        if (type == CellValues.InlineString)
        {
            text = cell.InlineString is { } inline ? TextOf(inline) : "";
            return Trimmed(field, ref text);
        }

        if (stored is null)
        {
            return cell.CellFormula is not null
                ? "a formula with no saved result (the workbook was written by a program that does not calculate): open and save it in Excel / 公式没有保存的计算结果，请在 Excel 中打开并保存"
                : null;
        }

        if (type == CellValues.SharedString)
        {
            if (!int.TryParse(stored, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) || index >= _sharedStrings.Length)
            {
                return $"the shared string {stored} does not exist: the workbook is damaged / 共享字符串 {stored} 不存在，工作簿已损坏";
            }

            text = _sharedStrings[index];
            return Trimmed(field, ref text);
        }

        if (type == CellValues.String)
        {
            text = XlsxValues.Unescape(stored);
            return Trimmed(field, ref text);
        }

        if (type == CellValues.Boolean)
        {
            // The format allows 0 and 1 only; anything else is damage, never read as false.
            text = stored.Trim() switch
            {
                "1" or "true" => "true",
                "0" or "false" => "false",
                _ => "",
            };
            return text.Length > 0 ? null
                : $"the boolean cell holds '{stored}', not 0 or 1: the workbook is damaged / 布尔单元格的值为 '{stored}'，不是 0 或 1，工作簿已损坏";
        }

        if (type == CellValues.Error)
        {
            return $"the cell holds the Excel error {stored} / 单元格为 Excel 错误值 {stored}";
        }

        if (type == CellValues.Date)
        {
            // ISO 8601 (strict-format workbooks): the date part, when there is no time of day.
            text = DateTime.TryParse(stored, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var moment) && moment.TimeOfDay == TimeSpan.Zero
                ? moment.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
                : stored;
            return null;
        }

        if (XlsxValues.TryExactNumber(stored, out var plain) is { } inexact)
        {
            return inexact;
        }

        if (field.Kind == FieldKind.Date)
        {
            if (XlsxValues.TryDate(plain, _date1904, out var date) is { } badDate)
            {
                return badDate;
            }

            text = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            return null;
        }

        text = plain;
        return null;
    }

    /// <summary>Outer spaces are kept in text fields (as a quoted CSV cell keeps them) and trimmed from values.</summary>
    private static string? Trimmed(ProfileField field, ref string text)
    {
        if (field.Kind != FieldKind.Text)
        {
            text = text.Trim();
        }

        return null;
    }

    /// <summary>The next row with any cell, by column index, and its worksheet row number.</summary>
    private string?[]? NextRow(out int number)
    {
        while (NextRawRow(out number, out var damage) is { } cells)
        {
            if (cells.Any(c => c is not null && !IsBlank(c)))
            {
                if (damage is not null)
                {
                    throw new ProfileInputException([new InputError(_source, 0, number, "(header)", damage)]);
                }

                return [.. cells.Select(c => c is null || IsBlank(c) ? null : ValueOf(c, _schema.IdField, out var text) is null ? text : null)];
            }
        }

        return null;
    }

    /// <summary>
    /// The next worksheet row's cells by column index, its row number, and what makes it damaged (null
    /// when nothing): a row number out of order or beyond the sheet, a cell reference that is not a
    /// cell of this row, two cells at one reference. Such a row is never read by a guess.
    /// </summary>
    private XCell?[]? NextRawRow(out int number, out string? damage)
    {
        damage = null;
        while (_rows.Read())
        {
            if (_rows.ElementType != typeof(Row) || !_rows.IsStartElement)
            {
                continue;
            }

            var row = (Row)_rows.LoadCurrentElement()!;
            number = _lastRow + 1;
            if (row.RowIndex?.Value is { } index)
            {
                if (index <= (uint)_lastRow || index > XlsxValues.MaxRow)
                {
                    damage = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the row number {index} is not after row {_lastRow} or is beyond the sheet's {XlsxValues.MaxRow:N0} rows: the workbook is damaged / 行号 {index} 不在第 {_lastRow} 行之后或超出工作表的 {XlsxValues.MaxRow:N0} 行，工作簿已损坏");
                }
                else
                {
                    number = (int)index;
                }
            }

            _lastRow = number;
            var cells = new List<XCell?>();
            foreach (var cell in row.Elements<XCell>())
            {
                var reference = cell.CellReference?.Value;
                int column;
                if (reference is null)
                {
                    column = cells.Count;
                }
                else if (!XlsxValues.TryCell(reference, out column, out var cellRow) || cellRow != number)
                {
                    damage ??= $"the cell reference '{reference}' is not a cell of worksheet row {number}: the workbook is damaged / 单元格引用 '{reference}' 不是工作表第 {number} 行的单元格，工作簿已损坏";
                    continue;
                }

                while (cells.Count <= column)
                {
                    cells.Add(null);
                }

                if (cells[column] is not null)
                {
                    damage ??= $"two cells have the reference '{XlsxValues.ColumnName(column)}{number}': the workbook is damaged / 两个单元格的引用均为 '{XlsxValues.ColumnName(column)}{number}'，工作簿已损坏";
                }

                cells[column] = cell;
            }

            return [.. cells];
        }

        number = 0;
        return null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _rows.Dispose();
        _document.Dispose();
    }
}
