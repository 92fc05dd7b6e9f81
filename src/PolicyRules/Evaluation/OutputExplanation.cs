using PolicyRules.Rules;

namespace PolicyRules.Evaluation;

/// <summary>How a declared output's value came from its expression, in both languages: rounding, floor and cap, each only when it applied.</summary>
internal static class OutputExplanation
{
    public static BilingualText Of(OutputDefinition output, decimal? computed, decimal? value)
    {
        if (computed is not { } raw)
        {
            var undefined = ValueFormatter.Format(null, output.Unit);
            return new BilingualText($"计算值 {undefined.Zh}", $"computed: {undefined.En}");
        }

        var unit = output.Unit;
        var exact = ValueFormatter.FormatExact(raw, unit);
        var zh = new List<string> { $"计算值 {exact.Zh}" };
        var en = new List<string> { $"computed {exact.En}" };
        var places = output.Rounding.PlacesFor(unit) ?? -1;
        var rounded = OutputArithmetic.Round(raw, places, output.Rounding.Mode);
        if (places >= 0)
        {
            var how = output.Rounding.Describe(unit);
            zh.Add($"{how.Zh}为 {ValueFormatter.Format(rounded, unit).Zh}");
            en.Add($"{how.En}: {ValueFormatter.Format(rounded, unit).En}");
        }

        if (output.Floor is { } floor && rounded < floor)
        {
            zh.Add($"低于下限 {ValueFormatter.Format(floor, unit).Zh}，取下限");
            en.Add($"below the floor {ValueFormatter.Format(floor, unit).En}: the floor applies");
        }

        if (output.Cap is { } cap && rounded > cap)
        {
            zh.Add($"超过上限 {ValueFormatter.Format(cap, unit).Zh}，按上限封顶");
            en.Add($"above the cap {ValueFormatter.Format(cap, unit).En}: capped");
        }

        var final = ValueFormatter.Format(value, unit);
        return new BilingualText($"{string.Join("；", zh)}；结果 {final.Zh}", $"{string.Join("; ", en)}; result {final.En}");
    }
}
