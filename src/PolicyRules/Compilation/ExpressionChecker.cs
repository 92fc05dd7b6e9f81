using System.Linq.Expressions;
using System.Reflection;
using PolicyRules.Evaluation;
using PolicyRules.Expressions;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Compilation;

/// <summary>
/// Walks a parsed expression tree once: refuses anything outside the <see cref="AllowList"/>,
/// binary floating point and division by a non-constant; records which profile fields it reads;
/// and replaces <c>Tiers.Lookup(x, "table")</c> by a call on the table parsed once at load.
/// </summary>
internal sealed class ExpressionChecker(IReadOnlySet<string> usedProgrammes) : ExpressionVisitor
{
    private static readonly MethodInfo TiersLookup = typeof(Tiers).GetMethod(nameof(Tiers.Lookup))!;
    private static readonly MethodInfo TableLookup = typeof(TierTable).GetMethod(nameof(TierTable.Lookup))!;
    private static readonly MethodInfo SizeTablePick = typeof(SizeTable).GetMethod(nameof(SizeTable.Pick))!;
    private static readonly MethodInfo SizeTableRow = typeof(SizeTable).GetMethod(nameof(SizeTable.Row))!;

    private readonly List<Problem> _problems = [];

    public FieldSet Fields { get; private set; }

    public IReadOnlyList<Problem> Problems => _problems;

    /// <summary>
    /// A fault with the text to find in the expression to locate it: the <see cref="Occurrence"/>-th
    /// (0-based) appearance of <see cref="Token"/>, plus <see cref="Offset"/> within it when given.
    /// </summary>
    public sealed record Problem(string Id, string Message, string? Token, int? Offset = null, int Length = 0, int Occurrence = 0);

    // Divisions seen so far in reading order, so a fault names the right '/' of several.
    private int _divisions;
    private int _modulos;

    // programmes.X(...) calls seen so far in reading order, by method name and by literal name, so a
    // fault names its own call of several.
    private readonly Dictionary<string, int> _programmeCalls = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The types already reported as not allowed: each is one problem, however often it occurs.</summary>
    private readonly HashSet<Type> _refusedTypes = [];

    /// <summary>Problems found, each time one is found (a repeat too): whether a subtree had any.</summary>
    private int _found;

    /// <summary>Adds <paramref name="problem"/> unless it was found already: a member or call met twice is one problem, at one place.</summary>
    private void Report(Problem problem)
    {
        _found++;
        if (!_problems.Contains(problem))
        {
            _problems.Add(problem);
        }
    }

    public override Expression? Visit(Expression? node)
    {
        if (node is not null && (node.Type == typeof(double) || node.Type == typeof(float)
            || Nullable.GetUnderlyingType(node.Type) is { } u && (u == typeof(double) || u == typeof(float))))
        {
            if (_problems.Exists(p => p.Id == DiagnosticIds.FloatingPoint))
            {
                return node; // once per expression: every enclosing node is double too
            }

            Report(new Problem(DiagnosticIds.FloatingPoint,
                "Binary floating point (double) in an expression: thresholds and money must be exact decimals; write 0.05 rather than 5e-2 or a double member. / 表达式中出现二进制浮点数（double）：阈值与金额须为精确小数；请写 0.05，而不是 5e-2 或 double 类型的成员。",
                null));
            return node;
        }

        // Members and calls are judged (and located) by what they reach, in VisitMember and VisitMethodCall.
        if (node is not null && !AllowList.IsAllowedType(node.Type) && node is not (LambdaExpression or MemberExpression or MethodCallExpression))
        {
            // Once per type: in 'a' == 'a' both sides are the one problem, a value of a type not allowed.
            var problem = node is ConstantExpression { Value: char c }
                ? new Problem(DiagnosticIds.OutsideAllowList,
                    $"'{c}' in single quotes is a character, which rule expressions do not use: write text in double quotes, \"{c}\". / 单引号中的 '{c}' 是字符，规则表达式不使用字符：文本请写在双引号中，\"{c}\"。",
                    $"'{c}'")
                : new Problem(DiagnosticIds.OutsideAllowList,
                    $"Values of type '{node.Type.Name}' are not allowed in rule expressions. / 规则表达式不允许使用类型 {node.Type.Name}。",
                    node.Type.Name);
            if (_refusedTypes.Add(node.Type))
            {
                Report(problem);
            }

            return node;
        }

        return base.Visit(node);
    }

    protected override Expression VisitMember(MemberExpression node)
    {
        // Innermost first: in `DateTime.Now.Year` the fault is `DateTime.Now`, not `.Year`.
        var before = _found;
        if (node.Expression is not null)
        {
            Visit(node.Expression);
            if (_found > before)
            {
                return node;
            }
        }

        if (!AllowList.IsAllowedMember(node.Member))
        {
            var token = node.Expression is null ? $"{node.Member.DeclaringType?.Name}.{node.Member.Name}" : node.Member.Name;
            Report(new Problem(DiagnosticIds.OutsideAllowList,
                $"'{node.Member.DeclaringType?.Name}.{node.Member.Name}' is outside the allow-list of what rule expressions may read. / '{node.Member.DeclaringType?.Name}.{node.Member.Name}' 不在规则表达式允许读取的范围内。",
                token));
            return node;
        }

        if (RecordSchema.For(node.Member.DeclaringType)?.FieldOf(node.Member) is { } field)
        {
            Fields = Fields.With(field);
        }

        return node;
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        if (node.Method.DeclaringType == typeof(string) && node.Method.Name == nameof(string.Concat))
        {
            // `a + b` on text is string.Concat: refused, as chained GlobalParams (s2 = s1 + s1, …) double a
            // string per parameter and exhaust memory while evaluating. Located on the whole expression
            // when written with '+'.
            Report(new Problem(DiagnosticIds.OutsideAllowList,
                "Joining text ('+' on strings, string.Concat) is outside the allow-list of rule expressions: compare text with ==, StartsWith, EndsWith or Contains instead. / 规则表达式不允许拼接文本（字符串的 '+'、string.Concat）：请改用 ==、StartsWith、EndsWith 或 Contains 比较文本。",
                node.Method.Name));
            return node;
        }

        if (!AllowList.IsAllowedMethod(node.Method))
        {
            Report(new Problem(DiagnosticIds.OutsideAllowList,
                $"'{node.Method.DeclaringType?.Name}.{node.Method.Name}' is outside the allow-list of what rule expressions may call (helpers: {string.Join(", ", AllowList.HelperTypes.Select(t => t.Name))}). / '{node.Method.DeclaringType?.Name}.{node.Method.Name}' 不在规则表达式允许调用的范围内（辅助类型：{string.Join("、", AllowList.HelperTypes.Select(t => t.Name))}）。",
                node.Method.Name));
            return node;
        }

        if (node.Method.DeclaringType == typeof(ProgrammeOutcomes))
        {
            // A composite reads only the programmes its metadata declares, by a literal name, so the
            // engine can check the names and run those programmes first.
            var callToken = RuleParameters.Programmes + "." + node.Method.Name;
            var call = NextProgrammeCall(callToken);
            if (node.Arguments[0] is not ConstantExpression { Value: string name })
            {
                Report(new Problem(DiagnosticIds.UnknownProgrammeReference,
                    $"programmes.{node.Method.Name} needs the programme's name as a string literal. / programmes.{node.Method.Name} 的项目名称须为字符串常量。",
                    callToken, Offset: RuleParameters.Programmes.Length + 1, Length: node.Method.Name.Length, Occurrence: call));
                return node;
            }

            var literal = "\"" + name + "\"";
            var named = NextProgrammeCall(literal);
            if (!usedProgrammes.Contains(name))
            {
                Report(new Problem(DiagnosticIds.UnknownProgrammeReference,
                    $"'{name}' is not among the programmes this workflow's \"Uses\" lists ({string.Join(", ", usedProgrammes.Order(StringComparer.Ordinal))}). / 项目 '{name}' 不在本工作流 \"Uses\" 所列项目中（{string.Join("、", usedProgrammes.Order(StringComparer.Ordinal))}）。",
                    literal, Occurrence: named));
                return node;
            }

            return base.VisitMethodCall(node);
        }

        if (node.Method == SizeTablePick && node.Arguments[0] is NewArrayExpression { NodeType: ExpressionType.NewArrayInit } rows && rows.Expressions.Count > 0)
        {
            // Same meaning as SizeTable.Pick (the first row that applies) without a params array per evaluation.
            Expression picked = Visit(rows.Expressions[^1])!;
            for (var i = rows.Expressions.Count - 2; i >= 0; i--)
            {
                picked = Expression.Coalesce(Visit(rows.Expressions[i])!, picked);
            }

            return picked;
        }

        if (node.Method.DeclaringType == typeof(Enumerable) && node.Method.Name == nameof(Enumerable.Contains)
            && node.Arguments[0] is NewArrayExpression { NodeType: ExpressionType.NewArrayInit } list
            && list.Expressions.All(e => e is ConstantExpression))
        {
            // `x in ("A", "B")`: build the list once, not on every evaluation.
            var values = Array.CreateInstance(list.Type.GetElementType()!, list.Expressions.Count);
            for (var i = 0; i < list.Expressions.Count; i++)
            {
                values.SetValue(((ConstantExpression)list.Expressions[i]).Value, i);
            }

            return Expression.Call(node.Method, Expression.Constant(values, list.Type), Visit(node.Arguments[1])!);
        }

        if (node.Method == SizeTableRow)
        {
            // Rows of other industries need not compare anything: expressions are pure (the allow-list
            // admits no side effects), so evaluating the bounds only where the row applies changes nothing but time.
            var applies = Visit(node.Arguments[0])!;
            var row = Expression.Call(SizeTableRow, Expression.Constant(true), Visit(node.Arguments[1])!, Visit(node.Arguments[2])!, Visit(node.Arguments[3])!);
            return Expression.Condition(applies, row, Expression.Constant(null, typeof(SizeClass?)));
        }

        if (node.Method.DeclaringType == typeof(string))
        {
            return OrdinalText.Of((MethodCallExpression)base.VisitMethodCall(node));
        }

        if (node.Method == TiersLookup)
        {
            var value = Visit(node.Arguments[0])!;
            if (node.Arguments[1] is not ConstantExpression { Value: string text })
            {
                Report(new Problem(DiagnosticIds.InvalidTierTable,
                    "Tiers.Lookup needs its table as a string literal, so it can be checked when the rules load. / Tiers.Lookup 的表须为字符串常量。",
                    "Lookup"));
                return node;
            }

            try
            {
                return Expression.Call(Expression.Constant(TierTable.Parse(text)), TableLookup, value);
            }
            catch (TierTableException ex)
            {
                Report(new Problem(DiagnosticIds.InvalidTierTable, TierTableMessage(ex.Message), text, ex.Offset, ex.Length));
                return node;
            }
        }

        return base.VisitMethodCall(node);
    }

    /// <summary>How many programmes.X calls with this token came before (0-based), counting this one.</summary>
    private int NextProgrammeCall(string token)
    {
        var seen = _programmeCalls.GetValueOrDefault(token);
        _programmeCalls[token] = seen + 1;
        return seen;
    }

    protected override Expression VisitBinary(BinaryExpression node)
    {
        if (node.NodeType is ExpressionType.LeftShift or ExpressionType.RightShift)
        {
            Report(new Problem(DiagnosticIds.OutsideAllowList, "Bit shifts are not allowed in rule expressions: they wrap silently; multiply instead. / 不允许位移运算（会静默溢出），请改用乘法。", node.NodeType == ExpressionType.LeftShift ? "<<" : ">>"));
            return node;
        }

        if (node.NodeType is ExpressionType.Add or ExpressionType.Subtract or ExpressionType.Multiply && IsIntegral(node.Type) && node.Method is null)
        {
            // Integer arithmetic is checked: an overflow throws (and rejects the row) instead of
            // wrapping a score of 0–100 into −1.8 billion. Decimal arithmetic always throws on overflow.
            var type = node.NodeType switch
            {
                ExpressionType.Add => ExpressionType.AddChecked,
                ExpressionType.Subtract => ExpressionType.SubtractChecked,
                _ => ExpressionType.MultiplyChecked,
            };
            var checkedLeft = Visit(node.Left)!;
            var checkedRight = Visit(node.Right)!;
            return Expression.MakeBinary(type, checkedLeft, checkedRight, node.IsLiftedToNull, null);
        }

        if (node.NodeType is not (ExpressionType.Divide or ExpressionType.Modulo))
        {
            return base.VisitBinary(node);
        }

        // In reading order: the left operand's operators come before this one.
        var left = Visit(node.Left)!;
        var token = node.NodeType == ExpressionType.Divide ? "/" : "%";
        var occurrence = node.NodeType == ExpressionType.Divide ? _divisions++ : _modulos++;
        if (!IsConstant(node.Right))
        {
            Report(new Problem(DiagnosticIds.UnguardedDivision,
                "Division by a value that may be zero: write Ratio.Of(numerator, denominator), which is undefined (and the criterion fails) instead of throwing. / 除数可能为零：请使用 Ratio.Of(numerator, denominator)，分母为零时结果未定义（该条件不满足），而不会抛出异常。",
                token, Occurrence: occurrence));
        }
        else if (IsZero(node.Right))
        {
            Report(new Problem(DiagnosticIds.UnguardedDivision, "Division by the constant zero. / 除以常量零。", token, Occurrence: occurrence));
        }

        var right = Visit(node.Right)!;
        return node.Update(left, node.Conversion, right);
    }

    protected override Expression VisitConstant(ConstantExpression node)
    {
        if (node.Value is Type or MemberInfo or Delegate)
        {
            Report(new Problem(DiagnosticIds.OutsideAllowList, "Types and members as values are not allowed in rule expressions. / 规则表达式不允许将类型或成员作为值。", null));
        }

        return node;
    }

    protected override Expression VisitLambda<T>(Expression<T> node)
    {
        Report(new Problem(DiagnosticIds.OutsideAllowList, "Lambdas are not allowed in rule expressions. / 规则表达式不允许使用 Lambda 表达式。", "=>"));
        return node;
    }

    protected override Expression VisitNew(NewExpression node)
    {
        Report(new Problem(DiagnosticIds.OutsideAllowList, $"Creating objects ('new {node.Type.Name}') is not allowed in rule expressions. / 规则表达式不允许创建对象（'new {node.Type.Name}'）。", node.Type.Name));
        return node;
    }

    protected override Expression VisitMemberInit(MemberInitExpression node) => VisitNew(node.NewExpression);

    protected override Expression VisitListInit(ListInitExpression node) => VisitNew(node.NewExpression);

    protected override Expression VisitInvocation(InvocationExpression node)
    {
        Report(new Problem(DiagnosticIds.OutsideAllowList, "Invoking delegates is not allowed in rule expressions. / 规则表达式不允许调用委托。", null));
        return node;
    }

    protected override Expression VisitTypeBinary(TypeBinaryExpression node)
    {
        Report(new Problem(DiagnosticIds.OutsideAllowList, "Type tests ('is') are not allowed in rule expressions. / 规则表达式不允许类型判断（'is'）。", "is"));
        return node;
    }

    protected override Expression VisitUnary(UnaryExpression node)
    {
        if (node.NodeType is ExpressionType.TypeAs or ExpressionType.Quote or ExpressionType.Throw or ExpressionType.Unbox)
        {
            Report(new Problem(DiagnosticIds.OutsideAllowList, $"'{node.NodeType}' is not allowed in rule expressions. / 规则表达式不允许 '{node.NodeType}'。", null));
            return node;
        }

        if (node.NodeType == ExpressionType.Negate && IsIntegral(node.Type) && node.Method is null)
        {
            return Expression.NegateChecked(Visit(node.Operand)!); // -int.MinValue overflows
        }

        if (node.NodeType == ExpressionType.Convert && IsIntegral(node.Type) && node.Method is null && IsIntegral(node.Operand.Type))
        {
            return Expression.ConvertChecked(Visit(node.Operand)!, node.Type); // a narrowing conversion must not wrap
        }

        return base.VisitUnary(node);
    }

    /// <summary>"Tier table: " before the English half and "分档表：" before the Chinese half.</summary>
    private static string TierTableMessage(string message)
    {
        var at = message.IndexOf(" / ", StringComparison.Ordinal);
        return at < 0 ? $"Tier table: {message}" : $"Tier table: {message[..at]} / 分档表：{message[(at + 3)..]}";
    }

    private static bool IsIntegral(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte)
            || t == typeof(uint) || t == typeof(ulong) || t == typeof(ushort) || t == typeof(sbyte));

    private static bool IsConstant(Expression expression) => Unwrap(expression) is ConstantExpression;

    private static bool IsZero(Expression expression) => Unwrap(expression) is ConstantExpression { Value: var v } && v is not null
        && Convert.ToDecimal(v, System.Globalization.CultureInfo.InvariantCulture) == 0m;

    private static Expression Unwrap(Expression expression)
    {
        while (expression is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert)
        {
            expression = convert.Operand;
        }

        return expression;
    }
}
