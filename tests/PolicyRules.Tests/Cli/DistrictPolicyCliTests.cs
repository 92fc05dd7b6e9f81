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

        var (exit, _, stderr) = Cli.Run("screen", "--rules", Rules, "--programmes", "RdExpenseSubsidy", "--input", input, "--output", output, "--as-of", "2026-06-30");

        Assert.True(exit == 0, stderr);
        var lines = File.ReadAllLines(output);
        Assert.Equal("id,RdExpenseSubsidy.eligible,RdExpenseSubsidy.award,RdExpenseSubsidy.failed", lines[0]);
        // 110% of 4,545,454.55 is 5,000,000.005: one fen more than Y1 can hold, so A just fails and B just passes;
        // B's award is 10% of the increase 454,545.46 = 45,454.546, rounded down to the yuan. Ineligible rows have none.
        Assert.Equal(
            ["A,false,,RdExpenseGrowthAtLeast10Percent", "B,true,45454,", "C,false,,RegisteredInDistrict", "D,false,,RdExpenseAtLeast5Million"],
            lines.Skip(1));
    }

    [Fact]
    public void Screening_projects_reads_a_declared_record_kind()
    {
        var output = Path.Combine(_dir, "projects.out.csv");

        var (exit, _, stderr) = Cli.Run("screen", "--rules", Rules, "--programmes", "KeyRdProjectSupport", "--input", Path.Combine(Sample, "projects.csv"), "--output", output, "--as-of", "2026-06-30");

        Assert.True(exit == 0, stderr);
        var lines = File.ReadAllLines(output);
        Assert.Equal("id,KeyRdProjectSupport.eligible,KeyRdProjectSupport.award,KeyRdProjectSupport.failed", lines[0]);
        Assert.Equal(
            ["XM-2026-001,true,600000,", "XM-2026-002,false,,BudgetAtLeast2Million", "XM-2026-003,true,400000,", "XM-2026-004,false,,SelfFundedAtLeastHalf", "XM-2025-005,false,,StartedWithinOneYear"],
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

        var (exit, _, stderr) = Cli.Run("screen", "--rules", Rules, "--programmes", "KeyRdProjectSupport", "--input", input, "--output", output, "--as-of", "2026-06-30");

        Assert.True(exit is 0 or 1, stderr);
        Assert.Equal(["id,KeyRdProjectSupport.eligible,KeyRdProjectSupport.award,KeyRdProjectSupport.failed", "P2,true,600000,"], File.ReadAllLines(output));
        var rejects = File.ReadAllText(output + ".rejects.csv");
        Assert.Contains("selfFundedPercent", rejects, StringComparison.Ordinal);
        Assert.Contains("100.01", rejects, StringComparison.Ordinal);
        Assert.Contains("budget", rejects, StringComparison.Ordinal);
    }

    [Fact]
    public void Programmes_of_two_record_kinds_are_not_screened_from_one_file()
    {
        var (exit, _, stderr) = Cli.Run("screen", "--rules", Rules, "--programmes", "RdExpenseSubsidy,KeyRdProjectSupport", "--input", Path.Combine(Sample, "projects.csv"), "--output", Path.Combine(_dir, "o.csv"), "--as-of", "2026-06-30");

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

        (exit, _, stderr) = Cli.Run("screen", "--rules", Rules, "--programmes", "KeyRdProjectSupport", "--input", generated, "--output", output, "--as-of", "2026-06-30");
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

        var (exit, _, stderr) = Cli.Run("screen", "--rules", Rules, "--programmes", "KeyRdProjectSupport", "--input", Path.Combine(Sample, "projects.csv"), "--output", output, "--as-of", "2026-06-30", "--report", report);

        Assert.True(exit == 0, stderr);
        var html = File.ReadAllText(report);
        Assert.Contains("KeyRdProjectSupport", html, StringComparison.Ordinal);
        Assert.Contains("BudgetAtLeast2Million", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_reform_relaxes_the_subsidy_and_reports_the_award_budget_worked_out_by_hand()
    {
        var reform = Path.Combine(Sample, "reforms", "rd-expense-subsidy-relaxed.reform.json");
        var output = Path.Combine(_dir, "diff.csv");

        var (exit, stdout, stderr) = Cli.Run("simulate", "--rules", Rules, "--reform", reform, "--input", Path.Combine(Sample, "enterprises.csv"), "--as-of", "2026-06-30", "--output", output);

        Assert.True(exit == 0, stdout + stderr);
        // Before: DIS001 and DIS004 get 10% of 1,000,000 and DIS006 10% of 500,000 = 250,000.
        // After (R&D at least 4,000,000, growth at least 5%): DIS003 gains 10% of 999,999.99 → 99,999
        // and DIS005 10% of 499,999.99 → 49,999 (down to the yuan): 399,998, a change of +149,998.
        Assert.Contains("250,000 元 → 399,998 元（变化 change +149,998 元", stdout, StringComparison.Ordinal);
        var rows = File.ReadAllLines(output);
        Assert.EndsWith("RdExpenseSubsidy.award.before,RdExpenseSubsidy.award.after", rows[0], StringComparison.Ordinal);
        Assert.Equal(3, rows.Length);
        Assert.StartsWith("91370211MA3DIS003,", rows[1], StringComparison.Ordinal);
        Assert.EndsWith(",,99999", rows[1], StringComparison.Ordinal);
        Assert.StartsWith("91370211MA3DIS005,", rows[2], StringComparison.Ordinal);
        Assert.EndsWith(",,49999", rows[2], StringComparison.Ordinal);
    }
}
