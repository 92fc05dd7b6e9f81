using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace PolicyRules.Analyzers.Tests;

/// <summary>Each rule-file diagnostic lands on its token inside the JSON, as markup in the text shows.</summary>
public sealed class RuleFileAnalyzerTests
{
    private const string Source = "class C { }";

    private static string Workflow(string expression, string extraRule = "") => $$"""
        [
          {
            "WorkflowName": "Sample",
            "PolicyRules": { "Version": "1", "TitleZh": "样例", "TitleEn": "Sample", "Status": "verified", "EffectiveFrom": "2020-01-01" },
            "GlobalParams": [ { "Name": "staffRatio", "Expression": "Ratio.Of(enterprise.TechStaff, enterprise.Employees)" } ],
            "Rules": [
              {
                "RuleName": "Rule",
                "Expression": "{{expression}}",
                "Properties": { "TitleZh": "规则", "TitleEn": "Rule", "Citation": { "Document": "D", "Article": "A" } }
              }{{extraRule}}
            ]
          }
        ]
        """;

    [Fact]
    public Task A_valid_rule_file_has_no_diagnostics() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow("staffRatio >= 0.10")));

    [Fact]
    public Task Invalid_json_PR1001() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", "[ { \"WorkflowName\": \"Sample\", {|PR1001:}|} ]"));

    [Fact]
    public Task Misspelt_property_PR1002() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json",
            Workflow("true").Replace("\"Properties\":", "{|PR1002:\"Propertes\"|}:", StringComparison.Ordinal)));

    [Fact]
    public Task Unknown_operator_PR1003() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json",
            Workflow("true").Replace("\"Expression\": \"true\",", "\"Operator\": {|PR1003:\"Xor\"|}, \"Rules\": [ { \"RuleName\": \"Child\", \"Expression\": \"true\", \"Properties\": { \"TitleZh\": \"子\", \"TitleEn\": \"Child\", \"Citation\": { \"Document\": \"D\", \"Article\": \"A\" } } } ],", StringComparison.Ordinal)));

    [Fact]
    public Task Duplicate_workflow_across_files_PR1004() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source,
            ("/project/rules/A.json", Workflow("true")),
            ("/project/rules/B.json", Workflow("true").Replace("\"WorkflowName\": \"Sample\"", "\"WorkflowName\": {|PR1004:\"Sample\"|}", StringComparison.Ordinal)));

    [Fact]
    public Task Duplicate_rule_name_PR1005() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow("true",
            """
            ,
                  { "RuleName": {|PR1005:"Rule"|}, "Expression": "true", "Properties": { "TitleZh": "规则", "TitleEn": "Rule", "Citation": { "Document": "D", "Article": "A" } } }
            """)));

    [Fact]
    public Task A_duplicate_rule_name_also_points_at_the_first_one()
    {
        var text = Workflow("true",
            """
            ,
                  { "RuleName": {|#0:"Rule"|}, "Expression": "true", "Properties": { "TitleZh": "规则", "TitleEn": "Rule", "Citation": { "Document": "D", "Article": "A" } } }
            """).Replace("\"RuleName\": \"Rule\",\n", "\"RuleName\": {|#1:\"Rule\"|},\n", StringComparison.Ordinal);
        var expected = new Microsoft.CodeAnalysis.Testing.DiagnosticResult("PR1005", Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
            .WithLocation(0).WithLocation(1)
            .WithMessage("Rule name 'Rule' is used twice in this workflow; the first is at /project/rules/Sample.json(8,21). / 规则名 'Rule' 在本工作流中使用了两次，首次出现于 /project/rules/Sample.json(8,21)。");
        return Verify.Analyzer<RuleFileAnalyzer>(Source, [("/project/rules/Sample.json", text)], [expected]);
    }

    [Fact]
    public Task Misspelt_member_PR1006() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow("enterprise.{|PR1006:Employes|} >= 10")));

    [Fact]
    public Task Syntax_error_PR1007() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow("(enterprise.Employees >= 10{|PR1007:|}")));

    [Fact]
    public Task Non_boolean_PR1008() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow("{|PR1008:e|}nterprise.Employees + 1")));

    [Fact]
    public Task Type_mismatch_PR1009() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow("enterprise.Name {|PR1009:>|} 3")));

    [Fact]
    public Task Unknown_parameter_PR1010() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow("{|PR1010:staffRatoi|} >= 0.1")));

    [Fact]
    public Task Tier_table_out_of_order_PR1012() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json",
            Workflow("Tiers.Lookup(staffRatio, \\\">= 10%: 4; {|PR1012:>= 20%: 12|}; else: 0\\\") > 0")));

    [Fact]
    public Task Missing_citation_PR1014() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json",
            Workflow("true").Replace(", \"Citation\": { \"Document\": \"D\", \"Article\": \"A\" }", "", StringComparison.Ordinal)
                .Replace("\"RuleName\": \"Rule\"", "\"RuleName\": {|PR1014:\"Rule\"|}", StringComparison.Ordinal)));

    [Fact]
    public Task Reflection_PR1015() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow("{|PR1015:Process|}.GetCurrentProcess() != null")));

    /// <summary>A few of the hostile corpus (PolicyRules.Tests/Security/HostileExpressionTests) refused at build time too.</summary>
    [Theory]
    [InlineData("enterprise.{|PR1015:G|}etType() != null")]
    [InlineData("\\\"\\\".{|PR1015:G|}etType().Assembly != null")]
    [InlineData("{|PR1015:File|}.Create(\\\"/tmp/policyrules-hostile\\\") != null")]
    [InlineData("{|PR1015:Environment|}.SetEnvironmentVariable(\\\"X\\\", \\\"1\\\") == null")]
    [InlineData("{|PR1015:DateTime.Now|}.Year > 2000")]
    [InlineData("{|PR1015:Regex|}.IsMatch(enterprise.Name, \\\"(a+)+$\\\")")]
    [InlineData("(((((((((((((((((((((((((((((((({|PR1007:(|}true)))))))))))))))))))))))))))))))))")]
    public Task Hostile_expressions_are_refused_at_build_time(string expression) =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow(expression)));

    [Fact]
    public Task Double_PR1016() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow("{|PR1016:enterprise.Employees * 1.5d > 3|}")));

    [Fact]
    public Task Unguarded_division_PR1017() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json", Workflow("enterprise.RdExpenseY1 {|PR1017:/|} enterprise.RevenueY1 >= 0.05")));

    [Fact]
    public Task Missing_score_parameter_PR1018() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/rules/Sample.json",
            Workflow("true").Replace("\"EffectiveFrom\": \"2020-01-01\"", "\"EffectiveFrom\": \"2020-01-01\", \"Score\": \"total\"", StringComparison.Ordinal)
                .Replace("\"WorkflowName\": \"Sample\"", "\"WorkflowName\": {|PR1018:\"Sample\"|}", StringComparison.Ordinal)));

    // Cross-file checks (PR1013, PR1020, PR1021, PR1033, PR1034) run over all rule files of the compilation together;
    // each diagnostic must land in the file and on the token that the checker names, whichever file
    // is read first (the analyzer orders files by path, as lint does).

    /// <summary>One workflow (a JSON object): <paramref name="metadata"/> is extra PolicyRules metadata, e.g. <c>"Programme": "X", "EffectiveTo": "…"</c>.</summary>
    private static string Version(string workflowName, string from, string metadata = "", string expression = "true") => $$"""
          {
            "WorkflowName": {{workflowName}},
            "PolicyRules": { "Version": "{{from[..4]}}", "TitleZh": "样例", "TitleEn": "Sample", "Status": "verified", "EffectiveFrom": "{{from}}"{{metadata}} },
            "Rules": [
              { "RuleName": "Rule", "Expression": "{{expression}}", "Properties": { "TitleZh": "规则", "TitleEn": "Rule", "Citation": { "Document": "D", "Article": "A" } } }
            ]
          }
        """;

    private static string Workflows(params string[] workflows) => "[\n" + string.Join(",\n", workflows) + "\n]\n";

    private static DiagnosticResult Expect(string id, string message, params int[] markers)
    {
        var result = new DiagnosticResult(id, DiagnosticSeverity.Error).WithMessage(message);
        foreach (var marker in markers)
        {
            result = result.WithLocation(marker);
        }

        return result;
    }

    [Fact]
    public Task Versions_that_overlap_PR1013_on_the_later_version_in_its_own_file() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source,
            [
                ("/project/rules/Sample2016.json", Workflows(Version("\"Sample2016\"", "2016-01-01", ", \"Programme\": \"Sample\", \"EffectiveTo\": \"2026-04-01\""))),
                ("/project/rules/Sample2026.json", Workflows(Version("{|#0:\"Sample2026\"|}", "2026-04-01", ", \"Programme\": \"Sample\""))),
            ],
            [Expect("PR1013", "Sample 2016 (from 2016-01-01 to 2026-04-01) overlaps 2026 (from 2026-04-01). / Sample 2016（2016-01-01 至 2026-04-01）与 2026（自 2026-04-01 起）有效期重叠。", 0)]);

    [Fact]
    public Task Versions_that_overlap_PR1013_when_the_later_version_is_in_the_file_read_first() =>
        // A.json sorts (and is read) first but holds the later version: the diagnostic still belongs to it, not to B.json.
        Verify.Analyzer<RuleFileAnalyzer>(Source,
            [
                ("/project/rules/A.json", Workflows(Version("{|#0:\"Sample2026\"|}", "2026-01-01", ", \"Programme\": \"Sample\""))),
                ("/project/rules/B.json", Workflows(Version("\"Sample2016\"", "2016-01-01", ", \"Programme\": \"Sample\""))),
            ],
            [Expect("PR1013", "Sample 2016 (from 2016-01-01 to open) overlaps 2026 (from 2026-01-01). / Sample 2016（自 2016-01-01 起，无截止日期）与 2026（自 2026-01-01 起）有效期重叠。", 0)]);

    [Fact]
    public Task Versions_with_a_gap_PR1013_name_the_missing_days() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source,
            [
                ("/project/rules/Old.json", Workflows(Version("\"Sample2016\"", "2016-01-01", ", \"Programme\": \"Sample\", \"EffectiveTo\": \"2026-03-30\""))),
                ("/project/rules/New.json", Workflows(Version("{|#0:\"Sample2026\"|}", "2026-04-01", ", \"Programme\": \"Sample\""))),
            ],
            [Expect("PR1013", "Sample has no version in force from 2026-03-31 to 2026-03-31. / Sample 在 2026-03-31 至 2026-03-31 期间没有有效版本（版本有效期之间有空档）。", 0)]);

    [Fact]
    public Task Versions_that_follow_each_other_day_by_day_have_no_diagnostics() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source,
            ("/project/rules/Old.json", Workflows(Version("\"Sample2016\"", "2016-01-01", ", \"Programme\": \"Sample\", \"EffectiveTo\": \"2026-03-31\""))),
            ("/project/rules/New.json", Workflows(Version("\"Sample2026\"", "2026-04-01", ", \"Programme\": \"Sample\""))));

    [Fact]
    public Task EffectiveTo_before_EffectiveFrom_PR1013_on_the_date() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source,
            ("/project/rules/Sample.json", Workflows(Version("\"Sample\"", "2020-01-01", ", \"EffectiveTo\": {|PR1013:\"2019-12-31\"|}"))));

    [Fact]
    public Task Versions_that_read_different_kinds_of_record_PR1033_point_at_both_files() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source,
            [
                ("/project/rules/TalentAward2023.json", Workflows(Version("{|#1:\"TalentAward2023\"|}", "2023-01-01", ", \"Programme\": \"TalentAward\", \"EffectiveTo\": \"2024-12-31\", \"Input\": \"Person\"", "person.LeadingTalentQualified"))),
                ("/project/rules/TalentAward2025.json", Workflows(Version("{|#0:\"TalentAward2025\"|}", "2025-01-01", ", \"Programme\": \"TalentAward\"", "enterprise.Employees >= 1"))),
            ],
            [Expect("PR1033", "TalentAward 2025 evaluates Enterprise records but 2023 evaluates Person records: all versions of a programme read the same kind. / TalentAward 2025 评估 Enterprise 记录，而 2023 评估 Person 记录：同一项目各版本的评估对象类型须一致。", 0, 1)]);

    [Fact]
    public Task Composite_using_a_programme_of_another_file_has_no_diagnostics() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source,
            ("/project/rules/Base.json", Workflows(Version("\"Base\"", "2020-01-01"))),
            ("/project/rules/Composite.json", Workflows(Version("\"Composite\"", "2020-01-01", ", \"Uses\": [ \"Base\" ]", "programmes.Eligible(\\\"Base\\\")"))));

    [Fact]
    public Task Uses_names_an_unknown_programme_PR1020_on_the_entry_with_a_suggestion_from_another_file() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source,
            [
                ("/project/rules/SmeSize.json", Workflows(Version("\"SmeSize\"", "2020-01-01"))),
                ("/project/rules/Licensee.json", Workflows(Version("\"Licensee\"", "2020-01-01", ", \"Uses\": [ {|#0:\"SmeSise\"|} ]"))),
            ],
            [Expect("PR1020", "Licensee uses 'SmeSise', which no rule file defines; did you mean 'SmeSize'? / Licensee 引用的项目 'SmeSise' 没有任何规则文件定义，是否应为 'SmeSize'？", 0)]);

    [Fact]
    public Task Expression_reads_a_programme_not_in_Uses_PR1020_on_the_name_inside_the_expression() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source,
            [
                ("/project/rules/Base.json", Workflows(Version("\"Base\"", "2020-01-01"))),
                ("/project/rules/Other.json", Workflows(Version("\"Other\"", "2020-01-01"))),
                ("/project/rules/Composite.json", Workflows(Version("\"Composite\"", "2020-01-01", ", \"Uses\": [ \"Base\" ]",
                    "programmes.Eligible(\\\"Base\\\") && programmes.Eligible({|#0:\\\"Other\\\"|})"))),
            ],
            [Expect("PR1020", "'Other' is not among the programmes this workflow's \"Uses\" lists (Base). / 项目 'Other' 不在本工作流 \"Uses\" 所列项目中（Base）。", 0)]);

    [Fact]
    public Task Programme_name_that_is_not_a_literal_PR1020_on_the_call() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source,
            ("/project/rules/Base.json", Workflows(Version("\"Base\"", "2020-01-01"))),
            ("/project/rules/Composite.json", Workflows(Version("\"Composite\"", "2020-01-01", ", \"Uses\": [ \"Base\" ]",
                "programmes.{|PR1020:Eligible|}(\\\"Ba\\\" + \\\"se\\\")"))));

    [Fact]
    public Task Programmes_that_use_each_other_across_files_PR1021_on_the_entry_that_closes_the_cycle() =>
        // A.json uses B, B.json uses A: the search starts at A, so the cycle closes on B's "Uses" entry, in B.json.
        Verify.Analyzer<RuleFileAnalyzer>(Source,
            [
                ("/project/rules/A.json", Workflows(Version("\"A\"", "2020-01-01", ", \"Uses\": [ \"B\" ]", "programmes.Eligible(\\\"B\\\")"))),
                ("/project/rules/B.json", Workflows(Version("\"B\"", "2020-01-01", ", \"Uses\": [ {|#0:\"A\"|} ]", "programmes.Eligible(\\\"A\\\")"))),
            ],
            [Expect("PR1021", "Programmes use each other in a cycle: A → B → A. / 项目之间循环引用：A → B → A。", 0)]);

    [Fact]
    public Task A_cycle_through_three_files_PR1021_is_reported_once_with_the_whole_cycle() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source,
            [
                ("/project/rules/A.json", Workflows(Version("\"A\"", "2020-01-01", ", \"Uses\": [ \"B\" ]"))),
                ("/project/rules/B.json", Workflows(Version("\"B\"", "2020-01-01", ", \"Uses\": [ \"C\" ]"))),
                ("/project/rules/C.json", Workflows(Version("\"C\"", "2020-01-01", ", \"Uses\": [ {|#0:\"A\"|} ]"))),
            ],
            [Expect("PR1021", "Programmes use each other in a cycle: A → B → C → A. / 项目之间循环引用：A → B → C → A。", 0)]);

    [Fact]
    public Task A_programme_using_itself_PR1021() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source,
            [("/project/rules/A.json", Workflows(Version("\"A\"", "2020-01-01", ", \"Uses\": [ {|#0:\"A\"|} ]")))],
            [Expect("PR1021", "Programmes use each other in a cycle: A → A. / 项目之间循环引用：A → A。", 0)]);

    [Fact]
    public Task Enterprise_composite_using_a_person_programme_PR1034_points_at_the_used_one() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source,
            [
                ("/project/rules/Composite.json", Workflows(Version("\"Composite\"", "2020-01-01", ", \"Uses\": [ {|#0:\"Talent\"|} ]"))),
                ("/project/rules/Talent.json", Workflows(Version("{|#1:\"Talent\"|}", "2020-01-01", ", \"Input\": \"Person\"", "person.LeadingTalentQualified"))),
            ],
            [Expect("PR1034", "Composite evaluates Enterprise records but uses 'Talent', which evaluates Person records. / Composite 评估 Enterprise 记录，但引用的项目 'Talent' 评估 Person 记录。", 0, 1)]);

    [Fact]
    public Task A_rule_file_over_4_MiB_PR1019_at_its_start()
    {
        // The checker refuses files over RuleFileReader.MaxFileBytes (counted in UTF-8 bytes) before parsing them;
        // the other way to get PR1019, a file that cannot be opened, never reaches the analyzer (see below).
        var padding = new string(' ', PolicyRules.Rules.RuleFileReader.MaxFileBytes);
        return Verify.Analyzer<RuleFileAnalyzer>(Source,
            [("/project/rules/Huge.json", "{|#0:|}" + Workflows(Version("\"Huge\"", "2020-01-01")) + padding)],
            [new DiagnosticResult("PR1019", DiagnosticSeverity.Error).WithLocation(0)]);
    }

    [Fact]
    public async Task A_rule_file_the_compiler_cannot_read_is_left_to_the_compiler()
    {
        // In a build the compiler reads AdditionalFiles itself; one it cannot open has no text (GetText
        // returns null) and the compiler reports its own error for it (error CS2001 for a missing file,
        // seen with csc 10.0.401). The analyzer skips it rather than reporting PR1019 a second time,
        // and checks the readable files as usual.
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("C",
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(Source)],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location), MetadataReference.CreateFromFile(typeof(PolicyEngine).Assembly.Location)]);
        var options = new AnalyzerOptions([new Unreadable("/project/rules/Locked.json"), new InMemory("/project/rules/Sample.json", Workflow("enterprise.Employes >= 10"))]);
        var diagnostics = await compilation.WithAnalyzers([new RuleFileAnalyzer()], options).GetAnalyzerDiagnosticsAsync();
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("PR1006", diagnostic.Id);
        Assert.Equal("/project/rules/Sample.json", diagnostic.Location.GetLineSpan().Path);
    }

    /// <summary>
    /// The compiler reads an additional file that is not valid UTF-8 (no byte-order mark) with a fallback:
    /// on Linux UTF-8 with U+FFFD for each bad sequence, on Windows the system's code page (Roslyn's
    /// EncodedStringText; seen with csc 10.0.401 on Linux: a GB18030 rule file built without an error
    /// while the application's loader refused it, PR1001 at 6,16 in `policyrules lint`). Each file here is
    /// decoded as the compiler would (Latin-1 standing for a code page); files the loader reads (UTF-16
    /// with its mark) stay valid, and the error is where the loader puts it.
    /// </summary>
    [Theory]
    [InlineData("gb18030", "replacement", "PR1001")]
    [InlineData("gb18030", "code page", "PR1001")]
    [InlineData("utf-8", "strict", null)]
    [InlineData("utf-16", "mark", null)]
    [InlineData("utf-16BE", "mark", null)]
    [InlineData("utf-32", "mark", "PR1001")]
    public async Task A_rule_file_the_compiler_decodes_otherwise_than_as_UTF8_is_judged_by_its_bytes_as_the_loader_judges_them(string encodingName, string compilerDecoding, string? expected)
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var encoding = System.Text.Encoding.GetEncoding(encodingName);
        var text = Workflow("enterprise.Employees >= 10");
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray();
        var compilerEncoding = compilerDecoding switch
        {
            "replacement" => new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false),
            "code page" => System.Text.Encoding.Latin1,
            "strict" => new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
            _ => encoding,
        };
        // The loader's reading of the bytes (what `policyrules lint` and the application see): its first error.
        var loader = PolicyRules.RuleTesting.RuleLinter.Check([PolicyRules.RuleTesting.RuleLinter.ReadBytes("/project/rules/Sample.json", bytes)])
            .FirstOrDefault(r => r[1] == "error");
        Assert.Equal(expected, loader?[0]);

        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("C",
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(Source)],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location), MetadataReference.CreateFromFile(typeof(PolicyEngine).Assembly.Location)]);
        var options = new AnalyzerOptions([new Decoded("/project/rules/Sample.json", bytes, compilerEncoding)]);
        var diagnostics = await compilation.WithAnalyzers([new RuleFileAnalyzer()], options).GetAnalyzerDiagnosticsAsync();
        Assert.Equal(expected, diagnostics.Select(d => d.Id).FirstOrDefault());
        if (expected is not null)
        {
            var position = diagnostics[0].Location.GetLineSpan().StartLinePosition;
            Assert.Equal((loader![4], loader[5]), ((position.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), (position.Character + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    private sealed class Decoded(string path, byte[] bytes, System.Text.Encoding encoding) : AdditionalText
    {
        public override string Path { get; } = path;

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) =>
            Microsoft.CodeAnalysis.Text.SourceText.From(bytes, bytes.Length, encoding);
    }

    private sealed class Unreadable(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override Microsoft.CodeAnalysis.Text.SourceText? GetText(CancellationToken cancellationToken = default) => null;
    }

    private sealed class InMemory(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) => Microsoft.CodeAnalysis.Text.SourceText.From(text);
    }

    [Fact]
    public Task Files_outside_rules_are_not_rule_files() =>
        Verify.Analyzer<RuleFileAnalyzer>(Source, ("/project/config/appsettings.json", "{ not json"));
}
