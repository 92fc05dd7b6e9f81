using PolicyRules.Gaps;
using PolicyRules.Input;
using PolicyRules.Model;

namespace PolicyRules.Tests.Cli;

/// <summary><c>policyrules gap</c> as a user runs it: one enterprise (text and JSON), the reserve pool, and bad input.</summary>
public sealed class GapCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-gap-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args) => Tests.Cli.Cli.Run(args);

    /// <summary>The README's example: young, 7 of 80 S&amp;T staff, R&amp;D 2.4M of revenue 50M, high-tech income 15M of 30.5M, score 70.</summary>
    private string NearMissProfile()
    {
        var path = Path.Combine(_dir, "profile.json");
        File.WriteAllText(path, """
            { "id": "X1", "name": "测试", "residentInMainland": true, "registrationDate": "2024-09-01", "industry": "SoftwareAndIT",
              "employees": 80, "techStaff": 7, "revenueY1": 30000000, "revenueY2": 20000000, "revenueY3": 0, "totalIncomeY1": 30500000, "nonTaxableIncomeY1": 0,
              "highTechIncomeY1": 15000000, "totalAssets": 25000000, "costAndExpenseY1": 27000000, "rdExpenseY1": 1500000, "rdExpenseY2": 900000,
              "rdExpenseY3": 0, "domesticRdExpenseY1": 1500000, "domesticRdExpenseY2": 900000, "domesticRdExpenseY3": 0, "ipClassI": 1, "ipClassII": 3,
              "coreIpForMainProducts": true, "techFieldSupported": true, "innovationCapabilityScore": 70, "majorIncidentLastYear": false }
            """);
        return path;
    }

    [Fact]
    public void Gap_prints_every_shortfall_in_the_inputs_units_in_both_languages()
    {
        var (exit, stdout, stderr) = Run("gap", "--programme", "HighTechEnterprise", "--profile", NearMissProfile(), "--as-of", "2025-06-30");

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Contains("Result: NOT ELIGIBLE (5 of 10 criteria not met; 4 closable by a number", stdout, StringComparison.Ordinal);
        string[] expected =
        [
            "✗ RegisteredOneYear",
            "Not closable by a number: it depends on yes/no, date or other non-numeric facts (registrationDate)",
            "弥补办法（任选其一；先增后减，各按相对变化从小到大）/ To meet it, any one of (rises before cuts, each smallest relative change first):",
            "1. 科技人员须增加 1 人（7 人 → 8 人）",
            "S&T staff must rise by 1 person (7 → 8)",
            "2. 职工总数须减少 10 人（80 人 → 70 人）",
            "Total staff must fall by 10 people (80 → 70)",
            "1. 研究开发费用（Y1–Y3 合计）须增加 100,000 元（2,400,000 元 → 2,500,000 元）",
            "R&D expense over Y1–Y3 must rise by ¥100,000 (¥2,400,000 → ¥2,500,000)",
            "2. 营业收入（Y1–Y3 合计）须减少 2,000,000 元（50,000,000 元 → 48,000,000 元）",
            "Revenue over Y1–Y3 must fall by ¥2,000,000 (¥50,000,000 → ¥48,000,000)",
            "High-tech income in Y1 must rise by ¥3,300,000 (¥15,000,000 → ¥18,300,000)",
            "Total income in Y1 must fall by ¥5,500,000 (¥30,500,000 → ¥25,000,000)",
            "企业创新能力评价得分须提高 1 分（70 分 → 71 分）",
            "Innovation-capability score must rise by 1 point (70 → 71)",
        ];
        foreach (var line in expected)
        {
            Assert.Contains(line, stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_readme_shows_the_gap_report_of_the_sample_near_miss_verbatim()
    {
        var root = Path.Combine(TestProfiles.RulesDirectory, "..");
        var (exit, stdout, _) = Run("gap", "--programme", "HighTechEnterprise", "--profile", Path.Combine(root, "samples", "high-tech-near-miss.json"), "--as-of", "2025-06-30");
        Assert.Equal(0, exit);

        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        var begin = readme.IndexOf("<!-- gap example: begin -->\n```text\n", StringComparison.Ordinal);
        var end = readme.IndexOf("```\n<!-- gap example: end -->", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "README.md has no gap example block");
        var shown = readme[(begin + "<!-- gap example: begin -->\n```text\n".Length)..end];
        Assert.Equal(stdout.ReplaceLineEndings("\n"), shown);
    }

    [Fact]
    public void Gap_json_has_the_gaps_with_exact_values()
    {
        var (exit, stdout, _) = Run("gap", "--program", "HighTechEnterprise", "--profile", NearMissProfile(), "--as-of", "2025-06-30", "--format", "json");

        Assert.Equal(0, exit);
        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.False(root.GetProperty("eligible").GetBoolean());
        var gaps = root.GetProperty("gaps");
        Assert.Equal(5, gaps.GetArrayLength());
        Assert.False(gaps[0].GetProperty("closable").GetBoolean());
        var rd = gaps[2].GetProperty("levers")[0]; // the rise first
        Assert.Equal("rdExpenseY1+rdExpenseY2+rdExpenseY3", rd.GetProperty("field").GetString());
        Assert.Equal(100_000m, rd.GetProperty("change").GetDecimal());
        Assert.Equal("yuan", rd.GetProperty("unit").GetString());
    }

    [Fact]
    public void Gap_says_when_there_is_nothing_to_close()
    {
        var path = Path.Combine(_dir, "eligible.json");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(TestProfiles.Baseline(), Camel));
        var (exit, stdout, _) = Run("gap", "--programme", "HighTechEnterprise", "--profile", path, "--as-of", "2025-06-30");
        Assert.Equal(0, exit);
        Assert.Contains("结论：符合条件，无差距（10 项条件全部满足） / Result: ELIGIBLE, nothing to close (10 of 10 criteria met)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Gap_writes_the_reserve_pool_ranked_with_rejects_and_counts()
    {
        var input = Path.Combine(_dir, "in.csv");
        var b = TestProfiles.Baseline();
        using (var text = new StringWriter())
        {
            ProfileCsvWriter.Write(text,
            [
                b with { Id = "TWO", TechStaff = 9, InnovationCapabilityScore = 70m },
                b with { Id = "OK" },
                b with { Id = "BAD" },
                b with { Id = "ONE", Name = "一号科技有限公司", InnovationCapabilityScore = 70m },
                b with { Id = "FAR", TechStaff = 9, InnovationCapabilityScore = 70m, HighTechIncomeY1 = 0m },
                b with { Id = "CERT", CoreIpForMainProducts = false },
            ]);
            var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
            lines[3] = lines[3].Replace(",100,30,", ",lots,30,", StringComparison.Ordinal);
            File.WriteAllText(input, string.Join('\n', lines) + "\n");
        }

        var output = Path.Combine(_dir, "pool", "pool.csv");
        var (exit, stdout, stderr) = Run("gap", "--programme", "HighTechEnterprise", "--input", input, "--output", output, "--as-of", "2025-06-30");

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Contains("Read 6 rows = eligible 1 + pooled 3 + failing more than 2 1 + rejected 1", stdout, StringComparison.Ordinal);
        var rows = File.ReadAllLines(output);
        Assert.Equal("rank,id,name,failedCount,notClosable,largestRelativeChange,failed,gapsZh,gapsEn", rows[0]);
        Assert.Equal(["1,ONE", "2,CERT", "3,TWO"], rows.Skip(1).Select(r => string.Join(',', r.Split(',').Take(2))));
        Assert.StartsWith("1,ONE,一号科技有限公司,1,0,0.0143,InnovationCapability,InnovationCapability：企业创新能力评价得分须提高 1 分（70 分 → 71 分）,InnovationCapability: Innovation-capability score must rise by 1 point (70 → 71)", rows[1], StringComparison.Ordinal);
        Assert.StartsWith("2,CERT,青岛测试科技有限公司,1,1,,CoreIntellectualProperty,", rows[2], StringComparison.Ordinal);
        Assert.StartsWith("3,TWO,青岛测试科技有限公司,2,0,0.1112,TechStaffRatio;InnovationCapability,", rows[3], StringComparison.Ordinal); // 1/9 S&T staff, rounded up
        Assert.Contains("TechStaffRatio: S&T staff must rise by 1 person (9 → 10); or Total staff must fall by 10 people (100 → 90) | InnovationCapability: Innovation-capability score must rise by 1 point (70 → 71)", rows[3], StringComparison.Ordinal);

        var rejects = File.ReadAllLines(ReservePoolRejects(output));
        Assert.Equal("row,line,id,column,reason", rejects[0]);
        Assert.StartsWith("3,4,BAD,employees,\"expected a whole number", rejects[1], StringComparison.Ordinal);

        Assert.Equal(0, Run("gap", "--programme", "HighTechEnterprise", "--input", input, "--output", output, "--as-of", "2025-06-30", "--max-failed", "1").Exit);
        Assert.Equal(["ONE", "CERT"], File.ReadAllLines(output).Skip(1).Select(r => r.Split(',')[1]));
    }

    [Theory]
    [InlineData("Give either --profile", "gap", "--programme", "HighTechEnterprise")]
    [InlineData("Give either --profile", "gap", "--programme", "HighTechEnterprise", "--profile", "p.json", "--input", "in.csv")]
    [InlineData("--output is required with --input", "gap", "--programme", "HighTechEnterprise", "--input", "in.csv")]
    [InlineData("--max-failed must be 1 or more", "gap", "--programme", "HighTechEnterprise", "--input", "in.csv", "--output", "out.csv", "--max-failed", "0")]
    [InlineData("--format belongs to one enterprise", "gap", "--programme", "HighTechEnterprise", "--input", "in.csv", "--output", "out.csv", "--format", "json")]
    [InlineData("--output and --max-failed belong to the reserve pool", "gap", "--programme", "HighTechEnterprise", "--profile", "p.json", "--max-failed", "1")]
    [InlineData("the input file does not exist", "gap", "--programme", "HighTechEnterprise", "--input", "nowhere.csv", "--output", "out.csv")]
    [InlineData("did you mean 'HighTechEnterprise'", "gap", "--programme", "HighTechEnterprize", "--profile", "p.json")]
    [InlineData("is not a date YYYY-MM-DD", "gap", "--programme", "HighTechEnterprise", "--profile", "p.json", "--as-of", "30/06/2025")]
    [InlineData("is not a day of the calendar", "gap", "--programme", "HighTechEnterprise", "--profile", "p.json", "--as-of", "2025-02-29")]
    [InlineData("is not a day of the calendar", "gap", "--programme", "HighTechEnterprise", "--profile", "p.json", "--as-of", "2025-04-31")]
    [InlineData("is not a date YYYY-MM-DD", "gap", "--programme", "HighTechEnterprise", "--profile", "p.json", "--as-of", "2025-2-28")]
    public void Gap_reports_bad_arguments_as_bad_input(string message, params string[] args)
    {
        var (exit, _, stderr) = Run(args);
        Assert.Equal(2, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_numeric_field_of_the_contract_has_gap_labels_in_both_languages()
    {
        Assert.All(ProfileSchema.Fields.Where(ProfileSchema.IsNumeric), field => Assert.True(GapLabels.IsKnown(field), field.Name));
    }

    private static string ReservePoolRejects(string output) => PolicyRules.Screening.ScreeningJob.RejectsPathFor(output);

    private static readonly System.Text.Json.JsonSerializerOptions Camel = new()
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
