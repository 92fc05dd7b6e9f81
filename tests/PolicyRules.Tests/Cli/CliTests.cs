using PolicyRules.Cli;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Screening;

namespace PolicyRules.Tests.Cli;

/// <summary>The <c>policyrules</c> command as a user runs it: exit codes, files and messages.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args) => Cli.Run(args);

    private string WriteCsv(params EnterpriseProfileRow[] rows)
    {
        var path = Path.Combine(_dir, "in.csv");
        using var text = new StringWriter();
        ProfileCsvWriter.Write(text, rows.Select(r => r.Profile));
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i].Rewrite is { } rewrite)
            {
                lines[i + 1] = rewrite(lines[i + 1]);
            }
        }

        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    private sealed record EnterpriseProfileRow(EnterpriseProfile Profile, Func<string, string>? Rewrite = null);

    [Fact]
    public void Screen_writes_one_row_per_enterprise_and_counts_add_up()
    {
        var output = Path.Combine(_dir, "out.csv");
        var input = WriteCsv(
            new(TestProfiles.Baseline() with { Id = "A" }),
            new(TestProfiles.Baseline() with { Id = "B", TechStaff = 5 }),
            new(TestProfiles.Baseline() with { Id = "C" }, line => line.Replace(",100,30,", ",,30,", StringComparison.Ordinal)),
            new(TestProfiles.Baseline() with { Id = "D" }, line => line.Replace(",100,30,", ",lots,30,", StringComparison.Ordinal)));

        // The programmes of §1–§3 by name, so that programmes added to the bundled rules leave the expected columns alone.
        var (exit, stdout, stderr) = Run("screen", "--input", input, "--output", output, "--as-of", "2025-06-30", "--programmes", "HighTechEnterprise,SmeSize,TechBasedSme");

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        var lines = File.ReadAllLines(output);
        Assert.Equal(
            "id,HighTechEnterprise.eligible,HighTechEnterprise.failed,SmeSize.eligible,SmeSize.classification,SmeSize.failed,TechBasedSme.eligible,TechBasedSme.score,TechBasedSme.failed",
            lines[0]);
        Assert.Equal(["A", "B"], lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal("A,true,,true,Small,,true,100,", lines[1]);
        // 5% S&T staff also zeroes the tech-SME staff points, which the score path requires.
        Assert.StartsWith("B,false,TechStaffRatio,true,Small,,false,", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(",Qualification", lines[2], StringComparison.Ordinal);
        var rejects = File.ReadAllLines(ScreeningJobPath(output));
        Assert.Equal("row,line,id,column,reason", rejects[0]);
        Assert.StartsWith("3,4,C,employees,\"empty cell", rejects[1], StringComparison.Ordinal);
        Assert.StartsWith("4,5,D,employees,\"expected a whole number", rejects[2], StringComparison.Ordinal);
        Assert.Contains("Read 4 rows = written 2 + rejected 2", stdout, StringComparison.Ordinal);
        // The summary table: per programme the eligible count and the criterion that eliminates most.
        Assert.Contains("淘汰最多的条件 Criterion eliminating most", stdout, StringComparison.Ordinal);
        Assert.Matches(@"│ HighTechEnterprise 2016 +│ +1 / 2 │ +50\.0% │ TechStaffRatio \(1\) +│", stdout);
        Assert.Matches(@"│ TechBasedSme 2022 +│ +1 / 2 │ +50\.0% │ Qualification \(1\) +│", stdout);
        Assert.DoesNotContain("\u001b[", stdout, StringComparison.Ordinal); // no colour codes in a file or pipe
    }

    [Fact]
    public void Screen_with_fail_fast_stops_at_the_first_bad_row_naming_row_and_column()
    {
        var input = WriteCsv(
            new(TestProfiles.Baseline() with { Id = "A" }),
            new(TestProfiles.Baseline() with { Id = "B" }, line => line.Replace(",100,30,", ",lots,30,", StringComparison.Ordinal)),
            new(TestProfiles.Baseline() with { Id = "C" }));
        var (exit, _, stderr) = Run("screen", "--input", input, "--output", Path.Combine(_dir, "out.csv"), "--fail-fast", "--as-of", "2025-06-30");
        Assert.Equal(2, exit);
        Assert.Contains("row 2 (line 3), column 'employees'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_screening_summary_names_the_rule_set()
    {
        var input = WriteCsv(new EnterpriseProfileRow(TestProfiles.Baseline()));
        var (_, stdout, _) = Run("screen", "--input", input, "--output", Path.Combine(_dir, "out.csv"), "--as-of", "2025-06-30");
        var engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
        Assert.Matches("^[0-9a-f]{12}$", engine.RuleSetId);
        Assert.Contains("规则集 Rule set " + engine.RuleSetId, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Screen_can_select_programmes()
    {
        var output = Path.Combine(_dir, "out.csv");
        var input = WriteCsv(new EnterpriseProfileRow(TestProfiles.Baseline()));
        var (exit, _, _) = Run("screen", "--input", input, "--output", output, "--programmes", "SmeSize", "--as-of", "2025-06-30");
        Assert.Equal(0, exit);
        Assert.Equal("id,SmeSize.eligible,SmeSize.classification,SmeSize.failed", File.ReadLines(output).First());
    }

    [Fact]
    public void An_unknown_programme_exits_2_with_a_suggestion()
    {
        var input = WriteCsv(new EnterpriseProfileRow(TestProfiles.Baseline()));
        var (exit, _, stderr) = Run("screen", "--input", input, "--output", Path.Combine(_dir, "o.csv"), "--programmes", "HighTechEnterprize");
        Assert.Equal(2, exit);
        Assert.Contains("did you mean 'HighTechEnterprise'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_needed_column_exits_2_naming_it()
    {
        var input = Path.Combine(_dir, "in.csv");
        File.WriteAllText(input, "id,name\nA,甲\n");
        var (exit, _, stderr) = Run("screen", "--input", input, "--output", Path.Combine(_dir, "o.csv"), "--programmes", "SmeSize");
        Assert.Equal(2, exit);
        Assert.Contains("column 'employees'", stderr, StringComparison.Ordinal);
        Assert.Contains("column 'industry'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_rules_exit_2_with_file_line_and_column()
    {
        var rules = Path.Combine(_dir, "rules");
        Directory.CreateDirectory(rules);
        var text = File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "HighTechEnterprise.json"))
            .Replace("enterprise.InnovationCapabilityScore > 70", "enterprise.InnovationScore > 70", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(rules, "HighTechEnterprise.json"), text);
        var input = WriteCsv(new EnterpriseProfileRow(TestProfiles.Baseline()));

        var (exit, _, stderr) = Run("screen", "--input", input, "--output", Path.Combine(_dir, "o.csv"), "--rules", rules);

        Assert.Equal(2, exit);
        var line = text.Split('\n').ToList().FindIndex(l => l.Contains("enterprise.InnovationScore", StringComparison.Ordinal)) + 1;
        var column = text.Split('\n')[line - 1].IndexOf("InnovationScore", StringComparison.Ordinal) + 1;
        Assert.Contains($"HighTechEnterprise.json({line},{column}): error PR1006:", stderr, StringComparison.Ordinal);
        Assert.Contains("did you mean 'InnovationCapabilityScore'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_explains_a_failing_high_tech_case_in_both_languages_with_articles()
    {
        var profile = Path.Combine(_dir, "profile.json");
        File.WriteAllText(profile, """
            { "id": "X1", "name": "测试", "residentInMainland": true, "registrationDate": "2024-09-01", "industry": "SoftwareAndIT",
              "employees": 80, "techStaff": 7, "revenueY1": 30000000, "revenueY2": 20000000, "revenueY3": 0, "totalIncomeY1": 30500000, "nonTaxableIncomeY1": 0,
              "highTechIncomeY1": 15000000, "totalAssets": 25000000, "costAndExpenseY1": 27000000, "rdExpenseY1": 1500000, "rdExpenseY2": 900000,
              "rdExpenseY3": 0, "domesticRdExpenseY1": 1500000, "domesticRdExpenseY2": 900000, "domesticRdExpenseY3": 0, "ipClassI": 1, "ipClassII": 3,
              "coreIpForMainProducts": true, "techFieldSupported": true, "innovationCapabilityScore": 70, "majorIncidentLastYear": false }
            """);

        var (exit, stdout, stderr) = Run("evaluate", "--programme", "HighTechEnterprise", "--profile", profile, "--as-of", "2025-06-30");

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Contains("结论：不符合条件（10 项条件中 5 项未满足） / Result: NOT ELIGIBLE (5 of 10 criteria not met)", stdout, StringComparison.Ordinal);
        string[] failed = ["三（一）", "第十一条（四）", "第十一条（五）", "第十一条（六）", "第十一条（七）"];
        foreach (var article in failed)
        {
            Assert.Contains(article, stdout, StringComparison.Ordinal);
        }

        Assert.Contains("科技人员占职工总数的比例低于10%（实际 8.75%，要求 ≥ 10%）", stdout, StringComparison.Ordinal);
        Assert.Contains("S&T staff are less than 10% of all staff. (actual 8.75%, required ≥ 10%)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_reports_a_missing_field_as_bad_input()
    {
        var profile = Path.Combine(_dir, "profile.json");
        File.WriteAllText(profile, """{ "id": "X1", "employees": 10 }""");
        var (exit, _, stderr) = Run("evaluate", "--programme", "SmeSize", "--profile", profile, "--format", "json");
        Assert.Equal(2, exit);
        Assert.Contains("'industry'", stderr, StringComparison.Ordinal);
        Assert.Contains("missing", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_json_output_is_valid_json_with_the_result()
    {
        var profile = Path.Combine(_dir, "profile.json");
        File.WriteAllText(profile, """{ "id": "S1", "industry": "Retail", "employees": 50, "revenueY1": 5000000, "totalAssets": 0 }""");
        var (exit, stdout, _) = Run("evaluate", "--programme", "SmeSize", "--profile", profile, "--format", "json", "--as-of", "2025-01-01");
        Assert.Equal(0, exit);
        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.Equal("Medium", json.RootElement.GetProperty("classification").GetString());
        Assert.True(json.RootElement.GetProperty("eligible").GetBoolean());
    }

    [Fact]
    public void Evaluate_reads_json_numbers_written_with_an_exponent_exactly()
    {
        var profile = Path.Combine(_dir, "profile.json");
        File.WriteAllText(profile, """{ "id": "E1", "industry": "Retail", "employees": 50, "revenueY1": 5E6, "totalAssets": 0 }""");
        var (exit, stdout, stderr) = Run("evaluate", "--programme", "SmeSize", "--profile", profile, "--format", "json", "--as-of", "2025-01-01");
        Assert.True(exit == 0, stderr);
        Assert.Contains("\"classification\": \"Medium\"", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        var (exit, _, stderr) = Run("screen", "--input");
        Assert.Equal(2, exit);
        Assert.NotEqual("", stderr);
        Assert.Equal(2, Run("evaluate", "--programme", "SmeSize", "--profile", "x.json", "--as-of", "30/06/2025").Exit);
    }

    private static string ScreeningJobPath(string output) => ScreeningJob.RejectsPathFor(output);
}
