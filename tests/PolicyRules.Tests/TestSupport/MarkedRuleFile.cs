using System.Text;
using PolicyRules.Rules;

namespace PolicyRules.Tests.TestSupport;

/// <summary>
/// A rule file written with markup <c>{|PR1006:text|}</c> where a diagnostic must land: the markup is
/// removed and its start becomes the expected 1-based line and column (in characters).
/// </summary>
internal sealed class MarkedRuleFile
{
    private MarkedRuleFile(string text, List<(string Id, int Line, int Column)> expected)
    {
        Text = text;
        Expected = expected;
    }

    public string Text { get; }

    public List<(string Id, int Line, int Column)> Expected { get; }

    public static MarkedRuleFile Parse(string marked)
    {
        var text = new StringBuilder();
        var expected = new List<(string, int, int)>();
        int line = 1, column = 1;
        for (var i = 0; i < marked.Length; i++)
        {
            if (marked[i] == '{' && i + 1 < marked.Length && marked[i + 1] == '|')
            {
                var colon = marked.IndexOf(':', i);
                expected.Add((marked[(i + 2)..colon], line, column));
                i = colon;
                continue;
            }

            if (marked[i] == '|' && i + 1 < marked.Length && marked[i + 1] == '}')
            {
                i++;
                continue;
            }

            text.Append(marked[i]);
            if (marked[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return new MarkedRuleFile(text.ToString(), expected);
    }

    /// <summary>Reads and compiles the file, returning every diagnostic.</summary>
    public List<RuleDiagnostic> Diagnose(string path = "rules/Test.json")
    {
        var diagnostics = new List<RuleDiagnostic>();
        var definitions = RuleFileReader.Read(path, Encoding.UTF8.GetBytes(Text), diagnostics);
        PolicyEngine.TryCompile(definitions, diagnostics, out _);
        return diagnostics;
    }

    /// <summary>A one-rule workflow around <paramref name="expression"/> (already JSON-escaped, may hold markup).</summary>
    public static string Workflow(string expression, string globalParams = "") => $$"""
        [
          {
            "WorkflowName": "Test",
            "PolicyRules": { "Version": "1", "TitleZh": "测试", "TitleEn": "Test", "Status": "verified", "EffectiveFrom": "2020-01-01" },
            "GlobalParams": [{{globalParams}}],
            "Rules": [
              {
                "RuleName": "Rule",
                "Expression": "{{expression}}",
                "Properties": { "TitleZh": "规则", "TitleEn": "Rule", "Citation": { "Document": "D", "Article": "A" } }
              }
            ]
          }
        ]
        """;
}
