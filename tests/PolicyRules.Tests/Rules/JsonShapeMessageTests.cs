using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PolicyRules.Input;
using PolicyRules.Rules;
using PolicyRules.RuleTesting;
using PolicyRules.Simulation;
using PolicyRules.Targets;

namespace PolicyRules.Tests.Rules;

/// <summary>
/// Every JSON file an author writes — a rule file, a record declaration, a reform, a targets file, a
/// tests file — answers a wrong shape anywhere in it (a value of the wrong kind, an unknown or repeated
/// key) in both languages, the Chinese half naming each part in Chinese — "a reform file is a JSON
/// object" once came out as "reform file应为 JSON 对象", for want of a translation of the file's name —
/// and carrying the same specifics (names, values, numbers) as the English half.
/// </summary>
public sealed partial class JsonShapeMessageTests : IDisposable
{
    private static readonly Lazy<PolicyEngine> Engine = new(() => PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory));

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-shape-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Kinds => new() { "rule", "record", "reform", "targets", "tests" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_shape_mistake_is_told_in_Chinese_in_the_Chinese_half(string kind)
    {
        var (original, name) = kind switch
        {
            "rule" => (Path.Combine(TestProfiles.RulesDirectory, "HighTechEnterprise.json"), "x.json"),
            "record" => (Path.Combine(TestProfiles.RulesDirectory, "Enterprise.record.json"), "x.record.json"),
            "reform" => (Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "reforms", "high-tech-rd-share-minus-one-point.reform.json"), "x.reform.json"),
            "targets" => (Path.Combine(TestProfiles.RulesDirectory, "plan-2023-2025.targets.json"), "x.targets.json"),
            _ => (Path.Combine(TestProfiles.RulesDirectory, "HighTechEnterprise.tests.json"), "x.tests.json"),
        };
        var messages = new List<string>();
        var mutants = Mutants(File.ReadAllText(original)).ToList();
        Assert.True(mutants.Count > 50, $"{mutants.Count} mutants");
        foreach (var mutant in mutants)
        {
            messages.AddRange(Load(kind, mutant, name));
        }

        Assert.NotEmpty(messages);
        var english = messages
            .Select(m => (Message: m, Words: BilingualSpecifics.PlainEnglishWordsInChinese(m)))
            .Where(m => m.Words.Count > 0)
            .Select(m => $"[{string.Join(' ', m.Words)}] {m.Message}")
            .Distinct()
            .ToList();
        Assert.True(english.Count == 0, string.Join(Environment.NewLine, english.Take(20)));
        var unequal = messages.Select(m => (Message: m, Mismatch: BilingualSpecifics.Mismatch(m))).Where(m => m.Mismatch.Length > 0)
            .Select(m => $"{m.Mismatch}: {m.Message}").Distinct().ToList();
        Assert.True(unequal.Count == 0, string.Join(Environment.NewLine, unequal.Take(20)));
    }

    [Fact]
    public void A_key_twice_in_a_tests_files_input_is_an_error_at_its_line_not_a_crash()
    {
        // Read again as JSON nodes after the shape check, such an object threw ArgumentException out of `policyrules test`.
        var path = Path.Combine(_dir, "HighTechEnterprise.tests.json");
        File.WriteAllText(path, """
            {
              "Programme": "HighTechEnterprise",
              "AsOf": "2025-06-30",
              "Base": { "employees": 10 },
              "Cases": [
                { "Name": "twice", "Input": { "techStaff": 1,
                    "techStaff": 2 }, "Expect": { "Eligible": false } }
              ]
            }
            """);
        var error = Assert.Single(Assert.Throws<ProfileInputException>(() => RuleTestRunner.Run(Engine.Value, path)).Errors);
        Assert.Equal("techStaff", error.Column);
        Assert.Equal(7, error.Line);
        Assert.Contains("\"techStaff\" appears twice in one object (line 7, column 9) / 测试文件格式错误：\"techStaff\" 在同一对象中重复出现（第 7 行第 9 列）", error.Reason, StringComparison.Ordinal);
    }

    /// <summary>Each object of the file replaced by an array and given an unknown key; each value replaced by a value of every other kind; each object's first key repeated.</summary>
    private static IEnumerable<string> Mutants(string json)
    {
        yield return "[]";
        yield return "3";
        var root = JsonNode.Parse(json)!;
        var objects = new List<JsonObject>();
        Collect(root, objects);
        foreach (var target in objects.Take(60))
        {
            foreach (var mutate in new Action<JsonObject>[] { o => o["Zzzz"] = 1, o => Replace(o, new JsonArray()) })
            {
                var copy = root.DeepClone();
                mutate(Find(copy, target.GetPath())!.AsObject());
                yield return copy.ToJsonString();
            }

            foreach (var property in target.Take(12).ToList())
            {
                foreach (var value in new Func<JsonNode?>[] { () => new JsonArray(), () => 1, () => "x", () => new JsonObject(), () => null })
                {
                    var copy = root.DeepClone();
                    var at = Find(copy, target.GetPath())!.AsObject();
                    at[property.Key] = value();
                    yield return copy.ToJsonString();
                }
            }

            if (target.Count > 0)
            {
                // A repeated key: JsonNode cannot hold one, so the text is edited.
                var marker = Guid.NewGuid().ToString("N");
                var copy = root.DeepClone();
                var at = Find(copy, target.GetPath())!.AsObject();
                var first = at.First();
                at[first.Key] = marker;
                var edited = copy.ToJsonString();
                var quoted = JsonValue.Create(first.Key)!.ToJsonString();
                yield return edited.Replace($"{quoted}:\"{marker}\"", $"{quoted}:1,{quoted}:2", StringComparison.Ordinal);
            }
        }
    }

    private static void Collect(JsonNode? node, List<JsonObject> objects)
    {
        switch (node)
        {
            case JsonObject o:
                objects.Add(o);
                foreach (var (_, value) in o)
                {
                    Collect(value, objects);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Collect(item, objects);
                }

                break;
        }
    }

    private static JsonNode? Find(JsonNode root, string path)
    {
        if (path == "$")
        {
            return root;
        }

        var node = root;
        foreach (Match step in PathStep().Matches(path))
        {
            node = step.Groups["index"].Success
                ? node![int.Parse(step.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture)]
                : node![step.Groups["name"].Success ? step.Groups["name"].Value : step.Groups["quoted"].Value];
        }

        return node;
    }

    private static void Replace(JsonObject target, JsonNode replacement)
    {
        switch (target.Parent)
        {
            case JsonObject parent:
                parent[parent.First(p => ReferenceEquals(p.Value, target)).Key] = replacement;
                break;
            case JsonArray array:
                array[array.IndexOf(target)] = replacement;
                break;
        }
    }

    private List<string> Load(string kind, string text, string name)
    {
        var folder = Path.Combine(_dir, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        try
        {
            switch (kind)
            {
                case "rule":
                case "record":
                    PolicyEngine.LoadDirectory(folder);
                    break;
                case "reform":
                    ReformFileReader.Read(path, Engine.Value);
                    break;
                case "targets":
                    TargetFileReader.Read(path, Engine.Value);
                    break;
                default:
                    RuleTestRunner.Run(Engine.Value, path);
                    break;
            }
        }
        catch (RuleLoadException ex)
        {
            return ex.Diagnostics.Select(d => d.Message).ToList();
        }
        catch (ProfileInputException ex)
        {
            return ex.Errors.Select(e => e.Reason).ToList();
        }
        catch (UnknownProgrammeException ex)
        {
            return [ex.Message];
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return [];
    }

    [GeneratedRegex(@"\.(?<name>[A-Za-z_$][\w$]*)|\['(?<quoted>[^']*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathStep();
}
