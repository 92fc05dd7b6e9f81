using System.Globalization;
using PolicyRules.Targets;

namespace PolicyRules.Reporting;

/// <summary>The report's plan-targets section (<c>screen --targets --report</c>).</summary>
public static partial class ScreeningReport
{
    private sealed partial class Page
    {
        private void TargetsSection()
        {
            if (summary.Targets.IsEmpty)
            {
                return;
            }

            var plan = summary.Targets[0].Target.Citation;
            _html.Append("<h2 id=\"targets\">规划目标 <span class=\"en\">Plan targets</span></h2>\n");
            _html.Append("<p class=\"muted\">").Append(Encode(plan.DocumentTitle ?? plan.Document))
                .Append("。现值按本次写出的记录计算；“以上”含本数。候选：符合条件但未持有相应资格者，其后为只差 1–2 项条件者（排序同 <code>policyrules gap</code>）。 / ")
                .Append("Values count the rows written by this run; “at least” includes the target itself. Candidates: those meeting the criteria without the status, then those failing 1–2 criteria (ordered as <code>policyrules gap</code> orders them).</p>\n");
            _html.Append("<table class=\"targets\" id=\"targets-table\">\n<thead><tr><th>目标<br>Target</th><th class=\"num\">目标值<br>Target</th><th class=\"num\">现值<br>Now</th><th class=\"num\">差距<br>Gap</th><th>进度<br>Progress</th><th class=\"num\">候选<br>Candidates</th><th class=\"num\">需要<br>Needed</th></tr></thead>\n<tbody>\n");
            foreach (var result in summary.Targets)
            {
                TargetRow(result);
            }

            _html.Append("</tbody>\n</table>\n");
            foreach (var result in summary.Targets)
            {
                TargetDetails(result);
            }
        }

        private void TargetRow(TargetResult result)
        {
            var target = result.Target;
            var growth = target.Metric is AggregateGrowthMetric;
            string Value(decimal value) => growth ? Percent(value) : N((long)value);
            _html.Append("<tr data-target=\"").Append(Encode(target.Name)).Append("\" data-met=\"").Append(result.Met ? "true" : "false").Append("\"><td><b>")
                .Append(Encode(target.Title.Zh)).Append("</b><br><span class=\"en\">").Append(Encode(target.Title.En)).Append("</span><br><span class=\"muted\">")
                .Append(Encode(target.Citation.Article)).Append(" · ").Append(target.Year.ToString(Invariant)).Append("</span>");
            if ((result.NotMeasured ?? target.Caveat) is { } note)
            {
                _html.Append("<br><span class=\"muted\">※ ").Append(Encode(note.Zh)).Append(" / ").Append(Encode(note.En)).Append("</span>");
            }

            _html.Append("</td><td class=\"num\">").Append(target.Approximate ? "≈" : "≥").Append(Value(target.Value))
                .Append("</td><td class=\"num\" data-now=\"").Append(result.Now?.ToString(Invariant) ?? "").Append("\">").Append(result.Now is { } now ? Value(now) : "—")
                .Append("</td><td class=\"num\">").Append(result.Gap is { } gap ? (growth ? Percent(gap) : N((long)gap)) : "—");
            if (growth && result.Shortfall is > 0 and var shortfall)
            {
                _html.Append("<br><span class=\"muted\">¥").Append(shortfall.ToString("N0", Invariant)).Append("</span>");
            }

            _html.Append("</td><td>").Append(ProgressBar(result)).Append("</td><td class=\"num\">");
            if (growth)
            {
                _html.Append(N(result.LaggardCount)).Append("<br><span class=\"muted\">拖累 lagging</span>");
            }
            else if (target.Metric.Programmes.Any())
            {
                _html.Append(N(result.Candidates)).Append(" + ").Append(N(result.NearMisses));
            }
            else
            {
                _html.Append('—');
            }

            _html.Append("</td><td class=\"num\">").Append(!growth && target.Metric.Programmes.Any() && result.Gap is not null ? N(result.Needed) : "—").Append("</td></tr>\n");
        }

        /// <summary>A small bar: how far "now" is toward the target (capped at the full width when met).</summary>
        private static string ProgressBar(TargetResult result)
        {
            const int width = 160;
            var target = result.Target.Value;
            var share = result.Now is { } now && target != 0 ? Math.Clamp((double)(now / target), 0, 1) : 0;
            var colour = result.Met ? Eligible : Failing;
            return string.Create(CultureInfo.InvariantCulture,
                $"<svg class=\"progress\" width=\"{width}\" height=\"14\" viewBox=\"0 0 {width} 14\" role=\"img\" aria-label=\"{Math.Round(share * 100)}%\"><rect width=\"{width}\" height=\"14\" fill=\"{Track}\"/><rect width=\"{Math.Round(share * width, 1)}\" height=\"14\" fill=\"{colour}\"/></svg>");
        }

        private void TargetDetails(TargetResult result)
        {
            if (!result.TopCandidates.IsEmpty)
            {
                _html.Append("<h3>").Append(Encode(result.Target.Name)).Append("：可弥补差距的企业（前 ").Append(N(result.TopCandidates.Length))
                    .Append(" 家） <span class=\"en\">Who could close the gap (first ").Append(N(result.TopCandidates.Length)).Append(")</span></h3>\n");
                _html.Append("<table class=\"pool\" data-candidates=\"").Append(Encode(result.Target.Name)).Append("\">\n<thead><tr><th>企业<br>Enterprise</th><th>状态<br>Standing</th><th>差距<br>Gap</th></tr></thead>\n<tbody>\n");
                foreach (var candidate in result.TopCandidates)
                {
                    _html.Append("<tr data-id=\"").Append(Encode(candidate.Id)).Append("\"><td><code>").Append(Encode(candidate.Id)).Append("</code><br>").Append(Encode(candidate.Name)).Append("</td><td>");
                    if (candidate.MeetsCriteria)
                    {
                        _html.Append("符合 ").Append(Encode(candidate.Programme)).Append(" 条件，尚未持有<br><span class=\"en\">Meets ").Append(Encode(candidate.Programme)).Append("; does not hold the status</span></td><td>—");
                    }
                    else
                    {
                        var gaps = candidate.NearMiss?.Gaps ?? [];
                        _html.Append("差 ").Append(gaps.Length.ToString(Invariant)).Append(" 项 ").Append(Encode(candidate.Programme)).Append(" 条件<br><span class=\"en\">Fails ")
                            .Append(gaps.Length.ToString(Invariant)).Append(' ').Append(Encode(candidate.Programme)).Append(" criteria</span></td><td>");
                        foreach (var gap in gaps)
                        {
                            _html.Append("<p class=\"gap\"><b>").Append(Encode(gap.Criterion)).Append("</b>：").Append(Encode(gap.Summary.Zh))
                                .Append("<br><span class=\"en\">").Append(Encode(gap.Summary.En)).Append("</span></p>");
                        }
                    }

                    _html.Append("</td></tr>\n");
                }

                _html.Append("</tbody>\n</table>\n");
            }

            if (!result.Laggards.IsEmpty)
            {
                _html.Append("<h3>").Append(Encode(result.Target.Name)).Append("：拖累增长最多的企业（前 ").Append(N(result.Laggards.Length))
                    .Append(" 家，共 ").Append(N(result.LaggardCount)).Append(" 家未达目标） <span class=\"en\">Pulling growth down most (first ")
                    .Append(N(result.Laggards.Length)).Append(" of ").Append(N(result.LaggardCount)).Append(" below the target)</span></h3>\n");
                _html.Append("<p class=\"muted\">总体 ").Append(N(result.Population)).Append(" 家；合计 Y1 ¥").Append(result.CurrentTotal?.ToString("N0", Invariant) ?? "—")
                    .Append("，Y2 ¥").Append(result.PreviousTotal?.ToString("N0", Invariant) ?? "—").Append(" / population ").Append(N(result.Population)).Append("</p>\n");
                _html.Append("<table class=\"pool\" data-laggards=\"").Append(Encode(result.Target.Name)).Append("\">\n<thead><tr><th>企业<br>Enterprise</th><th class=\"num\">Y1</th><th class=\"num\">Y2</th><th class=\"num\">距目标差额<br>Short of the target</th></tr></thead>\n<tbody>\n");
                foreach (var laggard in result.Laggards)
                {
                    _html.Append("<tr data-id=\"").Append(Encode(laggard.Id)).Append("\"><td><code>").Append(Encode(laggard.Id)).Append("</code><br>").Append(Encode(laggard.Name))
                        .Append("</td><td class=\"num\">¥").Append(laggard.Current.ToString("N0", Invariant))
                        .Append("</td><td class=\"num\">¥").Append(laggard.Previous.ToString("N0", Invariant))
                        .Append("</td><td class=\"num\">¥").Append(laggard.Shortfall.ToString("N2", Invariant)).Append("</td></tr>\n");
                }

                _html.Append("</tbody>\n</table>\n");
            }
        }

        private static string Percent(decimal fraction) => (fraction * 100m).ToString("0.##", Invariant) + "%";
    }
}
