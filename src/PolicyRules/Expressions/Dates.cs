namespace PolicyRules.Expressions;

/// <summary>Calendar arithmetic for rule expressions.</summary>
public static class Dates
{
    /// <summary>Whole calendar days from <paramref name="from"/> to <paramref name="to"/> (negative when <paramref name="to"/> is earlier).</summary>
    public static int DaysBetween(DateOnly from, DateOnly to) => to.DayNumber - from.DayNumber;

    /// <summary>Completed years from <paramref name="from"/> to <paramref name="to"/>, as an age is counted (周岁).</summary>
    public static int FullYearsBetween(DateOnly from, DateOnly to)
    {
        var years = to.Year - from.Year;
        return to < from.AddYears(years) ? years - 1 : years;
    }
}
