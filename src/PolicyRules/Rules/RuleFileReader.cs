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
            // The reason is "English / 中文" already: each half takes its own.
            var reason = ex.Errors[0].Reason;
            var (en, zh) = Input.InputErrorText.Split(reason) ?? (reason, reason);
            (en, zh) = (JsonDocumentChecker.Unprefixed(en, "cannot be read: "), JsonDocumentChecker.Unprefixed(zh, "无法读取文件：")); // said once, below
            diagnostics.Add(new RuleDiagnostic(DiagnosticIds.UnreadableFile, DiagnosticSeverity.Error,
                $"The rule file cannot be read: {en}. / 无法读取规则文件：{zh}。", SourceLocation.FileOnly(path)));
            return [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var (en, zh) = Input.InputFiles.WhyUnreadable(path, ex);
            diagnostics.Add(new RuleDiagnostic(DiagnosticIds.UnreadableFile, DiagnosticSeverity.Error,
                $"The rule file cannot be read: {en} / 无法读取规则文件：{zh}", SourceLocation.FileOnly(path)));
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

        var original = utf8;
        utf8 = SourceText.FromUtf16(utf8);
        var source = new SourceText(path, utf8);
        if (SourceText.Utf16Replacement(original, utf8, loneOnly: false) is var replaced and >= 0)
        {
            diagnostics.Add(new RuleDiagnostic(DiagnosticIds.InvalidJson, DiagnosticSeverity.Error, JsonErrorText.Utf16Replacement, source.Location(replaced, replaced + 3)));
            return [];
        }

        JsonSourceNode root;
        try
        {
            root = JsonSourceNode.Parse(utf8);
        }
        catch (JsonException ex)
        {
            diagnostics.Add(new RuleDiagnostic(DiagnosticIds.InvalidJson, DiagnosticSeverity.Error,
                JsonErrorText.InvalidJson(ex.Message), source.Location(ex)));
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
            string.Create(CultureInfo.InvariantCulture, $"The rule file is {bytes:N0} bytes; the limit is {MaxFileBytes:N0}. / 规则文件为 {bytes:N0} 字节，上限为 {MaxFileBytes:N0}。"), SourceLocation.FileOnly(path));

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
                Error(DiagnosticIds.SchemaViolation, node, string.Create(CultureInfo.InvariantCulture, $"The name is {name.Length:N0} characters long; the limit is {MaxNameLength}. / 名称过长（{name.Length:N0} 个字符，上限 {MaxNameLength}）。"));
            }
        }

        private static readonly System.Buffers.SearchValues<char> AsciiLettersAndDigits =
            System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

        /// <summary>
        /// A workflow, programme, rule or parameter name: an ASCII letter, then ASCII letters and digits,
        /// as output names. Names become column names, failed-criterion lists joined by ';' and names in
        /// expressions, where a separator or a look-alike letter (Cyrillic 'е') makes two names read as one.
        /// </summary>
        private void CheckName(JsonSourceNode node, string? name, string what, string whatZh)
        {
            CheckNameLength(node, name);
            if (name is not { Length: > 0 and <= MaxNameLength } || IsOutputName(name))
            {
                return;
            }

            var at = char.IsAsciiLetter(name[0]) ? name.AsSpan().IndexOfAnyExcept(AsciiLettersAndDigits) : 0;
            _ = System.Text.Rune.DecodeFromUtf16(name.AsSpan(at), out var bad, out _); // a lone surrogate reads as U+FFFD
            var character = $"U+{bad.Value:X4}" + (System.Text.Rune.IsControl(bad) || System.Text.Rune.GetUnicodeCategory(bad) is UnicodeCategory.Format or UnicodeCategory.SpaceSeparator ? "" : $" '{bad}'");
            var shown = Shown(name);
            Error(DiagnosticIds.SchemaViolation, node,
                $"{what} \"{shown}\" must start with a letter and hold only the letters A-Z, a-z and the digits 0-9; character {at + 1}, {character}, is not one: names become column names and failed-criterion lists joined by ';', where a separator or a look-alike letter (Cyrillic 'е' for 'e') makes two names read as one. / {whatZh} \"{shown}\" 须以字母开头，且只含字母 A-Z、a-z 和数字 0-9；第 {at + 1} 个字符 {character} 不符合：名称用作列名和以 ';' 连接的未满足条件列表，分隔符或形近字母（如西里尔字母 'е' 冒充 'e'）会使两个名称难以区分。");
        }

        /// <summary>The name with invisible and direction-changing characters written as \uXXXX, so a message shows them instead of obeying them.</summary>
        private static string Shown(string name)
        {
            var text = new System.Text.StringBuilder(name.Length);
            foreach (var c in name)
            {
                _ = char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                    ? text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}")
                    : text.Append(c);
            }

            return text.ToString();
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
            if (!ExpectObject(node, new("workflow", "工作流")))
            {
                return null;
            }

            CheckKeys(node, WorkflowKeys, new("workflow", "工作流"));
            var nameProperty = node.Property("WorkflowName");
            var workflowName = RequiredString(node, "WorkflowName");
            CheckName(nameProperty?.Value ?? node, workflowName, "Workflow name", "工作流名称");
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
            else if (ExpectObject(meta, new("PolicyRules metadata", "PolicyRules 元数据")))
            {
                CheckKeys(meta, MetadataKeys, new("PolicyRules metadata", "PolicyRules 元数据"));
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
                Error(DiagnosticIds.EffectiveDates, meta.Property("EffectiveTo")!.Value, string.Create(CultureInfo.InvariantCulture, $"EffectiveTo {to:yyyy-MM-dd} is before EffectiveFrom {effectiveFrom:yyyy-MM-dd}. / EffectiveTo {to:yyyy-MM-dd}（失效日期）早于 EffectiveFrom {effectiveFrom:yyyy-MM-dd}（生效日期）。"));
            }

            if (meta.Property("Programme") is { } programmeName)
            {
                CheckName(programmeName.Value, OptionalString(meta, "Programme"), "Programme name", "项目名称");
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
    }
}
