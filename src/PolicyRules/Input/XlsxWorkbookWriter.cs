using System.Globalization;
using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using XCell = DocumentFormat.OpenXml.Spreadsheet.Cell;

namespace PolicyRules.Input;

/// <summary>
/// Writes an .xlsx workbook of several worksheets, streaming: the first sheet's XML goes straight
/// into its zip entry through an <see cref="OpenXmlWriter"/>; the others, written at the same time,
/// go to temporary files and are copied in at the end. Memory stays flat at any row count (the SDK's
/// own package would hold each part in memory until saved).
/// </summary>
/// <remarks>
/// Text is always written as an inline string, never as a formula, so a value beginning with
/// <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> stays text (no formula injection); characters XML
/// cannot hold are escaped as Excel escapes them (<see cref="XlsxValues.Escape"/>).
/// </remarks>
internal sealed class XlsxWorkbookWriter : IDisposable
{
    /// <summary>Style 1 of styles.xml: a date shown as yyyy-mm-dd.</summary>
    private const uint DateStyle = 1;

    private readonly Stream _file;
    private readonly ZipArchive _zip;
    private readonly string[] _names;
    private readonly SheetWriter[] _sheets;
    private bool _disposed;

    public XlsxWorkbookWriter(string path, params string[] sheetNames)
        : this(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None), sheetNames)
    {
    }

    /// <summary>A workbook written to <paramref name="stream"/>, which it owns (an output of <see cref="Output.OutputFiles"/>).</summary>
    public XlsxWorkbookWriter(Stream stream, params string[] sheetNames)
        : this(stream, XlsxValues.MaxRow, sheetNames)
    {
    }

    /// <summary>As above, with sheets of at most <paramref name="maxRows"/> rows (tests lower Excel's limit).</summary>
    internal XlsxWorkbookWriter(Stream stream, int maxRows, params string[] sheetNames)
    {
        _names = sheetNames;
        _file = stream;
        try
        {
            _zip = new ZipArchive(_file, ZipArchiveMode.Create, leaveOpen: true);
            _sheets = new SheetWriter[sheetNames.Length];
            _sheets[0] = new SheetWriter(_zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open(), sheetNames[0], maxRows);
            for (var i = 1; i < sheetNames.Length; i++)
            {
                var temporary = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
                _sheets[i] = new SheetWriter(temporary, sheetNames[i], maxRows);
            }
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    /// <summary>The writer of sheet <paramref name="index"/> (0-based, in the order named).</summary>
    public SheetWriter Sheet(int index) => _sheets[index];

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            _sheets[0].Dispose();
            for (var i = 1; i < _sheets.Length; i++)
            {
                var buffered = _sheets[i].Finish();
                buffered.Position = 0;
                using (var entry = _zip.CreateEntry($"xl/worksheets/sheet{i + 1}.xml", CompressionLevel.Fastest).Open())
                {
                    buffered.CopyTo(entry);
                }

                _sheets[i].Dispose();
            }

            WritePackageParts();
            _zip.Dispose();
        }
        finally
        {
            foreach (var sheet in _sheets)
            {
                sheet?.Dispose();
            }

            _file.Dispose();
        }
    }

    private void WritePackageParts()
    {
        var sheets = Enumerable.Range(1, _names.Length).ToArray();
        Write("[Content_Types].xml", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{string.Concat(sheets.Select(i => $"""<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"""))}</Types>
            """);
        Write("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        Write("xl/workbook.xml", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{string.Concat(sheets.Select(i => $"""<sheet name="{System.Security.SecurityElement.Escape(_names[i - 1])}" sheetId="{i}" r:id="rId{i}"/>"""))}</sheets></workbook>
            """);
        Write("xl/_rels/workbook.xml.rels", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{string.Concat(sheets.Select(i => $"""<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"""))}<Relationship Id="rId{_names.Length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
            """);
        Write("xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>
            """);
    }

    private void Write(string name, string xml)
    {
        using var entry = new StreamWriter(_zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new System.Text.UTF8Encoding(false));
        entry.Write(xml);
    }

    /// <summary>One worksheet's rows, written as they come; cell objects are reused row after row.</summary>
    internal sealed class SheetWriter : IDisposable
    {
        private readonly Stream _stream;
        private readonly OpenXmlWriter _writer;
        private readonly Row _row = new();
        private readonly XCell _text;
        private readonly Text _textValue = new() { Space = SpaceProcessingModeValues.Preserve };
        private readonly XCell _number;
        private readonly CellValue _numberValue = new();
        private readonly XCell _date;
        private readonly CellValue _dateValue = new();
        private readonly XCell _boolean;
        private readonly CellValue _booleanValue = new();
        private readonly List<string> _columnNames = [];
        private uint _rowIndex;
        private string _rowText = "";
        private int _column;
        private bool _inRow;
        private bool _finished;

        private readonly string _name;
        private readonly int _maxRows;

        public SheetWriter(Stream stream, string name, int maxRows)
        {
            _stream = stream;
            _name = name;
            _maxRows = maxRows;
            _text = new XCell { DataType = CellValues.InlineString, InlineString = new InlineString(_textValue) };
            _number = new XCell(_numberValue);
            _date = new XCell(_dateValue) { StyleIndex = DateStyle };
            _boolean = new XCell(_booleanValue) { DataType = CellValues.Boolean };
            _writer = OpenXmlWriter.Create(stream);
            _writer.WriteStartDocument();
            _writer.WriteStartElement(new Worksheet());
            _writer.WriteStartElement(new SheetData());
        }

        /// <exception cref="IOException">The sheet has its most rows: Excel would drop the rest when opening it.</exception>
        public void StartRow()
        {
            if (_rowIndex >= _maxRows)
            {
                throw new Output.OutputLimitException(string.Create(CultureInfo.InvariantCulture, $"sheet '{_name}' would have more than {_maxRows:N0} rows, more than an Excel sheet holds: write the results as .csv or .parquet / 工作表 '{_name}' 将超过 {_maxRows:N0} 行（Excel 工作表的上限），请输出为 .csv 或 .parquet"));
            }

            _row.RowIndex = ++_rowIndex;
            _rowText = _rowIndex.ToString(CultureInfo.InvariantCulture);
            _column = 0;
            _writer.WriteStartElement(_row);
            _inRow = true;
        }

        public void EndRow()
        {
            _writer.WriteEndElement();
            _inRow = false;
        }

        /// <exception cref="IOException">The text is longer than an Excel cell holds.</exception>
        public void Text(string value)
        {
            if (value.Length > XlsxValues.MaxCellChars)
            {
                var at = XlsxValues.ColumnName(_column) + _rowText;
                throw new Output.OutputLimitException(string.Create(CultureInfo.InvariantCulture, $"cell {at} of sheet '{_name}' would hold {value.Length:N0} characters (it begins `{value[..20]}`); an Excel cell holds at most {XlsxValues.MaxCellChars:N0}: write the results as .csv or .parquet / 工作表 '{_name}' 的单元格 {at} 将含 {value.Length:N0} 个字符（开头为 `{value[..20]}`），超过 Excel 单元格上限 {XlsxValues.MaxCellChars:N0}，请输出为 .csv 或 .parquet"));
            }

            _textValue.Text = XlsxValues.Escape(value);
            Write(_text);
        }

        /// <summary>A number cell when Excel can hold it exactly (15 significant digits); else text, so no digit is lost.</summary>
        public void Number(decimal value)
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            if (XlsxValues.TryExactNumber(text, out _) is not null || Math.Abs(value) >= 1e15m)
            {
                Text(text);
                return;
            }

            _numberValue.Text = text;
            Write(_number);
        }

        public void Number(long value) => Number((decimal)value);

        public void Date(DateOnly value)
        {
            _dateValue.Text = XlsxValues.Serial(value).ToString(CultureInfo.InvariantCulture);
            Write(_date);
        }

        public void Boolean(bool value)
        {
            _booleanValue.Text = value ? "1" : "0";
            Write(_boolean);
        }

        /// <summary>An empty cell: nothing is written, the next cell's reference skips it.</summary>
        public void Empty() => _column++;

        private void Write(XCell cell)
        {
            while (_columnNames.Count <= _column)
            {
                _columnNames.Add(XlsxValues.ColumnName(_columnNames.Count));
            }

            // References are optional in the format, but some readers place cells only by them.
            cell.CellReference = _columnNames[_column++] + _rowText;
            _writer.WriteElement(cell);
        }

        /// <summary>Closes the sheet's XML and returns its stream (still open).</summary>
        public Stream Finish()
        {
            if (!_finished)
            {
                _finished = true;
                if (_inRow)
                {
                    _writer.WriteEndElement();
                }

                _writer.WriteEndElement(); // sheetData
                _writer.WriteEndElement(); // worksheet
                _writer.Close();
            }

            return _stream;
        }

        public void Dispose()
        {
            Finish();
            _writer.Dispose();
            _stream.Dispose();
        }
    }
}
