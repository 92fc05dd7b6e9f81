using System.Globalization;
using PolicyRules.Rules;

namespace PolicyRules.Evaluation;

/// <summary>Shows computed values to people, in both languages and in the rule's unit.</summary>
internal static class ValueFormatter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static BilingualText Format(object? value, ValueUnit unit)
    {
        switch (value)
        {
            case null:
                return new BilingualText("无法计算（分母为零）", "undefined (zero denominator)");
            case bool b:
                return b ? new BilingualText("是", "yes") : new BilingualText("否", "no");
            case string s:
                return new BilingualText(s, s);
            case Enum e:
                return new BilingualText(e.ToString(), e.ToString());
            case DateOnly d:
                var date = d.ToString("yyyy-MM-dd", Invariant);
                return new BilingualText(date, date);
        }

        var number = Convert.ToDecimal(value, Invariant);
        return unit switch
        {
            ValueUnit.Percent => Same(Fits(number, 100m) ? Trim(number * 100m, 4) + "%" : Trim(number, 4) + " × 100%"),
            ValueUnit.Yuan => new BilingualText(Money(number) + " 元", "¥" + Money(number)),
            ValueUnit.TenThousandYuan => new BilingualText(Money(number) + " 万元", Fits(number, 10_000m) ? "¥" + Money(number * 10_000m) : "¥" + Money(number) + " × 10,000"),
            ValueUnit.People => new BilingualText(Trim(number, 0) + " 人", Trim(number, 0) + (number == 1 ? " person" : " people")),
            ValueUnit.Days => new BilingualText(Trim(number, 0) + " 天", Trim(number, 0) + (number == 1 ? " day" : " days")),
            ValueUnit.Points => new BilingualText(Trim(number, 4) + " 分", Trim(number, 4) + (number == 1 ? " point" : " points")),
            ValueUnit.Count => new BilingualText(Trim(number, 0) + " 项", Trim(number, 0)),
            _ => Same(Trim(number, 4)),
        };
    }

    /// <summary>As <see cref="Format"/>, but money keeps every decimal place: an output's value before rounding is shown as computed.</summary>
    public static BilingualText FormatExact(decimal value, ValueUnit unit) => unit switch
    {
        ValueUnit.Yuan => new BilingualText(Exact(value) + " 元", "¥" + Exact(value)),
        ValueUnit.TenThousandYuan => new BilingualText(Exact(value) + " 万元", Fits(value, 10_000m) ? "¥" + Exact(value * 10_000m) : "¥" + Exact(value) + " × 10,000"),
        ValueUnit.Percent => Same(Fits(value, 100m)
            ? (value * 100m).ToString("0.############################", Invariant) + "%"
            : value.ToString("0.############################", Invariant) + " × 100%"),
        _ => Format(value, unit),
    };

    private static string Exact(decimal value) => value.ToString("#,0.############################", Invariant);

    public static BilingualText Operator(string op, BilingualText bound) =>
        new($"{op} {bound.Zh}", $"{op} {bound.En}");

    private static BilingualText Same(string text) => new(text, text);

    /// <summary>
    /// Whether <paramref name="value"/> × <paramref name="factor"/> stays a decimal. A record built in
    /// code may hold any decimal (the readers keep to the contract's range), and showing a value must
    /// never throw where evaluating it did not; beyond the range the value is shown with the factor.
    /// </summary>
    private static bool Fits(decimal value, decimal factor) => Math.Abs(value) <= decimal.MaxValue / factor;

    private static string Trim(decimal value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("0.####", Invariant);

    private static string Money(decimal value) =>
        Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("#,0.##", Invariant);
}
