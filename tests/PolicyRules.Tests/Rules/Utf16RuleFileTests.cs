using System.Text;
using CsCheck;
using PolicyRules.Rules;
using PolicyRules.RuleTesting;
using PolicyRules.Targets;
using PolicyRules.Tests.TestSupport;

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

    /// <summary>
    /// Half a character (a lone high or low surrogate, a pair reversed) or U+FFFD itself anywhere in a
    /// UTF-16 rule file (either byte order): the loader refuses it with PR1001 where it is, and so does the
    /// build-time checker, which is given the compiler's decoding (U+FFFD for half a character) — never
    /// read as U+FFFD in silence. In UTF-8, U+FFFD is a character like another.
    /// </summary>
    [Fact]
    public void Half_a_character_or_U_FFFD_in_a_UTF16_rule_file_is_refused_where_it_is_by_the_loader_and_the_build()
    {
        var text = File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "SmeSize.json"));
        Gen.Select(Gen.Int[0, text.Length], Gen.Bool, Gen.OneOf(Gen.Const("\uD800"), Gen.Const("\uDBFF"), Gen.Const("\uDC00"), Gen.Const("\uDC00\uD800"), Gen.Const("\uFFFD"))).Sample((at, bigEndian, inserted) =>
        {
            var damaged = text[..at] + inserted + text[at..];
            var line = damaged[..at].Count(c => c == '\n') + 1;
            var column = at - (damaged.LastIndexOf('\n', Math.Max(at - 1, 0)) is var newline && newline >= 0 && newline < at ? newline + 1 : 0) + 1;
            var bytes = RawUtf16.Bytes(damaged, bigEndian);
            Assert.Equal([$"PR1001 ({line},{column})"], Diagnose(bytes));
            var encoding = new UnicodeEncoding(bigEndian, true);
            var compilers = encoding.GetString(bytes, 2, bytes.Length - 2); // half a character as U+FFFD
            var linted = RuleLinter.Check([RuleLinter.ReadBytes("rules/SmeSize.json", [.. encoding.GetPreamble(), .. encoding.GetBytes(compilers)])]);
            Assert.Equal($"PR1001 ({line},{column})", $"{linted[0][0]} ({linted[0][4]},{linted[0][5]})");
        }, iter: 300);

        var inTitle = text.Replace("中小企业划型", "中小企业\uFFFD划型", StringComparison.Ordinal);
        Assert.DoesNotContain(Diagnose(Encoding.UTF8.GetBytes(inTitle)), d => d.StartsWith("PR1001", StringComparison.Ordinal));
        Assert.Equal("PR1001 (6,21)", Assert.Single(Diagnose(RawUtf16.Bytes(inTitle, bigEndian: false))));
    }

    /// <summary>A rule tests file and a targets file of the rules folder refuse half a character in UTF-16 as a rule file does.</summary>
    [Fact]
    public void Half_a_character_in_a_UTF16_tests_or_targets_file_is_refused_where_it_is()
    {
        var engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
        var tests = File.ReadAllText(Directory.EnumerateFiles(TestProfiles.RulesDirectory, "*.tests.json").First());
        var path = Path.Combine(_dir, "x.tests.json");
        File.WriteAllBytes(path, RawUtf16.Bytes("\n" + tests.Insert(1, "\uDC00"), bigEndian: true));
        var error = Assert.Single(Assert.Throws<PolicyRules.Input.ProfileInputException>(() => RuleTestRunner.Run(engine, path)).Errors);
        Assert.Contains("U+FFFD", error.Reason, StringComparison.Ordinal);
        Assert.Contains("(line 2, column 2)", error.Reason, StringComparison.Ordinal);

        var targets = File.ReadAllText(Directory.EnumerateFiles(TestProfiles.RulesDirectory, "*.targets.json").Single());
        path = Path.Combine(_dir, "x.targets.json");
        File.WriteAllBytes(path, RawUtf16.Bytes(targets.Insert(1, "\uD800"), bigEndian: false));
        var refused = Assert.Throws<RuleLoadException>(() => TargetFileReader.Read(path, engine));
        Assert.Contains("PR1001", refused.Message, StringComparison.Ordinal);
        Assert.Contains("U+FFFD", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>An odd last byte of a UTF-16 rule file is half a code unit: refused at the end, not read as U+FFFD.</summary>
    [Fact]
    public void An_odd_last_byte_of_a_UTF16_rule_file_is_refused()
    {
        var text = File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "SmeSize.json"));
        var diagnostic = Assert.Single(Diagnose([.. RawUtf16.Bytes(text, bigEndian: false), 0x20]));
        Assert.StartsWith("PR1001", diagnostic, StringComparison.Ordinal);
    }

    private static List<string> Diagnose(byte[] bytes)
    {
        var diagnostics = new List<RuleDiagnostic>();
        RuleFileReader.Read("rules/SmeSize.json", bytes, diagnostics);
        return [.. diagnostics.Select(d => $"{d.Id} ({d.Location.Line},{d.Location.Column})")];
    }
}
