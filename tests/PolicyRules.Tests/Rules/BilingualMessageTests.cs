using CsCheck;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Rules;

/// <summary>
/// Issue 18: every diagnostic carries the same specifics in English and in Chinese — the names,
/// quoted values, numbers and suggestions — so a message whose Chinese half says only
/// <c>未知属性。</c> or <c>类型不匹配。</c> fails here, whatever its ID (<see cref="BilingualSpecifics"/>).
/// </summary>
public sealed partial class BilingualMessageTests : IDisposable
{
    private readonly List<string> _folders = [];

    public void Dispose()
    {
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Every_diagnostic_of_the_broken_file_corpus_carries_the_same_specifics_in_both_languages()
    {
        var failures = new List<string>();
        foreach (var file in Directory.GetFiles(CorpusDirectory(), "*.json").Order(StringComparer.Ordinal))
        {
            var marked = MarkedRuleFile.Parse(File.ReadAllText(file));
            foreach (var diagnostic in marked.Diagnose("Corpus/" + Path.GetFileName(file)))
            {
                if (BilingualSpecifics.Mismatch(diagnostic.Message) is { Length: > 0 } mismatch)
                {
                    failures.Add($"{Path.GetFileName(file)} {diagnostic.Id}: {mismatch}{Environment.NewLine}    {diagnostic.Message}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Distinct()));
    }

    /// <summary>
    /// A sweep past the corpus: random expressions built from right and wrong pieces — misspelt members
    /// and parameters, wrong operators, percentages, quoted numbers, text compared with numbers, tier
    /// tables with every kind of fault, calls outside the allow-list — and every diagnostic they give.
    /// </summary>
    [Fact]
    public void Every_diagnostic_of_random_broken_expressions_carries_the_same_specifics_in_both_languages()
    {
        string[] tables =
        [
            "<= 5000万: 5%; <= 2亿: 4%; else: 3%", "<= 5000万: 5%; <= 2亿: 4%", "<= 5000万：5%; else: 3%", "<= 2亿: 4%; <= 5000万: 5%; else: 3%",
            ">= 10: 1; <= 5: 2; else: 0", "<= 2千万: 1; else: 0", "<= 5: 1;; else: 0", "else: 1; <= 5: 2", "5: 1; else: 0",
            "<= 99999999999999999999999999999亿: 1; else: 0", "<= 1.00000000000000000000000000001: 1; else: 0", "",
        ];
        string[] pieces =
        [
            "enterprise.Employees", "enterprise.Employes", "enterprise.Name", "enterprise.Industry", "enterprise.RevenueY1", "enterprise.SizeClass",
            "early", "later", "unknownParam", "asOf", ">=", "=>", "=<", "==", "+", "-", "*", "/", "%", "<<", "&&", "||", " not ", " and ",
            "10", "10%", "0.5", "5e-2", "1.5d", "\"x\"", "\"5000000\"", "\"2亿\"", "\"Larg\"", "\"Retail\"", "true", "null", "(", ")",
            "Ratio.Of(enterprise.TechStaff, enterprise.Employees)", "Dates.FullYears(asOf)", "DateTime.Now", "typeof(int)", "new DateOnly(2020, 1, 1)",
            "x => x", "System.IO.File.Exists(\"a\")", "enterprise.Name + \"b\"", "enterprise.GetType()", "Environment.TickCount", "programmes.Eligible(\"SmeSise\")",
            "1 / enterprise.Employees", "1 / 0",
        ];
        var genPiece = Gen.OneOf(Gen.Int[0, pieces.Length - 1].Select(i => pieces[i]), Gen.Int[0, tables.Length - 1].Select(i => $"Tiers.Lookup(enterprise.RevenueY1, \"{tables[i]}\")"));
        var failures = new SortedSet<string>(StringComparer.Ordinal);
        var seen = 0;
        genPiece.Array[1, 6].Sample(parts =>
        {
            var expression = string.Join(" ", parts);
            var json = System.Text.Json.JsonSerializer.Serialize(expression)[1..^1];
            const string Params = """{ "Name": "early", "Expression": "later + 1" }, { "Name": "later", "Expression": "enterprise.Employees", "Unit": "percent" }""";
            foreach (var diagnostic in MarkedRuleFile.Parse(MarkedRuleFile.Workflow(json, Params)).Diagnose())
            {
                seen++;
                if (BilingualSpecifics.Mismatch(diagnostic.Message) is { Length: > 0 } mismatch)
                {
                    failures.Add($"{diagnostic.Id}: {mismatch}{Environment.NewLine}    {diagnostic.Message}{Environment.NewLine}    from: {expression}");
                }
            }
        }, iter: 3_000, threads: 1);

        Assert.True(seen > 3_000, $"only {seen} diagnostics: the sweep does not reach the checker");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(40)));
    }

    /// <summary>
    /// Every bilingual string of src/ — CLI output, reader errors, screening, simulation, SQL, records,
    /// the DI package — fills the same holes (<c>{path}</c>, <c>{row}</c>, <c>{id}</c> …) in its English
    /// and its Chinese half, so a message whose Chinese half drops a path, a row or a suggestion fails.
    /// </summary>
    [Fact]
    public void Every_bilingual_string_of_the_source_fills_the_same_holes_in_both_languages()
    {
        var messages = SourceMessages();
        var failures = new List<string>();
        foreach (var message in messages)
        {
            var (en, zh) = (BilingualSourceLiterals.NamesRead(message.EnHoles), BilingualSourceLiterals.NamesRead(message.ZhHoles));
            var onlyEn = en.Except(zh).Where(h => !Exempt(message.Where, h)).ToList();
            var onlyZh = zh.Except(en).Where(h => !Exempt(message.Where, h)).ToList();
            if (onlyEn.Count > 0 || onlyZh.Count > 0)
            {
                failures.Add($"{message.Where}: only in English: [{string.Join(", ", onlyEn)}]; only in Chinese: [{string.Join(", ", onlyZh)}]{Environment.NewLine}    {message.Text}");
            }
        }

        Assert.True(messages.Count > 200, $"only {messages.Count} bilingual strings found: the scan misses the source");
        Assert.True(failures.Count == 0, $"{failures.Count} messages:{Environment.NewLine}" + string.Join(Environment.NewLine, failures));
    }

    /// <summary>
    /// The holes aside, the words of each bilingual string of src/ carry the same specifics in both halves
    /// — quoted examples, numbers, code names — and its Chinese half holds no plain English: the CSV
    /// reader's "quote the whole cell … \"5\"\" pipe\"" had no Chinese, found by a fuzzer only when a random
    /// file happened to hold a stray quote. Each hole is shown as ◇, a value neither half spells out. (SQL
    /// that builds a message with <c>' || </c> quotes its own pieces: the words are not told apart there.)
    /// </summary>
    [Fact]
    public void Every_bilingual_string_of_the_source_carries_the_same_written_specifics_in_both_languages()
    {
        var messages = SourceMessages();
        var failures = new List<string>();
        foreach (var message in messages)
        {
            if (LabelledLines.Any(label => message.Text.Contains(label, StringComparison.Ordinal)) || message.Text.Contains("' || ", StringComparison.Ordinal))
            {
                continue;
            }

            var text = HoleMarker().Replace(message.Text, "◇"); // a hole, or a format item {0} of a diagnostic's template
            var mismatch = BilingualSpecifics.Mismatch(text);
            var english = BilingualSpecifics.PlainEnglishWordsInChinese(text);
            if (mismatch.Length > 0 || english.Count > 0)
            {
                failures.Add($"{message.Where}: {mismatch} [{string.Join(' ', english)}]{Environment.NewLine}    {message.Text}");
            }
        }

        Assert.True(messages.Count > 200, $"only {messages.Count} bilingual strings found: the scan misses the source");
        Assert.True(failures.Count == 0, $"{failures.Count} messages:{Environment.NewLine}" + string.Join(Environment.NewLine, failures));
    }

    /// <summary>
    /// A place in a file — "row {row} (line {line}), column '{column}'" — told in English only leaves the
    /// Chinese reader without the file's row, line and column: every string of src/ naming one is bilingual.
    /// </summary>
    [Fact]
    public void Every_string_of_the_source_naming_a_row_line_or_column_has_a_chinese_half()
    {
        var found = BilingualSourceLiterals.EnglishOnlyPlaces(Path.Combine(RepositoryRoot(), "src")).ToList();
        Assert.True(found.Count == 0, $"{found.Count} strings:{Environment.NewLine}" + string.Join(Environment.NewLine, found.Select(f => $"{f.Where}: {f.Text}")));
    }

    /// <summary>Every lower-case field kind a record declaration names is a word the Chinese half may keep in English (the shared check writes the list out).</summary>
    [Fact]
    public void The_words_kept_in_english_include_every_field_kind() =>
        Assert.All(PolicyRules.Records.FieldKinds.Names.Where(n => n.All(char.IsLower)), kind => Assert.True(BilingualSpecifics.IsKeptInEnglish(kind), kind));

    /// <summary>The bilingual messages of src/: "English / 中文" strings, and pairs of texts side by side (English, then Chinese).</summary>
    private static List<BilingualSourceLiterals.Message> SourceMessages()
    {
        var source = Path.Combine(RepositoryRoot(), "src");
        return [.. BilingualSourceLiterals.Under(source), .. BilingualSourceLiterals.Pairs(source).Where(m => !TranslationTables.Contains(m.Where[..m.Where.LastIndexOf(':')]))];
    }

    /// <summary>Tables that pair a library's own English message (System.Linq.Dynamic.Core's, System.Text.Json's) with our Chinese: the English is theirs, a key.</summary>
    private static readonly string[] TranslationTables = ["PolicyRules/Compilation/ParserMessages.cs", "PolicyRules/Rules/JsonErrorText.cs"];

    /// <summary>A folder of one source file, <c>A.cs</c>, for a scan's self-test; deleted when the test class is.</summary>
    private string SourceFolder(string source)
    {
        var folder = Directory.CreateTempSubdirectory("bilingual-scan-").FullName;
        _folders.Add(folder);
        File.WriteAllText(Path.Combine(folder, "A.cs"), source);
        return folder;
    }

    /// <summary>The pair scan reads texts side by side, English then Chinese, as one message; a name beside a message is not its English.</summary>
    [Fact]
    public void The_pair_scan_reads_english_and_chinese_written_side_by_side()
    {
        var folder = SourceFolder("""
            class A
            {
                void M(int row) => Error(1, "(row)", $"row {row} is bad", $"第 {row} 行有误");
                void N() => Error("a quote in a cell: \"5\"\" pipe\"", "单元格中出现引号");
                object O(string key) => (En: $"no key {key}", Zh: "缺少键");
                void P() => Error("(header)", "bad header / 表头有误");
            }
            """);
        var pairs = BilingualSourceLiterals.Pairs(folder).ToList();
        Assert.Equal(["A.cs:3", "A.cs:4", "A.cs:5"], pairs.Select(p => p.Where));
        Assert.Equal("row ⟦0⟧ is bad / 第 ⟦1⟧ 行有误", pairs[0].Text);
        Assert.Equal(pairs[0].EnHoles, pairs[0].ZhHoles);
        Assert.Contains("pipe", BilingualSpecifics.Mismatch(pairs[1].Text), StringComparison.Ordinal);
        Assert.Equal(["key"], pairs[2].EnHoles.Except(pairs[2].ZhHoles));
    }

    /// <summary>The place scan finds an English-only row, line or column, and passes one told in both languages.</summary>
    [Fact]
    public void The_place_scan_catches_a_row_told_in_english_only()
    {
        var folder = SourceFolder("""
            class A
            {
                string M(string path, int row, int line) => $"{path}: row {row} (line {line}): bad";
                string N(string column) => "column '" + column + "' is bad";
                string O(int row) => $"row {row} is bad / 第 {row} 行有误";
                string P(int rows) => $"{rows} rows read";
            }
            """);
        var found = BilingualSourceLiterals.EnglishOnlyPlaces(folder).Select(f => f.Where).ToList();
        Assert.Equal(["A.cs:3", "A.cs:4"], found);
    }

    /// <summary>
    /// A hole both halves fill passes the hole comparison even when what it shows is English prose — the
    /// Parquet reader's "应为 {expected}", expected being "DECIMAL, an integer type or STRING", told the
    /// Chinese reader the accepted types in English. No Chinese half of src/ shows a variable built from English prose.
    /// </summary>
    [Fact]
    public void No_chinese_half_of_the_source_shows_a_variable_holding_english_prose()
    {
        var found = BilingualSourceLiterals.EnglishInChineseHalves(Path.Combine(RepositoryRoot(), "src")).ToList();
        Assert.True(found.Count == 0, $"{found.Count} holes:{Environment.NewLine}" + string.Join(Environment.NewLine, found.Select(f => $"{f.Where}: {{{f.Hole}}} shows \"{f.Prose}\"")));
    }

    /// <summary>
    /// An exception's own message — the runtime's, the Open XML SDK's, System.Text.Json's — is English
    /// prose; shown bare in a Chinese half (<c>工作簿已损坏：{ex.Message}</c>) it tells the Chinese reader
    /// English as if it were ours. No Chinese half of src/ shows a <c>.Message</c> unless quoted 「…」 as a value.
    /// </summary>
    [Fact]
    public void No_chinese_half_of_the_source_shows_an_exception_message_unquoted()
    {
        var source = Path.Combine(RepositoryRoot(), "src");
        var found = BilingualSourceLiterals.ExceptionMessagesInChineseHalves(source).Concat(BilingualSourceLiterals.ExceptionMessagesInChinesePairs(source)).ToList();
        Assert.True(found.Count == 0, $"{found.Count} holes:{Environment.NewLine}" + string.Join(Environment.NewLine, found.Select(f => $"{f.Where}: {{{f.Hole}}}")));
    }

    /// <summary>The scan finds a bare <c>.Message</c> in a Chinese half (after " / " or a whole Chinese string), and passes one quoted 「…」, one in the English half only, and ours in Chinese (<c>.Message.Zh</c>).</summary>
    [Fact]
    public void The_exception_message_scan_catches_a_bare_message_in_a_chinese_half()
    {
        var folder = SourceFolder("""
            class A
            {
                string M(System.Exception ex) => $"the workbook is damaged: {ex.Message} / 工作簿已损坏：{ex.Message}";
                string N(System.Exception ex) => $"无法加载：{(ex.InnerException ?? ex).Message}";
                string O(System.Exception ex) => $"damaged: \"{ex.Message}\" / 已损坏：「{ex.Message}」";
                string P(System.Exception ex) => $"damaged: {ex.Message} / 已损坏";
                string Q(C c) => $"{c.Message.En} / {c.Message.Zh}";
                (string En, string Zh) R(System.Exception ex) => (ex.Message, ex.Message);
                (string En, string Zh)? S(System.Exception ex) => (En: ex.Message, Zh: "已损坏");
                object T(System.Exception ex) => (En: "damaged", Zh: ex.Message);
            }
            """);
        var found = BilingualSourceLiterals.ExceptionMessagesInChineseHalves(folder).ToList();
        Assert.Equal([("A.cs:3", "ex.Message"), ("A.cs:4", "(ex.InnerException ?? ex).Message")], found);
        var pairs = BilingualSourceLiterals.ExceptionMessagesInChinesePairs(folder).ToList();
        Assert.Equal([("A.cs:8", "ex.Message"), ("A.cs:10", "ex.Message")], pairs);
    }

    /// <summary>The scan finds English prose shown in a Chinese half through a variable, and passes each language's own words and names shown in both.</summary>
    [Fact]
    public void The_english_in_chinese_scan_catches_a_list_of_types_shown_in_both_halves()
    {
        var folder = SourceFolder("""
            class A
            {
                string M(bool date, string given)
                {
                    var expected = date ? "DATE, a TIMESTAMP at midnight or STRING" : "BOOLEAN or STRING";
                    return $"a column of type {given} cannot hold this field: expected {expected} / 列类型 {given} 不适用于该字段，应为 {expected}";
                }

                string N(bool date, string given)
                {
                    var expected = date ? (En: "DATE, a TIMESTAMP at midnight or STRING", Zh: "DATE、零点的 TIMESTAMP 或 STRING") : (En: "BOOLEAN or STRING", Zh: "BOOLEAN 或 STRING");
                    var name = "the column";
                    return $"{name} of type {given}: expected {expected.En} / {name} 列类型 {given}，应为 {expected.Zh}";
                }
            }
            """);
        var found = BilingualSourceLiterals.EnglishInChineseHalves(folder).ToList();
        Assert.Equal([("A.cs:6", "expected", "DATE, a TIMESTAMP at midnight or STRING")], found);
    }

    /// <summary>The scan finds a hole that one half drops, in an interpolation and in a <c>+</c> join.</summary>
    [Fact]
    public void The_source_scan_catches_a_hole_in_one_half_only()
    {
        var folder = SourceFolder("""
            class A
            {
                string M(string path, int row) => $"Input file {path} does not exist. / 输入文件不存在。";
                string N(string path, int row) => "Row " + row + " is bad. / 第 " + row + " 行有误：" + path;
                string O(string path) => $"File {path,-10:x} is fine. / 文件 {path} 无误。";
            }
            """);
        var messages = BilingualSourceLiterals.Under(folder).ToList();
        Assert.Equal(3, messages.Count);
        Assert.Equal(["path"], messages[0].EnHoles.Except(messages[0].ZhHoles));
        Assert.Equal(["path"], messages[1].ZhHoles.Except(messages[1].EnHoles));
        Assert.Equal(messages[2].EnHoles, messages[2].ZhHoles);
    }

    /// <summary>The same values shown in each language's words are the same specifics; another value is not.</summary>
    [Theory]
    [InlineData("title.En", "title.Zh", true)]
    [InlineData("string.Join(\", \", names)", "string.Join(\"、\", names)", true)]
    [InlineData("node.Describe()", "node.DescribeZh()", true)]
    [InlineData("what", "Suggest.Zh(what)", true)]
    [InlineData("suggestion is null ? \"\" : $\"; did you mean '{suggestion}'?\"", "suggestion is null ? \"\" : $\"，是否应为'{suggestion}'？\"", true)]
    [InlineData("node.NumberText ?? node.Describe()", "node.Describe()", false)]
    [InlineData("path", "Path.GetFileName(other)", false)]
    public void Holes_are_compared_by_the_values_they_show(string en, string zh, bool same) =>
        Assert.Equal(same, BilingualSourceLiterals.NamesRead([en]).SetEquals(BilingualSourceLiterals.NamesRead([zh])));

    /// <summary>
    /// Holes that cannot be in both halves, each with why: keyed by file (relative to src/) and the
    /// hole's expression.
    /// </summary>
    private static readonly Dictionary<(string File, string Hole), string> Exemptions = new()
    {
        // Lines labelled "中文 English: value" (a report row, a generated XML doc line), not "English / 中文":
        // the " / " there divides two labels or a count from a total, so the halves are not languages.
        [("PolicyRules/Evaluation/ExplanationText.cs", "Citation")] = "\"后续政策 Succeeded by: 中文标题 / English title; 依据 Source: citation\": the citation follows both titles once",
        [("PolicyRules/Reporting/ScreeningReport.cs", "Programme")] = "chart label \"Programme Version: 中文标题 / English title — 符合 eligible n / total\"",
        [("PolicyRules/Reporting/ScreeningReport.cs", "Version")] = "the same chart label",
        [("PolicyRules/Reporting/ScreeningReport.cs", "Eligible")] = "the same chart label: \"n / total\" is a fraction",
        [("PolicyRules/Reporting/ScreeningReport.cs", "Written")] = "the same chart label",
        [("PolicyRules/Reporting/ScreeningReport.cs", "Key")] = "chart label \"Criterion: 中文标题 / English title — 未通过 failing n, 仅此一项 only this n\"",
        [("PolicyRules/Reporting/ScreeningReport.cs", "Value")] = "the same chart label",
        [("PolicyRules/Reporting/ScreeningReport.cs", "Sole")] = "the same chart label",
        [("PolicyRules.Analyzers/Records/RecordSource.cs", "field")] = "XML doc line \"列 / column name, 类型 / kind Kind\": each label is bilingual, the value follows once",
        [("PolicyRules.Analyzers/Records/RecordSource.cs", "Name")] = "the same XML doc line",
        [("PolicyRules.Analyzers/Records/RecordSource.cs", "Kind")] = "the same XML doc line",
        [("PolicyRules/Model/RecordSchema.cs", "Count")] = "a number's kind named in Chinese words as well as by name: 整数（count）, 数值（money）",
    };

    /// <summary>Labelled lines ("中文 English: value", see <see cref="Exemptions"/>), not "English / 中文": a label each holds.</summary>
    private static readonly string[] LabelledLines = ["符合 eligible", "仅此一项 only this", "类型 / kind"];

    private static bool Exempt(string where, string hole) => Exemptions.ContainsKey((where[..where.LastIndexOf(':')], hole));

    [Theory]
    [InlineData("HighTechEnterprise 2016 (from 2016-01-01 to 2026-06-30) overlaps 2026 (from 2026-01-01). / 版本有效期重叠。")]
    [InlineData("Unknown property \"Titel\"; did you mean \"Title\"? / 未知属性。")]
    [InlineData("Syntax error at character 12: ')' expected / 语法错误。")]
    [InlineData("The expression nests deeper than 64 levels. / 表达式嵌套过深。")]
    [InlineData("Type mismatch: enterprise.Name compared with 100 / 类型不匹配：文本与数字比较。")]
    [InlineData("Only English, with 'specifics'.")]
    [InlineData("Syntax error at character 3: Invalid integer literal '12x' / 第 3 个字符处语法错误：Invalid integer literal '12x'")]
    [InlineData("The expression cannot be parsed: Value cannot be empty. / 表达式无法解析：解析器原文：Value cannot be empty.")]
    public void A_message_whose_chinese_half_drops_the_specifics_is_caught(string message) => Assert.NotEqual("", BilingualSpecifics.Mismatch(message));

    [Theory]
    [InlineData("'=>' is not a comparison; for \"at least\" write '>=': daysRegistered >= 365 / '=>' 不是比较运算符；表示“不低于”请写 '>='：daysRegistered >= 365")]
    [InlineData("Rule 'TechStaffRatio' has no \"Expression\". / 规则 'TechStaffRatio' 缺少 \"Expression\"。")]
    [InlineData("Title «不低于10%» states 10 / 标题「不低于10%」写明 10")]
    public void A_message_with_the_same_specifics_in_both_halves_passes(string message) => Assert.Equal("", BilingualSpecifics.Mismatch(message));

    private static string CorpusDirectory() => Path.Combine(RepositoryRoot(), "tests", "PolicyRules.Tests", "Corpus");

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PolicyRules.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("PolicyRules.sln not found above the test folder");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"⟦\d+⟧|\{\d+\}")]
    private static partial System.Text.RegularExpressions.Regex HoleMarker();
}
