using PolicyRules.Evaluation;
using PolicyRules.Model;
using static PolicyRules.Tests.Programmes.Boundary;

namespace PolicyRules.Tests.Programmes;

/// <summary>
/// Boundaries of SME size classification for every industry (programmes.md §1; 工信部联企业〔2011〕300号).
/// The table below is transcribed from the spec, not from the rule file. An enterprise is an SME when
/// it is strictly below the ceiling on either indicator (以下 excludes); among SMEs it is Medium when it
/// meets both medium lower bounds (inclusive), else Small when it meets both small lower bounds, else Micro.
/// </summary>
/// <remarks>
/// "One unit" is one employee, or 0.01 元 on an amount in 万元. Indicators an industry does not use are
/// set to 0 in every case, which also shows that they are ignored.
/// </remarks>
public sealed class SmeSizeBoundaryTests
{
    private const string Programme = "SmeSize";

    public enum Indicator
    {
        Employees,
        Revenue,
        Assets,
    }

    /// <summary>One row of the spec table: an indicator and its ceiling, medium bound and small bound.</summary>
    private sealed record Bound(Indicator Indicator, decimal Ceiling, decimal Medium, decimal Small);

    private sealed record Row(Industry Industry, Bound First, Bound? Second);

    private static Row R(Industry industry, Bound first, Bound? second = null) => new(industry, first, second);

    private static Bound Emp(decimal ceiling, decimal medium, decimal small) => new(Indicator.Employees, ceiling, medium, small);

    private static Bound Rev(decimal ceiling, decimal medium, decimal small) => new(Indicator.Revenue, ceiling, medium, small);

    private static Bound Ast(decimal ceiling, decimal medium, decimal small) => new(Indicator.Assets, ceiling, medium, small);

    // programmes.md §1, in the table's order. Money in 万元.
    private static readonly Row[] Table =
    [
        R(Industry.Agriculture, Rev(20000, 500, 50)),
        R(Industry.Industry, Emp(1000, 300, 20), Rev(40000, 2000, 300)),
        R(Industry.Construction, Rev(80000, 6000, 300), Ast(80000, 5000, 300)),
        R(Industry.Wholesale, Emp(200, 20, 5), Rev(40000, 5000, 1000)),
        R(Industry.Retail, Emp(300, 50, 10), Rev(20000, 500, 100)),
        R(Industry.Transport, Emp(1000, 300, 20), Rev(30000, 3000, 200)),
        R(Industry.Warehousing, Emp(200, 100, 20), Rev(30000, 1000, 100)),
        R(Industry.Postal, Emp(1000, 300, 20), Rev(30000, 2000, 100)),
        R(Industry.Accommodation, Emp(300, 100, 10), Rev(10000, 2000, 100)),
        R(Industry.Catering, Emp(300, 100, 10), Rev(10000, 2000, 100)),
        R(Industry.InformationTransmission, Emp(2000, 100, 10), Rev(100000, 1000, 100)),
        R(Industry.SoftwareAndIT, Emp(300, 100, 10), Rev(10000, 1000, 50)),
        R(Industry.RealEstateDevelopment, Rev(200000, 1000, 100), Ast(10000, 5000, 2000)),
        R(Industry.PropertyManagement, Emp(1000, 300, 100), Rev(5000, 1000, 500)),
        R(Industry.LeasingAndBusinessServices, Emp(300, 100, 10), Ast(120000, 8000, 100)),
        R(Industry.Other, Emp(300, 100, 10)),
    ];

    private static decimal Unit(Indicator indicator) => indicator == Indicator.Employees ? 1m : 0.01m / 10_000m;

    /// <summary>A case: the first indicator at <paramref name="first"/> shifted by <paramref name="firstUnits"/> units, likewise the second.</summary>
    private static object[] Case(string label, Row row, Func<Bound, decimal> at, int firstUnits, int secondUnits, string expected)
    {
        var values = new Dictionary<Indicator, decimal> { [Indicator.Employees] = 0m, [Indicator.Revenue] = 0m, [Indicator.Assets] = 0m };
        values[row.First.Indicator] = at(row.First) + (firstUnits * Unit(row.First.Indicator));
        if (row.Second is { } second)
        {
            values[second.Indicator] = at(second) + (secondUnits * Unit(second.Indicator));
        }

        return
        [
            $"{row.Industry}: {label}",
            row.Industry,
            (int)values[Indicator.Employees],
            (values[Indicator.Revenue] * 10_000m).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
            (values[Indicator.Assets] * 10_000m).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
            expected,
        ];
    }

    private static IEnumerable<object[]> Cases(Func<Row, IEnumerable<object[]>> perRow) => Table.SelectMany(perRow);

    public static IEnumerable<object[]> AtOrAboveCeiling => Cases(row =>
    [
        Case("at ceiling", row, b => b.Ceiling, 0, 0, "Large"),
        Case("ceiling+1", row, b => b.Ceiling, 1, 1, "Large"),
    ]);

    public static IEnumerable<object[]> JustBelowCeiling => Cases(row => row.Second is null
        ? [Case("ceiling-1", row, b => b.Ceiling, -1, 0, "Medium")]
        :
        [
            Case($"{row.First.Indicator} ceiling-1", row, b => b.Ceiling, -1, 0, "Medium"),
            Case($"{row.Second.Indicator} ceiling-1", row, b => b.Ceiling, 0, -1, "Medium"),
        ]);

    public static IEnumerable<object[]> AtOrAboveMediumBounds => Cases(row =>
    [
        Case("at medium bounds", row, b => b.Medium, 0, 0, "Medium"),
        Case("medium bounds+1", row, b => b.Medium, 1, 1, "Medium"),
    ]);

    public static IEnumerable<object[]> JustBelowMediumBounds => Cases(row => row.Second is null
        ? [Case("medium-1", row, b => b.Medium, -1, 0, "Small")]
        :
        [
            Case($"{row.First.Indicator} medium-1", row, b => b.Medium, -1, 0, "Small"),
            Case($"{row.Second.Indicator} medium-1", row, b => b.Medium, 0, -1, "Small"),
        ]);

    public static IEnumerable<object[]> AtOrAboveSmallBounds => Cases(row =>
    [
        Case("at small bounds", row, b => b.Small, 0, 0, "Small"),
        Case("small bounds+1", row, b => b.Small, 1, 1, "Small"),
    ]);

    public static IEnumerable<object[]> JustBelowSmallBounds => Cases(row => row.Second is null
        ? [Case("small-1", row, b => b.Small, -1, 0, "Micro")]
        :
        [
            Case($"{row.First.Indicator} small-1", row, b => b.Small, -1, 0, "Micro"),
            Case($"{row.Second.Indicator} small-1", row, b => b.Small, 0, -1, "Micro"),
        ]);

    [Fact]
    public void The_table_covers_every_industry_once()
    {
        Assert.Equal(Enum.GetValues<Industry>().Order(), Table.Select(r => r.Industry).Order());
    }

    [Theory]
    [MemberData(nameof(AtOrAboveCeiling))]
    public void At_or_above_the_sme_ceiling_on_every_indicator_is_Large(string @case, Industry industry, int employees, string revenueY1, string totalAssets, string expected) =>
        AssertClass(@case, industry, employees, revenueY1, totalAssets, expected);

    [Theory]
    [MemberData(nameof(JustBelowCeiling))]
    public void One_unit_below_the_sme_ceiling_on_either_indicator_is_an_sme(string @case, Industry industry, int employees, string revenueY1, string totalAssets, string expected) =>
        AssertClass(@case, industry, employees, revenueY1, totalAssets, expected);

    [Theory]
    [MemberData(nameof(AtOrAboveMediumBounds))]
    public void At_or_above_both_medium_lower_bounds_is_Medium(string @case, Industry industry, int employees, string revenueY1, string totalAssets, string expected) =>
        AssertClass(@case, industry, employees, revenueY1, totalAssets, expected);

    [Theory]
    [MemberData(nameof(JustBelowMediumBounds))]
    public void One_unit_below_either_medium_lower_bound_is_Small(string @case, Industry industry, int employees, string revenueY1, string totalAssets, string expected) =>
        AssertClass(@case, industry, employees, revenueY1, totalAssets, expected);

    [Theory]
    [MemberData(nameof(AtOrAboveSmallBounds))]
    public void At_or_above_both_small_lower_bounds_is_Small(string @case, Industry industry, int employees, string revenueY1, string totalAssets, string expected) =>
        AssertClass(@case, industry, employees, revenueY1, totalAssets, expected);

    [Theory]
    [MemberData(nameof(JustBelowSmallBounds))]
    public void One_unit_below_either_small_lower_bound_is_Micro(string @case, Industry industry, int employees, string revenueY1, string totalAssets, string expected) =>
        AssertClass(@case, industry, employees, revenueY1, totalAssets, expected);

    private static void AssertClass(string @case, Industry industry, int employees, string revenueY1, string totalAssets, string expected)
    {
        var profile = TestProfiles.Baseline() with
        {
            Industry = industry,
            Employees = employees,
            TechStaff = 0,
            RevenueY1 = D(revenueY1),
            TotalAssets = D(totalAssets),
        };

        ProgrammeResult result = Engine.Evaluate(Programme, profile, TestProfiles.AsOf);

        Assert.True(expected == result.Classification, $"{@case}: expected {expected}, got {result.Classification ?? "null"}");
        Assert.Equal(expected != "Large", result.Eligible);
        Assert.Equal(expected != "Large", Criterion(result, "IsSme").Passed);
    }
}
