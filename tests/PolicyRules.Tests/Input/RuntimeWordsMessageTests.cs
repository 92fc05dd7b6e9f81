using System.IO.Compression;
using CsCheck;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Input;

/// <summary>
/// When the runtime or a library (the Open XML SDK, System.IO) says why a file cannot be read or
/// written, its English words are a value we show, not prose of ours: each half quotes them after the
/// exception's name (<c>XmlException: "…"</c>, <c>XmlException：「…」</c>) and says the rest in its own
/// language, so the Chinese half holds no English prose outside quotes (<see cref="BilingualSpecifics.Mismatch"/>).
/// Each message is reached through the real reader, rule loader or command.
/// </summary>
public sealed class RuntimeWordsMessageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-runtime-words-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    /// <summary>A workbook of two profiles whose package entry <paramref name="entry"/> (matched by its start) is replaced by <paramref name="content"/>.</summary>
    private string WorkbookWith(string entry, Func<string, string> content)
    {
        var path = PathOf(Guid.NewGuid().ToString("N") + ".xlsx");
        ProfileXlsxWriter.Write(path, [TestProfiles.Baseline() with { Id = "A" }, TestProfiles.Baseline() with { Id = "B" }]);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var part = zip.Entries.First(e => e.FullName.StartsWith(entry, StringComparison.Ordinal));
        string text;
        using (var reader = new StreamReader(part.Open()))
        {
            text = reader.ReadToEnd();
        }

        var name = part.FullName;
        part.Delete();
        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
        writer.Write(content(text));
        return path;
    }

    private static string ReasonOf(string path)
    {
        var ex = Assert.Throws<ProfileInputException>(() =>
        {
            using var reader = ProfileXlsxReader.Open(path, RecordSchema.Enterprise, FieldSet.Empty, FieldSet.Empty, new ProfileReadOptions());
            _ = reader.ReadAll().ToList();
        });
        return Assert.Single(ex.Errors).Reason;
    }

    private static void BothHalvesInTheirOwnWords(string message, string told)
    {
        Assert.True(BilingualSpecifics.Mismatch(message) == "", $"{BilingualSpecifics.Mismatch(message)}: {message}");
        Assert.True(message.Contains(told, StringComparison.Ordinal), $"not told \"{told}\": {message}");
        Assert.True(message.Contains('「', StringComparison.Ordinal), $"the runtime's words not quoted as a value: {message}");
    }

    [Fact]
    public void A_file_that_is_no_workbook_package_is_refused_with_the_sdks_words_quoted()
    {
        var path = PathOf("text.xlsx");
        File.WriteAllText(path, "hello, this is not a zip package");
        BothHalvesInTheirOwnWords(ReasonOf(path), "不是可读取的 .xlsx 工作簿（");
    }

    [Fact]
    public void A_workbook_part_that_is_not_xml_is_refused_with_the_parsers_words_quoted() =>
        BothHalvesInTheirOwnWords(ReasonOf(WorkbookWith("xl/workbook", _ => "<workbook xmlns=\"x\"><sheets><sheet name=")), "工作簿已损坏：");

    [Fact]
    public void A_worksheet_cut_off_after_its_first_rows_is_refused_after_the_last_good_row_with_the_parsers_words_quoted()
    {
        // Cut inside the last row's start tag: the parser stops after a row it read whole.
        var reason = ReasonOf(WorkbookWith("xl/worksheets/", text => text[..(System.Text.RegularExpressions.Regex.Matches(text, @"<(\w+:)?row\b")[^1].Index + 8)]));
        Assert.Matches(@"after worksheet row \d+: XmlException: "".+"" / 工作簿在第 \d+ 行之后已损坏：XmlException：「.+」$", reason);
        BothHalvesInTheirOwnWords(reason, "行之后已损坏：");
    }

    /// <summary>
    /// The class: bytes of a workbook changed at random (damage anywhere — the zip, its compressed parts,
    /// the XML); every error the reader gives for it is told in each half's own words.
    /// </summary>
    [Fact]
    public void Every_error_of_a_randomly_damaged_workbook_keeps_english_out_of_the_chinese_half()
    {
        var original = PathOf("original.xlsx");
        ProfileXlsxWriter.Write(original, [TestProfiles.Baseline() with { Id = "A" }, TestProfiles.Baseline() with { Id = "B" }]);
        var bytes = File.ReadAllBytes(original);
        var failures = new SortedSet<string>(StringComparer.Ordinal);
        var refused = 0;
        var told = new SortedSet<string>(StringComparer.Ordinal);
        Gen.Select(Gen.Int[0, bytes.Length - 1].Array[1, 6], Gen.Byte.Array[6]).Sample((offsets, values) =>
        {
            var mutated = (byte[])bytes.Clone();
            for (var i = 0; i < offsets.Length; i++)
            {
                mutated[offsets[i]] = values[i];
            }

            var path = PathOf(Guid.NewGuid().ToString("N") + ".xlsx");
            File.WriteAllBytes(path, mutated);
            try
            {
                using var reader = ProfileXlsxReader.Open(path, RecordSchema.Enterprise, FieldSet.Empty, FieldSet.Empty, new ProfileReadOptions());
                foreach (var record in reader.ReadAll())
                {
                    foreach (var error in record.Errors)
                    {
                        Check(error.Reason);
                    }
                }
            }
            catch (ProfileInputException ex)
            {
                refused++;
                foreach (var error in ex.Errors)
                {
                    Check(error.Reason);
                }
            }
            finally
            {
                File.Delete(path);
            }
        }, iter: 400, threads: 1);

        Assert.True(refused > 100, $"only {refused} refusals: the damage does not reach the reader");
        Assert.True(told.Count >= 2, $"the damage reaches only {string.Join(", ", told)}");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(20)));

        void Check(string reason)
        {
            foreach (var kind in (string[])["不是可读取的 .xlsx 工作簿", "工作簿已损坏", "行之后已损坏", "行已损坏"])
            {
                if (reason.Contains(kind, StringComparison.Ordinal))
                {
                    told.Add(kind);
                }
            }

            if (BilingualSpecifics.Mismatch(reason) is { Length: > 0 } mismatch)
            {
                failures.Add($"{mismatch}{Environment.NewLine}    {reason}");
            }
        }
    }

    /// <summary>A file the system cannot read (an I/O error on a file that exists: /proc/self/mem at offset 0).</summary>
    private const string UnreadableFile = "/proc/self/mem";

    [Fact]
    public void A_json_profile_the_system_cannot_read_is_refused_with_its_words_quoted()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // needs /proc
        }

        var ex = Assert.Throws<ProfileInputException>(() => ProfileJsonReader.ReadFile(UnreadableFile, RecordSchema.Enterprise, FieldSet.Empty));
        BothHalvesInTheirOwnWords(Assert.Single(ex.Errors).Reason, "无法读取文件：IOException：「");
    }

    [Fact]
    public void A_rule_file_the_system_cannot_read_is_a_diagnostic_with_its_words_quoted()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // needs /proc
        }

        var diagnostics = new List<RuleDiagnostic>();
        Assert.Empty(RuleFileReader.ReadFile(UnreadableFile, diagnostics));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticIds.UnreadableFile, diagnostic.Id);
        BothHalvesInTheirOwnWords(diagnostic.Message, "无法读取规则文件：IOException：「"); // "cannot be read" once
    }

    [Fact]
    public void A_rule_document_the_system_cannot_read_is_refused_with_its_words_quoted()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // needs /proc
        }

        var ex = Assert.ThrowsAny<Exception>(() => JsonDocumentChecker.Load(UnreadableFile, "rule file", "规则文件"));
        var diagnostic = ex.Message.Split('\n').Select(l => l.Trim()).Single(l => l.Contains("PR1019", StringComparison.Ordinal));
        BothHalvesInTheirOwnWords(diagnostic[(diagnostic.IndexOf("PR1019: ", StringComparison.Ordinal) + 8)..], "规则文件无法读取：IOException：「");
    }

    [Fact]
    public void Schema_that_cannot_write_its_output_says_so_with_the_runtimes_words_quoted()
    {
        var folder = Directory.CreateDirectory(PathOf("a-folder.json")).FullName; // named as the output may be, but a folder
        var rules = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "district-policy", "rules");
        var (exit, _, stderr) = Cli.Cli.Run("schema", "--rules", rules, "--output", folder);
        Assert.NotEqual(0, exit);
        BothHalvesInTheirOwnWords(stderr.Trim(), "写入失败：");
    }

    [Theory]
    [InlineData("--report")]
    [InlineData("--summary")]
    public void Screen_that_cannot_write_its_report_or_summary_says_so_with_the_runtimes_words_quoted(string option)
    {
        var input = PathOf("in.csv");
        ProfileCsvWriter.Write(input, [TestProfiles.Baseline() with { Id = "A" }]);
        var folder = Directory.CreateDirectory(PathOf(option == "--report" ? "a-folder.html" : "a-folder.json")).FullName; // named as the output may be, but a folder
        var (exit, _, stderr) = Cli.Cli.Run("screen", "--input", input, "--output", PathOf("out.csv"), option, folder, "--as-of", "2025-06-30", "--programmes", "SmeSize");
        Assert.NotEqual(0, exit);
        var line = stderr.Split('\n').Select(l => l.Trim()).Single(l => l.Contains("写入失败", StringComparison.Ordinal));
        BothHalvesInTheirOwnWords(line, option == "--report" ? "报告写入失败：" : "摘要写入失败：");
    }
}
