// Longer than ~400 lines on purpose: the report page is one HTML/SVG template read top to bottom; its plan-targets section is ScreeningReport.Targets.cs.
using System.Globalization;
using System.Text;
using PolicyRules.Gaps;
using PolicyRules.Output;
using PolicyRules.Screening;

namespace PolicyRules.Reporting;

/// <summary>What the report says about where its numbers come from, beyond the <see cref="ScreeningSummary"/>.</summary>
public sealed record ScreeningReportInfo
{
    /// <summary>The rule set screened with (<see cref="PolicyEngine.RuleSetId"/>).</summary>
    public required string RuleSetId { get; init; }

    /// <summary>The input file, as the user named it.</summary>
    public required string InputPath { get; init; }

    /// <summary>The results file, as the user named it; optional.</summary>
    public string? OutputPath { get; init; }
}

/// <summary>
/// The screening report: one self-contained HTML page (inline CSS and inline SVG charts; no scripts,
/// fonts or anything fetched) with eligibility per programme, the failing criteria of each programme,
/// score distributions, classes, population-level selection and the reserve pool, in Chinese and
/// English. Every text that comes from data (ids, names, file names, rule titles) is HTML-encoded.
/// </summary>
/// <example>
/// <code>
/// var summary = ScreeningJob.Run(input, output, programmes, asOf, options: new ScreeningOptions { Statistics = new() });
/// ScreeningReport.WriteHtml("report.html", summary, new ScreeningReportInfo { RuleSetId = engine.RuleSetId, InputPath = input });
/// </code>
/// </example>
public static partial class ScreeningReport
{
    /// <summary>
    /// Writes the report to <paramref name="path"/> (UTF-8), creating its folder; the file appears whole
    /// or not at all, and is refused when it is the run's input, results or rejects (<see cref="OutputFiles"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The summary has no statistics (run with <see cref="ScreeningOptions.Statistics"/> set).</exception>
    /// <exception cref="OutputConflictException">The path is the input, the results or the rejects file.</exception>
    public static void WriteHtml(string path, ScreeningSummary summary, ScreeningReportInfo info)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(info);
        using var outputs = new OutputFiles([info.InputPath]);
        foreach (var other in (string?[])[info.OutputPath, summary.RejectsPath])
        {
            if (!string.IsNullOrEmpty(other))
            {
                outputs.Claim(other);
            }
        }

        using (var writer = new StreamWriter(outputs.Create(path), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            WriteHtml(writer, summary, info);
        }

        outputs.Commit();
    }

    /// <summary>Writes the report to <paramref name="writer"/>.</summary>
    /// <exception cref="ArgumentException">The summary has no statistics (run with <see cref="ScreeningOptions.Statistics"/> set).</exception>
    public static void WriteHtml(TextWriter writer, ScreeningSummary summary, ScreeningReportInfo info)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(info);
        var statistics = summary.Statistics
            ?? throw new ArgumentException("The summary has no statistics: run the screening with ScreeningOptions.Statistics set. / 摘要中没有统计数据：筛查时请设置 ScreeningOptions.Statistics。", nameof(summary));
        writer.Write(new Page(summary, statistics, info).Render());
    }

    /// <summary>
    /// Text as HTML character data or a quoted attribute value: <c>&amp; &lt; &gt; " '</c> become
    /// entities, control characters other than tab and line breaks become U+FFFD, and everything else
    /// (Chinese included) stays as it is.
    /// </summary>
    internal static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        StringBuilder? encoded = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var replacement = c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '\t' or '\n' or '\r' => null,
                _ when char.IsControl(c) || c is '\uFFFE' or '\uFFFF' => "\uFFFD",
                _ => null,
            };
            if (replacement is null)
            {
                encoded?.Append(c);
                continue;
            }

            encoded ??= new StringBuilder(text, 0, i, text.Length + 16);
            encoded.Append(replacement);
        }

        return encoded?.ToString() ?? text;
    }

    /// <summary>
    /// The text cut to about <paramref name="ems"/> em (a CJK character counts 1, others 0.6), never
    /// inside a character, with … when cut; SVG text does not wrap, so labels must fit their column.
    /// </summary>
    internal static string Shorten(string text, double ems)
    {
        var width = 0.0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        var cut = -1;
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            width += IsWide(element[0]) ? 1.0 : 0.6;
            if (cut < 0 && width > ems - 1.0)
            {
                cut = elements.ElementIndex; // where "…" goes if the rest does not fit
            }

            if (width > ems)
            {
                return text[..cut] + "…";
            }
        }

        return text;
    }

    /// <summary>
    /// A generous estimate of how wide <paramref name="text"/> renders at <paramref name="fontSize"/>
    /// pixels: a CJK character 1 em, anything else 0.62 em (digits and Latin letters of the sans-serif
    /// fonts the page names are at most that, bar a few capitals). SVG text neither wraps nor grows
    /// its box, so every chart is laid out from this.
    /// </summary>
    internal static double TextWidth(string text, double fontSize)
    {
        var ems = 0.0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            ems += IsWide(elements.GetTextElement()[0]) ? 1.0 : NarrowEm;
        }

        return ems * fontSize;
    }

    private const double NarrowEm = 0.62;

    /// <summary>
    /// A count in at most four significant characters and a unit (<c>987</c>, <c>12.3k</c>,
    /// <c>4.56M</c>, <c>10M</c>, <c>1.2B</c>), for places too narrow for every digit; the full count
    /// stays in the tooltip and the data attributes.
    /// </summary>
    internal static string Compact(long value)
    {
        var magnitude = Math.Abs((double)value);
        var (scaled, unit) = magnitude switch
        {
            < 1_000 => (magnitude, ""),
            < 1_000_000 => (magnitude / 1e3, "k"),
            < 1_000_000_000 => (magnitude / 1e6, "M"),
            < 1e12 => (magnitude / 1e9, "B"),
            _ => (magnitude / 1e12, "T"),
        };
        var format = unit.Length == 0 || scaled >= 100 ? "0" : scaled >= 10 ? "0.#" : "0.##";
        return (value < 0 ? "-" : "") + Math.Round(scaled, unit.Length == 0 || scaled >= 100 ? 0 : scaled >= 10 ? 1 : 2, MidpointRounding.ToZero).ToString(format, CultureInfo.InvariantCulture) + unit;
    }

    private static bool IsWide(char c) =>
        c is >= '\u1100' and <= '\u115F' or >= '\u2E80' and <= '\uA4CF' or >= '\uAC00' and <= '\uD7A3' or >= '\uF900' and <= '\uFAFF' or >= '\uFE30' and <= '\uFE4F' or >= '\uFF00' and <= '\uFF60' or >= '\uFFE0' and <= '\uFFE6'
        || char.IsHighSurrogate(c);

    private sealed partial class Page(ScreeningSummary summary, ScreeningStatistics statistics, ScreeningReportInfo info)
    {
        private const int ChartWidth = 1100;
        private const double ValueFontSize = 13;   // svg.chart text (the stylesheet below)
        private const double SubFontSize = 11.5;   // svg.chart text.sub
        private const string Eligible = "#2e7d32";
        private const string Failing = "#e57373";
        private const string SoleFailing = "#b71c1c";
        private const string Neutral = "#90a4ae";
        private const string Track = "#eceff1";
        private static readonly string[] Palette = ["#1565c0", "#ef6c00", "#6a1b9a", "#00838f", "#c62828", "#558b2f", "#4e342e", "#ad1457", "#283593", "#f9a825"];
        private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

        private readonly StringBuilder _html = new();

        public string Render()
        {
            Head();
            Overview();
            EligibilitySection();
            OutputsSection();
            FunnelSection();
            ScoreSection();
            ClassSection();
            SelectionSection();
            PoolSection();
            TargetsSection();
            _html.Append("<footer>由 PolicyRules 生成；图表为内联 SVG，无需脚本或网络。 / Generated by PolicyRules; the charts are inline SVG and need no scripts or network.</footer>\n</main>\n</body>\n</html>\n");
            return _html.ToString();
        }

        private long Written => summary.Written;

        private void Head()
        {
            _html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
                .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .Append("<title>筛查报告 Screening report — ").Append(Encode(Path.GetFileName(info.InputPath))).Append(' ').Append(statistics.AsOf.ToString("yyyy-MM-dd", Invariant)).Append("</title>\n")
                .Append("<style>\n")
                .Append(":root{color-scheme:light}\n")
                .Append("body{margin:0;background:#f5f7f8;color:#1f2a30;font:14px/1.5 system-ui,-apple-system,\"Segoe UI\",\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"WenQuanYi Micro Hei\",sans-serif}\n")
                .Append("main{max-width:1180px;margin:0 auto;padding:24px 32px 48px;background:#fff}\n")
                .Append("h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:36px 0 8px;padding-top:12px;border-top:2px solid #cfd8dc}h3{font-size:15px;margin:22px 0 4px}\n")
                .Append(".en{color:#546e7a}.muted{color:#607d8b;font-size:13px}.no-version{border-left:4px solid #ef6c00;padding:4px 8px}\n")
                .Append("table{border-collapse:collapse}td,th{padding:4px 10px;text-align:left;vertical-align:top;border-bottom:1px solid #eceff1}th{background:#f5f7f8;font-weight:600}\n")
                .Append("table.meta td:first-child{color:#546e7a;white-space:nowrap}\n")
                .Append(".num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n")
                .Append(".cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}.card{flex:1 1 160px;border:1px solid #cfd8dc;border-radius:6px;padding:10px 14px}.card b{display:block;font-size:24px}\n")
                .Append("svg.chart{display:block;max-width:100%;height:auto;margin:6px 0 10px}svg.chart text{font-size:13px;fill:#263238}svg.chart text.sub{font-size:11.5px;fill:#607d8b}svg.chart text.value{font-variant-numeric:tabular-nums}\n")
                .Append(".legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 14px;vertical-align:-1px;border-radius:2px}\n")
                .Append("table.pool td{font-size:13px}table.pool .gap{margin:0 0 4px}\n")
                .Append("nav a{margin-right:14px}footer{margin-top:40px;color:#78909c;font-size:12px}\n")
                .Append("</style>\n</head>\n<body>\n<main>\n");
        }

        private void Overview()
        {
            _html.Append("<h1>筛查报告 <span class=\"en\">Screening report</span></h1>\n");
            _html.Append("<table class=\"meta\">\n");
            Meta("规则集 Rule set", $"<code>{Encode(info.RuleSetId)}</code>");
            Meta("评估日期 As of", statistics.AsOf.ToString("yyyy-MM-dd", Invariant));
            Meta("输入文件 Input file", $"<code>{Encode(info.InputPath)}</code>");
            if (info.OutputPath is { } output)
            {
                Meta("结果文件 Results", $"<code>{Encode(output)}</code>");
            }

            Meta("拒收文件 Rejects", $"<code>{Encode(summary.RejectsPath)}</code>");
            Meta("项目 Programmes", Encode(string.Join(", ", summary.Programmes.Select(p => $"{p.Programme} {p.Version}"))));
            _html.Append("</table>\n");
            _html.Append("<div class=\"cards\" id=\"counts\">")
                .Append(Card("读取 Read", summary.Read, "read"))
                .Append(Card("写出 Written", summary.Written, "written"))
                .Append(Card("拒收 Rejected", summary.Rejected, "rejected"))
                .Append("</div>\n");
            _html.Append("<p class=\"muted\" id=\"balance\">读取 ").Append(N(summary.Read)).Append(" = 写出 ").Append(N(summary.Written)).Append(" + 拒收 ").Append(N(summary.Rejected))
                .Append(" / read ").Append(N(summary.Read)).Append(" = written ").Append(N(summary.Written)).Append(" + rejected ").Append(N(summary.Rejected))
                .Append(". 以下比例均以写出行数为分母。 / Shares below are of the rows written.</p>\n");
            _html.Append("<nav><a href=\"#eligibility\">符合条件 Eligibility</a><a href=\"#funnel\">未通过条件 Failing criteria</a>");
            if (summary.Programmes.Any(p => !p.OutputTotals.IsDefaultOrEmpty))
            {
                _html.Append("<a href=\"#outputs\">输出合计 Output totals</a>");
            }

            if (statistics.Programmes.Any(p => p.Scores is not null))
            {
                _html.Append("<a href=\"#scores\">得分分布 Scores</a>");
            }

            if (statistics.Programmes.Any(p => !p.Classes.IsEmpty))
            {
                _html.Append("<a href=\"#classes\">分类 Classes</a>");
            }

            if (statistics.Programmes.Any(p => p.SelectTop is not null))
            {
                _html.Append("<a href=\"#selection\">遴选 Selection</a>");
            }

            if (statistics.ReservePool is not null)
            {
                _html.Append("<a href=\"#reserve-pool\">后备库 Reserve pool</a>");
            }

            if (!summary.Targets.IsEmpty)
            {
                _html.Append("<a href=\"#targets\">规划目标 Plan targets</a>");
            }

            _html.Append("</nav>\n");
        }

        private void Meta(string label, string html) =>
            _html.Append("<tr><td>").Append(label).Append("</td><td>").Append(html).Append("</td></tr>\n");

        private static string Card(string label, long value, string id) =>
            $"<div class=\"card\" id=\"count-{id}\">{label}<b data-value=\"{value.ToString(Invariant)}\">{N(value)}</b></div>";

        private void EligibilitySection()
        {
            _html.Append("<h2 id=\"eligibility\">各项目的符合条件者 <span class=\"en\">Eligible per programme</span></h2>\n");
            _html.Append("<p class=\"muted\">条形长度为符合条件者占写出行数的比例，按符合数从多到少。 / Bar length is the share of the rows written that is eligible; most eligible first.</p>\n");
            Legend((Eligible, "符合 eligible"), (Track, "不符合 not eligible"));
            var bars = summary.Programmes
                .Select((p, i) => (Summary: p, Stats: statistics.Programmes[i]))
                .OrderByDescending(x => x.Summary.Eligible)
                .ThenBy(x => x.Summary.Programme, StringComparer.Ordinal)
                .Select(x => new Bar(
                    x.Summary.Programme,
                    $"{x.Summary.Programme} {x.Summary.Version}",
                    $"{x.Stats.Title.Zh} / {x.Stats.Title.En}",
                    x.Summary.Eligible,
                    null,
                    $"{N(x.Summary.Eligible)} / {N(Written)} · {Share(x.Summary.Eligible, Written)}",
                    $"{x.Summary.Programme} {x.Summary.Version}: {x.Stats.Title.Zh} / {x.Stats.Title.En} — 符合 eligible {N(x.Summary.Eligible)} / {N(Written)} ({Share(x.Summary.Eligible, Written)})"))
                .ToList();
            HorizontalBars("eligibility", "各项目的符合条件者 Eligible per programme", bars, Written, Eligible, null);
        }

        /// <summary>Each declared output's exact total over the eligible rows (an award budget); only when a programme declares outputs.</summary>
        private void OutputsSection()
        {
            if (!summary.Programmes.Any(p => !p.OutputTotals.IsDefaultOrEmpty))
            {
                return;
            }

            _html.Append("<h2 id=\"outputs\">输出合计 <span class=\"en\">Output totals</span></h2>\n");
            _html.Append("<p class=\"muted\">各项目声明的输出（如补助金额）在符合条件者中的合计，精确到所声明的取整单位。 / Each declared output (such as an award) summed over the eligible rows, exact to its declared rounding.</p>\n");
            _html.Append("<table id=\"output-totals\">\n<thead><tr><th>项目<br>Programme</th><th>输出<br>Output</th><th class=\"num\">合计<br>Total</th><th class=\"num\">记录数<br>Records</th></tr></thead>\n<tbody>\n");
            foreach (var programme in summary.Programmes)
            {
                foreach (var total in programme.OutputTotals.IsDefault ? [] : programme.OutputTotals)
                {
                    var sum = total.Total is { } value ? Evaluation.ValueFormatter.FormatExact(value, total.Unit) : new Rules.BilingualText("超出范围", "out of range");
                    _html.Append("<tr data-programme=\"").Append(Encode(programme.Programme)).Append("\" data-output=\"").Append(Encode(total.Name))
                        .Append("\" data-total=\"").Append(total.Total?.ToString(Invariant) ?? "").Append("\"><td>").Append(Encode($"{programme.Programme} {programme.Version}"))
                        .Append("</td><td><code>").Append(Encode(total.Name)).Append("</code> ").Append(Encode(total.Title.Zh)).Append("<br><span class=\"en\">").Append(Encode(total.Title.En))
                        .Append("</span></td><td class=\"num\">").Append(Encode(sum.Zh)).Append("<br><span class=\"en\">").Append(Encode(sum.En))
                        .Append("</span></td><td class=\"num\">").Append(N(total.Count)).Append("</td></tr>\n");
                }
            }

            _html.Append("</tbody>\n</table>\n");
        }

        private void FunnelSection()
        {
            _html.Append("<h2 id=\"funnel\">未通过的条件 <span class=\"en\">Failing criteria per programme</span></h2>\n");
            _html.Append("<p class=\"muted\">每个顶层条件未通过的记录数，从多到少；深色部分为仅未通过该项的记录（只差这一项）。一条记录可能未通过多项。 / Rows failing each top-level criterion, most first; the dark part fails that criterion and no other (it alone keeps them out). A row may fail several.</p>\n");
            Legend((Failing, "未通过 failing"), (SoleFailing, "仅未通过此项 failing only this"));
            for (var i = 0; i < summary.Programmes.Length; i++)
            {
                var programme = summary.Programmes[i];
                var stats = statistics.Programmes[i];
                _html.Append("<h3>").Append(Encode(stats.Title.Zh)).Append(" <span class=\"en\">").Append(Encode(stats.Title.En)).Append("</span> — ")
                    .Append(Encode($"{programme.Programme} {programme.Version}")).Append("</h3>\n");
                _html.Append("<p class=\"muted\">符合 eligible ").Append(N(programme.Eligible)).Append(" / ").Append(N(Written)).Append(" (").Append(Share(programme.Eligible, Written)).Append(")</p>\n");
                if (stats.NoVersionInForce is { } none)
                {
                    _html.Append("<p class=\"no-version\" id=\"no-version-").Append(Encode(programme.Programme)).Append("\">").Append(Encode(none.Zh)).Append("<br><span class=\"en\">").Append(Encode(none.En)).Append("</span></p>\n");
                }

                var bars = programme.FailuresByCriterion
                    .Select((f, k) => (Failure: f, Criterion: stats.Criteria[k], Sole: stats.SoleFailures[k]))
                    .OrderByDescending(x => x.Failure.Value)
                    .ThenBy(x => x.Failure.Key, StringComparer.Ordinal)
                    .Select(x => new Bar(
                        x.Failure.Key,
                        x.Failure.Key,
                        x.Criterion.Title.Zh,
                        x.Failure.Value,
                        x.Sole,
                        $"{N(x.Failure.Value)} · {Share(x.Failure.Value, Written)} · 仅此 only {N(x.Sole)}",
                        $"{x.Failure.Key}: {x.Criterion.Title.Zh} / {x.Criterion.Title.En} — 未通过 failing {N(x.Failure.Value)}, 仅此一项 only this {N(x.Sole)}"))
                    .ToList();
                HorizontalBars($"funnel-{programme.Programme}", $"{programme.Programme} 未通过的条件 failing criteria", bars, Written, Failing, SoleFailing);
            }
        }

        private void ScoreSection()
        {
            var scored = statistics.Programmes.Where(p => p.Scores is not null).ToList();
            if (scored.Count == 0)
            {
                return;
            }

            _html.Append("<h2 id=\"scores\">得分分布 <span class=\"en\">Score distributions</span></h2>\n");
            _html.Append("<p class=\"muted\">每个柱为一个分数区间（含下限、不含上限，最后一个含满分）；绿色为其中符合条件者。 / Each bar is a score range (lower end inclusive, upper exclusive; the last includes the top score); green is the eligible part.</p>\n");
            Legend((Eligible, "符合 eligible"), (Neutral, "不符合 not eligible"));
            foreach (var programme in scored)
            {
                var scores = programme.Scores!;
                _html.Append("<h3>").Append(Encode(programme.Title.Zh)).Append(" <span class=\"en\">").Append(Encode(programme.Title.En)).Append("</span> — ")
                    .Append(Encode($"{programme.Programme} {programme.Version}")).Append("</h3>\n");
                _html.Append("<p class=\"muted\">有得分 scored ").Append(N(scores.Count));
                if (scores.Count > 0)
                {
                    _html.Append(" · 最低 min ").Append(D(scores.Min!.Value)).Append(" · 平均 mean ").Append(D(Math.Round(scores.Mean!.Value, 2))).Append(" · 最高 max ").Append(D(scores.Max!.Value));
                }

                if (scores.Below + scores.Above > 0)
                {
                    _html.Append(" · 超出范围 outside the range: 低于 below ").Append(N(scores.Below)).Append(", 高于 above ").Append(N(scores.Above));
                }

                _html.Append("</p>\n");
                Histogram(programme.Programme, scores);
            }
        }

        private void ClassSection()
        {
            var classifying = statistics.Programmes.Where(p => !p.Classes.IsEmpty).ToList();
            if (classifying.Count == 0)
            {
                return;
            }

            _html.Append("<h2 id=\"classes\">分类结果 <span class=\"en\">Classes</span></h2>\n");
            foreach (var programme in classifying)
            {
                _html.Append("<h3>").Append(Encode(programme.Title.Zh)).Append(" <span class=\"en\">").Append(Encode(programme.Title.En)).Append("</span> — ")
                    .Append(Encode($"{programme.Programme} {programme.Version}")).Append("</h3>\n");
                var classes = programme.Classes.ToList();
                if (programme.OtherClasses > 0)
                {
                    classes.Add(new KeyValuePair<string, long>("其他 other", programme.OtherClasses));
                }

                var bars = classes.Select((c, k) =>
                {
                    var name = c.Key.Length == 0 ? "（无）(none)" : c.Key;
                    return new Bar(name, name, null, c.Value, null, $"{N(c.Value)} · {Share(c.Value, Written)}", $"{programme.Programme}: {name} — {N(c.Value)} ({Share(c.Value, Written)})")
                    {
                        Colour = Palette[k % Palette.Length],
                    };
                }).ToList();
                HorizontalBars($"classes-{programme.Programme}", $"{programme.Programme} 分类 classes", bars, Written, Palette[0], null);
            }
        }

        private void SelectionSection()
        {
            var population = statistics.Programmes.Select((p, i) => (Stats: p, Summary: summary.Programmes[i])).Where(x => x.Stats.SelectTop is not null).ToList();
            if (population.Count == 0)
            {
                return;
            }

            _html.Append("<h2 id=\"selection\">总体排名遴选 <span class=\"en\">Population-level selection</span></h2>\n");
            _html.Append("<p class=\"muted\">符合条件者按得分（指数）排名，前 N 名入选。 / The eligible are ranked by their score (index); the first N are selected.</p>\n");
            foreach (var (stats, programme) in population)
            {
                _html.Append("<h3>").Append(Encode(stats.Title.Zh)).Append(" <span class=\"en\">").Append(Encode(stats.Title.En)).Append("</span> — ")
                    .Append(Encode($"{programme.Programme} {programme.Version}")).Append("</h3>\n");
                _html.Append("<div class=\"cards\">")
                    .Append(Card($"入选 Selected (前 top {N(stats.SelectTop!.Value)})", stats.Selected ?? 0, $"selected-{Encode(programme.Programme)}"))
                    .Append(Card("符合并参与排名 Eligible, ranked", programme.Eligible, $"ranked-{Encode(programme.Programme)}"))
                    .Append(Card("写出 Written", Written, $"population-{Encode(programme.Programme)}"))
                    .Append("</div>\n");
                var bars = new List<Bar>
                {
                    new("selected", "入选 selected", null, stats.Selected ?? 0, null, $"{N(stats.Selected ?? 0)} / {N(programme.Eligible)}", $"入选 selected {N(stats.Selected ?? 0)}"),
                    new("ranked", "符合 eligible", null, programme.Eligible, null, $"{N(programme.Eligible)} / {N(Written)}", $"符合并参与排名 eligible and ranked {N(programme.Eligible)}") { Colour = Neutral },
                };
                HorizontalBars($"selection-{programme.Programme}", $"{programme.Programme} 入选 selected", bars, Math.Max(programme.Eligible, 1), Eligible, null);
            }
        }

        private void PoolSection()
        {
            if (statistics.ReservePool is not { } pool)
            {
                return;
            }

            _html.Append("<h2 id=\"reserve-pool\">").Append(Encode(pool.Title.Zh)).Append("后备库 <span class=\"en\">Reserve pool: ").Append(Encode(pool.Title.En)).Append("</span></h2>\n");
            _html.Append("<p class=\"muted\">未满足 1–").Append(pool.MaxFailed).Append(" 项顶层条件的企业，差距最小者在前（与 <code>policyrules gap --input</code> 的排序相同）。 / Enterprises failing 1 to ")
                .Append(pool.MaxFailed).Append(" top-level criteria, those lacking least first (the order of <code>policyrules gap --input</code>).</p>\n");
            _html.Append("<div class=\"cards\">").Append(Card("后备库 In the pool", pool.Pooled, "pooled"));
            for (var k = 1; k < pool.ByFailedCount.Length; k++)
            {
                _html.Append(Card($"差 {k} 项 failing {k}", pool.ByFailedCount[k], $"pool-failing-{k}"));
            }

            _html.Append("</div>\n");
            if (pool.Pooled > 0)
            {
                _html.Append("<h3>后备库企业未满足的条件 <span class=\"en\">What the pool fails</span></h3>\n");
                var bars = pool.FailuresByCriterion
                    .Where(f => f.Value > 0)
                    .OrderByDescending(f => f.Value)
                    .ThenBy(f => f.Key, StringComparer.Ordinal)
                    .Select(f => new Bar(f.Key, f.Key, null, f.Value, null, $"{N(f.Value)} · {Share(f.Value, pool.Pooled)}", $"{f.Key}: {N(f.Value)} / {N(pool.Pooled)}"))
                    .ToList();
                HorizontalBars("pool-criteria", "后备库企业未满足的条件 What the pool fails", bars, pool.Pooled, Failing, null);
            }

            if (pool.Top.IsEmpty)
            {
                return;
            }

            _html.Append("<h3>差距最小的 ").Append(N(pool.Top.Length)).Append(" 家 <span class=\"en\">The ").Append(N(pool.Top.Length)).Append(" lacking least</span></h3>\n");
            _html.Append("<table class=\"pool\" id=\"pool-top\">\n<thead><tr><th class=\"num\">排名<br>Rank</th><th>企业<br>Enterprise</th><th>未满足<br>Failed</th><th>差距（最小的一项改变）<br>Gap (the smallest single change)</th></tr></thead>\n<tbody>\n");
            foreach (var entry in pool.Top)
            {
                _html.Append("<tr data-rank=\"").Append(entry.Rank.ToString(Invariant)).Append("\" data-id=\"").Append(Encode(entry.Id)).Append("\"><td class=\"num\">").Append(entry.Rank.ToString(Invariant))
                    .Append("</td><td><code>").Append(Encode(entry.Id)).Append("</code><br>").Append(Encode(entry.Name)).Append("</td><td>")
                    .Append(Encode(string.Join(", ", entry.Gaps.Select(g => g.Criterion)))).Append("</td><td>");
                foreach (var gap in entry.Gaps)
                {
                    _html.Append("<p class=\"gap\"><b>").Append(Encode(gap.Criterion)).Append("</b>：").Append(Encode(gap.Summary.Zh))
                        .Append("<br><span class=\"en\">").Append(Encode(gap.Summary.En)).Append("</span></p>");
                }

                _html.Append("</td></tr>\n");
            }

            _html.Append("</tbody>\n</table>\n");
        }

        private void Legend(params (string Colour, string Label)[] items)
        {
            _html.Append("<p class=\"legend muted\">");
            foreach (var (colour, label) in items)
            {
                _html.Append("<span style=\"background:").Append(colour).Append("\"></span>").Append(label);
            }

            _html.Append("</p>\n");
        }

        /// <summary>A horizontal bar chart: one row per bar, its length <c>Value / scale</c> over a light track, an optional darker inner part.</summary>
        private void HorizontalBars(string id, string label, List<Bar> bars, long scale, string colour, string? innerColour)
        {
            // The text after each bar must fit whatever the counts (10,000,000 · 100.0% · 仅此 only
            // 10,000,000 is ~330 px): the bars give way down to MinBarWidth, then the chart widens
            // (the page scales it back to the column by its viewBox).
            const int labelWidth = 400;
            const int gap = 10;
            const int minBarWidth = 240;
            var valueWidth = (int)Math.Ceiling(bars.Count == 0 ? 0 : bars.Max(b => TextWidth(b.ValueText, ValueFontSize)));
            var barWidth = Math.Clamp(ChartWidth - labelWidth - (2 * gap) - valueWidth, minBarWidth, 480);
            var chartWidth = Math.Max(ChartWidth, labelWidth + barWidth + (2 * gap) + valueWidth);
            var withSub = bars.Exists(b => b.SubLabel is not null);
            var row = withSub ? 38 : 26;
            var height = Math.Max(bars.Count, 1) * row + 8;
            _html.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart bars\" data-chart=\"{Encode(id)}\" role=\"img\" aria-label=\"{Encode(label)}\" width=\"{chartWidth}\" height=\"{height}\" viewBox=\"0 0 {chartWidth} {height}\">\n");
            _html.Append("<title>").Append(Encode(label)).Append("</title>\n");
            var y = 4;
            foreach (var bar in bars)
            {
                var width = scale <= 0 ? 0 : Math.Round((double)bar.Value / scale * barWidth, 1);
                var barY = y + (withSub ? 6 : 4);
                const int barHeight = 18;
                _html.Append("<g class=\"bar\" data-key=\"").Append(Encode(bar.Key)).Append("\" data-value=\"").Append(bar.Value.ToString(Invariant)).Append('"');
                if (bar.Inner is { } innerValue)
                {
                    _html.Append(" data-inner=\"").Append(innerValue.ToString(Invariant)).Append('"');
                }

                _html.Append("><title>").Append(Encode(bar.Tooltip)).Append("</title>");
                _html.Append(Invariant, $"<text x=\"0\" y=\"{barY + 13}\">{Encode(Shorten(bar.Label, 29))}</text>");
                if (bar.SubLabel is { } sub)
                {
                    _html.Append(Invariant, $"<text class=\"sub\" x=\"0\" y=\"{barY + 28}\">{Encode(Shorten(sub, 33))}</text>");
                }

                _html.Append(Invariant, $"<rect class=\"track\" x=\"{labelWidth}\" y=\"{barY}\" width=\"{barWidth}\" height=\"{barHeight}\" fill=\"{Track}\"/>");
                _html.Append(Invariant, $"<rect class=\"value\" x=\"{labelWidth}\" y=\"{barY}\" width=\"{width.ToString(Invariant)}\" height=\"{barHeight}\" fill=\"{bar.Colour ?? colour}\"/>");
                if (bar.Inner is { } inner && innerColour is not null)
                {
                    var innerWidth = scale <= 0 ? 0 : Math.Round((double)inner / scale * barWidth, 1);
                    _html.Append(Invariant, $"<rect class=\"inner\" x=\"{labelWidth}\" y=\"{barY}\" width=\"{innerWidth.ToString(Invariant)}\" height=\"{barHeight}\" fill=\"{innerColour}\"/>");
                }

                _html.Append(Invariant, $"<text class=\"value\" x=\"{labelWidth + barWidth + gap}\" y=\"{barY + 13}\">{Encode(bar.ValueText)}</text>");
                _html.Append("</g>\n");
                y += row;
            }

            _html.Append("</svg>\n");
        }

        /// <summary>A vertical histogram: one column per bin, the eligible part at the bottom.</summary>
        private void Histogram(string programme, ScoreHistogram scores)
        {
            const int top = 14;
            const int plotWidth = 760;
            const int plotHeight = 200;
            const int height = top + plotHeight + 44;
            var bins = scores.Counts.Length;
            var max = Math.Max(scores.Counts.Max(), 1);
            var left = Math.Max(56, (int)Math.Ceiling(TextWidth(N(max), ValueFontSize)) + 12); // the axis label fits left of the axis
            var columnWidth = (double)plotWidth / bins;
            _html.Append(Invariant, $"<svg class=\"chart histogram\" data-chart=\"scores-{Encode(programme)}\" role=\"img\" aria-label=\"{Encode(programme)} 得分分布 score distribution\" width=\"{ChartWidth}\" height=\"{height}\" viewBox=\"0 0 {ChartWidth} {height}\">\n");
            _html.Append("<title>").Append(Encode(programme)).Append(" 得分分布 score distribution</title>\n");
            _html.Append(Invariant, $"<line x1=\"{left}\" y1=\"{top + plotHeight}\" x2=\"{left + plotWidth}\" y2=\"{top + plotHeight}\" stroke=\"#607d8b\"/>");
            _html.Append(Invariant, $"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{top + plotHeight}\" stroke=\"#607d8b\"/>");
            _html.Append(Invariant, $"<text class=\"value\" x=\"{left - 6}\" y=\"{top + 5}\" text-anchor=\"end\">{N(max)}</text>");
            _html.Append(Invariant, $"<text class=\"value\" x=\"{left - 6}\" y=\"{top + plotHeight}\" text-anchor=\"end\">0</text>\n");
            for (var bin = 0; bin < bins; bin++)
            {
                var count = scores.Counts[bin];
                var eligible = scores.EligibleCounts[bin];
                var x = left + (bin * columnWidth) + 1;
                var w = Math.Max(columnWidth - 2, 1);
                var h = (double)count / max * plotHeight;
                var he = (double)eligible / max * plotHeight;
                var lower = scores.BinLower(bin);
                var upper = scores.BinLower(bin + 1);
                var range = bin == bins - 1 ? $"[{D(lower)}, {D(upper)}]" : $"[{D(lower)}, {D(upper)})";
                _html.Append("<g class=\"bin\" data-lower=\"").Append(D(lower)).Append("\" data-count=\"").Append(count.ToString(Invariant)).Append("\" data-eligible=\"").Append(eligible.ToString(Invariant)).Append("\">")
                    .Append("<title>").Append(Encode($"{range}: {N(count)} 行 rows, 符合 eligible {N(eligible)}")).Append("</title>");
                _html.Append(Invariant, $"<rect class=\"all\" x=\"{F(x)}\" y=\"{F(top + plotHeight - h)}\" width=\"{F(w)}\" height=\"{F(h)}\" fill=\"{Neutral}\"/>");
                _html.Append(Invariant, $"<rect class=\"eligible\" x=\"{F(x)}\" y=\"{F(top + plotHeight - he)}\" width=\"{F(w)}\" height=\"{F(he)}\" fill=\"{Eligible}\"/>");
                // The count above its column, shortened (12.3k, 4.56M) where every digit would not fit the
                // column, left out where not even that would (it is in the tooltip).
                var countText = TextWidth(N(count), SubFontSize) <= w ? N(count) : Compact(count);
                if (count > 0 && TextWidth(countText, SubFontSize) <= w)
                {
                    _html.Append(Invariant, $"<text class=\"value sub\" x=\"{F(x + (w / 2))}\" y=\"{F(top + plotHeight - h - 3)}\" text-anchor=\"middle\">{countText}</text>");
                }

                _html.Append("</g>\n");
            }

            for (var bin = 0; bin <= bins; bin += bins % 2 == 0 && bins > 10 ? 2 : 1)
            {
                var x = left + (bin * columnWidth);
                _html.Append(Invariant, $"<text class=\"sub\" x=\"{F(x)}\" y=\"{top + plotHeight + 16}\" text-anchor=\"middle\">{D(scores.BinLower(bin))}</text>");
            }

            _html.Append(Invariant, $"<text class=\"sub\" x=\"{left + (plotWidth / 2)}\" y=\"{top + plotHeight + 36}\" text-anchor=\"middle\">得分 score</text>\n");
            _html.Append("</svg>\n");
        }

        private static string N(long value) => value.ToString("N0", Invariant);

        private static string D(decimal value) => value.ToString("0.####", Invariant);

        private static string F(double value) => Math.Round(value, 1).ToString("0.#", Invariant);

        private static string Share(long part, long whole) => whole == 0 ? "—" : ((double)part / whole).ToString("0.0%", Invariant);
    }

    /// <summary>One bar: a key for machines, a label and optional second line, the value, an optional inner part, the text after the bar and the tooltip.</summary>
    private sealed record Bar(string Key, string Label, string? SubLabel, long Value, long? Inner, string ValueText, string Tooltip)
    {
        public string? Colour { get; init; }
    }
}
