using System.Linq.Dynamic.Core.Exceptions;
using System.Linq.Dynamic.Core.Parser;
using System.Linq.Expressions;
using System.Text.RegularExpressions;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Compilation;

/// <summary>
/// Parses one expression with System.Linq.Dynamic.Core — the parser RulesEngine uses, configured as
/// RulesEngine configures it — then checks it, reporting each fault at its character in the file.
/// </summary>
internal static partial class ExpressionParsing
{
    public static Expression? Parse(
        ExpressionSource source,
        IReadOnlyList<ParameterExpression> visible,
        Type? resultType,
        ICollection<RuleDiagnostic> diagnostics,
        ref FieldSet fields)
    {
        Expression parsed;
        try
        {
            parsed = new ExpressionParser([.. visible], source.Text, [], AllowList.ParsingConfig).Parse(resultType);
        }
        catch (ParseException ex)
        {
            diagnostics.Add(Describe(ex, source, visible));
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NotSupportedException or InsufficientExecutionStackException)
        {
            // The parser throws these (without a position) for operands it cannot compare or combine.
            var id = ex.Message.Contains("not found on type", StringComparison.Ordinal)
                ? DiagnosticIds.TypeMismatch
                : DiagnosticIds.ExpressionSyntax;
            diagnostics.Add(new RuleDiagnostic(id, DiagnosticSeverity.Error,
                $"The expression cannot be parsed: {ex.Message} / 表达式无法解析。", Whole(source)));
            return null;
        }

        var checker = new ExpressionChecker();
        var checkedExpression = checker.Visit(parsed)!;
        foreach (var problem in checker.Problems)
        {
            diagnostics.Add(new RuleDiagnostic(problem.Id, DiagnosticSeverity.Error, problem.Message, Locate(source, problem)));
        }

        fields = fields.Union(checker.Fields);
        return checker.Problems.Count == 0 ? checkedExpression : null;
    }

    private static SourceLocation Locate(ExpressionSource source, ExpressionChecker.Problem problem)
    {
        if (problem.Token is null)
        {
            return Whole(source);
        }

        var at = source.Text.IndexOf(problem.Token, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return Whole(source);
        }

        return problem.Offset is { } offset
            ? source.Locate(at + offset, problem.Length)
            : source.Locate(at, problem.Token.Length);
    }

    /// <summary>The whole expression, from its first character: for faults the parser cannot place.</summary>
    private static SourceLocation Whole(ExpressionSource source) => source.Locate(0, source.Text.Length);

    private static RuleDiagnostic Describe(ParseException ex, ExpressionSource source, IReadOnlyList<ParameterExpression> visible)
    {
        var position = Math.Clamp(ex.Position, 0, source.Text.Length);
        var message = ex.Message;
        string id;
        var length = 1;
        if (UnknownMember().Match(message) is { Success: true } member)
        {
            id = DiagnosticIds.UnknownMember;
            var name = member.Groups["name"].Value;
            length = name.Length;
            var candidates = member.Groups["type"].Value == nameof(EnterpriseProfile)
                ? ProfileSchema.Fields.Select(f => f.Property.Name)
                : [];
            var suggestion = Suggest.Closest(name, candidates);
            message = $"'{member.Groups["type"].Value}' has no member '{name}'{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} / 输入模型没有成员 {name}{(suggestion is null ? "" : $"，是否应为 {suggestion}？")}";
        }
        else if (UnknownIdentifier().Match(message) is { Success: true } unknownType
            && position + unknownType.Groups["name"].Length < source.Text.Length
            && source.Text[position + unknownType.Groups["name"].Length] == '.')
        {
            // "Process.GetCurrentProcess()": an unknown name used as a type, not a misspelt parameter.
            id = DiagnosticIds.OutsideAllowList;
            length = unknownType.Groups["name"].Length;
            message = $"'{unknownType.Groups["name"].Value}' is not available to rule expressions; only the input, its parameters and the helpers {string.Join(", ", AllowList.HelperTypes.Select(t => t.Name))} are. / 规则表达式不能使用 {unknownType.Groups["name"].Value}。";
        }
        else if (UnknownIdentifier().Match(message) is { Success: true } identifier)
        {
            id = DiagnosticIds.UnknownParameter;
            var name = identifier.Groups["name"].Value;
            length = name.Length;
            var suggestion = Suggest.Closest(name, visible.Select(v => v.Name!));
            message = $"Unknown parameter '{name}'{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} Known here: {string.Join(", ", visible.Select(v => v.Name))}. / 未知参数 {name}。";
        }
        else if (UnknownType().Match(message) is { Success: true } type)
        {
            id = DiagnosticIds.OutsideAllowList;
            length = type.Groups["name"].Value.Length;
            message = $"'{type.Groups["name"].Value}' is not available to rule expressions; only the input, its parameters and the helpers {string.Join(", ", AllowList.HelperTypes.Select(t => t.Name))} are. / 规则表达式不能使用 {type.Groups["name"].Value}。";
        }
        else if (message.Contains("not accessible", StringComparison.Ordinal))
        {
            id = DiagnosticIds.OutsideAllowList;
            message = $"{message} / 不允许访问该成员。";
        }
        else if (ExpectedType().Match(message) is { Success: true })
        {
            id = DiagnosticIds.NotBoolean;
            message = $"A rule expression must be true or false (boolean): {message} / 规则表达式须为布尔值。";
        }
        else if (message.Contains("incompatible", StringComparison.Ordinal) || message.Contains("cannot be converted", StringComparison.Ordinal)
            || message.Contains("No applicable", StringComparison.Ordinal) || message.Contains("Neither of the types", StringComparison.Ordinal))
        {
            id = DiagnosticIds.TypeMismatch;
            message = $"Type mismatch: {message} / 类型不匹配。";
        }
        else
        {
            id = DiagnosticIds.ExpressionSyntax;
            message = $"Syntax error: {message} / 语法错误。";
        }

        return new RuleDiagnostic(id, DiagnosticSeverity.Error, message, source.Locate(position, length));
    }

    [GeneratedRegex("No property or field '(?<name>[^']+)' exists in type '(?<type>[^']+)'")]
    private static partial Regex UnknownMember();

    [GeneratedRegex("Unknown identifier '(?<name>[^']+)'")]
    private static partial Regex UnknownIdentifier();

    [GeneratedRegex("Type '(?<name>[^']+)' not found")]
    private static partial Regex UnknownType();

    [GeneratedRegex("Expression of type '[^']+' expected")]
    private static partial Regex ExpectedType();
}
