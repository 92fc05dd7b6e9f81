using System.Globalization;
using System.Text.RegularExpressions;

namespace PolicyRules.Tests.Packaging;

/// <summary>
/// A consumer app with a rules folder of its own (<c>district/</c>, listed as a
/// <c>PolicyRulesFolder</c>): an extension of Enterprise, a new record kind Project, and a programme
/// that uses a bundled one (tests/PolicyRules.Tests/Packaging/district-rules). Its Program.cs uses
/// the generated typed records and names a district and a bundled programme. Used by the build
/// tests over project references and by the package test over the packed package.
/// </summary>
internal static partial class DistrictConsumer
{
    public static string RulesSource { get; } = Path.Combine(Dotnet.Root, "tests", "PolicyRules.Tests", "Packaging", "district-rules");

    /// <summary>What the app prints for its enterprise (small, registered in the district) and its project.</summary>
    public const string ExpectedOutput = "e1 (in district: True): DistrictSmeSupport True; HighTechEnterprise False\np1: budget 2000000 yuan, 50% self-funded, from 2025-01-01";

    public const string Program = """
        using Consumer.PolicyRecords;
        using PolicyRules;
        using PolicyRules.Model;

        var asOf = new DateOnly(2025, 6, 30);
        var engine = PolicyEngine.LoadDirectories(PolicyEngine.BundledRulesDirectory, Path.Combine(AppContext.BaseDirectory, "district"));
        var enterprise = new DistrictEnterprise { Id = "e1", RegisteredInDistrict = true, Industry = Industry.SoftwareAndIT, Employees = 20, RevenueY1 = 2_000_000m, TotalAssets = 2_000_000m };
        var project = new Project { Id = "p1", Name = "Test", Budget = 2_000_000m, SelfFundedPercent = 50m, StartDate = new DateOnly(2025, 1, 1) };
        Console.WriteLine($"{enterprise.Id} (in district: {enterprise.RegisteredInDistrict}): DistrictSmeSupport {engine.Evaluate("DistrictSmeSupport", enterprise, asOf).Eligible}; HighTechEnterprise {engine.Evaluate("HighTechEnterprise", enterprise, asOf).Eligible}");
        Console.WriteLine($"{project.Id}: budget {project.Budget} yuan, {project.SelfFundedPercent}% self-funded, from {project.StartDate:yyyy-MM-dd}");
        """;

    /// <summary>The project file's items: the district folder as a rules folder, copied to the output for the engine.</summary>
    public const string Items = """
          <ItemGroup>
            <PolicyRulesFolder Include="district" />
            <None Include="district/*.json" CopyToOutputDirectory="PreserveNewest" />
          </ItemGroup>
        """;

    /// <summary>The shipped example, samples/district-policy/rules, as an app's own rules folder (the package test).</summary>
    public static string SampleRulesSource { get; } = Path.Combine(Dotnet.Root, "samples", "district-policy", "rules");

    /// <summary>What <see cref="SampleProgram"/> prints: eligibility and award of each district programme.</summary>
    public const string SampleExpectedOutput = "e1 (in district: True): RdExpenseSubsidy True, award 100000; HighTechEnterprise False\np1: KeyRdProjectSupport True, award 400000";

    /// <summary>An app over samples/district-policy: typed records generated from its declarations, its programmes' awards.</summary>
    public const string SampleProgram = """
        using Consumer.PolicyRecords;
        using PolicyRules;

        var asOf = new DateOnly(2026, 6, 30);
        var engine = PolicyEngine.LoadDirectories(PolicyEngine.BundledRulesDirectory, Path.Combine(AppContext.BaseDirectory, "district"));
        var enterprise = new DistrictEnterprise { Id = "e1", RegisteredInDistrict = true, RdExpenseY1 = 6_000_000m, RdExpenseY2 = 5_000_000m };
        var project = new Project { Id = "p1", Name = "Test", Budget = 2_000_000m, SelfFundedPercent = 50m, StartDate = new DateOnly(2026, 1, 1) };
        var subsidy = engine.Evaluate("RdExpenseSubsidy", enterprise, asOf);
        var support = engine.GetProgramme("KeyRdProjectSupport", asOf).EvaluateRecord(project, asOf);
        Console.WriteLine($"{enterprise.Id} (in district: {enterprise.RegisteredInDistrict}): RdExpenseSubsidy {subsidy.Eligible}, award {subsidy.Outputs["award"]}; HighTechEnterprise {engine.Evaluate("HighTechEnterprise", enterprise, asOf).Eligible}");
        Console.WriteLine($"{project.Id}: KeyRdProjectSupport {support.Eligible}, award {support.Outputs["award"]} (budget {project.Budget})");
        """;

    /// <summary>Writes Program.cs and the district folder into <paramref name="project"/>: the test fixture, or another folder and program.</summary>
    public static void LayOut(string project, string? rulesSource = null, string? program = null)
    {
        var district = Directory.CreateDirectory(Path.Combine(project, "district")).FullName;
        foreach (var file in Directory.GetFiles(rulesSource ?? RulesSource, "*.json"))
        {
            File.Copy(file, Path.Combine(district, Path.GetFileName(file)), overwrite: true);
        }

        File.WriteAllText(Path.Combine(project, "Program.cs"), program ?? Program);
    }

    /// <summary>Replaces text in Program.cs; returns the 1-based line and column where <paramref name="marker"/> then stands.</summary>
    public static (int Line, int Column) Edit(string project, string from, string to, string marker)
    {
        var path = Path.Combine(project, "Program.cs");
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        text = text.Replace(from, to, StringComparison.Ordinal);
        File.WriteAllText(path, text);
        var lines = text.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains(marker, StringComparison.Ordinal));
        return (line + 1, lines[line].IndexOf(marker, StringComparison.Ordinal) + 1);
    }

    /// <summary>Compiler-format errors and warnings of a build: id, file name, line, column.</summary>
    public static List<(string Id, string File, int Line, int Column)> Reported(string output) =>
        [.. ReportedPattern().Matches(output).Select(m => (m.Groups["id"].Value, Path.GetFileName(m.Groups["file"].Value),
            int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["column"].Value, CultureInfo.InvariantCulture))).Distinct()];

    [GeneratedRegex(@"(?<file>[^\s:(]+)\((?<line>\d+),(?<column>\d+)\): (?:error|warning) (?<id>(?:PR|CS)\d{4})")]
    private static partial Regex ReportedPattern();
}
