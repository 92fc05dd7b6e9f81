using PolicyRules.Model;

namespace PolicyRules.Evaluation;

/// <summary>
/// What one run of a compiled programme writes: every rule's outcome, the score and the class, and
/// (when explaining) the values behind them. Reused across rows by one thread, so screening
/// allocates nothing per enterprise.
/// </summary>
internal sealed class EvaluationState
{
    public EvaluationState(int ruleCount, int valueCount, int outputCount = 0)
    {
        Outcomes = new bool[ruleCount];
        Values = valueCount == 0 ? [] : new object?[valueCount];
        Outputs = outputCount == 0 ? [] : new decimal?[outputCount];
    }

    /// <summary>Outcome of every rule, nested ones included, by <c>CompiledRule.Index</c>.</summary>
    public bool[] Outcomes { get; }

    /// <summary>Boxed parameter values and compared operands; written only by the explaining kernel.</summary>
    public object?[] Values { get; }

    /// <summary>The declared outputs, by <c>CompiledOutput.Index</c>: set for an eligible record, null otherwise.</summary>
    public decimal?[] Outputs { get; }

    public decimal? Score { get; set; }

    public string? Classification { get; set; }

    /// <summary>The outcomes a composite programme reads; set by whoever runs its dependencies first.</summary>
    public ProgrammeOutcomes? Programmes { get; set; }
}

/// <summary>The compiled form of a programme: writes outcomes into the state and returns eligibility.</summary>
internal delegate bool ProgrammeKernel(object record, DateOnly asOf, EvaluationState state);

/// <summary>Enum names without allocating per call.</summary>
internal static class EnumText<T>
    where T : struct, Enum
{
    private static readonly Dictionary<T, string> Names = Enum.GetValues<T>().ToDictionary(v => v, v => v.ToString());

    public static string? Of(T? value) => value is { } v ? Names.GetValueOrDefault(v) ?? v.ToString() : null;
}
