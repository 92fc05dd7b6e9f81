// Longer than ~400 lines on purpose: one file format: reading and checking a record declaration, section by section, at exact locations.
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Records;

/// <summary>
/// Reads a record declaration (<c>*.record.json</c>, shape in <c>rules/policyrules-record.schema.json</c>):
/// a new record kind (<c>"Record": "Project"</c>) or an extension of one (<c>"Extends": "Enterprise"</c>).
/// Every problem — an unknown key or kind (with "did you mean"), a field named twice, a range outside
/// the kind's, a choice without values — is reported at its line and column, in both languages.
/// Checks across files (a kind declared twice, an extension of an unknown kind, a field an extension
/// repeats) are checked when the rules load.
/// </summary>
public static partial class RecordFileReader
{
    /// <summary>The suffix that marks a record declaration in a rules folder.</summary>
    public const string Extension = ".record.json";

    /// <summary>Whether <paramref name="path"/> names a record declaration.</summary>
    public static bool IsRecordFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads one declaration file; null when it has errors (each added to <paramref name="diagnostics"/>).</summary>
    public static RecordDeclaration? ReadFile(string path, ICollection<RuleDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(diagnostics);
        try
        {
            var (source, root) = JsonDocumentChecker.Load(path, "record declaration", "记录声明文件");
            return Read(source, root, diagnostics);
        }
        catch (RuleLoadException ex)
        {
            foreach (var diagnostic in ex.Diagnostics)
            {
                diagnostics.Add(diagnostic);
            }

            return null;
        }
    }

    /// <summary>Reads a declaration held in memory (the bundled contracts are embedded resources).</summary>
    internal static RecordDeclaration? Read(string path, byte[] utf8, ICollection<RuleDiagnostic> diagnostics)
    {
        try
        {
            var (source, root) = JsonDocumentChecker.Parse(path, utf8);
            return Read(source, root, diagnostics);
        }
        catch (RuleLoadException ex)
        {
            foreach (var diagnostic in ex.Diagnostics)
            {
                diagnostics.Add(diagnostic);
            }

            return null;
        }
    }

    private static RecordDeclaration? Read(SourceText source, JsonSourceNode root, ICollection<RuleDiagnostic> diagnostics)
    {
        var checker = new Checker(source);
        var declaration = checker.File(root);
        foreach (var diagnostic in checker.Diagnostics)
        {
            diagnostics.Add(diagnostic);
        }

        return checker.Diagnostics.Count == 0 ? declaration : null;
    }

    [GeneratedRegex("^[A-Z][A-Za-z0-9]{0,63}$")]
    private static partial Regex KindName();

    [GeneratedRegex("^[a-z][A-Za-z0-9]{0,63}$")]
    private static partial Regex FieldName();

    /// <summary>Names expressions already use for something else: a record variable may not take them.</summary>
    private static readonly string[] ReservedVariables = [Compilation.RuleParameters.AsOf, Compilation.RuleParameters.Programmes];

    private sealed class Checker(SourceText source) : JsonDocumentChecker(source)
    {
        private static readonly string[] FileKeys = ["$schema", "Record", "Extends", "Variable", "TitleZh", "TitleEn", "Fields", "Retired"];
        private static readonly string[] FieldKeys = ["Name", "Kind", "Unit", "Period", "TitleZh", "TitleEn", "MeaningZh", "MeaningEn", "Min", "Max", "Values"];
        private static readonly string[] RetiredKeys = ["Name", "ReasonEn", "ReasonZh"];

        public RecordDeclaration? File(JsonSourceNode root)
        {
            if (!Object(root, FileKeys, new("a record declaration", "记录声明")))
            {
                return null;
            }

            var record = root.Property("Record");
            var extends = root.Property("Extends");
            if ((record is null) == (extends is null))
            {
                Error(DiagnosticIds.SchemaViolation, root, record is null
                    ? "A record declaration names a new kind (\"Record\": \"Project\") or the kind it extends (\"Extends\": \"Enterprise\") / 记录声明须给出新记录类型（\"Record\": \"Project\"）或所扩展的记录类型（\"Extends\": \"Enterprise\"）之一"
                    : "\"Record\" and \"Extends\" exclude each other: a file declares a new kind or extends one / Record 与 Extends 只能二选一");
                return null;
            }

            var isExtension = extends is not null;
            var nameNode = (record ?? extends)!;
            var name = RequiredString(root, nameNode.Name);
            if (name is not null && !KindName().IsMatch(name))
            {
                Error(DiagnosticIds.SchemaViolation, nameNode.Value,
                    $"\"{nameNode.Name}\" must be a PascalCase name of letters and digits (such as Project), not \"{name}\" / \"{nameNode.Name}\" 须为以大写字母开头的字母数字名称（PascalCase，如 Project），而不是 \"{name}\"");
            }

            string? variable = null;
            BilingualText? title = null;
            if (isExtension)
            {
                foreach (var key in (string[])["Variable", "TitleZh", "TitleEn", "Retired"])
                {
                    if (root.Property(key) is { } extra)
                    {
                        Error(DiagnosticIds.SchemaViolation, extra,
                            $"An extension only adds fields: \"{key}\" belongs to the declaration of {name ?? "the kind"} itself / 扩展声明只能新增字段，\"{key}\" 属于 {name ?? "被扩展记录类型"} 本身的声明");
                    }
                }
            }
            else
            {
                variable = RequiredString(root, "Variable");
                if (variable is not null && (!FieldName().IsMatch(variable) || Array.IndexOf(ReservedVariables, variable) >= 0))
                {
                    Error(DiagnosticIds.SchemaViolation, root.Property("Variable")!.Value,
                        $"\"Variable\" is the name expressions read the record by: a camelCase name (such as \"project\") other than {string.Join(" and ", ReservedVariables)}, not \"{variable}\" / \"Variable\" 是表达式读取该记录所用的名称：须为 camelCase 名称（如 \"project\"），且不能是 {string.Join("、", ReservedVariables)}，而不是 \"{variable}\"");
                }

                var titleZh = RequiredString(root, "TitleZh");
                var titleEn = RequiredString(root, "TitleEn");
                title = titleZh is null || titleEn is null ? null : new BilingualText(titleZh, titleEn);
            }

            var fields = Fields(root, isExtension);
            var retired = Retired(root);
            return name is null || Diagnostics.Count > 0
                ? null
                : new RecordDeclaration
                {
                    Name = name,
                    IsExtension = isExtension,
                    Variable = variable,
                    Title = title,
                    Fields = fields,
                    Retired = retired,
                    SourcePath = Source.Path,
                    Location = Source.Location(nameNode.Value.Start, nameNode.Value.End),
                };
        }

        private ImmutableArray<FieldDeclaration> Fields(JsonSourceNode root, bool isExtension)
        {
            if (Required(root, "Fields") is not { } list)
            {
                return [];
            }

            if (list.Kind != JsonValueKind.Array || list.Items.Count == 0)
            {
                Error(DiagnosticIds.SchemaViolation, list, $"\"Fields\" must be a non-empty array of fields, not {list.Describe()} / \"Fields\" 须为非空的字段数组，而不是{list.DescribeZh()}");
                return [];
            }

            var fields = ImmutableArray.CreateBuilder<FieldDeclaration>(list.Items.Count);
            var seen = new Dictionary<string, SourceLocation>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in list.Items)
            {
                if (Field(item) is not { } field)
                {
                    continue;
                }

                // Case-insensitively: the PascalCase property of "budget" and "Budget" would be one.
                if (seen.TryGetValue(field.Name, out var first))
                {
                    Error(DiagnosticIds.SchemaViolation, item.Property("Name")!.Value,
                        $"Field \"{field.Name}\" is declared twice (first at line {first.Line}; names are compared ignoring case, as expressions read them) / 字段 \"{field.Name}\" 重复声明（首次见第 {first.Line} 行；字段名不区分大小写）");
                    continue;
                }

                seen.Add(field.Name, field.Location);
                fields.Add(field);
            }

            if (!isExtension && fields.Count > 0)
            {
                // Every reader echoes the id in each output row: a kind without one cannot be screened.
                if (fields.FirstOrDefault(f => f.Name == "id") is not { } id)
                {
                    Error(DiagnosticIds.SchemaViolation, list, "Every record kind declares an \"id\" field of kind \"text\" (echoed in every output row) / 每种记录类型都须声明 \"text\" 类型的 \"id\" 字段（每行输出都会回显）");
                }
                else if (id.Kind != FieldKind.Text)
                {
                    Error(DiagnosticIds.SchemaViolation, list, "The \"id\" field is of kind text / \"id\" 字段须为 text 类型");
                }
                else if (fields.FirstOrDefault(f => f.Name == "name") is { Kind: not FieldKind.Text })
                {
                    Error(DiagnosticIds.SchemaViolation, list, "The \"name\" field, when declared, is of kind text (reports show it) / 声明的 \"name\" 字段须为 text 类型（报告中显示）");
                }
            }

            return fields.ToImmutable();
        }

        private FieldDeclaration? Field(JsonSourceNode node)
        {
            if (!Object(node, FieldKeys, new("a field", "字段")))
            {
                return null;
            }

            var errors = Diagnostics.Count;
            var name = RequiredString(node, "Name");
            if (name is not null && !FieldName().IsMatch(name))
            {
                Error(DiagnosticIds.SchemaViolation, node.Property("Name")!.Value,
                    $"A field name is camelCase letters and digits (such as selfFundedPercent), at most 64 characters: it is the CSV header and JSON property, and expressions read its PascalCase form; not \"{name}\" / 字段名须为 camelCase 字母数字（如 selfFundedPercent），不超过 64 个字符：它是 CSV 表头和 JSON 属性名，表达式按其 PascalCase 形式读取；而不是 \"{name}\"");
            }

            FieldKind? kind = null;
            if (RequiredString(node, "Kind") is { } kindName)
            {
                kind = FieldKinds.Parse(kindName);
                if (kind is null)
                {
                    var suggestion = Suggest.Closest(kindName, FieldKinds.Names);
                    Error(DiagnosticIds.SchemaViolation, node.Property("Kind")!.Value,
                        $"Unknown field kind \"{kindName}\"{(suggestion is null ? "" : $"; did you mean \"{suggestion}\"?")} Kinds: {string.Join(", ", FieldKinds.Names)}. / 未知字段类型 \"{kindName}\"{(suggestion is null ? "" : $"，是否应为 \"{suggestion}\"？")}可选：{string.Join("、", FieldKinds.Names)}。");
                }
            }

            var unit = OptionalString(node, "Unit");
            var period = OptionalString(node, "Period");
            var titleZh = RequiredString(node, "TitleZh");
            var titleEn = RequiredString(node, "TitleEn");
            var meaningZh = OptionalString(node, "MeaningZh");
            var meaningEn = OptionalString(node, "MeaningEn");
            if ((meaningZh is null) != (meaningEn is null))
            {
                Error(DiagnosticIds.SchemaViolation, node, "A field's meaning is given in both languages: \"MeaningZh\" and \"MeaningEn\" / 字段说明须同时给出 MeaningZh 与 MeaningEn");
            }

            var (min, max) = Range(node, kind);
            var values = Values(node, kind);
            if (Diagnostics.Count > errors || name is null || kind is null || titleZh is null || titleEn is null)
            {
                return null;
            }

            return new FieldDeclaration
            {
                Name = name,
                Kind = kind.Value,
                Unit = unit,
                Period = period,
                Title = new BilingualText(titleZh, titleEn),
                Meaning = meaningZh is null || meaningEn is null ? null : new BilingualText(meaningZh, meaningEn),
                Min = min,
                Max = max,
                Values = values,
                Location = Source.Location(node.Property("Name")!.Value.Start, node.Property("Name")!.Value.End),
            };
        }

        private (decimal? Min, decimal? Max) Range(JsonSourceNode node, FieldKind? kind)
        {
            var minNode = node.Property("Min")?.Value;
            var maxNode = node.Property("Max")?.Value;
            if (minNode is null && maxNode is null || kind is null)
            {
                return (null, null);
            }

            if (!FieldKinds.IsNumeric(kind.Value))
            {
                Error(DiagnosticIds.SchemaViolation, minNode ?? maxNode!,
                    $"\"Min\" and \"Max\" bound numeric fields; a {FieldKinds.NameOf(kind.Value)} field has no range / 只有数值字段可设置 \"Min\" 与 \"Max\"；{FieldKinds.NameOf(kind.Value)} 字段没有范围");
                return (null, null);
            }

            var (kindMin, kindMax) = FieldKinds.KindRange(kind.Value);
            var min = Bound(minNode, "Min", kind.Value, kindMin, kindMax);
            var max = Bound(maxNode, "Max", kind.Value, kindMin, kindMax);
            if (min is { } low && max is { } high && low > high)
            {
                Error(DiagnosticIds.SchemaViolation, minNode!, $"\"Min\" ({low}) is above \"Max\" ({high}) / Min（{low}）大于 Max（{high}）");
            }

            return (min, max);
        }

        private decimal? Bound(JsonSourceNode? node, string key, FieldKind kind, decimal kindMin, decimal kindMax)
        {
            if (node is null)
            {
                return null;
            }

            if (node.Kind != JsonValueKind.Number
                || !decimal.TryParse(node.NumberText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                || value < kindMin || value > kindMax
                || (kind == FieldKind.Count && value != decimal.Truncate(value)))
            {
                var range = $"{kindMin.ToString(CultureInfo.InvariantCulture)} to {kindMax.ToString(CultureInfo.InvariantCulture)}";
                Error(DiagnosticIds.SchemaViolation, node,
                    $"\"{key}\" of a {FieldKinds.NameOf(kind)} field must be a {(kind == FieldKind.Count ? "whole " : "")}number from {range}, not {node.NumberText ?? node.Describe()} / {FieldKinds.NameOf(kind)} 字段的 {key} 须为 {range} 之间的{(kind == FieldKind.Count ? "整数" : "数值")}，而不是 {node.NumberText ?? node.DescribeZh()}");
                return null;
            }

            return value;
        }

        private ImmutableArray<string> Values(JsonSourceNode node, FieldKind? kind)
        {
            var list = node.Property("Values")?.Value;
            if (kind != FieldKind.Choice)
            {
                if (list is not null && kind is not null)
                {
                    Error(DiagnosticIds.SchemaViolation, list, $"\"Values\" lists the values of a choice field; this field is {FieldKinds.NameOf(kind.Value)} / 只有 choice 字段可设置 \"Values\"；该字段为 {FieldKinds.NameOf(kind.Value)}");
                }

                return [];
            }

            if (list is null || list.Kind != JsonValueKind.Array || list.Items.Count == 0)
            {
                Error(DiagnosticIds.SchemaViolation, list ?? node, "A \"choice\" field lists its allowed values: \"Values\": [\"Planned\", \"Running\"] / \"choice\" 类型的字段须以 \"Values\" 列出可选值，如 \"Values\": [\"Planned\", \"Running\"]");
                return [];
            }

            var values = ImmutableArray.CreateBuilder<string>(list.Items.Count);
            foreach (var item in list.Items)
            {
                if (item.Kind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.StringValue) || item.StringValue.Trim() != item.StringValue)
                {
                    Error(DiagnosticIds.SchemaViolation, item, $"A choice value is a non-empty string without surrounding spaces, not {item.Describe()} / 可选值须为非空字符串且首尾无空格，而不是{item.DescribeZh()}");
                }
                else if (values.Contains(item.StringValue, StringComparer.OrdinalIgnoreCase))
                {
                    // Readers match values ignoring case, so two that differ only in case could not be told apart.
                    Error(DiagnosticIds.SchemaViolation, item, $"\"{item.StringValue}\" is listed twice (values are matched ignoring case) / 可选值 \"{item.StringValue}\" 重复（不区分大小写）");
                }
                else
                {
                    values.Add(item.StringValue);
                }
            }

            return values.ToImmutable();
        }

        private ImmutableArray<RetiredField> Retired(JsonSourceNode root)
        {
            if (root.Property("Retired")?.Value is not { } list)
            {
                return [];
            }

            if (list.Kind != JsonValueKind.Array)
            {
                Error(DiagnosticIds.SchemaViolation, list, $"\"Retired\" must be an array, not {list.Describe()} / \"Retired\" 须为数组，而不是{list.DescribeZh()}");
                return [];
            }

            var retired = ImmutableArray.CreateBuilder<RetiredField>();
            foreach (var item in list.Items)
            {
                if (!Object(item, RetiredKeys, new("a retired field", "已停用字段")))
                {
                    continue;
                }

                var name = RequiredString(item, "Name");
                var en = RequiredString(item, "ReasonEn");
                var zh = RequiredString(item, "ReasonZh");
                if (name is not null && en is not null && zh is not null)
                {
                    retired.Add(new RetiredField(name, new BilingualText(zh, en)));
                }
            }

            return retired.ToImmutable();
        }
    }
}
