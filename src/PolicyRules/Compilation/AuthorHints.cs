using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.RegularExpressions;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Compilation;

/// <summary>
/// Puts expression faults in a rule author's words. The parser's messages speak C#
/// ("Expression of type 'Boolean' expected", "Method 'Compare' not found"); authors know JSON and
/// policy. This wraps <see cref="ExpressionParsing.Parse"/>: it rewrites the faults whose cause it
/// recognises in the text (<c>=&gt;</c> for <c>&gt;=</c>, <c>10%</c>, a parameter defined further down,
/// a type mismatch) and reports what the parser lets through (a number in quotes, an enum compared
/// with a number). Each message names the same things, values and fix in English and Chinese.
/// </summary>
internal static partial class AuthorHints
{
    public static Expression? Parse(
        ExpressionSource source,
        IReadOnlyList<ParameterExpression> visible,
        Type? resultType,
        ICollection<RuleDiagnostic> diagnostics,
        ref FieldSet fields,
        IReadOnlySet<string> failed,
        IReadOnlySet<string> uses,
        IReadOnlyDictionary<string, ParamDefinition> definedLater)
    {
        var found = new List<RuleDiagnostic>();
        var body = ExpressionParsing.Parse(source, visible, resultType, found, ref fields, failed, uses);
        var wrongArrow = found.Exists(d => d.Id is DiagnosticIds.ExpressionSyntax or DiagnosticIds.NotBoolean) ? WrongArrow(source) : null;
        var percent = found.Exists(d => d.Id == DiagnosticIds.ExpressionSyntax) ? PercentLiteral(source) : null;
        if ((wrongArrow ?? percent) is { } hint)
        {
            // One cause explains the parser's complaints: report it instead of them.
            diagnostics.Add(hint);
            foreach (var other in found.Where(d => d.Id is not (DiagnosticIds.ExpressionSyntax or DiagnosticIds.NotBoolean)))
            {
                diagnostics.Add(other);
            }

            return null;
        }

        foreach (var diagnostic in found)
        {
            diagnostics.Add(Rewrite(diagnostic, source, visible, definedLater));
        }

        if (body is null)
        {
            return null;
        }

        var errors = 0;
        foreach (var mismatch in Mismatches(source, visible))
        {
            diagnostics.Add(mismatch);
            errors += mismatch.Severity == DiagnosticSeverity.Error ? 1 : 0;
        }

        return errors == 0 ? body : null;
    }

    private static RuleDiagnostic Rewrite(RuleDiagnostic diagnostic, ExpressionSource source, IReadOnlyList<ParameterExpression> visible, IReadOnlyDictionary<string, ParamDefinition> definedLater)
    {
        if (diagnostic.Id == DiagnosticIds.UnknownParameter && UnknownParameter().Match(diagnostic.Message) is { Success: true } unknown
            && definedLater.TryGetValue(unknown.Groups["name"].Value, out var later))
        {
            var name = later.Name;
            var line = diagnostic.Location.Line;
            return diagnostic with
            {
                Message = $"Parameter '{name}' is defined later, at line {later.NameLocation.Line}; parameters are read top to bottom, so move its definition above line {line}, where it is used. / 参数 {name} 在后面第 {later.NameLocation.Line} 行才定义；参数按从上到下的顺序读取，请把它的定义移到第 {line} 行（使用处）之前。",
                RelatedLocation = later.NameLocation,
            };
        }

        if (diagnostic.Id == DiagnosticIds.TypeMismatch && TypePair().Match(diagnostic.Message) is { Success: true } pair)
        {
            var (leftEn, leftZh) = Words(pair.Groups["a"].Value);
            var (rightEn, rightZh) = Words(pair.Groups["b"].Value);
            // The parser gives no position for these: point at the comparison when there is only one.
            var whole = source.Locate(0, source.Text.Length);
            var at = (diagnostic.Location.Line, diagnostic.Location.Column) == (whole.Line, whole.Column) ? SingleComparison(source.Text) : null;
            return diagnostic with
            {
                Message = $"Type mismatch: {leftEn} compared with {rightEn}; compare like with like: text with text in quotes (\"Retail\"), numbers with numbers without quotes (5000000), yes/no with true or false. / 类型不匹配：{leftZh}与{rightZh}比较；请同类相比：文本与带引号的文本（\"Retail\"），数值与不带引号的数值（5000000），是/否与 true 或 false。",
                Location = at is { } op ? source.Locate(op.Index, op.Length) : diagnostic.Location,
            };
        }

        return diagnostic;
    }

    /// <summary><c>=&gt;</c> or <c>=&lt;</c> written for <c>&gt;=</c> or <c>&lt;=</c> (a lambda's arrow, <c>(x =&gt; …</c>, is left alone).</summary>
    private static RuleDiagnostic? WrongArrow(ExpressionSource source)
    {
        var text = source.Text;
        foreach (Match arrow in WrongArrowPattern().Matches(text))
        {
            if (InQuotes(text, arrow.Index) || LambdaParameter().IsMatch(text[..arrow.Index]))
            {
                continue;
            }

            var right = arrow.Value == "=>" ? ">=" : "<=";
            var (en, zh) = right == ">=" ? ("at least", "不低于") : ("at most", "不高于");
            var fixedText = text[..arrow.Index] + right + text[(arrow.Index + 2)..];
            return new RuleDiagnostic(DiagnosticIds.ExpressionSyntax, DiagnosticSeverity.Error,
                $"'{arrow.Value}' is not a comparison; for \"{en}\" write '{right}': {fixedText} / '{arrow.Value}' 不是比较运算符；表示“{zh}”请写 '{right}'：{fixedText}",
                source.Locate(arrow.Index, 2));
        }

        return null;
    }

    /// <summary>A percentage such as <c>10%</c> where a number is expected: ratios are written as decimals (0.10).</summary>
    private static RuleDiagnostic? PercentLiteral(ExpressionSource source)
    {
        var text = source.Text;
        foreach (Match percent in PercentPattern().Matches(text))
        {
            if (InQuotes(text, percent.Index))
            {
                continue;
            }

            var ratio = decimal.TryParse(percent.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                ? Ratio(number)
                : ShiftedTwoPlaces(percent.Groups["number"].Value);
            var written = percent.Groups["number"].Value + "%";
            return new RuleDiagnostic(DiagnosticIds.ExpressionSyntax, DiagnosticSeverity.Error,
                $"'{written}' is not a number in a rule expression: write the ratio as a decimal, {ratio} (ratios are fractions of 1; the explanation shows it as {written}). / 规则表达式中 '{written}' 不是数值：请把比例写成小数 {ratio}（比例以 1 为整体，说明中显示为 {written}）。",
                source.Locate(percent.Index, written.Length));
        }

        return null;
    }

    /// <summary>
    /// A constant with unit percent outside 0..1: ratios are fractions of 1, so <c>10</c> shows as
    /// 1000% and no share ever reaches it. A warning: the file still loads as written.
    /// </summary>
    public static RuleDiagnostic? PercentOutOfRange(ParamDefinition param, Expression body)
    {
        if (param.Unit != ValueUnit.Percent || Constant(body) is not { } value || value is >= 0m and <= 1m)
        {
            return null;
        }

        var written = value.ToString(CultureInfo.InvariantCulture);
        var shown = Math.Abs(value) <= decimal.MaxValue / 100m
            ? (value * 100m).ToString("0.##", CultureInfo.InvariantCulture)
            : written + " × 100"; // beyond decimal's range once scaled
        var (en, zh) = value > 1m
            ? ($"write {written}% as {Ratio(value)}m", $"{written}% 请写作 {Ratio(value)}m")
            : ("a share cannot be below 0", "比例不能小于 0");
        return new RuleDiagnostic(DiagnosticIds.ValueOutOfRange, DiagnosticSeverity.Warning,
            $"Parameter '{param.Name}' has unit percent, so {written} means {shown}%; a ratio is a fraction of 1 (0.10 is 10%): {en}. / 参数 {param.Name} 的单位为百分比，{written} 表示 {shown}%；比例以 1 为整体（0.10 即 10%）：{zh}。",
            param.Expression.Locate(0, param.Expression.Text.Length));
    }

    /// <summary>A percentage beyond decimal's range as its ratio, by moving the decimal point in the text.</summary>
    private static string ShiftedTwoPlaces(string digits)
    {
        var point = digits.IndexOf('.', StringComparison.Ordinal);
        var whole = (point < 0 ? digits : digits[..point]).PadLeft(3, '0');
        var fraction = point < 0 ? "" : digits[(point + 1)..];
        var head = whole[..^2].TrimStart('0');
        return (head.Length == 0 ? "0" : head) + "." + whole[^2..] + fraction;
    }

    /// <summary>A percentage as the ratio it stands for, with at least two decimals: 10 → 0.10.</summary>
    private static string Ratio(decimal percent) => (percent / 100m).ToString("0.00############################", CultureInfo.InvariantCulture);

    private static decimal? Constant(Expression body) => body switch
    {
        ConstantExpression { Value: decimal d } => d,
        ConstantExpression { Value: int i } => i,
        ConstantExpression { Value: long l } => l,
        UnaryExpression { NodeType: ExpressionType.Negate or ExpressionType.NegateChecked } negate => -Constant(negate.Operand),
        UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert => Constant(convert.Operand),
        _ => null,
    };

    /// <summary>What the parser lets through: a number in quotes compared with a number, an enum compared with a number.</summary>
    private static IEnumerable<RuleDiagnostic> Mismatches(ExpressionSource source, IReadOnlyList<ParameterExpression> visible)
    {
        var text = source.Text;
        foreach (Match comparison in ComparisonPattern().Matches(text))
        {
            if (InQuotes(text, comparison.Index))
            {
                continue;
            }

            var operand = comparison.Groups["operand"].Value;
            var type = TypeOf(operand, visible);
            if (type is null)
            {
                continue;
            }

            var value = comparison.Groups["value"];
            if (value.Value.StartsWith('"') && IsNumber(type))
            {
                var number = value.Value.Trim('"');
                yield return new RuleDiagnostic(DiagnosticIds.TypeMismatch, DiagnosticSeverity.Warning,
                    $"\"{number}\" is a text compared with a number ({operand}); it is converted when the rules load, but write the number without quotes: {number}. / \"{number}\" 是文本，此处与数值（{operand}）比较；加载时虽会转换，但请去掉引号，写作 {number}。",
                    source.Locate(value.Index, value.Length));
            }
            else if (!value.Value.StartsWith('"') && type.IsEnum)
            {
                var names = Enum.GetNames(type);
                var example = names.Length > 1 ? names[1] : names[0];
                yield return new RuleDiagnostic(DiagnosticIds.TypeMismatch, DiagnosticSeverity.Error,
                    $"{operand} is one of {string.Join(", ", names)}, not a number ({value.Value}): compare it with a name in quotes, such as {operand} == \"{example}\". / {operand} 的取值为 {string.Join("、", names)} 之一，而不是数字（{value.Value}）：请与带引号的名称比较，例如 {operand} == \"{example}\"。",
                    source.Locate(value.Index, value.Length));
            }
        }
    }

    /// <summary>The type of <c>enterprise.X</c>, <c>person.X</c> or a parameter; null when it is something else.</summary>
    private static Type? TypeOf(string operand, IReadOnlyList<ParameterExpression> visible)
    {
        var dot = operand.IndexOf('.', StringComparison.Ordinal);
        var root = visible.FirstOrDefault(v => string.Equals(v.Name, dot < 0 ? operand : operand[..dot], StringComparison.OrdinalIgnoreCase));
        if (root is null)
        {
            return null;
        }

        var type = root.Type;
        if (dot >= 0)
        {
            type = type.GetProperty(operand[(dot + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
        }

        return type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
    }

    private static bool IsNumber(Type type) => type == typeof(decimal) || type == typeof(int) || type == typeof(long);

    /// <summary>A type as an author says it.</summary>
    private static (string En, string Zh) Words(string typeName)
    {
        var name = typeName.Replace("System.Nullable`1[", "", StringComparison.Ordinal).TrimEnd(']');
        name = name[(name.LastIndexOf('.') + 1)..];
        if (AllowList.ModelTypes.FirstOrDefault(t => t.IsEnum && t.Name == name) is { } enumType)
        {
            var (names, namesZh) = (string.Join(", ", Enum.GetNames(enumType)), string.Join("、", Enum.GetNames(enumType)));
            return ($"one of the {name} values ({names})", $"{name} 的取值（{namesZh}）");
        }

        return name switch
        {
            "String" => ("a text", "文本"),
            "Int32" or "Int64" or "Decimal" => ("a number", "数值"),
            "Double" or "Single" => ("a binary floating-point number (double)", "二进制浮点数（double）"),
            "Boolean" => ("a yes/no value (true or false)", "是/否值（true 或 false）"),
            "DateOnly" or "DateTime" => ("a date", "日期"),
            _ => ($"a {name}", name),
        };
    }

    /// <summary>The only comparison operator of the text, if it has exactly one outside quotes.</summary>
    private static Match? SingleComparison(string text)
    {
        var operators = OperatorPattern().Matches(text).Where(m => !InQuotes(text, m.Index)).ToList();
        return operators.Count == 1 ? operators[0] : null;
    }

    /// <summary>True when <paramref name="index"/> is inside a string literal of <paramref name="text"/>.</summary>
    private static bool InQuotes(string text, int index)
    {
        for (var i = 0; i < index; i++)
        {
            if (text[i] is '"' or '\'')
            {
                i = ExpressionParsing.EndOfLiteral(text, i);
                if (i >= index)
                {
                    return true;
                }
            }
        }

        return false;
    }

    [GeneratedRegex("=>|=<")]
    private static partial Regex WrongArrowPattern();

    [GeneratedRegex(@"[(,]\s*\w+\s*$")]
    private static partial Regex LambdaParameter();

    [GeneratedRegex(@"(?<![\w.])(?<number>\d+(?:\.\d+)?)%(?=\s*(?:$|\)|,|&&|\|\||\?|:|and\b|or\b))")]
    private static partial Regex PercentPattern();

    [GeneratedRegex(@"(?<operand>\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)\s*(?:==|!=|>=|<=|>|<)\s*(?<value>""-?\d+(?:\.\d+)?""|-?\d+(?:\.\d+)?(?![\w.%]))")]
    private static partial Regex ComparisonPattern();

    [GeneratedRegex("==|!=|>=|<=|<>|>|<")]
    private static partial Regex OperatorPattern();

    [GeneratedRegex("^Unknown parameter '(?<name>[^']+)'")]
    private static partial Regex UnknownParameter();

    [GeneratedRegex(@"'(?<a>[\w.`\[\]]+)' (?:or|and) '(?<b>[\w.`\[\]]+)'")]
    private static partial Regex TypePair();
}
