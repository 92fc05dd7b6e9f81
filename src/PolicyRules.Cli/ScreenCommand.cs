using PolicyRules.Model;
using PolicyRules.Reporting;
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
        var input = new Option<string?>("--input") { Description = "Enterprises: CSV (UTF-8 or GB18030), Parquet for .parquet, Excel for .xlsx (contract columns); - reads standard input (CSV, or Parquet by its magic bytes). Not with --engine postgres (--table). / 企业数据：CSV（UTF-8 或 GB18030），.parquet 为 Parquet，.xlsx 为 Excel（数据契约的列）；- 读取标准输入（CSV，或按魔数识别的 Parquet）。--engine postgres 时不用此项（改用 --table）" };
        var output = new Option<string>("--output") { Description = "Results: .csv, .parquet, .xlsx (rejects as its second sheet too) or .jsonl (JSON Lines); rejects go to <output>.rejects.csv. - writes CSV to standard output (then name the rejects file with --rejects; the counts go to standard error). / 结果文件：.csv、.parquet、.xlsx（拒收行另作第二个工作表）或 .jsonl（JSON Lines）；拒收行写入 <output>.rejects.csv。- 将 CSV 写到标准输出（此时用 --rejects 指定拒收文件；计数写到标准错误）", Required = true };
        var rejectsFile = new Option<string?>("--rejects") { Description = "With --output -: the rejects CSV to write. / 使用 --output - 时写出的拒收 CSV 文件" };
        var programs = Vocabulary.Programmes("Comma-separated programmes (default: every enterprise programme; person-level ones such as YoungTalentLeader take a person CSV). / 逗号分隔的项目列表（默认全部企业项目；人才类项目如 YoungTalentLeader 读取人才 CSV）");
        var failFast = new Option<bool>("--fail-fast") { Description = "Stop at the first unreadable row (exit 2) instead of writing it to the rejects file. / 遇到第一条无法读取的行即停止（退出码 2），而不是写入拒收文件" };
        var report = new Option<string?>("--report") { Description = "Also write a self-contained HTML report (charts of eligibility, failing criteria, scores, classes, the HighTechEnterprise reserve pool). / 另生成独立的 HTML 筛查报告（符合情况、未通过条件、得分、类别、HighTechEnterprise 后备库图表）" };
        var summaryFile = new Option<string?>("--summary") { Description = "Also write the run's summary as JSON: counts, timings, rule set, per-programme figures. / 另以 JSON 写出本次筛查摘要：计数、耗时、规则集、各项目数据" };
        var progressInterval = new Option<double>("--progress-interval")
        {
            Description = "Without a terminal: seconds between progress lines (elapsed, rows, rows/s) on standard error; default 10. / 非终端时，标准错误上进度行（已用时间、行数、行/秒）的间隔秒数；默认 10",
            DefaultValueFactory = _ => ScreeningProgress.DefaultIntervalSeconds,
        };
        var rawText = PolicyRulesCli.RawTextOption();
        var columnNames = new Option<string>("--column-names")
        {
            Description = "Result column names in CSV and Parquet: dotted (HighTechEnterprise.eligible, the default) or underscore (HighTechEnterprise_eligible, for SQL engines). / CSV 与 Parquet 的结果列名：dotted（HighTechEnterprise.eligible，默认）或 underscore（HighTechEnterprise_eligible，适用于 SQL 引擎）",
            DefaultValueFactory = _ => "dotted",
        };
        columnNames.AcceptOnlyFromAmong("dotted", "underscore");
        var asOf = PolicyRulesCli.AsOfOption();
        var rules = PolicyRulesCli.RulesOption();
        var targets = TargetsCli.Option();
        var command = new Command("screen", "Screen every enterprise of a CSV, Parquet or .xlsx file against programmes. / 按项目批量筛查 CSV、Parquet 或 .xlsx 文件中的每家企业。")
        {
            input, output, programs, asOf, rules, failFast, report, summaryFile, rejectsFile, progressInterval, targets, rawText, columnNames,
        };
        var reading = new InputFileOptions();
        reading.AddTo(command);
        var engines = new ScreenEngines();
        engines.AddTo(command);
        command.SetAction(parse => reading.TryGet(parse, stderr, out var read)
            ? Run(new Request(parse.GetValue(input), parse.GetValue(output)!, Vocabulary.Programmes(parse, programs, stderr), parse.GetValue(asOf), PolicyRulesCli.GetRules(parse, rules), parse.GetValue(failFast), parse.GetValue(report), read)
                {
                    Summary = parse.GetValue(summaryFile),
                    Rejects = parse.GetValue(rejectsFile),
                    ProgressInterval = parse.GetValue(progressInterval),
                    Targets = parse.GetResult(targets) is null ? null : parse.GetValue(targets) ?? TargetsCli.FromRulesFolder,
                    RawText = parse.GetValue(rawText),
                    ColumnNames = parse.GetValue(columnNames) == "underscore" ? ResultColumnNames.Underscore : ResultColumnNames.Dotted,
                    Engine = engines.Get(parse),
                },
                stdout, stderr)
            : ExitCodes.BadInput);
        return command;
    }

    private sealed record Request(string? Input, string Output, string? Programs, string? AsOf, string[]? Rules, bool FailFast, string? Report, ProfileReadOptions Read)
    {
        public string? Summary { get; init; }

        public string? Rejects { get; init; }

        public double ProgressInterval { get; init; } = ScreeningProgress.DefaultIntervalSeconds;

        public string? Targets { get; init; }

        public bool RawText { get; init; }

        public ResultColumnNames ColumnNames { get; init; }

        public ScreenEngines.Choice Engine { get; init; } = new(ScreenEngines.DotNet, null, null, null, false);
    }

    private static int Run(Request request, TextWriter stdout, TextWriter stderr)
    {
        var (inputOption, output, programs, asOfText, rules, failFast, report, read) = request;
        var sql = request.Engine;
        if (!sql.Validate(inputOption, report is not null, request.Targets is not null, stderr))
        {
            return ExitCodes.BadInput;
        }

        // A table has no file: it is named in messages and the summary as the engine sees it.
        var input = inputOption ?? sql.Table!;
        if (!PolicyRulesCli.TryParseAsOf(asOfText, stderr, out var asOf) || !ValidPipeline(request, stderr) || PolicyRulesCli.LoadEngine(rules, stderr) is not { } engine)
        {
            return ExitCodes.BadInput;
        }

        // By default every enterprise programme: person-level programmes read another file (a person
        // CSV), so they run only when named.
        var names = programs is null
            ? engine.Programmes.Where(p => engine.GetVersions(p)[0].Input == RecordSchema.Enterprise.Name).ToArray()
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
            stderr.WriteLine($"The programmes read different kinds of record ({string.Join("; ", selected.GroupBy(p => p.Input).Select(g => $"{g.Key}: {string.Join(", ", g.Select(p => p.Name))}"))}), each from its own file: screen each kind separately. / 所选项目读取不同类型的记录（{string.Join("；", selected.GroupBy(p => p.Input).Select(g => $"{g.Key}：{string.Join("、", g.Select(p => p.Name))}"))}），须按记录类型分别筛查。");
            return ExitCodes.BadInput;
        }

        var targets = request.Targets is null ? null : TargetsCli.Load(request.Targets, rules, engine, stderr);
        if (request.Targets is not null && targets is null)
        {
            return ExitCodes.BadInput;
        }

        if (programs is not null && targets?.Programmes.Where(p => !selected.Exists(s => s.Name == p)).ToArray() is { Length: > 0 } missing)
        {
            stderr.WriteLine($"The targets read {string.Join(", ", missing)}: add them to --programmes (or leave --programmes out to screen every enterprise programme). / 规划目标需要项目 {string.Join("、", missing)}，请加入 --programmes。");
            return ExitCodes.BadInput;
        }

        if (!sql.IsPostgres && input != Pipeline.Standard && !PolicyRulesCli.IsInputFile(input, stderr))
        {
            return ExitCodes.BadInput;
        }

        // Every output (results, rejects, report, summary) is refused before any work when it is an
        // input (the data, a rule file, the targets) or another output, by file identity (links, the .rejects.csv rule); the job checks its own again.
        var outputs = new List<string>();
        if (output != Pipeline.Standard)
        {
            outputs.Add(output);
            outputs.Add(ScreeningJob.RejectsPathFor(output));
        }
        else if (request.Rejects is { } rejectsPath)
        {
            outputs.Add(rejectsPath);
        }

        outputs.AddRange(((string?[])[report, request.Summary]).OfType<string>());
        var inputs = PolicyRulesCli.RuleInputs(rules).Concat(((string?[])[input == Pipeline.Standard || sql.IsPostgres ? null : input, request.Targets is { Length: > 0 } named ? named : null]).OfType<string>());
        if (!PolicyRulesCli.TryCheckOutputs(stderr, inputs, outputs))
        {
            return ExitCodes.BadInput;
        }

        using var spooled = input == Pipeline.Standard && !sql.IsPostgres ? Pipeline.SpoolStandardInput() : null;
        var inputPath = spooled?.Path ?? input;
        var toStdout = output == Pipeline.Standard;

        // With the results on standard output, everything meant for a person goes to standard error.
        var console = toStdout ? stderr : stdout;

        // The statistics (and the reserve pool's gap analysis) cost only when a report is asked for.
        var options = new ScreeningOptions { FailFast = failFast, Statistics = report is null ? null : new ScreeningStatisticsOptions(), Input = read, Targets = targets, RawText = request.RawText, ColumnNames = request.ColumnNames };
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var lines = new ScreeningProgress(stderr, TimeSpan.FromSeconds(request.ProgressInterval), () => clock.Elapsed);
        ScreeningSummary summary;
        try
        {
            if (!PolicyRulesCli.TryRunFileJob(stderr, input, output,
                    () => !sql.IsDotNet
                        ? sql.Run(stdout, inputPath, output, request.Rejects, selected, asOf, lines.Report, options)
                        : toStdout
                        ? Pipeline.ScreenToStandardOutput(stdout, inputPath, request.Rejects!, selected, asOf, lines.Report, options)
                        : ShowsProgress(stdout)
                            ? WithProgressBar(p => ScreeningJob.Run(inputPath, output, selected, asOf, p, options))
                            : ScreeningJob.Run(inputPath, output, selected, asOf, lines.Report, options),
                    out var result))
            {
                return ExitCodes.BadInput;
            }

            summary = result;
        }
        catch (Exception ex) when (ex is NotSupportedException or Sql.SqlScreeningException)
        {
            // No exact SQL for a programme, an option only the .NET engine has, a server's refusal.
            stderr.WriteLine(ex.Message);
            return ExitCodes.BadInput;
        }

        if (summary.Read == 0)
        {
            stderr.WriteLine($"{input}: the file has a header but no data rows: nothing was screened. / {input}：文件只有表头，没有数据行，未筛查任何企业。");
        }


        var elapsed = clock.Elapsed;
        if (report is not null)
        {
            try
            {
                ScreeningReport.WriteHtml(report, summary, new ScreeningReportInfo { RuleSetId = engine.RuleSetId, InputPath = input, OutputPath = output });
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                var said = ForeignMessage.Quoted(ex);
                stderr.WriteLine($"{report}: the report cannot be written: {said.En} / {report}：报告写入失败：{said.Zh}");
                return ExitCodes.BadInput;
            }
        }

        if (request.Summary is { } summaryPath)
        {
            try
            {
                SummaryJson.Write(summaryPath, summary, new SummaryJson.Run(input, output, asOf, PolicyRulesCli.Describe(rules), started, elapsed));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                var said = ForeignMessage.Quoted(ex);
                stderr.WriteLine($"{summaryPath}: the summary cannot be written: {said.En} / {summaryPath}：摘要写入失败：{said.Zh}");
                return ExitCodes.BadInput;
            }
        }

        WriteSummary(console, summary, toStdout ? "(standard output / 标准输出)" : output, asOf, engine.RuleSetId, report, request.Summary);
        return ExitCodes.Ok;
    }

    /// <summary>Checks the output's format and what standard input and output need, before anything is read.</summary>
    private static bool ValidPipeline(Request request, TextWriter stderr)
    {
        if (request.Output == Pipeline.Standard)
        {
            if (request.Rejects is null)
            {
                stderr.WriteLine("--output - writes the results to standard output: name the rejects file with --rejects FILE.csv. / --output - 将结果写到标准输出：请用 --rejects FILE.csv 指定拒收文件。");
                return false;
            }
        }
        else
        {
            if (request.Rejects is not null)
            {
                stderr.WriteLine($"--rejects is for --output -; the rejects of {request.Output} go to {ScreeningJob.RejectsPathFor(request.Output)}. / --rejects 仅用于 --output -；{request.Output} 的拒收行写入 {ScreeningJob.RejectsPathFor(request.Output)}。");
                return false;
            }

            if (!ResultColumns.IsKnown(request.Output))
            {
                stderr.WriteLine(ResultColumns.UnknownExtensionMessage(request.Output));
                return false;
            }
        }

        if (!(request.ProgressInterval >= 0 && request.ProgressInterval <= 86_400))
        {
            stderr.WriteLine($"--progress-interval {request.ProgressInterval.ToString(System.Globalization.CultureInfo.InvariantCulture)}: give seconds from 0 to 86400. / --progress-interval {request.ProgressInterval.ToString(System.Globalization.CultureInfo.InvariantCulture)}：进度间隔应为 0 至 86400 秒。");
            return false;
        }

        if (request.Summary is { } summary && !summary.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            stderr.WriteLine($"{summary}: the summary is JSON; name it FILE.json. / {summary}：摘要为 JSON 文件，请命名为 FILE.json。");
            return false;
        }

        return true;
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

    private static void WriteSummary(TextWriter stdout, ScreeningSummary summary, string output, DateOnly asOf, string ruleSet, string? report, string? summaryFile)
    {
        stdout.WriteLine($"评估日期 As of {asOf:yyyy-MM-dd}    规则集 Rule set {ruleSet}");
        stdout.WriteLine($"读取 {summary.Read} 行 = 写出 {summary.Written} + 拒收 {summary.Rejected} / Read {summary.Read} rows = written {summary.Written} + rejected {summary.Rejected}");
        stdout.WriteLine($"结果 Results: {output}");
        stdout.WriteLine($"拒收 Rejects: {summary.RejectsPath}");
        if (report is not null)
        {
            stdout.WriteLine($"报告 Report: {report}");
        }

        if (summaryFile is not null)
        {
            stdout.WriteLine($"摘要 Summary: {summaryFile}");
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
        foreach (var programme in summary.Programmes)
        {
            foreach (var total in programme.OutputTotals)
            {
                var sum = total.Total is { } value ? Evaluation.ValueFormatter.FormatExact(value, total.Unit) : new Rules.BilingualText("超出范围", "out of range");
                console.WriteLine($"{programme.Programme}.{total.Name} 合计 {sum.Zh}（{total.Count:N0} 条） / total {sum.En} over {total.Count:N0} records");
            }
        }

        TargetsCli.Write(console, summary.Targets, asOf);
    }
}
