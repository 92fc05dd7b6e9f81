using PolicyRules.Cli;

namespace PolicyRules.Tests.Cli;

/// <summary>Runs the <c>policyrules</c> command in-process, as a user would, capturing its output.</summary>
internal static class Cli
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = PolicyRulesCli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
