using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace PolicyRules.Rules;

public static partial class RuleFileReader
{
    /// <summary>Most outputs one programme declares: each is a column of every results file.</summary>
    public const int MaxOutputs = 64;

    private static readonly string[] OutputKeys = ["Name", "Expression", "TitleZh", "TitleEn", "Unit", "Rounding", "Cap", "Floor", "Citation"];

    /// <summary>The parts of a programme's result columns an output may not be named as (<c>P.eligible</c>, …).</summary>
    internal static readonly string[] ReservedOutputNames = ["eligible", "score", "classification", "rank", "selected", "failed"];

    /// <summary>Reads an exact decimal from a JSON number (as written: no binary floating point on the way).</summary>
    /// <remarks>
    /// Exactly: <see cref="decimal.TryParse(string?, NumberStyles, IFormatProvider?, out decimal)"/> rounds a
    /// number with more digits than decimal keeps (a cap of 1.00000000000000000000000000001 read as 1), so the
    /// text, its exponent written out, is read by <see cref="Input.DecimalText"/>, which refuses such a number.
    /// </remarks>
    internal static bool TryReadDecimal(JsonSourceNode node, out decimal value)
    {
        value = 0;
        return node.Kind == JsonValueKind.Number && node.NumberText is { } text && WithoutExponent(text) is { } plain
            && Input.DecimalText.Parse(plain, out value) == Input.DecimalParse.Exact;
    }

    /// <summary>A JSON number's text with its exponent written out (1.5e-3 as 0.0015); null when the exponent is beyond any decimal's.</summary>
    private static string? WithoutExponent(string text)
    {
        var e = text.IndexOfAny(['e', 'E']);
        if (e < 0)
        {
            return text;
        }

        if (!int.TryParse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent) || Math.Abs(exponent) > 60)
        {
            return null; // no decimal reaches 10^60 or holds a step below 10^-28 (JSON's own 0e99 aside)
        }

        var sign = text[0] == '-' ? "-" : "";
        var mantissa = text[sign.Length..e];
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var at = (point < 0 ? mantissa.Length : point) + exponent; // the point's place among the digits
        return sign + (at <= 0 ? "0." + new string('0', -at) + digits
            : at >= digits.Length ? digits + new string('0', at - digits.Length)
            : digits[..at] + "." + digits[at..]);
    }

    /// <summary>
    /// For a JSON number that <see cref="TryReadDecimal"/> refused (more digits or a larger size than an exact
    /// decimal holds: <c>1e29</c>, <c>1e400</c>), what to say, in both languages; null for anything else, which
    /// is not a number at all.
    /// </summary>
    internal static string? BeyondDecimal(JsonSourceNode node, string name) => node.Kind == JsonValueKind.Number
        ? $"\"{name}\" is {node.NumberText}, which no exact decimal holds (at most 28 significant digits, no larger than 79228162514264337593543950335): write it in the output's unit with fewer digits / "
            + $"\"{name}\" 为 {node.NumberText}，超出精确小数可表示的范围（最多 28 位有效数字，不大于 79228162514264337593543950335）：请按输出单位以较少的位数书写"
        : null;

    /// <summary>Whether <paramref name="name"/> may name an output: a letter, then letters and digits (it becomes a column name).</summary>
    internal static bool IsOutputName(string name) =>
        name.Length > 0 && char.IsAsciiLetter(name[0]) && name.All(char.IsAsciiLetterOrDigit);

    private sealed partial class Context
    {
        private ImmutableArray<OutputDefinition> ReadOutputs(JsonSourceNode? node, ImmutableDictionary<string, string> documents)
        {
            if (node is null || !ExpectArray(node, new("Outputs", "Outputs ")))
            {
                return [];
            }

            if (node.Items.Count > MaxOutputs)
            {
                Error(DiagnosticIds.SchemaViolation, node, string.Create(CultureInfo.InvariantCulture, $"The programme declares {node.Items.Count:N0} outputs; the limit is {MaxOutputs}. / 输出项 {node.Items.Count:N0} 个，超过上限 {MaxOutputs} 个。"));
                return [];
            }

            var result = ImmutableArray.CreateBuilder<OutputDefinition>();
            var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in node.Items)
            {
                if (!ExpectObject(item, new("output", "输出项")))
                {
                    continue;
                }

                CheckKeys(item, OutputKeys, new("output", "输出项"));
                var name = RequiredString(item, "Name");
                var nameNode = item.Property("Name")?.Value ?? item;
                if (name is not null)
                {
                    CheckNameLength(nameNode, name);
                    if (!IsOutputName(name))
                    {
                        Error(DiagnosticIds.SchemaViolation, nameNode,
                            $"Output name \"{name}\" must start with a letter and hold only letters and digits (it names the column Programme.{name}). / 输出名 \"{name}\" 须以字母开头，仅含字母和数字（用作列名 Programme.{name}）。");
                        name = null;
                    }
                    else if (Array.Exists(ReservedOutputNames, r => string.Equals(r, name, StringComparison.OrdinalIgnoreCase)))
                    {
                        Error(DiagnosticIds.SchemaViolation, nameNode,
                            $"Output name \"{name}\" is taken by a result column ({string.Join(", ", ReservedOutputNames)}); choose another, e.g. \"{name}Amount\". / 输出名 \"{name}\" 与结果列（{string.Join("、", ReservedOutputNames)}）重名，请另取名称，如 \"{name}Amount\"。");
                        name = null;
                    }
                    else if (names.TryGetValue(name, out var firstLine))
                    {
                        Error(DiagnosticIds.DuplicateRule, nameNode,
                            $"Output \"{name}\" is declared twice (first at line {firstLine}; names are case-insensitive). / 输出 \"{name}\" 重复声明（首次见第 {firstLine} 行）。");
                        name = null;
                    }
                    else
                    {
                        names[name] = source.Location(nameNode.Start, nameNode.End).Line;
                    }
                }

                var expressionNode = item.Property("Expression")?.Value;
                if (expressionNode is null && !IsMisspelt(item, "Expression"))
                {
                    Error(DiagnosticIds.SchemaViolation, item, "The output has no \"Expression\" (a number computed from the record and the GlobalParams). / 输出缺少 \"Expression\"（由记录与 GlobalParams 计算的数值）。");
                }

                var expression = expressionNode is null ? null : ReadExpression(expressionNode, "Expression");
                var titleZh = RequiredString(item, "TitleZh");
                var titleEn = RequiredString(item, "TitleEn");
                var rounding = ReadRounding(item.Property("Rounding")?.Value);
                var cap = ReadBound(item.Property("Cap")?.Value, "Cap");
                var floor = ReadBound(item.Property("Floor")?.Value, "Floor");
                var citation = ReadCitation(item.Property("Citation")?.Value, documents);
                if (name is null || expression is null || titleZh is null || titleEn is null || rounding is null)
                {
                    continue;
                }

                var settings = item.Property("Cap")?.Value ?? item.Property("Floor")?.Value ?? item.Property("Rounding")?.Value;
                result.Add(new OutputDefinition
                {
                    Name = name,
                    Expression = expression,
                    Title = new BilingualText(titleZh, titleEn),
                    Unit = ReadUnit(item.Property("Unit")?.Value),
                    Rounding = rounding,
                    Cap = cap,
                    Floor = floor,
                    Citation = citation,
                    Location = source.Location(nameNode.Start, nameNode.End),
                    SettingsLocation = settings is null ? null : source.Location(settings.Start, settings.End),
                });
            }

            return result.ToImmutable();
        }

        private OutputRounding? ReadRounding(JsonSourceNode? node)
        {
            if (node is null)
            {
                return OutputRounding.None;
            }

            if (OutputRounding.TryParse(node.Kind == JsonValueKind.String ? node.StringValue : null, out var rounding))
            {
                return rounding;
            }

            Error(DiagnosticIds.SchemaViolation, node,
                $"\"Rounding\" must be \"none\" or \"<mode>-to-<target>\" with <mode> {string.Join(", ", OutputRounding.ModeTexts)} and <target> {string.Join(", ", OutputRounding.AllTargets)} (e.g. \"down-to-yuan\"), not {node.Describe()}{(node.Kind == JsonValueKind.String ? $" \"{node.StringValue}\"" : "")}. / \"Rounding\" 须为 \"none\" 或 \"<mode>-to-<target>\"，其中 <mode> 为 {string.Join("、", OutputRounding.ModeTexts)}，<target> 为 {string.Join("、", OutputRounding.AllTargets)}（如 \"down-to-yuan\" 向下取整到元），而不是{node.DescribeZh()}{(node.Kind == JsonValueKind.String ? $" \"{node.StringValue}\"" : "")}。");
            return null;
        }

        private decimal? ReadBound(JsonSourceNode? node, string name)
        {
            if (node is null)
            {
                return null;
            }

            if (TryReadDecimal(node, out var value))
            {
                return value;
            }

            Error(DiagnosticIds.SchemaViolation, node, BeyondDecimal(node, name) ?? $"\"{name}\" must be a number in the output's unit (e.g. 1000000), not {node.Describe()}. / \"{name}\" 须为数字（按输出的单位，如 1000000），而不是{node.DescribeZh()}。");
            return null;
        }
    }
}
