using PolicyRules.Input;
using PolicyRules.Model;

namespace PolicyRules.Tests.TestSupport;

/// <summary>
/// One table of texts — the contract header and rows of cell texts — written as CSV, as an .xlsx
/// sheet of text cells or as a Parquet file of string columns, so a test reads the same cells
/// through each reader.
/// </summary>
internal static class TextTables
{
    public static readonly string[] Formats = [".csv", ".xlsx", ".parquet"];

    /// <summary>The contract's columns, with each row of <paramref name="rows"/> the baseline profile changed by its cells (field name → text; null is an empty cell).</summary>
    public static string?[][] Baseline(params Dictionary<string, string?>[] rows)
    {
        var baseline = TestProfiles.Baseline();
        return [.. rows.Select(changes => ProfileSchema.Fields.Select(f => changes.TryGetValue(f.Name, out var text) ? text : ProfileCsvWriter.Format(f.Property.GetValue(baseline))).ToArray())];
    }

    /// <summary>Writes the contract header and <paramref name="rows"/> to <paramref name="path"/>, in the format its extension names.</summary>
    public static Task WriteAsync(string path, string?[][] rows) => WriteAsync(path, [.. ProfileSchema.Fields.Select(f => f.Name)], rows);

    /// <summary>Writes the header <paramref name="names"/> and <paramref name="rows"/> to <paramref name="path"/>, in the format its extension names.</summary>
    public static async Task WriteAsync(string path, string[] names, string?[][] rows)
    {
        switch (Path.GetExtension(path))
        {
            case ".csv":
                await File.WriteAllLinesAsync(path, [string.Join(",", names), .. rows.Select(r => string.Join(",", r.Select(Cell)))]);
                break;
            case ".xlsx":
                using (var workbook = new XlsxWorkbookWriter(path, "Data"))
                {
                    var sheet = workbook.Sheet(0);
                    foreach (var row in (string?[][])[names, .. rows])
                    {
                        sheet.StartRow();
                        foreach (var cell in row)
                        {
                            if (string.IsNullOrEmpty(cell))
                            {
                                sheet.Empty();
                            }
                            else
                            {
                                sheet.Text(cell);
                            }
                        }

                        sheet.EndRow();
                    }
                }

                break;
            case ".parquet":
                await ParquetTestFiles.WriteAsync(path, null, [.. names.Select((n, i) => ParquetTestFiles.Text(n, [.. rows.Select(r => string.IsNullOrEmpty(r[i]) ? null : r[i])]))]);
                break;
            default:
                throw new ArgumentException("no such format: " + path, nameof(path));
        }
    }

    /// <summary>Every record of <paramref name="path"/>, read by the reader its extension selects.</summary>
    public static List<ProfileRecord> Read(string path, FieldSet required)
    {
        using var reader = ProfileReaders.Open(path, RecordSchema.Enterprise, required);
        return [.. reader.ReadAll()];
    }

    private static string Cell(string? text) =>
        text is null ? "" : text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
