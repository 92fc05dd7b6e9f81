using System.Globalization;
using System.Text;
using PolicyRules.Evaluation;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Gaps;

/// <summary>Gap sentences in Chinese and English, in the input's units, and the gap report as text.</summary>
public static class GapText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// The gap report of a result from <see cref="GapEvaluation.EvaluateWithGaps(PolicyEngine, string, Model.EnterpriseProfile, DateOnly)"/>: the verdict, then per
    /// failed criterion what it requires, the enterprise's value and every alternative that would meet it.
    /// </summary>
    public static string Render(ProgrammeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        text.AppendLine($"{result.Title.Zh} / {result.Title.En} — {result.Programme} {result.Version}");
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{ExplanationText.KindLabel(result.Input)}: {result.ProfileId}    评估日期 As of: {result.AsOf:yyyy-MM-dd}"));
        if (result.Eligible)
        {
            text.AppendLine($"结论：符合条件，无差距（{result.Criteria.Length} 项条件全部满足） / Result: ELIGIBLE, nothing to close ({result.Criteria.Length} of {result.Criteria.Length} criteria met)");
            return text.ToString();
        }

        if (result.NoVersionInForce)
        {
            // No criteria to close: the date lies outside every version, which no number changes.
            var reason = result.Criteria[0].Message;
            text.AppendLine("结论：不符合条件，该日期无有效版本，无可弥补的差距 / Result: NOT ELIGIBLE, no version in force on this date, nothing to close");
            text.AppendLine(reason.Zh);
            text.AppendLine(reason.En);
            return text.ToString();
        }

        var closable = result.Gaps.Count(g => g.Closable);
        text.AppendLine($"结论：不符合条件（{result.Criteria.Length} 项条件中 {result.FailedCriteria.Length} 项未满足，其中 {closable} 项可通过数值弥补） / Result: NOT ELIGIBLE ({result.FailedCriteria.Length} of {result.Criteria.Length} criteria not met; {closable} closable by a number)");
        ExplanationText.AppendGaps(text, result);
        return text.ToString();
    }

    /// <summary>One criterion's gaps in one line per language, alternatives joined by 或 / or.</summary>
    public static BilingualText OneLine(CriterionGap gap)
    {
        ArgumentNullException.ThrowIfNull(gap);
        return gap.Closable
            ? new BilingualText(
                $"{gap.Criterion}：{string.Join("；或", gap.Levers.Select(l => l.Sentence.Zh))}",
                $"{gap.Criterion}: {string.Join("; or ", gap.Levers.Select(l => l.Sentence.En))}")
            : new BilingualText($"{gap.Criterion}：{gap.Summary.Zh}", $"{gap.Criterion}: {gap.Summary.En}");
    }

    /// <summary>
    /// "科技人员须增加 1 人（9 人 → 10 人）" / "S&amp;T staff must rise by 1 person (9 → 10)". Money is shown
    /// rounded up to the yuan (a change that is shown must be enough), unless that would leave the
    /// field's range; the exact change is on the lever.
    /// </summary>
    internal static BilingualText Sentence(BilingualText label, GapUnit unit, decimal current, decimal change, (decimal Min, decimal Max) range,
        IReadOnlyCollection<string> newlyFailed, IReadOnlyCollection<string> alsoMet)
    {
        var magnitude = Math.Abs(change);
        if (unit is GapUnit.Yuan or GapUnit.UsDollar && decimal.Ceiling(magnitude) is var rounded
            && current + (Math.Sign(change) * rounded) is var shown && shown >= range.Min && shown <= range.Max)
        {
            magnitude = rounded;
        }

        var needed = current + (Math.Sign(change) * magnitude);
        var rises = change > 0;
        string zh, en;
        if (unit == GapUnit.Rank)
        {
            zh = $"{label.Zh}须由{RankZh(current)}变为{RankZh(needed)}";
            en = $"{Capital(label.En)} must go from {RankEn(current)} to {RankEn(needed)}";
        }
        else
        {
            var soft = unit is GapUnit.Points or GapUnit.PercentagePoints;
            var verb = rises ? (soft ? "提高" : "增加") : (soft ? "降低" : "减少");
            zh = $"{label.Zh}须{verb} {AmountZh(magnitude, unit, change: true)}（{AmountZh(current, unit, change: false)} → {AmountZh(needed, unit, change: false)}）";
            en = $"{Capital(label.En)} must {(rises ? "rise" : "fall")} by {AmountEn(magnitude, unit, change: true)} ({AmountEn(current, unit, change: false)} → {AmountEn(needed, unit, change: false)})";
        }

        if (newlyFailed.Count > 0)
        {
            zh += $"；但会使 {string.Join("、", newlyFailed)} 不再符合";
            en += $"; but {string.Join(", ", newlyFailed)} would then fail";
        }

        if (alsoMet.Count > 0)
        {
            zh += $"；同时满足 {string.Join("、", alsoMet)}";
            en += $"; it also meets {string.Join(", ", alsoMet)}";
        }

        return new BilingualText(zh, en);
    }

    /// <summary>Why no number closes the gap: the criterion reads no number, or no single number is enough.</summary>
    internal static BilingualText NotClosable(FieldSet reads, IReadOnlyCollection<ProfileField> numeric)
    {
        if (numeric.Count == 0)
        {
            var names = reads.IsEmpty ? "—" : reads.ToString();
            return new BilingualText(
                $"无法以数值弥补：取决于是/否、日期等非数值条件（{names}）",
                $"Not closable by a number: it depends on yes/no, date or other non-numeric facts ({names})");
        }

        var checkedNames = string.Join(", ", numeric.Select(f => f.Name));
        return new BilingualText(
            $"无法通过单独改变一个数值弥补（已检查：{checkedNames}）",
            $"Not closable by changing any single number (checked: {checkedNames})");
    }

    private static string AmountZh(decimal value, GapUnit unit, bool change) => unit switch
    {
        GapUnit.Yuan => $"{Money(value)} 元",
        GapUnit.UsDollar => $"{Money(value)} 美元",
        GapUnit.People => $"{Plain(value)} 人",
        GapUnit.Count => $"{Plain(value)} 项",
        GapUnit.Years => $"{Plain(value)} 年",
        GapUnit.Points => $"{Plain(value)} 分",
        GapUnit.PercentagePoints => change ? $"{Plain(value)} 个百分点" : $"{Plain(value)}%",
        _ => Plain(value),
    };

    private static string AmountEn(decimal value, GapUnit unit, bool change) => unit switch
    {
        GapUnit.Yuan => (value < 0 ? "-¥" : "¥") + Money(Math.Abs(value)),
        GapUnit.UsDollar => (value < 0 ? "-US$" : "US$") + Money(Math.Abs(value)),
        GapUnit.People when change => Plain(value) + (value == 1 ? " person" : " people"),
        GapUnit.Years when change => Plain(value) + (value == 1 ? " year" : " years"),
        GapUnit.Points when change => Plain(value) + (value == 1 ? " point" : " points"),
        GapUnit.PercentagePoints => change ? Plain(value) + (value == 1 ? " percentage point" : " percentage points") : Plain(value) + "%",
        _ => Plain(value),
    };

    private static string RankZh(decimal rank) => rank == 0 ? "无排名" : $"第 {Plain(rank)} 名";

    private static string RankEn(decimal rank) => rank == 0 ? "unranked" : $"rank {Plain(rank)}";

    /// <summary>Thousands separators; fen only when there are any (3,174,828.20, not 3,174,828.2).</summary>
    private static string Money(decimal value) => value.ToString(value == decimal.Truncate(value) ? "#,0" : "#,0.00", Invariant);

    private static string Plain(decimal value) => value.ToString("0.##", Invariant);

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
