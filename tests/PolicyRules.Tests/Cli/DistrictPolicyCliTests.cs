namespace PolicyRules.Tests.Cli;

/// <summary>
/// samples/district-policy as its README runs it: a district's own record fields and record kind,
/// written in JSON alone, tested and screened through the command line.
/// </summary>
public sealed class DistrictPolicyCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-district-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Sample => Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "district-policy");

    private static string Rules => Path.Combine(Sample, "rules");

    [Fact]
    public void The_rule_tests_of_the_district_folder_pass()
    {
        var (exit, stdout, stderr) = Cli.Run("test", "--rules", Rules);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("0 failed", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Screening_enterprises_reads_the_extension_field_and_writes_the_eligibility_column()
    {
        var input = Path.Combine(_dir, "in.csv");
        File.WriteAllText(input, """
            id,registeredInDistrict,rdExpenseY1,rdExpenseY2
            A,true,5000000,4545454.55
            B,true,5000000,4545454.54
            C,false,9000000,1
            D,true,4999999.99,0

            """);
        var output = Path.Combine(_dir, "out.csv");

        var (exit, _, stderr) = Cli.Run("screen", "--rules", Rules, "--programs", "RdExpenseSubsidy", "--input", input, "--output", output, "--as-of", "2026-06-30");

        Assert.True(exit == 0, stderr);
        var lines = File.ReadAllLines(output);
        Assert.Equal("id,RdExpenseSubsidy.eligible,RdExpenseSubsidy.failed", lines[0]);
        // 110% of 4,545,454.55 is 5,000,000.005: one fen more than Y1 can hold, so A just fails and B just passes.
        Assert.Equal(
            ["A,false,RdExpenseGrowthAtLeast10Percent", "B,true,", "C,false,RegisteredInDistrict", "D,false,RdExpenseAtLeast5Million"],
            lines.Skip(1));
    }

    [Fact]
    public void Screening_projects_reads_a_declared_record_kind()
    {
        var output = Path.Combine(_dir, "projects.out.csv");

        var (exit, _, stderr) = Cli.Run("screen", "--rules", Rules, "--programs", "KeyRdProjectSupport", "--input", Path.Combine(Sample, "projects.csv"), "--output", output, "--as-of", "2026-06-30");

        Assert.True(exit == 0, stderr);
        var lines = File.ReadAllLines(output);
        Assert.Equal("id,KeyRdProjectSupport.eligible,KeyRdProjectSupport.failed", lines[0]);
        Assert.Equal(
            ["XM-2026-001,true,", "XM-2026-002,false,BudgetAtLeast2Million", "XM-2026-003,true,", "XM-2026-004,false,SelfFundedAtLeastHalf", "XM-2025-005,false,StartedWithinOneYear"],
            lines.Skip(1));
    }

    [Fact]
    public void A_project_value_outside_its_declared_range_is_rejected_with_row_and_column()
    {
        var input = Path.Combine(_dir, "projects.csv");
        File.WriteAllText(input, """
            id,budget,selfFundedPercent,startDate
            P1,3000000,100.01,2026-01-01
            P2,3000000,100,2026-01-01
            P3,,60,2026-01-01

            """);
        var output = Path.Combine(_dir, "out.csv");

        var (exit, _, stderr) = Cli.Run("screen", "--rules", Rules, "--programs", "KeyRdProjectSupport", "--input", input, "--output", output, "--as-of", "2026-06-30");

        Assert.True(exit is 0 or 1, stderr);
        Assert.Equal(["id,KeyRdProjectSupport.eligible,KeyRdProjectSupport.failed", "P2,true,"], File.ReadAllLines(output));
        var rejects = File.ReadAllText(output + ".rejects.csv");
        Assert.Contains("selfFundedPercent", rejects, StringComparison.Ordinal);
        Assert.Contains("100.01", rejects, StringComparison.Ordinal);
        Assert.Contains("budget", rejects, StringComparison.Ordinal);
    }

    [Fact]
    public void Programmes_of_two_record_kinds_are_not_screened_from_one_file()
    {
        var (exit, _, stderr) = Cli.Run("screen", "--rules", Rules, "--programs", "RdExpenseSubsidy,KeyRdProjectSupport", "--input", Path.Combine(Sample, "projects.csv"), "--output", Path.Combine(_dir, "o.csv"), "--as-of", "2026-06-30");

        Assert.NotEqual(0, exit);
        Assert.Contains("Project: KeyRdProjectSupport", stderr, StringComparison.Ordinal);
        Assert.Contains("Enterprise: RdExpenseSubsidy", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_writes_records_of_a_declared_kind_that_screen_reads_back()
    {
        var generated = Path.Combine(_dir, "generated.csv");
        var output = Path.Combine(_dir, "screened.csv");

        var (exit, stdout, stderr) = Cli.Run("generate", "--rules", Rules, "--record", "Project", "--count", "300", "--output", generated);
        Assert.True(exit == 0, stderr);
        Assert.Contains("300 Project records", stdout, StringComparison.Ordinal);
        Assert.Equal("id,name,budget,selfFundedPercent,startDate", File.ReadLines(generated).First());

        (exit, _, stderr) = Cli.Run("screen", "--rules", Rules, "--programs", "KeyRdProjectSupport", "--input", generated, "--output", output, "--as-of", "2026-06-30");
        Assert.True(exit == 0, stderr);
        var rows = File.ReadAllLines(output).Skip(1).ToList();
        Assert.Equal(300, rows.Count); // every generated value is within its declared range: nothing rejected
        Assert.Contains(rows, r => r.Contains(",true,", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains(",false,", StringComparison.Ordinal));

        (exit, _, stderr) = Cli.Run("generate", "--rules", Rules, "--record", "Projct", "--count", "1", "--output", generated);
        Assert.NotEqual(0, exit);
        Assert.Contains("did you mean 'Project'?", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Gap_says_what_a_near_miss_project_lacks()
    {
        var project = Path.Combine(_dir, "project.json");
        File.WriteAllText(project, """{ "id": "P1", "budget": 1800000, "selfFundedPercent": 60, "startDate": "2026-01-15" }""");

        var (exit, stdout, stderr) = Cli.Run("gap", "--rules", Rules, "--program", "KeyRdProjectSupport", "--profile", project, "--as-of", "2026-06-30");

        Assert.True(exit == 0, stderr);
        Assert.Contains("Project: P1", stdout, StringComparison.Ordinal);
        Assert.Contains("BudgetAtLeast2Million", stdout, StringComparison.Ordinal);
        Assert.Contains("rise by ¥200,000 (¥1,800,000 → ¥2,000,000)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_html_report_covers_a_declared_kind()
    {
        var output = Path.Combine(_dir, "projects.out.csv");
        var report = Path.Combine(_dir, "projects.html");

        var (exit, _, stderr) = Cli.Run("screen", "--rules", Rules, "--programs", "KeyRdProjectSupport", "--input", Path.Combine(Sample, "projects.csv"), "--output", output, "--as-of", "2026-06-30", "--report", report);

        Assert.True(exit == 0, stderr);
        var html = File.ReadAllText(report);
        Assert.Contains("KeyRdProjectSupport", html, StringComparison.Ordinal);
        Assert.Contains("BudgetAtLeast2Million", html, StringComparison.Ordinal);
    }
}
