using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using PolicyRules.Model;

namespace PolicyRules.Rules;

public static partial class RuleFileReader
{
    private sealed partial class Context
    {
        private ImmutableDictionary<string, string> ReadDocuments(JsonSourceNode? node)
        {
            if (node is null || !ExpectObject(node, new("Documents", "Documents ")))
            {
                return ImmutableDictionary<string, string>.Empty;
            }

            var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            foreach (var property in node.Properties)
            {
                if (builder.ContainsKey(property.Name))
                {
                    Report(DiagnosticIds.SchemaViolation, DiagnosticSeverity.Error, property.NameStart, property.NameEnd,
                        $"Document \"{property.Name}\" is listed twice in Documents. / 文件 \"{property.Name}\" 在 Documents 中重复列出。");
                    continue;
                }

                if (property.Value.Kind != JsonValueKind.String)
                {
                    Error(DiagnosticIds.SchemaViolation, property.Value, "A document's title must be a string. / 文件标题应为字符串。");
                    continue;
                }

                builder[property.Name] = property.Value.StringValue!;
            }

            return builder.ToImmutable();
        }

        private Citation? ReadCitation(JsonSourceNode? node, ImmutableDictionary<string, string> documents)
        {
            if (node is null || !ExpectObject(node, new("Citation", "依据（Citation）")))
            {
                return null;
            }

            CheckKeys(node, ["Document", "Article", "NoteZh", "NoteEn"], new("Citation", "依据（Citation）"));
            var document = RequiredString(node, "Document");
            var article = RequiredString(node, "Article");
            var noteZh = OptionalString(node, "NoteZh");
            var noteEn = OptionalString(node, "NoteEn");
            if ((noteZh is null) != (noteEn is null))
            {
                // Users read explanations in either language: a note in one only would hide it from the other.
                Error(DiagnosticIds.SchemaViolation, node,
                    $"A citation note needs both \"NoteZh\" and \"NoteEn\"; add \"{(noteZh is null ? "NoteZh" : "NoteEn")}\". / 依据说明须同时提供 \"NoteZh\" 和 \"NoteEn\"：请添加 \"{(noteZh is null ? "NoteZh" : "NoteEn")}\"。");
            }

            if (document is null || article is null)
            {
                return null;
            }

            documents.TryGetValue(document, out var title);
            if (title is null && documents.Count > 0)
            {
                var documentNode = node.Property("Document")!.Value;
                Error(DiagnosticIds.InvalidMetadata, documentNode,
                    $"Citation names document '{document}', which the workflow's Documents do not list ({string.Join(", ", documents.Keys)}). / 引用的文件 '{document}' 未在本工作流的 Documents 中列出（{string.Join("、", documents.Keys)}）。");
            }

            return new Citation(document, article, title) { Note = noteZh is null || noteEn is null ? null : new BilingualText(noteZh, noteEn) };
        }

        private ProgrammeSuccessor? ReadSuccessor(JsonSourceNode? node, ImmutableDictionary<string, string> documents, DateOnly? effectiveTo)
        {
            if (node is null || !ExpectObject(node, new("Successor", "后续项目（Successor）")))
            {
                return null;
            }

            CheckKeys(node, ["TitleZh", "TitleEn", "Citation", "Programme"], new("Successor", "后续项目（Successor）"));
            var titleZh = RequiredString(node, "TitleZh");
            var titleEn = RequiredString(node, "TitleEn");
            var programme = OptionalString(node, "Programme");
            var citationNode = node.Property("Citation")?.Value;
            if (citationNode is null)
            {
                Error(DiagnosticIds.SchemaViolation, node, "\"Successor\" needs a \"Citation\" (Document and Article) naming the document that establishes it. / \"Successor\" 须有 \"Citation\"（Document 和 Article），注明确立它的文件。");
            }

            var citation = ReadCitation(citationNode, documents);
            if (effectiveTo is null)
            {
                Error(DiagnosticIds.InvalidMetadata, node,
                    "A version with a successor must end: set \"EffectiveTo\" to its last day (the successor applies after it). / 有后续政策的版本须结束：请将 \"EffectiveTo\" 设为其最后一天（后续政策自次日起适用）。");
            }

            return titleZh is null || titleEn is null || citation is null ? null : new ProgrammeSuccessor(new BilingualText(titleZh, titleEn), citation, programme);
        }

        private string ReadInput(JsonSourceNode? node)
        {
            // The kind is resolved against the record declarations loaded with the rules (PolicyEngine), which this file cannot see.
            if (node is null)
            {
                return Records.RecordKinds.Enterprise;
            }

            if (node.Kind == JsonValueKind.String && node.StringValue is { Length: > 0 and <= 64 } kind && char.IsAsciiLetterUpper(kind[0]) && kind.All(char.IsAsciiLetterOrDigit))
            {
                return kind;
            }

            Error(DiagnosticIds.SchemaViolation, node, $"\"Input\" names a record kind (Enterprise, Person or one a *.record.json file declares: a PascalCase name), not {(node.Kind == JsonValueKind.String ? $"\"{node.StringValue}\"" : node.Describe())}. / \"Input\" 应为记录类型名称（Enterprise、Person 或 *.record.json 声明的类型：PascalCase 名称），而不是{(node.Kind == JsonValueKind.String ? $"\"{node.StringValue}\"" : node.DescribeZh())}。");
            return Records.RecordKinds.Enterprise;
        }

        private ImmutableArray<ProgrammeReference> ReadReferences(JsonSourceNode? node)
        {
            if (node is null || !ExpectArray(node, new("Uses", "Uses ")))
            {
                return [];
            }

            var result = ImmutableArray.CreateBuilder<ProgrammeReference>();
            foreach (var item in node.Items)
            {
                if (item.Kind == JsonValueKind.String && !string.IsNullOrWhiteSpace(item.StringValue))
                {
                    result.Add(new ProgrammeReference(item.StringValue!, source.Location(item.Start, item.End)));
                }
                else
                {
                    Error(DiagnosticIds.SchemaViolation, item, $"\"Uses\" lists programme names, not {item.Describe()}. / \"Uses\" 应列出项目名称，而不是{item.DescribeZh()}。");
                }
            }

            return result.ToImmutable();
        }

        private ImmutableArray<string> ReadStringArray(JsonSourceNode? node)
        {
            if (node is null || !ExpectArray(node, new("list", "列表")))
            {
                return [];
            }

            var result = ImmutableArray.CreateBuilder<string>();
            foreach (var item in node.Items)
            {
                if (item.Kind == JsonValueKind.String)
                {
                    result.Add(item.StringValue!);
                }
                else
                {
                    Error(DiagnosticIds.SchemaViolation, item, $"Expected a string, not {item.Describe()}. / 应为字符串，而不是{item.DescribeZh()}。");
                }
            }

            return result.ToImmutable();
        }

        private RuleStatus? ReadStatus(JsonSourceNode? node)
        {
            if (node is null)
            {
                return null;
            }

            switch (node.Kind == JsonValueKind.String ? node.StringValue : null)
            {
                case "verified": return RuleStatus.Verified;
                case "secondary": return RuleStatus.Secondary;
                case "provisional": return RuleStatus.Provisional;
                default:
                    Error(DiagnosticIds.SchemaViolation, node, "\"Status\" must be \"verified\", \"secondary\" or \"provisional\". / Status 须为 \"verified\"、\"secondary\" 或 \"provisional\"。");
                    return null;
            }
        }

        private ValueUnit ReadUnit(JsonSourceNode? node)
        {
            if (node is null)
            {
                return ValueUnit.None;
            }

            switch (node.Kind == JsonValueKind.String ? node.StringValue : null)
            {
                case "percent": return ValueUnit.Percent;
                case "yuan": return ValueUnit.Yuan;
                case "wan": return ValueUnit.TenThousandYuan;
                case "people": return ValueUnit.People;
                case "count": return ValueUnit.Count;
                case "days": return ValueUnit.Days;
                case "points": return ValueUnit.Points;
                case "none": return ValueUnit.None;
                default:
                    Error(DiagnosticIds.SchemaViolation, node, "\"Unit\" must be one of percent, yuan, wan, people, count, days, points, none. / Unit 须为 percent、yuan、wan、people、count、days、points、none 之一。");
                    return ValueUnit.None;
            }
        }

        private DateOnly? ReadDate(JsonSourceNode? node, bool required, string name, JsonSourceNode owner)
        {
            if (node is null || node.Kind == JsonValueKind.Null)
            {
                if (required)
                {
                    Error(DiagnosticIds.SchemaViolation, owner, $"The metadata has no \"{name}\" (YYYY-MM-DD). / 元数据缺少 \"{name}\"（YYYY-MM-DD）。");
                }

                return null;
            }

            // The short path first (as the record readers do): the general one loads culture data on a cold start.
            if (node.Kind == JsonValueKind.String
                && (RecordSchema.TryParseIsoDate(node.StringValue, out var date)
                    || DateOnly.TryParseExact(node.StringValue, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)))
            {
                return date;
            }

            Error(DiagnosticIds.SchemaViolation, node, $"\"{name}\" must be a date \"YYYY-MM-DD\". / \"{name}\" 应为日期 \"YYYY-MM-DD\"。");
            return null;
        }
    }
}
