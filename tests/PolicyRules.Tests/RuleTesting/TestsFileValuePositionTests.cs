using System.Text.RegularExpressions;
using CsCheck;
using PolicyRules.Input;
using PolicyRules.RuleTesting;

namespace PolicyRules.Tests.RuleTesting;

/// <summary>
/// A value a tests file's case cannot use is told at its own line and column in the tests file, in
/// both languages, and nowhere else: the reader's position in the case's JSON rebuilt in memory
/// ("(line 1, column 221)") was left in the English half before the Chinese one.
/// </summary>
public sealed partial class TestsFileValuePositionTests : IDisposable
{
    private static readonly string[] Values = ["\"abc\"", "-1", "1e400", "3e-2147483648", "1.005", "true", "null", "\"2025-01-01\""];

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-tests-file-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_bad_value_in_base_or_input_is_told_only_at_its_place_in_the_tests_file()
    {
        var engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
        var lines = File.ReadAllLines(Path.Combine(TestProfiles.RulesDirectory, "SmeSize.tests.json"));
        var at = Array.FindIndex(lines, l => l.Contains("\"revenueY1\":", StringComparison.Ordinal));
        Gen.Select(Gen.Int[0, Values.Length - 1], Gen.Int[0, at + 40]).Sample((which, line) =>
        {
            // The first revenueY1 (Base) or the one after a random line (a case's Input).
            var target = Array.FindIndex(lines, line, l => l.Contains("\"revenueY1\":", StringComparison.Ordinal));
            target = target < 0 ? at : target;
            var copy = (string[])lines.Clone();
            copy[target] = MoneyValue().Replace(copy[target], "\"revenueY1\": " + Values[which]);
            var path = Path.Combine(Directory.CreateDirectory(Path.Combine(_dir, Guid.NewGuid().ToString("N"))).FullName, "SmeSize.tests.json");
            File.WriteAllLines(path, copy);
            var error = Assert.Throws<ProfileInputException>(() => RuleTestRunner.Run(engine, path));
            foreach (var reason in error.Errors.Select(e => e.ToString()))
            {
                Assert.True(reason.Contains($"SmeSize.tests.json({target + 1},", StringComparison.Ordinal), $"line {target + 1}: {reason}");
                Assert.DoesNotMatch(@"\(line \d+, column \d+\)", reason);
                Assert.DoesNotMatch("（第 \\d+ 行第 \\d+ 列）", reason);
                Assert.True(BilingualSpecifics.Mismatch(reason) == "", $"{BilingualSpecifics.Mismatch(reason)}: {reason}");
            }
        }, iter: 40);
    }

    [GeneratedRegex("\"revenueY1\": [^,}]+")]
    private static partial Regex MoneyValue();
}
