using PolicyRules.Rules;
using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Screening;

namespace PolicyRules.Cli;

/// <summary><c>policyrules screen</c>: a CSV of enterprises in, one result row per enterprise out.</summary>
internal static class ScreenCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var input = new Option<string>("--input") { Description = "Enterprises: CSV, or Parquet for .parquet (contract columns). / 企业数据（CSV 或 Parquet）", Required = true };
        var output = new Option<string>("--output") { Description = "Results: CSV, Parquet for .parquet, JSON Lines for .jsonl; rejects go to <output>.rejects.csv. / 结果文件（CSV、.parquet 或 .jsonl）", Required = true };
        var programs = new Option<string?>("--programs") { Description = "Comma-separated programmes (default: every enterprise programme; person-level ones such as YoungTalentLeader take a person CSV). / 项目列表（默认全部企业项目）" };
        var failFast = new Option<bool>("--fail-fast") { Description = "Stop at the first unreadable row (exit 2) instead of writing it to the rejects file. / 遇到第一条错误行即停止" };
        var report = new Option<string?>("--report") { Description = "Also write a self-contained HTML report (charts of eligibility, failing criteria, scores, classes, the HighTechEnterprise reserve pool). / 另生成 HTML 筛查报告" };
        var rawText = PolicyRulesCli.RawTextOption();
        var asOf = PolicyRulesCli.AsOfOption();
        var rules = PolicyRulesCli.RulesOption();
        var command = new Command("screen", "Screen every enterprise of a CSV or Parquet file against programmes. / 批量筛查企业。")
        {
            input, output, programs, asOf, rules, failFast, report, rawText,
        };
        command.SetAction(parse => Run(
            new Request(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(programs), parse.GetValue(asOf), parse.GetValue(rules), parse.GetValue(failFast), parse.GetValue(report), parse.GetValue(rawText)),
            stdout, stderr));
        return command;
    }

    private sealed record Request(string Input, string Output, string? Programs, string? AsOf, string? Rules, bool FailFast, string? Report, bool RawText);

    private static int Run(Request request, TextWriter stdout, TextWriter stderr)
    {
        var (input, output, programs, asOfText, rules, failFast, report, rawText) = request;
        if (!PolicyRulesCli.TryParseAsOf(asOfText, stderr, out var asOf) || PolicyRulesCli.LoadEngine(rules, stderr) is not { } engine)
        {
            return ExitCodes.BadInput;
        }

        // By default every enterprise programme: person-level programmes read another file (a person
        // CSV), so they run only when named.
        var names = programs is null
            ? engine.Programmes.Where(p => engine.GetVersions(p)[0].Input == InputKind.Enterprise).ToArray()
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

        if (selected.Select(p => p.Input).Distinct().Count() > 1)
        {
            stderr.WriteLine($"Person-level programmes ({string.Join(", ", selected.Where(p => p.Input == InputKind.Person).Select(p => p.Name))}) read a person file: screen them separately from enterprise programmes. / 人才项目须单独筛查。");
            return ExitCodes.BadInput;
        }

        if (!File.Exists(input))
        {
            stderr.WriteLine($"{input}: the input file does not exist. / 输入文件不存在。");
            return ExitCodes.BadInput;
        }

        // Every output (results, rejects, report) is refused before any work when it is the input or
        // another output, by file identity (links, the .rejects.csv rule); the job checks its own again.
        if (!PolicyRulesCli.TryCheckOutputs(stderr, [input], [output, ScreeningJob.RejectsPathFor(output), .. report is null ? Array.Empty<string>() : [report]]))
        {
            return ExitCodes.BadInput;
        }

        // The statistics (and the reserve pool's gap analysis) cost only when a report is asked for.
        var options = new ScreeningOptions { FailFast = failFast, RawText = rawText, Statistics = report is null ? null : new ScreeningStatisticsOptions() };
        if (!PolicyRulesCli.TryRunFileJob(stderr, input, output,
                () => ShowsProgress(stdout)
                    ? WithProgressBar(p => ScreeningJob.Run(input, output, selected, asOf, p, options))
                    : ScreeningJob.Run(input, output, selected, asOf, options: options),
                out var summary))
        {
            return ExitCodes.BadInput;
        }

        if (report is not null)
        {
            try
            {
                ScreeningReport.WriteHtml(report, summary, new ScreeningReportInfo { RuleSetId = engine.RuleSetId, InputPath = input, OutputPath = output });
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"{report}: {ex.Message} / 报告写入失败。");
                return ExitCodes.BadInput;
            }
        }

        WriteSummary(stdout, summary, output, asOf, engine.RuleSetId, report);
        return ExitCodes.Ok;
    }

    /// <summary>A live progress bar only for a person at a terminal; files, pipes and tests get none.</summary>
    private static bool ShowsProgress(TextWriter stdout) =>
        ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    private static ScreeningSummary WithProgressBar(Func<Action<long>, ScreeningSummary> run)
    {
        ScreeningSummary? summary = null;
        var clock = Stopwatch.StartNew();
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("筛查中 Screening…").IsIndeterminate();
                summary = run(rows =>
                {
                    var rate = rows / Math.Max(clock.Elapsed.TotalSeconds, 0.001);
                    task.Description = $"筛查中 Screening: {rows:N0} 行 rows · {rate:N0} 行/秒 rows/s";
                });
            });
        return summary!;
    }

    private static void WriteSummary(TextWriter stdout, ScreeningSummary summary, string output, DateOnly asOf, string ruleSet, string? report)
    {
        stdout.WriteLine($"评估日期 As of {asOf:yyyy-MM-dd}    规则集 Rule set {ruleSet}");
        stdout.WriteLine($"读取 {summary.Read} 行 = 写出 {summary.Written} + 拒收 {summary.Rejected} / Read {summary.Read} rows = written {summary.Written} + rejected {summary.Rejected}");
        stdout.WriteLine($"结果 Results: {output}");
        stdout.WriteLine($"拒收 Rejects: {summary.RejectsPath}");
        if (report is not null)
        {
            stdout.WriteLine($"报告 Report: {report}");
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("项目 Programme")
            .AddColumn(new TableColumn("符合 Eligible").RightAligned())
            .AddColumn(new TableColumn("比例 Share").RightAligned())
            .AddColumn("淘汰最多的条件 Criterion eliminating most");
        foreach (var programme in summary.Programmes)
        {
            var share = summary.Written == 0 ? "—" : $"{100.0 * programme.Eligible / summary.Written:0.0}%";
            var top = programme.TopFailure is { } failure ? $"{failure.Key} ({failure.Value:N0})" : "—";
            table.AddRow(Markup.Escape($"{programme.Programme} {programme.Version}"), $"{programme.Eligible:N0} / {summary.Written:N0}", share, Markup.Escape(top));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = ReferenceEquals(stdout, Console.Out) ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ReferenceEquals(stdout, Console.Out) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!ReferenceEquals(stdout, Console.Out) || Console.IsOutputRedirected)
        {
            console.Profile.Width = 120; // files and pipes have no width; don't wrap the table at 80
        }

        console.Write(table);
    }
}
