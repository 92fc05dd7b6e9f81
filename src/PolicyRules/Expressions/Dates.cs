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

    /// <summary>
    /// The <paramref name="years"/>-th anniversary of <paramref name="date"/>: the last day of a period of
    /// that many years that starts on it ("不超过 N 年" holds up to and including this day). A 29 February
    /// has its anniversary on 28 February in a common year: a period with no corresponding day ends on the
    /// last day of the month (《民法典》第二百零一条).
    /// </summary>
    /// <remarks>Beyond the calendar (after 9999 or before year 1) it is <see cref="DateOnly.MaxValue"/> or
    /// <see cref="DateOnly.MinValue"/>: later (earlier) than any date, so comparisons with it keep their answer
    /// instead of failing the row.</remarks>
    public static DateOnly Anniversary(DateOnly date, int years)
    {
        var year = (long)date.Year + years;
        return year > DateOnly.MaxValue.Year ? DateOnly.MaxValue
            : year < DateOnly.MinValue.Year ? DateOnly.MinValue
            : date.AddYears(years);
    }

    /// <summary>
    /// Whole fiscal (calendar) years, up to and including Y1, in which an enterprise registered on
    /// <paramref name="registration"/> operated from 1 January: "three full fiscal years of operation".
    /// Y1 is the last year completed before <paramref name="asOf"/>.
    /// </summary>
    public static int FullFiscalYearsOperated(DateOnly registration, DateOnly asOf)
    {
        var firstFullYear = registration.Month == 1 && registration.Day == 1 ? registration.Year : registration.Year + 1;
        return Math.Max(0, asOf.Year - firstFullYear);
    }
}
