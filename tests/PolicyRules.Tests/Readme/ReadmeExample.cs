using PolicyRules.Model;

namespace PolicyRules.Tests.Readme;

/// <summary>The README's library example, compiled and run here so it cannot rot.</summary>
public sealed class ReadmeExample
{
    // README example: begin
    internal static void Example()
    {
        var engine = PolicyEngine.LoadBundled();   // or PolicyEngine.LoadDirectories(PolicyEngine.BundledRulesDirectory, "rules")
        var profile = new EnterpriseProfile
        {
            Id = "91370211MA3EXAMPLE",
            Name = "青岛示例科技有限公司",
            ResidentInMainland = true,
            RegistrationDate = new DateOnly(2019, 5, 20),
            Industry = Industry.SoftwareAndIT,
            Employees = 120,
            TechStaff = 40,
            RevenueY1 = 48_000_000m,
            RevenueY2 = 39_000_000m,
            RevenueY3 = 30_000_000m,
            TotalIncomeY1 = 48_500_000m,
            HighTechIncomeY1 = 41_000_000m,
            TotalAssets = 60_000_000m,
            CostAndExpenseY1 = 42_000_000m,
            RdExpenseY1 = 3_100_000m,
            RdExpenseY2 = 2_400_000m,
            RdExpenseY3 = 1_900_000m,
            DomesticRdExpenseY1 = 3_100_000m,
            DomesticRdExpenseY2 = 2_400_000m,
            DomesticRdExpenseY3 = 1_900_000m,
            IpClassI = 3,
            CoreIpForMainProducts = true,
            TechFieldSupported = true,
            InnovationCapabilityScore = 76m,
        };

        var result = engine.Evaluate("HighTechEnterprise", profile, asOf: new DateOnly(2025, 6, 30));
        Console.WriteLine(result.Eligible);                       // True
        foreach (var criterion in result.Criteria)
        {
            Console.WriteLine($"{criterion.Name}: {criterion.Message.En} [{criterion.Citation}]");
        }
    }
    // README example: end

    [Fact]
    public void The_readme_example_runs_and_its_claimed_output_holds()
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            Example();
        }
        finally
        {
            Console.SetOut(original);
        }

        var lines = output.ToString().Split(Environment.NewLine);
        Assert.Equal("True", lines[0]);
        Assert.StartsWith("ResidentInMainland: Met: ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("RegisteredOneYear: Met: ", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void The_readme_shows_the_example_verbatim()
    {
        var source = File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "..", "tests", "PolicyRules.Tests", "Readme", "ReadmeExample.cs"));
        var begin = source.IndexOf("// README example: begin", StringComparison.Ordinal);
        var end = source.IndexOf("    // README example: end", StringComparison.Ordinal);
        var example = string.Join('\n', source[begin..end].Split('\n').Skip(1).Select(l => l.Length >= 4 ? l[4..] : l.TrimStart())).TrimEnd();
        var readme = File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "..", "README.md")).ReplaceLineEndings("\n");
        Assert.Contains(example.ReplaceLineEndings("\n"), readme, StringComparison.Ordinal);
    }
}
