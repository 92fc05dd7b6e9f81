using System.Collections.Immutable;
using System.Linq.Expressions;
using System.Reflection;
using PolicyRules.Evaluation;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Compilation;

/// <summary>
/// The emission half of <see cref="ProgrammeCompiler"/>: from checked, parsed trees to the fast and the
/// explaining kernel — layout of outcome and value slots, capture of the values behind each criterion.
/// </summary>
internal static partial class ProgrammeCompiler
{
    private static readonly PropertyInfo OutcomesProperty = typeof(EvaluationState).GetProperty(nameof(EvaluationState.Outcomes))!;
    private static readonly PropertyInfo ValuesProperty = typeof(EvaluationState).GetProperty(nameof(EvaluationState.Values))!;
    private static readonly PropertyInfo ScoreProperty = typeof(EvaluationState).GetProperty(nameof(EvaluationState.Score))!;
    private static readonly PropertyInfo ClassProperty = typeof(EvaluationState).GetProperty(nameof(EvaluationState.Classification))!;
    private static readonly PropertyInfo ProgrammesProperty = typeof(EvaluationState).GetProperty(nameof(EvaluationState.Programmes))!;

    private static Expression<ProgrammeKernel> EmitTree(ParsedProgramme programme, ImmutableArray<CompiledRule> rules, ImmutableArray<CompiledOutput> outputs, bool capture)
    {
        var record = Expression.Parameter(typeof(object), "record");
        var state = Expression.Parameter(typeof(EvaluationState), "state");
        var outcomes = Expression.Variable(typeof(bool[]), "outcomes");
        var values = Expression.Variable(typeof(object[]), "values");
        var variables = new List<ParameterExpression> { programme.Input, outcomes, values };
        var body = new List<Expression>
        {
            Expression.Assign(programme.Input, Expression.Convert(record, programme.Input.Type)),
            Expression.Assign(outcomes, Expression.Property(state, OutcomesProperty)),
            Expression.Assign(values, Expression.Property(state, ValuesProperty)),
        };
        if (programme.Programmes is { } used)
        {
            variables.Add(used);
            body.Add(Expression.Assign(used, Expression.Property(state, ProgrammesProperty)));
        }

        foreach (var (variable, value) in programme.Prologue)
        {
            variables.Add(variable);
            body.Add(Expression.Assign(variable, value));
        }

        for (var i = 0; i < programme.Globals.Count; i++)
        {
            var global = programme.Globals[i];
            variables.Add(global.Variable);
            body.Add(Expression.Assign(global.Variable, global.Body));
            if (capture)
            {
                body.Add(Store(values, i, global.Variable));
            }
        }

        var emitter = new RuleEmitter(outcomes, values, capture, variables, body);
        var topLevel = new List<ParameterExpression>();
        for (var i = 0; i < rules.Length; i++)
        {
            topLevel.Add(emitter.Emit(programme.Rules[i], rules[i]));
        }

        if (programme.Score is { } score)
        {
            body.Add(Expression.Assign(Expression.Property(state, ScoreProperty), Expression.Convert(ToDecimal(score.Variable), typeof(decimal?))));
        }

        if (programme.Classification is { } classification)
        {
            body.Add(Expression.Assign(Expression.Property(state, ClassProperty), ClassText(classification.Variable)));
        }

        Expression eligible = topLevel[0];
        for (var i = 1; i < topLevel.Count; i++)
        {
            eligible = Expression.AndAlso(eligible, topLevel[i]);
        }

        if (outputs.IsEmpty)
        {
            body.Add(eligible); // as before outputs existed: nothing more per row
        }
        else
        {
            var isEligible = Expression.Variable(typeof(bool), "eligible");
            variables.Add(isEligible);
            body.Add(Expression.Assign(isEligible, eligible));
            body.Add(OutputEmitter.Emit(programme.Outputs, outputs, state, values, isEligible, capture));
            body.Add(isEligible);
        }

        return Expression.Lambda<ProgrammeKernel>(Expression.Block(typeof(bool), variables, body), record, programme.AsOf, state);
    }

    private static Expression ToDecimal(Expression value)
    {
        var type = Nullable.GetUnderlyingType(value.Type) ?? value.Type;
        if (type == typeof(decimal))
        {
            return value;
        }

        return Expression.Convert(value, Nullable.GetUnderlyingType(value.Type) is null ? typeof(decimal) : typeof(decimal?));
    }

    private static Expression ClassText(Expression value)
    {
        if (value.Type == typeof(string))
        {
            return value;
        }

        var enumType = Nullable.GetUnderlyingType(value.Type) ?? value.Type;
        var of = typeof(EnumText<>).MakeGenericType(enumType).GetMethod("Of")!;
        return Expression.Call(of, Expression.Convert(value, typeof(Nullable<>).MakeGenericType(enumType)));
    }

    private static BinaryExpression Store(ParameterExpression values, int slot, Expression value) =>
        Expression.Assign(Expression.ArrayAccess(values, Expression.Constant(slot)), Expression.Convert(value, typeof(object)));

    /// <summary>Emits rules children-first, so a parent reads its children's outcomes (all are evaluated, as RulesEngine does).</summary>
    private sealed class RuleEmitter(ParameterExpression outcomes, ParameterExpression values, bool capture, List<ParameterExpression> variables, List<Expression> body)
    {
        public ParameterExpression Emit(ParsedRule parsed, CompiledRule compiled)
        {
            var outcome = Expression.Variable(typeof(bool), "rule" + compiled.Index);
            variables.Add(outcome);
            var statements = new List<Expression>();
            var locals = new List<ParameterExpression>();
            foreach (var local in parsed.Locals)
            {
                locals.Add(local.Variable);
                statements.Add(Expression.Assign(local.Variable, local.Body));
            }

            if (parsed.Body is { } expression)
            {
                statements.Add(Expression.Assign(outcome, capture ? Capturing(expression, compiled, locals, statements) : expression));
            }
            else
            {
                var inner = new RuleEmitter(outcomes, values, capture, locals, statements);
                Expression? combined = null;
                for (var i = 0; i < parsed.Children.Length; i++)
                {
                    var child = inner.Emit(parsed.Children[i], compiled.Children[i]);
                    combined = combined is null ? child
                        : compiled.Definition.Operator == RuleOperator.OrElse ? Expression.OrElse(combined, child) : Expression.AndAlso(combined, child);
                }

                statements.Add(Expression.Assign(outcome, combined!));
            }

            statements.Add(Expression.Assign(Expression.ArrayAccess(outcomes, Expression.Constant(compiled.Index)), outcome));
            body.Add(Expression.Block(typeof(void), locals, statements));
            return outcome;
        }

        private Expression Capturing(Expression expression, CompiledRule compiled, List<ParameterExpression> locals, List<Expression> statements)
        {
            switch (compiled.Shape)
            {
                case ExplainShape.Comparison:
                {
                    // Evaluate each side once into a temporary, keep it for the explanation, then compare.
                    var binary = (BinaryExpression)expression;
                    var left = Expression.Variable(binary.Left.Type, "left" + compiled.Index);
                    var right = Expression.Variable(binary.Right.Type, "right" + compiled.Index);
                    locals.Add(left);
                    locals.Add(right);
                    statements.Add(Expression.Assign(left, binary.Left));
                    statements.Add(Expression.Assign(right, binary.Right));
                    statements.Add(Store(values, compiled.ActualSlot, left));
                    statements.Add(Store(values, compiled.RequiredSlot, right));
                    return Expression.MakeBinary(binary.NodeType, left, right, binary.IsLiftedToNull, binary.Method);
                }

                case ExplainShape.MustBeFalse:
                {
                    var operand = Expression.Variable(typeof(bool), "operand" + compiled.Index);
                    locals.Add(operand);
                    statements.Add(Expression.Assign(operand, ((UnaryExpression)expression).Operand));
                    statements.Add(Store(values, compiled.ActualSlot, operand));
                    return Expression.Not(operand);
                }

                case ExplainShape.MustBeTrue:
                {
                    var value = Expression.Variable(typeof(bool), "value" + compiled.Index);
                    locals.Add(value);
                    statements.Add(Expression.Assign(value, expression));
                    statements.Add(Store(values, compiled.ActualSlot, value));
                    return value;
                }

                default:
                    return expression;
            }
        }
    }

    /// <summary>Gives every rule its outcome index and every compared operand its value slot.</summary>
    private sealed class Layout(int globalCount)
    {
        public int RuleCount { get; private set; }

        public int ValueCount { get; private set; } = globalCount;

        /// <summary>Gives an output its slot for the computed value and one per input it reads (the explaining kernel fills them).</summary>
        public CompiledOutput Assign(ParsedOutput output, int index)
        {
            var computed = ValueCount++;
            var inputs = output.Inputs.Select(i => new CompiledOutputInput(i.Label, i.Title, i.Unit, ValueCount++)).ToImmutableArray();
            return new CompiledOutput(output.Definition, index, computed, inputs, output.Reads);
        }

        public CompiledRule Assign(ParsedRule rule)
        {
            var index = RuleCount++;
            var children = rule.Children.Select(Assign).ToImmutableArray();
            var (shape, op) = ShapeOf(rule);
            var actual = shape is ExplainShape.Comparison or ExplainShape.MustBeTrue or ExplainShape.MustBeFalse ? ValueCount++ : -1;
            var required = shape == ExplainShape.Comparison ? ValueCount++ : -1;
            return new CompiledRule(rule.Definition, index, shape, op, actual, required, children, rule.Reads);
        }

        private static (ExplainShape Shape, string? Operator) ShapeOf(ParsedRule rule)
        {
            if (rule.Body is null)
            {
                return (ExplainShape.Composite, null);
            }

            return rule.Body switch
            {
                BinaryExpression { NodeType: ExpressionType.GreaterThanOrEqual } => (ExplainShape.Comparison, "≥"),
                BinaryExpression { NodeType: ExpressionType.GreaterThan } => (ExplainShape.Comparison, ">"),
                BinaryExpression { NodeType: ExpressionType.LessThanOrEqual } => (ExplainShape.Comparison, "≤"),
                BinaryExpression { NodeType: ExpressionType.LessThan } => (ExplainShape.Comparison, "<"),
                BinaryExpression { NodeType: ExpressionType.Equal } => (ExplainShape.Comparison, "="),
                BinaryExpression { NodeType: ExpressionType.NotEqual } => (ExplainShape.Comparison, "≠"),
                UnaryExpression { NodeType: ExpressionType.Not } unary when unary.Operand.Type == typeof(bool) => (ExplainShape.MustBeFalse, null),
                MemberExpression or ParameterExpression => (ExplainShape.MustBeTrue, null),
                _ => (ExplainShape.Opaque, null),
            };
        }
    }
}
