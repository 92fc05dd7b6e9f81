using System.Security.Cryptography;
using System.Text;
using PolicyRules.Cli;
using PolicyRules.Cli.Generation;
using PolicyRules.Expressions;
using PolicyRules.Input;
using PolicyRules.Model;
using Xunit.Abstractions;

namespace PolicyRules.Tests.Cli.Generation;

/// <summary>
/// The generator's fields for the programmes of programmes.md §4–§14 (everything after
/// <c>ledStandardWithin5y</c>): invariants between fields, realistic distributions, a population
/// that gives each new programme eligible enterprises and near misses, and the promise that adding
/// them left the first 33 columns of every seed unchanged.
/// </summary>
public sealed class SyntheticProgrammeFieldsTests(ITestOutputHelper output)
{
    private const int Seed = GenerateCommand.DefaultSeed;

    private static readonly DateOnly AsOf = TestProfiles.AsOf;

    private static readonly Lazy<PolicyEngine> Engine = new(() => PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory));

    private static readonly Lazy<List<EnterpriseProfile>> Sample = new(() => [.. SyntheticProfiles.Generate(1_000, Seed)]);

    /// <summary>How many columns the contract had before the fields of §4–§14 were added.</summary>
    private static int OriginalColumns =>
        ProfileSchema.TryGetField("ledStandardWithin5y", out var last) ? last.Index + 1 : throw new InvalidOperationException("no ledStandardWithin5y");

    // ---- Stability: the existing columns are what the generator produced before these fields. ----

    [Fact]
    public void The_first_33_columns_of_the_sample_seed_are_unchanged()
    {
        // SHA-256 of "the first 33 cells of each of the 1,000 rows, comma-joined, one line each",
        // taken from the generator before the fields of §4–§14 existed.
        const string Pinned = "060994c4d95b529a15c46fbdadffebd709a172ae35691c74f1d10990152e932a";

        var text = new StringBuilder();
        foreach (var profile in Sample.Value)
        {
            text.Append(OriginalCells(profile)).Append('\n');
        }

        Assert.Equal(33, OriginalColumns);
        Assert.Equal(Pinned, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))));
    }

    [Fact]
    public void The_first_and_last_sample_rows_keep_their_original_values()
    {
        Assert.Equal(
            "9137021114FACA6G5E,青岛恒信检测技术有限公司,true,2012-05-27,Other,7,4,1956585.03,2371216.26,2243263.34,2064944.95,1764221.24,2984434.26,2019088.28,78352.01,94771.86,90924.59,78352.01,94771.86,90924.59,9,27,true,true,71,false,false,false,false,false,false,true,false",
            OriginalCells(Sample.Value[0]));
        Assert.Equal(
            "91370211E171AYRUWJ,青岛灵山湾博润物业服务有限公司,true,2009-05-18,PropertyManagement,49,28,16356601.99,15965505.46,16036991.61,16402095.07,14234422.44,7253085.02,14357593.65,899197.02,825194.95,842975.47,899197.02,825194.95,842975.47,0,3,true,true,86,false,false,false,false,true,false,false,false",
            OriginalCells(Sample.Value[999]));
    }

    [Fact]
    public void The_same_seed_writes_the_same_csv_byte_for_byte()
    {
        Assert.Equal(Csv(SyntheticProfiles.Generate(1_500, 7)), Csv(SyntheticProfiles.Generate(1_500, 7)));
        Assert.NotEqual(Csv(SyntheticProfiles.Generate(50, 7)), Csv(SyntheticProfiles.Generate(50, 8)));
    }

    [Fact]
    public void The_new_fields_of_a_row_do_not_depend_on_the_count()
    {
        var shorter = SyntheticProfiles.Generate(10, Seed).ToList();
        var longer = SyntheticProfiles.Generate(1_000, Seed).Take(10).ToList();

        Assert.Equal(shorter, longer);
    }

    [Fact]
    public void The_bundled_sample_is_what_generate_writes_for_the_default_seed()
    {
        // samples/enterprises.csv is `policyrules generate --count 1000 --output samples/enterprises.csv`.
        var path = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "enterprises.csv");
        var expected = Csv(Sample.Value).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'));

        Assert.Equal(expected, File.ReadLines(path));
    }

    // ---- Every value passes the contract's own reader. ----

    [Theory]
    [InlineData(Seed, 1_000)]
    [InlineData(7, 5_000)]
    [InlineData(-7, 2_000)]
    public void Every_row_reads_back_through_the_contract_reader_with_all_fields_required(int seed, int count)
    {
        var profiles = SyntheticProfiles.Generate(count, seed).ToList();

        using var reader = ProfileCsvReader.Open(new StringReader(Csv(profiles)), "generated.csv", ProfileSchema.All);
        var records = reader.ReadAll().ToList();

        Assert.Empty(reader.IgnoredColumns);
        Assert.Equal(count, records.Count);
        Assert.All(records, r => Assert.Empty(r.Errors));
        Assert.Equal(profiles, records.Select(r => r.Profile!));
    }

    // ---- Invariants between fields. ----

    [Theory]
    [InlineData(Seed)]
    [InlineData(7)]
    [InlineData(-7)]
    public void The_new_fields_are_consistent_with_each_other_and_with_the_existing_ones(int seed)
    {
        foreach (var p in SyntheticProfiles.Generate(5_000, seed))
        {
            var age = Dates.FullYearsBetween(p.RegistrationDate, AsOf);

            Assert.InRange(p.HighValueIpClassI, 0, p.SelfDevelopedIpClassI);
            Assert.InRange(p.SelfDevelopedIpClassI, 0, p.IpClassI);
            Assert.InRange(p.InventionPatents, 0, p.IpClassI);
            Assert.InRange(p.UtilityModelsAndSoftwareCopyrights, 0, p.IpClassII + 5);
            Assert.InRange(p.RdStaff, 0, p.TechStaff);
            Assert.InRange(p.NicheMarketYears, 0, age);
            Assert.InRange(p.ChampionProductYears, 0, p.NicheMarketYears);

            // Main business is part of operating revenue, year by year (0 in a year not operated).
            Assert.InRange(p.MainBusinessRevenueY1, 0m, p.RevenueY1);
            Assert.InRange(p.MainBusinessRevenueY2, 0m, p.RevenueY2);
            Assert.InRange(p.MainBusinessRevenueY3, 0m, p.RevenueY3);
            Assert.InRange(p.ChampionProductRevenueY1, 0m, p.MainBusinessRevenueY1);

            // Net profit Y1 is income less costs, less tax on a profit; Y2 and Y3 are margins of revenue.
            var pretax = p.TotalIncomeY1 - p.CostAndExpenseY1;
            Assert.Equal(Math.Sign(pretax), Math.Sign(p.NetProfitY1));
            Assert.True(Math.Abs(p.NetProfitY1) <= Math.Abs(pretax), p.Id);
            Assert.True(p.RevenueY2 != 0m || p.NetProfitY2 == 0m, p.Id);
            Assert.True(p.RevenueY3 != 0m || p.NetProfitY3 == 0m, p.Id);
            Assert.True(Math.Abs(p.NetProfitY2) <= p.RevenueY2, p.Id);
            Assert.True(Math.Abs(p.NetProfitY3) <= p.RevenueY3, p.Id);

            decimal[] money =
            [
                p.MainBusinessRevenueY1, p.MainBusinessRevenueY2, p.MainBusinessRevenueY3, p.TotalLiabilities,
                p.EquityFinancing2y, p.EquityFinancing3y, p.ChampionProductRevenueY1,
            ];
            foreach (var amount in money)
            {
                Assert.InRange(amount, 0m, ProfileSchema.MaxMoney);
                Assert.Equal(amount, Math.Round(amount, 2));
            }

            decimal[] profits = [p.NetProfitY1, p.NetProfitY2, p.NetProfitY3];
            foreach (var profit in profits)
            {
                Assert.InRange(profit, -ProfileSchema.MaxMoney, ProfileSchema.MaxMoney);
                Assert.Equal(profit, Math.Round(profit, 2));
            }

            decimal[] scores = [p.SpecializedSmeScore, p.QualitySmePlatformScore, p.LittleGiantScore, p.CreditScore];
            foreach (var score in scores)
            {
                Assert.InRange(score, 0m, 100m);
            }

            Assert.InRange(p.NicheMarketSharePercent, 0m, 100m);
            Assert.InRange(p.ValuationRoundSharePercent, 0m, 100m);

            // Financing: the 3-year window holds the 2-year one; rounds imply private financing and a valuation.
            Assert.True(p.EquityFinancing2y <= p.EquityFinancing3y, p.Id);
            Assert.True(p.EquityFinancing3y == 0m || p.PrivatelyFinanced, p.Id);
            Assert.Equal(p.PrivatelyFinanced, p.LatestValuationUsd > 0m);
            Assert.Equal(p.PrivatelyFinanced, p.ValuationRoundSharePercent > 0m);

            // Market positions: a rank comes with a share; only manufacturers rank globally.
            Assert.Equal(p.NicheMarketSharePercent > 0m, p.DomesticMarketRank > 0);
            Assert.True(p.GlobalMarketRank == 0 || (p.Industry == Industry.Industry && p.DomesticMarketRank is >= 1 and <= 3), p.Id);
            Assert.True(p.DomesticMarketRank > 0 || (p.ChampionProductYears == 0 && !p.ChampionProductNew && p.ChampionProductRevenueY1 == 0m), p.Id);

            // Awards and titles nest as the documents define them.
            Assert.True(!p.NationalSciAwardTop3Within3y || p.NationalSciAwardTop3Within5y, p.Id);
            Assert.True(!p.NationalSciAwardTop3Within3y || p.NationalSciAwardTop5Within3y, p.Id);
            Assert.True(!(p.ProvincialSciAwardTop3Within3y || p.NationalSciAwardTop5Within3y) || p.SciAwardWithin3y, p.Id);
            Assert.True(!p.MakerChinaTop50Within3y || p.MakerChinaTop500Within3y, p.Id);
            Assert.True(!p.ProvincialRdInstitution || p.RdInstitution, p.Id);

            // Only a company limited by shares can be listed; green factories are factories.
            Assert.True(!p.Listed || p.Name.EndsWith("股份有限公司", StringComparison.Ordinal), p.Id);
            Assert.True(p.GreenFactoryLevel == GreenFactoryLevel.None || p.Industry == Industry.Industry, p.Id);
        }
    }

    // ---- Distributions. ----

    [Fact]
    public void The_sample_has_realistic_distributions()
    {
        var rows = Sample.Value;
        var operating = rows.Where(p => p.RevenueY1 > 0m).ToList();
        var mainShares = operating.Select(p => p.MainBusinessRevenueY1 / p.RevenueY1).Order().ToList();
        var debtRatios = rows.Select(p => p.TotalLiabilities / p.TotalAssets).ToList();

        // Main business: typically 70–100% of revenue, the median above 85%, some firms below 70%.
        Assert.True(mainShares[mainShares.Count / 2] >= 0.85m, $"median main-business share {mainShares[mainShares.Count / 2]}");
        Assert.InRange(mainShares.Count(s => s < 0.7m), operating.Count / 20, operating.Count / 4);
        Assert.Contains(mainShares, s => s == 1m);

        // Debt ratios: most 20–80%, a few above 100%.
        Assert.True(debtRatios.Count(d => d is >= 0.2m and <= 0.8m) >= 800, "debt ratios outside 20–80% too often");
        Assert.Contains(debtRatios, d => d > 1m);

        // Net profit: mostly positive, but losses exist in every year.
        Assert.InRange(rows.Count(p => p.NetProfitY1 < 0m), 10, 300);
        Assert.Contains(rows, p => p.NetProfitY2 < 0m);
        Assert.Contains(rows, p => p.NetProfitY3 < 0m);
        Assert.True(rows.Count(p => p.NetProfitY1 > 0m) > 600);

        // IP kinds: acquired, non-patent and high-value class-I IP all occur.
        Assert.Contains(rows, p => p.SelfDevelopedIpClassI < p.IpClassI);
        Assert.Contains(rows, p => p.InventionPatents < p.IpClassI);
        Assert.Contains(rows, p => p.HighValueIpClassI > 0);
        Assert.Contains(rows, p => p.RdStaff > 0 && p.RdStaff < p.TechStaff);

        // Mostly zero with a tail: equity financing, market shares and ranks, valuations.
        Assert.True(rows.Count(p => p.EquityFinancing3y == 0m) >= 800);
        Assert.Contains(rows, p => p.EquityFinancing2y >= 80_000_000m);
        Assert.True(rows.Count(p => p.NicheMarketSharePercent == 0m) >= 800);
        Assert.True(rows.Count(p => p.DomesticMarketRank == 0) >= 800);
        Assert.True(rows.Count(p => p.GlobalMarketRank == 0) >= 950);
        Assert.True(rows.Count(p => p.LatestValuationUsd == 0m) >= 800);

        // Market leaders: more common among the largest firms than in the whole population.
        var largest = rows.OrderByDescending(p => p.RevenueY1).Take(100).ToList();
        Assert.True(largest.Count(p => p.DomesticMarketRank is >= 1 and <= 3) > 2 * rows.Count(p => p.DomesticMarketRank is >= 1 and <= 3) / 10);

        // Unicorns: a handful, all young, private and unlisted.
        var unicorns = rows.Where(p => p.LatestValuationUsd > 1_000_000_000m).ToList();
        Assert.InRange(unicorns.Count, 2, 20);
        Assert.All(unicorns, p => Assert.True(p.PrivatelyFinanced && !p.Listed && Dates.FullYearsBetween(p.RegistrationDate, AsOf) <= 12, p.Id));

        // Listed: rare, and only large firms.
        var listed = rows.Where(p => p.Listed).ToList();
        Assert.InRange(listed.Count, 1, 20);
        Assert.All(listed, p => Assert.True(p.Employees >= 500, p.Id));

        // Awards and titles: rare.
        Assert.InRange(rows.Count(p => p.SciAwardWithin3y), 1, 60);
        Assert.InRange(rows.Count(p => p.InnovationTitleValid), 1, 30);
        Assert.InRange(rows.Count(p => p.MakerChinaTop500Within3y), 1, 30);

        // Scores: plausible spreads, some exactly at the pass marks.
        Assert.Contains(rows, p => p.SpecializedSmeScore == 60m);
        Assert.Contains(rows, p => p.QualitySmePlatformScore == 50m);
        Assert.Contains(rows, p => p.CreditScore == 75m);
        Assert.Contains(rows, p => p.CreditScore == 85m);
        Assert.InRange(rows.Average(p => p.CreditScore), 70m, 90m);
        Assert.InRange(rows.Count(p => p.SpecializedSmeScore >= 60m), 100, 600);

        // Green factories: mostly none; every level among manufacturers.
        Assert.True(rows.Count(p => p.GreenFactoryLevel == GreenFactoryLevel.None) >= 900);
        Assert.Equal(
            Enum.GetValues<GreenFactoryLevel>().ToHashSet(),
            rows.Where(p => p.Industry == Industry.Industry).Select(p => p.GreenFactoryLevel).ToHashSet());
    }

    [Fact]
    public void The_ip_counts_follow_the_technology_level()
    {
        var rows = Sample.Value;
        var certified = rows.Where(p => p.HighTechCertValid).ToList();
        var others = rows.Where(p => !p.HighTechCertValid && p.TechStaff == 0).ToList();

        Assert.True(certified.Average(p => p.InventionPatents) > 3 * Math.Max(0.1, others.Average(p => p.InventionPatents)));
        Assert.True(certified.Average(p => p.UtilityModelsAndSoftwareCopyrights) > 3 * Math.Max(0.1, others.Average(p => p.UtilityModelsAndSoftwareCopyrights)));
        Assert.True(certified.Count(p => p.HighValueIpClassI > 0) > others.Count(p => p.HighValueIpClassI > 0));
    }

    // ---- The new programmes find eligible enterprises and near misses. ----

    [Fact]
    public void Each_new_programme_has_eligible_enterprises_and_near_misses_and_the_rare_ones_stay_rare()
    {
        var engine = Engine.Value;
        var tallies = ProgrammeSketch.Names.ToDictionary(n => n, _ => (Eligible: 0, NearMiss: 0), StringComparer.Ordinal);
        foreach (var p in Sample.Value)
        {
            var sme = engine.Evaluate("SmeSize", p, AsOf).Classification is "Medium" or "Small" or "Micro";
            foreach (var (name, criteria) in ProgrammeSketch.Criteria(p, sme))
            {
                var failed = criteria.Count(c => !c);
                var (eligible, nearMiss) = tallies[name];
                tallies[name] = (eligible + (failed == 0 ? 1 : 0), nearMiss + (failed == 1 ? 1 : 0));
            }
        }

        foreach (var (name, (eligible, nearMiss)) in tallies)
        {
            output.WriteLine($"{name}: eligible {eligible}, near miss (one failed criterion) {nearMiss}");
        }

        foreach (var (name, (eligible, nearMiss)) in tallies)
        {
            Assert.True(eligible >= 3, $"{name}: only {eligible} eligible");
            Assert.True(nearMiss >= 3, $"{name}: only {nearMiss} near misses");
            Assert.True(eligible <= 400, $"{name}: {eligible} eligible");
        }

        Assert.True(tallies["Unicorn"].Eligible <= 15, "unicorns are not rare");
        Assert.True(tallies["LittleGiant"].Eligible <= 50, "little giants are not rare");
        Assert.True(tallies["ManufacturingChampion"].Eligible <= 15, "manufacturing champions are not rare");

        // Above-scale status turns on main-business revenue, not operating revenue.
        Assert.Contains(Sample.Value, p => p.Industry == Industry.Industry && p.RevenueY1 >= 20_000_000m && p.MainBusinessRevenueY1 < 20_000_000m);
    }

    private static string OriginalCells(EnterpriseProfile profile) =>
        string.Join(',', ProfileSchema.Fields.Take(OriginalColumns).Select(f => ProfileCsvWriter.Format(f.Property.GetValue(profile))));

    private static string Csv(IEnumerable<EnterpriseProfile> profiles)
    {
        using var text = new StringWriter();
        ProfileCsvWriter.Write(text, profiles);
        return text.ToString();
    }

    /// <summary>
    /// A deliberately rough reading of programmes.md §4–§9 and §14 (as of 2025-06-30, so the 2022
    /// versions), only to check the population's shape: it is not the rules (those live in rules/
    /// with their own tests) and takes no side where the spec leaves a choice open. Each programme is
    /// a list of criteria; an alternative path (a "direct" award or title) passes the criteria it
    /// replaces. Eligible: all pass; near miss: exactly one fails.
    /// </summary>
    private static class ProgrammeSketch
    {
        public static readonly string[] Names =
            ["InnovativeSme", "SpecializedSme", "LittleGiant", "Gazelle", "Unicorn", "ManufacturingChampion", "AboveScale", "GreenFactory"];

        public static IEnumerable<(string Name, bool[] Criteria)> Criteria(EnterpriseProfile p, bool sme)
        {
            var rdRatioY1 = Ratio.Of(p.RdExpenseY1, p.RevenueY1);
            var rdRatioY2 = Ratio.Of(p.RdExpenseY2, p.RevenueY2);
            var mainShare = Ratio.Of(p.MainBusinessRevenueY1, p.RevenueY1);
            var debt = Ratio.Of(p.TotalLiabilities, p.TotalAssets);
            var age = Dates.FullYearsBetween(p.RegistrationDate, AsOf);

            // §4 InnovativeSme: a direct path, or a score ≥ 60 with innovation ≥ 20, growth ≥ 15, specialisation ≥ 15.
            var innovativeDirect = p.SciAwardWithin3y || p.HighTechCertValid || p.InnovationTitleValid
                || p.ProvincialRdInstitution || p.EquityFinancing3y >= 5_000_000m;
            var ip = p.HighValueIpClassI >= 1 ? 20 : p.SelfDevelopedIpClassI >= 1 ? 15 : p.IpClassI >= 1 ? 10 : p.IpClassII >= 1 ? 5 : 0;
            var rd = rdRatioY1 >= 0.05m ? 20 : rdRatioY1 >= 0.03m ? 15 : rdRatioY1 >= 0.02m ? 10 : rdRatioY1 >= 0.01m ? 5 : 0;
            var mainGrowth = Ratio.Growth(p.MainBusinessRevenueY1, p.MainBusinessRevenueY2);
            var growth = (mainGrowth >= 0.15m ? 20 : mainGrowth >= 0.10m ? 15 : mainGrowth >= 0.05m ? 10 : mainGrowth >= 0m ? 5 : 0)
                + (debt < 0.55m ? 10 : debt < 0.75m ? 5 : 0);
            var specialisation = (p.StrategicEmergingProduct ? 10 : 5)
                + (mainShare >= 0.70m ? 20 : mainShare >= 0.60m ? 15 : mainShare >= 0.55m ? 10 : mainShare >= 0.50m ? 5 : 0);
            yield return ("InnovativeSme",
            [
                sme,
                innovativeDirect || ip + rd + growth + specialisation >= 60,
                innovativeDirect || ip + rd >= 20,
                innovativeDirect || growth >= 15,
                innovativeDirect || specialisation >= 15,
            ]);

            // §5 SpecializedSme, 2022.
            yield return ("SpecializedSme",
            [
                sme,
                p.NicheMarketYears >= 2,
                p.RdExpenseY1 >= 1_000_000m && rdRatioY1 >= 0.03m,
                p.RevenueY1 >= 10_000_000m || p.EquityFinancing2y >= 20_000_000m,
                p.SpecializedSmeScore >= 60m || p.ProvincialSciAwardTop3Within3y || p.NationalSciAwardTop5Within3y
                    || (p.RdExpenseY1 + p.RdExpenseY2) / 2 >= 10_000_000m || p.EquityFinancing2y >= 60_000_000m || p.MakerChinaTop500Within3y,
            ]);

            // §6 LittleGiant, 2022; the direct path replaces the R&D and IP criteria.
            var littleGiantDirect = p.NationalSciAwardTop3Within3y || p.MakerChinaTop50Within3y;
            var rdBand = p.RevenueY1 >= 100_000_000m ? rdRatioY1 >= 0.03m && rdRatioY2 >= 0.03m
                : p.RevenueY1 >= 50_000_000m ? rdRatioY1 >= 0.06m && rdRatioY2 >= 0.06m
                : p.EquityFinancing2y >= 80_000_000m && p.RdExpenseY1 + p.RdExpenseY2 >= 30_000_000m && p.RdStaff * 2 >= p.Employees;
            var growth1 = Ratio.Growth(p.MainBusinessRevenueY1, p.MainBusinessRevenueY2);
            var growth2 = Ratio.Growth(p.MainBusinessRevenueY2, p.MainBusinessRevenueY3);
            yield return ("LittleGiant",
            [
                sme,
                p.NicheMarketYears >= 3,
                mainShare >= 0.70m,
                growth1 is { } g1 && growth2 is { } g2 && (g1 + g2) / 2 >= 0.05m,
                debt <= 0.70m,
                p.NicheMarketSharePercent >= 10m,
                littleGiantDirect || rdBand,
                p.RdInstitution,
                littleGiantDirect || p.IpClassI >= 2,
                p.InformationSystemsInUse && p.QualityCertified,
                p.OwnBrand,
                p.KeyChainPosition,
                p.PriorityField,
            ]);

            // §7 Gazelle: compound growth of revenue or net profit over two years, by revenue band.
            var rate = p.RevenueY1 >= 400_000_000m ? 0.10m : p.RevenueY1 >= 100_000_000m ? 0.15m : p.RevenueY1 >= 20_000_000m ? 0.20m : 0.25m;
            var factor = Ratio.CompoundFactor(rate, 2);
            yield return ("Gazelle",
            [
                Dates.FullFiscalYearsOperated(p.RegistrationDate, AsOf) >= 3,
                debt < 0.70m,
                !p.Listed,
                p.RevenueY1 >= 10_000_000m,
                (p.RevenueY3 > 0m && p.RevenueY1 >= p.RevenueY3 * factor) || (p.NetProfitY3 > 0m && p.NetProfitY1 >= p.NetProfitY3 * factor),
                rdRatioY1 >= (p.RevenueY1 >= 100_000_000m ? 0.025m : 0.05m),
                p.InventionPatents >= 2 || p.UtilityModelsAndSoftwareCopyrights >= 8 || p.LedStandardWithin5y,
                p.CreditScore >= 75m,
            ]);

            // §7 Unicorn.
            yield return ("Unicorn",
            [
                age <= 10,
                p.LatestValuationUsd > 1_000_000_000m,
                p.ValuationRoundSharePercent >= 5m,
                p.PrivatelyFinanced && !p.Listed,
                p.CreditScore >= 85m,
            ]);

            // §8 ManufacturingChampion.
            yield return ("ManufacturingChampion",
            [
                p.Industry == Industry.Industry,
                p.ChampionProductYears >= (p.ChampionProductNew ? 5 : 10),
                (p.MainBusinessRevenueY1 + p.MainBusinessRevenueY2 + p.MainBusinessRevenueY3) / 3 >= 400_000_000m,
                p.GlobalMarketRank is >= 1 and <= 3,
                Ratio.Of(p.ChampionProductRevenueY1, p.MainBusinessRevenueY1) >= 0.70m,
                rdRatioY1 >= 0.03m,
            ]);

            // §9 AboveScale.
            yield return ("AboveScale", [p.Industry == Industry.Industry, p.MainBusinessRevenueY1 >= 20_000_000m]);

            // §14 GreenFactory: a provincial or national title; a municipal one is the near miss.
            yield return ("GreenFactory", [p.GreenFactoryLevel != GreenFactoryLevel.None, p.GreenFactoryLevel >= GreenFactoryLevel.Provincial]);
        }
    }
}
