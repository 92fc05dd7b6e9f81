using System.Text;
using PolicyRules.Rules;

namespace PolicyRules.Evaluation;

/// <summary>Renders a <see cref="ProgrammeResult"/> as text for people, Chinese first, then English.</summary>
public static class ExplanationText
{
    /// <summary>The full explanation: verdict, score and class, values, and every criterion with its source.</summary>
    public static string Render(ProgrammeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        text.AppendLine($"{result.Title.Zh} / {result.Title.En} — {result.Programme} {result.Version}");
        text.AppendLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{KindLabel(result.Input)}: {result.ProfileId}    评估日期 As of: {result.AsOf:yyyy-MM-dd}"));
        if (result.NoVersionInForce)
        {
            text.AppendLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"适用版本：无（该日期无有效版本） / Version applied: none (no version in force on {result.AsOf:yyyy-MM-dd})"));
            if (result.Successor is { } successor)
            {
                text.AppendLine($"后续政策 Succeeded by: {successor.Title.Zh} / {successor.Title.En}; 依据 Source: {successor.Citation}");
            }
        }
        else
        {
            text.AppendLine($"适用版本 Version applied: {result.Version} ({Period(result)}); 依据 Source: {string.Join("; ", result.Documents.Select(d => $"{d.Value}（{d.Key}）"))}");
        }

        var failed = result.FailedCriteria.Length;
        text.AppendLine(result.Eligible
            ? $"结论：符合条件（{result.Criteria.Length} 项条件全部满足） / Result: ELIGIBLE ({result.Criteria.Length} of {result.Criteria.Length} criteria met)"
            : $"结论：不符合条件（{result.Criteria.Length} 项条件中 {failed} 项未满足） / Result: NOT ELIGIBLE ({failed} of {result.Criteria.Length} criteria not met)");
        if (result.Score is { } score)
        {
            text.AppendLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"得分 Score: {score:0.####}"));
        }

        if (result.Classification is { } classification)
        {
            text.AppendLine($"分类 Class: {classification}");
        }

        if (!result.Uses.IsEmpty)
        {
            text.AppendLine();
            text.AppendLine("所依据的项目 Programmes used:");
            foreach (var used in result.Uses)
            {
                var outcome = used.Eligible ? "符合 / eligible" : $"不符合 / not eligible ({string.Join(", ", used.FailedCriteria)})";
                var cls = used.Classification is { } c ? $", 分类 class {c}" : "";
                text.AppendLine($"  {used.Title.Zh} / {used.Title.En} — {used.Programme} {used.Version}: {outcome}{cls}");
            }
        }

        if (!result.ScoreComponents.IsEmpty)
        {
            text.AppendLine();
            text.AppendLine("得分构成 Score components:");
            foreach (var component in result.ScoreComponents)
            {
                text.AppendLine($"  {component.Title.Zh}: {component.Display.Zh} / {component.Title.En}: {component.Display.En}");
            }
        }

        if (!result.Values.IsEmpty)
        {
            text.AppendLine();
            text.AppendLine("计算值 Computed values:");
            foreach (var value in result.Values)
            {
                text.AppendLine($"  {value.Title.Zh}: {value.Display.Zh} / {value.Title.En}: {value.Display.En}");
            }
        }

        if (!result.OutputDetails.IsDefaultOrEmpty)
        {
            text.AppendLine();
            text.AppendLine("输出 Outputs:");
            foreach (var output in result.OutputDetails)
            {
                Output(text, output);
            }
        }

        text.AppendLine();
        text.AppendLine("逐项说明 Criteria:");
        foreach (var criterion in result.Criteria)
        {
            Criterion(text, criterion, 1);
        }

        if (!result.Gaps.IsDefaultOrEmpty)
        {
            text.AppendLine();
            text.AppendLine("差距分析 Gap analysis:");
            AppendGaps(text, result);
        }

        return text.ToString();
    }

    /// <summary>The per-criterion gaps, as <see cref="Render"/> and <c>GapText.Render</c> show them.</summary>
    internal static void AppendGaps(StringBuilder text, ProgrammeResult result)
    {
        foreach (var gap in result.Gaps)
        {
            text.AppendLine();
            text.AppendLine($"✗ {gap.Criterion}  {gap.Title.Zh} / {gap.Title.En}");
            if (result.Criteria.FirstOrDefault(c => c.Name == gap.Criterion) is { Actual: { } actual, Required: { } required })
            {
                text.AppendLine($"    实际 {actual.Zh}，要求 {required.Zh} / actual {actual.En}, required {required.En}");
            }

            if (!gap.Closable)
            {
                text.AppendLine($"    {gap.Summary.Zh}");
                text.AppendLine($"    {gap.Summary.En}");
                continue;
            }

            text.AppendLine(gap.Levers.Length == 1
                ? "    弥补办法 To meet it:"
                : "    弥补办法（任选其一；先增后减，各按相对变化从小到大）/ To meet it, any one of (rises before cuts, each smallest relative change first):");
            for (var i = 0; i < gap.Levers.Length; i++)
            {
                var lever = gap.Levers[i];
                text.AppendLine($"    {i + 1}. {lever.Sentence.Zh}");
                text.AppendLine($"       {lever.Sentence.En}");
            }
        }
    }

    private static void Criterion(StringBuilder text, CriterionResult criterion, int depth)
    {
        var indent = new string(' ', depth * 2);
        text.AppendLine($"{indent}{(criterion.Passed ? "✓" : "✗")} {criterion.Name}{(criterion.Status == RuleStatus.Verified ? "" : $" [{criterion.Status.ToString().ToLowerInvariant()}]")}");
        text.AppendLine($"{indent}    {criterion.Message.Zh}");
        text.AppendLine($"{indent}    {criterion.Message.En}");
        if (criterion.Citation is { } citation)
        {
            text.AppendLine($"{indent}    依据 Source: {citation}");
            if (citation.Note is { } note)
            {
                text.AppendLine($"{indent}    说明 Note: {note.Zh}");
                text.AppendLine($"{indent}          {note.En}");
            }
        }

        foreach (var child in criterion.Children)
        {
            Criterion(text, child, depth + 2);
        }
    }

    private static void Output(StringBuilder text, OutputResult output)
    {
        var value = output.Value is null ? "—" : null;
        text.AppendLine($"  {output.Name}: {output.Title.Zh} {value ?? output.Display.Zh} / {output.Title.En} {value ?? output.Display.En}");
        text.AppendLine($"    {output.Explanation.Zh}");
        text.AppendLine($"    {output.Explanation.En}");
        if (!output.Inputs.IsDefaultOrEmpty)
        {
            text.AppendLine($"    输入 Inputs: {string.Join("; ", output.Inputs.Select(i => $"{i.Name} = {(i.Display.Zh == i.Display.En ? i.Display.Zh : $"{i.Display.Zh} / {i.Display.En}")}"))}");
        }

        if (output.Citation is { } citation)
        {
            text.AppendLine($"    依据 Source: {citation}");
        }
    }

    private static string Period(ProgrammeResult result) =>
        result.EffectiveTo is { } to
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{result.EffectiveFrom:yyyy-MM-dd} – {to:yyyy-MM-dd}")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"自 from {result.EffectiveFrom:yyyy-MM-dd}");

    // The bundled kinds keep their bilingual label; a declared kind shows its name.
    internal static string KindLabel(string kind) => kind switch
    {
        "Enterprise" => "企业 Enterprise",
        "Person" => "人员 Person",
        _ => kind,
    };
}
