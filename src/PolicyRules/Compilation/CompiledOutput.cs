using System.Collections.Immutable;
using System.Linq.Expressions;
using System.Reflection;
using PolicyRules.Evaluation;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Compilation;

/// <summary>A declared output with its place in the evaluation state: its index among the outputs, the slot of its computed value and of each input.</summary>
internal sealed record CompiledOutput(OutputDefinition Definition, int Index, int ComputedSlot, ImmutableArray<CompiledOutputInput> Inputs, FieldSet Reads);

/// <summary>A value an output's expression reads (a record field or a GlobalParam), shown in its explanation.</summary>
internal sealed record CompiledOutputInput(string Label, BilingualText Title, ValueUnit Unit, int Slot);

/// <summary>An input of an output as parsed: its label, title, unit and the expression that reads it.</summary>
internal sealed record OutputInput(string Label, BilingualText Title, ValueUnit Unit, Expression Value);

/// <summary>Finds the record fields and GlobalParams an output's expression reads, in order of first use.</summary>
internal sealed class OutputInputs : ExpressionVisitor
{
    private readonly ParameterExpression _input;
    private readonly IReadOnlyDictionary<ParameterExpression, ParamDefinition> _params;
    private readonly List<OutputInput> _found = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    private OutputInputs(ParameterExpression input, IReadOnlyDictionary<ParameterExpression, ParamDefinition> parameters)
    {
        _input = input;
        _params = parameters;
    }

    public static ImmutableArray<OutputInput> Collect(Expression body, ParameterExpression input, IReadOnlyDictionary<ParameterExpression, ParamDefinition> parameters)
    {
        var collector = new OutputInputs(input, parameters);
        collector.Visit(body);
        return [.. collector._found];
    }

    protected override Expression VisitMember(MemberExpression node)
    {
        if (node.Expression == _input && node.Member is PropertyInfo property && _seen.Add("record:" + property.Name))
        {
            var field = RecordSchema.For(_input.Type)?.FieldOf(property);
            var label = field?.Name ?? char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
            var unit = field?.Kind is FieldKind.Money or FieldKind.SignedMoney ? ValueUnit.Yuan : field?.Kind == FieldKind.Count ? ValueUnit.Count : ValueUnit.None;
            _found.Add(new OutputInput(label, new BilingualText(field?.MeaningZh ?? label, label), unit, node));
            return node;
        }

        return base.VisitMember(node);
    }

    protected override Expression VisitParameter(ParameterExpression node)
    {
        if (_params.TryGetValue(node, out var param) && _seen.Add("param:" + param.Name))
        {
            _found.Add(new OutputInput(param.Name, param.Title ?? new BilingualText(param.Name, param.Name), param.Unit, node));
        }

        return node;
    }
}

/// <summary>The load-time checks of a declared output that need its expression's type (and run again on a reform's changes).</summary>
internal static class OutputChecks
{
    public static bool Check(OutputDefinition output, Type type, ICollection<RuleDiagnostic> diagnostics)
    {
        var ok = true;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying != typeof(decimal) && underlying != typeof(int) && underlying != typeof(long))
        {
            diagnostics.Add(new RuleDiagnostic(DiagnosticIds.TypeMismatch, DiagnosticSeverity.Error,
                $"Output '{output.Name}' must be a number (decimal or whole number), but its expression gives {Describe(underlying)}; compute an amount, e.g. \"(enterprise.RdExpenseY1 - enterprise.RdExpenseY2) * 0.10m\". / 输出 '{output.Name}' 须为数值（小数或整数），但其表达式的结果为 {Describe(underlying)}；请计算金额，如 \"(enterprise.RdExpenseY1 - enterprise.RdExpenseY2) * 0.10m\"。",
                output.Expression.Location));
            ok = false;
        }

        var where = output.SettingsLocation ?? output.Location;
        var places = output.Rounding.PlacesFor(output.Unit);
        if (places == -1)
        {
            var targets = OutputRounding.TargetsFor(output.Unit);
            diagnostics.Add(new RuleDiagnostic(DiagnosticIds.InvalidMetadata, DiagnosticSeverity.Error,
                $"Output '{output.Name}': rounding \"{output.Rounding}\" does not apply to unit {UnitText(output.Unit)}; round to one of {string.Join(", ", targets)} (e.g. \"{output.Rounding.Mode switch { OutputRoundingMode.Down => "down", OutputRoundingMode.Up => "up", OutputRoundingMode.HalfEven => "half-even", _ => "half-up" }}-to-{targets[^1]}\"), or change \"Unit\". / 输出 '{output.Name}' 的取整方式 \"{output.Rounding}\" 不适用于单位 {UnitText(output.Unit)}，可取整至：{string.Join("、", targets)}（如 \"{output.Rounding.Mode switch { OutputRoundingMode.Down => "down", OutputRoundingMode.Up => "up", OutputRoundingMode.HalfEven => "half-even", _ => "half-up" }}-to-{targets[^1]}\"），或修改 \"Unit\"。",
                where));
            ok = false;
        }

        if (output.Cap is { } cap && output.Floor is { } floor && cap < floor)
        {
            diagnostics.Add(new RuleDiagnostic(DiagnosticIds.InvalidMetadata, DiagnosticSeverity.Error,
                $"Output '{output.Name}': \"Cap\" {cap} is below \"Floor\" {floor}; no value could satisfy both. / 输出 '{output.Name}' 的上限 \"Cap\" {cap} 低于下限 \"Floor\" {floor}，没有值能同时满足两者。",
                where));
            ok = false;
        }

        if (places is { } p and >= 0)
        {
            foreach (var (name, bound) in new[] { ("Cap", output.Cap), ("Floor", output.Floor) })
            {
                if (bound is { } b && !OutputArithmetic.OnGrid(b, p))
                {
                    // A bound off the rounding grid would make the output either exceed the bound or not be rounded.
                    diagnostics.Add(new RuleDiagnostic(DiagnosticIds.InvalidMetadata, DiagnosticSeverity.Error,
                        $"Output '{output.Name}': \"{name}\" {b} is not a whole multiple of the rounding step ({output.Rounding.Describe(output.Unit).En}); write it as {Math.Round(b, p, MidpointRounding.ToZero)} or round finer. / 输出 '{output.Name}' 的 {name} {b} 不是取整步长（{output.Rounding.Describe(output.Unit).Zh}）的整数倍；请写为 {Math.Round(b, p, MidpointRounding.ToZero)}，或改用更细的取整。",
                        where));
                    ok = false;
                }
            }
        }

        return ok;
    }

    private static string Describe(Type type) => type == typeof(bool) ? "a yes/no value (bool)" : type == typeof(string) ? "text (string)" : type.Name;

    internal static string UnitText(ValueUnit unit) => unit switch
    {
        ValueUnit.TenThousandYuan => "wan",
        _ => unit.ToString().ToLowerInvariant(),
    };
}

/// <summary>Emits the outputs of a kernel: for an eligible record each output's value (rounded, floored, capped); empty otherwise.</summary>
internal static class OutputEmitter
{
    private static readonly PropertyInfo OutputsProperty = typeof(EvaluationState).GetProperty(nameof(EvaluationState.Outputs))!;
    private static readonly MethodInfo FinishMethod = typeof(OutputEmitter).GetMethod(nameof(Finish), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static Expression Emit(ImmutableArray<ProgrammeCompiler.ParsedOutput> parsed, ImmutableArray<CompiledOutput> outputs, ParameterExpression state, ParameterExpression values, ParameterExpression eligible, bool capture)
    {
        var array = Expression.Variable(typeof(decimal?[]), "outputs");
        var computed = new List<Expression> { };
        var empty = new List<Expression>();
        var locals = new List<ParameterExpression>();
        for (var i = 0; i < outputs.Length; i++)
        {
            var output = outputs[i];
            var definition = output.Definition;
            var slot = Expression.ArrayAccess(array, Expression.Constant(output.Index));
            var raw = Expression.Variable(typeof(decimal?), "raw" + i);
            locals.Add(raw);
            computed.Add(Expression.Assign(raw, AsNullableDecimal(parsed[i].Body)));
            if (capture)
            {
                computed.Add(Store(values, output.ComputedSlot, raw));
                for (var k = 0; k < output.Inputs.Length; k++)
                {
                    computed.Add(Store(values, output.Inputs[k].Slot, parsed[i].Inputs[k].Value));
                }
            }

            computed.Add(Expression.Assign(slot, Expression.Call(FinishMethod, raw,
                Expression.Constant(definition.Rounding.PlacesFor(definition.Unit) ?? -1),
                Expression.Constant(definition.Rounding.Mode),
                Expression.Constant(definition.Floor, typeof(decimal?)),
                Expression.Constant(definition.Cap, typeof(decimal?)))));
            empty.Add(Expression.Assign(slot, Expression.Constant(null, typeof(decimal?))));
        }

        return Expression.Block(typeof(void), [array, .. locals],
            Expression.Assign(array, Expression.Property(state, OutputsProperty)),
            Expression.IfThenElse(eligible, Expression.Block(typeof(void), computed), Expression.Block(typeof(void), empty)));
    }

    private static decimal? Finish(decimal? value, int places, OutputRoundingMode mode, decimal? floor, decimal? cap) =>
        value is { } v ? OutputArithmetic.Finish(v, places, mode, floor, cap) : null;

    private static Expression AsNullableDecimal(Expression value)
    {
        var underlying = Nullable.GetUnderlyingType(value.Type);
        if (underlying is null)
        {
            var asDecimal = value.Type == typeof(decimal) ? value : Expression.Convert(value, typeof(decimal));
            return Expression.Convert(asDecimal, typeof(decimal?));
        }

        return underlying == typeof(decimal) ? value : Expression.Convert(value, typeof(decimal?));
    }

    private static BinaryExpression Store(ParameterExpression values, int slot, Expression value) =>
        Expression.Assign(Expression.ArrayAccess(values, Expression.Constant(slot)), Expression.Convert(value, typeof(object)));
}
