using System.Text;
using CsCheck;
using PolicyRules.Rules;
using PolicyRules.RuleTesting;
using PolicyRules.Targets;

namespace PolicyRules.Tests.Rules;

/// <summary>
/// A JSON file of the rules folder saved as UTF-16 with its byte-order mark (Windows Notepad's
/// "Unicode") reads as the same file in UTF-8. The build-time analyzer reads it decoded by the compiler
/// and accepted it, while loading the rules refused it ("'0xFF' is an invalid start of a value"): the
/// build and the runtime disagreed.
/// </summary>
public sealed class Utf16RuleFileTests : IDisposable
{
    private static readonly Encoding[] Encodings = [new UnicodeEncoding(false, true), new UnicodeEncoding(true, true), new UTF8Encoding(true)];

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-utf16-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Encoded(string text, Encoding encoding) => [.. encoding.GetPreamble(), .. encoding.GetBytes(text)];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void The_bundled_rules_saved_in_another_unicode_encoding_load_test_and_measure_the_same(int which)
    {
        var encoding = Encodings[which];
        foreach (var file in Directory.EnumerateFiles(TestProfiles.RulesDirectory, "*.json"))
        {
            File.WriteAllBytes(Path.Combine(_dir, Path.GetFileName(file)), Encoded(File.ReadAllText(file), encoding));
        }

        var engine = PolicyEngine.LoadDirectory(_dir);
        Assert.Equal(PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory).RuleSetId, engine.RuleSetId);
        Assert.NotEmpty(TargetFileReader.Read(Directory.EnumerateFiles(_dir, "*.targets.json").Single(), engine).Targets);
        foreach (var tests in Directory.EnumerateFiles(_dir, "*.tests.json"))
        {
            Assert.All(RuleTestRunner.Run(engine, tests), result => Assert.True(result.Passed, $"{encoding.WebName}: {result.Name}: {string.Join("; ", result.Differences)}"));
        }
    }

    /// <summary>
    /// A rule file with one character replaced anywhere: in UTF-16 (either byte order) it gets the
    /// diagnostics it gets in UTF-8, at the same lines and columns, and the build-time checker's.
    /// </summary>
    [Fact]
    public void A_damaged_rule_file_gets_the_same_diagnostics_in_utf16_as_in_utf8()
    {
        var text = File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "SmeSize.json"));
        Gen.Select(Gen.Int[0, text.Length - 1], Gen.OneOf(Gen.Const('"'), Gen.Const('{'), Gen.Const(','), Gen.Const('x'), Gen.Const('规')), Gen.Int[0, 1]).Sample((at, replacement, which) =>
        {
            var damaged = text[..at] + replacement + text[(at + 1)..];
            var expected = Diagnose(Encoding.UTF8.GetBytes(damaged));
            Assert.Equal(expected, Diagnose(Encoded(damaged, Encodings[which])));
            var linted = RuleLinter.Check([RuleLinter.Read("rules/SmeSize.json", damaged)]).Select(r => $"{r[0]} ({r[4]},{r[5]})");
            Assert.Equal(expected.Where(d => d.StartsWith("PR1001", StringComparison.Ordinal)), linted.Where(d => d.StartsWith("PR1001", StringComparison.Ordinal)));
        }, iter: 200);
    }

    private static List<string> Diagnose(byte[] bytes)
    {
        var diagnostics = new List<RuleDiagnostic>();
        RuleFileReader.Read("rules/SmeSize.json", bytes, diagnostics);
        return [.. diagnostics.Select(d => $"{d.Id} ({d.Location.Line},{d.Location.Column})")];
    }
}
