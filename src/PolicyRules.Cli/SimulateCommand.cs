using System.CommandLine;
using PolicyRules.Reporting;
using PolicyRules.Rules;
using PolicyRules.Simulation;
using Spectre.Console;

namespace PolicyRules.Cli;

/// <summary><c>policyrules simulate</c>: a reform against the baseline, over one population.</summary>
internal static class SimulateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var reform = new Option<string>("--reform") { Description = "The reform: a *.reform.json file. / 改革方案：*.reform.json 文件", Required = true };
        var input = new Option<string>("--input") { Description = "The population: CSV, or Parquet for .parquet. / 企业数据：CSV；.parquet 为 Parquet", Required = true };
        var output = new Option<string?>("--output") { Description = "Gainers and losers (CSV), each explained; rejects go to <output>.rejects.csv. / 受益与受损企业清单（CSV），逐一说明原因；拒收行写入 <output>.rejects.csv" };
        var report = new Option<string?>("--report") { Description = "Also write an HTML page: eligible before and after, gainers and losers, criteria moved. / 另生成 HTML 页面：改革前后的符合数、受益与受损企业、变动的条件" };
        var programs = Vocabulary.Programmes("Comma-separated programmes to compare (default: those the reform changes and those using them). / 逗号分隔的比较项目（默认：改革方案改动的项目及引用它们的项目）");
        var failFast = new Option<bool>("--fail-fast") { Description = "Stop at the first unreadable row (exit 2). / 遇到第一条无法读取的行即停止（退出码 2）" };
        var asOf = PolicyRulesCli.AsOfOption();
        var rules = PolicyRulesCli.RulesOption();
        var command = new Command("simulate", "Screen a population under the baseline and under a reform, and compare. / 政策模拟：分别按现行规则与改革方案筛查企业并对比。")
        {
            reform, input, output, report, programs, asOf, rules, failFast,
        };
        var reading = new InputFileOptions();
        reading.AddTo(command);
        command.SetAction(parse => reading.TryGet(parse, stderr, out var read)
            ? Run(new Request(parse.GetValue(reform)!, parse.GetValue(input)!, parse.GetValue(output), parse.GetValue(report), Vocabulary.Programmes(parse, programs, stderr), parse.GetValue(asOf), PolicyRulesCli.GetRules(parse, rules), parse.GetValue(failFast), read), stdout, stderr)
            : ExitCodes.BadInput);
        return command;
    }

    private sealed record Request(string Reform, string Input, string? Output, string? Report, string? Programs, string? AsOf, string[]? Rules, bool FailFast, Input.ProfileReadOptions Read);

    private static int Run(Request request, TextWriter stdout, TextWriter stderr)
    {
        if (!PolicyRulesCli.TryParseAsOf(request.AsOf, stderr, out var asOf) || PolicyRulesCli.LoadEngine(request.Rules, stderr) is not { } baseline)
        {
            return ExitCodes.BadInput;
        }

        var diagnostics = new List<RuleDiagnostic>();
        Reform reform;
        try
        {
            reform = ReformFileReader.Read(request.Reform, baseline);
        }
        catch (RuleLoadException ex)
        {
            diagnostics.AddRange(ex.Diagnostics);
            return Refused(diagnostics, stderr);
        }

        if (!reform.Apply(baseline, diagnostics, out var reformed))
        {
            return Refused(diagnostics, stderr);
        }

        var outputs = ((string?[])[request.Output, request.Output is null ? null : Screening.ScreeningJob.RejectsPathFor(request.Output), request.Report]).OfType<string>();
        if (!PolicyRulesCli.TryCheckOutputs(stderr, [request.Input, request.Reform, .. PolicyRulesCli.RuleInputs(request.Rules)], outputs))
        {
            return ExitCodes.BadInput;
        }

        if (!PolicyRulesCli.IsInputFile(request.Input, stderr))
        {
            return ExitCodes.BadInput;
        }

        var programmes = request.Programs?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            ?? PolicySimulation.AffectedProgrammes(reform, baseline, asOf);
        return PolicyRulesCli.ReportingInputErrors(stderr, () =>
        {
            if (!PolicyRulesCli.TryRunFileJob(stderr, request.Input, request.Output ?? "(summary)",
                    () => PolicySimulation.Run(reform, baseline, reformed, programmes, request.Input, request.Output, asOf, new SimulationOptions { FailFast = request.FailFast, Input = request.Read }),
                    out var summary))
            {
                return ExitCodes.BadInput;
            }

            if (request.Report is { } report)
            {
                SimulationReport.WriteHtml(report, summary);
            }

            Write(stdout, summary, request.Output, request.Report);
            return ExitCodes.Ok;
        });
    }

    private static int Refused(List<RuleDiagnostic> diagnostics, TextWriter stderr)
    {
        foreach (var diagnostic in diagnostics)
        {
            stderr.WriteLine(diagnostic);
        }

        stderr.WriteLine("The reform could not be applied. / 改革方案无法应用。");
        return ExitCodes.BadInput;
    }

    private static void Write(TextWriter stdout, SimulationSummary summary, string? output, string? report)
    {
        stdout.WriteLine($"改革方案 Reform: {summary.Reform.Name} — {summary.Reform.Title.Zh} / {summary.Reform.Title.En}");
        foreach (var change in summary.Reform.Changes)
        {
            var text = change.Describe();
            stdout.WriteLine($"  · {text.Zh} / {text.En}");
        }

        stdout.WriteLine($"评估日期 As of {summary.AsOf:yyyy-MM-dd}");
        stdout.WriteLine($"读取 {summary.Read} 行 = 比较 {summary.Compared} + 拒收 {summary.Rejected} / Read {summary.Read} rows = compared {summary.Compared} + rejected {summary.Rejected}");
        if (output is not null)
        {
            stdout.WriteLine($"受益与受损 Gainers and losers: {output}");
            stdout.WriteLine($"拒收 Rejects: {summary.RejectsPath}");
        }

        foreach (var line in summary.FirstRejects)
        {
            stdout.WriteLine($"拒收 Rejected: {line}");
        }

        if (report is not null)
        {
            stdout.WriteLine($"报告 Report: {report}");
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("项目 Programme")
            .AddColumn(new TableColumn("改革前 Before").RightAligned())
            .AddColumn(new TableColumn("改革后 After").RightAligned())
            .AddColumn(new TableColumn("受益 Gainers").RightAligned())
            .AddColumn(new TableColumn("受损 Losers").RightAligned())
            .AddColumn("变化最大的条件 Criterion moved most");
        foreach (var programme in summary.Programmes)
        {
            var moved = programme.Criteria.FirstOrDefault(c => c.MorePassing != 0) is { } shift
                ? $"{shift.Criterion} ({(shift.MorePassing > 0 ? "+" : "")}{shift.MorePassing:N0} 通过 passing)"
                : "—";
            table.AddRow(Markup.Escape($"{programme.Programme} {programme.Version}"), $"{programme.EligibleBefore:N0}", $"{programme.EligibleAfter:N0}",
                $"{programme.Gainers:N0}", $"{programme.Losers:N0}", Markup.Escape(moved));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 120;
        console.Write(table);
        foreach (var programme in summary.Programmes)
        {
            foreach (var budget in programme.Outputs)
            {
                // The award budget: exact totals over the eligible records, before and after.
                string Text(decimal? value, bool signed = false) => value is { } v
                    ? (signed && v > 0 ? "+" : "") + Evaluation.ValueFormatter.FormatExact(v, budget.Unit).Zh
                    : "—";
                stdout.WriteLine($"{programme.Programme}.{budget.Output} 合计 total: {Text(budget.Before)} → {Text(budget.After)}（变化 change {Text(budget.Difference, signed: true)}；金额变化 {budget.Changed:N0} 条 records changed）");
            }
        }
    }
}
