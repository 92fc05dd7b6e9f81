// Longer than ~400 lines on purpose: one parse-and-check pass over an expression; its steps share the parser's configuration and positions.
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
    private static readonly IReadOnlySet<string> EmptyNames = new HashSet<string>();

    public static Expression? Parse(
        ExpressionSource source,
        IReadOnlyList<ParameterExpression> visible,
        Type? resultType,
        ICollection<RuleDiagnostic> diagnostics,
        ref FieldSet fields,
        IReadOnlySet<string>? unavailable = null,
        IReadOnlySet<string>? usedProgrammes = null)
    {
        if ((CheckLimits(source) ?? CheckNumbers(source)) is { } refused)
        {
            diagnostics.Add(refused);
            return null;
        }

        Expression parsed;
        try
        {
            lock (LiteralCache.Gate)
            {
                LiteralCache.Reset();
                parsed = new ExpressionParser([.. visible], source.Text, [], AllowList.CreateParsingConfig()).Parse(resultType);
            }
        }
        catch (ParseException ex)
        {
            // A parameter that failed to parse was reported already; its uses are not reported again.
            if (UnknownIdentifier().Match(ex.Message) is { Success: true } unknown && unavailable?.Contains(unknown.Groups["name"].Value) == true)
            {
                return null;
            }

            diagnostics.Add(Describe(ex, source, visible));
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NotSupportedException or FormatException or InsufficientExecutionStackException)
        {
            diagnostics.Add(DescribeUnplaced(ex, source));
            return null;
        }

        if (CheckEnumLiterals(source, visible, resultType) is { } misread)
        {
            diagnostics.Add(misread);
            return null;
        }

        var checker = new ExpressionChecker(usedProgrammes ?? EmptyNames);
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

        // The tree has no positions: find the token's n-th occurrence (n counted in reading order by the checker).
        var at = -1;
        for (var n = 0; n <= problem.Occurrence; n++)
        {
            at = source.Text.IndexOf(problem.Token, at + 1, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return Whole(source);
            }
        }

        return problem.Offset is { } offset
            ? source.Locate(at + offset, problem.Length)
            : source.Locate(at, problem.Token.Length);
    }

    /// <summary>The whole expression, from its first character: for faults the parser cannot place.</summary>
    private static SourceLocation Whole(ExpressionSource source) => source.Locate(0, source.Text.Length);

    /// <summary>Longest expression accepted, in characters.</summary>
    public const int MaxExpressionLength = 4_000;

    /// <summary>Deepest nesting of parentheses and brackets accepted.</summary>
    public const int MaxNestingDepth = 32;

    /// <summary>
    /// Most operators accepted in one expression, in every spelling the parser takes: unary (<c>!</c>,
    /// <c>not</c>, <c>-</c>, <c>+</c>, <c>~</c>), conditional (<c>?</c>, <c>??</c>), and binary
    /// (<c>* / % &amp; | ^ &lt; &gt; =</c> and their runs such as <c>&amp;&amp;</c> or <c>&lt;=</c>,
    /// and the words <c>and</c>, <c>or</c>, <c>mod</c>), case-insensitively.
    /// </summary>
    public const int MaxOperators = 256;

    /// <summary>
    /// Refuses expressions too long or too deeply nested before the parser sees them: the parser is
    /// recursive, and a hostile rule file must not be able to exhaust the stack (which no handler can catch).
    /// </summary>
    private static RuleDiagnostic? CheckLimits(ExpressionSource source)
    {
        var text = source.Text;
        if (text.Length > MaxExpressionLength)
        {
            return new RuleDiagnostic(DiagnosticIds.ExpressionSyntax, DiagnosticSeverity.Error,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The expression is {text.Length:N0} characters long; the limit is {MaxExpressionLength:N0}: split it into GlobalParams or LocalParams. / 表达式长 {text.Length:N0} 个字符，上限为 {MaxExpressionLength:N0}：请拆分为 GlobalParams 或 LocalParams。"),
                source.Locate(MaxExpressionLength, 1));
        }

        var depth = 0;
        var operators = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '"' or '\'')
            {
                i = EndOfLiteral(text, i);
            }
            else if (c is '(' or '[' or '{')
            {
                if (++depth > MaxNestingDepth)
                {
                    return new RuleDiagnostic(DiagnosticIds.ExpressionSyntax, DiagnosticSeverity.Error,
                        $"The expression nests deeper than {MaxNestingDepth} levels: name the inner parts as parameters. / 表达式嵌套超过 {MaxNestingDepth} 层：请把内层部分定义为参数。",
                        source.Locate(i, 1));
                }
            }
            else if (c is ')' or ']' or '}')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (OperatorLength(text, i) is > 0 and var length)
            {
                // Chains of unary or conditional operators recurse in the parser like parentheses do,
                // and long binary chains make trees as deep for the compiler: every spelling counts.
                if (++operators > MaxOperators)
                {
                    return new RuleDiagnostic(DiagnosticIds.ExpressionSyntax, DiagnosticSeverity.Error,
                        $"The expression has more than {MaxOperators} operators (unary, binary or conditional, in any spelling: !, not, and, &&, ?, …): split it into parameters. / 表达式运算符（含 not、and、or 等写法）超过 {MaxOperators} 个，请拆分为参数。", source.Locate(i, length));
                }

                i += length - 1;
            }
        }

        return null;
    }

    /// <summary>
    /// The index of the quote closing the string or char literal that opens at <paramref name="open"/>
    /// (escapes \" and \\ skipped), or the text's length when it is never closed.
    /// </summary>
    internal static int EndOfLiteral(string text, int open)
    {
        var quote = text[open];
        for (var i = open + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                return i;
            }
        }

        return text.Length;
    }

    /// <summary>
    /// The length of the operator starting at <paramref name="i"/>, 0 when none does: each unary or
    /// conditional character counts alone (<c>!!</c> is two), a run of binary characters is one
    /// (<c>&lt;=</c>, <c>&amp;&amp;</c>), and the words not, and, or, mod count when they stand alone.
    /// </summary>
    private static int OperatorLength(string text, int i)
    {
        var c = text[i];
        if (c is '!' or '-' or '+' or '?' or '~')
        {
            return 1;
        }

        if (IsBinary(c))
        {
            var end = i + 1;
            while (end < text.Length && IsBinary(text[end]))
            {
                end++;
            }

            return end - i;
        }

        if (!char.IsLetter(c) || (i > 0 && IsWordPart(text[i - 1])))
        {
            return 0;
        }

        foreach (var word in OperatorWords)
        {
            if (string.Compare(text, i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (i + word.Length == text.Length || !IsWordPart(text[i + word.Length])))
            {
                return word.Length;
            }
        }

        return 0;

        static bool IsBinary(char c) => c is '*' or '/' or '%' or '&' or '|' or '^' or '<' or '>' or '=';
        static bool IsWordPart(char c) => char.IsLetterOrDigit(c) || c is '_' or '.' or '@';
    }

    private static readonly string[] OperatorWords = ["not", "and", "or", "mod"];

    /// <summary>Faults the parser throws without a position: operands it cannot compare, convert or combine.</summary>
    private static RuleDiagnostic DescribeUnplaced(Exception ex, ExpressionSource source)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        message = cut >= 0 ? message[..cut] : message;
        if (InvalidLiteral().Match(message) is { Success: true } literal)
        {
            // "2亿 is not a valid value for Decimal": point at the literal.
            var text = literal.Groups["value"].Value;
            var at = source.Text.IndexOf("\"" + text + "\"", StringComparison.Ordinal);
            return new RuleDiagnostic(DiagnosticIds.TypeMismatch, DiagnosticSeverity.Error,
                $"Type mismatch: \"{text}\" is not a {literal.Groups["type"].Value}; write numbers without quotes (and amounts in yuan: 200000000, not 2亿). / 类型不匹配：\"{text}\" 不是 {literal.Groups["type"].Value}；数值请不加引号（金额以元为单位：写 200000000，而不是 2亿）。",
                at >= 0 ? source.Locate(at, text.Length + 2) : Whole(source));
        }

        var mismatch = message.Contains("not found on type", StringComparison.Ordinal) || message.Contains("is not defined for the types", StringComparison.Ordinal)
            || message.Contains("No coercion operator", StringComparison.Ordinal);
        return new RuleDiagnostic(mismatch ? DiagnosticIds.TypeMismatch : DiagnosticIds.ExpressionSyntax, DiagnosticSeverity.Error,
            $"{(mismatch ? "Type mismatch" : "The expression cannot be parsed")}: {message} / {(mismatch ? "类型不匹配" : "表达式无法解析")}：{ParserMessages.InChinese(message)}", Whole(source));
    }

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
            // The declared fields of the record kind the expression reads (its extensions' too).
            var record = visible.FirstOrDefault(v => v.Type.Name == member.Groups["type"].Value && RecordSchema.For(v.Type) is not null);
            var candidates = RecordSchema.For(record?.Type)?.Fields.Select(f => f.Property.Name) ?? [];
            var suggestion = Suggest.Closest(name, candidates);
            message = $"'{member.Groups["type"].Value}' has no member '{name}'{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} / '{member.Groups["type"].Value}' 没有成员 '{name}'{(suggestion is null ? "" : $"，是否应为 '{suggestion}'？")}";
        }
        else if (UnknownIdentifier().Match(message) is { Success: true } unknownType
            && position + unknownType.Groups["name"].Length < source.Text.Length
            && source.Text[position + unknownType.Groups["name"].Length] is '.' or '(')
        {
            // "Process.GetCurrentProcess()", "typeof(x)": an unknown type or function, not a misspelt parameter.
            id = DiagnosticIds.OutsideAllowList;
            length = unknownType.Groups["name"].Length;
            message = NotAvailable(unknownType.Groups["name"].Value);
        }
        else if (UnknownIdentifier().Match(message) is { Success: true } identifier)
        {
            id = DiagnosticIds.UnknownParameter;
            var name = identifier.Groups["name"].Value;
            length = name.Length;
            var suggestion = Suggest.Closest(name, visible.Select(v => v.Name!));
            message = $"Unknown parameter '{name}'{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} Known here: {string.Join(", ", visible.Select(v => v.Name))}. / 未知参数 '{name}'{(suggestion is null ? "" : $"，是否应为 '{suggestion}'？")} 此处可用：{string.Join("、", visible.Select(v => v.Name))}。";
        }
        else if (UnknownType().Match(message) is { Success: true } type)
        {
            id = DiagnosticIds.OutsideAllowList;
            var name = type.Groups["name"].Value;
            length = name.Length;
            message = NotAvailable(name);

            // `as(x, "System.Object")`: the parser stops after the literal; point at the type's name in it.
            var named = source.Text.Length == 0 ? -1 : source.Text.LastIndexOf(name, Math.Min(position, source.Text.Length - 1), StringComparison.OrdinalIgnoreCase);
            position = named >= 0 ? named : position;
        }
        else if (message.Contains("not accessible", StringComparison.Ordinal))
        {
            id = DiagnosticIds.OutsideAllowList;
            message = $"{message} / 不允许访问该成员：{ParserMessages.InChinese(message)}";
        }
        else if (ExpectedType().Match(message) is { Success: true } expected && EnumOf(expected.Groups["type"].Value) is { } enumType
            && QuotedAt(source.Text, ref position, enumType) is { } value)
        {
            // `sizeClass != "Larg"`: the literal names no value of the enum.
            id = DiagnosticIds.UnknownMember;
            length = value.Length + 2;
            message = NotAValueOf(enumType, value);
        }
        else if (ExpectedType().Match(message) is { Success: true } expectedBool && expectedBool.Groups["type"].Value == "Boolean")
        {
            id = DiagnosticIds.NotBoolean;
            message = $"A rule expression must be true or false (boolean), such as enterprise.Employees >= 10: {message} / 规则表达式须为布尔值（真或假），例如 enterprise.Employees >= 10：{ParserMessages.InChinese(message)}";
        }
        else if (NoMethod().Match(message) is { Success: true } method
            && AllowList.HelperTypes.FirstOrDefault(t => t.Name == method.Groups["type"].Value) is { } helper
            && !helper.GetMethods().Any(m => m.IsStatic && string.Equals(m.Name, method.Groups["name"].Value, StringComparison.OrdinalIgnoreCase)))
        {
            // `Dates.FullYears(...)`: no such helper method at all (not merely wrong arguments).
            id = DiagnosticIds.UnknownMember;
            var name = method.Groups["name"].Value;
            length = name.Length;
            var names = helper.GetMethods().Where(m => m.IsStatic && m.DeclaringType == helper).Select(m => m.Name).Distinct().ToList();
            var suggestion = Suggest.Closest(name, names);
            message = $"'{helper.Name}' has no method '{name}'{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} It has: {string.Join(", ", names)}. / '{helper.Name}' 没有方法 '{name}'{(suggestion is null ? "" : $"，是否应为 '{suggestion}'？")} 可用方法：{string.Join("、", names)}。";
        }
        else if (message.Contains("'as' clause", StringComparison.Ordinal) && source.Text.LastIndexOf("new", Math.Max(0, position - 1), StringComparison.Ordinal) is var created and >= 0)
        {
            // `new DateOnly(...)`: the parser reads `new` as an anonymous object; either way, creating objects is refused.
            id = DiagnosticIds.OutsideAllowList;
            position = created;
            length = 3;
            message = "Creating objects ('new') is not allowed in rule expressions. / 规则表达式不允许创建对象（'new'）。";
        }
        else if (message.Contains("incompatible", StringComparison.Ordinal) || message.Contains("cannot be converted", StringComparison.Ordinal)
            || message.Contains("No applicable", StringComparison.Ordinal) || message.Contains("Neither of the types", StringComparison.Ordinal))
        {
            id = DiagnosticIds.TypeMismatch;
            message = $"Type mismatch: {message} / 类型不匹配：{ParserMessages.InChinese(message)}";
        }
        else
        {
            id = DiagnosticIds.ExpressionSyntax;
            message = $"Syntax error at character {position + 1}: {message} / 第 {position + 1} 个字符处语法错误：{ParserMessages.InChinese(message)}";
        }

        return new RuleDiagnostic(id, DiagnosticSeverity.Error, message, source.Locate(position, length));
    }

    [GeneratedRegex("No property or field '(?<name>[^']+)' exists in type '(?<type>[^']+)'")]
    private static partial Regex UnknownMember();

    [GeneratedRegex("Unknown identifier '(?<name>[^']+)'")]
    private static partial Regex UnknownIdentifier();

    [GeneratedRegex("Type '(?<name>[^']+)' not found")]
    private static partial Regex UnknownType();

    [GeneratedRegex(@"Expression of type '(?:System\.Nullable`1\[)?(?:[\w.]+\.)?(?<type>\w+)\]?' expected")]
    private static partial Regex ExpectedType();

    [GeneratedRegex("No applicable method '(?<name>[^']+)' exists in type '(?<type>[^']+)'")]
    private static partial Regex NoMethod();

    [GeneratedRegex("^(?<value>.*) is not a valid value for (?<type>\\w+)\\.?$")]
    private static partial Regex InvalidLiteral();

    private static string NotAvailable(string name) =>
        $"'{name}' is not available to rule expressions; only the input, its parameters and the helpers {string.Join(", ", AllowList.HelperTypes.Select(t => t.Name))} are. / 规则表达式不能使用 '{name}'；只能使用输入记录、其参数和辅助类型 {string.Join("、", AllowList.HelperTypes.Select(t => t.Name))}。";

    private static Type? EnumOf(string name) => AllowList.ModelTypes.FirstOrDefault(t => t.IsEnum && t.Name == name);

    /// <summary>
    /// The first string literal at or after <paramref name="position"/> that names no value of
    /// <paramref name="enumType"/> (moved to it), without its quotes: in `x in ("Retail", "Bogus")`, "Bogus".
    /// </summary>
    private static string? QuotedAt(string text, ref int position, Type enumType)
    {
        var from = Math.Min(position, text.Length);
        while (true)
        {
            var start = text.IndexOf('"', from);
            var end = start < 0 ? -1 : text.IndexOf('"', start + 1);
            if (end < 0)
            {
                return null;
            }

            var value = text[(start + 1)..end];
            if (!Enum.GetNames(enumType).Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                position = start;
                return value;
            }

            from = end + 1;
        }
    }
}
