using PolicyRules.Input;
using static PolicyRules.Tests.Cli.Cli;

namespace PolicyRules.Tests.Input;

/// <summary>
/// An .xlsx output holds what Excel opens or is not written: a cell of more than 32,767 characters
/// (an id echoed from a garbled input line) or a sheet of more than 1,048,576 rows made a workbook
/// Excel "repairs" by dropping content — rows lost with no error. The writer now stops at either
/// limit naming the sheet and cell, and the run leaves no output (docs/reliability.md, class 1).
/// </summary>
public sealed class XlsxOutputLimitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-xlsx-limits-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_limits_are_excels()
    {
        Assert.Equal(32_767, XlsxValues.MaxCellChars);
        Assert.Equal(1_048_576, XlsxValues.MaxRow);
    }

    [Fact]
    public void A_text_of_32767_characters_is_written_and_one_more_is_refused_naming_sheet_and_cell()
    {
        var path = Path.Combine(_dir, "cells.xlsx");
        using (var workbook = new XlsxWorkbookWriter(path, "Results"))
        {
            var sheet = workbook.Sheet(0);
            sheet.StartRow();
            sheet.Text(new string('x', XlsxValues.MaxCellChars));
            sheet.EndRow();
            sheet.StartRow();
            sheet.Boolean(true);
            var ex = Assert.ThrowsAny<IOException>(() => sheet.Text(new string('y', XlsxValues.MaxCellChars + 1)));
            foreach (var specific in new[] { "'Results'", "B2", "32,768", "32,767" })
            {
                Assert.Contains(specific, ex.Message.Split(" / ")[0], StringComparison.Ordinal);
                Assert.Contains(specific, ex.Message.Split(" / ")[1], StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_sheet_takes_rows_up_to_its_limit_and_refuses_the_next_naming_the_sheet(int limit)
    {
        using var workbook = new XlsxWorkbookWriter(new MemoryStream(), limit, "Results", "Rejects");
        var sheet = workbook.Sheet(1);
        for (var i = 0; i < limit; i++)
        {
            sheet.StartRow();
            sheet.Text("row");
            sheet.EndRow();
        }

        var ex = Assert.ThrowsAny<IOException>(sheet.StartRow);
        Assert.Contains("'Rejects'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(".csv", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_screening_run_whose_id_exceeds_an_excel_cell_fails_with_no_output_and_csv_still_works()
    {
        var csv = Path.Combine(_dir, "in.csv");
        var lines = File.ReadAllLines(Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "enterprises.csv")).Take(4).ToArray();
        lines[2] = new string('X', 40_000) + lines[2][lines[2].IndexOf(',', StringComparison.Ordinal)..];
        File.WriteAllLines(csv, lines);
        var xlsx = Path.Combine(_dir, "out.xlsx");

        var (exit, _, err) = Run("screen", "--input", csv, "--output", xlsx, "--programmes", "HighTechEnterprise", "--as-of", "2025-06-30", "--rules", TestProfiles.RulesDirectory);

        Assert.Equal(2, exit);
        Assert.Contains("32,767", err, StringComparison.Ordinal);
        Assert.Contains("A3", err, StringComparison.Ordinal);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(err, "32,767")); // once in each language, not wrapped again in the generic file error
        Assert.False(File.Exists(xlsx));
        Assert.False(File.Exists(xlsx + ".rejects.csv"));
        Assert.Empty(Directory.GetFiles(_dir, "*.partial"));

        var toCsv = Run("screen", "--input", csv, "--output", Path.Combine(_dir, "out.csv"), "--programmes", "HighTechEnterprise", "--as-of", "2025-06-30", "--rules", TestProfiles.RulesDirectory);
        Assert.Equal(0, toCsv.Exit);
    }
}
