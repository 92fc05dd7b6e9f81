using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Output;
using PolicyRules.Rules;

namespace PolicyRules.Cli;

/// <summary>The <c>policyrules</c> command line: screen, evaluate, gap, generate, lint, test, simulate.</summary>
internal static class PolicyRulesCli
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        // A root named "policyrules" rather than a RootCommand, which takes its name from the process
        // (PolicyRules.Cli under dotnet run): usage lines name the tool as users install and call it.
        var root = new Command("policyrules", "PolicyRules: checks enterprises against public-policy programmes. / PolicyRules 政策规则：按政策项目条件筛查企业。")
        {
            new HelpOption(),
            new VersionOption(),
            ScreenCommand.Create(stdout, stderr),
            EvaluateCommand.Create(stdout, stderr),
            GapCommand.Create(stdout, stderr),
            GenerateCommand.Create(stdout, stderr),
            LintCommand.Create(stdout, stderr),
            TestCommand.Create(stdout, stderr),
            SimulateCommand.Create(stdout, stderr),
            SqlCommand.Create(stdout, stderr),
            SchemaCommand.Create(stdout, stderr),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                stderr.WriteLine(CommandLineErrorText.Bilingual(error.Message));
            }

            stderr.WriteLine("Run 'policyrules --help' for usage. / 运行 'policyrules --help' 查看用法。");
            return ExitCodes.BadInput;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }

    /// <summary>
    /// The shared <c>--rules</c> option: a rules folder, repeatable (<c>--rules a --rules b</c>) for
    /// several folders loaded as one rule set (<see cref="PolicyEngine.LoadDirectories"/>: a programme
    /// defined in two folders is PR1031 unless one says <c>"Overrides": true</c>).
    /// </summary>
    /// <param name="authorFolder">Whether no <c>--rules</c> means the rule author's <c>./rules</c> (lint, test, schema) rather than the bundled rules.</param>
    public static Option<string[]> RulesOption(bool authorFolder = false) => new("--rules")
    {
        Description = $"Rules folder; repeat it (--rules a --rules b) to load several as one rule set, a programme in two of them being an error unless one says \"Overrides\": true (default: {(authorFolder ? "./rules" : "the bundled rules")}). / 规则目录，可重复指定以合并多个目录，同名项目须以 \"Overrides\": true 明确替换（默认：{(authorFolder ? "./rules" : "内置规则")}）",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The folders <c>--rules</c> named, in order; null when it was not given.</summary>
    public static string[]? GetRules(ParseResult parse, Option<string[]> option) =>
        parse.GetValue(option) is { Length: > 0 } folders ? folders : null;

    /// <summary>How <c>--rules</c> reads in a summary: the folder, or the folders separated as in PATH.</summary>
    public static string? Describe(IReadOnlyList<string>? rules) => rules is null ? null : string.Join(Path.PathSeparator, rules);

    /// <summary>Loads one folder, or several as one rule set; every diagnostic goes to <paramref name="diagnostics"/>.</summary>
    public static bool TryLoad(IReadOnlyList<string>? rules, List<RuleDiagnostic> diagnostics, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PolicyEngine? engine) =>
        rules is { Count: > 1 }
            ? PolicyEngine.TryLoadDirectories(rules, diagnostics, out engine)
            : PolicyEngine.TryLoadDirectory(rules is { Count: 1 } ? rules[0] : PolicyEngine.BundledRulesDirectory, diagnostics, out engine);

    /// <summary>The shared <c>--raw-text</c> flag: CSV cells exactly as read, without formula neutralisation.</summary>
    public static Option<bool> RawTextOption() => new("--raw-text")
    {
        Description = "Write text cells of CSV outputs exactly as read, even when they start with = + - @ (by default such cells get a leading ' so spreadsheets do not run them as formulas). / CSV 输出保留原始文本（默认对以 = + - @ 开头的单元格加 ' 前缀，防止公式注入）",
    };

    /// <summary>The shared <c>--as-of</c> option.</summary>
    public static Option<string?> AsOfOption() => new("--as-of")
    {
        Description = "Evaluation date YYYY-MM-DD (default: today). / 评估日期 YYYY-MM-DD（默认：今天）",
    };

    public static bool TryParseAsOf(string? text, TextWriter stderr, out DateOnly asOf)
    {
        if (text is null)
        {
            asOf = DateOnly.FromDateTime(DateTime.Today);
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out asOf))
        {
            return true;
        }

        // The shape right but no such day (2025-02-29, 2025-04-31): say so, not that the format is wrong.
        var shaped = text.Length == 10 && text[4] == '-' && text[7] == '-'
            && text.AsSpan(0, 4).IndexOfAnyExceptInRange('0', '9') < 0 && text.AsSpan(5, 2).IndexOfAnyExceptInRange('0', '9') < 0
            && text.AsSpan(8, 2).IndexOfAnyExceptInRange('0', '9') < 0;
        stderr.WriteLine(shaped
            ? $"--as-of '{text}' is not a day of the calendar (the month has no such day, or year 0). / --as-of '{text}' 不是日历上存在的日期（该月没有这一天，或年份为 0）。"
            : $"--as-of '{text}' is not a date YYYY-MM-DD. / --as-of '{text}' 不是 YYYY-MM-DD 格式的日期。");
        return false;
    }

    /// <summary>Loads the rules, printing every diagnostic in the compiler's format on failure.</summary>
    public static PolicyEngine? LoadEngine(IReadOnlyList<string>? rules, TextWriter stderr)
    {
        var diagnostics = new List<RuleDiagnostic>();
        if (TryLoad(rules, diagnostics, out var engine))
        {
            foreach (var warning in diagnostics)
            {
                stderr.WriteLine(warning);
            }

            return engine;
        }

        foreach (var diagnostic in diagnostics)
        {
            stderr.WriteLine(diagnostic);
        }

        stderr.WriteLine("The rules could not be loaded. / 规则无法加载。");
        return null;
    }

    /// <summary>
    /// Whether <paramref name="path"/> is a file to read; if not, says why — a folder, or nothing
    /// there — on stderr, in both languages, and the command exits 2.
    /// </summary>
    internal static bool IsInputFile(string path, TextWriter stderr)
    {
        if (File.Exists(path))
        {
            return true;
        }

        stderr.WriteLine(Directory.Exists(path)
            ? $"{path}: the input is a folder, not a file: name a file in it. / {path}：输入是文件夹而不是文件：请指定其中的一个文件。"
            : $"{path}: the input file does not exist. / {path}：输入文件不存在。");
        return false;
    }

    /// <summary>
    /// Runs a command's body; the errors a user's input causes (an unknown programme, an unreadable
    /// profile, an expression that fails for this record) become their messages on stderr and exit code 2.
    /// </summary>
    internal static int ReportingInputErrors(TextWriter stderr, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (UnknownProgrammeException ex)
        {
            stderr.WriteLine(ex.Message);
        }
        catch (ProfileInputException ex)
        {
            foreach (var error in ex.Errors)
            {
                stderr.WriteLine(error);
            }
        }
        catch (RuleEvaluationException ex)
        {
            stderr.WriteLine(ex.Message);
        }

        return ExitCodes.BadInput;
    }

    /// <summary>
    /// The files a command reads from its rule folders (the bundled rules when none is named): rule
    /// files, record declarations and plan targets. They are inputs of the run like its data file, so
    /// no output of the run (a summary, a report, a schema) may overwrite one.
    /// </summary>
    internal static IEnumerable<string> RuleInputs(IReadOnlyList<string>? rules) =>
        (rules ?? [PolicyEngine.BundledRulesDirectory]).Where(Directory.Exists).SelectMany(folder =>
            PolicyEngine.RuleFiles(folder).Concat(PolicyEngine.RecordFiles(folder)).Concat(Targets.TargetFileReader.TargetFiles(folder)));

    /// <summary>
    /// Checks a command's outputs against its inputs and each other by file identity before any work
    /// (<see cref="OutputFiles.Check"/>); a conflict is printed and the command exits 2.
    /// </summary>
    internal static bool TryCheckOutputs(TextWriter stderr, IEnumerable<string> inputs, IEnumerable<string> outputs)
    {
        try
        {
            OutputFiles.Check(inputs, outputs);
            return true;
        }
        catch (OutputConflictException ex)
        {
            stderr.WriteLine(ex.Message);
            return false;
        }
    }

    /// <summary>
    /// Whether an output file's name ends in one of <paramref name="known"/>; if not, says so (in both
    /// languages, listing them) on stderr: a file is never written in a format its name does not say.
    /// </summary>
    internal static bool HasKnownExtension(string path, TextWriter stderr, params string[] known)
    {
        if (known.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        stderr.WriteLine($"{path}: the file's extension names no format this command writes; use {string.Join(", ", known)}. / {path}：输出文件扩展名无法识别格式，请使用 {string.Join("、", known)}。");
        return false;
    }

    /// <summary>
    /// Runs a file-to-file job (screen, reserve pool); an unreadable input or an IO failure becomes its
    /// messages on stderr and false, so the command exits 2.
    /// </summary>
    internal static bool TryRunFileJob<T>(TextWriter stderr, string input, string output, Func<T> job, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T result)
    {
        try
        {
            result = job();
            return true;
        }
        catch (ProfileInputException ex)
        {
            foreach (var error in ex.Errors)
            {
                stderr.WriteLine(error);
            }
        }
        catch (OutputConflictException ex)
        {
            stderr.WriteLine(ex.Message);
        }
        catch (OutputLimitException ex)
        {
            stderr.WriteLine($"{input} → {output}: {ex.Message}"); // already in both languages
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var said = ForeignMessage.Quoted(ex);
            stderr.WriteLine($"{input} → {output}: a file cannot be read or written: {said.En} / {input} → {output}：读写文件失败：{said.Zh}");
        }

        result = default;
        return false;
    }
}
