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
public sealed record EnterpriseProfile
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

    /// <summary>Serious research dishonesty (科研严重失信行为) in the reporting period.</summary>
    public bool SeriousResearchDishonesty { get; init; }

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
}
