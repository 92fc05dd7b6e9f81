namespace PolicyRules.Tests.TestSupport;

/// <summary>The rule file of a test programme with declared outputs, from its outputs' and criteria's JSON lines.</summary>
internal static class OutputRuleFile
{
    public static string Text(string workflow, string titleZh, string titleEn, string outputs, string rules) => $$"""
        {
          "WorkflowName": "{{workflow}}",
          "PolicyRules": {
            "Version": "test", "TitleZh": "{{titleZh}}", "TitleEn": "{{titleEn}}", "Status": "provisional", "EffectiveFrom": "2020-01-01",
            "Outputs": [
        {{outputs}}
            ]
          },
          "Rules": [
        {{rules}}
          ]
        }
        """;
}
