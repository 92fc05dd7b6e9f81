namespace PolicyRules.Model;

/// <summary>
/// One enterprise as every programme reads it: the fixed public input contract of
/// <c>shared/spec/enterprise-profile.md</c>. Money is in yuan (元) as <see cref="decimal"/>;
/// Y1 is the last completed fiscal year before the evaluation date, Y2 and Y3 the years before it,
/// and a year in which the enterprise did not yet operate is 0.
/// </summary>
/// <remarks>
/// CSV columns and JSON properties use the camelCase form of each property name
/// (see <see cref="ProfileSchema"/>). Ratios are never supplied: the rules compute them.
/// </remarks>
// Not sealed: a district's extension of the kind (a "*.record.json" with "Extends") is a type
// emitted at load that derives from this one, so every programme compiled over it reads its records.
public record EnterpriseProfile
{
    /// <summary>Identifier (统一社会信用代码 or any unique key), echoed in every output row.</summary>
    public string Id { get; init; } = "";

    /// <summary>Display name.</summary>
    public string Name { get; init; } = "";

    /// <summary>Registered in mainland China as a resident enterprise (在中国境内注册的居民企业).</summary>
    public bool ResidentInMainland { get; init; }

    /// <summary>Date of incorporation (注册成立日期).</summary>
    public DateOnly RegistrationDate { get; init; }

    /// <summary>Industry for SME size classification.</summary>
    public Industry Industry { get; init; }

    /// <summary>Total staff (职工总数 / 从业人员), Y1.</summary>
    public int Employees { get; init; }

    /// <summary>S&amp;T staff (科技人员) under the high-tech / tech-SME rules, Y1.</summary>
    public int TechStaff { get; init; }

    /// <summary>Operating revenue (营业收入 / 销售收入), Y1, 元.</summary>
    public decimal RevenueY1 { get; init; }

    /// <summary>Operating revenue, Y2, 元.</summary>
    public decimal RevenueY2 { get; init; }

    /// <summary>Operating revenue, Y3, 元.</summary>
    public decimal RevenueY3 { get; init; }

    /// <summary>Total income (收入总额), Y1, 元.</summary>
    public decimal TotalIncomeY1 { get; init; }

    /// <summary>Income from high-tech products and services (高新技术产品(服务)收入), Y1, 元.</summary>
    public decimal HighTechIncomeY1 { get; init; }

    /// <summary>Total assets at the end of Y1 (资产总额), 元.</summary>
    public decimal TotalAssets { get; init; }

    /// <summary>Total costs and expenses (成本费用支出总额), Y1, 元.</summary>
    public decimal CostAndExpenseY1 { get; init; }

    /// <summary>R&amp;D expense (研究开发费用), Y1, 元.</summary>
    public decimal RdExpenseY1 { get; init; }

    /// <summary>R&amp;D expense, Y2, 元.</summary>
    public decimal RdExpenseY2 { get; init; }

    /// <summary>R&amp;D expense, Y3, 元.</summary>
    public decimal RdExpenseY3 { get; init; }

    /// <summary>R&amp;D expense incurred inside China (境内研发费用), Y1, 元.</summary>
    public decimal DomesticRdExpenseY1 { get; init; }

    /// <summary>Domestic R&amp;D expense, Y2, 元.</summary>
    public decimal DomesticRdExpenseY2 { get; init; }

    /// <summary>Domestic R&amp;D expense, Y3, 元.</summary>
    public decimal DomesticRdExpenseY3 { get; init; }

    /// <summary>Valid class-I IP related to main products (Ⅰ类知识产权).</summary>
    public int IpClassI { get; init; }

    /// <summary>Valid class-II IP related to main products (Ⅱ类知识产权, trademarks excluded).</summary>
    public int IpClassII { get; init; }

    /// <summary>Owns IP giving core technical support to its main products (核心自主知识产权).</summary>
    public bool CoreIpForMainProducts { get; init; }

    /// <summary>The core technology lies in the state-supported high-tech fields (国家重点支持的高新技术领域).</summary>
    public bool TechFieldSupported { get; init; }

    /// <summary>Innovation-capability assessment score (企业创新能力评价得分), 0–100.</summary>
    public decimal InnovationCapabilityScore { get; init; }

    /// <summary>A major safety or quality accident or serious environmental violation in the year before application.</summary>
    public bool MajorIncidentLastYear { get; init; }

    /// <summary>
    /// Serious fraud or serious research dishonesty (严重弄虚作假或科研严重失信行为) in the last fiscal year
    /// or the current one (国科火字〔2022〕67号 (四)); replaces the former <c>seriousResearchDishonesty</c>.
    /// </summary>
    public bool SeriousFraudOrResearchDishonesty { get; init; }

    /// <summary>On the abnormal-operation or serious-violation/dishonesty list (经营异常名录、严重违法失信企业名单).</summary>
    public bool AbnormalOperationListed { get; init; }

    /// <summary>Products or services in a prohibited, restricted or eliminated category (禁止、限制和淘汰类).</summary>
    public bool RestrictedIndustry { get; init; }

    /// <summary>Holds a valid high-tech enterprise certificate (有效期内高新技术企业资格证书).</summary>
    public bool HighTechCertValid { get; init; }

    /// <summary>National S&amp;T award in the last five years, ranked among the first three awarded units.</summary>
    public bool NationalSciAwardTop3Within5y { get; init; }

    /// <summary>Has an accredited R&amp;D institution at provincial/ministerial level or above.</summary>
    public bool ProvincialRdInstitution { get; init; }

    /// <summary>Led the drafting of an international, national or industry standard in the last five years.</summary>
    public bool LedStandardWithin5y { get; init; }

    // ---- Fields added for the programmes of programmes.md §4–§14 (docs/data-dictionary.md). ----

    /// <summary>Main-business revenue (主营业务收入), Y1, 元.</summary>
    public decimal MainBusinessRevenueY1 { get; init; }

    /// <summary>Main-business revenue, Y2, 元.</summary>
    public decimal MainBusinessRevenueY2 { get; init; }

    /// <summary>Main-business revenue, Y3, 元.</summary>
    public decimal MainBusinessRevenueY3 { get; init; }

    /// <summary>Total liabilities at the end of Y1 (负债总额), 元.</summary>
    public decimal TotalLiabilities { get; init; }

    /// <summary>Net profit (净利润), Y1, 元; may be negative.</summary>
    public decimal NetProfitY1 { get; init; }

    /// <summary>Net profit, Y2, 元; may be negative.</summary>
    public decimal NetProfitY2 { get; init; }

    /// <summary>Net profit, Y3, 元; may be negative.</summary>
    public decimal NetProfitY3 { get; init; }

    /// <summary>Valid high-value class-I IP (高价值Ⅰ类知识产权).</summary>
    public int HighValueIpClassI { get; init; }

    /// <summary>Valid class-I IP obtained by the enterprise's own R&amp;D (自主研发Ⅰ类知识产权).</summary>
    public int SelfDevelopedIpClassI { get; init; }

    /// <summary>Valid invention patents (发明专利).</summary>
    public int InventionPatents { get; init; }

    /// <summary>Valid utility models plus software copyrights (实用新型专利与软件著作权合计).</summary>
    public int UtilityModelsAndSoftwareCopyrights { get; init; }

    /// <summary>R&amp;D staff (研发人员), Y1.</summary>
    public int RdStaff { get; init; }

    /// <summary>New equity financing from qualified investors in the last 2 years (近2年新增股权融资), 元.</summary>
    public decimal EquityFinancing2y { get; init; }

    /// <summary>New equity financing from qualified investors in the last 3 years (近3年新增股权融资), 元.</summary>
    public decimal EquityFinancing3y { get; init; }

    /// <summary>Years in its niche market (从事特定细分市场时间), whole years.</summary>
    public int NicheMarketYears { get; init; }

    /// <summary>National share of its niche market (细分市场全国占有率), percent 0–100.</summary>
    public decimal NicheMarketSharePercent { get; init; }

    /// <summary>Domestic rank in its niche market (国内细分市场排名); 0 when not ranked.</summary>
    public int DomesticMarketRank { get; init; }

    /// <summary>Global market-share rank of its champion product (全球市场占有率排名); 0 when not ranked.</summary>
    public int GlobalMarketRank { get; init; }

    /// <summary>Years in the champion product's field (从事该产品领域时间), whole years.</summary>
    public int ChampionProductYears { get; init; }

    /// <summary>The champion product is a new product (新产品), for which a shorter history suffices.</summary>
    public bool ChampionProductNew { get; init; }

    /// <summary>Revenue from the champion product (单项冠军产品销售收入), Y1, 元.</summary>
    public decimal ChampionProductRevenueY1 { get; init; }

    /// <summary>National or provincial S&amp;T award in the last 3 years (近三年获得国家级、省级科技奖励).</summary>
    public bool SciAwardWithin3y { get; init; }

    /// <summary>Provincial S&amp;T award in the last 3 years, ranked among the first three awarded units (近三年获得省级科技奖励并在获奖单位中排名前三).</summary>
    public bool ProvincialSciAwardTop3Within3y { get; init; }

    /// <summary>National S&amp;T award in the last 3 years, ranked among the first five awarded units (近三年获得国家级科技奖励并在获奖单位中排名前五).</summary>
    public bool NationalSciAwardTop5Within3y { get; init; }

    /// <summary>National S&amp;T award in the last 3 years, ranked among the first three awarded units.</summary>
    public bool NationalSciAwardTop3Within3y { get; init; }

    /// <summary>Holds a valid national technology-innovation demonstration or IP advantage/demonstration title.</summary>
    public bool InnovationTitleValid { get; init; }

    /// <summary>Among the national top 500 of the 创客中国 competition in the last 3 years.</summary>
    public bool MakerChinaTop500Within3y { get; init; }

    /// <summary>Among the national top 50 of the 创客中国 competition in the last 3 years.</summary>
    public bool MakerChinaTop50Within3y { get; init; }

    /// <summary>Has its own R&amp;D institution or one built jointly with universities or institutes (自建或联合建立研发机构).</summary>
    public bool RdInstitution { get; init; }

    /// <summary>Its main product is in the strategic emerging industries catalogue (战略性新兴产业分类).</summary>
    public bool StrategicEmergingProduct { get; init; }

    /// <summary>Assessed specialized-SME score (专精特新中小企业评价得分), 0–100.</summary>
    public decimal SpecializedSmeScore { get; init; }

    /// <summary>Quality-SME platform assessment score under the 2026 measures (优质中小企业平台评价得分), 0–100.</summary>
    public decimal QualitySmePlatformScore { get; init; }

    /// <summary>Assessed little-giant score under the 2026 measures (小巨人评价得分), 0–100.</summary>
    public decimal LittleGiantScore { get; init; }

    /// <summary>Credit evaluation score (信用评价得分), 0–100.</summary>
    public decimal CreditScore { get; init; }

    /// <summary>Uses digital management systems (数字化、信息化管理系统).</summary>
    public bool InformationSystemsInUse { get; init; }

    /// <summary>Holds quality-management or product certifications (质量管理体系等认证).</summary>
    public bool QualityCertified { get; init; }

    /// <summary>Owns its brand (自主品牌).</summary>
    public bool OwnBrand { get; init; }

    /// <summary>Holds a key position in an industrial chain (产业链关键环节、补短板).</summary>
    public bool KeyChainPosition { get; init; }

    /// <summary>Works in a national priority field (制造强国、网络强国等重点领域).</summary>
    public bool PriorityField { get; init; }

    /// <summary>Listed on a stock exchange (已上市).</summary>
    public bool Listed { get; init; }

    /// <summary>Financed by private equity or venture investors (获得私募股权投资).</summary>
    public bool PrivatelyFinanced { get; init; }

    /// <summary>Latest valuation (最新估值), US dollars.</summary>
    public decimal LatestValuationUsd { get; init; }

    /// <summary>Share of equity sold at the latest valuation (以最新估值出让的股权比例), percent 0–100.</summary>
    public decimal ValuationRoundSharePercent { get; init; }

    /// <summary>Green factory level (绿色工厂等级).</summary>
    public GreenFactoryLevel GreenFactoryLevel { get; init; }

    // ---- Fields added or changed 2026-12 after a review against the official texts (docs/data-dictionary.md). ----

    /// <summary>
    /// Non-taxable income (不征税收入), Y1, 元; 0 when none. The high-tech income share's denominator is
    /// 总收入 = <see cref="TotalIncomeY1"/> − this (《高新技术企业认定管理工作指引》 国科发火〔2016〕195号).
    /// </summary>
    public decimal NonTaxableIncomeY1 { get; init; }

    /// <summary>
    /// In the last three years a major safety (including cyber and data security), quality or
    /// environmental-pollution incident, or tax evasion or a like violation (近三年发生重大安全（含网络安全、
    /// 数据安全）、质量、环境污染等事故，或偷漏税等违法违规行为).
    /// </summary>
    public bool MajorIncidentLast3Years { get; init; }

    /// <summary>A major safety or quality accident or serious environmental violation in the last fiscal year or the current one (上一会计年度及当年).</summary>
    public bool MajorIncidentPriorAndCurrentFy { get; init; }

    /// <summary>R&amp;D intensity assessed as leading in its industry (研发投入强度达到行业领先水平); no number is published.</summary>
    public bool RdIndustryLeading { get; init; }

    /// <summary>A resident enterprise (居民企业): registered in China, or incorporated abroad with its actual management in China.</summary>
    public bool ResidentEnterprise { get; init; }

    /// <summary>Sound accounts, taxed on audited books (查账征收, not 核定征收), R&amp;D expense collected accurately, paying enterprise income tax.</summary>
    public bool AuditedTaxCollection { get; init; }

    /// <summary>Its industry is excluded from the R&amp;D super-deduction by 财税〔2015〕119号 (tobacco, accommodation and catering, wholesale and retail, real estate, leasing and business services, entertainment).</summary>
    public bool RdSuperDeductionExcludedIndustry { get; init; }

    /// <summary>Holds a tech-based SME registration number valid this year (科技型中小企业入库登记编号).</summary>
    public bool TechBasedSmeRegistered { get; init; }

    /// <summary>Holds a valid 专精特新中小企业 recognition.</summary>
    public bool SpecializedSmeRecognised { get; init; }

    /// <summary>Holds a valid 专精特新“小巨人” recognition.</summary>
    public bool LittleGiantRecognised { get; init; }

    /// <summary>The year its highest green-factory level (<see cref="GreenFactoryLevel"/>) was recognised; 0 when none.</summary>
    public int GreenFactoryYear { get; init; }
}
