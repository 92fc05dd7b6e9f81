using PolicyRules.Model;

namespace PolicyRules.Expressions;

/// <summary>
/// SME size classification as a table, one row per industry, in the shape of the table of
/// 工信部联企业〔2011〕300号: "SME if … / Medium if both … / Small if both …".
/// </summary>
public static class SizeTable
{
    /// <summary>
    /// One industry's row: null when <paramref name="applies"/> is false (another industry), else the
    /// class: Large unless <paramref name="isSme"/>; among SMEs Medium when <paramref name="meetsMedium"/>,
    /// else Small when <paramref name="meetsSmall"/>, else Micro.
    /// </summary>
    public static SizeClass? Row(bool applies, bool isSme, bool meetsMedium, bool meetsSmall)
    {
        if (!applies)
        {
            return null;
        }

        if (!isSme)
        {
            return SizeClass.Large;
        }

        return meetsMedium ? SizeClass.Medium : meetsSmall ? SizeClass.Small : SizeClass.Micro;
    }

    /// <summary>The class of the first row that applies, or null when no row does.</summary>
    public static SizeClass? Pick(params SizeClass?[] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var row in rows)
        {
            if (row is not null)
            {
                return row;
            }
        }

        return null;
    }
}
