using System.Globalization;
using System.Text.RegularExpressions;
using PolicyRules.Reporting;
using PolicyRules.Screening;

namespace PolicyRules.Tests.Reporting;

/// <summary>The HTML report: self-contained, every data text encoded, a chart per programme with the run's numbers.</summary>
public sealed partial class ScreeningReportTests : IDisposable
{
    private const string Hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>&co";

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("plain 文本", "plain 文本")]
    [InlineData("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")]
    [InlineData("a & b \"c\"", "a &amp; b &quot;c&quot;")]
    [InlineData("bell\u0007\u0000end", "bell\uFFFD\uFFFDend")]
    [InlineData("tab\tnew\nline", "tab\tnew\nline")]
    [InlineData("𠀀 surrogate pair", "𠀀 surrogate pair")]
    [InlineData("", "")]
    public void Encode_escapes_markup_and_keeps_text(string text, string expected) =>
        Assert.Equal(expected, ScreeningReport.Encode(text));

    [Theory]
    [InlineData("short", 10, "short")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", 6, "abcdefgh…")]
    [InlineData("高新技术企业认定", 5, "高新技术…")]
    [InlineData("𠀀𠀀𠀀𠀀𠀀𠀀", 3, "𠀀𠀀…")]
    public void Shorten_cuts_by_width_and_never_inside_a_character(string text, double ems, string expected) =>
        Assert.Equal(expected, ScreeningReport.Shorten(text, ems));

    [Fact]
    public void An_enterprise_name_with_a_script_is_escaped_and_the_page_fetches_nothing()
    {
        var (html, _) = Report(Hostile, "in<b>.csv");

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&amp;co", html, StringComparison.Ordinal);
        Assert.Contains("in&lt;b&gt;.csv", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>.csv", html, StringComparison.Ordinal);
        foreach (var forbidden in (string[])["<script", "<img", "<link", "<iframe", "src=\"", "http:", "https:", "url(", "@import", "@font-face"])
        {
            Assert.DoesNotContain(forbidden, html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void The_page_has_a_chart_for_every_programme_with_the_runs_numbers()
    {
        var (html, summary) = Report("青岛示例科技有限公司", "in.csv");
        var statistics = summary.Statistics!;

        Assert.Contains($"data-value=\"{summary.Read}\"", html, StringComparison.Ordinal);
        Assert.Contains($"读取 {summary.Read:N0} = 写出 {summary.Written:N0} + 拒收 {summary.Rejected:N0}", html, StringComparison.Ordinal);
        Assert.Contains("2025-06-30", html, StringComparison.Ordinal);
        Assert.Contains("<code>test-rule-set</code>", html, StringComparison.Ordinal);

        var eligibility = Chart(html, "eligibility");
        foreach (var programme in summary.Programmes)
        {
            Assert.Contains($"data-key=\"{programme.Programme}\" data-value=\"{programme.Eligible}\"", eligibility, StringComparison.Ordinal);
            var funnel = Chart(html, $"funnel-{programme.Programme}");
            var values = BarValue().Matches(funnel).Select(m => long.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(programme.FailuresByCriterion.Select(f => f.Value).OrderDescending(), values);
        }

        foreach (var programme in statistics.Programmes.Where(p => p.Scores is not null))
        {
            var histogram = Chart(html, $"scores-{programme.Programme}");
            var counts = BinCount().Matches(histogram).Select(m => long.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture));
            Assert.Equal(programme.Scores!.Counts, counts);
        }

        Assert.Contains("data-chart=\"classes-SmeSize\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"count-selected-InnovationIndexTop50\"", html, StringComparison.Ordinal);
        Assert.Contains("data-chart=\"pool-criteria\"", html, StringComparison.Ordinal);
        Assert.Equal(statistics.ReservePool!.Top.Length, Regex.Count(html, "<tr data-rank="));
    }

    [Fact]
    public void A_summary_without_statistics_is_refused()
    {
        var summary = new ScreeningSummary { Read = 0, Written = 0, Rejected = 0, Programmes = [], RejectsPath = "x" };
        Assert.Throws<ArgumentException>(() => ScreeningReport.WriteHtml(new StringWriter(), summary, new ScreeningReportInfo { RuleSetId = "r", InputPath = "i" }));
    }

    /// <summary>Screens a generated file whose best high-tech near miss is named <paramref name="name"/>, and renders the report.</summary>
    private (string Html, ScreeningSummary Summary) Report(string name, string inputName)
    {
        var input = Path.Combine(_dir, inputName);
        Assert.Equal(0, Tests.Cli.Cli.Run("generate", "--count", "400", "--output", input).Exit);
        var engine = PolicyEngine.LoadBundled();
        var asOf = new DateOnly(2025, 6, 30);
        var programmes = engine.Programmes.Where(p => engine.GetVersions(p)[0].Input == "Enterprise").Select(p => engine.GetProgramme(p, asOf)).ToList();
        var first = ScreeningJob.Run(input, Path.Combine(_dir, "first.csv"), programmes, asOf, options: new ScreeningOptions { Statistics = new ScreeningStatisticsOptions() });
        var best = first.Statistics!.ReservePool!.Top[0].Id;

        // Rename that enterprise (the name column is the second) and screen again.
        var lines = File.ReadAllLines(input);
        var row = Array.FindIndex(lines, l => l.StartsWith(best + ",", StringComparison.Ordinal));
        var cells = lines[row].Split(',');
        cells[1] = name;
        lines[row] = string.Join(",", cells);
        File.WriteAllLines(input, lines);

        var summary = ScreeningJob.Run(input, Path.Combine(_dir, "out.csv"), programmes, asOf, options: new ScreeningOptions { Statistics = new ScreeningStatisticsOptions() });
        Assert.Equal(best, summary.Statistics!.ReservePool!.Top[0].Id);
        Assert.Equal(name, summary.Statistics.ReservePool.Top[0].Name);
        var writer = new StringWriter();
        ScreeningReport.WriteHtml(writer, summary, new ScreeningReportInfo { RuleSetId = "test-rule-set", InputPath = input, OutputPath = Path.Combine(_dir, "out.csv") });
        return (writer.ToString(), summary);
    }

    /// <summary>The markup of the chart <c>data-chart="<paramref name="id"/>"</c>.</summary>
    private static string Chart(string html, string id)
    {
        var start = html.IndexOf($"data-chart=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no chart {id}");
        return html[start..html.IndexOf("</svg>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex("<g class=\"bar\" data-key=\"[^\"]*\" data-value=\"(?<value>[0-9]+)\"")]
    private static partial Regex BarValue();

    [GeneratedRegex("<g class=\"bin\" data-lower=\"[^\"]*\" data-count=\"(?<count>[0-9]+)\"")]
    private static partial Regex BinCount();
}
