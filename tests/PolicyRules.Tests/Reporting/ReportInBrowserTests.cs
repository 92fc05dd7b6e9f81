using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using PolicyRules.Rules;
using Xunit.Abstractions;

namespace PolicyRules.Tests.Reporting;

/// <summary>
/// The report as people meet it: <c>policyrules screen --report</c>, opened in a real browser
/// (headless Chromium). The rendered DOM must hold the charts with the run's numbers, and the
/// screenshot must show them (decoded pixel by pixel: not blank, and the bars' colours present).
/// </summary>
/// <remarks>
/// Without Chromium the test fails when <c>CI</c> (or <c>POLICYRULES_REQUIRE_BROWSER</c>) is set, and
/// otherwise returns early with a message in its output. <c>.ci/run</c> installs Debian's chromium.
/// </remarks>
public sealed partial class ReportInBrowserTests(ITestOutputHelper output) : IDisposable
{
    private static readonly DateOnly AsOf = new(2025, 6, 30);

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-browser-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_report_renders_in_headless_chromium_with_its_charts()
    {
        if (FindChromium() is not { } chromium)
        {
            const string message = "Chromium was not found (chromium, chromium-browser, google-chrome on PATH, or POLICYRULES_CHROMIUM): the browser test of the HTML report did not run. Install it with 'apt-get install -y chromium'.";
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("POLICYRULES_REQUIRE_BROWSER")))
            {
                Assert.Fail(message + " CI is set, so the browser test must run.");
            }

            output.WriteLine(message);
            return;
        }

        string P(string name) => Path.Combine(_dir, name);
        Assert.Equal(0, Tests.Cli.Cli.Run("generate", "--count", "1000", "--output", P("in.csv")).Exit);
        var (exit, stdout, stderr) = Tests.Cli.Cli.Run("screen", "--input", P("in.csv"), "--output", P("out.csv"), "--as-of", "2025-06-30", "--report", P("report.html"));
        Assert.True(exit == 0, stderr);
        Assert.Contains($"报告 Report: {P("report.html")}", stdout, StringComparison.Ordinal);
        var url = new Uri(P("report.html")).AbsoluteUri;

        // 1. The DOM as Chromium built it.
        var dom = RunChromium(chromium, "--dump-dom", url);
        output.WriteLine($"{chromium}: DOM of {dom.Length:N0} characters");
        AssertChartsMatchTheOutput(dom, P("out.csv"));

        // 2. What it paints.
        var screenshot = P("report.png");
        RunChromium(chromium, $"--screenshot={screenshot}", "--window-size=1280,2000", url);
        Assert.True(File.Exists(screenshot), "Chromium wrote no screenshot");
        AssertScreenshotShowsTheCharts(Png.Read(File.ReadAllBytes(screenshot)));
    }

    private static void AssertChartsMatchTheOutput(string dom, string outputCsv)
    {
        var csv = File.ReadAllLines(outputCsv);
        var header = csv[0].Split(',');
        var rows = csv.Skip(1).Select(l => l.Split(',')).ToList();
        IEnumerable<string> Column(string name) => rows.Select(r => r[Array.IndexOf(header, name)]);

        var engine = PolicyEngine.LoadBundled();
        var programmes = engine.Programmes.Where(p => engine.GetVersions(p)[0].Input == "Enterprise").ToList();
        Assert.True(programmes.Count >= 10);

        Assert.Contains("<svg class=\"chart bars\" data-chart=\"eligibility\"", dom, StringComparison.Ordinal);
        var eligibility = Chart(dom, "eligibility");
        Assert.Equal(programmes.Count, Regex.Count(eligibility, "<g class=\"bar\""));
        foreach (var name in programmes)
        {
            var eligible = Column($"{name}.eligible").Count(v => v == "true");
            Assert.Contains($"data-key=\"{name}\" data-value=\"{eligible}\"", eligibility, StringComparison.Ordinal);
            Assert.Matches($"<text [^>]*>{eligible:N0} / {rows.Count:N0} · ", eligibility);

            // The funnel: one bar per top-level criterion, the failure counts of the output's failed column, most first.
            var criteria = engine.GetProgramme(name, AsOf).TopLevelRuleNames;
            var failed = Column($"{name}.failed").Select(f => f.Split(';')).ToList();
            var expected = criteria.Select(c => failed.Count(f => f.Contains(c))).OrderDescending();
            var funnel = Chart(dom, $"funnel-{name}");
            var bars = BarValue().Matches(funnel).Select(m => int.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
            Assert.Equal(expected, bars);
            Assert.Equal(criteria.Length * 3, Regex.Count(funnel, "<rect "));
        }

        foreach (var name in (string[])["TechBasedSme", "InnovativeSme", "InnovationIndexTop50"])
        {
            var histogram = Chart(dom, $"scores-{name}");
            var counts = BinCount().Matches(histogram).Select(m => int.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(20, counts.Count);
            Assert.Equal(rows.Count, counts.Sum());
            Assert.Equal(40, Regex.Count(histogram, "<rect "));
        }

        var selected = Column("InnovationIndexTop50.selected").Count(v => v == "true");
        Assert.Contains($"<b data-value=\"{selected}\">{selected}</b>", dom, StringComparison.Ordinal);
        Assert.Contains("data-chart=\"classes-SmeSize\"", dom, StringComparison.Ordinal);
        Assert.Contains("data-chart=\"pool-criteria\"", dom, StringComparison.Ordinal);
        Assert.Equal(50, Regex.Count(dom, "<tr data-rank="));
    }

    private void AssertScreenshotShowsTheCharts(Png png)
    {
        var (problems, description) = ScreenshotProblems(png);
        output.WriteLine($"screenshot: {description}");
        Assert.True(problems.Count == 0, string.Join("; ", problems));
    }

    /// <summary>What makes a 1280×2000 screenshot of the report's top not show it: blank, or without the bars' colours.</summary>
    internal static (List<string> Problems, string Description) ScreenshotProblems(Png png)
    {
        var problems = new List<string>();
        if ((png.Width, png.Height) != (1280, 2000))
        {
            problems.Add($"the screenshot is {png.Width}×{png.Height}, not 1280×2000");
        }

        var colours = new HashSet<int>(png.Pixels);
        var background = png.Pixels.Count(p => p is 0xFFFFFF or 0xF5F7F8);
        var green = png.Pixels.Count(p => Near(p, 0x2E7D32));     // the eligibility bars
        var track = png.Pixels.Count(p => Near(p, 0xECEFF1));     // the bars' 100% tracks
        var red = png.Pixels.Count(p => Near(p, 0xE57373));       // the funnel bars
        var description = $"{colours.Count} colours, {100.0 * (png.Pixels.Length - background) / Math.Max(png.Pixels.Length, 1):0.0}% not background, {green} green, {track} track, {red} funnel pixels";
        if (colours.Count < 32)
        {
            problems.Add($"only {colours.Count} distinct colours: the page looks blank");
        }

        if (png.Pixels.Length - background <= png.Pixels.Length / 20)
        {
            problems.Add("no more than 5% of the screenshot differs from the background");
        }

        if (green <= 10_000)
        {
            problems.Add($"only {green} pixels of the eligibility bars' green");
        }

        if (track <= 10_000)
        {
            problems.Add($"only {track} pixels of the bar tracks");
        }

        if (red <= 1_000)
        {
            problems.Add($"only {red} pixels of the funnel bars");
        }

        return (problems, description);
    }

    /// <summary>Each channel within 2 of the colour's (colour management may shift one a little).</summary>
    private static bool Near(int pixel, int colour)
    {
        for (var shift = 0; shift <= 16; shift += 8)
        {
            if (Math.Abs(((pixel >> shift) & 0xFF) - ((colour >> shift) & 0xFF)) > 2)
            {
                return false;
            }
        }

        return true;
    }

    private static string Chart(string dom, string id)
    {
        var start = dom.IndexOf($"data-chart=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"the rendered DOM has no chart {id}");
        return dom[start..dom.IndexOf("</svg>", start, StringComparison.Ordinal)];
    }

    /// <summary>Runs headless Chromium on a fresh profile; returns its standard output.</summary>
    private string RunChromium(string chromium, params string[] args)
    {
        var profile = Directory.CreateDirectory(Path.Combine(_dir, $"chromium-profile-{Guid.NewGuid():N}")).FullName;
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        var (exit, stdout, stderr) = ChildProcess.Run(start, TimeSpan.FromSeconds(120));
        Assert.True(exit == 0, $"Chromium exited with {exit}: {stderr}");
        return System.Text.Encoding.UTF8.GetString(stdout);
    }

    private static string? FindChromium()
    {
        if (Environment.GetEnvironmentVariable("POLICYRULES_CHROMIUM") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries) ?? [];
        foreach (var name in (string[])["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"])
        {
            foreach (var directory in path)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    [GeneratedRegex("<g class=\"bar\" data-key=\"[^\"]*\" data-value=\"(?<value>[0-9]+)\"")]
    private static partial Regex BarValue();

    [GeneratedRegex("<g class=\"bin\" data-lower=\"[^\"]*\" data-count=\"(?<count>[0-9]+)\"")]
    private static partial Regex BinCount();
}
