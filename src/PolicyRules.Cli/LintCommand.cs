using System.CommandLine;
using PolicyRules.Rules;

namespace PolicyRules.Cli;

/// <summary>
/// <c>policyrules lint</c>: the rule-file checks outside a build, printed in the compiler's format
/// (<c>path(line,col): error PR1006: message</c>) so editors and CI annotate the exact line.
/// </summary>
internal static class LintCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var rules = PolicyRulesCli.RulesOption(authorFolder: true);
        var command = new Command("lint", "Check rule files and print diagnostics; exit 2 on errors. / 检查规则文件并输出诊断信息；有错误时退出码为 2。") { rules };
        command.SetAction(parse => Run(PolicyRulesCli.GetRules(parse, rules) ?? [Vocabulary.AuthorRulesFolder], stdout, stderr));
        return command;
    }

    private static int Run(string[] folders, TextWriter stdout, TextWriter stderr)
    {
        var diagnostics = new List<RuleDiagnostic>();
        var loaded = PolicyRulesCli.TryLoad(folders, diagnostics, out var engine);
        foreach (var diagnostic in diagnostics)
        {
            (diagnostic.Severity == DiagnosticSeverity.Error ? stderr : stdout).WriteLine(diagnostic);
        }

        var errors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        var warnings = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
        if (!loaded)
        {
            stderr.WriteLine($"{errors} error(s), {warnings} warning(s). / {errors} 个错误，{warnings} 个警告。");
            return ExitCodes.BadInput;
        }

        var files = folders.Sum(folder => PolicyEngine.RuleFiles(folder).Count);
        stdout.WriteLine($"{engine!.Programmes.Length} programme(s), {files} file(s): {warnings} warning(s), no errors. / {engine!.Programmes.Length} 个项目，{files} 个文件：{warnings} 个警告，无错误，规则检查通过。");
        return ExitCodes.Ok;
    }
}
