// Longer than ~400 lines on purpose: the draws of the programme fields in one fixed order (same seed, same rows), one block per programme.
using PolicyRules.Expressions;
using PolicyRules.Model;

namespace PolicyRules.Cli.Generation;

/// <summary>
/// The fields added for the programmes of <c>programmes.md</c> §4–§14 (everything after
/// <see cref="EnterpriseProfile.LedStandardWithin5y"/>), drawn from a per-row stream of their own.
/// </summary>
/// <remarks>
/// <para>
/// The main stream is left untouched, so the first 33 columns of a seed are what they were before
/// these fields existed. Each row's extra stream is <c>new Random(RowSeed(seed, index))</c>: it
/// depends only on the seed and the row's position, so the extra fields of row i are the same
/// whatever the count.
/// </para>
/// <para>
/// The values are built from the row's existing draws: main-business revenue is a share of
/// operating revenue, net profit Y1 is total income less costs after tax, the IP kinds split
/// <see cref="EnterpriseProfile.IpClassI"/> and <see cref="EnterpriseProfile.IpClassII"/>, R&amp;D
/// staff is part of the S&amp;T staff, and market positions, awards, financing and scores follow the
/// row's technology archetype and size. The mix is tuned so that each programme of §4–§14 has
/// eligible enterprises and near misses in 1,000 rows, while the rare titles (unicorn, little giant,
/// manufacturing champion) stay rare.
/// </para>
/// </remarks>
internal static partial class SyntheticProfiles
{
    /// <summary>Yuan per US dollar for valuations: a fixed planning rate, so rows never depend on a date.</summary>
    private const decimal YuanPerDollar = 7.1m;

    /// <summary>One year as the generator counts elapsed time for financing rounds.</summary>
    private const double DaysPerYear = 365.25;

    /// <summary>
    /// The seed of row <paramref name="index"/>'s extra stream: the SplitMix64 finaliser over
    /// (seed, index), for stream 0 (the fields of §4–§14) or a later one. Consecutive seeds of
    /// <see cref="Random"/> give visibly related first draws, so neighbouring rows must not get
    /// neighbouring seeds.
    /// </summary>
    private static int RowSeed(int seed, int index, ulong stream = 0)
    {
        unchecked
        {
            var z = ((ulong)(uint)seed << 32 | (uint)index) + 0x9E3779B97F4A7C15UL * (stream + 1);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z & int.MaxValue);
        }
    }

    /// <summary>Equity rounds of one row: what the financing fields are filled from.</summary>
    private readonly record struct Financing(
        bool PrivatelyFinanced, decimal EquityFinancing2y, decimal EquityFinancing3y,
        decimal LatestValuationUsd, decimal ValuationRoundSharePercent);

    /// <summary>A firm's position in its niche: market share, ranks and its leading ("champion") product.</summary>
    private readonly record struct Market(
        int NicheYears, decimal SharePercent, int DomesticRank, int GlobalRank,
        int ChampionYears, bool ChampionNew, decimal ChampionRevenueY1);

    private static EnterpriseProfile WithProgrammeFields(EnterpriseProfile p, Archetype archetype, Random random, out bool rankedAward)
    {
        // 2: built like a high-tech enterprise (Strong, NearMiss); 1: Moderate; 0: Basic.
        var tier = archetype switch
        {
            Archetype.Strong or Archetype.NearMiss => 2,
            Archetype.Moderate => 1,
            _ => 0,
        };
        var ageYears = Dates.FullYearsBetween(p.RegistrationDate, AsOf);
        var ageInYears = (AsOf.DayNumber - p.RegistrationDate.DayNumber) / DaysPerYear;

        // One latent "how well run" draw, shared by the assessed scores and the qualitative flags.
        var quality = StandardNormal(random);

        // Main business: a firm-level share of operating revenue that drifts a little per year.
        var mainShare = MainBusinessShare(random, tier);
        var mainY1 = MainPart(random, p.RevenueY1, mainShare);
        var mainY2 = MainPart(random, p.RevenueY2, mainShare);
        var mainY3 = MainPart(random, p.RevenueY3, mainShare);

        var liabilities = Money((double)p.TotalAssets * DebtRatio(random, tier));

        var (profitY1, profitY2, profitY3) = NetProfits(random, p);

        // IP kinds: subsets of the class-I count, and the utility models and software copyrights
        // behind the class-II count (plus a few not tied to the main products).
        var classI = p.IpClassI;
        var selfDeveloped = classI > 0 && Chance(random, 0.3) ? classI - random.Next(1, classI + 1) : classI;
        var highValue = selfDeveloped > 0 && Chance(random, tier switch { 2 => 0.35, 1 => 0.12, _ => 0.05 })
            ? Math.Min(selfDeveloped, 1 + random.Next(0, (selfDeveloped + 1) / 2))
            : 0;
        var otherClassIKinds = p.Industry == Industry.Agriculture ? 0.5 : 0.12; // plant varieties, layouts, drugs
        var inventionPatents = classI > 0 && Chance(random, otherClassIKinds) ? classI - random.Next(1, classI + 1) : classI;
        var utilityAndSoftware = (int)(p.IpClassII * Uniform(random, 0.55, 1.0) + 0.5) + (Chance(random, 0.3) ? random.Next(1, 6) : 0);

        // R&D staff: part of the S&T staff (the factor is below 1, so never more).
        var rdStaff = (int)(p.TechStaff * Uniform(random, tier switch { 2 => 0.55, 1 => 0.4, _ => 0.2 }, 1.0));

        // Only a company limited by shares (股份有限公司) can be listed; in this population, large ones.
        var listed = p.Name.EndsWith("股份有限公司", StringComparison.Ordinal) && Chance(random, p.Employees >= 1000 ? 0.6 : 0.3);

        var unicornCandidate = !listed && tier > 0 && ageYears <= 12 && p.Employees >= 50
            && Chance(random, tier == 2 ? 0.2 : 0.05);
        var financing = unicornCandidate
            ? UnicornRounds(random, ageInYears)
            : OrdinaryRounds(random, p, tier, ageInYears);

        var market = DrawMarket(random, p, tier, ageYears, mainY1);

        // Awards and titles: rare, and nested where the documents nest them (a national top-3 award
        // within 3 years is also one within 5 years). Which ranked award a row holds (provincial
        // top 3, national top 5 or a lower national rank) is drawn from the 2026-12 stream.
        var nationalTop3Within3y = p.NationalSciAwardTop3Within5y && Chance(random, 0.6);
        rankedAward = nationalTop3Within3y || Chance(random, tier switch { 2 => 0.05, 1 => 0.012, _ => 0.001 });
        var sciAwardWithin3y = rankedAward || Chance(random, tier switch { 2 => 0.06, 1 => 0.015, _ => 0.002 });
        var innovationTitle = Chance(random, tier switch { 2 => 0.03, 1 => 0.006, _ => 0.0005 });
        var makerTop500 = ageYears <= 10 && Chance(random, tier switch { 2 => 0.04, 1 => 0.01, _ => 0.001 });
        var makerTop50 = makerTop500 && Chance(random, 0.2);

        var strategicEmerging = Chance(random, p.TechFieldSupported ? 0.75 : tier switch { 2 => 0.3, 1 => 0.15, _ => 0.03 });

        // Assessed scores: by archetype, lifted or lowered by the shared quality draw; a few exactly
        // at the pass marks (60, 50, 60) to exercise the inclusive thresholds.
        var specializedScore = Score(random, tier switch { 2 => 64, 1 => 52, _ => 36 }, quality, 60);
        var platformScore = Score(random, tier switch { 2 => 58, 1 => 47, _ => 33 }, quality, 50);
        var littleGiantScore = Score(random, tier switch { 2 => 56, 1 => 44, _ => 30 }, quality, 60);
        var creditScore = CreditScore(random, p, quality, unicornCandidate);

        // Qualitative flags and an R&D institution: common among bigger and better-run firms, and
        // nearly always present at a niche leader (share ≥ 10% or a domestic top-3 rank), as the
        // little-giant criteria expect of one.
        var leader = market.SharePercent >= 10m || market.DomesticRank is >= 1 and <= 3;
        var large = p.Employees >= 100;
        var rdInstitution = p.ProvincialRdInstitution || Chance(random, leader && tier > 0 ? 0.85 : tier switch { 2 => 0.6, 1 => 0.25, _ => 0.03 });
        var informationSystems = Chance(random, leader ? 0.95 : 0.25 + 0.15 * tier + (large ? 0.2 : 0) + 0.08 * quality);
        var qualityCertified = Chance(random, leader ? 0.95 : (p.Industry == Industry.Industry ? 0.45 : 0.25) + 0.12 * tier + (p.Employees >= 50 ? 0.1 : 0) + 0.08 * quality);
        var ownBrand = Chance(random, leader ? 0.92 : 0.3 + 0.1 * tier + (large ? 0.15 : 0) + 0.08 * quality);
        var keyChain = Chance(random, leader ? 0.9 : tier switch { 2 => 0.25, 1 => 0.08, _ => 0.01 });
        var priorityField = Chance(random, p.TechFieldSupported ? (leader ? 0.9 : 0.6) : leader ? 0.5 : tier == 0 ? 0.05 : 0.15);
        var greenFactory = GreenFactory(random, p);

        return p with
        {
            MainBusinessRevenueY1 = mainY1,
            MainBusinessRevenueY2 = mainY2,
            MainBusinessRevenueY3 = mainY3,
            TotalLiabilities = liabilities,
            NetProfitY1 = profitY1,
            NetProfitY2 = profitY2,
            NetProfitY3 = profitY3,
            HighValueIpClassI = highValue,
            SelfDevelopedIpClassI = selfDeveloped,
            InventionPatents = inventionPatents,
            UtilityModelsAndSoftwareCopyrights = utilityAndSoftware,
            RdStaff = rdStaff,
            EquityFinancing2y = financing.EquityFinancing2y,
            EquityFinancing3y = financing.EquityFinancing3y,
            NicheMarketYears = market.NicheYears,
            NicheMarketSharePercent = market.SharePercent,
            DomesticMarketRank = market.DomesticRank,
            GlobalMarketRank = market.GlobalRank,
            ChampionProductYears = market.ChampionYears,
            ChampionProductNew = market.ChampionNew,
            ChampionProductRevenueY1 = market.ChampionRevenueY1,
            SciAwardWithin3y = sciAwardWithin3y,
            NationalSciAwardTop3Within3y = nationalTop3Within3y,
            InnovationTitleValid = innovationTitle,
            MakerChinaTop500Within3y = makerTop500,
            MakerChinaTop50Within3y = makerTop50,
            RdInstitution = rdInstitution,
            StrategicEmergingProduct = strategicEmerging,
            SpecializedSmeScore = specializedScore,
            QualitySmePlatformScore = platformScore,
            LittleGiantScore = littleGiantScore,
            CreditScore = creditScore,
            InformationSystemsInUse = informationSystems,
            QualityCertified = qualityCertified,
            OwnBrand = ownBrand,
            KeyChainPosition = keyChain,
            PriorityField = priorityField,
            Listed = listed,
            PrivatelyFinanced = financing.PrivatelyFinanced,
            LatestValuationUsd = financing.LatestValuationUsd,
            ValuationRoundSharePercent = financing.ValuationRoundSharePercent,
            GreenFactoryLevel = greenFactory,
        };
    }

    /// <summary>
    /// Main-business share of operating revenue: a quarter of firms do nothing else, most are above
    /// 80%, and about one in ten is diversified below 60%; technology firms are more focused.
    /// </summary>
    private static double MainBusinessShare(Random random, int tier)
    {
        var u = random.NextDouble();
        var whole = tier == 2 ? 0.30 : 0.22;
        if (u < whole)
        {
            return 1.0;
        }

        if (u < (tier == 2 ? 0.85 : 0.72))
        {
            return Uniform(random, 0.80, 1.0);
        }

        return u < 0.93 ? Uniform(random, 0.58, 0.80) : Uniform(random, 0.30, 0.58);
    }

    /// <summary>The main-business part of one year's revenue: the firm's share, ±2 points, never above the revenue.</summary>
    private static decimal MainPart(Random random, decimal revenue, double share)
    {
        if (share >= 1.0)
        {
            return revenue;
        }

        var yearShare = Math.Clamp(share + 0.02 * (2 * random.NextDouble() - 1), 0.0, 1.0);
        return Math.Min(revenue, Money((double)revenue * yearShare));
    }

    /// <summary>Liabilities / assets: mostly 20%–80% (lower for technology firms), a few above 85% or insolvent.</summary>
    private static double DebtRatio(Random random, int tier)
    {
        if (Chance(random, 0.03))
        {
            return Uniform(random, 0.85, 1.3);
        }

        return Math.Clamp(0.50 - 0.05 * tier + 0.17 * StandardNormal(random), 0.03, 0.98);
    }

    /// <summary>
    /// Net profit: Y1 is total income less costs and expenses, after income tax (none on a loss; 5%
    /// for a small low-profit enterprise, 15% with a high-tech certificate, else 25%); Y2 and Y3
    /// apply a margin that drifts from Y1's to those years' revenue, with start-up years weaker.
    /// </summary>
    private static (decimal Y1, decimal Y2, decimal Y3) NetProfits(Random random, EnterpriseProfile p)
    {
        var pretax = p.TotalIncomeY1 - p.CostAndExpenseY1;
        var rate = pretax <= 0m ? 0m
            : pretax <= 3_000_000m && p.Employees <= 300 && p.TotalAssets <= 50_000_000m ? 0.05m
            : p.HighTechCertValid ? 0.15m
            : 0.25m;
        var y1 = Math.Round(pretax * (1m - rate), 2, MidpointRounding.ToEven);

        var margin1 = p.RevenueY1 > 0m ? (double)(y1 / p.RevenueY1) : 0.08;
        var margin2 = Math.Clamp(margin1 + 0.035 * StandardNormal(random), -0.6, 0.35);
        var margin3 = Math.Clamp(margin2 + 0.035 * StandardNormal(random), -0.6, 0.35);
        if (p.RegistrationDate.Year >= YearY1 - 1)
        {
            margin2 -= Uniform(random, 0.0, 0.2);
        }

        if (p.RegistrationDate.Year >= YearY1 - 2)
        {
            margin3 -= Uniform(random, 0.0, 0.2);
        }

        return (y1, SignedMoney((double)p.RevenueY2 * margin2), SignedMoney((double)p.RevenueY3 * margin3));
    }

    /// <summary>
    /// Private equity of an ordinary firm: most have none; technology firms and young firms raise
    /// more often. The latest round is 0–6 years back, sometimes with an earlier, smaller one; the
    /// 2- and 3-year sums count the rounds inside each window (so the 3-year sum is never less).
    /// </summary>
    private static Financing OrdinaryRounds(Random random, EnterpriseProfile p, int tier, double ageInYears)
    {
        var chance = (tier switch { 2 => 0.20, 1 => 0.06, _ => 0.012 }) * (ageInYears <= 8 ? 1.5 : ageInYears > 20 ? 0.4 : 1.0);
        if (!Chance(random, chance))
        {
            return default;
        }

        var amount = WholeWan(Math.Max((double)p.RevenueY1, 5_000_000) * Uniform(random, 0.15, 0.8) * LogNormal(random, 0.7));
        amount = Math.Max(amount, 1_000_000m);
        var share = Chance(random, 0.12) ? Uniform(random, 1.0, 5.0) : Uniform(random, 5.0, 25.0);
        return Rounds(random, amount, share, ageInYears, Math.Min(ageInYears, 6.0));
    }

    /// <summary>
    /// A young, venture-backed technology firm valued around US$1 billion (median 0.8 billion, about
    /// a third above 1 billion), with a recent round: the source of the population's few unicorns
    /// and their near misses.
    /// </summary>
    private static Financing UnicornRounds(Random random, double ageInYears)
    {
        var valuationUsd = 8e8 * LogNormal(random, 0.6);
        var share = Uniform(random, 3.0, 16.0);
        var amount = WholeWan(valuationUsd * share / 100 * (double)YuanPerDollar);
        return Rounds(random, amount, share, ageInYears, Math.Min(ageInYears, 2.5));
    }

    private static Financing Rounds(Random random, decimal amount, double sharePercent, double ageInYears, double latestWithin)
    {
        var share = Math.Round((decimal)sharePercent, 2, MidpointRounding.ToEven);
        var valuationUsd = Math.Round(amount / share * 100m / YuanPerDollar, 0, MidpointRounding.ToEven);

        var latest = Uniform(random, 0.0, latestWithin);
        var earlier = latest + Uniform(random, 0.5, 2.5);
        var earlierAmount = Chance(random, 0.4) && earlier <= ageInYears
            ? WholeWan((double)amount * Uniform(random, 0.2, 0.7))
            : 0m;

        var in2y = (latest < 2 ? amount : 0m) + (earlier < 2 ? earlierAmount : 0m);
        var in3y = (latest < 3 ? amount : 0m) + (earlier < 3 ? earlierAmount : 0m);
        return new Financing(true, in2y, in3y, valuationUsd, share);
    }

    private static Market DrawMarket(Random random, EnterpriseProfile p, int tier, int ageYears, decimal mainY1)
    {
        // Years in the niche: never more than the firm's age; technology firms mostly since founding.
        var niche = tier switch
        {
            2 => Chance(random, 0.4) ? ageYears : (int)(ageYears * Uniform(random, 0.5, 1.0)),
            1 => Chance(random, 0.25) ? ageYears : (int)(ageYears * Uniform(random, 0.2, 1.0)),
            _ => Chance(random, 0.5) ? 0 : (int)(ageYears * random.NextDouble()),
        };

        // A measured national niche share: for a few technology firms with real revenue, and for
        // some large firms; the leaders among them rank first to third.
        var revenue = (double)p.RevenueY1;
        var manufacturer = p.Industry == Industry.Industry;
        var chance = (revenue >= 1e8 ? 0.8 : revenue >= 5e7 ? 0.65 : revenue >= 1e7 ? 0.2 : 0.03)
            * (tier switch { 2 => 1.0, 1 => 0.3, _ => 0.04 });
        if (revenue >= 3e8 && manufacturer)
        {
            chance = Math.Max(chance, tier == 0 ? 0.4 : 0.9);
        }

        if (niche == 0 || !Chance(random, chance))
        {
            return new Market(niche, 0m, 0, 0, 0, false, 0m);
        }

        var median = revenue >= 3e8 ? 16.0 : revenue >= 5e7 ? 11.0 : 4.0;
        var share = Chance(random, 0.05)
            ? 10m
            : Math.Round((decimal)Math.Clamp(median * LogNormal(random, 0.8), 0.1, 80.0), 1, MidpointRounding.ToEven);
        var domesticRank = share >= 25m ? 1
            : share >= 15m ? random.Next(1, 3)
            : share >= 10m ? random.Next(1, 4)
            : share >= 5m ? random.Next(2, 7)
            : random.Next(4, 31);

        // Global ranks: only manufacturers that lead at home, and mostly the big ones.
        var globalRank = manufacturer && domesticRank <= 3 && revenue >= 1e8 && Chance(random, revenue >= 3e8 ? 0.95 : 0.35)
            ? (revenue >= 4e8 ? random.Next(1, 5) : random.Next(2, 12))
            : 0;

        // The leading product: in the niche for as long as the firm has been, unless it is new.
        var isNew = Chance(random, 0.12);
        var championYears = isNew ? Math.Min(niche, random.Next(3, 9)) : niche;
        var championRevenue = Math.Min(mainY1, Money((double)mainY1 * Uniform(random, globalRank > 0 ? 0.6 : 0.45, 1.0)));
        return new Market(niche, share, domesticRank, globalRank, championYears, isNew, championRevenue);
    }

    /// <summary>An assessed score out of 100: whole points, a few exactly at <paramref name="passMark"/>.</summary>
    private static decimal Score(Random random, double mean, double quality, int passMark)
    {
        var draw = mean + 9 * quality + 6 * StandardNormal(random);
        return Chance(random, 0.03) ? passMark : Math.Clamp((int)Math.Round(draw), 0, 100);
    }

    /// <summary>Credit score: mostly 70–90, far lower after abnormal operation, research dishonesty or a major incident; some exactly 75 or 85 (the pass marks).</summary>
    private static decimal CreditScore(Random random, EnterpriseProfile p, double quality, bool unicornCandidate)
    {
        var draw = 80 + 4 * quality + 5 * StandardNormal(random) + (unicornCandidate ? 10 : 0);
        if (p.AbnormalOperationListed)
        {
            draw -= 25;
        }

        if (p.SeriousFraudOrResearchDishonesty)
        {
            draw -= 15;
        }

        if (p.MajorIncidentLastYear)
        {
            draw -= 10;
        }

        var u = random.NextDouble();
        return u < 0.03 ? 75m : u < 0.06 ? 85m : Math.Clamp((decimal)Math.Round(draw, 1, MidpointRounding.ToEven), 0m, 100m);
    }

    /// <summary>Green-factory titles: manufacturers only, more often the larger ones; municipal most common.</summary>
    private static GreenFactoryLevel GreenFactory(Random random, EnterpriseProfile p)
    {
        if (p.Industry != Industry.Industry)
        {
            return GreenFactoryLevel.None;
        }

        var chance = p.Employees >= 300 ? 0.35 : p.Employees >= 100 ? 0.15 : p.Employees >= 20 ? 0.05 : 0.01;
        if (!Chance(random, chance))
        {
            return GreenFactoryLevel.None;
        }

        var u = random.NextDouble();
        return u < 0.55 ? GreenFactoryLevel.Municipal : u < 0.88 ? GreenFactoryLevel.Provincial : GreenFactoryLevel.National;
    }

    /// <summary>Yuan rounded to whole 万 (10,000 元), as financing rounds are announced.</summary>
    private static decimal WholeWan(double yuan) => Money(Math.Round(yuan / 10_000) * 10_000);

    /// <summary>Yuan, rounded to the fen, clamped to [−10^15, 10^15]: for amounts that may be negative.</summary>
    private static decimal SignedMoney(double yuan) =>
        double.IsNaN(yuan) ? 0m : Math.Round((decimal)Math.Clamp(yuan, -MaxMoney, MaxMoney), 2, MidpointRounding.ToEven);
}
