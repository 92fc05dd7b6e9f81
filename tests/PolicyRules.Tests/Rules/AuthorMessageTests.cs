using PolicyRules.Rules;

namespace PolicyRules.Tests.Rules;

/// <summary>
/// The mistakes a new rule author makes, each reported in the author's words at the token to fix,
/// with the same names, values and fix in English and Chinese.
/// </summary>
public sealed class AuthorMessageTests
{
    private const string Params = """{ "Name": "early", "Expression": "later + 1" }, { "Name": "later", "Expression": "enterprise.Employees" }""";

    /// <summary>The one diagnostic of <paramref name="id"/>, asserted to start where the markup says.</summary>
    private static RuleDiagnostic Single(string marked, string id, string globalParams = "")
    {
        var file = MarkedRuleFile.Parse(MarkedRuleFile.Workflow(marked, globalParams));
        var diagnostics = file.Diagnose();
        var (_, line, column) = Assert.Single(file.Expected, e => e.Id == id);
        var diagnostic = Assert.Single(diagnostics, d => d.Id == id);
        Assert.Equal((line, column), (diagnostic.Location.Line, diagnostic.Location.Column));
        return diagnostic;
    }

    [Fact]
    public void An_arrow_for_at_least_points_at_the_operator_and_gives_the_fixed_expression()
    {
        var diagnostic = Single("enterprise.Employees {|PR1007:|}=> 10", DiagnosticIds.ExpressionSyntax);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("'=>' is not a comparison; for \"at least\" write '>=': enterprise.Employees >= 10 / '=>' 不是比较运算符；表示“不低于”请写 '>='：enterprise.Employees >= 10", diagnostic.Message);
        Assert.Equal(diagnostic.Location.Column + 2, diagnostic.Location.EndColumn);
    }

    [Fact]
    public void An_arrow_for_at_most_suggests_less_or_equal()
    {
        var diagnostic = Single("enterprise.Employees {|PR1007:|}=< 500", DiagnosticIds.ExpressionSyntax);
        Assert.Equal("'=<' is not a comparison; for \"at most\" write '<=': enterprise.Employees <= 500 / '=<' 不是比较运算符；表示“不高于”请写 '<='：enterprise.Employees <= 500", diagnostic.Message);
    }

    [Theory]
    [InlineData("10", "0.10")]
    [InlineData("5.5", "0.055")]
    [InlineData("60", "0.60")]
    public void A_percentage_threshold_suggests_the_decimal(string percent, string ratio)
    {
        var diagnostic = Single($"Ratio.Of(enterprise.TechStaff, enterprise.Employees) >= {{|PR1007:|}}{percent}%", DiagnosticIds.ExpressionSyntax);
        Assert.Equal($"'{percent}%' is not a number in a rule expression: write the ratio as a decimal, {ratio} (ratios are fractions of 1; the explanation shows it as {percent}%). / 规则表达式中 '{percent}%' 不是数值：请把比例写成小数 {ratio}（比例以 1 为整体，说明中显示为 {percent}%）。", diagnostic.Message);
    }

    [Fact]
    public void A_remainder_is_not_a_percentage()
    {
        var file = MarkedRuleFile.Parse(MarkedRuleFile.Workflow("enterprise.Employees % 7 == 0 && 10 % 3 == 1"));
        Assert.DoesNotContain(file.Diagnose(), d => d.Id == DiagnosticIds.ExpressionSyntax);
    }

    [Theory]
    [InlineData("10", "10 means 1000%", "write 10% as 0.10m", "10 表示 1000%", "10% 请写作 0.10m")]
    [InlineData("1.5m", "1.5 means 150%", "write 1.5% as 0.015m", "1.5 表示 150%", "1.5% 请写作 0.015m")]
    [InlineData("-0.1m", "-0.1 means -10%", "a share cannot be below 0", "-0.1 表示 -10%", "比例不能小于 0")]
    public void A_percent_parameter_outside_0_to_1_is_a_warning_on_its_value(string value, string meansEn, string fixEn, string meansZh, string fixZh)
    {
        var diagnostic = Single("minRatio <= 1", DiagnosticIds.ValueOutOfRange,
            $$"""{ "Name": "minRatio", "Expression": "{|PR1022:|}{{value}}", "Unit": "percent" }""");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal($"Parameter 'minRatio' has unit percent, so {meansEn}; a ratio is a fraction of 1 (0.10 is 10%): {fixEn}. / 参数 minRatio 的单位为百分比，{meansZh}；比例以 1 为整体（0.10 即 10%）：{fixZh}。", diagnostic.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.10m")]
    [InlineData("1")]
    public void A_percent_parameter_within_0_to_1_is_fine(string value)
    {
        var file = MarkedRuleFile.Parse(MarkedRuleFile.Workflow("minRatio <= 1", $$"""{ "Name": "minRatio", "Expression": "{{value}}", "Unit": "percent" }"""));
        Assert.DoesNotContain(file.Diagnose(), d => d.Id == DiagnosticIds.ValueOutOfRange);
    }

    [Fact]
    public void A_number_in_quotes_compared_with_a_number_is_a_warning_on_the_literal()
    {
        var diagnostic = Single("enterprise.RevenueY1 >= {|PR1009:|}\\\"5000000\\\"", DiagnosticIds.TypeMismatch);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal("\"5000000\" is a text compared with a number (enterprise.RevenueY1); it is converted when the rules load, but write the number without quotes: 5000000. / \"5000000\" 是文本，此处与数值（enterprise.RevenueY1）比较；加载时虽会转换，但请去掉引号，写作 5000000。", diagnostic.Message);
    }

    [Fact]
    public void An_enum_compared_with_a_number_lists_its_values()
    {
        var diagnostic = Single("enterprise.Industry == {|PR1009:|}5", DiagnosticIds.TypeMismatch);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        var names = Enum.GetNames<PolicyRules.Model.Industry>();
        Assert.Equal($"enterprise.Industry is one of {string.Join(", ", names)}, not a number (5): compare it with a name in quotes, such as enterprise.Industry == \"Industry\". / enterprise.Industry 的取值为 {string.Join("、", names)} 之一，而不是数字（5）：请与带引号的名称比较，例如 enterprise.Industry == \"Industry\"。", diagnostic.Message);
        Assert.StartsWith("enterprise.Industry is one of Agriculture, Industry, ", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_enum_compared_with_a_name_is_fine()
    {
        var file = MarkedRuleFile.Parse(MarkedRuleFile.Workflow("enterprise.Industry == \\\"Retail\\\" && enterprise.Employees >= 10"));
        Assert.DoesNotContain(file.Diagnose(), d => d.Id == DiagnosticIds.TypeMismatch);
    }

    [Fact]
    public void Text_compared_with_a_number_says_so_at_the_operator()
    {
        var diagnostic = Single("enterprise.Name {|PR1009:|}> 100", DiagnosticIds.TypeMismatch);
        Assert.Equal("Type mismatch: a text compared with a number; compare like with like: text with text in quotes (\"Retail\"), numbers with numbers without quotes (5000000), yes/no with true or false. / 类型不匹配：文本与数值比较；请同类相比：文本与带引号的文本（\"Retail\"），数值与不带引号的数值（5000000），是/否与 true 或 false。", diagnostic.Message);
    }

    [Fact]
    public void A_number_compared_with_true_or_false_says_so()
    {
        var diagnostic = Single("enterprise.Employees {|PR1009:|}== true", DiagnosticIds.TypeMismatch);
        Assert.StartsWith("Type mismatch: a number compared with a yes/no value (true or false); ", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("类型不匹配：数值与是/否值（true 或 false）比较；", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_used_before_its_definition_says_where_it_is_defined()
    {
        var file = MarkedRuleFile.Parse(MarkedRuleFile.Workflow("early >= 1", """
            { "Name": "early", "Expression": "{|PR1010:|}later + 1" },
                  { "Name": "later", "Expression": "enterprise.Employees" }
            """));
        var diagnostic = Assert.Single(file.Diagnose(), d => d.Id == DiagnosticIds.UnknownParameter);
        Assert.Equal((file.Expected[0].Line, file.Expected[0].Column), (diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Equal($"Parameter 'later' is defined later, at line 6; parameters are read top to bottom, so move its definition above line 5, where it is used. / 参数 later 在后面第 6 行才定义；参数按从上到下的顺序读取，请把它的定义移到第 5 行（使用处）之前。", diagnostic.Message);
        Assert.Equal(6, diagnostic.RelatedLocation?.Line);
    }

    [Fact]
    public void A_local_parameter_used_before_its_definition_says_where_it_is_defined()
    {
        var text = MarkedRuleFile.Workflow("a >= 1").Replace("\"Expression\": \"a >= 1\",", """
            "LocalParams": [
                  { "Name": "a", "Expression": "{|PR1010:|}b + 1" },
                  { "Name": "b", "Expression": "enterprise.Employees" }
                ],
                "Expression": "a >= 1",
            """, StringComparison.Ordinal);
        var file = MarkedRuleFile.Parse(text);
        var diagnostic = Assert.Single(file.Diagnose(), d => d.Id == DiagnosticIds.UnknownParameter);
        Assert.Equal((file.Expected[0].Line, file.Expected[0].Column), (diagnostic.Location.Line, diagnostic.Location.Column));
        var definedAt = file.Text.Split('\n').ToList().FindIndex(l => l.Contains("\"Name\": \"b\"", StringComparison.Ordinal)) + 1;
        Assert.StartsWith($"Parameter 'b' is defined later, at line {definedAt}; parameters are read top to bottom, so move its definition above line {definedAt - 1}, where it is used.", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_value_in_a_rule_test_is_reported_at_its_json_line_and_column_in_rule_test_terms()
    {
        var file = Path.Combine(Path.GetTempPath(), $"policyrules-{Guid.NewGuid():N}.tests.json");
        File.WriteAllText(file, """
            {
              "Programme": "HighTechEnterprise",
              "AsOf": "2025-06-30",
              "Base": { "employees": 100 },
              "Cases": [
                { "Name": "Bad count", "Input": { "techStaff": "ten" }, "Expect": { "Eligible": false } }
              ]
            }
            """);
        try
        {
            var engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
            var ex = Assert.Throws<PolicyRules.Input.ProfileInputException>(() => PolicyRules.RuleTesting.RuleTestRunner.Run(engine, file));
            var error = Assert.Single(ex.Errors, e => e.Column == "techStaff");
            Assert.All(ex.Errors, e => Assert.DoesNotContain("row", e.ToString(), StringComparison.Ordinal));
            Assert.Equal($"{file}(6,52)", error.Source);
            Assert.StartsWith($"{file}(6,52): column 'techStaff': case 'Bad count', Input \"techStaff\": ", error.ToString(), StringComparison.Ordinal);
            Assert.Contains(" / 用例 'Bad count' 的 Input \"techStaff\"：", error.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain("row", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_document_that_is_not_a_rule_file_is_skipped_with_one_note()
    {
        var file = MarkedRuleFile.Parse("""
            {|PR1023:|}[
              { "Id": "E-001", "Employees": 120, "TechStaff": 15 },
              { "Id": "E-002", "Employees": 40, "TechStaff": 2 }
            ]
            """);
        var diagnostics = file.Diagnose("rules/sample-profiles.json");
        var note = Assert.Single(diagnostics);
        Assert.Equal((DiagnosticIds.NotARuleFile, DiagnosticSeverity.Info, 1, 1), (note.Id, note.Severity, note.Location.Line, note.Location.Column));
        Assert.StartsWith("Skipped: this document is not a rule file (no object in it has any of WorkflowName, PolicyRules, GlobalParams, Rules, RuleExpressionType)", note.Message, StringComparison.Ordinal);
        Assert.Contains("/ 已跳过：此文档不是规则文件（其中没有对象含有 WorkflowName、PolicyRules、GlobalParams、Rules、RuleExpressionType 中的任何属性）", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rules_folder_with_a_sample_profile_still_loads()
    {
        var directory = Directory.CreateTempSubdirectory("policyrules-sample-").FullName;
        try
        {
            foreach (var path in PolicyEngine.RuleFiles(TestProfiles.RulesDirectory))
            {
                File.Copy(path, Path.Combine(directory, Path.GetFileName(path)));
            }

            File.WriteAllText(Path.Combine(directory, "sample-profile.json"), """{ "Id": "E-001", "Employees": 120 }""");
            var diagnostics = new List<RuleDiagnostic>();
            Assert.True(PolicyEngine.TryLoadDirectory(directory, diagnostics, out _), string.Join(Environment.NewLine, diagnostics));
            Assert.Single(diagnostics, d => d.Id == DiagnosticIds.NotARuleFile);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_misshapen_workflow_is_still_a_rule_file()
    {
        var file = MarkedRuleFile.Parse("""[ { "WorkflowName": "W", "Rulse": [] } ]""");
        Assert.DoesNotContain(file.Diagnose(), d => d.Id == DiagnosticIds.NotARuleFile);
    }
}
