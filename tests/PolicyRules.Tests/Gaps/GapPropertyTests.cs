using System.Globalization;
using CsCheck;
using PolicyRules.Compilation;
using PolicyRules.Evaluation;
using PolicyRules.Gaps;
using PolicyRules.Model;

namespace PolicyRules.Tests.Gaps;

/// <summary>
/// Boundary exactness for random profiles, checked from outside the analyser: every reported change,
/// applied to a copy of the profile, meets its criterion; one step less (1 for counts and scores,
/// 0.01 otherwise) does not; the criteria it would break are exactly those it names; and the
/// alternatives come rises first, then cuts, each by non-decreasing relative change.
/// </summary>
public sealed class GapPropertyTests
{
    private static readonly PolicyEngine Engine = HighTechEnterpriseGapTests.Engine;

    private static readonly Gen<decimal> Yuan = Gen.Long[0, 8_000_000_00].Select(fen => fen / 100m);

    /// <summary>High-tech near misses: the baseline with staff, R&amp;D, revenue, income and score moved around their thresholds.</summary>
    private static readonly Gen<EnterpriseProfile> NearMiss =
        from staff in Gen.Select(Gen.Int[1, 400], Gen.Int[0, 40])
        from score in Gen.Int[50, 100]
        from rd in Gen.Select(Yuan, Yuan, Yuan)
        from domestic in Gen.Int[30, 100]
        from revenueY1 in Gen.OneOf(
            Gen.OneOf(50_000_000m, 50_000_000.01m, 200_000_000m, 200_000_000.01m),
            Gen.Long[0, 300_000_000_00].Select(fen => fen / 100m))
        from income in Gen.Select(Gen.Long[1, 60_000_000_00], Gen.Int[40, 80])
        select TestProfiles.Baseline() with
        {
            Employees = staff.Item1,
            TechStaff = staff.Item1 * staff.Item2 / 200,
            InnovationCapabilityScore = score,
            RevenueY1 = revenueY1,
            RdExpenseY1 = rd.Item1,
            RdExpenseY2 = rd.Item2,
            RdExpenseY3 = rd.Item3,
            DomesticRdExpenseY1 = Math.Round(rd.Item1 * domestic / 100m, 2),
            DomesticRdExpenseY2 = Math.Round(rd.Item2 * domestic / 100m, 2),
            DomesticRdExpenseY3 = Math.Round(rd.Item3 * domestic / 100m, 2),
            TotalIncomeY1 = income.Item1 / 100m,
            HighTechIncomeY1 = Math.Round(income.Item1 / 100m * income.Item2 / 100m, 2),
        };

    public static TheoryData<string> Programmes => ["HighTechEnterprise", "TechBasedSme", "SmeSize"];

    [Theory]
    [MemberData(nameof(Programmes))]
    public void Every_reported_change_is_exactly_enough_for_high_tech_near_misses(string programme) =>
        NearMiss.Sample(profile => Check(Engine.GetProgramme(programme, TestProfiles.AsOf), profile, TestProfiles.AsOf), iter: 150);

    [Theory]
    [MemberData(nameof(Programmes))]
    public void Every_reported_change_is_exactly_enough_for_threshold_crowding_profiles(string programme) =>
        ProfileGen.Profile.Sample(profile => Check(Engine.GetProgramme(programme, ProfileGen.AsOf), profile, ProfileGen.AsOf), iter: 150);

    private static void Check(CompiledProgramme programme, EnterpriseProfile profile, DateOnly asOf)
    {
        var before = programme.Evaluate(profile, asOf);
        var gaps = GapAnalyser.Analyse(programme, profile, asOf);
        Assert.Equal<string>(before.FailedCriteria, gaps.Select(g => g.Criterion));
        foreach (var gap in gaps)
        {
            var index = programme.TopLevelRuleNames.IndexOf(gap.Criterion);
            Assert.Equal(gap.Closable, !gap.Levers.IsEmpty);
            // Rises before cuts, then non-decreasing relative change within each direction (a change from zero last in it).
            Assert.All(gap.Levers, l => Assert.Equal(BuildsUp(l), l.Rises));
            Assert.Equal(
                gap.Levers.OrderBy(l => BuildsUp(l) ? 0 : 1).ThenBy(l => l.RelativeChange ?? decimal.MaxValue).Select(l => (BuildsUp(l), l.RelativeChange)),
                gap.Levers.Select(l => (BuildsUp(l), l.RelativeChange)));
            foreach (var lever in gap.Levers)
            {
                var why = $"{gap.Criterion} via {lever.Field} {lever.Current} → {lever.Needed} for {Describe(profile)}";
                Assert.True(lever.Change != 0 && lever.Change == lever.Needed - lever.Current, why);

                var after = programme.Evaluate(Apply(profile, lever, lever.Needed), asOf);
                Assert.True(after.Criteria[index].Passed, "passes: " + why);
                Assert.Equal<string>(
                    before.Criteria.Zip(after.Criteria).Where(p => p.First.Passed && !p.Second.Passed).Select(p => p.First.Name),
                    lever.NewlyFailed);

                var step = lever.Kind is FieldKind.Count or FieldKind.Score ? 1m : 0.01m;
                var less = lever.Needed - (Math.Sign(lever.Change) * step);
                if (Math.Sign(less - lever.Current) == Math.Sign(lever.Change))
                {
                    Assert.False(programme.Evaluate(Apply(profile, lever, less), asOf).Criteria[index].Passed, "one step less fails: " + why);
                }
            }
        }
    }

    /// <summary>A rise of the number, or for a rank a better position (a smaller rank, or ranked after unranked).</summary>
    private static bool BuildsUp(GapLever lever) => lever.Unit == GapUnit.Rank
        ? lever.Needed >= 1 && (lever.Current == 0 || lever.Needed < lever.Current)
        : lever.Needed > lever.Current;

    /// <summary>
    /// Sets the lever's number to <paramref name="value"/> on a copy: one field, or a sum changed in its
    /// latest year first (a fall larger than a year's value continues into the year before).
    /// </summary>
    private static EnterpriseProfile Apply(EnterpriseProfile profile, GapLever lever, decimal value)
    {
        var copy = profile with { };
        var fields = lever.Fields.Select(name => typeof(EnterpriseProfile).GetProperty(char.ToUpperInvariant(name[0]) + name[1..])!).ToList();
        var remaining = value - lever.Current;
        foreach (var field in fields)
        {
            var current = Convert.ToDecimal(field.GetValue(profile), CultureInfo.InvariantCulture);
            var next = remaining > 0 ? current + remaining : Math.Max(0, current + remaining);
            remaining -= next - current;
            field.SetValue(copy, field.PropertyType == typeof(int) ? (object)decimal.ToInt32(next) : next);
        }

        Assert.Equal(0m, remaining);
        return copy;
    }

    private static string Describe(EnterpriseProfile p) =>
        $"staff {p.TechStaff}/{p.Employees}, revenue {p.RevenueY1}/{p.RevenueY2}/{p.RevenueY3}, R&D {p.RdExpenseY1}/{p.RdExpenseY2}/{p.RdExpenseY3}, "
        + $"domestic {p.DomesticRdExpenseY1}/{p.DomesticRdExpenseY2}/{p.DomesticRdExpenseY3}, income {p.HighTechIncomeY1}/{p.TotalIncomeY1}, "
        + $"costs {p.CostAndExpenseY1}, assets {p.TotalAssets}, IP {p.IpClassI}/{p.IpClassII}, score {p.InnovationCapabilityScore}, {p.Industry}";
}
