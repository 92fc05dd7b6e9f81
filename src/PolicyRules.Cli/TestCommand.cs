using System.CommandLine;
using PolicyRules.Input;
using PolicyRules.RuleTesting;

namespace PolicyRules.Cli;

/// <summary><c>policyrules test</c>: runs the tests next to the rules (<c>*.tests.json</c>) and shows a diff per failing case.</summary>
internal static class TestCommand
{
    /// <summary>Some rule test failed.</summary>
    public const int TestsFailed = 1;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var rules = PolicyRulesCli.RulesOption(authorFolder: true);
        var command = new Command("test", "Run the rule tests next to the rules; exit 1 when any fails. / 运行规则旁的规则测试；有失败时退出码为 1。") { rules };
        command.SetAction(parse => Run(PolicyRulesCli.GetRules(parse, rules) ?? [Vocabulary.AuthorRulesFolder], stdout, stderr));
        return command;
    }

    private static int Run(string[] folders, TextWriter stdout, TextWriter stderr)
    {
        if (PolicyRulesCli.LoadEngine(folders, stderr) is not { } engine)
        {
            return ExitCodes.BadInput;
        }

        int passed = 0, failed = 0;
        foreach (var file in folders.SelectMany(RuleTestRunner.TestFiles))
        {
            IReadOnlyList<RuleTestResult> results;
            try
            {
                results = RuleTestRunner.Run(engine, file);
            }
            catch (Exception ex) when (ex is ProfileInputException or UnknownProgrammeException)
            {
                stderr.WriteLine(ex.Message);
                return ExitCodes.BadInput;
            }

            foreach (var result in results)
            {
                if (result.Passed)
                {
                    passed++;
                    continue;
                }

                failed++;
                stdout.WriteLine($"✗ {Path.GetFileName(result.File)}: {result.Name}");
                foreach (var difference in result.Differences)
                {
                    stdout.WriteLine($"    {difference}");
                }
            }
        }

        stdout.WriteLine($"{passed} passed, {failed} failed / 通过 {passed}，失败 {failed}");
        return failed == 0 ? ExitCodes.Ok : TestsFailed;
    }
}
