using System.Globalization;
using System.Text.RegularExpressions;

namespace PolicyRules.Tests.Reporting;

/// <summary>Issue 20: the report's plan-targets section, as Chromium renders it.</summary>
public sealed partial class ReportInBrowserTests
{
    [Fact]
    public void The_plan_targets_section_renders_with_the_values_of_the_run()
    {
        if (FindChromium() is not { } chromium)
        {
            Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("POLICYRULES_REQUIRE_BROWSER")),
                "Chromium was not found and CI is set: the browser test of the report's targets section must run.");
            output.WriteLine("Chromium was not found: the browser test of the report's targets section did not run.");
            return;
        }

        string P(string name) => Path.Combine(_dir, name);
        Assert.Equal(0, Tests.Cli.Cli.Run("generate", "--count", "2000", "--output", P("in.csv")).Exit);
        var (exit, _, stderr) = Tests.Cli.Cli.Run("screen", "--input", P("in.csv"), "--output", P("out.csv"), "--as-of", "2025-06-30", "--report", P("report.html"), "--targets");
        Assert.True(exit == 0, stderr);

        var dom = RunChromium(chromium, "--dump-dom", new Uri(P("report.html")).AbsoluteUri);
        var rows = TargetRow().Matches(dom).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["now"].Value);
        Assert.Equal(7, rows.Count);
        // The value shown is the count of the input's rows holding the certificate, read from the input itself.
        Assert.Equal(Cli.TargetCliTests.CountTrue(P("in.csv"), "highTechCertValid").ToString(CultureInfo.InvariantCulture), rows["HighTechEnterprises"]);
        Assert.Contains("id=\"targets\"", dom, StringComparison.Ordinal);
        Assert.Contains("data-laggards=\"AboveScaleRdGrowth\"", dom, StringComparison.Ordinal);
    }

    [Fact]
    public void The_simulation_report_renders_with_its_before_and_after_bars()
    {
        if (FindChromium() is not { } chromium)
        {
            Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("POLICYRULES_REQUIRE_BROWSER")),
                "Chromium was not found and CI is set: the browser test of the simulation report must run.");
            output.WriteLine("Chromium was not found: the browser test of the simulation report did not run.");
            return;
        }

        string P(string name) => Path.Combine(_dir, name);
        var reform = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "reforms", "high-tech-rd-share-minus-one-point.reform.json");
        Assert.Equal(0, Tests.Cli.Cli.Run("generate", "--count", "2000", "--output", P("in.csv")).Exit);
        var (exit, _, stderr) = Tests.Cli.Cli.Run("simulate", "--reform", reform, "--input", P("in.csv"), "--as-of", "2025-06-30", "--output", P("diff.csv"), "--report", P("sim.html"));
        Assert.True(exit == 0, stderr);

        var dom = RunChromium(chromium, "--dump-dom", new Uri(P("sim.html")).AbsoluteUri);
        var bar = SimulationBar().Match(dom);
        Assert.True(bar.Success, "the before/after chart has no HighTechEnterprise bar");
        var gained = File.ReadLines(P("diff.csv")).Skip(1).Count(l => l.Contains(",HighTechEnterprise,gained,", StringComparison.Ordinal));
        var lost = File.ReadLines(P("diff.csv")).Skip(1).Count(l => l.Contains(",HighTechEnterprise,lost,", StringComparison.Ordinal));
        Assert.Equal(int.Parse(bar.Groups["before"].Value, CultureInfo.InvariantCulture) + gained - lost, int.Parse(bar.Groups["after"].Value, CultureInfo.InvariantCulture));
        Assert.True(gained > 0, "the sample reform gains no enterprise in 2,000 generated ones");
    }

    [GeneratedRegex("data-programme=\"HighTechEnterprise\" data-before=\"(?<before>[0-9]+)\" data-after=\"(?<after>[0-9]+)\"")]
    private static partial Regex SimulationBar();

    [GeneratedRegex("<tr data-target=\"(?<name>[^\"]+)\" data-met=\"(true|false)\"><td>.*?data-now=\"(?<now>[^\"]*)\"", RegexOptions.Singleline)]
    private static partial Regex TargetRow();
}
