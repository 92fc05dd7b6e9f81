using CsCheck;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using PolicyRules.Input;
using PolicyRules.Model;
using static PolicyRules.Tests.Input.ProfileInputTestSupport;
using XCell = DocumentFormat.OpenXml.Spreadsheet.Cell;

namespace PolicyRules.Tests.Input;

/// <summary>
/// A worksheet whose structure the .xlsx format does not allow — a boolean cell holding neither 0 nor
/// 1, two cells at one reference, a reference that is no cell of its row, rows out of order — is
/// never resolved by a guess (a 2 read as false, the second of two values kept): the row is a reject
/// naming the cell, and the rows after it are read.
/// </summary>
public sealed class XlsxDamagedStructureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-xlsx-damage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Workbook(params Row[] rows)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".xlsx");
        using var document = SpreadsheetDocument.Create(path, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook(new Sheets());
        var sheet = workbook.AddNewPart<WorksheetPart>();
        sheet.Worksheet = new Worksheet(new SheetData(rows));
        workbook.Workbook.Sheets!.Append(new Sheet { Name = "Sheet1", SheetId = 1, Id = workbook.GetIdOfPart(sheet) });
        return path;
    }

    private static XCell Text(string? reference, string text) =>
        At(reference, new XCell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)) });

    private static XCell Number(string? reference, string stored) => At(reference, new XCell { CellValue = new CellValue(stored) });

    private static XCell Boolean(string? reference, string stored) =>
        At(reference, new XCell { DataType = CellValues.Boolean, CellValue = new CellValue(stored) });

    /// <summary>A cell with no reference has no <c>r</c> attribute at all (its place is implied by order).</summary>
    private static XCell At(string? reference, XCell cell)
    {
        if (reference is not null)
        {
            cell.CellReference = reference;
        }

        return cell;
    }

    private static Row Header() => new(Text("A1", "id"), Text("B1", "employees"), Text("C1", "highTechCertValid")) { RowIndex = 1 };

    private static Row Good(uint row) => new(Text($"A{row}", "OK"), Number($"B{row}", "7"), Boolean($"C{row}", "1")) { RowIndex = row };

    private static List<ProfileRecord> Read(string path)
    {
        using var reader = ProfileXlsxReader.Open(path, RecordSchema.Enterprise, Fields("employees", "highTechCertValid"));
        return [.. reader.ReadAll()];
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData(" 1 ", true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void A_boolean_cell_of_0_or_1_reads_as_its_value(string stored, bool expected)
    {
        var records = Read(Workbook(Header(), new Row(Text("A2", "B"), Number("B2", "7"), Boolean("C2", stored)) { RowIndex = 2 }));

        Assert.Equal(expected, Assert.Single(records).Profile!.HighTechCertValid);
    }

    [Fact]
    public void A_boolean_cell_holding_anything_but_0_or_1_is_a_reject_at_its_cell_never_false()
    {
        var stored = Gen.OneOf(Gen.String[Gen.Char['\u0020', '\u007e'], 0, 6], Gen.Int[0, 7].Select(i => new[] { "2", "-1", "01", "1.0", "TRUE", "yes", "0x1", "１" }[i]));
        stored.Where(s => s.Trim() is not ("0" or "1" or "true" or "false")).Sample(s =>
        {
            var records = Read(Workbook(Header(), new Row(Text("A2", "B"), Number("B2", "7"), Boolean("C2", s)) { RowIndex = 2 }, Good(3)));

            Assert.Equal(2, records.Count);
            Assert.Null(records[0].Profile);
            var error = Assert.Single(records[0].Errors);
            Assert.Equal("highTechCertValid", error.Column);
            Assert.Contains(" (cell C2) / ", error.Reason, StringComparison.Ordinal);
            Assert.EndsWith("（单元格 C2）", error.Reason, StringComparison.Ordinal);
            Assert.Contains("布尔单元格", error.Reason, StringComparison.Ordinal);
            Assert.True(records[1].Profile!.HighTechCertValid);
        }, iter: 60);
    }

    public static TheoryData<string, string> DamagedRows => new()
    {
        // Two cells at one reference: which value was meant cannot be known.
        { "duplicate", "B2" },
        // References that are no cell of worksheet row 2.
        { "XFE2", "XFE2" },
        { "AAAAAAAAAAAAAAAAAAAAAAAAAAAA2", "AAAAAAAAAAAAAAAAAAAAAAAAAAAA2" },
        { "B", "B" },
        { "2", "2" },
        { "B3", "B3" },
        { "B02", "B02" },
        { "B-2", "B-2" },
        { "B1048577", "B1048577" },
    };

    [Theory]
    [MemberData(nameof(DamagedRows))]
    public void A_cell_reference_that_is_no_single_cell_of_its_row_rejects_the_row_naming_it(string reference, string named)
    {
        var cells = reference == "duplicate"
            ? new Row(Text("A2", "D"), Number("B2", "7"), Number("B2", "70"), Boolean("C2", "1")) { RowIndex = 2 }
            : new Row(Text("A2", "D"), Number(reference, "7"), Boolean("C2", "1")) { RowIndex = 2 };

        var records = Read(Workbook(Header(), cells, Good(3)));

        Assert.Equal(2, records.Count);
        Assert.Equal(("D", 1, 2), (records[0].Id, records[0].Row, records[0].Line));
        Assert.Null(records[0].Profile);
        var error = Assert.Single(records[0].Errors);
        Assert.Equal("(row)", error.Column);
        Assert.Contains($"'{named}'", error.Reason, StringComparison.Ordinal);
        Assert.Contains("工作簿已损坏", error.Reason, StringComparison.Ordinal);
        Assert.Equal(7, records[1].Profile!.Employees);
    }

    [Fact]
    public void Cells_without_references_take_their_places_in_order()
    {
        var records = Read(Workbook(Header(), new Row(Text(null, "N"), Number(null, "9"), Boolean("C2", "0")) { RowIndex = 2 }));

        var profile = Assert.Single(records).Profile!;
        Assert.Equal(("N", 9, false), (profile.Id, profile.Employees, profile.HighTechCertValid));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(2u)]
    [InlineData(1_048_577u)]
    public void A_row_number_that_is_not_after_the_previous_row_or_beyond_the_sheet_rejects_the_row(uint number)
    {
        var damaged = new Row(Text(null, "R"), Number(null, "8"), Boolean(null, "1")) { RowIndex = number };

        var records = Read(Workbook(Header(), Good(2), damaged, Good(1_048_576)));

        Assert.Equal(["OK", "R", "OK"], records.Select(r => r.Id));
        Assert.NotNull(records[0].Profile);
        var error = Assert.Single(records[1].Errors);
        Assert.Equal("(row)", error.Column);
        Assert.Contains($"row number {number}", error.Reason, StringComparison.Ordinal);
        Assert.Contains("工作簿已损坏", error.Reason, StringComparison.Ordinal);
        Assert.Equal(1_048_576, records[2].Line);
    }
}
