using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using PolicyRules.Input;
using static PolicyRules.Tests.Cli.Cli;
using XCell = DocumentFormat.OpenXml.Spreadsheet.Cell;

namespace PolicyRules.Tests.Cli;

/// <summary>
/// Issue 15, Excel round trip: <c>generate</c> writes .xlsx, <c>screen</c> reads it and writes .xlsx
/// results (sheet Results) with the rejects as a second sheet (Rejects) — the same rows, values and
/// rejects as the CSV path.
/// </summary>
public sealed class XlsxScreeningTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-xlsx-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string At(string name) => Path.Combine(_dir, name);

    /// <summary>A sheet's rows as CSV-like text cells (booleans true/false, numbers as stored), placed by reference.</summary>
    private static List<string[]> Rows(string path, string sheetName)
    {
        using var document = SpreadsheetDocument.Open(path, false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheetName);
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
        var rows = new List<string[]>();
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            var cells = new List<string>();
            foreach (var cell in row.Elements<XCell>())
            {
                var column = XlsxValues.ColumnOf(cell.CellReference);
                while (cells.Count < column)
                {
                    cells.Add("");
                }

                Assert.Null(cell.CellFormula);
                cells.Add(cell.DataType?.Value == CellValues.Boolean ? (cell.CellValue!.Text == "1" ? "true" : "false")
                    : cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText
                    : cell.CellValue!.Text);
            }

            rows.Add([.. cells]);
        }

        return rows;
    }

    [Fact]
    public void Xlsx_in_and_out_gives_the_csv_results_cell_for_cell_in_a_valid_workbook()
    {
        Assert.Equal(0, Run("generate", "--count", "400", "--output", At("in.xlsx")).Exit);
        Assert.Equal(0, Run("generate", "--count", "400", "--output", At("in.csv")).Exit);

        var xlsx = Run("screen", "--input", At("in.xlsx"), "--output", At("out.xlsx"), "--as-of", "2025-06-30");
        var csv = Run("screen", "--input", At("in.csv"), "--output", At("out.csv"), "--as-of", "2025-06-30");

        Assert.Equal((0, ""), (xlsx.Exit, xlsx.Err));
        Assert.Equal(0, csv.Exit);
        Assert.Contains("Read 400 rows = written 400 + rejected 0", xlsx.Out, StringComparison.Ordinal);
        var expected = File.ReadAllLines(At("out.csv")).Select(l => Csv(l)).ToList();
        var actual = Rows(At("out.xlsx"), "Results");
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], actual[i].Concat(Enumerable.Repeat("", expected[i].Length - actual[i].Length)));
        }

        Assert.Equal([["row", "line", "id", "column", "reason"]], Rows(At("out.xlsx"), "Rejects"));
        using var document = SpreadsheetDocument.Open(At("out.xlsx"), false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
    }

    /// <summary>A results line: generated ids and criterion names hold no comma or quote.</summary>
    private static string[] Csv(string line)
    {
        Assert.DoesNotContain('"', line);
        return line.Split(',');
    }

    [Fact]
    public void An_unreadable_cell_is_rejected_in_the_rejects_sheet_and_file_and_a_formula_like_id_stays_text()
    {
        Assert.Equal(0, Run("generate", "--count", "3", "--output", At("gen.xlsx")).Exit);
        // Damage row 3's employees cell (a number) into text: re-write the generated rows with one change.
        using (var reader = ProfileXlsxReader.Open(At("gen.xlsx"), Model.RecordSchema.Enterprise, Model.ProfileSchema.All))
        {
            var profiles = reader.ReadAll().Select(r => r.Profile!).ToList();
            using var writer = new XlsxWorkbookWriter(At("in.xlsx"), "Data");
            var sheet = writer.Sheet(0);
            sheet.StartRow();
            foreach (var field in Model.ProfileSchema.Fields)
            {
                sheet.Text(field.Name);
            }

            sheet.EndRow();
            foreach (var (profile, index) in profiles.Select((p, i) => (p, i)))
            {
                sheet.StartRow();
                foreach (var field in Model.ProfileSchema.Fields)
                {
                    var value = field.Property.GetValue(profile);
                    if (index == 1 && field.Name == "employees")
                    {
                        sheet.Text("lots");
                    }
                    else if (index == 0 && field.Name == "id")
                    {
                        sheet.Text("=cmd|' /C calc'!A0");
                    }
                    else
                    {
                        sheet.Text(ProfileCsvWriter.Format(value));
                    }
                }

                sheet.EndRow();
            }
        }

        var (exit, stdout, _) = Run("screen", "--input", At("in.xlsx"), "--output", At("out.xlsx"), "--as-of", "2025-06-30", "--programmes", "SmeSize", "--sheet", "data");

        Assert.Equal(0, exit);
        Assert.Contains("Read 3 rows = written 2 + rejected 1", stdout, StringComparison.Ordinal);
        var employees = Model.ProfileSchema.Fields.ToList().FindIndex(f => f.Name == "employees");
        var cell = XlsxValues.ColumnName(employees) + "3";
        var rejects = Rows(At("out.xlsx"), "Rejects");
        Assert.Equal(2, rejects.Count);
        Assert.Equal(["2", "3"], rejects[1][..2]);
        Assert.Equal("employees", rejects[1][3]);
        Assert.Contains($" (cell {cell}) / ", rejects[1][4], StringComparison.Ordinal);
        Assert.EndsWith($"（单元格 {cell}）", rejects[1][4], StringComparison.Ordinal);
        Assert.Contains($"cell {cell}", File.ReadAllText(At("out.xlsx.rejects.csv")), StringComparison.Ordinal);
        var results = Rows(At("out.xlsx"), "Results");
        Assert.Equal(3, results.Count);
        Assert.Equal("=cmd|' /C calc'!A0", results[1][0]);
    }
}
