using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyRules.Input;

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
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(testsFile)) as JsonObject
                ?? throw new JsonException("A tests file is a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new ProfileInputException([new InputError(testsFile, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.LineNumber ?? 0) + 1, "(tests)", ex.Message)]);
        }

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

    private static DateOnly? Date(string file, string? text) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw Bad(file, $"'{text}' is not a date YYYY-MM-DD");

    private static ProfileInputException Bad(string file, string reason) =>
        new([new InputError(file, 0, 0, "(tests)", reason + " / 测试文件格式错误")]);
}
