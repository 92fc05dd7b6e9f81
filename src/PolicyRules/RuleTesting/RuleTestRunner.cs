using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyRules.Input;
using PolicyRules.Rules;

namespace PolicyRules.RuleTesting;

/// <summary>One case of a rule test file and what came of it.</summary>
/// <param name="File">The tests file.</param>
/// <param name="Name">The case's name.</param>
/// <param name="Passed">Whether every expectation held.</param>
/// <param name="Differences">Each expectation that did not hold: what was expected and what came out.</param>
public sealed record RuleTestResult(string File, string Name, bool Passed, ImmutableArray<string> Differences);

/// <summary>
/// Runs the tests that stand next to the rules: <c>rules/&lt;Programme&gt;.tests.json</c>, each a
/// programme, a base profile, and cases that change some fields and state the expected outcome.
/// </summary>
/// <remarks>
/// <code>
/// { "Programme": "HighTechEnterprise", "AsOf": "2025-06-30", "Base": { …profile… },
///   "Cases": [ { "Name": "…", "Input": { "techStaff": 9 }, "AsOf": "…",
///                "Expect": { "Eligible": false, "Failed": ["TechStaffRatio"], "Score": 58, "Classification": "Small", "Version": "2016", "Outputs": { "award": 120000 } } } ] }
/// </code>
/// <c>Failed</c> lists the failed top-level criteria exactly (order ignored); <c>Score</c> and
/// <c>Classification</c> are checked when given; <c>Outputs</c> maps declared outputs to their expected
/// exact value (<c>null</c>: empty, as for an ineligible record).
/// </remarks>
public static partial class RuleTestRunner
{
    /// <summary>The test files of a rules folder.</summary>
    public static IReadOnlyList<string> TestFiles(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*.tests.json").Order(StringComparer.Ordinal)];

    /// <summary>Runs every case of one test file against <paramref name="engine"/>.</summary>
    /// <exception cref="ProfileInputException">The file, or a case's profile, cannot be read.</exception>
    public static IReadOnlyList<RuleTestResult> Run(PolicyEngine engine, string testsFile)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(testsFile);
        // A tests file may be as large as a rule file, and no larger.
        var raw = ProfileJsonReader.ReadBounded(testsFile, RuleFileReader.MaxFileBytes, "tests / 测试");
        var utf8 = SourceText.FromUtf16(raw);
        var (source, positions) = CheckShape(testsFile, raw, utf8);
        var caseNodes = positions.Property("Cases")?.Value.Items ?? [];
        var index = -1;
        // JsonNode.Parse, unlike the positional parse above, does not skip a byte-order mark.
        var root = (JsonObject)JsonNode.Parse(utf8.AsSpan().StartsWith("\uFEFF"u8) ? utf8.AsSpan(3) : utf8)!;

        var programme = (string?)root["Programme"] ?? throw Bad(testsFile, "\"Programme\" is missing", "缺少 \"Programme\"");
        var defaultAsOf = Date(testsFile, (string?)root["AsOf"]);
        var baseProfile = root["Base"] as JsonObject ?? new JsonObject();
        var results = new List<RuleTestResult>();
        foreach (var node in root["Cases"] as JsonArray ?? throw Bad(testsFile, "\"Cases\" is missing", "缺少 \"Cases\""))
        {
            index++;
            if (node is not JsonObject testCase)
            {
                throw Bad(testsFile, "each case is an object", "每个用例应为对象");
            }

            var name = (string?)testCase["Name"] ?? throw Bad(testsFile, "a case has no \"Name\"", "有用例缺少 \"Name\"");
            var asOf = testCase["AsOf"] is { } caseAsOf ? Date(testsFile, (string?)caseAsOf) : defaultAsOf;
            var compiled = engine.GetProgramme(programme, asOf ?? throw Bad(testsFile, $"case '{name}' has no \"AsOf\"", $"用例 '{name}' 缺少 \"AsOf\""));
            var profileJson = (JsonObject)baseProfile.DeepClone();
            foreach (var (key, value) in testCase["Input"] as JsonObject ?? [])
            {
                profileJson[key] = value?.DeepClone();
            }

            object record;
            try
            {
                record = ProfileJsonReader.Read($"{testsFile} case '{name}'", Encoding.UTF8.GetBytes(profileJson.ToJsonString()), compiled.Schema, compiled.FieldsRead(asOf.Value));
            }
            catch (ProfileInputException ex) when (index < caseNodes.Count)
            {
                throw InCase(ex, source, positions, caseNodes[index], name);
            }

            var result = compiled.EvaluateRecord(record, asOf.Value);
            var expect = testCase["Expect"] as JsonObject ?? throw Bad(testsFile, $"case '{name}' has no \"Expect\"", $"用例 '{name}' 缺少 \"Expect\"");
            var differences = ImmutableArray.CreateBuilder<string>();
            if (expect["Eligible"] is { } eligible && (bool)eligible != result.Eligible)
            {
                differences.Add($"eligible: expected {(bool)eligible}, got {result.Eligible} / 是否符合：期望 {(bool)eligible}，实际 {result.Eligible}");
            }

            if (expect["Failed"] is JsonArray failed)
            {
                var expected = failed.Select(f => (string)f!).Order(StringComparer.Ordinal).ToArray();
                var actual = result.FailedCriteria.Order(StringComparer.Ordinal).ToArray();
                if (!expected.SequenceEqual(actual))
                {
                    differences.Add($"failed criteria: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}] / 未满足条件：期望 [{string.Join(", ", expected)}]，实际 [{string.Join(", ", actual)}]");
                }
            }

            if (expect["Score"] is { } score && (!TryExpected(score, out var expectedScore) || expectedScore != result.Score))
            {
                var got = result.Score?.ToString(CultureInfo.InvariantCulture);
                differences.Add($"score: expected {score.ToJsonString()}, got {got ?? "none"} / 得分：期望 {score.ToJsonString()}，实际 {got ?? "无"}");
            }

            if (expect["Version"] is { } version && (string?)version != result.Version)
            {
                differences.Add($"version: expected {(string?)version}, got {result.Version} / 版本：期望 {(string?)version}，实际 {result.Version}");
            }

            if (expect["Classification"] is { } classification && (string?)classification != result.Classification)
            {
                differences.Add($"classification: expected {(string?)classification}, got {result.Classification ?? "none"} / 分类：期望 {(string?)classification}，实际 {result.Classification ?? "无"}");
            }

            if (expect["Outputs"] is JsonObject outputs)
            {
                foreach (var (output, expectedNode) in outputs)
                {
                    decimal? expected = null;
                    var readable = expectedNode is null || TryExpected(expectedNode, out expected);
                    if (!result.Outputs.TryGetValue(output, out var actual))
                    {
                        var declared = string.Join(", ", result.Outputs.Keys);
                        differences.Add($"output {output}: {programme} declares no such output{(result.Outputs.Count == 0 ? "" : $" (it declares {declared})")}"
                            + $" / 输出项 {output}：{programme} 没有声明该输出项{(result.Outputs.Count == 0 ? "" : $"（已声明：{declared}）")}");
                    }
                    else if (!readable || expected != actual)
                    {
                        var want = expectedNode?.ToJsonString();
                        var got = actual?.ToString(CultureInfo.InvariantCulture);
                        differences.Add($"output {output}: expected {want ?? "empty (null)"}, got {got ?? "empty (null)"} / 输出项 {output}：期望 {want ?? "空（null）"}，实际 {got ?? "空（null）"}");
                    }
                }
            }

            results.Add(new RuleTestResult(testsFile, name, differences.Count == 0, differences.ToImmutable()));
        }

        return results;
    }

    // Each key of a tests file, case and Expect with the JSON kind it takes and whether it must be there.
    private static readonly (string Key, JsonValueKind Kind, bool Required)[] FileShape =
        [("$schema", JsonValueKind.String, false), ("Programme", JsonValueKind.String, true), ("AsOf", JsonValueKind.String, false),
         ("Base", JsonValueKind.Object, false), ("Cases", JsonValueKind.Array, true)];

    private static readonly (string Key, JsonValueKind Kind, bool Required)[] CaseShape =
        [("Name", JsonValueKind.String, true), ("AsOf", JsonValueKind.String, false), ("Input", JsonValueKind.Object, false), ("Expect", JsonValueKind.Object, true)];

    private static readonly (string Key, JsonValueKind Kind, bool Required)[] ExpectShape =
        [("Eligible", JsonValueKind.True, false), ("Failed", JsonValueKind.Array, false), ("Score", JsonValueKind.Number, false),
         ("Classification", JsonValueKind.String, false), ("Version", JsonValueKind.String, false), ("Outputs", JsonValueKind.Object, false)];

    /// <summary>
    /// Refuses what would make a case silently assert less than its author meant — a misspelt or
    /// repeated key ("Eligble"), a value of the wrong kind (<c>"Input": []</c>), an empty Expect —
    /// with line and column, as rules/policyrules-tests.schema.json does.
    /// </summary>
    private static (SourceText Source, JsonSourceNode Root) CheckShape(string testsFile, byte[] raw, byte[] utf8)
    {
        var source = new SourceText(testsFile, utf8);
        var errors = new List<InputError>();
        if (SourceText.Utf16Replacement(raw, utf8, loneOnly: false) is var replaced and >= 0)
        {
            ErrorBoth(replaced, "(tests)", JsonErrorText.Utf16Replacement); // as for rule files, which the build checks too
            throw new ProfileInputException(errors);
        }

        var root = ProfileJsonReader.Parse(source, "(tests)");

        void Error(int offset, string column, string en, string zh)
        {
            var (line, col) = source.Position(offset);
            errors.Add(new InputError(testsFile, line, line, column, $"{en} (line {line}, column {col}) / 测试文件格式错误：{zh}（第 {line} 行第 {col} 列）"));
        }

        // A message already "English / 中文" (an unknown key's suggestion): the place goes in each half.
        void ErrorBoth(int offset, string column, string message)
        {
            var split = message.LastIndexOf(" / ", StringComparison.Ordinal);
            Error(offset, column, message[..split], message[(split + 3)..]);
        }

        var shaped = new HashSet<JsonSourceNode>(ReferenceEqualityComparer.Instance);
        bool Check(JsonSourceNode node, (string Key, JsonValueKind Kind, bool Required)[] shape, Noun what)
        {
            shaped.Add(node);
            if (node.Kind != JsonValueKind.Object)
            {
                Error(node.Start, "(tests)", $"{what.En} is a JSON object, not {node.Describe()}", $"{what.Zh}应为 JSON 对象，而不是{node.DescribeZh()}");
                return false;
            }

            var allowed = Array.ConvertAll(shape, s => s.Key);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in node.Properties)
            {
                var index = Array.IndexOf(allowed, property.Name);
                if (!seen.Add(property.Name))
                {
                    Error(property.NameStart, property.Name, $"\"{property.Name}\" appears twice in {what.En}", $"\"{property.Name}\" 在{what.Zh}中重复出现");
                }
                else if (index < 0)
                {
                    ErrorBoth(property.NameStart, property.Name, Suggest.UnknownProperty(property.Name, allowed, what, out _));
                }
                else if (!IsKind(property.Value, shape[index].Kind))
                {
                    var (kindEn, kindZh) = Describe(shape[index].Kind);
                    Error(property.Value.Start, property.Name, $"\"{property.Name}\" must be {kindEn}, not {property.Value.Describe()}", $"\"{property.Name}\" 应为{kindZh}，而不是{property.Value.DescribeZh()}");
                }
            }

            foreach (var (key, _, required) in shape)
            {
                if (required && node.Property(key) is null)
                {
                    Error(node.Start, key, $"\"{key}\" is missing from {what.En}", $"{what.Zh}缺少 \"{key}\"");
                }
            }

            return true;
        }

        if (Check(root, FileShape, new("a tests file", "测试文件")) && root.Property("Cases")?.Value is { Kind: JsonValueKind.Array } cases)
        {
            if (cases.Items.Count == 0)
            {
                Error(cases.Start, "Cases", "\"Cases\" is empty: the file would test nothing", "\"Cases\" 为空：该文件不会测试任何内容");
            }

            var defaultAsOf = root.Property("AsOf") is not null;
            foreach (var testCase in cases.Items)
            {
                if (!Check(testCase, CaseShape, new("a case", "用例")))
                {
                    continue;
                }

                if (!defaultAsOf && testCase.Property("AsOf") is null)
                {
                    Error(testCase.Start, "AsOf", "the case has no \"AsOf\", and the file gives none for all cases", "该用例没有 \"AsOf\"，文件也未为所有用例给出");
                }

                if (testCase.Property("Expect")?.Value is not { Kind: JsonValueKind.Object } expect)
                {
                    continue;
                }

                Check(expect, ExpectShape, new("Expect", "Expect"));
                if (expect.Properties.Count == 0)
                {
                    Error(expect.Start, "Expect", "Expect is empty: the case would assert nothing; give Eligible, Failed, Score, Classification, Version or Outputs",
                        "Expect 为空：该用例不会断言任何内容；请给出 Eligible、Failed、Score、Classification、Version 或 Outputs");
                }

                if (expect.Property("Outputs")?.Value is { Kind: JsonValueKind.Object } outputs
                    && outputs.Properties.Find(p => p.Value.Kind is not (JsonValueKind.Number or JsonValueKind.Null)) is { } notNumber)
                {
                    Error(notNumber.Value.Start, "Outputs", $"\"Outputs\" maps an output's name to its expected number (or null for empty), not {notNumber.Value.Describe()}",
                        $"\"Outputs\" 应将输出项名称映射到期望的数字（空值用 null），而不是{notNumber.Value.DescribeZh()}");
                }

                if (expect.Property("Failed")?.Value is { Kind: JsonValueKind.Array } failed && failed.Items.Find(i => i.Kind != JsonValueKind.String) is { } notName)
                {
                    Error(notName.Start, "Failed", $"\"Failed\" lists criterion names, not {notName.Describe()}", $"\"Failed\" 应列出条件名称，而不是{notName.DescribeZh()}");
                }
            }
        }

        // A key twice in any other object (Base, a case's Input, Outputs, or deeper): the file is read
        // again as JSON nodes, which fail on a repeated key only when the object is first used.
        var objects = new Stack<JsonSourceNode>([root]);
        while (objects.TryPop(out var node))
        {
            if (node.Kind == JsonValueKind.Object && !shaped.Contains(node))
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in node.Properties.Where(p => !seen.Add(p.Name)))
                {
                    Error(property.NameStart, property.Name, $"\"{property.Name}\" appears twice in one object", $"\"{property.Name}\" 在同一对象中重复出现");
                }
            }

            foreach (var child in node.Properties.Select(p => p.Value).Concat(node.Items))
            {
                objects.Push(child);
            }
        }

        if (errors.Count > 0)
        {
            throw new ProfileInputException(errors);
        }

        return (source, root);
    }

    /// <summary>
    /// A case's profile is read from its merged Base and Input, which has no place in the file; each
    /// error is moved to the value in the test file it came from (the case's Input, else Base),
    /// and said in rule-test terms: the case and the field, at the file's line and column.
    /// </summary>
    private static ProfileInputException InCase(ProfileInputException ex, SourceText source, JsonSourceNode root, JsonSourceNode caseNode, string name)
    {
        var errors = new List<InputError>();
        foreach (var error in ex.Errors)
        {
            var inInput = caseNode.Property("Input")?.Value is { Kind: JsonValueKind.Object } input ? input.Property(error.Column) : null;
            var inBase = root.Property("Base")?.Value is { Kind: JsonValueKind.Object } baseProfile ? baseProfile.Property(error.Column) : null;
            var value = (inInput ?? inBase)?.Value ?? caseNode;
            var (line, column) = source.Position(value.Start);
            var (where, whereZh) = inInput is not null ? ($"case '{name}', Input \"{error.Column}\"", $"用例 '{name}' 的 Input \"{error.Column}\"")
                : inBase is not null ? ($"case '{name}', Base \"{error.Column}\"", $"用例 '{name}' 的 Base \"{error.Column}\"")
                : ($"case '{name}'", $"用例 '{name}'");
            // The reader's position is in the case's JSON as rebuilt in memory (always line 1): each half drops its own.
            var split = error.Reason.IndexOf(" / ", StringComparison.Ordinal);
            var (en, zh) = split < 0 ? (error.Reason, error.Reason) : (error.Reason[..split], error.Reason[(split + 3)..]);
            (en, zh) = (TrailingPosition().Replace(en, ""), TrailingPositionZh().Replace(zh, ""));
            // No row or line of its own (it is not a data file): the place is in Source, as rule diagnostics put it.
            errors.Add(new InputError($"{source.Path}({line},{column})", 0, 0, error.Column, $"{where}: {en} / {whereZh}：{zh}"));
        }

        return new ProfileInputException(errors);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@" \(line \d+, column \d+\)$")]
    private static partial System.Text.RegularExpressions.Regex TrailingPosition();

    [System.Text.RegularExpressions.GeneratedRegex(@"（第 \d+ 行第 \d+ 列）$")]
    private static partial System.Text.RegularExpressions.Regex TrailingPositionZh();

    private static bool IsKind(JsonSourceNode value, JsonValueKind kind) =>
        kind == JsonValueKind.True ? value.Kind is JsonValueKind.True or JsonValueKind.False : value.Kind == kind;

    private static (string En, string Zh) Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True => ("true or false", "true 或 false"),
        JsonValueKind.Object => ("an object", "对象"),
        JsonValueKind.Array => ("an array", "数组"),
        JsonValueKind.Number => ("a number", "数字"),
        _ => ("a string", "字符串"),
    };

    /// <summary>
    /// An expected number as a decimal; false when it is none (beyond ±7.9×10^28, say): such an
    /// expectation can never be met, so it is a mismatch, never a crash of the test run.
    /// </summary>
    private static bool TryExpected(JsonNode node, out decimal? value)
    {
        var parsed = decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number);
        value = parsed ? number : null;
        return parsed;
    }

    private static DateOnly? Date(string file, string? text) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw Bad(file, $"'{text}' is not a date YYYY-MM-DD", $"'{text}' 不是 YYYY-MM-DD 格式的日期");

    private static ProfileInputException Bad(string file, string en, string zh) =>
        new([new InputError(file, 0, 0, "(tests)", $"{en} / 测试文件格式错误：{zh}")]);
}
