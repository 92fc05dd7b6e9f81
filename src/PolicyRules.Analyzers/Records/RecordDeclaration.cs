using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace PolicyRules.Analyzers.Records;

/// <summary>
/// A record declaration (<c>*.record.json</c>) as far as C# needs it: the class, its base and its
/// fields. Everything that makes a declaration unusable for C# is reported as a <see cref="Problem"/>
/// on its token; the rule checker reports the rest (unknown keys, ranges) in lint and the build.
/// </summary>
internal sealed class RecordDeclaration
{
    /// <summary>The C# type of each field kind: the one place the generator decides it (docs/rules-authoring.md).</summary>
    public static readonly IReadOnlyDictionary<string, string> ClrTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["text"] = "string",
        ["bool"] = "bool",
        ["date"] = "global::System.DateOnly",
        ["count"] = "int",
        ["money"] = "decimal",
        ["signedMoney"] = "decimal",
        ["percent"] = "decimal",
        ["decimal"] = "decimal",
        ["score"] = "decimal",
        ["choice"] = "string",
    };

    /// <summary>The record kinds a typed extension can derive from, and the class it derives from.</summary>
    public static readonly IReadOnlyDictionary<string, string> ExtensibleKinds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Enterprise"] = "PolicyRules.Model.EnterpriseProfile",
    };

    // Members every C# record has (or object has): a field of that name would not compile.
    private static readonly HashSet<string> RecordMembers = new(StringComparer.Ordinal)
    {
        "EqualityContract", "Equals", "GetHashCode", "ToString", "PrintMembers", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals", "Deconstruct",
    };

    private static readonly Regex FieldName = new("^[a-z][A-Za-z0-9]*$", RegexOptions.CultureInvariant);
    private static readonly Regex TypeName = new("^[A-Z][A-Za-z0-9]*$", RegexOptions.CultureInvariant);

    private readonly string _text;

    private RecordDeclaration(string path, string text)
    {
        Path = path;
        _text = text;
    }

    public string Path { get; }

    /// <summary>The generated class's name.</summary>
    public string ClassName { get; private set; } = "";

    /// <summary>The <c>Record</c> name, or null for an extension.</summary>
    public string? Record { get; private set; }

    /// <summary>The <c>Extends</c> name, or null for a new record kind.</summary>
    public string? Extends { get; private set; }

    /// <summary>The span of the <c>Record</c> or <c>Extends</c> value, where problems of the whole class land.</summary>
    public JsonNode? NameNode { get; private set; }

    public string? Variable { get; private set; }

    public string? TitleZh { get; private set; }

    public string? TitleEn { get; private set; }

    public List<RecordField> Fields { get; } = [];

    public List<Problem> Problems { get; } = [];

    /// <summary>Reads a declaration; <see cref="Problems"/> says what stops it becoming C# (none: it can).</summary>
    public static RecordDeclaration Read(string path, string text)
    {
        var declaration = new RecordDeclaration(path, text);
        var root = JsonNode.Parse(text, out var errorAt, out var error);
        if (root is null)
        {
            // The parser's reasons are "English / 中文": each half goes with its own language.
            var name = System.IO.Path.GetFileName(path);
            var split = error!.IndexOf(" / ", StringComparison.Ordinal);
            var (en, zh) = split < 0 ? (error, error) : (error.Substring(0, split), error.Substring(split + 3));
            declaration.Problem(errorAt, errorAt + 1, $"{name} is not valid JSON: {en} / {name} 不是有效的 JSON：{zh}");
            return declaration;
        }

        declaration.ReadRoot(root);
        return declaration;
    }

    private void ReadRoot(JsonNode root)
    {
        if (root.Kind != JsonKind.Object)
        {
            Problem(root, "A record declaration is a JSON object with \"Record\" (or \"Extends\") and \"Fields\". / 记录声明应为包含 \"Record\"（或 \"Extends\"）与 \"Fields\" 的 JSON 对象。");
            return;
        }

        var record = root.Property("Record");
        var extends = root.Property("Extends");
        if ((record is null) == (extends is null))
        {
            Problem(record ?? extends ?? root, "A record declaration has either \"Record\" (a new record kind) or \"Extends\" (fields added to an existing kind), not both and not neither. / 记录声明须且只能包含 \"Record\"（新记录类型）或 \"Extends\"（扩展已有类型）之一。");
            return;
        }

        if (record is not null)
        {
            ReadNewKind(root, record);
        }
        else
        {
            ReadExtension(extends!);
        }

        ReadFields(root);
    }

    private void ReadNewKind(JsonNode root, JsonNode record)
    {
        NameNode = record;
        if (!IsString(record) || !TypeName.IsMatch(record.Text!))
        {
            Problem(record, $"\"Record\" must name the record kind in PascalCase (letters and digits, a capital first, such as \"Project\"), not {Show(record)}; it becomes the C# class name. / \"Record\" 应以 PascalCase 命名记录类型（字母与数字，大写字母开头，如 \"Project\"），而不是 {Show(record)}；它将作为 C# 类名。");
            return;
        }

        Record = record.Text;
        ClassName = record.Text!;
        Variable = StringOf(root.Property("Variable"));
        TitleZh = StringOf(root.Property("TitleZh"));
        TitleEn = StringOf(root.Property("TitleEn"));
    }

    private void ReadExtension(JsonNode extends)
    {
        NameNode = extends;
        if (!IsString(extends) || !ExtensibleKinds.ContainsKey(extends.Text!))
        {
            Problem(extends, $"\"Extends\" is {Show(extends)}; typed C# classes are generated for extensions of {string.Join(", ", ExtensibleKinds.Keys)}. / \"Extends\" 为 {Show(extends)}；仅支持为 {string.Join("、", ExtensibleKinds.Keys)} 的扩展生成 C# 类型。", warning: true);
            return;
        }

        Extends = extends.Text;
        // Enterprise.district.record.json → DistrictEnterprise: the file's own words, then the kind.
        var stem = System.IO.Path.GetFileName(Path);
        stem = stem.Substring(0, stem.Length - ".record.json".Length);
        var words = stem.Split('.', '-', '_', ' ')
            .Where(w => w.Length > 0 && !string.Equals(w, Extends, StringComparison.OrdinalIgnoreCase))
            .Select(w => char.ToUpperInvariant(w[0]) + w.Substring(1))
            .ToList();
        var name = string.Concat(words) + Extends;
        if (words.Count == 0 || !TypeName.IsMatch(name))
        {
            Problem(extends, $"The extension's C# class is named after its file: name it {Extends}.<name>.record.json with <name> of letters and digits (Enterprise.district.record.json gives DistrictEnterprise), not {System.IO.Path.GetFileName(Path)}. / 扩展的 C# 类名取自文件名：请命名为 {Extends}.<名称>.record.json（名称为字母与数字，如 Enterprise.district.record.json 生成 DistrictEnterprise），而不是 {System.IO.Path.GetFileName(Path)}。");
            return;
        }

        ClassName = name;
    }

    private void ReadFields(JsonNode root)
    {
        var fields = root.Property("Fields");
        if (fields is null || fields.Kind != JsonKind.Array)
        {
            Problem(fields ?? NameNode ?? root, "\"Fields\" must be an array of fields, each with \"Name\" and \"Kind\". / \"Fields\" 应为字段数组，每个字段含 \"Name\" 与 \"Kind\"。");
            return;
        }

        var seen = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var node in fields.Items)
        {
            if (node.Kind != JsonKind.Object)
            {
                Problem(node, "Each field is an object with \"Name\" and \"Kind\". / 每个字段应为含 \"Name\" 与 \"Kind\" 的对象。");
                continue;
            }

            var field = ReadField(node);
            if (field is null)
            {
                continue;
            }

            if (seen.TryGetValue(field.PropertyName, out var first))
            {
                Problem(field.NameNode, $"Field '{field.Name}' is declared twice in this file (first at {Position(first)}); C# property names ignore the case of the first letter. / 字段 {field.Name} 在本文件中重复声明（首次位于 {Position(first)}）。");
                continue;
            }

            seen[field.PropertyName] = field.NameNode;
            Fields.Add(field);
        }

        if (Record is not null && !Fields.Any(f => f.Name == "id" && f.Kind == "text"))
        {
            Problem(fields, $"Record '{Record}' needs a field {{ \"Name\": \"id\", \"Kind\": \"text\" }}: every output row names its record by id. / 记录类型 '{Record}' 须包含字段 {{ \"Name\": \"id\", \"Kind\": \"text\" }}：每行输出以 id 标识记录。");
        }
    }

    private RecordField? ReadField(JsonNode node)
    {
        var name = node.Property("Name");
        if (name is null || !IsString(name) || !FieldName.IsMatch(name.Text!))
        {
            Problem(name ?? node, $"A field's \"Name\" is a camelCase identifier (a small letter first, then letters and digits, such as \"selfFundedPercent\"), {(name is null ? "and this field has none" : "not " + Show(name))}: it is the CSV column and JSON property; C# and expressions read its PascalCase form. / 字段 \"Name\" 应为 camelCase 标识符（小写字母开头，其后为字母与数字，如 \"selfFundedPercent\"），{(name is null ? "该字段缺少 Name" : "而不是 " + Show(name))}：它是 CSV 列名和 JSON 属性名，C# 与表达式读取其 PascalCase 形式。");
            return null;
        }

        var kindNode = node.Property("Kind");
        var kind = StringOf(kindNode);
        if (kind is null || !ClrTypes.ContainsKey(kind))
        {
            var suggestion = kind is null ? null : Closest(kind, ClrTypes.Keys);
            var hint = suggestion is null ? "" : $"; did you mean '{suggestion}'?";
            var hintZh = suggestion is null ? "" : $"；是否应为 {suggestion}？";
            Problem(kindNode ?? name, $"Field '{name.Text}' has {(kindNode is null ? "no \"Kind\"" : $"Kind {Show(kindNode)}")}{hint} Kinds: {string.Join(", ", ClrTypes.Keys)}. / 字段 '{name.Text}' {(kindNode is null ? "缺少 \"Kind\"" : $"的 Kind {Show(kindNode)} 无效")}{hintZh}可用类型：{string.Join("、", ClrTypes.Keys)}。");
            return null;
        }

        var values = node.Property("Values");
        var choices = new List<string>();
        if (kind == "choice")
        {
            if (values is null || values.Kind != JsonKind.Array || values.Items.Count == 0 || values.Items.Any(v => !IsString(v)))
            {
                Problem(values ?? kindNode!, $"Choice field '{name.Text}' needs \"Values\": a non-empty array of the texts it may take. / 选项字段 {name.Text} 须以 \"Values\" 列出可取的文本（非空数组）。");
                return null;
            }

            choices.AddRange(values.Items.Select(v => v.Text!));
        }

        var property = char.ToUpperInvariant(name.Text![0]) + name.Text.Substring(1);
        if (RecordMembers.Contains(property) || property == ClassName)
        {
            Problem(name, $"Field '{name.Text}' would be the C# member '{property}', which every record class already has (or its own class name); choose another name. / 字段 {name.Text} 与 C# 记录类的内置成员 {property} 冲突，请改名。");
            return null;
        }

        return new RecordField(name.Text, property, kind, name)
        {
            TitleZh = StringOf(node.Property("TitleZh")),
            TitleEn = StringOf(node.Property("TitleEn")),
            MeaningZh = StringOf(node.Property("MeaningZh")),
            MeaningEn = StringOf(node.Property("MeaningEn")),
            Unit = StringOf(node.Property("Unit")),
            Period = StringOf(node.Property("Period")),
            Min = node.Property("Min") is { Kind: JsonKind.Number } min ? min.Text : null,
            Max = node.Property("Max") is { Kind: JsonKind.Number } max ? max.Text : null,
            Values = choices,
        };
    }

    /// <summary>Reports a problem on <paramref name="node"/>, for checks that need more than this file (the base class's members).</summary>
    public void Problem(JsonNode node, string message, bool warning = false) => Problem(node.Start, node.End, message, warning);

    private void Problem(int start, int end, string message, bool warning = false) => Problems.Add(new Problem(start, end, message, warning));

    /// <summary>
    /// The extension files of one kind as the one class they generate: the first file's name (so a
    /// file added later never renames the class users already write), every file's fields in order.
    /// </summary>
    public static RecordDeclaration Merge(IReadOnlyList<RecordDeclaration> extensions)
    {
        var first = extensions[0];
        if (extensions.Count == 1)
        {
            return first;
        }

        var merged = new RecordDeclaration(first.Path, first._text)
        {
            ClassName = first.ClassName,
            Extends = first.Extends,
            NameNode = first.NameNode,
        };
        merged.Fields.AddRange(extensions.SelectMany(e => e.Fields));
        return merged;
    }

    /// <summary>"line:column" of a node of this file.</summary>
    public string PositionOf(JsonNode node) => Position(node);

    /// <summary>"line:column" (1-based, UTF-16 columns) of a node, as the compiler writes positions.</summary>
    private string Position(JsonNode node)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < node.Start && i < _text.Length; i++)
        {
            if (_text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return FormattableString.Invariant($"{line}:{node.Start - lineStart + 1}");
    }

    private static bool IsString(JsonNode node) => node.Kind == JsonKind.String && node.Text is not null;

    private static string? StringOf(JsonNode? node) => node is { Kind: JsonKind.String } ? node.Text : null;

    private static string Show(JsonNode node) => node.Kind switch
    {
        JsonKind.String => "'" + node.Text + "'",
        JsonKind.Number => node.Text!,
        _ => "a JSON " + node.Kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The nearest candidate within a third of the name's length in edits (case-insensitive), or null.</summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return bestDistance <= Math.Max(1, name.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}

/// <summary>One declared field.</summary>
internal sealed class RecordField(string name, string propertyName, string kind, JsonNode nameNode)
{
    /// <summary>The camelCase name: CSV column, JSON property.</summary>
    public string Name { get; } = name;

    /// <summary>The PascalCase C# property name, as expressions read it.</summary>
    public string PropertyName { get; } = propertyName;

    public string Kind { get; } = kind;

    public JsonNode NameNode { get; } = nameNode;

    public string? TitleZh { get; set; }

    public string? TitleEn { get; set; }

    public string? MeaningZh { get; set; }

    public string? MeaningEn { get; set; }

    public string? Unit { get; set; }

    public string? Period { get; set; }

    public string? Min { get; set; }

    public string? Max { get; set; }

    public List<string> Values { get; set; } = [];

    public string ClrType => RecordDeclaration.ClrTypes[Kind];
}

/// <summary>A problem at a character span of the declaration file.</summary>
internal sealed class Problem(int start, int end, string message, bool warning)
{
    public int Start { get; } = start;

    public int End { get; } = end;

    public string Message { get; } = message;

    public bool Warning { get; } = warning;
}
