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

/// <summary>Enum names without allocating per call: by the value as an index where the members are small whole numbers.</summary>
internal static class EnumText<T>
    where T : struct, Enum
{
    private static readonly Dictionary<T, string> Names = Enum.GetValues<T>().ToDictionary(v => v, v => v.ToString());

    /// <summary>The names by value for an int-backed enum whose members are 0 … 63 (SizeClass, Industry), else empty.</summary>
    private static readonly string?[] ByIndex = Dense();

    public static string? Of(T? value)
    {
        if (value is not { } v)
        {
            return null;
        }

        var index = ByIndex.Length == 0 ? -1 : System.Runtime.CompilerServices.Unsafe.As<T, int>(ref v);
        return (uint)index < (uint)ByIndex.Length && ByIndex[index] is { } name ? name : Names.GetValueOrDefault(v) ?? v.ToString();
    }

    private static string?[] Dense()
    {
        if (Enum.GetUnderlyingType(typeof(T)) != typeof(int) || Enum.GetValues<T>().Any(m => Convert.ToInt32(m, System.Globalization.CultureInfo.InvariantCulture) is < 0 or > 63))
        {
            return [];
        }

        var names = new string?[Enum.GetValues<T>().Select(m => Convert.ToInt32(m, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(-1).Max() + 1];
        foreach (var member in Enum.GetValues<T>())
        {
            names[Convert.ToInt32(member, System.Globalization.CultureInfo.InvariantCulture)] ??= member.ToString(); // the first name of a value, as the dictionary keeps
        }

        return names;
    }
}
