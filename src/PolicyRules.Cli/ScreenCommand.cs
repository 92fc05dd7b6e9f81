using System.CommandLine;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Screening;

namespace PolicyRules.Cli;

/// <summary><c>policyrules screen</c>: a CSV of enterprises in, one result row per enterprise out.</summary>
internal static class ScreenCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var input = new Option<string>("--input") { Description = "Enterprise CSV (contract columns). / 企业 CSV", Required = true };
        var output = new Option<string>("--output") { Description = "Result CSV to write; rejects go to <output>.rejects.csv. / 结果 CSV", Required = true };
        var programs = new Option<string?>("--programs") { Description = "Comma-separated programmes (default: all). / 项目列表（默认全部）" };
        var asOf = PolicyRulesCli.AsOfOption();
        var rules = PolicyRulesCli.RulesOption();
        var command = new Command("screen", "Screen every enterprise of a CSV against programmes. / 批量筛查企业。")
        {
            input, output, programs, asOf, rules,
        };
        command.SetAction(parse => Run(
            parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(programs), parse.GetValue(asOf), parse.GetValue(rules), stdout, stderr));
        return command;
    }

    private static int Run(string input, string output, string? programs, string? asOfText, string? rules, TextWriter stdout, TextWriter stderr)
    {
        if (!PolicyRulesCli.TryParseAsOf(asOfText, stderr, out var asOf) || PolicyRulesCli.LoadEngine(rules, stderr) is not { } engine)
        {
            return ExitCodes.BadInput;
        }

        var names = programs is null
            ? engine.Programmes.ToArray()
            : programs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var selected = new List<CompiledProgramme>();
        foreach (var name in names)
        {
            try
            {
                selected.Add(engine.GetProgramme(name, asOf));
            }
            catch (UnknownProgrammeException ex)
            {
                stderr.WriteLine(ex.Message);
                return ExitCodes.BadInput;
            }
        }

        if (!File.Exists(input))
        {
            stderr.WriteLine($"{input}: the input file does not exist. / 输入文件不存在。");
            return ExitCodes.BadInput;
        }

        ScreeningSummary summary;
        try
        {
            summary = CsvScreening.Run(input, output, selected, asOf);
        }
        catch (ProfileInputException ex)
        {
            foreach (var error in ex.Errors)
            {
                stderr.WriteLine(error);
            }

            return ExitCodes.BadInput;
        }

        WriteSummary(stdout, summary, output, asOf);
        return ExitCodes.Ok;
    }

    private static void WriteSummary(TextWriter stdout, ScreeningSummary summary, string output, DateOnly asOf)
    {
        stdout.WriteLine($"评估日期 As of {asOf:yyyy-MM-dd}");
        stdout.WriteLine($"读取 {summary.Read} 行 = 写出 {summary.Written} + 拒收 {summary.Rejected} / Read {summary.Read} rows = written {summary.Written} + rejected {summary.Rejected}");
        stdout.WriteLine($"结果 Results: {output}");
        stdout.WriteLine($"拒收 Rejects: {summary.RejectsPath}");
        foreach (var programme in summary.Programmes)
        {
            var top = programme.TopFailure is { } failure ? $"; 淘汰最多 most eliminated by {failure.Key} ({failure.Value})" : "";
            stdout.WriteLine($"  {programme.Programme} {programme.Version}: 符合 eligible {programme.Eligible} / {summary.Written}{top}");
        }
    }
}
