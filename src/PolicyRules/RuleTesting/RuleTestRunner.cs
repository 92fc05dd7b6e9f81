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
///                "Expect": { "Eligible": false, "Failed": ["TechStaffRatio"], "Score": 58, "Classification": "Small", "Version": "2016" } } ] }
/// </code>
/// <c>Failed</c> lists the failed top-level criteria exactly (order ignored); <c>Score</c> and
/// <c>Classification</c> are checked when given.
/// </remarks>
public static class RuleTestRunner
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
        var utf8 = File.ReadAllBytes(testsFile);
        CheckShape(testsFile, utf8);
        var root = (JsonObject)JsonNode.Parse(utf8)!;

        var programme = (string?)root["Programme"] ?? throw Bad(testsFile, "\"Programme\" is missing");
        var defaultAsOf = Date(testsFile, (string?)root["AsOf"]);
        var baseProfile = root["Base"] as JsonObject ?? new JsonObject();
        var results = new List<RuleTestResult>();
        foreach (var node in root["Cases"] as JsonArray ?? throw Bad(testsFile, "\"Cases\" is missing"))
        {
            if (node is not JsonObject testCase)
            {
                throw Bad(testsFile, "each case is an object");
            }

            var name = (string?)testCase["Name"] ?? throw Bad(testsFile, "a case has no \"Name\"");
            var asOf = testCase["AsOf"] is { } caseAsOf ? Date(testsFile, (string?)caseAsOf) : defaultAsOf;
            var compiled = engine.GetProgramme(programme, asOf ?? throw Bad(testsFile, $"case '{name}' has no \"AsOf\""));
            var profileJson = (JsonObject)baseProfile.DeepClone();
            foreach (var (key, value) in testCase["Input"] as JsonObject ?? [])
            {
                profileJson[key] = value?.DeepClone();
            }

            var record = ProfileJsonReader.Read($"{testsFile} case '{name}'", Encoding.UTF8.GetBytes(profileJson.ToJsonString()), compiled.Schema, compiled.FieldsRead(asOf.Value));
            var result = compiled.EvaluateRecord(record, asOf.Value);
            var expect = testCase["Expect"] as JsonObject ?? throw Bad(testsFile, $"case '{name}' has no \"Expect\"");
            var differences = ImmutableArray.CreateBuilder<string>();
            if (expect["Eligible"] is { } eligible && (bool)eligible != result.Eligible)
            {
                differences.Add($"eligible: expected {(bool)eligible}, got {result.Eligible}");
            }

            if (expect["Failed"] is JsonArray failed)
            {
                var expected = failed.Select(f => (string)f!).Order(StringComparer.Ordinal).ToArray();
                var actual = result.FailedCriteria.Order(StringComparer.Ordinal).ToArray();
                if (!expected.SequenceEqual(actual))
                {
                    differences.Add($"failed criteria: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
                }
            }

            if (expect["Score"] is { } score && decimal.Parse(score.ToJsonString(), CultureInfo.InvariantCulture) != result.Score)
            {
                differences.Add($"score: expected {score.ToJsonString()}, got {result.Score?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
            }

            if (expect["Version"] is { } version && (string?)version != result.Version)
            {
                differences.Add($"version: expected {(string?)version}, got {result.Version}");
            }

            if (expect["Classification"] is { } classification && (string?)classification != result.Classification)
            {
                differences.Add($"classification: expected {(string?)classification}, got {result.Classification ?? "none"}");
            }

            results.Add(new RuleTestResult(testsFile, name, differences.Count == 0, differences.ToImmutable()));
        }

        return results;
    }

    private static readonly string[] FileKeys = ["$schema", "Programme", "AsOf", "Base", "Cases"];
    private static readonly string[] CaseKeys = ["Name", "AsOf", "Input", "Expect"];
    private static readonly string[] ExpectKeys = ["Eligible", "Failed", "Score", "Classification", "Version"];

    /// <summary>
    /// Refuses what would make a case silently assert less than its author meant — a misspelt key
    /// ("Eligble") or an empty Expect — with line and column, as rules/policyrules-tests.schema.json does.
    /// </summary>
    private static void CheckShape(string testsFile, byte[] utf8)
    {
        var source = new SourceText(testsFile, utf8);
        var root = ProfileJsonReader.Parse(source, "(tests)");

        var errors = new List<InputError>();
        void Error(int offset, string column, string reason)
        {
            var (line, col) = source.Position(offset);
            errors.Add(new InputError(testsFile, line, line, column, $"{reason} / 测试文件格式错误 (line {line}, column {col})"));
        }

        void CheckKeys(JsonSourceNode node, string[] allowed, string what)
        {
            foreach (var property in node.Properties)
            {
                if (Array.IndexOf(allowed, property.Name) < 0)
                {
                    Error(property.NameStart, property.Name, Suggest.UnknownProperty(property.Name, allowed, what, out _));
                }
            }
        }

        if (root.Kind != JsonValueKind.Object)
        {
            Error(root.Start, "(tests)", $"a tests file is a JSON object, not {root.Describe()}");
            throw new ProfileInputException(errors);
        }

        CheckKeys(root, FileKeys, "a tests file");
        foreach (var testCase in root.Property("Cases")?.Value is { Kind: JsonValueKind.Array } cases ? cases.Items : [])
        {
            if (testCase.Kind != JsonValueKind.Object)
            {
                continue; // reported by Run, with the case's position in the file
            }

            CheckKeys(testCase, CaseKeys, "a case");
            if (testCase.Property("Expect")?.Value is not { Kind: JsonValueKind.Object } expect)
            {
                continue;
            }

            CheckKeys(expect, ExpectKeys, "Expect");
            if (expect.Properties.Count == 0)
            {
                Error(expect.Start, "Expect", "Expect is empty: the case would assert nothing; give Eligible, Failed, Score, Classification or Version");
            }

            foreach (var property in expect.Properties)
            {
                var wrongType = property.Name switch
                {
                    "Eligible" => property.Value.Kind is not (JsonValueKind.True or JsonValueKind.False) ? "true or false" : null,
                    "Failed" => property.Value.Kind != JsonValueKind.Array || property.Value.Items.Exists(i => i.Kind != JsonValueKind.String) ? "an array of criterion names" : null,
                    "Score" => property.Value.Kind != JsonValueKind.Number ? "a number" : null,
                    "Classification" or "Version" => property.Value.Kind != JsonValueKind.String ? "a string" : null,
                    _ => null,
                };
                if (wrongType is not null)
                {
                    Error(property.Value.Start, property.Name, $"\"{property.Name}\" must be {wrongType}, not {property.Value.Describe()}");
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new ProfileInputException(errors);
        }
    }

    private static DateOnly? Date(string file, string? text) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw Bad(file, $"'{text}' is not a date YYYY-MM-DD");

    private static ProfileInputException Bad(string file, string reason) =>
        new([new InputError(file, 0, 0, "(tests)", reason + " / 测试文件格式错误")]);
}
