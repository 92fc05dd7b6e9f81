using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Rules;

/// <summary>Every fault in a rule file is reported with its ID on the exact line and column.</summary>
public sealed class RuleDiagnosticsTests
{
    public static TheoryData<string, string> Expressions => new()
    {
        { "misspelt member", "enterprise.{|PR1006:Employes|} >= 1" },
        { "syntax error", "enterprise.Employees >= {|PR1007:|}" },
        { "member after escaped quotes", "Tiers.Lookup(enterprise.RevenueY1, \\\">= 5: 1; else: 0\\\") > 0 && enterprise.{|PR1006:Foo|}" },
        { "not boolean", "{|PR1008:|}enterprise.Employees + 1" },
        { "unknown parameter", "{|PR1010:staffRatoi|} >= 0.1" },
        { "string vs number", "enterprise.Name {|PR1009:|}> 3" },
        { "clock outside allow-list", "{|PR1015:DateTime.Now|}.Year > 2000" },
        { "reflection", "enterprise.{|PR1015:|}GetType() != null" },
        { "process type", "{|PR1015:Process|}.GetCurrentProcess() != null" },
        { "bad value in a list", "enterprise.Industry in (\\\"Retail\\\", {|PR1006:|}\\\"Bogus\\\")" },
        { "two names for one value", "enterprise.Industry == {|PR1006:|}\\\"Retail, Wholesale\\\"" },
        { "a number for a name", "enterprise.Industry in (\\\"Retail\\\", {|PR1006:|}\\\"7\\\")" },
        { "a name with a space before it", "{|PR1006:|}\\\" National\\\" == enterprise.GreenFactoryLevel" },
        { "unguarded division", "enterprise.RdExpenseY1 {|PR1017:/|} enterprise.RevenueY1 >= 0.05" },
        { "tier bounds out of order", "Tiers.Lookup(enterprise.RevenueY1, \\\">= 5: 1; {|PR1012:>= 10: 2|}; else: 0\\\") > 0" },
        { "tier table without else", "Tiers.Lookup(enterprise.RevenueY1, \\\">= 5: 1; >= 2: {|PR1012:|}1\\\") > 0" },
    };

    [Theory]
    [MemberData(nameof(Expressions))]
    public void Expression_faults_are_reported_at_their_character(string fault, string expression)
    {
        var file = MarkedRuleFile.Parse(MarkedRuleFile.Workflow(expression, """{ "Name": "staffRatio", "Expression": "Ratio.Of(enterprise.TechStaff, enterprise.Employees)" }"""));
        AssertReported(file, fault);
    }

    [Fact]
    public void Double_literals_are_refused_at_the_expression()
    {
        AssertReported(MarkedRuleFile.Parse(MarkedRuleFile.Workflow("{|PR1016:|}enterprise.Employees * 1.5d > 3")), "double");
    }

    [Theory]
    [InlineData("{|PR1015:DayOfWeek|}.Monday == DayOfWeek.Monday", "DayOfWeek")]
    [InlineData("enterprise.Name.Equals(\\\"x\\\", {|PR1015:StringComparison|}.Ordinal)", "StringComparison")]
    [InlineData("{|PR1015:XmlNodeType|}.Element != XmlNodeType.None", "XmlNodeType")]
    public void Base_library_enums_are_unknown_names_reported_once_on_the_name(string expression, string name)
    {
        // The parser is not given the base library's enums (none is in the allow-list, and building
        // its table of them costs every fresh process ~85 ms), so such a name is an unknown type.
        var diagnostics = AssertReported(MarkedRuleFile.Parse(MarkedRuleFile.Workflow(expression)), name);
        var diagnostic = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.StartsWith($"'{name}' is not available to rule expressions", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_named_like_a_base_library_enum_is_the_parameter()
    {
        var file = MarkedRuleFile.Parse(MarkedRuleFile.Workflow("dayOfWeek >= 10 && typeCode < 5", """
            { "Name": "dayOfWeek", "Expression": "enterprise.Employees" },
                  { "Name": "typeCode", "Expression": "enterprise.TechStaff" }
            """));
        Assert.DoesNotContain(file.Diagnose(), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Invalid_json_is_reported_where_the_parser_stopped()
    {
        var file = MarkedRuleFile.Parse("""
            [
              { "WorkflowName": "Test", {|PR1001:|}}
            ]
            """);
        AssertReported(file, "trailing comma");
    }

    [Fact]
    public void Unknown_properties_are_reported_with_a_suggestion()
    {
        var text = MarkedRuleFile.Workflow("enterprise.Employees > 0").Replace("\"Expression\":", "{|PR1002:|}\"Expresion\":", StringComparison.Ordinal);
        var file = MarkedRuleFile.Parse(text);
        var diagnostics = AssertReported(file, "misspelt property");
        Assert.Contains(diagnostics, d => d.Message.Contains("did you mean \"Expression\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_operators_are_reported_on_the_operator()
    {
        var text = MarkedRuleFile.Workflow("x").Replace(
            "\"Expression\": \"x\",",
            "\"Operator\": {|PR1003:|}\"Xor\", \"Rules\": [ { \"RuleName\": \"Child\", \"Expression\": \"true\", \"Properties\": { \"TitleZh\": \"子\", \"TitleEn\": \"Child\", \"Citation\": { \"Document\": \"D\", \"Article\": \"A\" } } } ],",
            StringComparison.Ordinal);
        AssertReported(MarkedRuleFile.Parse(text), "operator");
    }

    [Fact]
    public void Duplicate_rule_names_point_at_the_second_and_name_the_first()
    {
        var rule = """{ "RuleName": "Same", "Expression": "true", "Properties": { "TitleZh": "甲", "TitleEn": "A", "Citation": { "Document": "D", "Article": "A" } } }""";
        var text = $$"""
            [
              {
                "WorkflowName": "Test",
                "PolicyRules": { "Version": "1", "TitleZh": "测试", "TitleEn": "Test", "Status": "verified", "EffectiveFrom": "2020-01-01" },
                "Rules": [
                  {{rule}},
                  {{rule.Replace("\"RuleName\": \"Same\"", "\"RuleName\": {|PR1005:|}\"Same\"", StringComparison.Ordinal)}}
                ]
              }
            ]
            """;
        var diagnostics = AssertReported(MarkedRuleFile.Parse(text), "duplicate");
        var duplicate = Assert.Single(diagnostics, d => d.Id == DiagnosticIds.DuplicateRule);
        Assert.Contains("(6,", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal((6, 21), (duplicate.RelatedLocation!.Line, duplicate.RelatedLocation.Column));
    }

    [Fact]
    public void A_rule_without_citation_is_a_warning_and_still_loads()
    {
        var text = MarkedRuleFile.Workflow("true")
            .Replace(", \"Citation\": { \"Document\": \"D\", \"Article\": \"A\" }", "", StringComparison.Ordinal)
            .Replace("\"RuleName\": \"Rule\"", "\"RuleName\": {|PR1014:|}\"Rule\"", StringComparison.Ordinal);
        var file = MarkedRuleFile.Parse(text);
        var diagnostics = AssertReported(file, "no citation");
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
    }

    [Fact]
    public void Metadata_naming_a_missing_score_parameter_is_an_error()
    {
        var text = MarkedRuleFile.Workflow("true")
            .Replace("\"EffectiveFrom\": \"2020-01-01\"", "\"EffectiveFrom\": \"2020-01-01\", \"Score\": \"total\"", StringComparison.Ordinal)
            .Replace("\"WorkflowName\": \"Test\"", "\"WorkflowName\": {|PR1018:|}\"Test\"", StringComparison.Ordinal);
        AssertReported(MarkedRuleFile.Parse(text), "score metadata");
    }

    [Fact]
    public void Overlapping_versions_of_one_programme_are_refused()
    {
        static string Version(string workflow, string version, string from, string? to) => $$"""
              {
                "WorkflowName": "{{workflow}}",
                "PolicyRules": { "Programme": "P", "Version": "{{version}}", "TitleZh": "测试", "TitleEn": "Test", "Status": "verified", "EffectiveFrom": "{{from}}"{{(to is null ? "" : $", \"EffectiveTo\": \"{to}\"")}} },
                "Rules": [ { "RuleName": "R", "Expression": "true", "Properties": { "TitleZh": "规", "TitleEn": "R", "Citation": { "Document": "D", "Article": "A" } } } ]
              }
            """;
        var overlapping = MarkedRuleFile.Parse("[" + Version("P2022", "2022", "2022-06-01", "2026-04-01") + "," + Version("P2026", "2026", "2026-04-01", null) + "]").Diagnose();
        Assert.Contains(overlapping, d => d.Id == DiagnosticIds.EffectiveDates && d.Message.Contains("overlaps", StringComparison.Ordinal));
        var gap = MarkedRuleFile.Parse("[" + Version("P2022", "2022", "2022-06-01", "2026-03-30") + "," + Version("P2026", "2026", "2026-04-01", null) + "]").Diagnose();
        Assert.Contains(gap, d => d.Id == DiagnosticIds.EffectiveDates && d.Message.Contains("2026-03-31", StringComparison.Ordinal));
        var adjoining = MarkedRuleFile.Parse("[" + Version("P2022", "2022", "2022-06-01", "2026-03-31") + "," + Version("P2026", "2026", "2026-04-01", null) + "]").Diagnose();
        Assert.DoesNotContain(adjoining, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void A_double_literal_in_one_file_does_not_change_how_another_file_parses()
    {
        // System.Linq.Dynamic.Core caches literals per parser configuration; each expression gets its own.
        var withDouble = MarkedRuleFile.Parse(MarkedRuleFile.Workflow("{|PR1016:|}enterprise.Employees * 0.1d > 3"));
        AssertReported(withDouble, "double");
        var diagnostics = new List<RuleDiagnostic>();
        Assert.True(PolicyEngine.TryLoadDirectory(TestProfiles.RulesDirectory, diagnostics, out _), string.Join("\n", diagnostics));
    }

    [Fact]
    public void One_unreadable_file_fails_the_whole_load()
    {
        var directory = Directory.CreateTempSubdirectory("policyrules-load-").FullName;
        try
        {
            foreach (var path in PolicyEngine.RuleFiles(TestProfiles.RulesDirectory))
            {
                File.Copy(path, Path.Combine(directory, Path.GetFileName(path)));
            }

            File.WriteAllText(Path.Combine(directory, "SmeSize.json"), "[ { \"WorkflowName\": ");
            var diagnostics = new List<RuleDiagnostic>();
            Assert.False(PolicyEngine.TryLoadDirectory(directory, diagnostics, out var engine));
            Assert.Null(engine);
            Assert.Contains(diagnostics, d => d.Id == DiagnosticIds.InvalidJson && d.Location.Path.EndsWith("SmeSize.json", StringComparison.Ordinal));
            Assert.Throws<RuleLoadException>(() => PolicyEngine.LoadDirectory(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(33, false)]
    [InlineData(32, true)]
    [InlineData(100_000, false)]
    public void Deeply_nested_expressions_are_refused_before_parsing(int depth, bool accepted)
    {
        // 100,000 levels would exhaust the parser's stack and kill the process; it must be refused, not parsed.
        var expression = new string('(', depth) + "enterprise.Employees" + new string(')', depth) + " > 0";
        var diagnostics = MarkedRuleFile.Parse(MarkedRuleFile.Workflow(expression)).Diagnose();
        if (accepted)
        {
            Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        }
        else
        {
            var error = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal(DiagnosticIds.ExpressionSyntax, error.Id);
            Assert.True(error.Message.Contains("nests deeper", StringComparison.Ordinal) || error.Message.Contains("characters long", StringComparison.Ordinal), error.Message);
        }
    }

    [Theory]
    [InlineData("\"\\\\\" == \"\" || ")] // expression text: "\\" == "" ||  (a string ending in an escaped backslash)
    [InlineData("'\"' == 'x' || ")]          // expression text: '"' == 'x' ||  (a char literal holding a quote)
    public void Nesting_hidden_after_a_tricky_literal_is_still_counted(string prefix)
    {
        // Reported in review: a literal that fooled the scanner let 1,900 levels through, and the
        // parser's recursion then killed the process. It must be refused, not parsed.
        var expression = prefix + new string('(', 1_000) + "daysRegistered >= 365" + new string(')', 1_000);
        var json = System.Text.Json.JsonSerializer.Serialize(expression)[1..^1];
        var error = Assert.Single(MarkedRuleFile.Parse(MarkedRuleFile.Workflow(json)).Diagnose(), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Contains("nests deeper", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlong_expressions_are_refused_with_the_limit_named()
    {
        var expression = string.Join(" && ", Enumerable.Repeat("enterprise.Employees > 0", 200));
        var error = Assert.Single(MarkedRuleFile.Parse(MarkedRuleFile.Workflow(expression)).Diagnose());
        Assert.Contains("the limit is 4,000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_parser_literal_cache_that_is_reset_still_exists()
    {
        // If System.Linq.Dynamic.Core drops or renames it, revisit Compilation/LiteralCache.cs.
        Assert.True(PolicyRules.Compilation.LiteralCache.IsPresent);
    }

    [Theory]
    [InlineData("Industry", true)]
    [InlineData("Retail", true)]
    [InlineData("Wholesale", false)]
    public void A_list_of_values_is_checked_by_membership(string industry, bool expected)
    {
        var file = MarkedRuleFile.Parse(MarkedRuleFile.Workflow("enterprise.Industry in (\\\"Retail\\\", \\\"Industry\\\")"));
        var diagnostics = new List<RuleDiagnostic>();
        var definitions = RuleFileReader.Read("rules/Test.json", System.Text.Encoding.UTF8.GetBytes(file.Text), diagnostics);
        Assert.True(PolicyEngine.TryCompile(definitions, diagnostics, out var engine), string.Join("\n", diagnostics));
        var profile = TestProfiles.Baseline() with { Industry = Enum.Parse<Model.Industry>(industry) };
        Assert.Equal(expected, engine.Evaluate("Test", profile, TestProfiles.AsOf).Eligible);
    }

    [Fact]
    public void The_rule_set_id_changes_with_what_the_rules_decide_and_only_with_that()
    {
        static string Id(string expression, string title = "规则")
        {
            var file = MarkedRuleFile.Parse(MarkedRuleFile.Workflow(expression).Replace("\"TitleZh\": \"规则\"", $"\"TitleZh\": \"{title}\"", StringComparison.Ordinal));
            var diagnostics = new List<RuleDiagnostic>();
            var definitions = RuleFileReader.Read("rules/Test.json", System.Text.Encoding.UTF8.GetBytes(file.Text), diagnostics);
            Assert.True(PolicyEngine.TryCompile(definitions, diagnostics, out var engine));
            return engine.RuleSetId;
        }

        Assert.Equal(Id("enterprise.Employees >= 10"), Id("enterprise.Employees >= 10"));
        Assert.NotEqual(Id("enterprise.Employees >= 10"), Id("enterprise.Employees > 10"));
        Assert.Equal(Id("enterprise.Employees >= 10"), Id("enterprise.Employees >= 10", title: "另一个标题"));
    }

    /// <summary>
    /// A text compared with an enum loads only when it is one of the enum's names, case aside: the parser's
    /// own conversion (Enum.Parse) also took numbers, names with spaces around and lists of names ("Retail,
    /// Wholesale" is 4 | 3, Postal), each loading as another industry than written. The same texts compared
    /// with a text field load.
    /// </summary>
    [Fact]
    public void A_text_compared_with_an_enum_loads_only_when_it_is_one_of_its_names()
    {
        var names = Enum.GetNames<Industry>();
        var texts = names.SelectMany(n => new[] { n, n.ToUpperInvariant(), n.ToLowerInvariant(), " " + n, n + " ", n + ", " + names[0], n + ",", n + "s" })
            .Concat(Enumerable.Range(-1, 22).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Concat(["", " ", "0x1", "+1", "Retail,Wholesale", "Retail|Wholesale", "1,2"]);
        foreach (var text in texts)
        {
            var isName = names.Contains(text, StringComparer.OrdinalIgnoreCase);
            var (loaded, diagnostics) = Load($"enterprise.Industry == \"{text}\"");
            Assert.True(loaded == isName, $"\"{text}\": {(loaded ? "loaded" : string.Join(" | ", diagnostics))}");
            if (!isName)
            {
                Assert.Contains(diagnostics, d => d.Id == "PR1006" && d.Message.Contains($"\"{text}\" is not a Industry", StringComparison.Ordinal));
            }

            Assert.True(Load($"enterprise.Name != \"{text}\"").Loaded, $"\"{text}\" against a text field");
        }
    }

    private static (bool Loaded, List<RuleDiagnostic> Diagnostics) Load(string expression)
    {
        var diagnostics = new List<RuleDiagnostic>();
        var json = System.Text.Json.JsonSerializer.Serialize(expression)[1..^1];
        var definitions = RuleFileReader.Read("Test.json", System.Text.Encoding.UTF8.GetBytes(MarkedRuleFile.Workflow(json)), diagnostics);
        return (diagnostics.Count == 0 && PolicyEngine.TryCompile(definitions, diagnostics, out _), diagnostics);
    }

    [Fact]
    public void Load_errors_carry_file_line_and_column_in_the_compiler_format()
    {
        var file = MarkedRuleFile.Parse(MarkedRuleFile.Workflow("enterprise.{|PR1006:Employes|} >= 1"));
        var diagnostic = Assert.Single(file.Diagnose("rules/Broken.json"), d => d.Severity == DiagnosticSeverity.Error);
        var (_, line, column) = file.Expected[0];
        Assert.StartsWith($"rules/Broken.json({line},{column}): error PR1006: ", diagnostic.ToString(), StringComparison.Ordinal);
        Assert.Contains("did you mean 'Employees'", diagnostic.Message, StringComparison.Ordinal);
    }

    private static List<RuleDiagnostic> AssertReported(MarkedRuleFile file, string fault)
    {
        var diagnostics = file.Diagnose();
        Assert.NotEmpty(file.Expected);
        foreach (var (id, line, column) in file.Expected)
        {
            Assert.True(
                diagnostics.Exists(d => d.Id == id && d.Location.Line == line && d.Location.Column == column),
                $"{fault}: expected {id} at ({line},{column}); got {string.Join(" | ", diagnostics)}");
        }

        return diagnostics;
    }
}
