using System.Collections.Frozen;
using System.Text.RegularExpressions;
using PolicyRules.Evaluation;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Gaps;

/// <summary>
/// How gap sentences name the numeric fields and in which unit they count them (docs/data-dictionary.md).
/// Yearly fields share one label by their stem (<c>rdExpense</c> for <c>rdExpenseY1</c>…<c>Y3</c>).
/// A field missing here still works: it is named by its Chinese meaning and its contract name, in the unit of its kind.
/// </summary>
internal static partial class GapLabels
{
    private static readonly FrozenDictionary<string, (string Zh, string En, GapUnit Unit)> ByStem =
        new Dictionary<string, (string, string, GapUnit)>(StringComparer.Ordinal)
        {
            ["employees"] = ("职工总数", "total staff", GapUnit.People),
            ["techStaff"] = ("科技人员", "S&T staff", GapUnit.People),
            ["revenue"] = ("营业收入", "revenue", GapUnit.Yuan),
            ["totalIncome"] = ("收入总额", "total income", GapUnit.Yuan),
            ["highTechIncome"] = ("高新技术产品（服务）收入", "high-tech income", GapUnit.Yuan),
            ["totalAssets"] = ("资产总额", "total assets", GapUnit.Yuan),
            ["costAndExpense"] = ("成本费用支出总额", "costs and expenses", GapUnit.Yuan),
            ["rdExpense"] = ("研究开发费用", "R&D expense", GapUnit.Yuan),
            ["domesticRdExpense"] = ("境内研究开发费用", "domestic R&D expense", GapUnit.Yuan),
            ["ipClassI"] = ("Ⅰ类知识产权", "class-I IP", GapUnit.Count),
            ["ipClassII"] = ("Ⅱ类知识产权", "class-II IP", GapUnit.Count),
            ["innovationCapabilityScore"] = ("企业创新能力评价得分", "innovation-capability score", GapUnit.Points),
            ["mainBusinessRevenue"] = ("主营业务收入", "main-business revenue", GapUnit.Yuan),
            ["totalLiabilities"] = ("负债总额", "total liabilities", GapUnit.Yuan),
            ["netProfit"] = ("净利润", "net profit", GapUnit.Yuan),
            ["highValueIpClassI"] = ("高价值Ⅰ类知识产权", "high-value class-I IP", GapUnit.Count),
            ["selfDevelopedIpClassI"] = ("自主研发Ⅰ类知识产权", "self-developed class-I IP", GapUnit.Count),
            ["inventionPatents"] = ("有效发明专利", "invention patents", GapUnit.Count),
            ["utilityModelsAndSoftwareCopyrights"] = ("实用新型专利与软件著作权", "utility models and software copyrights", GapUnit.Count),
            ["rdStaff"] = ("研发人员", "R&D staff", GapUnit.People),
            ["equityFinancing2y"] = ("近2年新增股权融资", "equity financing over 2 years", GapUnit.Yuan),
            ["equityFinancing3y"] = ("近3年新增股权融资", "equity financing over 3 years", GapUnit.Yuan),
            ["nicheMarketYears"] = ("从事细分市场时间", "years in the niche market", GapUnit.Years),
            ["nicheMarketSharePercent"] = ("细分市场全国占有率", "national niche-market share", GapUnit.PercentagePoints),
            ["domesticMarketRank"] = ("国内细分市场排名", "domestic niche-market rank", GapUnit.Rank),
            ["globalMarketRank"] = ("全球市场占有率排名", "global market-share rank", GapUnit.Rank),
            ["championProductYears"] = ("从事单项冠军产品领域时间", "years in the champion product's field", GapUnit.Years),
            ["championProductRevenue"] = ("单项冠军产品销售收入", "champion-product revenue", GapUnit.Yuan),
            ["specializedSmeScore"] = ("专精特新中小企业评价得分", "specialised-SME score", GapUnit.Points),
            ["qualitySmePlatformScore"] = ("优质中小企业平台评价得分", "quality-SME platform score", GapUnit.Points),
            ["littleGiantScore"] = ("专精特新“小巨人”评价得分", "little-giant score", GapUnit.Points),
            ["creditScore"] = ("信用评价得分", "credit score", GapUnit.Points),
            ["latestValuationUsd"] = ("最新估值", "latest valuation", GapUnit.UsDollar),
            ["valuationRoundSharePercent"] = ("以最新估值出让的股权比例", "equity share sold at the latest valuation", GapUnit.PercentagePoints),
            ["nonTaxableIncome"] = ("不征税收入", "non-taxable income", GapUnit.Yuan),
            ["greenFactoryYear"] = ("绿色工厂认定年份", "green-factory recognition year", GapUnit.None),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Numbers that are facts to record, not levers to move: non-taxable income is a tax classification
    /// of income already received (a rise would "improve" the high-tech share by relabelling income), and
    /// a recognition year is a date. The gap search leaves them as they are.
    /// </summary>
    private static readonly FrozenSet<string> NotLevers = FrozenSet.Create(StringComparer.Ordinal, "nonTaxableIncome", "greenFactoryYear");

    /// <summary>True when the gap search may move the field to close a gap (see <see cref="NotLevers"/>).</summary>
    public static bool IsLever(ProfileField field) => !NotLevers.Contains(Split(field.Name).Stem);

    /// <summary>True when the sentences know the field's name in both languages (a test keeps every numeric field covered).</summary>
    public static bool IsKnown(ProfileField field) => ByStem.ContainsKey(Split(field.Name).Stem);

    /// <summary>The stem and year of a yearly field (<c>rdExpenseY2</c> → <c>rdExpense</c>, 2); year 0 for other fields.</summary>
    public static (string Stem, int Year) Split(string name) =>
        Yearly().Match(name) is { Success: true } match
            ? (match.Groups["stem"].Value, match.Groups["year"].Value[0] - '0')
            : (name, 0);

    /// <summary>The unit a field's gaps are said in.</summary>
    public static GapUnit UnitOf(ProfileField field) =>
        ByStem.TryGetValue(Split(field.Name).Stem, out var known) ? known.Unit : field.Kind switch
        {
            FieldKind.Money or FieldKind.SignedMoney => GapUnit.Yuan,
            FieldKind.Count => GapUnit.Count,
            FieldKind.Score => GapUnit.Points,
            FieldKind.Percent => GapUnit.PercentagePoints,
            _ => GapUnit.None,
        };

    /// <summary>One field's name: 研究开发费用（Y1） / R&amp;D expense in Y1.</summary>
    public static BilingualText Of(ProfileField field)
    {
        var (stem, year) = Split(field.Name);
        var (zh, en) = Stem(field, stem);
        return year == 0 ? new BilingualText(zh, en) : new BilingualText($"{zh}（Y{year}）", $"{en} in Y{year}");
    }

    /// <summary>A sum over years: 研究开发费用（Y1–Y3 合计） / R&amp;D expense over Y1–Y3.</summary>
    public static BilingualText OfSum(IReadOnlyList<ProfileField> parts)
    {
        var (stem, _) = Split(parts[0].Name);
        var years = parts.Select(p => Split(p.Name).Year).Order().ToList();
        var (zh, en) = Stem(parts[0], stem);
        var span = years.Count == years[^1] - years[0] + 1 ? $"Y{years[0]}–Y{years[^1]}" : string.Join("+", years.Select(y => "Y" + y));
        return new BilingualText($"{zh}（{span} 合计）", $"{en} over {span}");
    }

    private static (string Zh, string En) Stem(ProfileField field, string stem)
    {
        if (ByStem.TryGetValue(stem, out var known))
        {
            return (known.Zh, known.En);
        }

        // The contract's own meaning without its "（Y1，元）" tail, and the contract name.
        var zh = field.MeaningZh;
        var cut = zh.IndexOf('（', StringComparison.Ordinal);
        return (cut > 0 ? zh[..cut] : zh, stem);
    }

    [GeneratedRegex("^(?<stem>[a-z][A-Za-z0-9]*?)Y(?<year>[1-9])$")]
    private static partial Regex Yearly();
}
