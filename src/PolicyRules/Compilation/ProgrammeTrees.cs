using System.Collections.Immutable;
using System.Linq.Expressions;
using PolicyRules.Rules;

namespace PolicyRules.Compilation;

/// <summary>
/// The checked expression trees of one programme version, kept after compilation so other back ends
/// (the SQL translator) start from exactly what the .NET kernels were built from.
/// </summary>
internal sealed record ProgrammeTrees(
    ParameterExpression Input,
    ParameterExpression AsOf,
    ParameterExpression? Programmes,
    ImmutableArray<ParamTree> Globals,
    ImmutableArray<RuleTree> Rules,
    ParameterExpression? Score,
    ParameterExpression? Classification)
{
    /// <summary>The declared outputs with their checked bodies (before rounding and bounds), in declaration order.</summary>
    public ImmutableArray<OutputTree> Outputs { get; init; } = [];
}

/// <summary>A declared output and the expression that computes it.</summary>
internal sealed record OutputTree(OutputDefinition Definition, Expression Body);

/// <summary>A parameter: its definition, the variable expressions refer to it by, and its body.</summary>
internal sealed record ParamTree(ParamDefinition Definition, ParameterExpression Variable, Expression Body);

/// <summary>A rule: its local parameters, and either a boolean body or children combined by its operator.</summary>
internal sealed record RuleTree(RuleDefinition Definition, ImmutableArray<ParamTree> Locals, Expression? Body, ImmutableArray<RuleTree> Children);
