namespace PolicyRules.Rules;

/// <summary>
/// A named numeric result a programme declares beside eligibility (metadata <c>Outputs</c>), such as
/// an award amount: computed only for eligible records, rounded as declared, then bounded by
/// <see cref="Floor"/> and <see cref="Cap"/>, all in exact decimal.
/// </summary>
public sealed record OutputDefinition
{
    /// <summary>The output's name, e.g. <c>award</c>: the column <c>Programme.award</c> and the key of <see cref="Evaluation.ProgrammeResult.Outputs"/>.</summary>
    public required string Name { get; init; }

    /// <summary>The expression computing the value before rounding and bounds (it may use the GlobalParams).</summary>
    public required ExpressionSource Expression { get; init; }

    /// <summary>What the output is, in both languages.</summary>
    public required BilingualText Title { get; init; }

    /// <summary>How the value is shown (and which rounding targets apply).</summary>
    public ValueUnit Unit { get; init; }

    /// <summary>How the value is rounded; <see cref="OutputRounding.None"/> keeps it exact.</summary>
    public OutputRounding Rounding { get; init; } = OutputRounding.None;

    /// <summary>The largest value (封顶), applied after rounding; null for none.</summary>
    public decimal? Cap { get; init; }

    /// <summary>The smallest value (保底, e.g. 0 for an award that is never negative), applied after rounding; null for none.</summary>
    public decimal? Floor { get; init; }

    /// <summary>The article that defines the amount.</summary>
    public Citation? Citation { get; init; }

    /// <summary>Where the output's name stands.</summary>
    public required SourceLocation Location { get; init; }

    /// <summary>Where <see cref="Cap"/>, <see cref="Floor"/> or <see cref="Rounding"/> was stated (a reform file's change, when one set them); null when not stated.</summary>
    public SourceLocation? SettingsLocation { get; init; }

    /// <summary>The value the declaration makes of <paramref name="computed"/>: rounded, then floored and capped.</summary>
    public decimal? Finish(decimal? computed) =>
        computed is not { } value ? null : OutputArithmetic.Finish(value, Rounding.PlacesFor(Unit) ?? -1, Rounding.Mode, Floor, Cap);
}

/// <summary>Which way an output is rounded.</summary>
public enum OutputRoundingMode
{
    /// <summary>Not rounded: exact.</summary>
    None,
    /// <summary>Toward zero (舍去): 1.99 → 1.</summary>
    Down,
    /// <summary>Away from zero (进一): 1.01 → 2.</summary>
    Up,
    /// <summary>To nearest, a half away from zero (四舍五入): 1.5 → 2.</summary>
    HalfUp,
    /// <summary>To nearest, a half to the even neighbour (银行家舍入): 2.5 → 2.</summary>
    HalfEven,
}

/// <summary>
/// A declared rounding, written <c>"&lt;mode&gt;-to-&lt;target&gt;"</c> (e.g. <c>down-to-yuan</c>,
/// <c>half-up-to-fen</c>) or <c>none</c>. Which targets exist depends on the output's unit: yuan →
/// fen, jiao, yuan; wan → fen, jiao, yuan, wan; percent → percent, tenth-percent, hundredth-percent;
/// any other unit → whole, tenth, hundredth.
/// </summary>
/// <param name="Mode">Which way.</param>
/// <param name="Target">To what step, e.g. <c>yuan</c>; empty for <see cref="OutputRoundingMode.None"/>.</param>
public sealed record OutputRounding(OutputRoundingMode Mode, string Target)
{
    /// <summary>No rounding.</summary>
    public static OutputRounding None { get; } = new(OutputRoundingMode.None, "");

    private static readonly (string Text, OutputRoundingMode Mode, string Zh, string En)[] Modes =
    [
        ("down", OutputRoundingMode.Down, "向下取整（舍去）", "rounded down"),
        ("up", OutputRoundingMode.Up, "向上取整（进一）", "rounded up"),
        ("half-up", OutputRoundingMode.HalfUp, "四舍五入", "rounded half up"),
        ("half-even", OutputRoundingMode.HalfEven, "四舍六入五成双", "rounded half to even"),
    ];

    /// <summary>The rounding targets of each unit, with their decimal places in that unit.</summary>
    private static readonly Dictionary<ValueUnit, (string Target, int Places, string Zh, string En)[]> Targets = new()
    {
        [ValueUnit.Yuan] = [("fen", 2, "分", "the fen (0.01 yuan)"), ("jiao", 1, "角", "the jiao (0.1 yuan)"), ("yuan", 0, "元", "the yuan")],
        [ValueUnit.TenThousandYuan] = [("fen", 6, "分", "the fen"), ("jiao", 5, "角", "the jiao"), ("yuan", 4, "元", "the yuan"), ("wan", 0, "万元", "ten thousand yuan")],
        [ValueUnit.Percent] = [("percent", 2, "1%", "1%"), ("tenth-percent", 3, "0.1%", "0.1%"), ("hundredth-percent", 4, "0.01%", "0.01%")],
    };

    private static readonly (string Target, int Places, string Zh, string En)[] PlainTargets =
        [("whole", 0, "整数", "a whole number"), ("tenth", 1, "0.1", "0.1"), ("hundredth", 2, "0.01", "0.01")];

    /// <summary>The targets a value of <paramref name="unit"/> may be rounded to.</summary>
    public static IReadOnlyList<string> TargetsFor(ValueUnit unit) => [.. TargetsOf(unit).Select(t => t.Target)];

    private static (string Target, int Places, string Zh, string En)[] TargetsOf(ValueUnit unit) =>
        Targets.TryGetValue(unit, out var targets) ? targets : PlainTargets;

    /// <summary>The rounding's text form, e.g. <c>down-to-yuan</c>.</summary>
    public override string ToString() =>
        Mode == OutputRoundingMode.None ? "none" : $"{Modes.First(m => m.Mode == Mode).Text}-to-{Target}";

    /// <summary>Reads <c>none</c> or <c>&lt;mode&gt;-to-&lt;target&gt;</c>; the target is checked against the unit separately (<see cref="PlacesFor"/>).</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out OutputRounding? rounding)
    {
        rounding = null;
        if (text == "none")
        {
            rounding = None;
            return true;
        }

        var to = text?.IndexOf("-to-", StringComparison.Ordinal) ?? -1;
        if (to <= 0)
        {
            return false;
        }

        var mode = Array.FindIndex(Modes, m => m.Text == text![..to]);
        var target = text![(to + 4)..];
        if (mode < 0 || !AllTargets.Contains(target))
        {
            return false;
        }

        rounding = new OutputRounding(Modes[mode].Mode, target);
        return true;
    }

    /// <summary>Every target of every unit, for parsing and messages.</summary>
    public static IReadOnlyList<string> AllTargets { get; } =
        [.. Targets.Values.SelectMany(t => t).Concat(PlainTargets).Select(t => t.Target).Distinct(StringComparer.Ordinal)];

    /// <summary>Every accepted text form's modes, for messages.</summary>
    public static IReadOnlyList<string> ModeTexts { get; } = [.. Modes.Select(m => m.Text)];

    /// <summary>The decimal places, in <paramref name="unit"/>, the value is rounded to; null when not rounded; -1 when the target does not apply to the unit.</summary>
    public int? PlacesFor(ValueUnit unit) =>
        Mode == OutputRoundingMode.None ? null
        : Array.FindIndex(TargetsOf(unit), t => t.Target == Target) is var i and >= 0 ? TargetsOf(unit)[i].Places : -1;

    /// <summary>The rounding in words, e.g. 向下取整到元 / rounded down to the yuan.</summary>
    public BilingualText Describe(ValueUnit unit)
    {
        if (Mode == OutputRoundingMode.None)
        {
            return new BilingualText("不取整", "not rounded");
        }

        var mode = Modes.First(m => m.Mode == Mode);
        var target = TargetsOf(unit).FirstOrDefault(t => t.Target == Target);
        var zh = target.Target is null ? Target : target.Zh;
        var en = target.Target is null ? Target : target.En;
        return new BilingualText($"{mode.Zh}至{zh}", $"{mode.En} to {en}");
    }
}

/// <summary>The exact arithmetic of a declared output, shared by the compiled kernels and <see cref="OutputDefinition.Finish"/>.</summary>
internal static class OutputArithmetic
{
    /// <summary>Rounds <paramref name="value"/> to <paramref name="places"/> (when rounded), then applies the floor and the cap.</summary>
    public static decimal Finish(decimal value, int places, OutputRoundingMode mode, decimal? floor, decimal? cap)
    {
        value = Round(value, places, mode);

        if (floor is { } f && value < f)
        {
            value = f;
        }

        if (cap is { } c && value > c)
        {
            value = c;
        }

        // Exactly the rounded places (500000.00 to the fen, capped or not): the same text for the same kind of value.
        return places >= 0 ? Math.Round(value + (Step(places) * 0m), places) : value;
    }

    /// <summary>Rounds exactly; <paramref name="places"/> below zero or <see cref="OutputRoundingMode.None"/> leaves the value as it is.</summary>
    public static decimal Round(decimal value, int places, OutputRoundingMode mode)
    {
        if (places < 0)
        {
            return value;
        }

        switch (mode)
        {
            case OutputRoundingMode.Down:
                return Math.Round(value, places, MidpointRounding.ToZero);
            case OutputRoundingMode.HalfUp:
                return Math.Round(value, places, MidpointRounding.AwayFromZero);
            case OutputRoundingMode.HalfEven:
                return Math.Round(value, places, MidpointRounding.ToEven);
            case OutputRoundingMode.Up:
                // Away from zero: any remainder moves the magnitude up one step.
                var truncated = Math.Round(value, places, MidpointRounding.ToZero);
                return truncated == value ? value : value > 0 ? truncated + Step(places) : truncated - Step(places);
            default:
                return value;
        }
    }

    /// <summary>10^-places as an exact decimal.</summary>
    public static decimal Step(int places) => new(1, 0, 0, false, (byte)places);

    /// <summary>Whether <paramref name="value"/> is a multiple of 10^-<paramref name="places"/>.</summary>
    public static bool OnGrid(decimal value, int places) => Math.Round(value, places, MidpointRounding.ToZero) == value;
}
