using System.Globalization;
using nietras.SeparatedValues;

namespace PolicyRules.Tests.Cli;

/// <summary>Issue 20: <c>policyrules screen --targets</c> as a user runs it.</summary>
public sealed class TargetCliTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("targets-cli-");

    public void Dispose() => _folder.Delete(recursive: true);

    private static string Sample => Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "enterprises.csv");

    /// <summary>Rows of a contract CSV whose <paramref name="column"/> is <c>true</c>, read with Sep, not the project's reader.</summary>
    internal static long CountTrue(string csv, string column)
    {
        using var reader = Sep.Reader().FromFile(csv);
        long count = 0;
        foreach (var row in reader)
        {
            count += string.Equals(row[column].ToString(), "true", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        }

        return count;
    }

    [Fact]
    public void Screen_with_targets_prints_the_target_table_with_the_counts_of_the_sample()
    {
        var output = Path.Combine(_folder.FullName, "out.csv");
        var (exit, stdout, stderr) = Cli.Run("screen", "--input", Sample, "--output", output, "--as-of", "2025-06-30", "--targets");
        Assert.True(exit == 0, stderr);
        Assert.Contains("规划目标 Plan targets (2025-06-30)", stdout, StringComparison.Ordinal);
        foreach (var name in (string[])["HighTechEnterprises", "TechBasedSmes", "QualitySmes", "NewQualitySmesPerYear", "NewGreenFactories", "AboveScaleRdGrowth", "InnovationIndexTop50"])
        {
            Assert.Contains(name, stdout, StringComparison.Ordinal);
        }

        var holders = CountTrue(Sample, "highTechCertValid");
        var line = stdout.Split('\n').Single(l => l.Contains("HighTechEnterprises", StringComparison.Ordinal));
        var cells = line.Split('│', StringSplitOptions.TrimEntries);
        Assert.Equal("≥1,500", cells[2]);
        Assert.Equal(holders.ToString("N0", CultureInfo.InvariantCulture), cells[3]);
        Assert.Equal((1500 - holders).ToString("N0", CultureInfo.InvariantCulture), cells[4]);
    }

    [Fact]
    public void A_targets_file_with_a_mistake_stops_the_run_naming_line_and_column()
    {
        var targets = Path.Combine(_folder.FullName, "plan.targets.json");
        File.WriteAllText(targets, File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "plan-2023-2025.targets.json"))
            .Replace("\"greenFactoryYear\"", "\"greenFactoryYr\"", StringComparison.Ordinal));
        var (exit, _, stderr) = Cli.Run("screen", "--input", Sample, "--output", Path.Combine(_folder.FullName, "out.csv"), "--as-of", "2025-06-30", "--targets", targets);
        Assert.Equal(2, exit);
        Assert.Matches(@"plan\.targets\.json\(\d+,\d+\): error PR1006: .*did you mean ""greenFactoryYear""", stderr);
        Assert.False(File.Exists(Path.Combine(_folder.FullName, "out.csv")));
    }

    [Fact]
    public void Targets_whose_programmes_are_left_out_of_programs_are_refused_naming_them()
    {
        var (exit, _, stderr) = Cli.Run("screen", "--input", Sample, "--output", Path.Combine(_folder.FullName, "out.csv"), "--as-of", "2025-06-30",
            "--programmes", "SmeSize,HighTechEnterprise", "--targets");
        Assert.Equal(2, exit);
        Assert.Contains("TechBasedSme", stderr, StringComparison.Ordinal);
        Assert.Contains("AboveScale", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("HighTechEnterprise,", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rules_folder_without_a_targets_file_asks_for_one()
    {
        var rules = _folder.CreateSubdirectory("rules");
        File.Copy(Path.Combine(TestProfiles.RulesDirectory, "SmeSize.json"), Path.Combine(rules.FullName, "SmeSize.json"));
        var (exit, _, stderr) = Cli.Run("screen", "--rules", rules.FullName, "--input", Sample, "--output", Path.Combine(_folder.FullName, "out.csv"), "--targets");
        Assert.Equal(2, exit);
        Assert.Contains("--targets FILE", stderr, StringComparison.Ordinal);
    }
}
