// Longer than ~400 lines on purpose: one seeded generator whose draws must stay in a fixed order (same seed, same rows); the programme fields are in SyntheticProfiles.ProgrammeFields.cs.
using System.Diagnostics.CodeAnalysis;
using PolicyRules.Model;

namespace PolicyRules.Cli.Generation;

/// <summary>
/// A seeded generator of plausible, entirely fictitious Qingdao West Coast enterprises, for load
/// tests, demos and property tests. The same (count, seed) always yields the same rows, on every
/// runtime and platform: the only sources of randomness are <c>new Random(seed)</c> for the fields
/// of programmes §1–§3, one <c>new Random(RowSeed(seed, index))</c> per row for the fields added
/// for §4–§14 (see <c>SyntheticProfiles.ProgrammeFields.cs</c>) and one more per row for the fields
/// added or changed 2026-12 (<c>SyntheticProfiles.Corrections.cs</c>), and all floating-point work uses
/// +, −, ×, ÷ only (no library exp/log/sin, whose last bit may differ between platforms), so the
/// decimal values rounded from it are bit-identical everywhere.
/// </summary>
/// <remarks>
/// <para>Rows are produced lazily, one at a time, so millions can be streamed in flat memory.</para>
/// <para>
/// The population is tuned for an evaluation date of 2025-06-30 (Y1 = 2024, Y2 = 2023, Y3 = 2022):
/// roughly one row in six is built to pass every high-tech-enterprise criterion, about one in
/// sixteen is a near miss that fails exactly one of them, and the rest are moderately or not at
/// all technology-oriented, which gives a realistic mix of tech-based SMEs and all four size classes.
/// </para>
/// </remarks>
[SuppressMessage("Security", "CA5394:Do not use insecure randomness",
    Justification = "Synthetic test data: a seeded, reproducible System.Random is the requirement; nothing here is security-relevant.")]
internal static partial class SyntheticProfiles
{
    /// <summary>The evaluation date the generated population is designed around.</summary>
    public static readonly DateOnly AsOf = new(2025, 6, 30);

    private static readonly DateOnly EarliestRegistration = new(1995, 1, 1);

    /// <summary>Y1, Y2, Y3 as calendar years, relative to <see cref="AsOf"/>.</summary>
    private const int YearY1 = 2024;

    private const double MaxMoney = 1e15;

    /// <summary>Characters of a 统一社会信用代码 (GB 32100-2015): digits and letters without I, O, S, V, Z.</summary>
    private const string CodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>31^9: the number of distinct 9-character organisation parts.</summary>
    private const ulong OrgSpace = 26_439_622_160_671UL;

    /// <summary>
    /// About 0.618 × 31^9 and coprime with it, so index × this mod 31^9 is a bijection (ids stay
    /// unique) that scatters consecutive rows over the whole code space.
    /// </summary>
    private const ulong OrgMultiplier = 16_340_585_144_999UL;

    private static readonly int[] CheckWeights = BuildCheckWeights();

    // Industry mix, weights per 1,000 (the order is that of the Industry enum).
    private static readonly Industry[] Industries =
    [
        Industry.Agriculture, Industry.Industry, Industry.Construction, Industry.Wholesale,
        Industry.Retail, Industry.Transport, Industry.Warehousing, Industry.Postal,
        Industry.Accommodation, Industry.Catering, Industry.InformationTransmission, Industry.SoftwareAndIT,
        Industry.RealEstateDevelopment, Industry.PropertyManagement, Industry.LeasingAndBusinessServices, Industry.Other,
    ];

    private static readonly double[] IndustryWeights =
        [20, 250, 45, 130, 100, 30, 20, 15, 20, 30, 20, 160, 20, 20, 100, 20];

    /// <summary>How technology-oriented an industry's firms tend to be (0–1), same order.</summary>
    private static readonly double[] TechAffinity =
        [0.25, 0.6, 0.15, 0.15, 0.05, 0.1, 0.1, 0.05, 0.02, 0.02, 0.8, 1.0, 0.05, 0.05, 0.3, 0.35];

    /// <summary>Typical annual operating revenue per employee, 元, same order.</summary>
    private static readonly double[] RevenuePerEmployee =
    [
        300_000, 900_000, 700_000, 3_000_000, 1_200_000, 700_000, 600_000, 350_000,
        250_000, 200_000, 900_000, 450_000, 4_000_000, 150_000, 800_000, 350_000,
    ];

    /// <summary>Typical total assets as a multiple of annual revenue, same order.</summary>
    private static readonly double[] AssetsToRevenue =
        [1.5, 0.9, 1.1, 0.5, 0.6, 1.2, 1.8, 0.8, 2.5, 0.7, 1.5, 0.8, 3.5, 0.6, 2.0, 1.0];

    // Employee bands: a piecewise-uniform stand-in for a log-normal from 3 to 5,000.
    private static readonly int[] BandMin = [3, 10, 20, 50, 100, 300, 500, 1000, 3000];
    private static readonly int[] BandMax = [9, 19, 49, 99, 299, 499, 999, 2999, 5000];
    private static readonly double[] BandWeights = [240, 180, 200, 130, 130, 50, 28, 18, 7];

    private static readonly string[] Prefixes =
        ["青岛", "青岛", "青岛", "青岛", "青岛", "青岛", "青岛西海岸", "青岛西海岸", "青岛黄岛", "青岛灵山湾", "青岛董家口", "青岛古镇口", "山东"];

    private static readonly string[] Brands =
    [
        "海晟", "瑞丰", "鑫源", "恒信", "博远", "德润", "汇通", "嘉华", "天成", "海纳",
        "金港", "鲁海", "兴业", "恒通", "宏达", "正阳", "蓝湾", "明远", "海阔", "远航",
        "东润", "泰和", "琅琊", "珠山", "藏马", "唐岛", "凤凰", "金沙", "隐珠", "积米",
        "海青", "灵珠", "海川", "康达", "益华", "中润", "新港", "港联", "青源", "海泽",
        "博润", "鼎盛", "宏图", "顺达", "安泰", "万和", "聚力", "众诚", "启航", "智海",
        "蔚蓝", "盈科", "普瑞", "诺德", "凯瑞", "立信", "联创", "科瑞", "睿达", "海岳",
        "锦程", "华源", "金海", "星海", "云海", "润泽", "明月", "泊里", "王台", "六汪",
    ];

    /// <summary>Business-scope words per industry, same order as <see cref="Industries"/>.</summary>
    private static readonly string[][] IndustryWords =
    [
        ["农业科技", "海水养殖", "生态农业", "果蔬种植", "茶业", "水产"],
        ["机械制造", "精密模具", "新材料", "船舶配件", "橡胶制品", "电子科技", "智能装备", "海洋生物科技", "化工", "食品", "汽车零部件", "家电配件"],
        ["建设工程", "建筑安装", "市政工程", "装饰工程", "路桥工程"],
        ["贸易", "国际贸易", "商贸", "供应链管理", "进出口", "能源贸易"],
        ["超市", "百货", "商贸连锁", "便利店", "医药连锁"],
        ["物流运输", "汽车运输", "海运", "集装箱运输"],
        ["仓储", "冷链仓储", "物流园", "保税仓储"],
        ["快递", "速递", "邮政服务"],
        ["酒店", "宾馆", "度假村", "酒店管理"],
        ["餐饮管理", "海鲜酒楼", "餐饮", "食府"],
        ["通信技术", "网络通信", "信息传输", "卫星通信"],
        ["软件", "信息技术", "网络科技", "数据科技", "智能科技", "数字科技", "软件技术"],
        ["置业", "房地产开发", "地产"],
        ["物业管理", "物业服务"],
        ["企业管理咨询", "设备租赁", "人力资源", "商务服务", "广告", "知识产权服务"],
        ["环保科技", "检测技术", "文化传媒", "教育科技", "健康科技"],
    ];

    /// <summary>What a row is built to be; the rules decide the actual outcome.</summary>
    private enum Archetype
    {
        /// <summary>Built to pass every high-tech criterion.</summary>
        Strong,
        /// <summary>Like <see cref="Strong"/> but built to fail exactly one high-tech criterion.</summary>
        NearMiss,
        /// <summary>Some R&amp;D and IP: often a tech-based SME, rarely high-tech.</summary>
        Moderate,
        /// <summary>Little or no technology.</summary>
        Basic,
    }

    /// <summary>The high-tech criterion a near miss is built to fail.</summary>
    private enum MissReason
    {
        Registration,
        CoreIp,
        TechField,
        TechStaff,
        RdIntensity,
        DomesticShare,
        HighTechIncome,
        InnovationScore,
        MajorIncident,
    }

    /// <summary>
    /// Generates <paramref name="count"/> synthetic enterprises, lazily. The same
    /// (<paramref name="count"/>, <paramref name="seed"/>) always yields the same sequence, and the
    /// first n rows do not depend on <paramref name="count"/>. Ids are unique for up to 31^9 rows.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static IEnumerable<EnterpriseProfile> Generate(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return GenerateCore(count, seed);
    }

    private static IEnumerable<EnterpriseProfile> GenerateCore(int count, int seed)
    {
        var random = new Random(seed);
        // The organisation part of row i is (offset + i × OrgMultiplier) mod 31^9, kept incrementally.
        var org = (ulong)(uint)seed * 48_271UL % OrgSpace;
        for (var index = 0; index < count; index++)
        {
            // The later fields draw from their own per-row stream, so adding them left every draw of
            // the main stream, and with it the first 33 columns, exactly as before.
            yield return NextProfile(random, org, new Random(RowSeed(seed, index)), new Random(RowSeed(seed, index, CorrectionStream)));
            org += OrgMultiplier;
            if (org >= OrgSpace)
            {
                org -= OrgSpace;
            }
        }
    }

    private static EnterpriseProfile NextProfile(Random random, ulong org, Random rowRandom, Random correctionRandom)
    {
        var industryIndex = Pick(random, IndustryWeights);
        var industry = Industries[industryIndex];
        var archetype = PickArchetype(random, TechAffinity[industryIndex]);
        var miss = archetype == Archetype.NearMiss ? (MissReason)random.Next(9) : (MissReason?)null;

        // Size: employees from a band, revenue per employee by industry with multiplicative noise.
        var band = Pick(random, BandWeights);
        var employees = random.Next(BandMin[band], BandMax[band] + 1);
        var annualRevenue = employees * RevenuePerEmployee[industryIndex] * LogNormal(random, 0.55);

        var registration = DrawRegistration(random, archetype, miss, employees);

        // Three years of revenue: growth noise backwards from the Y1 run rate, then pro-rated to the
        // part of each calendar year the enterprise existed (0 before registration).
        var growth1 = Math.Max(-0.4, 0.06 + 0.12 * StandardNormal(random));
        var growth2 = Math.Max(-0.4, 0.06 + 0.12 * StandardNormal(random));
        var run1 = annualRevenue;
        var run2 = run1 / (1 + growth1);
        var run3 = run2 / (1 + growth2);
        var revenueY1 = Money(run1 * OperatingFraction(registration, YearY1));
        var revenueY2 = Money(run2 * OperatingFraction(registration, YearY1 - 1));
        var revenueY3 = Money(run3 * OperatingFraction(registration, YearY1 - 2));

        var totalAssets = Money(annualRevenue * AssetsToRevenue[industryIndex] * LogNormal(random, 0.45));
        var totalIncomeY1 = Money((double)revenueY1 * Uniform(random, 1.0, 1.06));
        var costAndExpenseY1 = Money((double)revenueY1 * Uniform(random, 0.78, 1.04));

        var required = (double)RequiredRdIntensity(revenueY1);
        var tech = archetype switch
        {
            Archetype.Strong => StrongTech(random, employees, required),
            Archetype.NearMiss when miss is { } reason => NearMissTech(random, employees, required, reason),
            Archetype.Moderate => ModerateTech(random, employees),
            _ => BasicTech(random, employees),
        };

        var rdY1 = Money((double)revenueY1 * tech.RdRatio * Uniform(random, 0.95, 1.05));
        var rdY2 = Money((double)revenueY2 * tech.RdRatio * Uniform(random, 0.95, 1.05));
        var rdY3 = Money((double)revenueY3 * tech.RdRatio * Uniform(random, 0.95, 1.05));
        var domesticY1 = DomesticPart(random, rdY1, tech.DomesticShare);
        var domesticY2 = DomesticPart(random, rdY2, tech.DomesticShare);
        var domesticY3 = DomesticPart(random, rdY3, tech.DomesticShare);
        var highTechIncomeY1 = Money((double)totalIncomeY1 * tech.HighTechShare);

        // Compliance flags at realistic rates; a near miss fails through its chosen criterion only.
        var majorIncident = miss is null ? Chance(random, 0.02) : miss == MissReason.MajorIncident;
        var dishonesty = Chance(random, 0.005);
        var abnormal = Chance(random, 0.03);
        var restricted = Chance(random, 0.02);
        var resident = Chance(random, 0.98);

        var profile = new EnterpriseProfile
        {
            Id = CreditCode(org, employees >= 1000 && Chance(random, 0.5)),
            Name = CompanyName(random, industryIndex, employees),
            ResidentInMainland = resident,
            RegistrationDate = registration,
            Industry = industry,
            Employees = employees,
            TechStaff = tech.TechStaff,
            RevenueY1 = revenueY1,
            RevenueY2 = revenueY2,
            RevenueY3 = revenueY3,
            TotalIncomeY1 = totalIncomeY1,
            HighTechIncomeY1 = highTechIncomeY1,
            TotalAssets = totalAssets,
            CostAndExpenseY1 = costAndExpenseY1,
            RdExpenseY1 = rdY1,
            RdExpenseY2 = rdY2,
            RdExpenseY3 = rdY3,
            DomesticRdExpenseY1 = domesticY1,
            DomesticRdExpenseY2 = domesticY2,
            DomesticRdExpenseY3 = domesticY3,
            IpClassI = tech.IpClassI,
            IpClassII = tech.IpClassII,
            CoreIpForMainProducts = tech.CoreIp,
            TechFieldSupported = tech.TechField,
            InnovationCapabilityScore = tech.Score,
            MajorIncidentLastYear = majorIncident,
            SeriousFraudOrResearchDishonesty = dishonesty,
            AbnormalOperationListed = abnormal,
            RestrictedIndustry = restricted,
            HighTechCertValid = tech.Cert,
            NationalSciAwardTop3Within5y = tech.Award,
            ProvincialRdInstitution = tech.RdInstitution,
            LedStandardWithin5y = tech.Standard,
        };
        var withProgrammes = WithProgrammeFields(profile, archetype, rowRandom, out var rankedAward);
        return WithCorrectionFields(withProgrammes, archetype, rankedAward, correctionRandom);
    }

    /// <summary>Technology-related draws of one row; ratios are targets the money amounts are built from.</summary>
    private readonly record struct Tech(
        int TechStaff, double RdRatio, double DomesticShare, double HighTechShare,
        int IpClassI, int IpClassII, bool CoreIp, bool TechField, decimal Score,
        bool Cert, bool Award, bool RdInstitution, bool Standard);

    private static Archetype PickArchetype(Random random, double affinity)
    {
        var u = random.NextDouble();
        if (u < 0.40 * affinity)
        {
            return Archetype.Strong;
        }

        if (u < 0.55 * affinity)
        {
            return Archetype.NearMiss;
        }

        return u < 0.90 * affinity + 0.08 ? Archetype.Moderate : Archetype.Basic;
    }

    /// <summary>Passes every high-tech criterion by a margin (R&amp;D each year ≥ 2.6% above the requirement).</summary>
    private static Tech StrongTech(Random random, int employees, double required)
    {
        var low = required * 1.08;
        var u = random.NextDouble();
        return new Tech(
            TechStaff: CeilStaff(employees, Uniform(random, 0.12, 0.60)),
            RdRatio: low + (0.14 - low) * u * u,
            DomesticShare: Chance(random, 0.6) ? 1.0 : Uniform(random, 0.65, 1.0),
            HighTechShare: Uniform(random, 0.62, 0.97),
            IpClassI: Chance(random, 0.85) ? random.Next(1, 12) : 0,
            IpClassII: random.Next(2, 31),
            CoreIp: true,
            TechField: true,
            Score: Chance(random, 0.08) ? 71m : random.Next(71, 96),
            Cert: Chance(random, 0.65),
            Award: Chance(random, 0.03),
            RdInstitution: Chance(random, 0.25),
            Standard: Chance(random, 0.10));
    }

    /// <summary>A <see cref="StrongTech"/> row with exactly one high-tech criterion pushed just out of reach.</summary>
    private static Tech NearMissTech(Random random, int employees, double required, MissReason miss)
    {
        var tech = StrongTech(random, employees, required) with
        {
            // A certificate from an earlier round may still be valid; a firm under a year old has none.
            Cert = miss != MissReason.Registration && Chance(random, 0.35),
        };
        return miss switch
        {
            MissReason.CoreIp => tech with { CoreIp = false, IpClassI = 0 },
            MissReason.TechField => tech with { TechField = false },
            MissReason.TechStaff => tech with { TechStaff = FloorStaff(employees, Uniform(random, 0.03, 0.0999)) },
            // At most 0.87 × 1.05 ≈ 0.91 of the requirement in every year, so also over three years.
            MissReason.RdIntensity => tech with { RdRatio = required * Uniform(random, 0.75, 0.87) },
            // At most 0.58 × 1.02 ≈ 59.2% in every year.
            MissReason.DomesticShare => tech with { DomesticShare = Uniform(random, 0.35, 0.58) },
            MissReason.HighTechIncome => tech with { HighTechShare = Uniform(random, 0.40, 0.595) },
            MissReason.InnovationScore => tech with { Score = Chance(random, 0.5) ? 70m : random.Next(60, 70) },
            // Registration and MajorIncident are applied to the date and the flag, not here.
            _ => tech,
        };
    }

    private static Tech ModerateTech(Random random, int employees)
    {
        var domestic = random.NextDouble();
        return new Tech(
            TechStaff: FloorStaff(employees, Uniform(random, 0.06, 0.45)),
            RdRatio: Uniform(random, 0.015, 0.08),
            DomesticShare: domestic < 0.80 ? 1.0 : domestic < 0.95 ? Uniform(random, 0.6, 1.0) : Uniform(random, 0.2, 0.6),
            HighTechShare: Uniform(random, 0.1, 0.8),
            IpClassI: Chance(random, 0.3) ? random.Next(1, 4) : 0,
            IpClassII: random.Next(0, 9),
            CoreIp: Chance(random, 0.55),
            TechField: Chance(random, 0.6),
            Score: Chance(random, 0.06) ? 70m : random.Next(50, 80),
            Cert: Chance(random, 0.06),
            Award: Chance(random, 0.003),
            RdInstitution: Chance(random, 0.04),
            Standard: Chance(random, 0.02));
    }

    private static Tech BasicTech(Random random, int employees) => new(
        TechStaff: Chance(random, 0.6) ? 0 : FloorStaff(employees, Uniform(random, 0.0, 0.08)),
        RdRatio: Chance(random, 0.7) ? 0.0 : Uniform(random, 0.001, 0.02),
        DomesticShare: Chance(random, 0.95) ? 1.0 : Uniform(random, 0.2, 0.6),
        HighTechShare: Chance(random, 0.85) ? 0.0 : Uniform(random, 0.0, 0.3),
        IpClassI: Chance(random, 0.03) ? 1 : 0,
        IpClassII: Chance(random, 0.2) ? random.Next(1, 4) : 0,
        CoreIp: Chance(random, 0.05),
        TechField: Chance(random, 0.04),
        Score: random.Next(40, 66),
        Cert: Chance(random, 0.005),
        Award: false,
        RdInstitution: Chance(random, 0.005),
        Standard: Chance(random, 0.005));

    /// <summary>The high-tech R&amp;D intensity required for a Y1 revenue (5% up to 5000万, 4% up to 2亿, else 3%).</summary>
    private static decimal RequiredRdIntensity(decimal revenueY1) =>
        revenueY1 <= 50_000_000m ? 0.05m : revenueY1 <= 200_000_000m ? 0.04m : 0.03m;

    /// <summary>
    /// Registration date before <see cref="AsOf"/>. Strong rows and near misses are at least 18
    /// months old (a few exactly 365 days, the boundary that passes), except near misses built to
    /// fail on age, which are 211–364 days old; others include about 9% registered within the last year.
    /// </summary>
    private static DateOnly DrawRegistration(Random random, Archetype archetype, MissReason? miss, int employees)
    {
        var maxAge = AsOf.DayNumber - EarliestRegistration.DayNumber;
        if (miss == MissReason.Registration)
        {
            // 2024-07-01 .. 2024-12-01: under 365 days, yet with some Y1 revenue.
            return AsOf.AddDays(-random.Next(211, 365));
        }

        int age;
        var u = random.NextDouble();
        if (archetype is Archetype.Strong or Archetype.NearMiss)
        {
            age = Chance(random, 0.02) ? 365 : 548 + (int)((maxAge - 548) * u * (0.4 + 0.6 * u));
        }
        else if (Chance(random, 0.09))
        {
            age = 1 + (int)(364 * u);
        }
        else
        {
            // Skewed towards young firms, except larger ones, which skew old.
            var shape = employees >= 300 ? 1 - (1 - u) * (1 - u) : u * (0.4 + 0.6 * u);
            age = 365 + (int)((maxAge - 365) * shape);
        }

        return AsOf.AddDays(-Math.Clamp(age, 1, maxAge));
    }

    /// <summary>Share of calendar year <paramref name="year"/> during which the enterprise existed.</summary>
    private static double OperatingFraction(DateOnly registration, int year)
    {
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        if (registration <= first)
        {
            return 1.0;
        }

        if (registration > last)
        {
            return 0.0;
        }

        return (last.DayNumber - registration.DayNumber + 1) / (double)(last.DayNumber - first.DayNumber + 1);
    }

    private static decimal DomesticPart(Random random, decimal rd, double share)
    {
        var part = share >= 1.0 ? rd : Money((double)rd * Math.Min(1.0, share * Uniform(random, 0.98, 1.02)));
        return Math.Min(part, rd);
    }

    private static int CeilStaff(int employees, double ratio) =>
        Math.Min(employees, (int)Math.Ceiling(employees * ratio));

    private static int FloorStaff(int employees, double ratio) =>
        Math.Min(employees, (int)Math.Floor(employees * ratio));

    /// <summary>An 18-character 统一社会信用代码-style id with a valid GB 32100-2015 check character.</summary>
    private static string CreditCode(ulong org, bool cityLevel)
    {
        Span<char> code = stackalloc char[18];
        "91".CopyTo(code);
        (cityLevel ? "370200" : "370211").CopyTo(code[2..]);
        for (var position = 16; position >= 8; position--)
        {
            code[position] = CodeChars[(int)(org % 31)];
            org /= 31;
        }

        var sum = 0;
        for (var position = 0; position < 17; position++)
        {
            sum += CodeChars.IndexOf(code[position], StringComparison.Ordinal) * CheckWeights[position];
        }

        code[17] = CodeChars[(31 - sum % 31) % 31];
        return new string(code);
    }

    private static int[] BuildCheckWeights()
    {
        var weights = new int[17];
        var weight = 1;
        for (var position = 0; position < weights.Length; position++)
        {
            weights[position] = weight;
            weight = weight * 3 % 31;
        }

        return weights;
    }

    private static string CompanyName(Random random, int industryIndex, int employees)
    {
        var prefix = Prefixes[random.Next(Prefixes.Length)];
        var brand = Brands[random.Next(Brands.Length)];
        var words = IndustryWords[industryIndex];
        var word = words[random.Next(words.Length)];
        var suffix = employees >= 500 && Chance(random, 0.4) ? "股份有限公司" : "有限公司";
        return string.Concat(prefix, brand, word, suffix);
    }

    private static int Pick(Random random, double[] weights)
    {
        var total = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            total += weights[i];
        }

        var target = random.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            target -= weights[i];
            if (target < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static bool Chance(Random random, double probability) => random.NextDouble() < probability;

    private static double Uniform(Random random, double min, double max) => min + (max - min) * random.NextDouble();

    /// <summary>An approximately standard normal draw (sum of four uniforms), bounded to ±3.46.</summary>
    private static double StandardNormal(Random random) =>
        (random.NextDouble() + random.NextDouble() + random.NextDouble() + random.NextDouble() - 2.0) * 1.7320508075688772;

    /// <summary>A log-normal factor with median 1.</summary>
    private static double LogNormal(Random random, double sigma) => Exp(sigma * StandardNormal(random));

    /// <summary>
    /// e^x from +, −, ×, ÷ and an exact power-of-two scaling, so the result is bit-identical on every
    /// platform (Math.Exp defers to the C runtime, whose last bit may differ).
    /// </summary>
    private static double Exp(double x)
    {
        const double Ln2 = 0.6931471805599453;
        var k = (int)Math.Round(x / Ln2);
        var r = x - k * Ln2;
        var term = 1.0;
        var sum = 1.0;
        for (var n = 1; n <= 16; n++)
        {
            term = term * r / n;
            sum += term;
        }

        return Math.ScaleB(sum, k);
    }

    /// <summary>Yuan, rounded to the fen, clamped to [0, 10^15].</summary>
    private static decimal Money(double yuan) =>
        yuan <= 0 || double.IsNaN(yuan) ? 0m : Math.Round((decimal)Math.Min(yuan, MaxMoney), 2, MidpointRounding.ToEven);
}
