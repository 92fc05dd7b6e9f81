using System.Collections.Immutable;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Compilation;

/// <summary>How a rule's outcome can be explained from the values its kernel captured.</summary>
internal enum ExplainShape
{
    /// <summary>Only pass/fail is known (a compound expression).</summary>
    Opaque,
    /// <summary><c>left OP right</c>: actual is left, required is OP right.</summary>
    Comparison,
    /// <summary>A yes/no value that must be yes.</summary>
    MustBeTrue,
    /// <summary><c>!value</c>: a yes/no value that must be no.</summary>
    MustBeFalse,
    /// <summary>Children combined by And/Or.</summary>
    Composite,
}

/// <summary>A rule with its place in the evaluation state, how to explain it, and the profile fields it reads.</summary>
internal sealed record CompiledRule(
    RuleDefinition Definition,
    int Index,
    ExplainShape Shape,
    string? Operator,
    int ActualSlot,
    int RequiredSlot,
    ImmutableArray<CompiledRule> Children,
    FieldSet Reads);

/// <summary>A parameter with its slot among the captured values.</summary>
internal sealed record CompiledParam(ParamDefinition Definition, int Slot, Type Type);
