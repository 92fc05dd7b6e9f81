using PolicyRules.Cli.Generation;
using PolicyRules.Model;
using Xunit.Abstractions;

namespace PolicyRules.Tests.Cli.Generation;

public sealed class SyntheticProfilesTests(ITestOutputHelper output)
{
    private const int Seed = 20230609;

    private const string CodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly Lazy<PolicyEngine> Engine = new(() => PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory));

    [Fact]
    public void Same_seed_gives_the_identical_sequence()
    {
        var first = SyntheticProfiles.Generate(2_000, Seed).ToList();
        var second = SyntheticProfiles.Generate(2_000, Seed).ToList();

        Assert.Equal(first, second);
    }

    [Fact]
    public void The_first_rows_do_not_depend_on_the_count()
    {
        var shorter = SyntheticProfiles.Generate(100, Seed).ToList();
        var longer = SyntheticProfiles.Generate(1_000, Seed).Take(100).ToList();

        Assert.Equal(shorter, longer);
    }

    [Fact]
    public void Different_seeds_give_different_sequences()
    {
        var a = SyntheticProfiles.Generate(200, 1).ToList();
        var b = SyntheticProfiles.Generate(200, 2).ToList();

        Assert.NotEqual(a, b);
        Assert.DoesNotContain(a.Zip(b), pair => pair.First == pair.Second);
        Assert.Empty(a.Select(p => p.Id).Intersect(b.Select(p => p.Id), StringComparer.Ordinal));
    }

    [Fact]
    public void Generation_is_lazy()
    {
        // An enormous count costs nothing until rows are pulled.
        var firstThree = SyntheticProfiles.Generate(int.MaxValue, Seed).Take(3).ToList();

        Assert.Equal(3, firstThree.Count);
        Assert.Equal(SyntheticProfiles.Generate(3, Seed), firstThree);
    }

    [Fact]
    public void Count_zero_is_empty_and_a_negative_count_is_rejected_eagerly()
    {
        Assert.Empty(SyntheticProfiles.Generate(0, Seed));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticProfiles.Generate(-1, Seed));
    }

    [Fact]
    public void Ids_are_unique_credit_codes_in_5000_rows()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var profile in SyntheticProfiles.Generate(5_000, Seed))
        {
            Assert.True(ids.Add(profile.Id), "duplicate id " + profile.Id);
            Assert.Equal(18, profile.Id.Length);
            Assert.StartsWith("91370", profile.Id, StringComparison.Ordinal);
            Assert.Equal(CheckCharacter(profile.Id), profile.Id[17]);
            Assert.EndsWith("公司", profile.Name, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(Seed)]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(-7)]
    public void All_16_industries_appear_in_1000_rows(int seed)
    {
        var seen = new HashSet<Industry>();
        foreach (var profile in SyntheticProfiles.Generate(1_000, seed))
        {
            seen.Add(profile.Industry);
        }

        Assert.Equal(16, Enum.GetValues<Industry>().Length);
        Assert.Equal(Enum.GetValues<Industry>().ToHashSet(), seen);
    }

    [Theory]
    [InlineData(Seed)]
    [InlineData(7)]
    public void Every_row_is_internally_consistent(int seed)
    {
        var asOf = TestProfiles.AsOf;
        foreach (var p in SyntheticProfiles.Generate(5_000, seed))
        {
            decimal[] money =
            [
                p.RevenueY1, p.RevenueY2, p.RevenueY3, p.TotalIncomeY1, p.HighTechIncomeY1, p.TotalAssets,
                p.CostAndExpenseY1, p.RdExpenseY1, p.RdExpenseY2, p.RdExpenseY3,
                p.DomesticRdExpenseY1, p.DomesticRdExpenseY2, p.DomesticRdExpenseY3,
            ];
            foreach (var amount in money)
            {
                Assert.InRange(amount, 0m, 1_000_000_000_000_000m);
                Assert.Equal(amount, Math.Round(amount, 2));
            }

            Assert.InRange(p.Employees, 3, 5_000);
            Assert.InRange(p.TechStaff, 0, p.Employees);
            Assert.True(p.DomesticRdExpenseY1 <= p.RdExpenseY1, p.Id);
            Assert.True(p.DomesticRdExpenseY2 <= p.RdExpenseY2, p.Id);
            Assert.True(p.DomesticRdExpenseY3 <= p.RdExpenseY3, p.Id);
            Assert.True(p.HighTechIncomeY1 <= p.TotalIncomeY1, p.Id);
            Assert.True(p.RdExpenseY1 <= 0.15m * p.RevenueY1 || p.RevenueY1 == 0m, p.Id);
            Assert.InRange(p.InnovationCapabilityScore, 40m, 95m);
            Assert.InRange(p.IpClassI, 0, 1_000);
            Assert.InRange(p.IpClassII, 0, 1_000);
            Assert.InRange(p.RegistrationDate, new DateOnly(1995, 1, 1), asOf.AddDays(-1));

            // A year before registration has no revenue (Y1 = 2024, Y2 = 2023, Y3 = 2022).
            if (p.RegistrationDate.Year > 2024)
            {
                Assert.Equal(0m, p.RevenueY1);
            }

            if (p.RegistrationDate.Year > 2023)
            {
                Assert.Equal(0m, p.RevenueY2);
                Assert.Equal(0m, p.RdExpenseY2);
            }

            if (p.RegistrationDate.Year > 2022)
            {
                Assert.Equal(0m, p.RevenueY3);
                Assert.Equal(0m, p.RdExpenseY3);
            }
        }
    }

    [Fact]
    public void The_population_has_boundary_and_young_cases()
    {
        var rows = SyntheticProfiles.Generate(1_000, Seed).ToList();
        var asOf = TestProfiles.AsOf;

        Assert.Contains(rows, p => p.InnovationCapabilityScore == 70m);
        Assert.Contains(rows, p => p.InnovationCapabilityScore == 71m);
        Assert.Contains(rows, p => p.RegistrationDate > asOf.AddYears(-1));
        Assert.Contains(rows, p => p.RegistrationDate.Year < 2000);
        Assert.Contains(rows, p => p.DomesticRdExpenseY1 < 0.6m * p.RdExpenseY1);
        Assert.Contains(rows, p => p.MajorIncidentLastYear);
        Assert.Contains(rows, p => p.AbnormalOperationListed);
        Assert.Contains(rows, p => !p.ResidentInMainland);
        Assert.Contains(rows, p => p.HighTechCertValid);
    }

    [Fact]
    public void The_real_rules_find_a_meaningful_mix_of_outcomes()
    {
        var engine = Engine.Value;
        var asOf = TestProfiles.AsOf;
        int highTech = 0, highTechNearMiss = 0, techSme = 0, rows = 0;
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var profile in SyntheticProfiles.Generate(1_000, Seed))
        {
            rows++;
            var hte = engine.Evaluate("HighTechEnterprise", profile, asOf);
            if (hte.Eligible)
            {
                highTech++;
            }
            else if (hte.FailedCriteria.Length == 1)
            {
                highTechNearMiss++;
            }

            if (engine.Evaluate("TechBasedSme", profile, asOf).Eligible)
            {
                techSme++;
            }

            var size = engine.Evaluate("SmeSize", profile, asOf).Classification ?? "(none)";
            sizes[size] = sizes.GetValueOrDefault(size) + 1;
        }

        output.WriteLine($"HighTechEnterprise eligible {highTech}, near miss (one failed criterion) {highTechNearMiss}");
        output.WriteLine($"TechBasedSme eligible {techSme}");
        output.WriteLine("SmeSize " + string.Join(", ", sizes.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value}")));

        Assert.Equal(1_000, rows);
        Assert.InRange(highTech, 50, rows - 50);
        Assert.InRange(techSme, 50, rows - 50);
        Assert.True(highTechNearMiss >= 20, $"only {highTechNearMiss} high-tech near misses");
        Assert.Equal(["Large", "Medium", "Micro", "Small"], sizes.Keys.Order(StringComparer.Ordinal).ToArray());
    }

    /// <summary>The GB 32100-2015 check character of the first 17 characters.</summary>
    private static char CheckCharacter(string code)
    {
        var sum = 0;
        var weight = 1;
        for (var i = 0; i < 17; i++)
        {
            var value = CodeChars.IndexOf(code[i], StringComparison.Ordinal);
            Assert.True(value >= 0, $"'{code[i]}' is not a credit-code character in {code}");
            sum += value * weight;
            weight = weight * 3 % 31;
        }

        return CodeChars[(31 - sum % 31) % 31];
    }
}
