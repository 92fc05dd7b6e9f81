using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Tests.TestSupport;

namespace PolicyRules.Tests.Input;

/// <summary>
/// An unreadable row's error reads in both languages with the same specifics: the file, the row, the
/// line (CSV, .xlsx) and the column in the English half and again in the Chinese half, each around its
/// own language's half of the reason — for every reader and for cells holding " / ", quotes, brackets
/// and Chinese, which a naive split of "English / 中文" would cut in the wrong place.
/// </summary>
public sealed class InputErrorTextTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-input-error-text-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Fields = ["employees", "revenueY1", "registrationDate", "industry", "highTechCertValid", "innovationCapabilityScore"];

    private static readonly string[] Pieces = ["x", " / ", "'", "\"", "(", ")", "（", "软件", "，", "it's", "12", "-", "|", " | ", "：", "«", "»", "「", "」"];

    [Fact]
    public async Task Every_row_error_of_every_reader_names_file_row_line_and_column_in_both_languages()
    {
        var random = new Random(2026_12_07); // a fixed sweep: a failure here fails the same way again
        var failures = new SortedSet<string>(StringComparer.Ordinal);
        var checkedErrors = 0;
        foreach (var format in TextTables.Formats)
        {
            var rows = Enumerable.Range(0, 60).Select(_ => new Dictionary<string, string?>
            {
                [Fields[random.Next(Fields.Length)]] = string.Concat(Enumerable.Range(0, random.Next(1, 7)).Select(_ => Pieces[random.Next(Pieces.Length)])),
            }).ToArray();
            var path = Path.Combine(_dir, "in" + format);
            await TextTables.WriteAsync(path, TextTables.Baseline(rows));
            foreach (var record in TextTables.Read(path, ProfileSchema.All))
            {
                var cell = rows[record.Row - 1].Values.Single() ?? "";
                foreach (var error in record.Errors)
                {
                    checkedErrors++;
                    if (Problem(error, cell) is { } problem)
                    {
                        failures.Add($"{format}: {problem}{Environment.NewLine}    {error}");
                    }
                }
            }
        }

        Assert.True(checkedErrors >= 60, $"only {checkedErrors} errors: the rows are not garbled enough");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(20)));
    }

    /// <summary>
    /// A header that cannot be read — a column twice, a needed column missing, a column the contract
    /// retired, an empty file — is named as the header (line 1 / 表头) in both languages, never as a row 0.
    /// </summary>
    [Theory]
    [InlineData(".csv")]
    [InlineData(".xlsx")]
    [InlineData(".parquet")]
    public async Task A_header_error_names_the_header_never_a_row_0(string format)
    {
        var contract = ProfileSchema.Fields.Select(f => f.Name).ToArray();
        string[][] headers =
        [
            [.. contract, "employees"],
            [.. contract.Where(n => n != "employees")],
            [.. contract, "seriousResearchDishonesty"], // a column the contract retired
        ];
        var errors = new List<InputError>();
        foreach (var (names, index) in headers.Select((h, i) => (h, i)))
        {
            var path = Path.Combine(_dir, $"header{index}{format}");
            var values = TextTables.Baseline(new Dictionary<string, string?>()).Single();
            string?[] row = [.. names.Select(n => Array.IndexOf(contract, n) is var at and >= 0 ? values[at] : "x")];
            await TextTables.WriteAsync(path, names, [row]);
            errors.AddRange(Assert.Throws<ProfileInputException>(() => TextTables.Read(path, ProfileSchema.All)).Errors);
        }

        if (format == ".csv")
        {
            var empty = Path.Combine(_dir, "empty.csv");
            await File.WriteAllTextAsync(empty, "");
            errors.AddRange(Assert.Throws<ProfileInputException>(() => TextTables.Read(empty, ProfileSchema.All)).Errors);
        }

        Assert.True(errors.Count >= 3, $"{errors.Count} errors");
        Assert.All(errors, e =>
        {
            var text = e.ToString();
            Assert.DoesNotContain("row 0", text, StringComparison.Ordinal);
            Assert.DoesNotContain("第 0 行", text, StringComparison.Ordinal);
            if (e.Line > 0 && e.Column != "(file)")
            {
                Assert.Contains($"header (line {e.Line})", text, StringComparison.Ordinal);
                Assert.Contains($"表头（第 {e.Line} 行）", text, StringComparison.Ordinal);
            }
        });
    }

    [Theory]
    [InlineData("expected a whole number ≥ 0, got 'a / b' / 应为不小于 0 的整数，实为 'a / b'", "expected a whole number ≥ 0, got 'a / b'")]
    [InlineData("expected a whole number ≥ 0, got '软件 / x' / 应为不小于 0 的整数，实为 '软件 / x'", "expected a whole number ≥ 0, got '软件 / x'")]
    [InlineData("the contract's column (see docs) is missing / 缺少数据契约列（见文档）", "the contract's column (see docs) is missing")]
    [InlineData("bad / 有误 | worse (x / y) / 更糟（x / y）", "bad | worse (x / y)")]
    public void A_reason_is_split_where_its_english_half_ends(string reason, string english) =>
        Assert.Equal(english, InputErrorText.Split(reason)?.En);

    [Fact]
    public void A_reason_in_one_language_is_kept_whole_after_the_place_in_both()
    {
        var text = new InputError("a.csv", 3, 4, "employees", "only English").ToString();
        Assert.Equal("a.csv: row 3 (line 4), column 'employees' / a.csv：第 3 行数据（文件第 4 行），列 'employees'：only English", text);
    }

    /// <summary>
    /// What is wrong with the error's text, or null: each half starts with the file and names the row,
    /// line and column in its language; apart from the cell quoted back, the English half holds no
    /// Chinese, the Chinese half does, and both carry the same specifics.
    /// </summary>
    private static string? Problem(InputError error, string cell)
    {
        var text = error.ToString();
        var at = text.IndexOf($" / {error.Source}：", StringComparison.Ordinal);
        if (at < 0)
        {
            return "no Chinese half starting with the file";
        }

        var (en, zh) = (text[..at], text[(at + 3)..]);
        string[] needEn = [$"{error.Source}: row {error.Row}", .. error.Line > 0 ? [$"(line {error.Line})"] : Array.Empty<string>(), .. Named(error) ? [$"column '{error.Column}'"] : Array.Empty<string>()];
        string[] needZh = [$"第 {error.Row} 行数据", .. error.Line > 0 ? [$"文件第 {error.Line} 行"] : Array.Empty<string>(), .. Named(error) ? [$"列 '{error.Column}'"] : Array.Empty<string>()];
        if (needEn.FirstOrDefault(n => !en.StartsWith(n, StringComparison.Ordinal) && !en.Contains(n, StringComparison.Ordinal)) is { } lostEn)
        {
            return $"the English half lacks \"{lostEn}\"";
        }

        if (needZh.FirstOrDefault(n => !zh.Contains(n, StringComparison.Ordinal)) is { } lostZh)
        {
            return $"the Chinese half lacks \"{lostZh}\"";
        }

        foreach (var shown in (string[])[cell, cell.Trim()])
        {
            (en, zh) = shown.Length == 0 ? (en, zh) : (en.Replace(shown, "⟦cell⟧", StringComparison.Ordinal), zh.Replace(shown, "⟦cell⟧", StringComparison.Ordinal));
        }

        if (en.Any(IsChinese) || !zh.Any(IsChinese))
        {
            return "Chinese in the English half, or none in the Chinese half";
        }

        var (inEn, inZh) = (BilingualSpecifics.Specifics(en), BilingualSpecifics.Specifics(zh));
        var onlyEn = inEn.Where(s => !inZh.Contains(s) && !zh.Contains(s, StringComparison.Ordinal)).ToList();
        var onlyZh = inZh.Where(s => !inEn.Contains(s) && !en.Contains(s, StringComparison.Ordinal)).ToList();
        return onlyEn.Count + onlyZh.Count == 0 ? null : $"only in English: [{string.Join(", ", onlyEn)}]; only in Chinese: [{string.Join(", ", onlyZh)}]";
    }

    private static bool IsChinese(char c) => c is >= '\u4E00' and <= '\u9FFF';

    private static bool Named(InputError error) => !error.Column.StartsWith('(');
}
