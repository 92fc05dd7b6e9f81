using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace PolicyRules.Rules;

/// <summary>
/// Reads rule files (RulesEngine workflow JSON with our metadata) into <see cref="ProgrammeDefinition"/>s,
/// collecting every problem with its exact location instead of stopping at the first.
/// Checks structure only; expressions are checked by the compiler.
/// </summary>
public static partial class RuleFileReader
{
    /// <summary>Largest rule file accepted, in bytes.</summary>
    public const int MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Most parameters (GlobalParams and LocalParams together) in one workflow. Each parameter is visible
    /// to those after it and becomes a local of the compiled programme, so the count bounds both the
    /// checker's work and the compiled method's size (66,000 made the JIT refuse it).
    /// </summary>
    public const int MaxParameters = 1_000;

    /// <summary>Most rules (nested ones included) in one workflow, for the same reason.</summary>
    public const int MaxRules = 1_000;

    /// <summary>Longest rule or parameter name, in characters: names appear in outputs and in "did you mean" suggestions.</summary>
    public const int MaxNameLength = 256;

    private static readonly string[] WorkflowKeys = ["$schema", "WorkflowName", "PolicyRules", "GlobalParams", "Rules", "RuleExpressionType"];
    private static readonly string[] MetadataKeys = ["Programme", "Version", "TitleZh", "TitleEn", "Status", "EffectiveFrom", "EffectiveTo", "Documents", "Score", "ScoreComponents", "Classification", "Input", "Uses", "SelectTop", "Successor", "Outputs", "Overrides"];
    private static readonly string[] RuleKeys = ["RuleName", "Expression", "Operator", "Rules", "LocalParams", "Properties", "ErrorMessage", "SuccessEvent", "Enabled", "RuleExpressionType"];
    private static readonly string[] PropertyKeys = ["TitleZh", "TitleEn", "FailZh", "FailEn", "Citation", "Unit", "Status"];
    private static readonly string[] ParamKeys = ["Name", "Expression", "TitleZh", "TitleEn", "Unit", "Citation"];

    /// <summary>Reads one rule file from disk.</summary>
    public static IReadOnlyList<ProgrammeDefinition> ReadFile(string path, ICollection<RuleDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(diagnostics);
        byte[] bytes;
        try
        {
            if (new FileInfo(path).Length > MaxFileBytes)
            {
                diagnostics.Add(TooLarge(path, new FileInfo(path).Length));
                return [];
            }

            // Bounded too when the length lies (a device, a pipe, a file growing while read).
            bytes = Input.ProfileJsonReader.ReadBounded(path, MaxFileBytes, "rule / 规则");
        }
        catch (Input.ProfileInputException ex)
        {
            diagnostics.Add(new RuleDiagnostic(DiagnosticIds.UnreadableFile, DiagnosticSeverity.Error,
                $"The rule file cannot be read: {ex.Errors[0].Reason}. / 无法读取规则文件：{ex.Errors[0].Reason}。", SourceLocation.FileOnly(path)));
            return [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new RuleDiagnostic(DiagnosticIds.UnreadableFile, DiagnosticSeverity.Error,
                $"The rule file cannot be read: {ex.Message} / 无法读取规则文件：{ex.Message}", SourceLocation.FileOnly(path)));
            return [];
        }

        return Read(path, bytes, diagnostics);
    }

    /// <summary>Reads rule-file content; <paramref name="path"/> names it in diagnostics.</summary>
    public static IReadOnlyList<ProgrammeDefinition> Read(string path, byte[] utf8, ICollection<RuleDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(utf8);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (utf8.Length > MaxFileBytes)
        {
            diagnostics.Add(TooLarge(path, utf8.Length));
            return [];
        }

        var source = new SourceText(path, utf8);
        JsonSourceNode root;
        try
        {
            root = JsonSourceNode.Parse(utf8);
        }
        catch (JsonException ex)
        {
            diagnostics.Add(new RuleDiagnostic(DiagnosticIds.InvalidJson, DiagnosticSeverity.Error,
                $"Invalid JSON: {ex.Message} / JSON 格式错误：{JsonErrorText.Chinese(ex.Message)}", source.Location(ex)));
            return [];
        }

        var context = new Context(source, diagnostics);
        var workflows = root.Kind switch
        {
            JsonValueKind.Array => root.Items,
            JsonValueKind.Object => [root],
            _ => null,
        };
        if (workflows is null)
        {
            context.Error(DiagnosticIds.SchemaViolation, root, $"A rule file holds a workflow object or an array of them, not {root.Describe()}. / 规则文件应为工作流对象或其数组，而不是{root.DescribeZh()}。");
            return [];
        }

        if (NotARuleFile(workflows))
        {
            // A sample profile or other data kept beside the rules: one note, not an error per property.
            diagnostics.Add(new RuleDiagnostic(DiagnosticIds.NotARuleFile, DiagnosticSeverity.Info,
                $"Skipped: this document is not a rule file (no object in it has any of {string.Join(", ", WorkflowKeys.Skip(1))}); keep sample profiles and other data outside the rules folder, or name them *.tests.json or *.schema.json. / 已跳过：此文档不是规则文件（其中没有对象含有 {string.Join("、", WorkflowKeys.Skip(1))} 中的任何属性）；请将示例画像等数据放在规则目录之外，或命名为 *.tests.json 或 *.schema.json。",
                source.Location(root.Start, root.Start + 1)));
            return [];
        }

        var programmes = new List<ProgrammeDefinition>();
        foreach (var workflow in workflows)
        {
            if (context.ReadWorkflow(workflow) is { } programme)
            {
                programmes.Add(programme);
            }
        }

        return programmes;
    }

    /// <summary>True when no item is an object with any workflow key: the document is data, not rules (an empty array is still a rule file).</summary>
    private static bool NotARuleFile(List<JsonSourceNode> workflows) =>
        workflows.Count > 0
        && workflows.All(w => w.Kind == JsonValueKind.Object)
        && !workflows.Any(w => w.Properties.Any(p => Array.IndexOf(WorkflowKeys, p.Name) >= 0));

    private static RuleDiagnostic TooLarge(string path, long bytes) =>
        new(DiagnosticIds.UnreadableFile, DiagnosticSeverity.Error,
            $"The rule file is {bytes:N0} bytes; the limit is {MaxFileBytes:N0}. / 规则文件为 {bytes:N0} 字节，上限为 {MaxFileBytes:N0}。", SourceLocation.FileOnly(path));

    private sealed partial class Context(SourceText source, ICollection<RuleDiagnostic> diagnostics)
    {
        private bool _failed;

        // Properties already reported as misspelt ("Propertes" → "Properties"), so their absence is not reported again.
        private readonly HashSet<(JsonSourceNode Owner, string Name)> _misspelt = [];

        private bool IsMisspelt(JsonSourceNode owner, string name) => _misspelt.Contains((owner, name));

        private void CheckNameLength(JsonSourceNode node, string? name)
        {
            if (name is { Length: > MaxNameLength })
            {
                Error(DiagnosticIds.SchemaViolation, node, $"The name is {name.Length:N0} characters long; the limit is {MaxNameLength}. / 名称过长（{name.Length:N0} 个字符，上限 {MaxNameLength}）。");
            }
        }

        public void Error(string id, JsonSourceNode node, string message) => Report(id, DiagnosticSeverity.Error, node.Start, node.End, message);

        public void Report(string id, DiagnosticSeverity severity, int start, int end, string message)
        {
            _failed |= severity == DiagnosticSeverity.Error;
            diagnostics.Add(new RuleDiagnostic(id, severity, message, source.Location(start, end)));
        }

        private int _parameters;
        private int _rules;

        public ProgrammeDefinition? ReadWorkflow(JsonSourceNode node)
        {
            _parameters = 0;
            _rules = 0;
            _failed = false;
            if (!ExpectObject(node, "workflow"))
            {
                return null;
            }

            CheckKeys(node, WorkflowKeys, "workflow");
            var nameProperty = node.Property("WorkflowName");
            var workflowName = RequiredString(node, "WorkflowName");
            if (node.Property("RuleExpressionType") is { } ret)
            {
                CheckLambda(ret.Value);
            }

            var meta = node.Property("PolicyRules")?.Value;
            if (meta is null)
            {
                Error(DiagnosticIds.SchemaViolation, nameProperty?.Value ?? node,
                    "The workflow has no \"PolicyRules\" metadata (Version, TitleZh, TitleEn, Status, EffectiveFrom, Documents). / 工作流缺少 \"PolicyRules\" 元数据（Version、TitleZh、TitleEn、Status、EffectiveFrom、Documents）。");
                meta = EmptyObject;
            }
            else if (ExpectObject(meta, "PolicyRules metadata"))
            {
                CheckKeys(meta, MetadataKeys, "PolicyRules metadata");
            }
            else
            {
                meta = EmptyObject;
            }

            var documents = ReadDocuments(meta.Property("Documents")?.Value);
            var globals = ReadParams(node.Property("GlobalParams")?.Value, documents);
            var rulesNode = node.Property("Rules")?.Value;
            var rules = ImmutableArray<RuleDefinition>.Empty;
            if (rulesNode is null)
            {
                if (!IsMisspelt(node, "Rules"))
                {
                    Error(DiagnosticIds.SchemaViolation, nameProperty?.Value ?? node, "The workflow has no \"Rules\". / 工作流缺少 \"Rules\"。");
                }
            }
            else
            {
                rules = ReadRules(rulesNode, documents);
                if (rules.IsEmpty && rulesNode.Kind == JsonValueKind.Array)
                {
                    Error(DiagnosticIds.SchemaViolation, rulesNode, "The workflow has no enabled rules. / 工作流没有启用的规则。");
                }
            }

            var status = ReadStatus(meta.Property("Status")?.Value) ?? RuleStatus.Provisional;
            if (meta.Property("Status") is null && meta != EmptyObject)
            {
                Error(DiagnosticIds.SchemaViolation, meta, "The metadata has no \"Status\" (verified, secondary or provisional). / 元数据缺少 \"Status\"（verified、secondary 或 provisional）。");
            }

            var effectiveFrom = ReadDate(meta.Property("EffectiveFrom")?.Value, required: meta != EmptyObject, "EffectiveFrom", meta) ?? DateOnly.MinValue;
            var effectiveTo = ReadDate(meta.Property("EffectiveTo")?.Value, required: false, "EffectiveTo", meta);
            if (effectiveTo is { } to && to < effectiveFrom)
            {
                Error(DiagnosticIds.EffectiveDates, meta.Property("EffectiveTo")!.Value, $"EffectiveTo {to:yyyy-MM-dd} is before EffectiveFrom {effectiveFrom:yyyy-MM-dd}. / EffectiveTo {to:yyyy-MM-dd}（失效日期）早于 EffectiveFrom {effectiveFrom:yyyy-MM-dd}（生效日期）。");
            }

            var programme = new ProgrammeDefinition
            {
                Name = OptionalString(meta, "Programme") ?? workflowName ?? "",
                WorkflowName = workflowName ?? "",
                Version = RequiredString(meta, "Version", meta != EmptyObject) ?? "",
                Title = new BilingualText(RequiredString(meta, "TitleZh", meta != EmptyObject) ?? "", RequiredString(meta, "TitleEn", meta != EmptyObject) ?? ""),
                Status = status,
                EffectiveFrom = effectiveFrom,
                EffectiveTo = effectiveTo,
                Documents = documents,
                ScoreParam = OptionalString(meta, "Score"),
                ScoreComponents = ReadStringArray(meta.Property("ScoreComponents")?.Value),
                ClassificationParam = OptionalString(meta, "Classification"),
                SelectTopParam = OptionalString(meta, "SelectTop"),
                Input = ReadInput(meta.Property("Input")?.Value),
                InputLocation = meta.Property("Input")?.Value is { } inputNode ? source.Location(inputNode.Start, inputNode.End) : null,
                Uses = ReadReferences(meta.Property("Uses")?.Value),
                Successor = ReadSuccessor(meta.Property("Successor")?.Value, documents, effectiveTo),
                Overrides = ReadFlag(meta.Property("Overrides")?.Value, "Overrides"),
                Params = globals,
                Rules = rules,
                Outputs = ReadOutputs(meta.Property("Outputs")?.Value, documents),
                SourcePath = source.Path,
                Location = source.Location((nameProperty?.Value ?? node).Start, (nameProperty?.Value ?? node).End),
            };
            return _failed ? null : programme;
        }

        private ImmutableArray<RuleDefinition> ReadRules(JsonSourceNode node, ImmutableDictionary<string, string> documents)
        {
            if (!ExpectArray(node, "Rules"))
            {
                return [];
            }

            var rules = ImmutableArray.CreateBuilder<RuleDefinition>();
            foreach (var item in node.Items)
            {
                if (ReadRule(item, documents) is { } rule)
                {
                    rules.Add(rule);
                }
            }

            return rules.ToImmutable();
        }

        private RuleDefinition? ReadRule(JsonSourceNode node, ImmutableDictionary<string, string> documents)
        {
            if (!ExpectObject(node, "rule"))
            {
                return null;
            }

            CheckKeys(node, RuleKeys, "rule");
            if (node.Property("Enabled")?.Value is { } enabled)
            {
                if (enabled.Kind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    Error(DiagnosticIds.SchemaViolation, enabled, $"\"Enabled\" must be true or false, not {enabled.Describe()}. / \"Enabled\" 应为 true 或 false，而不是{enabled.DescribeZh()}。");
                }
                else if (!enabled.BoolValue)
                {
                    return null; // RulesEngine skips disabled rules; so do we.
                }
            }

            if (node.Property("RuleExpressionType") is { } ret)
            {
                CheckLambda(ret.Value);
            }

            var nameNode = node.Property("RuleName")?.Value ?? node;
            if (++_rules > MaxRules)
            {
                if (_rules == MaxRules + 1)
                {
                    Error(DiagnosticIds.SchemaViolation, nameNode, $"The workflow has more than {MaxRules:N0} rules (nested ones included): split it into programmes. / 工作流规则（含嵌套规则）超过 {MaxRules:N0} 条，请拆分。");
                }

                return null; // the rest is not read: the work stays bounded
            }

            var name = RequiredString(node, "RuleName") ?? "";
            CheckNameLength(nameNode, name);
            var expressionNode = node.Property("Expression")?.Value;
            var operatorNode = node.Property("Operator")?.Value;
            var childrenNode = node.Property("Rules")?.Value;
            var op = RuleOperator.None;
            var children = ImmutableArray<RuleDefinition>.Empty;
            ExpressionSource? expression = null;

            if (operatorNode is not null)
            {
                var text = operatorNode.Kind == JsonValueKind.String ? operatorNode.StringValue : null;
                op = text switch
                {
                    "And" or "AndAlso" => RuleOperator.AndAlso,
                    "Or" or "OrElse" => RuleOperator.OrElse,
                    _ => RuleOperator.None,
                };
                if (op == RuleOperator.None)
                {
                    Error(DiagnosticIds.UnknownOperator, operatorNode,
                        $"Unknown Operator {(text is null ? operatorNode.Describe() : $"'{text}'")}: use And, AndAlso, Or or OrElse. / 未知的 Operator {(text is null ? operatorNode.DescribeZh() : $"'{text}'")}：请使用 And、AndAlso、Or 或 OrElse。");
                }

                if (childrenNode is null)
                {
                    Error(DiagnosticIds.SchemaViolation, operatorNode, "A rule with an Operator needs child \"Rules\". / 带 Operator 的规则需要子规则 \"Rules\"。");
                }
                else
                {
                    children = ReadRules(childrenNode, documents);
                    if (children.IsEmpty && childrenNode.Kind == JsonValueKind.Array)
                    {
                        Error(DiagnosticIds.SchemaViolation, childrenNode, "A nested rule needs at least one enabled child rule. / 嵌套规则至少需要一条启用的子规则。");
                    }
                }

                if (expressionNode is not null)
                {
                    Error(DiagnosticIds.SchemaViolation, expressionNode, "A rule has either an Expression or an Operator with child Rules, not both. / 规则不能同时有 Expression 和 Operator。");
                }
            }
            else if (childrenNode is not null)
            {
                Error(DiagnosticIds.SchemaViolation, childrenNode, "Child \"Rules\" need an \"Operator\" (AndAlso or OrElse). / 子规则 \"Rules\" 需要 \"Operator\"（AndAlso 或 OrElse）。");
            }
            else if (expressionNode is null)
            {
                if (!IsMisspelt(node, "Expression"))
                {
                    Error(DiagnosticIds.SchemaViolation, nameNode, $"Rule '{name}' has no \"Expression\". / 规则 '{name}' 缺少 \"Expression\"。");
                }
            }
            else
            {
                expression = ReadExpression(expressionNode, "Expression");
            }

            var properties = node.Property("Properties")?.Value;
            if (properties is null || !ExpectObject(properties, "Properties"))
            {
                if (properties is null && !IsMisspelt(node, "Properties"))
                {
                    Error(DiagnosticIds.SchemaViolation, nameNode, $"Rule '{name}' has no \"Properties\" (TitleZh, TitleEn, Citation). / 规则 '{name}' 缺少 \"Properties\"（TitleZh、TitleEn、Citation）。");
                }

                properties = EmptyObject;
            }
            else
            {
                CheckKeys(properties, PropertyKeys, "rule Properties");
            }

            var citation = ReadCitation(properties.Property("Citation")?.Value, documents);
            if (citation is null && properties.Property("Citation") is null && properties != EmptyObject)
            {
                Report(DiagnosticIds.MissingCitation, DiagnosticSeverity.Warning, nameNode.Start, nameNode.End,
                    $"Rule '{name}' cites no document and article: add Properties.Citation {{\"Document\", \"Article\"}}. / 规则 '{name}' 未注明依据的文件和条款：请添加 Properties.Citation {{\"Document\", \"Article\"}}。");
            }

            var titleZh = RequiredString(properties, "TitleZh", properties != EmptyObject) ?? name;
            var titleEn = RequiredString(properties, "TitleEn", properties != EmptyObject) ?? name;
            var failZh = OptionalString(properties, "FailZh") ?? "不符合：" + titleZh;
            var failEn = OptionalString(properties, "FailEn") ?? OptionalString(node, "ErrorMessage") ?? "Not met: " + titleEn;
            return new RuleDefinition
            {
                Name = name,
                Expression = expression,
                Operator = op,
                Children = children,
                LocalParams = ReadParams(node.Property("LocalParams")?.Value, documents),
                Title = new BilingualText(titleZh, titleEn),
                FailMessage = new BilingualText(failZh, failEn),
                Citation = citation,
                Unit = ReadUnit(properties.Property("Unit")?.Value),
                Status = ReadStatus(properties.Property("Status")?.Value),
                Location = source.Location(nameNode.Start, nameNode.End),
            };
        }

        private ImmutableArray<ParamDefinition> ReadParams(JsonSourceNode? node, ImmutableDictionary<string, string> documents)
        {
            if (node is null || !ExpectArray(node, "parameters"))
            {
                return [];
            }

            var result = ImmutableArray.CreateBuilder<ParamDefinition>();
            foreach (var item in node.Items)
            {
                if (!ExpectObject(item, "parameter"))
                {
                    continue;
                }

                CheckKeys(item, ParamKeys, "parameter");
                if (++_parameters > MaxParameters)
                {
                    if (_parameters == MaxParameters + 1)
                    {
                        Error(DiagnosticIds.SchemaViolation, item, $"The workflow has more than {MaxParameters:N0} parameters (GlobalParams and LocalParams together): split it into programmes. / 工作流参数（GlobalParams 与 LocalParams 合计）超过 {MaxParameters:N0} 个，请拆分。");
                    }

                    break; // the rest is not read: the work stays bounded
                }

                var name = RequiredString(item, "Name");
                CheckNameLength(item.Property("Name")?.Value ?? item, name);
                var expressionNode = item.Property("Expression")?.Value;
                if (expressionNode is null)
                {
                    Error(DiagnosticIds.SchemaViolation, item, $"Parameter '{name}' has no \"Expression\". / 参数 '{name}' 缺少 \"Expression\"。");
                    continue;
                }

                var expression = ReadExpression(expressionNode, "Expression");
                if (name is null || expression is null)
                {
                    continue;
                }

                var titleZh = OptionalString(item, "TitleZh");
                var titleEn = OptionalString(item, "TitleEn");
                var title = titleZh is null && titleEn is null ? null : new BilingualText(titleZh ?? titleEn!, titleEn ?? titleZh!);
                var nameNode = item.Property("Name")!.Value;
                result.Add(new ParamDefinition(name, expression, title, ReadUnit(item.Property("Unit")?.Value), ReadCitation(item.Property("Citation")?.Value, documents),
                    source.Location(nameNode.Start, nameNode.End)));
            }

            return result.ToImmutable();
        }

        private ExpressionSource? ReadExpression(JsonSourceNode node, string what)
        {
            if (node.Kind != JsonValueKind.String || string.IsNullOrWhiteSpace(node.StringValue))
            {
                Error(DiagnosticIds.SchemaViolation, node, $"\"{what}\" must be a non-empty string, not {node.Describe()}. / \"{what}\" 应为非空字符串，而不是{node.DescribeZh()}。");
                return null;
            }

            return new ExpressionSource(node.StringValue, source, node.Start, node.End);
        }

        private ImmutableDictionary<string, string> ReadDocuments(JsonSourceNode? node)
        {
            if (node is null || !ExpectObject(node, "Documents"))
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
            if (node is null || !ExpectObject(node, "Citation"))
            {
                return null;
            }

            CheckKeys(node, ["Document", "Article", "NoteZh", "NoteEn"], "Citation");
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
            if (node is null || !ExpectObject(node, "Successor"))
            {
                return null;
            }

            CheckKeys(node, ["TitleZh", "TitleEn", "Citation", "Programme"], "Successor");
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
            if (node is null || !ExpectArray(node, "Uses"))
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
            if (node is null || !ExpectArray(node, "list"))
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

            if (node.Kind == JsonValueKind.String
                && DateOnly.TryParseExact(node.StringValue, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            Error(DiagnosticIds.SchemaViolation, node, $"\"{name}\" must be a date \"YYYY-MM-DD\". / \"{name}\" 应为日期 \"YYYY-MM-DD\"。");
            return null;
        }

        private void CheckLambda(JsonSourceNode node)
        {
            if (node.Kind != JsonValueKind.String || node.StringValue != "LambdaExpression")
            {
                Error(DiagnosticIds.SchemaViolation, node, "Only \"RuleExpressionType\": \"LambdaExpression\" is supported. / 仅支持 \"RuleExpressionType\": \"LambdaExpression\"。");
            }
        }

        private void CheckKeys(JsonSourceNode node, string[] allowed, string what)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in node.Properties)
            {
                if (!seen.Add(property.Name))
                {
                    Report(DiagnosticIds.SchemaViolation, DiagnosticSeverity.Error, property.NameStart, property.NameEnd,
                        $"\"{property.Name}\" appears twice in this {what}. / 属性 \"{property.Name}\" 在此{Suggest.Zh(what)}中重复出现。");
                }
                else if (Array.IndexOf(allowed, property.Name) < 0)
                {
                    var message = Suggest.UnknownProperty(property.Name, allowed, "a " + what, out var suggestion);
                    if (suggestion is not null)
                    {
                        _misspelt.Add((node, suggestion));
                    }

                    Report(DiagnosticIds.SchemaViolation, DiagnosticSeverity.Error, property.NameStart, property.NameEnd, message);
                }
            }
        }

        private string? RequiredString(JsonSourceNode node, string name, bool required = true)
        {
            var property = node.Property(name);
            if (property is null)
            {
                if (required && !IsMisspelt(node, name))
                {
                    Error(DiagnosticIds.SchemaViolation, node, $"\"{name}\" is missing. / 缺少 \"{name}\"。");
                }

                return null;
            }

            if (property.Value.Kind != JsonValueKind.String || string.IsNullOrWhiteSpace(property.Value.StringValue))
            {
                Error(DiagnosticIds.SchemaViolation, property.Value, $"\"{name}\" must be a non-empty string, not {property.Value.Describe()}. / \"{name}\" 应为非空字符串，而不是{property.Value.DescribeZh()}。");
                return null;
            }

            return property.Value.StringValue;
        }

        private bool ReadFlag(JsonSourceNode? node, string name)
        {
            if (node is null)
            {
                return false;
            }

            if (node.Kind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Error(DiagnosticIds.SchemaViolation, node, $"\"{name}\" must be true or false, not {node.Describe()}. / \"{name}\" 应为 true 或 false，而不是{node.DescribeZh()}。");
                return false;
            }

            return node.BoolValue;
        }

        private string? OptionalString(JsonSourceNode node, string name) =>
            node.Property(name) is null ? null : RequiredString(node, name);

        private bool ExpectObject(JsonSourceNode node, string what)
        {
            if (node.Kind == JsonValueKind.Object)
            {
                return true;
            }

            Error(DiagnosticIds.SchemaViolation, node, $"A {what} must be an object, not {node.Describe()}. / {what} 应为对象，而不是{node.DescribeZh()}。");
            return false;
        }

        private bool ExpectArray(JsonSourceNode node, string what)
        {
            if (node.Kind == JsonValueKind.Array)
            {
                return true;
            }

            Error(DiagnosticIds.SchemaViolation, node, $"{what} must be an array, not {node.Describe()}. / {what} 应为数组，而不是{node.DescribeZh()}。");
            return false;
        }

        private static readonly JsonSourceNode EmptyObject = JsonSourceNode.Parse("{}"u8.ToArray());
    }
}
