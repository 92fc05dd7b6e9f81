using System.Collections.Frozen;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;

namespace PolicyRules.Model;

/// <summary>
/// A record contract as data — the enterprise profile or the person profile: every field's contract
/// name, kind and meaning in contract order, and the parsing every reader (CSV, JSON, Parquet) shares.
/// </summary>
public sealed class RecordSchema
{
    private readonly FrozenDictionary<string, ProfileField> _byName;
    private readonly FrozenDictionary<string, ProfileField> _byProperty;
    // Compiled on first use, not with the schema: the rule checker (lint, the build-time analyzer)
    // needs the fields but never reads or writes a record, and compiling ~160 accessors is ~40 ms
    // of CPU in a fresh process.
    private object[]? _setters;
    private object[]? _getters;
    private Func<object>? _create;

    private readonly FrozenDictionary<string, string> _retired;

    private RecordSchema(Type recordType, (string Property, FieldKind Kind, string MeaningZh)[] specs, (string Name, string Reason)[]? retired = null)
    {
        RecordType = recordType;
        _retired = (retired ?? []).ToFrozenDictionary(r => r.Name, r => r.Reason, StringComparer.Ordinal);
        var fields = new ProfileField[specs.Length];
        for (var i = 0; i < specs.Length; i++)
        {
            var property = recordType.GetProperty(specs[i].Property)
                ?? throw new InvalidOperationException($"{recordType.Name} has no property {specs[i].Property}.");
            fields[i] = new ProfileField(i, property, specs[i].Kind, specs[i].MeaningZh);
        }

        Fields = fields;
        _byName = fields.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
        _byProperty = fields.ToFrozenDictionary(f => f.Property.Name, StringComparer.Ordinal);
        All = new FieldSet(fields.Length == 128 ? UInt128.MaxValue : (UInt128.One << fields.Length) - 1);
    }

    /// <summary>The enterprise profile (<c>shared/spec/enterprise-profile.md</c> and the fields added for later programmes).</summary>
    public static RecordSchema Enterprise { get; } = new(typeof(EnterpriseProfile), EnterpriseSpecs(), RetiredEnterpriseFields());

    /// <summary>The person profile of person-level programmes (YoungTalentLeader).</summary>
    public static RecordSchema Person { get; } = new(typeof(PersonProfile),
    [
        (nameof(PersonProfile.Id), FieldKind.Text, "人员标识（身份证号、人才编号等）"),
        (nameof(PersonProfile.Name), FieldKind.Text, "姓名"),
        (nameof(PersonProfile.BirthDate), FieldKind.Date, "出生日期"),
        (nameof(PersonProfile.EmployerId), FieldKind.Text, "工作单位统一社会信用代码（可空）"),
        (nameof(PersonProfile.LeadingTalentQualified), FieldKind.Boolean, "具备领军人才资格"),
    ]);

    /// <summary>The schema of <paramref name="type"/>'s records, or null when it is not a record contract.</summary>
    public static RecordSchema? For(Type? type) =>
        type == typeof(EnterpriseProfile) ? Enterprise : type == typeof(PersonProfile) ? Person : null;

    /// <summary>The C# record type.</summary>
    public Type RecordType { get; }

    /// <summary>The fields in contract order.</summary>
    public IReadOnlyList<ProfileField> Fields { get; }

    /// <summary>All fields as a set.</summary>
    public FieldSet All { get; }

    /// <summary>The <c>id</c> field, which every reader needs whatever the programmes read.</summary>
    public ProfileField IdField => Fields[0];

    /// <summary>The record's display name (<c>name</c>), which reports and the reserve pool show; null when the contract has none.</summary>
    internal ProfileField? NameField => _byName.GetValueOrDefault("name");

    /// <summary>Finds a field by its contract (camelCase) name, exactly.</summary>
    public bool TryGetField(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProfileField? field) =>
        _byName.TryGetValue(name, out field);

    /// <summary>
    /// True when <paramref name="name"/> was a field of this contract and was removed; <paramref name="reason"/>
    /// then says, in English and Chinese, which field(s) replace it. Every reader refuses such a column
    /// rather than ignoring it: its values would otherwise be silently lost.
    /// </summary>
    internal bool TryGetRetired(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? reason) =>
        _retired.TryGetValue(name, out reason);

    /// <summary>Finds the field behind a property of <see cref="RecordType"/>.</summary>
    public ProfileField? FieldOf(MemberInfo member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return member.DeclaringType == RecordType && _byProperty.TryGetValue(member.Name, out var field) ? field : null;
    }

    /// <summary>The fields of <paramref name="set"/> (a set over this schema), in contract order.</summary>
    public IEnumerable<ProfileField> FieldsIn(FieldSet set)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (set.Contains(i))
            {
                yield return Fields[i];
            }
        }
    }

    /// <summary>A new record with every field at its default.</summary>
    internal object Create() =>
        (_create ?? LazyInitializer.EnsureInitialized(ref _create, () => Expression.Lambda<Func<object>>(Expression.New(RecordType)).Compile()))();

    private object[] Setters => _setters ?? LazyInitializer.EnsureInitialized(ref _setters, () => [.. Fields.Select(CreateSetter)]);

    private object[] Getters => _getters ?? LazyInitializer.EnsureInitialized(ref _getters, () => [.. Fields.Select(CreateGetter)]);

    /// <summary>The value of a numeric field (count, money, score, percent) as a decimal.</summary>
    internal decimal GetNumber(object record, ProfileField field) => field.Kind switch
    {
        FieldKind.Count => ((Func<object, int>)Getters[field.Index])(record),
        FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent => ((Func<object, decimal>)Getters[field.Index])(record),
        _ => throw new ArgumentException($"{field.Name} is not a numeric field.", nameof(field)),
    };

    /// <summary>Stores a numeric value into a record not yet shared (a fresh copy). A count must be whole.</summary>
    internal void SetNumber(object record, ProfileField field, decimal value)
    {
        switch (field.Kind)
        {
            case FieldKind.Count:
                ((Action<object, int>)Setters[field.Index])(record, decimal.ToInt32(value));
                break;
            case FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent:
                ((Action<object, decimal>)Setters[field.Index])(record, value);
                break;
            default:
                throw new ArgumentException($"{field.Name} is not a numeric field.", nameof(field));
        }
    }

    /// <summary>The id of a record of this schema.</summary>
    internal string IdOf(object record) => (string)IdField.Property.GetValue(record)!;

    /// <summary>
    /// Parses <paramref name="text"/> as a value of <paramref name="field"/> and stores it into
    /// <paramref name="record"/>. Returns null on success, else the reason in English and Chinese.
    /// An empty cell is not handled here: readers record it as missing.
    /// </summary>
    internal string? TryAssign(object record, ProfileField field, ReadOnlySpan<char> text)
    {
        var setter = Setters[field.Index];
        switch (field.Kind)
        {
            case FieldKind.Text:
                ((Action<object, string>)setter)(record, text.ToString());
                return null;
            case FieldKind.Boolean:
                if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
                {
                    ((Action<object, bool>)setter)(record, true);
                    return null;
                }

                if (text.Equals("false", StringComparison.OrdinalIgnoreCase))
                {
                    ((Action<object, bool>)setter)(record, false);
                    return null;
                }

                return Reason(text, "expected true or false", "应为 true 或 false");
            case FieldKind.Date:
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    ((Action<object, DateOnly>)setter)(record, date);
                    return null;
                }

                return DateReason(text);
            case FieldKind.Count:
                if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count) && count >= 0)
                {
                    ((Action<object, int>)setter)(record, count);
                    return null;
                }

                return NumberReason(field, text);
            case FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent:
                var parsed = Input.DecimalText.Parse(text, out var amount);
                if (parsed == Input.DecimalParse.Exact && IsInRange(field.Kind, amount))
                {
                    ((Action<object, decimal>)setter)(record, amount);
                    return null;
                }

                return parsed == Input.DecimalParse.Inexact
                    ? Reason(text, "more digits than can be held exactly (at most 28 significant digits; nothing below 10^-28), so the value would be silently rounded", "位数超出精确表示范围（最多 28 位有效数字），将被静默舍入")
                    : NumberReason(field, text);
            case FieldKind.Industry:
                if (TryParseName<Industry>(text, out var industry))
                {
                    ((Action<object, Industry>)setter)(record, industry);
                    return null;
                }

                return Reason(text, "expected one of " + string.Join(", ", Enum.GetNames<Industry>()), "应为行业名称之一");
            case FieldKind.Choice when field.Property.PropertyType == typeof(GreenFactoryLevel):
                if (TryParseName<GreenFactoryLevel>(text, out var level))
                {
                    ((Action<object, GreenFactoryLevel>)setter)(record, level);
                    return null;
                }

                return Reason(text, "expected one of " + string.Join(", ", Enum.GetNames<GreenFactoryLevel>()), "应为等级名称之一");
            default:
                throw new InvalidOperationException($"Unknown field kind {field.Kind}.");
        }
    }

    /// <summary>
    /// True when <paramref name="value"/> is acceptable for a field of <paramref name="kind"/> (money,
    /// signed money, score, percent or count; a count must also be whole). Every reader applies this
    /// rule, to parsed text and to typed values alike.
    /// </summary>
    internal static bool IsInRange(FieldKind kind, decimal value) => kind switch
    {
        FieldKind.Money => value >= 0 && value <= ProfileSchema.MaxMoney && IsWholeFen(value),
        FieldKind.SignedMoney => value >= -ProfileSchema.MaxMoney && value <= ProfileSchema.MaxMoney && IsWholeFen(value),
        FieldKind.Score or FieldKind.Percent => value >= 0 && value <= 100,
        FieldKind.Count => value >= 0 && value <= int.MaxValue && value == decimal.Truncate(value),
        _ => false,
    };

    /// <summary>
    /// Money is in yuan to the fen (分, 2 decimals), as accounts and tax returns state it: 1.005 is not an
    /// amount anyone owes or earns, so it is refused rather than rounded either way (1.000 is 1 yuan).
    /// </summary>
    private static bool IsWholeFen(decimal value) => decimal.Round(value, 2) == value;

    /// <summary>Why <paramref name="shown"/> is not a value of numeric <paramref name="field"/>, in English and Chinese.</summary>
    internal static string NumberReason(ProfileField field, ReadOnlySpan<char> shown) => field.Kind switch
    {
        FieldKind.Count => Reason(shown, "expected a whole number ≥ 0", "应为不小于 0 的整数"),
        FieldKind.Money => Reason(shown, "expected an amount in yuan between 0 and 10^18, to the fen (at most 2 decimals)", "应为 0 至 10^18 之间的金额（元），精确到分（最多两位小数）"),
        FieldKind.SignedMoney => Reason(shown, "expected an amount in yuan between -10^18 and 10^18, to the fen (at most 2 decimals)", "应为 -10^18 至 10^18 之间的金额（元），精确到分（最多两位小数）"),
        FieldKind.Score => Reason(shown, "expected a score between 0 and 100", "应为 0 至 100 之间的分数"),
        FieldKind.Percent => Reason(shown, "expected a percentage between 0 and 100", "应为 0 至 100 之间的百分数"),
        _ => throw new ArgumentException($"{field.Name} is not a numeric field.", nameof(field)),
    };

    /// <summary>Why <paramref name="shown"/> is not a calendar date, in English and Chinese.</summary>
    internal static string DateReason(ReadOnlySpan<char> shown) => Reason(shown, "expected a date YYYY-MM-DD", "应为日期 YYYY-MM-DD");

    /// <summary>
    /// The compiled setter of <paramref name="field"/>: <c>Action&lt;object, T&gt;</c> where T is the
    /// property's type. Typed readers (Parquet) resolve it once per column, not once per value.
    /// </summary>
    internal TSetter SetterOf<TSetter>(ProfileField field)
        where TSetter : Delegate => (TSetter)Setters[field.Index];

    private static bool TryParseName<TEnum>(ReadOnlySpan<char> text, out TEnum value)
        where TEnum : struct, Enum
    {
        // Names only: Enum.TryParse would also accept numbers such as "3".
        var names = EnumNames<TEnum>.Names;
        for (var i = 0; i < names.Length; i++)
        {
            if (text.Equals(names[i], StringComparison.OrdinalIgnoreCase))
            {
                value = EnumNames<TEnum>.Values[i];
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>An enum's values and names, computed once: readers match a name per cell.</summary>
    private static class EnumNames<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly TEnum[] Values = Enum.GetValues<TEnum>();

        public static readonly string[] Names = [.. Values.Select(v => v.ToString())];
    }

    private static string Reason(ReadOnlySpan<char> text, string english, string chinese)
    {
        var shown = text.Length > 40 ? string.Concat(text[..40], "…") : text.ToString();
        return $"{english}, got '{shown}' / {chinese}，实为 '{shown}'";
    }

    private object CreateSetter(ProfileField field)
    {
        // Readers build a record field by field; init accessors are ordinary setters to an
        // expression tree, so each field gets a typed, non-boxing setter once.
        var record = Expression.Parameter(typeof(object), "record");
        var value = Expression.Parameter(field.Property.PropertyType, "value");
        var assign = Expression.Assign(Expression.Property(Expression.Convert(record, RecordType), field.Property), value);
        var delegateType = typeof(Action<,>).MakeGenericType(typeof(object), field.Property.PropertyType);
        return Expression.Lambda(delegateType, assign, record, value).Compile();
    }

    private object CreateGetter(ProfileField field)
    {
        var record = Expression.Parameter(typeof(object), "record");
        var delegateType = typeof(Func<,>).MakeGenericType(typeof(object), field.Property.PropertyType);
        return Expression.Lambda(delegateType, Expression.Property(Expression.Convert(record, RecordType), field.Property), record).Compile();
    }

    /// <summary>Fields removed from the enterprise contract (2026-12, after a review against the official texts), with what replaces each.</summary>
    private static (string Name, string Reason)[] RetiredEnterpriseFields() =>
    [
        ("provincialTop3OrNationalSciAwardWithin3y",
            "this column was removed (2026-12): one flag cannot say that a national S&T award counts only when ranked in the first five (工信部企业〔2022〕63号 附件2); "
            + "supply the two columns 'provincialSciAwardTop3Within3y' and 'nationalSciAwardTop5Within3y' instead"
            + " / 该列已于 2026-12 删除：单一标志无法表达国家级科技奖励须排名前五（工信部企业〔2022〕63号 附件2）；"
            + "请改为提供 'provincialSciAwardTop3Within3y' 和 'nationalSciAwardTop5Within3y' 两列"),
        ("seriousResearchDishonesty",
            "this column was replaced (2026-12) by 'seriousFraudOrResearchDishonesty': serious fraud or serious research dishonesty in the last fiscal year or the current one (国科火字〔2022〕67号 (四)); "
            + "rename the column and check that its values also cover serious fraud"
            + " / 该列已于 2026-12 由 'seriousFraudOrResearchDishonesty' 取代（上一会计年度及当年有严重弄虚作假或科研严重失信行为，国科火字〔2022〕67号（四））；"
            + "请改用新列名，并核对取值是否包含严重弄虚作假"),
    ];

    private static (string Property, FieldKind Kind, string MeaningZh)[] EnterpriseSpecs()
    {
        return
        [
            (nameof(EnterpriseProfile.Id), FieldKind.Text, "企业标识（统一社会信用代码等）"),
            (nameof(EnterpriseProfile.Name), FieldKind.Text, "企业名称"),
            (nameof(EnterpriseProfile.ResidentInMainland), FieldKind.Boolean, "在中国境内注册的居民企业"),
            (nameof(EnterpriseProfile.RegistrationDate), FieldKind.Date, "注册成立日期"),
            (nameof(EnterpriseProfile.Industry), FieldKind.Industry, "所属行业（划型用）"),
            (nameof(EnterpriseProfile.Employees), FieldKind.Count, "职工总数 / 从业人员（Y1）"),
            (nameof(EnterpriseProfile.TechStaff), FieldKind.Count, "科技人员（Y1）"),
            (nameof(EnterpriseProfile.RevenueY1), FieldKind.Money, "营业收入（Y1，元）"),
            (nameof(EnterpriseProfile.RevenueY2), FieldKind.Money, "营业收入（Y2，元）"),
            (nameof(EnterpriseProfile.RevenueY3), FieldKind.Money, "营业收入（Y3，元）"),
            (nameof(EnterpriseProfile.TotalIncomeY1), FieldKind.Money, "收入总额（Y1，元）"),
            (nameof(EnterpriseProfile.HighTechIncomeY1), FieldKind.Money, "高新技术产品（服务）收入（Y1，元）"),
            (nameof(EnterpriseProfile.TotalAssets), FieldKind.Money, "资产总额（Y1 末，元）"),
            (nameof(EnterpriseProfile.CostAndExpenseY1), FieldKind.Money, "成本费用支出总额（Y1，元）"),
            (nameof(EnterpriseProfile.RdExpenseY1), FieldKind.Money, "研究开发费用（Y1，元）"),
            (nameof(EnterpriseProfile.RdExpenseY2), FieldKind.Money, "研究开发费用（Y2，元）"),
            (nameof(EnterpriseProfile.RdExpenseY3), FieldKind.Money, "研究开发费用（Y3，元）"),
            (nameof(EnterpriseProfile.DomesticRdExpenseY1), FieldKind.Money, "境内研发费用（Y1，元）"),
            (nameof(EnterpriseProfile.DomesticRdExpenseY2), FieldKind.Money, "境内研发费用（Y2，元）"),
            (nameof(EnterpriseProfile.DomesticRdExpenseY3), FieldKind.Money, "境内研发费用（Y3，元）"),
            (nameof(EnterpriseProfile.IpClassI), FieldKind.Count, "Ⅰ类知识产权数"),
            (nameof(EnterpriseProfile.IpClassII), FieldKind.Count, "Ⅱ类知识产权数"),
            (nameof(EnterpriseProfile.CoreIpForMainProducts), FieldKind.Boolean, "拥有主要产品核心自主知识产权"),
            (nameof(EnterpriseProfile.TechFieldSupported), FieldKind.Boolean, "核心技术属于国家重点支持的高新技术领域"),
            (nameof(EnterpriseProfile.InnovationCapabilityScore), FieldKind.Score, "企业创新能力评价得分"),
            (nameof(EnterpriseProfile.MajorIncidentLastYear), FieldKind.Boolean, "申请前一年内发生重大安全、重大质量事故或严重环境违法行为"),
            (nameof(EnterpriseProfile.SeriousFraudOrResearchDishonesty), FieldKind.Boolean, "上一会计年度及当年有严重弄虚作假或科研严重失信行为"),
            (nameof(EnterpriseProfile.AbnormalOperationListed), FieldKind.Boolean, "列入经营异常名录或严重违法失信企业名单"),
            (nameof(EnterpriseProfile.RestrictedIndustry), FieldKind.Boolean, "产品（服务）属于禁止、限制和淘汰类"),
            (nameof(EnterpriseProfile.HighTechCertValid), FieldKind.Boolean, "拥有有效期内高新技术企业资格证书"),
            (nameof(EnterpriseProfile.NationalSciAwardTop3Within5y), FieldKind.Boolean, "近五年内获得国家级科技奖励并在前三名"),
            (nameof(EnterpriseProfile.ProvincialRdInstitution), FieldKind.Boolean, "拥有省部级以上研发机构"),
            (nameof(EnterpriseProfile.LedStandardWithin5y), FieldKind.Boolean, "近五年内主导制定国际、国家或行业标准"),
            (nameof(EnterpriseProfile.MainBusinessRevenueY1), FieldKind.Money, "主营业务收入（Y1，元）"),
            (nameof(EnterpriseProfile.MainBusinessRevenueY2), FieldKind.Money, "主营业务收入（Y2，元）"),
            (nameof(EnterpriseProfile.MainBusinessRevenueY3), FieldKind.Money, "主营业务收入（Y3，元）"),
            (nameof(EnterpriseProfile.TotalLiabilities), FieldKind.Money, "负债总额（Y1 末，元）"),
            (nameof(EnterpriseProfile.NetProfitY1), FieldKind.SignedMoney, "净利润（Y1，元，可为负）"),
            (nameof(EnterpriseProfile.NetProfitY2), FieldKind.SignedMoney, "净利润（Y2，元，可为负）"),
            (nameof(EnterpriseProfile.NetProfitY3), FieldKind.SignedMoney, "净利润（Y3，元，可为负）"),
            (nameof(EnterpriseProfile.HighValueIpClassI), FieldKind.Count, "高价值Ⅰ类知识产权数"),
            (nameof(EnterpriseProfile.SelfDevelopedIpClassI), FieldKind.Count, "自主研发Ⅰ类知识产权数"),
            (nameof(EnterpriseProfile.InventionPatents), FieldKind.Count, "有效发明专利数"),
            (nameof(EnterpriseProfile.UtilityModelsAndSoftwareCopyrights), FieldKind.Count, "实用新型专利与软件著作权数"),
            (nameof(EnterpriseProfile.RdStaff), FieldKind.Count, "研发人员（Y1）"),
            (nameof(EnterpriseProfile.EquityFinancing2y), FieldKind.Money, "近2年新增股权融资（元）"),
            (nameof(EnterpriseProfile.EquityFinancing3y), FieldKind.Money, "近3年新增股权融资（元）"),
            (nameof(EnterpriseProfile.NicheMarketYears), FieldKind.Count, "从事特定细分市场时间（年）"),
            (nameof(EnterpriseProfile.NicheMarketSharePercent), FieldKind.Percent, "细分市场全国占有率（%）"),
            (nameof(EnterpriseProfile.DomesticMarketRank), FieldKind.Count, "国内细分市场排名（0 为无排名）"),
            (nameof(EnterpriseProfile.GlobalMarketRank), FieldKind.Count, "全球市场占有率排名（0 为无排名）"),
            (nameof(EnterpriseProfile.ChampionProductYears), FieldKind.Count, "从事单项冠军产品领域时间（年）"),
            (nameof(EnterpriseProfile.ChampionProductNew), FieldKind.Boolean, "单项冠军产品为新产品"),
            (nameof(EnterpriseProfile.ChampionProductRevenueY1), FieldKind.Money, "单项冠军产品销售收入（Y1，元）"),
            (nameof(EnterpriseProfile.SciAwardWithin3y), FieldKind.Boolean, "近三年获得国家级或省级科技奖励"),
            (nameof(EnterpriseProfile.ProvincialSciAwardTop3Within3y), FieldKind.Boolean, "近三年获得省级科技奖励并在获奖单位中排名前三"),
            (nameof(EnterpriseProfile.NationalSciAwardTop5Within3y), FieldKind.Boolean, "近三年获得国家级科技奖励并在获奖单位中排名前五"),
            (nameof(EnterpriseProfile.NationalSciAwardTop3Within3y), FieldKind.Boolean, "近三年获得国家级科技奖励并在前三名"),
            (nameof(EnterpriseProfile.InnovationTitleValid), FieldKind.Boolean, "有效期内的国家级技术创新示范企业或知识产权优势、示范企业称号"),
            (nameof(EnterpriseProfile.MakerChinaTop500Within3y), FieldKind.Boolean, "近三年进入创客中国全国500强"),
            (nameof(EnterpriseProfile.MakerChinaTop50Within3y), FieldKind.Boolean, "近三年进入创客中国全国50强"),
            (nameof(EnterpriseProfile.RdInstitution), FieldKind.Boolean, "自建或与高校、科研机构联合建立研发机构"),
            (nameof(EnterpriseProfile.StrategicEmergingProduct), FieldKind.Boolean, "主导产品属于战略性新兴产业"),
            (nameof(EnterpriseProfile.SpecializedSmeScore), FieldKind.Score, "专精特新中小企业评价得分"),
            (nameof(EnterpriseProfile.QualitySmePlatformScore), FieldKind.Score, "优质中小企业平台评价得分（2026）"),
            (nameof(EnterpriseProfile.LittleGiantScore), FieldKind.Score, "专精特新“小巨人”评价得分（2026）"),
            (nameof(EnterpriseProfile.CreditScore), FieldKind.Score, "信用评价得分"),
            (nameof(EnterpriseProfile.InformationSystemsInUse), FieldKind.Boolean, "应用数字化、信息化管理系统"),
            (nameof(EnterpriseProfile.QualityCertified), FieldKind.Boolean, "获得质量管理体系等认证"),
            (nameof(EnterpriseProfile.OwnBrand), FieldKind.Boolean, "拥有自主品牌"),
            (nameof(EnterpriseProfile.KeyChainPosition), FieldKind.Boolean, "位于产业链关键环节"),
            (nameof(EnterpriseProfile.PriorityField), FieldKind.Boolean, "属于国家重点领域"),
            (nameof(EnterpriseProfile.Listed), FieldKind.Boolean, "已上市"),
            (nameof(EnterpriseProfile.PrivatelyFinanced), FieldKind.Boolean, "获得私募股权投资"),
            (nameof(EnterpriseProfile.LatestValuationUsd), FieldKind.Money, "最新估值（美元）"),
            (nameof(EnterpriseProfile.ValuationRoundSharePercent), FieldKind.Percent, "以最新估值出让的股权比例（%）"),
            (nameof(EnterpriseProfile.GreenFactoryLevel), FieldKind.Choice, "绿色工厂等级"),
            (nameof(EnterpriseProfile.NonTaxableIncomeY1), FieldKind.Money, "不征税收入（Y1，元；无则为 0）"),
            (nameof(EnterpriseProfile.MajorIncidentLast3Years), FieldKind.Boolean, "近三年发生重大安全（含网络安全、数据安全）、质量、环境污染等事故或偷漏税等违法违规行为"),
            (nameof(EnterpriseProfile.MajorIncidentPriorAndCurrentFy), FieldKind.Boolean, "上一会计年度及当年发生重大安全、重大质量事故或严重环境违法行为"),
            (nameof(EnterpriseProfile.RdIndustryLeading), FieldKind.Boolean, "研发投入强度达到行业领先水平"),
            (nameof(EnterpriseProfile.ResidentEnterprise), FieldKind.Boolean, "居民企业（境内注册，或境外注册但实际管理机构在中国境内）"),
            (nameof(EnterpriseProfile.AuditedTaxCollection), FieldKind.Boolean, "会计核算健全、实行查账征收并能准确归集研发费用"),
            (nameof(EnterpriseProfile.RdSuperDeductionExcludedIndustry), FieldKind.Boolean, "属于财税〔2015〕119号不适用研发费用加计扣除的行业"),
            (nameof(EnterpriseProfile.TechBasedSmeRegistered), FieldKind.Boolean, "持有本年度有效的科技型中小企业入库登记编号"),
            (nameof(EnterpriseProfile.SpecializedSmeRecognised), FieldKind.Boolean, "持有有效的专精特新中小企业认定"),
            (nameof(EnterpriseProfile.LittleGiantRecognised), FieldKind.Boolean, "持有有效的专精特新“小巨人”企业认定"),
            (nameof(EnterpriseProfile.GreenFactoryYear), FieldKind.Count, "最高等级绿色工厂的认定年份（无则为 0）"),
        ];
    }
}
