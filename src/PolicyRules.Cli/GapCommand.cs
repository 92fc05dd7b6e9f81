using System.CommandLine;
using System.Text.Json;
using PolicyRules.Compilation;
using PolicyRules.Gaps;
using PolicyRules.Input;

namespace PolicyRules.Cli;

/// <summary>
/// <c>policyrules gap</c>: what a near miss lacks, in the input's units — for one enterprise
/// (<c>--profile</c>), or as the reserve pool of a whole file (<c>--input</c>/<c>--output</c>, 高企后备库).
/// </summary>
internal static class GapCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var programme = Vocabulary.Programme();
        var profile = new Option<string?>("--profile") { Description = "One enterprise: a profile JSON file. / 单个企业：画像 JSON 文件" };
        var input = new Option<string?>("--input") { Description = "The reserve pool: enterprises as CSV, Parquet for .parquet, Excel for .xlsx. / 后备库：企业数据，CSV；.parquet 为 Parquet，.xlsx 为 Excel" };
        var output = new Option<string?>("--output") { Description = "The reserve pool CSV to write; rejects go to <output>.rejects.csv. / 写出的后备库 CSV 文件；拒收行写入 <output>.rejects.csv" };
        var maxFailed = new Option<int>("--max-failed") { Description = "Pool enterprises failing at most this many criteria (default 2). / 纳入后备库的企业最多未满足的条件数（默认 2）", DefaultValueFactory = _ => 2 };
        var format = new Option<string>("--format") { Description = "text or json (with --profile). / 输出格式：text 或 json（用于 --profile）", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var rawText = PolicyRulesCli.RawTextOption();
        var asOf = PolicyRulesCli.AsOfOption();
        var rules = PolicyRulesCli.RulesOption();
        var command = new Command("gap", "What a near miss lacks, in the input's units: one enterprise (--profile), or the reserve pool of a file (--input, --output). / 差距分析与后备库。")
        {
            programme, profile, input, output, maxFailed, asOf, format, rules, rawText,
        };
        var reading = new InputFileOptions();
        reading.AddTo(command);
        command.SetAction(parse =>
        {
            Vocabulary.HintSpelling(parse, programme, stderr);
            var profilePath = parse.GetValue(profile);
            var inputPath = parse.GetValue(input);
            var outputPath = parse.GetValue(output);
            if ((profilePath is null) == (inputPath is null))
            {
                stderr.WriteLine("Give either --profile FILE.json (one enterprise) or --input FILE --output FILE.csv (the reserve pool). / 请指定 --profile FILE.json（单个企业）或 --input FILE --output FILE.csv（后备库）之一。");
                return ExitCodes.BadInput;
            }

            if (!PolicyRulesCli.TryParseAsOf(parse.GetValue(asOf), stderr, out var date))
            {
                return ExitCodes.BadInput;
            }

            if (profilePath is not null)
            {
                if (outputPath is not null || parse.GetResult(maxFailed) is { Implicit: false })
                {
                    stderr.WriteLine("--output and --max-failed belong to the reserve pool (--input). / --output 与 --max-failed 仅用于 --input。");
                    return ExitCodes.BadInput;
                }

                return One(parse.GetValue(programme)!, profilePath, date, parse.GetValue(format)!, PolicyRulesCli.GetRules(parse, rules), stdout, stderr);
            }

            if (outputPath is null)
            {
                stderr.WriteLine("--output is required with --input. / 使用 --input 时须指定 --output。");
                return ExitCodes.BadInput;
            }

            if (parse.GetResult(format) is { Implicit: false })
            {
                stderr.WriteLine("--format belongs to one enterprise (--profile); the reserve pool is written as CSV. / --format 仅用于 --profile；后备库输出为 CSV。");
                return ExitCodes.BadInput;
            }

            if (!PolicyRulesCli.HasKnownExtension(outputPath, stderr, ".csv"))
            {
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(maxFailed) < 1)
            {
                stderr.WriteLine("--max-failed must be 1 or more. / --max-failed 至少为 1。");
                return ExitCodes.BadInput;
            }

            if (!reading.TryGet(parse, stderr, out var read))
            {
                return ExitCodes.BadInput;
            }

            return Pool(parse.GetValue(programme)!, inputPath!, outputPath, new ReservePoolOptions { MaxFailed = parse.GetValue(maxFailed), RawText = parse.GetValue(rawText), Input = read }, date, PolicyRulesCli.GetRules(parse, rules), stdout, stderr);
        });
        return command;
    }

    private static int One(string programme, string path, DateOnly asOf, string format, string[]? rules, TextWriter stdout, TextWriter stderr)
    {
        if (PolicyRulesCli.LoadEngine(rules, stderr) is not { } engine)
        {
            return ExitCodes.BadInput;
        }

        return PolicyRulesCli.ReportingInputErrors(stderr, () =>
        {
            var compiled = engine.GetProgramme(programme, asOf);
            // Read as the programme's kind: an extension's fields or a declared kind's record.
            var profile = ProfileJsonReader.ReadFile(path, compiled.Schema, compiled.FieldsRead(asOf));
            var result = compiled.EvaluateRecordWithGaps(profile, asOf);
            if (format == "json")
            {
                var report = new
                {
                    result.Programme,
                    result.Version,
                    result.ProfileId,
                    result.AsOf,
                    result.Eligible,
                    result.FailedCriteria,
                    result.Gaps,
                };
                stdout.WriteLine(JsonSerializer.Serialize(report, EvaluateCommand.Json));
            }
            else
            {
                stdout.Write(GapText.Render(result));
            }

            return ExitCodes.Ok;
        });
    }

    private static int Pool(string programme, string input, string output, ReservePoolOptions options, DateOnly asOf, string[]? rules, TextWriter stdout, TextWriter stderr)
    {
        var maxFailed = options.MaxFailed;
        if (PolicyRulesCli.LoadEngine(rules, stderr) is not { } engine)
        {
            return ExitCodes.BadInput;
        }

        CompiledProgramme compiled;
        try
        {
            compiled = engine.GetProgramme(programme, asOf);
        }
        catch (UnknownProgrammeException ex)
        {
            stderr.WriteLine(ex.Message);
            return ExitCodes.BadInput;
        }

        if (!PolicyRulesCli.IsInputFile(input, stderr)
            || !PolicyRulesCli.TryCheckOutputs(stderr, [input, .. PolicyRulesCli.RuleInputs(rules)], [output, Screening.ScreeningJob.RejectsPathFor(output)]))
        {
            return ExitCodes.BadInput;
        }

        if (!PolicyRulesCli.TryRunFileJob(stderr, input, output,
                () => ReservePool.Run(input, output, compiled, asOf, options), out var summary))
        {
            return ExitCodes.BadInput;
        }

        stdout.WriteLine($"评估日期 As of {asOf:yyyy-MM-dd}    规则集 Rule set {engine.RuleSetId}    项目 Programme {compiled}");
        stdout.WriteLine($"读取 {summary.Read} 行 = 符合 {summary.Eligible} + 后备库 {summary.Pooled} + 差距超过 {maxFailed} 项 {summary.TooFar} + 拒收 {summary.Rejected} / "
            + $"Read {summary.Read} rows = eligible {summary.Eligible} + pooled {summary.Pooled} + failing more than {maxFailed} {summary.TooFar} + rejected {summary.Rejected}");
        stdout.WriteLine($"后备库 Reserve pool: {output} (未满足 1–{maxFailed} 项条件，差距最小者在前 / failing 1 to {maxFailed} criteria, those lacking least first)");
        stdout.WriteLine($"拒收 Rejects: {summary.RejectsPath}");
        return ExitCodes.Ok;
    }
}
