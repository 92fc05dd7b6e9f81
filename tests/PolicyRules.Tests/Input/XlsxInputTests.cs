using CsCheck;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using PolicyRules.Input;
using PolicyRules.Model;
using static PolicyRules.Tests.Input.ProfileInputTestSupport;
using XCell = DocumentFormat.OpenXml.Spreadsheet.Cell;

namespace PolicyRules.Tests.Input;

/// <summary>
/// Issue 15, Excel in: .xlsx read with the same typing, rejects and row/column reporting as CSV,
/// plus the cell reference; numbers exact or rejected; dates as serials or text; shared and inline
/// strings, booleans; the sheet by name; a damaged or non-xlsx file a clear error.
/// </summary>
public sealed class XlsxInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-xlsx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static EnterpriseProfile Variant() => TestProfiles.Baseline() with
    {
        Id = "=HYPERLINK(\"x\")",
        Name = "北京\"创新\",科技 _x0041_ \u0001 有限公司  ",
        Industry = Industry.SoftwareAndIT,
        RegistrationDate = new DateOnly(1900, 1, 1),
        Employees = 0,
        RevenueY1 = 123_456_789.12m,
        RevenueY3 = 1_234_567_890_123.45m, // 17 digits: written as text, read back exactly
        TotalAssets = ProfileSchema.MaxMoney,
        InnovationCapabilityScore = 100m,
        HighTechCertValid = true,
        ResidentInMainland = false,
    };

    private static List<ProfileRecord> ReadXlsx(string path, FieldSet required, string? sheet = null)
    {
        using var reader = ProfileXlsxReader.Open(path, RecordSchema.Enterprise, required, new ProfileReadOptions { Sheet = sheet });
        return [.. reader.ReadAll()];
    }

    [Fact]
    public void Written_profiles_read_back_as_equal_records_from_a_valid_workbook()
    {
        var path = Path.Combine(_dir, "round.xlsx");
        EnterpriseProfile[] profiles = [TestProfiles.Baseline(), Variant(), TestProfiles.Baseline() with { Id = "LATE", RegistrationDate = new DateOnly(2025, 3, 1) }];

        Assert.Equal(3, ProfileXlsxWriter.Write(path, profiles));
        var records = ReadXlsx(path, ProfileSchema.All);

        Assert.Equal(profiles, records.Select(r => r.Profile));
        Assert.Equal([(1, 2), (2, 3), (3, 4)], records.Select(r => (r.Row, r.Line)));
        using var document = SpreadsheetDocument.Open(path, false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
    }

    [Fact]
    public void Any_money_amount_and_any_text_round_trip_exactly_through_a_workbook()
    {
        var money = Gen.Select(Gen.Long[0, 999_999_999_999_999_999], Gen.Int[0, 2], // money is to the fen (docs/reliability.md, class 6)
            (units, scale) => new decimal(units) / (decimal)Math.Pow(10, scale));
        var text = Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 0, 8], Gen.Char['\u0000', '\uFFFD'].Array[0, 8], Gen.OneOf(Gen.Const("_x0041_"), Gen.Const("="), Gen.Const(" "), Gen.Const("\r\n"), Gen.Const("")),
            (a, b, c) => c + a + new string([.. b.Where(ch => !char.IsSurrogate(ch))]) + c);
        Gen.Select(money, money, text).Sample((revenue, assets, name) =>
        {
            var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".xlsx"); // samples run in parallel
            var profile = TestProfiles.Baseline() with { RevenueY1 = revenue, TotalAssets = Math.Min(assets, ProfileSchema.MaxMoney), Name = name.Length == 0 ? "x" : name };
            ProfileXlsxWriter.Write(path, [profile]);
            Assert.Equal(profile, Assert.Single(ReadXlsx(path, ProfileSchema.All)).Profile);
        }, iter: 150);
    }

    [Fact]
    public void Text_that_looks_like_a_formula_is_written_as_a_string_cell()
    {
        var path = Path.Combine(_dir, "formula.xlsx");
        ProfileXlsxWriter.Write(path, [TestProfiles.Baseline() with { Id = "=1+1", Name = "+cmd|' /C calc'!A0" }, TestProfiles.Baseline() with { Id = "-2", Name = "@SUM(A1)" }]);

        using var document = SpreadsheetDocument.Open(path, false);
        var cells = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<XCell>().ToList();
        Assert.DoesNotContain(cells, c => c.CellFormula is not null);
        var ids = cells.Where(c => c.CellReference!.Value is "A2" or "A3" or "B2" or "B3").ToList();
        Assert.All(ids, c => Assert.Equal(CellValues.InlineString, c.DataType!.Value));
        Assert.Equal(["=1+1", "+cmd|' /C calc'!A0", "-2", "@SUM(A1)"], ids.Select(c => c.InlineString!.InnerText));
    }

    /// <summary>A workbook written cell by cell with the SDK, as Excel writes them (shared strings, numbers as doubles).</summary>
    private string Workbook(Action<SheetData, SharedStringTable> fill, bool date1904 = false, string sheetName = "Sheet1", string? secondSheet = null)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".xlsx");
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook(new WorkbookProperties { Date1904 = date1904 }, new Sheets());
        var strings = new SharedStringTable();
        workbook.AddNewPart<SharedStringTablePart>().SharedStringTable = strings;
        uint id = 1;
        foreach (var name in secondSheet is null ? [sheetName] : new[] { secondSheet, sheetName })
        {
            var sheet = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            sheet.Worksheet = new Worksheet(data);
            if (name == sheetName)
            {
                fill(data, strings);
            }
            else
            {
                data.Append(new Row(new XCell { CellReference = "A1", DataType = CellValues.InlineString, InlineString = new InlineString(new Text("not the data")) }) { RowIndex = 1 });
            }

            workbook.Workbook.Sheets!.Append(new Sheet { Name = name, SheetId = id++, Id = workbook.GetIdOfPart(sheet) });
        }

        return path;
    }

    private static XCell Shared(SharedStringTable strings, string reference, string text)
    {
        strings.Append(new SharedStringItem(new Text(text)));
        return new XCell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue((strings.Count() - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) };
    }

    private static XCell Number(string reference, string stored) => new() { CellReference = reference, CellValue = new CellValue(stored) };

    private static Row Header(SharedStringTable strings, params string[] names) =>
        new(names.Select((n, i) => Shared(strings, XlsxValues.ColumnName(i) + "1", n))) { RowIndex = 1 };

    [Fact]
    public void Excel_typed_cells_read_as_their_contract_values()
    {
        var path = Workbook((data, strings) =>
        {
            data.Append(Header(strings, "id", "name", "registrationDate", "employees", "revenueY1", "highTechCertValid", "industry"));
            data.Append(new Row(
                Number("A2", "1001"),
                new XCell { CellReference = "B2", DataType = CellValues.InlineString, InlineString = new InlineString(new Run(new Text("青岛")), new Run(new Text("科技"))) },
                Number("C2", "45000"),
                Number("D2", "12"),
                Number("E2", "1234567.89"),
                new XCell { CellReference = "F2", DataType = CellValues.Boolean, CellValue = new CellValue("1") },
                Shared(strings, "G2", " SoftwareAndIT ")) { RowIndex = 2 });
            data.Append(new Row(
                Shared(strings, "A3", "T2"),
                Shared(strings, "B3", "文本日期"),
                Shared(strings, "C3", "2023-02-28"),
                Shared(strings, "D3", "7"),
                Shared(strings, "E3", "0.1"),
                Shared(strings, "F3", "false"),
                Shared(strings, "G3", "SoftwareAndIT")) { RowIndex = 3 });
        });

        var records = ReadXlsx(path, Fields("name", "registrationDate", "employees", "revenueY1", "highTechCertValid", "industry"));

        Assert.All(records, r => Assert.Empty(r.Errors));
        var first = records[0].Profile!;
        Assert.Equal(("1001", "青岛科技", new DateOnly(2023, 3, 15), 12, 1_234_567.89m, true), (first.Id, first.Name, first.RegistrationDate, first.Employees, first.RevenueY1, first.HighTechCertValid));
        Assert.Equal(Industry.SoftwareAndIT, first.Industry);
        var second = records[1].Profile!;
        Assert.Equal(("T2", new DateOnly(2023, 2, 28), 7, 0.1m, false), (second.Id, second.RegistrationDate, second.Employees, second.RevenueY1, second.HighTechCertValid));
    }

    [Theory]
    [InlineData("0.30000000000000004", "more than 15 significant digits")]
    [InlineData("1.2345678901234567E+17", "more than 15 significant digits")]
    [InlineData("-1", "")]
    public void Inexact_or_invalid_numbers_are_rejected_with_row_column_and_cell(string stored, string reason)
    {
        var path = Workbook((data, strings) =>
        {
            data.Append(Header(strings, "id", "revenueY1"));
            data.Append(new Row(Shared(strings, "A17", "X"), Number("B17", stored)) { RowIndex = 17 });
        });

        var record = Assert.Single(ReadXlsx(path, Fields("revenueY1")));

        Assert.Equal((16, 17, "X"), (record.Row, record.Line, record.Id));
        var error = Assert.Single(record.Errors);
        Assert.Equal("revenueY1", error.Column);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Contains(" (cell B17) / ", error.Reason, StringComparison.Ordinal);
        Assert.EndsWith("（单元格 B17）", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Fifteen_significant_digits_are_exact_and_sixteen_are_not()
    {
        Assert.Null(XlsxValues.TryExactNumber("123456789012.345", out var plain));
        Assert.Equal("123456789012.345", plain);
        Assert.Null(XlsxValues.TryExactNumber("1E+18", out plain));
        Assert.Equal("1000000000000000000", plain);
        Assert.NotNull(XlsxValues.TryExactNumber("1234567890123.456", out _));
    }

    [Theory]
    [InlineData("1", false, "1900-01-01")]
    [InlineData("59", false, "1900-02-28")]
    [InlineData("61", false, "1900-03-01")]
    [InlineData("45000", false, "2023-03-15")]
    [InlineData("0", true, "1904-01-01")]
    [InlineData("43538", true, "2023-03-15")]
    public void Date_serials_read_in_both_date_systems(string serial, bool date1904, string expected)
    {
        Assert.Null(XlsxValues.TryDate(serial, date1904, out var date));
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), date);
        if (!date1904)
        {
            Assert.Equal(int.Parse(serial, System.Globalization.CultureInfo.InvariantCulture), XlsxValues.Serial(date));
        }
    }

    [Theory]
    [InlineData("60")]
    [InlineData("0")]
    [InlineData("45000.5")]
    public void Impossible_or_timed_date_serials_are_rejected(string serial) =>
        Assert.NotNull(XlsxValues.TryDate(serial, false, out _));

    [Fact]
    public void Error_cells_empty_required_cells_and_values_without_a_header_are_rejected_each_at_its_cell()
    {
        var path = Workbook((data, strings) =>
        {
            data.Append(Header(strings, "id", "employees"));
            data.Append(new Row(Shared(strings, "A2", "E"), new XCell { CellReference = "B2", DataType = CellValues.Error, CellValue = new CellValue("#N/A") }) { RowIndex = 2 });
            data.Append(new Row(Shared(strings, "A3", "M")) { RowIndex = 3 });
            data.Append(new Row() { RowIndex = 4 }); // formatting only: not a record
            data.Append(new Row(Shared(strings, "A5", "S"), Number("B5", "3"), Number("D5", "9")) { RowIndex = 5 });
            data.Append(new Row(Shared(strings, "A6", "OK"), Number("B6", "3")) { RowIndex = 6 });
        });

        var records = ReadXlsx(path, Fields("employees"));

        Assert.Equal(["E", "M", "S", "OK"], records.Select(r => r.Id));
        Assert.Contains("Excel error #N/A", Assert.Single(records[0].Errors).Reason, StringComparison.Ordinal);
        Assert.Contains("empty cell", Assert.Single(records[1].Errors).Reason, StringComparison.Ordinal);
        Assert.Equal(("(row)", 5), (Assert.Single(records[2].Errors).Column, records[2].Line));
        Assert.Contains("cell D5", records[2].Errors[0].Reason, StringComparison.Ordinal);
        Assert.Equal(3, records[3].Profile!.Employees);
    }

    [Fact]
    public void The_sheet_is_chosen_by_name_and_an_unknown_name_lists_the_sheets()
    {
        var path = Workbook((data, strings) =>
        {
            data.Append(Header(strings, "id"));
            data.Append(new Row(Shared(strings, "A2", "IN-DATA")) { RowIndex = 2 });
        }, sheetName: "企业", secondSheet: "说明");

        Assert.Equal("IN-DATA", Assert.Single(ReadXlsx(path, FieldSet.Empty, "企业")).Id);
        var ex = Assert.Throws<ProfileInputException>(() => ReadXlsx(path, FieldSet.Empty, "Data"));
        Assert.Contains("no sheet 'Data'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'说明', '企业'", ex.Message, StringComparison.Ordinal);
        // The first sheet is the notes sheet: its header has no id.
        Assert.Throws<ProfileInputException>(() => ReadXlsx(path, FieldSet.Empty));
    }

    [Fact]
    public void Headers_in_another_case_get_the_same_single_message_as_csv()
    {
        var path = Workbook((data, strings) =>
        {
            data.Append(Header(strings, "Id", "RevenueY1"));
            data.Append(new Row(Shared(strings, "A2", "X"), Number("B2", "1")) { RowIndex = 2 });
        });

        var ex = Assert.Throws<ProfileInputException>(() => ReadXlsx(path, Fields("revenueY1")));

        var error = Assert.Single(ex.Errors);
        Assert.Contains("`revenueY1`, not `RevenueY1`", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("truncated")]
    [InlineData("csv")]
    public void A_damaged_or_non_xlsx_file_is_a_clear_error(string kind)
    {
        var path = Path.Combine(_dir, kind + ".xlsx");
        if (kind == "truncated")
        {
            ProfileXlsxWriter.Write(path, [TestProfiles.Baseline()]);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        }
        else
        {
            File.WriteAllText(path, kind == "csv" ? WriteCsv(TestProfiles.Baseline()) : "hello");
        }

        var ex = Assert.Throws<ProfileInputException>(() => ReadXlsx(path, ProfileSchema.All));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("(file)", error.Column);
        Assert.Contains(".xlsx", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutated_workbooks_are_read_or_refused_as_input_errors_never_crash()
    {
        var original = Path.Combine(_dir, "original.xlsx");
        ProfileXlsxWriter.Write(original, [TestProfiles.Baseline(), Variant()]);
        var bytes = File.ReadAllBytes(original);
        Gen.Select(Gen.Int[0, bytes.Length - 1].Array[1, 6], Gen.Byte.Array[6]).Sample((offsets, values) =>
        {
            var mutated = (byte[])bytes.Clone();
            for (var i = 0; i < offsets.Length; i++)
            {
                mutated[offsets[i]] = values[i];
            }

            var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".xlsx");
            File.WriteAllBytes(path, mutated);
            try
            {
                var records = ReadXlsx(path, ProfileSchema.All);
                Assert.All(records, r => Assert.True(r.Profile is null != r.Errors.IsEmpty));
            }
            catch (ProfileInputException ex)
            {
                Assert.NotEmpty(ex.Errors);
            }
        }, iter: 1_000);
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("")]
    [InlineData("S")]
    public void A_damaged_cell_type_is_an_error_of_that_cell_and_the_next_row_is_read(string damaged)
    {
        var path = Workbook((data, strings) =>
        {
            data.Append(Header(strings, "id", "employees"));
            var bad = Number("B2", "12");
            bad.SetAttribute(new DocumentFormat.OpenXml.OpenXmlAttribute("t", "", damaged));
            data.Append(new Row(Shared(strings, "A2", "E1"), bad) { RowIndex = 2 });
            data.Append(new Row(Shared(strings, "A3", "E2"), Number("B3", "13")) { RowIndex = 3 });
        });

        var records = ReadXlsx(path, Fields("employees"));
        Assert.Equal(2, records.Count);
        var error = Assert.Single(records[0].Errors);
        Assert.Equal("employees", error.Column);
        Assert.Contains($"t=\"{damaged}\" is not an .xlsx cell type", error.Reason, StringComparison.Ordinal);
        Assert.Contains($"单元格类型 t=\"{damaged}\"", error.Reason, StringComparison.Ordinal);
        Assert.Equal(13, records[1].Profile!.Employees);
    }

    [Theory]
    [InlineData("data.xls")]
    [InlineData("data.ods")]
    public void Old_and_other_workbook_formats_are_refused_by_extension(string name)
    {
        var ex = Assert.Throws<ProfileInputException>(() => ProfileReaders.FormatOf(name));
        Assert.Contains("save the sheet as .xlsx", ex.Message, StringComparison.Ordinal);
    }
}
