using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using PolicyRules.Reporting;
using PolicyRules.Screening;

namespace PolicyRules.Tests.Reporting;

/// <summary>
/// The report's charts at any size of run: every SVG text (labels, counts after the bars, the counts
/// above histogram columns, the axis) lies inside its chart, by the widths the report lays itself
/// out with, from 1,000 rows to a billion. At 200k rows the text after the funnel bars used to be
/// cut (<c>仅此 only 70,5</c>).
/// </summary>
public sealed partial class ReportLayoutTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-layout-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly Lazy<ScreeningSummary> Run = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("policyrules-layout-run-").FullName;
        try
        {
            var input = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "enterprises.csv");
            var engine = PolicyEngine.LoadBundled();
            var programmes = TestProfiles.EnterpriseProgrammes(engine).Select(p => engine.GetProgramme(p, TestProfiles.AsOf)).ToList();
            return ScreeningJob.Run(input, Path.Combine(dir, "out.csv"), programmes, TestProfiles.AsOf, options: new ScreeningOptions { Statistics = new ScreeningStatisticsOptions() });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    });

    [Theory]
    [InlineData(1)]
    [InlineData(200)]          // 200,000 rows
    [InlineData(10_000)]       // 10,000,000 rows
    [InlineData(1_000_000)]    // 1,000,000,000 rows
    public void Every_chart_text_fits_its_chart(long factor)
    {
        var summary = Scale(Run.Value, factor);
        Assert.Equal(1000 * factor, summary.Read);
        var html = Render(summary);

        var problems = new List<string>();
        var charts = Svg().Matches(html);
        Assert.True(charts.Count >= 20, $"only {charts.Count} charts");
        foreach (Match chart in charts)
        {
            var id = chart.Groups["id"].Value;
            var width = double.Parse(chart.Groups["width"].Value, CultureInfo.InvariantCulture);
            Assert.Equal(chart.Groups["width"].Value, chart.Groups["viewWidth"].Value);
            foreach (Match text in Text().Matches(chart.Groups["body"].Value))
            {
                var content = System.Net.WebUtility.HtmlDecode(text.Groups["text"].Value);
                var x = double.Parse(text.Groups["x"].Value, CultureInfo.InvariantCulture);
                var size = text.Groups["class"].Value.Contains("sub", StringComparison.Ordinal) ? 11.5 : 13;
                var w = ScreeningReport.TextWidth(content, size);
                var (from, to) = text.Groups["anchor"].Value switch
                {
                    "end" => (x - w, x),
                    "middle" => (x - (w / 2), x + (w / 2)),
                    _ => (x, x + w),
                };
                if (from < 0 || to > width)
                {
                    problems.Add($"{id}: '{content}' spans {from:0.#}–{to:0.#} of 0–{width}");
                }
            }

            // The text after a bar starts right of the bar's whole track.
            foreach (Match bar in BarRow().Matches(chart.Groups["body"].Value))
            {
                var trackEnd = double.Parse(bar.Groups["tx"].Value, CultureInfo.InvariantCulture) + double.Parse(bar.Groups["tw"].Value, CultureInfo.InvariantCulture);
                if (double.Parse(bar.Groups["vx"].Value, CultureInfo.InvariantCulture) < trackEnd)
                {
                    problems.Add($"{id}: the value text overlaps its bar");
                }
            }

            // A count above a histogram column is no wider than the column.
            foreach (Match bin in BinLabel().Matches(chart.Groups["body"].Value))
            {
                var column = double.Parse(bin.Groups["w"].Value, CultureInfo.InvariantCulture);
                var label = bin.Groups["text"].Value;
                if (ScreeningReport.TextWidth(label, 11.5) > column)
                {
                    problems.Add($"{id}: the count '{label}' is wider than its column ({column})");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));

        // Nothing was lost on the way: the full counts are still on the page.
        var top = summary.Programmes.Select(p => p.TopFailure!.Value).First();
        Assert.Contains(top.Value.ToString("N0", CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
        Assert.Contains($"data-value=\"{summary.Read}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void At_ten_million_rows_the_funnel_shows_every_digit_of_each_count()
    {
        var summary = Scale(Run.Value, 10_000);
        var html = Render(summary);
        var programme = summary.Programmes.Single(p => p.Programme == "HighTechEnterprise");
        var stats = summary.Statistics!.Programmes.Single(p => p.Programme == "HighTechEnterprise");
        var funnel = html[html.IndexOf("data-chart=\"funnel-HighTechEnterprise\"", StringComparison.Ordinal)..];
        funnel = funnel[..funnel.IndexOf("</svg>", StringComparison.Ordinal)];
        for (var k = 0; k < programme.FailuresByCriterion.Length; k++)
        {
            var failed = programme.FailuresByCriterion[k].Value;
            var sole = stats.SoleFailures[k];
            Assert.Matches($">{Regex.Escape(failed.ToString("N0", CultureInfo.InvariantCulture))} · [0-9.]+% · 仅此 only {Regex.Escape(sole.ToString("N0", CultureInfo.InvariantCulture))}</text>", funnel);
        }
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(987, "987")]
    [InlineData(1_000, "1k")]
    [InlineData(12_345, "12.3k")]
    [InlineData(999_999, "999k")]
    [InlineData(1_000_000, "1M")]
    [InlineData(4_567_890, "4.56M")]
    [InlineData(10_000_000, "10M")]
    [InlineData(1_234_567_890, "1.23B")]
    public void Compact_counts_never_round_up_past_the_count(long value, string expected) =>
        Assert.Equal(expected, ScreeningReport.Compact(value));

    [Fact]
    public void Text_width_counts_cjk_as_one_em_and_others_as_less()
    {
        Assert.Equal(13, ScreeningReport.TextWidth("仅", 13), 6);
        Assert.True(ScreeningReport.TextWidth("0", 13) is > 6 and < 13);
        Assert.Equal(ScreeningReport.TextWidth("10,000,000", 13), 10 * ScreeningReport.TextWidth("0", 13), 6);
        Assert.Equal(ScreeningReport.TextWidth("𠀀", 13), ScreeningReport.TextWidth("仅", 13), 6); // one character, not two halves
    }

    private string Render(ScreeningSummary summary)
    {
        var writer = new StringWriter();
        ScreeningReport.WriteHtml(writer, summary, new ScreeningReportInfo { RuleSetId = "layout", InputPath = Path.Combine(_dir, "in.csv") });
        return writer.ToString();
    }

    /// <summary>The run as if every row had been seen <paramref name="factor"/> times: every count multiplied.</summary>
    private static ScreeningSummary Scale(ScreeningSummary summary, long factor)
    {
        ImmutableArray<long> Times(ImmutableArray<long> values) => [.. values.Select(v => v * factor)];
        ImmutableArray<KeyValuePair<string, long>> Pairs(ImmutableArray<KeyValuePair<string, long>> pairs) => [.. pairs.Select(p => new KeyValuePair<string, long>(p.Key, p.Value * factor))];
        var statistics = summary.Statistics!;
        return summary with
        {
            Read = summary.Read * factor,
            Written = summary.Written * factor,
            Rejected = summary.Rejected * factor,
            Programmes = [.. summary.Programmes.Select(p => p with { Eligible = p.Eligible * factor, FailuresByCriterion = Pairs(p.FailuresByCriterion) })],
            Statistics = statistics with
            {
                Programmes = [.. statistics.Programmes.Select(p => p with
                {
                    SoleFailures = Times(p.SoleFailures),
                    Scores = p.Scores is { } scores ? scores with { Counts = Times(scores.Counts), EligibleCounts = Times(scores.EligibleCounts), Below = scores.Below * factor, Above = scores.Above * factor, Count = scores.Count * factor } : null,
                    Classes = Pairs(p.Classes),
                    OtherClasses = p.OtherClasses * factor,
                    Selected = p.Selected,
                })],
                ReservePool = statistics.ReservePool is { } pool
                    ? pool with { Pooled = pool.Pooled * factor, ByFailedCount = Times(pool.ByFailedCount), FailuresByCriterion = Pairs(pool.FailuresByCriterion) }
                    : null,
            },
        };
    }

    [GeneratedRegex("<svg class=\"chart [^\"]*\" data-chart=\"(?<id>[^\"]*)\"[^>]* width=\"(?<width>[0-9.]+)\" height=\"[0-9.]+\" viewBox=\"0 0 (?<viewWidth>[0-9.]+) [0-9.]+\">(?<body>.*?)</svg>", RegexOptions.Singleline)]
    private static partial Regex Svg();

    [GeneratedRegex("<text(?: class=\"(?<class>[^\"]*)\")? x=\"(?<x>-?[0-9.]+)\" y=\"[^\"]*\"(?: text-anchor=\"(?<anchor>[a-z]+)\")?>(?<text>[^<]*)</text>")]
    private static partial Regex Text();

    [GeneratedRegex("<rect class=\"track\" x=\"(?<tx>[0-9.]+)\" [^>]*width=\"(?<tw>[0-9.]+)\"[^>]*/>.*?<text class=\"value\" x=\"(?<vx>[0-9.]+)\"")]
    private static partial Regex BarRow();

    [GeneratedRegex("<rect class=\"all\" x=\"[0-9.]+\" y=\"[^\"]*\" width=\"(?<w>[0-9.]+)\"[^>]*/>.*?<text class=\"value sub\" [^>]*>(?<text>[^<]*)</text>")]
    private static partial Regex BinLabel();
}
