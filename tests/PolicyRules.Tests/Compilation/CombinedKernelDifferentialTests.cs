using System.Linq.Expressions;
using System.Reflection;
using CsCheck;
using PolicyRules.Bulk;
using PolicyRules.Compilation;
using PolicyRules.Model;
using PolicyRules.Screening;

namespace PolicyRules.Tests.Compilation;

/// <summary>
/// The combined kernel of a screening run (one kernel for all its programmes, values of the record
/// computed once, used programmes' results read from their sections) writes every outcome exactly as
/// the programmes' separate kernels do — eligibility, every criterion's outcome (nested ones too),
/// score, class, every declared output — or fails the same records in the same programme with the
/// same error, on every date a bundled version starts (so every version, and the stand-in where none
/// is in force), for random profiles, profiles at the thresholds, and damaged ones: fields unset,
/// undefined enum values, money past the readers' contract and decimal's range, dates at the ends.
/// </summary>
public sealed class CombinedKernelDifferentialTests
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);

    private static readonly string[] EnterpriseProgrammes =
        [.. Engine.Programmes.Where(n => Engine.GetVersions(n).Any(v => v.Input == RecordSchema.Enterprise.Name))];

    /// <summary>The evaluation dates: the usual one and every first day of an enterprise version (and the day before).</summary>
    private static readonly DateOnly[] Dates =
    [
        .. new[] { ProfileGen.AsOf }
            .Concat(EnterpriseProgrammes.SelectMany(n => Engine.GetVersions(n)).SelectMany(v => new[] { v.Definition.EffectiveFrom, v.Definition.EffectiveFrom.AddDays(-1) }))
            .Distinct().Order(),
    ];

    private static readonly PropertyInfo[] Fields = [.. typeof(EnterpriseProfile).GetProperties().Where(p => p.CanWrite && p.Name != nameof(EnterpriseProfile.Id))];

    /// <summary>A value no reader would give, or one a record built in code may hold, for a field of this type.</summary>
    private static Gen<object?> Damage(Type type) =>
        type == typeof(decimal) ? Gen.OneOf(new object?[] { 0m, -0.01m, 0.001m, -1m, ProfileSchema.MaxMoney + 0.01m, 100_000_000_000_000_000_000m, decimal.MaxValue, decimal.MinValue, decimal.MaxValue / 3 }.Select(Gen.Const).ToArray())
        : type == typeof(int) ? Gen.OneOf(new object?[] { 0, -1, int.MaxValue, int.MinValue }.Select(Gen.Const).ToArray())
        : type == typeof(DateOnly) ? Gen.OneOf(new object?[] { DateOnly.MinValue, DateOnly.MaxValue, ProfileGen.AsOf, ProfileGen.AsOf.AddDays(1) }.Select(Gen.Const).ToArray())
        : type == typeof(string) ? Gen.Bool.Select(b => b ? null : (object?)"")
        : type == typeof(bool) ? Gen.Bool.Select(b => (object?)b)
        : type.IsEnum ? Gen.OneOf(Gen.Const(Enum.ToObject(type, 0)), Gen.Const(Enum.ToObject(type, 999)), Gen.Const(Enum.ToObject(type, -1))).Select(v => (object?)v)
        : Gen.Const(Activator.CreateInstance(type));

    private static readonly Gen<Func<EnterpriseProfile, EnterpriseProfile>> Damaged =
        from picks in Gen.Int[0, Fields.Length - 1].SelectMany(i => Damage(Fields[i].PropertyType).Select(v => (Field: Fields[i], Value: v))).Array[1, 4]
        select (Func<EnterpriseProfile, EnterpriseProfile>)(p =>
        {
            var clone = p with { };
            foreach (var (field, value) in picks)
            {
                field.SetValue(clone, value);
            }

            return clone;
        });

    private static readonly Gen<EnterpriseProfile> Profiles =
        from p in ProfileGen.Profile
        from change in Gen.Frequency((3, Gen.Const<Func<EnterpriseProfile, EnterpriseProfile>>(x => x)), (2, Damaged))
        select change(p);

    [Fact]
    public void Combined_and_separate_kernels_write_the_same_outcomes_or_fail_alike()
    {
        var screeners = Dates.Select(asOf =>
        {
            var programmes = EnterpriseProgrammes.Select(n => Engine.GetProgramme(n, asOf)).ToList();
            var combined = ProgrammeScreener.Create(programmes, asOf, combine: true);
            var separate = ProgrammeScreener.Create(programmes, asOf, combine: false);
            return (combined, separate);
        }).ToList();
        Profiles.Sample(profile =>
        {
            foreach (var (combined, separate) in screeners)
            {
                Assert.Equal(Outcome(separate, profile), Outcome(combined, profile));
                Assert.True(combined.Combined);
                Assert.False(separate.Combined);
            }
        }, iter: 1_500, threads: 1);
    }

    [Fact]
    public void Values_several_programmes_read_are_computed_once_per_record()
    {
        // What the differential tests prove equal is really shared: at least ten values several
        // programmes read are computed once in the combined kernel.
        var programmes = EnterpriseProgrammes.Select(n => Engine.GetProgramme(n, ProfileGen.AsOf)).ToList();
        var screener = ProgrammeScreener.Create(programmes, ProfileGen.AsOf, combine: true);
        var executed = (CompiledProgramme[])typeof(ProgrammeScreener).GetField("_executed", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(screener)!;
        var tree = CombinedKernel.Tree(executed, ProfileGen.AsOf, out var shared);
        Assert.NotNull(tree);
        Assert.True(shared >= 10, $"only {shared} values shared");
        var separately = executed.Sum(p => p.FastKernel.Tree is { } t ? RdSums.In(t) : 0);
        Assert.True(separately >= 2, $"the separate kernels add the R&D years {separately} times");
        // With the scaled-integer path, the decimal sum is left only in each programme's fallback for a
        // record outside the money contract (not evaluated for every record, so not hoisted): the combined
        // kernel never adds it more often than the separate ones do.
        Assert.InRange(RdSums.In(tree), 1, separately);
    }

    [Fact]
    public void One_programme_keeps_its_own_kernel()
    {
        var one = ProgrammeScreener.Create([Engine.GetProgramme("HighTechEnterprise", ProfileGen.AsOf)], ProfileGen.AsOf);
        one.Screen(TestProfiles.Baseline());
        Assert.False(one.Combined);
    }

    /// <summary>Everything the screener leaves for one record, or how it failed.</summary>
    private static string Outcome(ProgrammeScreener screener, EnterpriseProfile profile)
    {
        try
        {
            screener.Screen(profile);
        }
        catch (RuleEvaluationException ex)
        {
            return $"failed in {ex.Programme} for {ex.ProfileId}: {ex.InnerException?.GetType().Name} {ex.InnerException?.Message}";
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            return $"failed: {ex.GetType().Name} {ex.Message}";
        }

        var text = new System.Text.StringBuilder();
        for (var i = 0; i < screener.Programmes.Length; i++)
        {
            var buffer = screener.Buffer(i);
            text.Append(screener.Programmes[i]).Append(" eligible=").Append(screener.Eligible(i))
                .Append(" outcomes=").Append(string.Concat(buffer.State.Outcomes.Select(o => o ? '1' : '0')))
                .Append(" score=").Append(buffer.Score).Append(" class=").Append(buffer.Classification)
                .Append(" outputs=").AppendJoin(",", buffer.State.Outputs.Select(o => o?.ToString() ?? "-")).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Counts the additions RdExpenseY1 + RdExpenseY2 in a tree.</summary>
    private sealed class RdSums : ExpressionVisitor
    {
        private int _count;

        public static int In(Expression tree)
        {
            var sums = new RdSums();
            sums.Visit(tree);
            return sums._count;
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.NodeType == ExpressionType.Add && node.Left is MemberExpression { Member.Name: "RdExpenseY1" } && node.Right is MemberExpression { Member.Name: "RdExpenseY2" })
            {
                _count++;
            }

            return base.VisitBinary(node);
        }
    }
}
