using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace PolicyRules.Analyzers;

/// <summary>Every diagnostic the analyzers report. IDs match <c>PolicyRules.Rules.DiagnosticIds</c> and <c>docs/diagnostics/</c>.</summary>
internal static class Descriptors
{
    /// <summary>Where each ID's page lives (docs/diagnostics/PRxxxx.md in the repository).</summary>
    public const string HelpLinkBase = RepositoryInfo.Url + "/blob/main/docs/diagnostics/";

    private const string RuleFile = "PolicyRules.RuleFile";
    private const string Expression = "PolicyRules.Expression";
    private const string Security = "PolicyRules.Security";
    private const string Usage = "PolicyRules.Usage";

    public static readonly DiagnosticDescriptor HostUnavailable = new("PR1000", "Rule files cannot be checked in this compiler host",
        "Rule files were not checked: {0}", "PolicyRules.Host", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1000.md",
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor UnknownProgramme = new("PR2001", "Unknown programme name",
        "No rule file defines programme '{0}'{1} / 没有规则文件定义项目 '{0}'{2}", Usage, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR2001.md");

    public static readonly DiagnosticDescriptor InputMismatch = new("PR2002", "Input type does not match the programme",
        "Programme '{0}' evaluates {1} profiles ({2}), not {3} / 项目 '{0}' 的评估对象为{4}（{2}），而非{5}（{3}）", Usage, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR2002.md");

    public static readonly DiagnosticDescriptor AsOfTheClock = new("PR2003", "Evaluated as of the clock",
        "The as-of date is read from the clock ({0}): the same call gives other answers on another day{1}; pass the date the application or decision refers to / 评估日期取自系统时钟（{0}）：同一调用换一天运行会得到不同结果{2}；请传入申请或决定所依据的日期",
        Usage, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR2003.md");

    // The record generator's message (bilingual) names what keeps the declaration from becoming C#.
    public static readonly DiagnosticDescriptor RecordNotGenerated = new("PR1030", "Record declaration cannot become a C# class",
        "{0}", RuleFile, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1030.md");

    // Rule-file diagnostics carry the checker's own message (already bilingual) as {0}.
    public static readonly DiagnosticDescriptor PR1001 = new("PR1001", "Invalid JSON", "{0}", RuleFile, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1001.md");

    public static readonly DiagnosticDescriptor PR1002 = new("PR1002", "Not a valid workflow", "{0}", RuleFile, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1002.md");

    public static readonly DiagnosticDescriptor PR1003 = new("PR1003", "Unknown operator", "{0}", RuleFile, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1003.md");

    public static readonly DiagnosticDescriptor PR1004 = new("PR1004", "Duplicate programme or workflow", "{0}", RuleFile, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1004.md");

    public static readonly DiagnosticDescriptor PR1005 = new("PR1005", "Duplicate rule or parameter name", "{0}", RuleFile, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1005.md");

    public static readonly DiagnosticDescriptor PR1006 = new("PR1006", "Unknown input member", "{0}", Expression, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1006.md");

    public static readonly DiagnosticDescriptor PR1007 = new("PR1007", "Expression does not parse", "{0}", Expression, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1007.md");

    public static readonly DiagnosticDescriptor PR1008 = new("PR1008", "Expression is not boolean", "{0}", Expression, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1008.md");

    public static readonly DiagnosticDescriptor PR1009 = new("PR1009", "Type mismatch", "{0}", Expression, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1009.md");

    public static readonly DiagnosticDescriptor PR1010 = new("PR1010", "Unknown parameter", "{0}", Expression, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1010.md");

    public static readonly DiagnosticDescriptor PR1012 = new("PR1012", "Invalid tier table", "{0}", Expression, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1012.md");

    public static readonly DiagnosticDescriptor PR1013 = new("PR1013", "Versions overlap or leave a gap", "{0}", RuleFile, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1013.md");

    public static readonly DiagnosticDescriptor PR1014 = new("PR1014", "Rule without citation", "{0}", RuleFile, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1014.md");

    public static readonly DiagnosticDescriptor PR1015 = new("PR1015", "Reach outside the allow-list", "{0}", Security, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1015.md");

    public static readonly DiagnosticDescriptor PR1016 = new("PR1016", "Binary floating point in an expression", "{0}", Expression, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1016.md");

    public static readonly DiagnosticDescriptor PR1017 = new("PR1017", "Division by a value that may be zero", "{0}", Expression, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1017.md");

    public static readonly DiagnosticDescriptor PR1018 = new("PR1018", "Invalid metadata reference", "{0}", RuleFile, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1018.md");

    public static readonly DiagnosticDescriptor PR1019 = new("PR1019", "Unreadable rule file", "{0}", RuleFile, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1019.md");

    public static readonly DiagnosticDescriptor PR1020 = new("PR1020", "Unknown programme reference", "{0}", RuleFile, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1020.md");

    public static readonly DiagnosticDescriptor PR1021 = new("PR1021", "Programmes use each other in a cycle", "{0}", RuleFile, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1021.md");

    public static readonly DiagnosticDescriptor PR1022 = new("PR1022", "Value outside the range of its unit", "{0}", RuleFile, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1022.md");

    public static readonly DiagnosticDescriptor PR1023 = new("PR1023", "Not a rule file", "{0}", RuleFile, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1023.md");

    public static readonly DiagnosticDescriptor PR1024 = new("PR1024", "Title contradicts its parameter", "{0}", RuleFile, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1024.md");

    public static readonly DiagnosticDescriptor PR1031 = new("PR1031", "Programme defined in two rules folders", "{0}", RuleFile, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1031.md");

    public static readonly DiagnosticDescriptor PR1033 = new("PR1033", "Versions read different record kinds", "{0}", RuleFile, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1033.md");

    public static readonly DiagnosticDescriptor PR1034 = new("PR1034", "Programme uses one of another record kind", "{0}", RuleFile, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "PR1034.md");

    /// <summary>The rule-file descriptors by ID.</summary>
    public static readonly ImmutableDictionary<string, DiagnosticDescriptor> RuleFileDescriptors = ImmutableDictionary.CreateRange(
        [new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1001", PR1001), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1002", PR1002), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1003", PR1003), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1004", PR1004), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1005", PR1005), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1006", PR1006), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1007", PR1007), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1008", PR1008), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1009", PR1009), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1010", PR1010), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1012", PR1012), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1013", PR1013), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1014", PR1014), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1015", PR1015), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1016", PR1016), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1017", PR1017), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1018", PR1018), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1019", PR1019), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1020", PR1020), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1021", PR1021), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1022", PR1022), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1023", PR1023), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1024", PR1024), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1031", PR1031), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1033", PR1033), new System.Collections.Generic.KeyValuePair<string, DiagnosticDescriptor>("PR1034", PR1034)]);
}
