using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using PolicyRules.Evaluation;
using PolicyRules.Rules;

namespace PolicyRules.Compilation;

/// <summary>
/// Lets rule titles and failure texts refer to parameters — <c>"不低于{minTechStaffRatio}"</c> —
/// filled when the rules load from the parameter's value, formatted by its unit ("10%"), so a
/// title cannot go stale when the threshold changes. A title that states a percentage itself is
/// checked against the percent parameter its rule compares with (PR1024).
/// </summary>
internal static partial class TitlePlaceholders
{
    public static ProgrammeDefinition Fill(ProgrammeDefinition definition, ICollection<RuleDiagnostic> diagnostics)
    {
        var constants = new Dictionary<string, (ParamDefinition Param, decimal Value)>(StringComparer.OrdinalIgnoreCase);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var param in definition.Params)
        {
            names.Add(param.Name);
            // A literal beyond decimal's range is the expression checker's error to report, not a crash here.
            if (Literal().Match(param.Expression.Text.Trim()) is { Success: true } literal
                && decimal.TryParse(literal.Groups["value"].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var constant))
            {
                constants[param.Name] = (param, constant);
            }
        }

        var changed = false;
        var rules = ImmutableArray.CreateBuilder<RuleDefinition>(definition.Rules.Length);
        foreach (var rule in definition.Rules)
        {
            rules.Add(FillRule(rule, constants, names, diagnostics, ref changed));
        }

        return changed ? definition with { Rules = rules.MoveToImmutable() } : definition;
    }

    private static RuleDefinition FillRule(RuleDefinition rule, Dictionary<string, (ParamDefinition Param, decimal Value)> constants, HashSet<string> names,
        ICollection<RuleDiagnostic> diagnostics, ref bool changed)
    {
        var children = rule.Children;
        var childrenChanged = false;
        if (!children.IsEmpty)
        {
            var builder = ImmutableArray.CreateBuilder<RuleDefinition>(children.Length);
            foreach (var child in children)
            {
                var filledChild = FillRule(child, constants, names, diagnostics, ref changed);
                childrenChanged |= !ReferenceEquals(filledChild, child);
                builder.Add(filledChild);
            }

            children = builder.MoveToImmutable();
        }

        CheckStatedPercent(rule, constants, diagnostics);
        var title = Substitute(rule.Title, rule, constants, names, diagnostics);
        var fail = Substitute(rule.FailMessage, rule, constants, names, diagnostics);
        if (ReferenceEquals(title, rule.Title) && ReferenceEquals(fail, rule.FailMessage) && !childrenChanged)
        {
            return rule;
        }

        changed = true;
        return rule with { Title = title, FailMessage = fail, Children = children };
    }

    private static BilingualText Substitute(BilingualText text, RuleDefinition rule, Dictionary<string, (ParamDefinition Param, decimal Value)> constants,
        HashSet<string> names, ICollection<RuleDiagnostic> diagnostics)
    {
        if (!text.Zh.Contains('{', StringComparison.Ordinal) && !text.En.Contains('{', StringComparison.Ordinal))
        {
            return text;
        }

        string Fill(string s, bool zh) => Placeholder().Replace(s, m =>
        {
            var name = m.Groups["name"].Value;
            if (constants.TryGetValue(name, out var constant))
            {
                var shown = ValueFormatter.Format(constant.Value, constant.Param.Unit);
                return zh ? shown.Zh : shown.En;
            }

            diagnostics.Add(new RuleDiagnostic(DiagnosticIds.UnknownParameter, DiagnosticSeverity.Error,
                names.Contains(name)
                    ? $"Rule '{rule.Name}': the title placeholder {{{name}}} names a parameter computed for each record; a placeholder needs a GlobalParam whose expression is a number, such as 0.10m. / 规则 {rule.Name}：标题占位符 {{{name}}} 引用的参数按每条记录计算；占位符须引用表达式为数值（如 0.10m）的 GlobalParam。"
                    : $"Rule '{rule.Name}': the title placeholder {{{name}}} names no GlobalParam{(Suggest.Closest(name, names) is { } s ? $"; did you mean {{{s}}}?" : "")} / 规则 {rule.Name}：标题占位符 {{{name}}} 没有对应的 GlobalParam{(Suggest.Closest(name, names) is { } z ? $"，是否应为 {{{z}}}？" : "")}",
                rule.Location));
            return m.Value;
        });

        var filled = new BilingualText(Fill(text.Zh, zh: true), Fill(text.En, zh: false));
        return filled == text ? text : filled;
    }

    /// <summary>A title that states a percentage, in a rule that compares with a percent parameter of another value: PR1024.</summary>
    private static void CheckStatedPercent(RuleDefinition rule, Dictionary<string, (ParamDefinition Param, decimal Value)> constants, ICollection<RuleDiagnostic> diagnostics)
    {
        if (rule.Expression is not { } expression)
        {
            return;
        }

        var used = constants.Values.Where(c => c.Param.Unit == ValueUnit.Percent
            && IdentifierUses.Names(expression.Text, c.Param.Name)).ToList();
        if (used.Count != 1)
        {
            return;
        }

        var (param, value) = used[0];
        foreach (var (title, language) in new[] { (rule.Title.Zh, "TitleZh"), (rule.Title.En, "TitleEn") })
        {
            var stated = new List<decimal>();
            foreach (Match match in StatedPercent().Matches(title))
            {
                // A title is free text: a number beyond decimal's range states no comparable percentage.
                if (decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent))
                {
                    stated.Add(percent / 100m);
                }
            }

            if (stated.Count == 0 || stated.Contains(value))
            {
                continue;
            }

            var says = stated[0] * 100m;
            var shown = ValueFormatter.Format(value, ValueUnit.Percent);
            diagnostics.Add(new RuleDiagnostic(DiagnosticIds.TitleContradictsParameter, DiagnosticSeverity.Warning,
                $"Rule '{rule.Name}': its {language} says {says.ToString("0.##", CultureInfo.InvariantCulture)}%, but the rule compares with {param.Name} = {value.ToString(CultureInfo.InvariantCulture)} ({shown.En}); write {{{param.Name}}} in the title so it follows the parameter. / 规则 {rule.Name}：{language} 写的是 {says.ToString("0.##", CultureInfo.InvariantCulture)}%，但规则比较的 {param.Name} = {value.ToString(CultureInfo.InvariantCulture)}（{shown.Zh}）；请在标题中写 {{{param.Name}}}，使其随参数变化。",
                rule.Location));
            return;
        }
    }

    [GeneratedRegex(@"^(?<value>-?\d+(?:\.\d+)?)m?$", RegexOptions.IgnoreCase)]
    private static partial Regex Literal();

    [GeneratedRegex(@"\{(?<name>[A-Za-z_]\w*)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(?<number>\d+(?:\.\d+)?)\s*[%％]")]
    private static partial Regex StatedPercent();
}
