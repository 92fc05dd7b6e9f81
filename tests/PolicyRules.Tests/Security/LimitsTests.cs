using System.Text;
using System.Text.Json;
using PolicyRules.Compilation;
using PolicyRules.Rules;
using PolicyRules.Tests.Rules;

namespace PolicyRules.Tests.Security;

/// <summary>
/// Issue 7, item 2: the limits of docs/rules-authoring.md ("Limits"), each at the limit (accepted) and
/// one past it (refused with a clear error naming the limit). Nesting depth is tested in
/// <see cref="RuleDiagnosticsTests.Deeply_nested_expressions_are_refused_before_parsing"/> (32 accepted,
/// 33 and 100,000 refused) and, with tricky literals, in the test after it.
/// </summary>
public sealed class LimitsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_rule_file_of_4_MiB_loads_and_one_byte_more_is_refused(int over)
    {
        Assert.Equal(4 * 1024 * 1024, RuleFileReader.MaxFileBytes);
        var bytes = Padded(MarkedRuleFile.Workflow("enterprise.Employees > 0"), RuleFileReader.MaxFileBytes + over);
        var directory = Directory.CreateTempSubdirectory("policyrules-limits-").FullName;
        try
        {
            var path = Path.Combine(directory, "Big.json");
            File.WriteAllBytes(path, bytes);

            // From disk (loading, lint, the CLI) and from memory (the analyzer, RuleLinter).
            var fromDisk = new List<RuleDiagnostic>();
            var loaded = PolicyEngine.TryLoadDirectory(directory, fromDisk, out _);
            var fromMemory = new List<RuleDiagnostic>();
            RuleFileReader.Read(path, bytes, fromMemory);
            if (over == 0)
            {
                Assert.True(loaded, string.Join("\n", fromDisk));
                Assert.Empty(fromMemory);
                return;
            }

            Assert.False(loaded);
            foreach (var diagnostics in new[] { fromDisk, fromMemory })
            {
                var error = Assert.Single(diagnostics);
                Assert.Equal(DiagnosticIds.UnreadableFile, error.Id);
                Assert.Equal((path, 1, 1), (error.Location.Path, error.Location.Line, error.Location.Column));
                Assert.Contains("4,194,305 bytes; the limit is 4,194,304", error.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void An_expression_of_4000_characters_compiles_and_one_more_is_refused(int over)
    {
        Assert.Equal(4_000, ExpressionParsing.MaxExpressionLength);
        const string Start = "enterprise.Name != \"";
        var expression = Start + new string('a', ExpressionParsing.MaxExpressionLength + over - Start.Length - 1) + "\"";
        Assert.Equal(ExpressionParsing.MaxExpressionLength + over, expression.Length);

        var diagnostics = Diagnose(expression);
        if (over == 0)
        {
            Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
            return;
        }

        var error = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticIds.ExpressionSyntax, error.Id);
        Assert.Contains("4,001 characters long; the limit is 4,000", error.Message, StringComparison.Ordinal);
        // On the first character past the limit: the rule's expression starts at column 24 of line 9.
        Assert.Equal((9, 24 + ExpressionParsing.MaxExpressionLength + 1), (error.Location.Line, error.Location.Column)); // +1 for the escaped quote
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Up_to_256_unary_operators_compile_and_one_more_is_refused(int over)
    {
        Assert.Equal(256, ExpressionParsing.MaxOperators);
        var expression = new string('!', ExpressionParsing.MaxOperators + over) + "enterprise.CoreIpForMainProducts";

        var diagnostics = Diagnose(expression);
        if (over == 0)
        {
            Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
            return;
        }

        var error = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticIds.ExpressionSyntax, error.Id);
        Assert.Contains("more than 256 operators", error.Message, StringComparison.Ordinal);
        Assert.Equal((9, 24 + ExpressionParsing.MaxOperators), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void The_nesting_limit_names_its_depth_and_points_at_the_bracket_past_it()
    {
        Assert.Equal(32, ExpressionParsing.MaxNestingDepth);
        var expression = new string('(', 33) + "enterprise.Employees" + new string(')', 33) + " > 0";
        var error = Assert.Single(Diagnose(expression));
        Assert.Equal(DiagnosticIds.ExpressionSyntax, error.Id);
        Assert.Contains("nests deeper than 32 levels", error.Message, StringComparison.Ordinal);
        Assert.Equal((9, 24 + 32), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void The_bundled_rules_stay_far_below_every_limit()
    {
        foreach (var file in PolicyEngine.RuleFiles(TestProfiles.RulesDirectory))
        {
            Assert.True(new FileInfo(file).Length < RuleFileReader.MaxFileBytes / 16, $"{file}: {new FileInfo(file).Length:N0} bytes");
            foreach (var expression in Expressions(JsonDocument.Parse(File.ReadAllBytes(file)).RootElement))
            {
                Assert.True(expression.Length < ExpressionParsing.MaxExpressionLength / 4, $"{file}: {expression.Length} characters: {expression}");
                Assert.True(Depth(expression) <= ExpressionParsing.MaxNestingDepth / 4, $"{file}: nesting {Depth(expression)}: {expression}");
            }
        }
    }

    private static List<RuleDiagnostic> Diagnose(string expression) =>
        MarkedRuleFile.Parse(MarkedRuleFile.Workflow(expression.Replace("\"", "\\\"", StringComparison.Ordinal))).Diagnose();

    /// <summary>A valid rule file padded with trailing spaces to exactly <paramref name="size"/> bytes.</summary>
    private static byte[] Padded(string text, int size)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var padded = new byte[size];
        bytes.CopyTo(padded, 0);
        padded.AsSpan(bytes.Length).Fill((byte)' ');
        return padded;
    }

    private static IEnumerable<string> Expressions(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Expressions),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            p.Name == "Expression" && p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : Expressions(p.Value)),
        _ => [],
    };

    private static int Depth(string expression)
    {
        int depth = 0, deepest = 0;
        foreach (var c in expression)
        {
            depth += c is '(' or '[' or '{' ? 1 : c is ')' or ']' or '}' ? -1 : 0;
            deepest = Math.Max(deepest, depth);
        }

        return deepest;
    }
}
