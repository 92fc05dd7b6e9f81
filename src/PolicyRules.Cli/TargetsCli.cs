using System.CommandLine;
using System.Globalization;
using PolicyRules.Rules;
using PolicyRules.Targets;
using Spectre.Console;

namespace PolicyRules.Cli;

/// <summary><c>screen --targets</c>: finding and checking the plan's targets file, and the terminal table.</summary>
internal static class TargetsCli
{
    public static Option<string?> Option() => new("--targets")
    {
        Description = "Compare the results with a plan's targets: a *.targets.json file, or with no value the one in the rules folder. / 与规划目标对照（默认使用规则目录中的 *.targets.json）",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>The value the option takes when given without a file.</summary>
    public const string FromRulesFolder = "";

    /// <summary>Reads the targets the option names; null (after printing why) when they cannot be used.</summary>
    public static TargetSet? Load(string option, IReadOnlyList<string>? rules, PolicyEngine engine, TextWriter stderr)
    {
        var path = option;
        if (option.Length == 0)
        {
            // With several folders, the targets file may sit in any of them; still exactly one.
            IReadOnlyList<string> folders = rules ?? [PolicyEngine.BundledRulesDirectory];
            var folder = string.Join(", ", folders);
            var files = folders.SelectMany(TargetFileReader.TargetFiles).ToList();
            if (files.Count != 1)
            {
                stderr.WriteLine(files.Count == 0
                    ? $"--targets: the rules folder {folder} has no *.targets.json file; name one: --targets FILE. / --targets：规则目录 {folder} 中没有 *.targets.json 文件，请指定 --targets FILE。"
                    : $"--targets: the rules folder has {files.Count} targets files ({string.Join(", ", files.Select(Path.GetFileName))}); name one: --targets FILE. / --targets：规则目录中有 {files.Count} 个目标文件（{string.Join("、", files.Select(Path.GetFileName))}），请用 --targets FILE 指定其一。");
                return null;
            }

            path = files[0];
        }

        try
        {
            return TargetFileReader.Read(path, engine);
        }
        catch (RuleLoadException ex)
        {
            foreach (var diagnostic in ex.Diagnostics)
            {
                stderr.WriteLine(diagnostic);
            }

            stderr.WriteLine("The targets could not be read. / 目标文件无法读取。");
            return null;
        }
    }

    /// <summary>The target table under the screening summary.</summary>
    public static void Write(IAnsiConsole console, IReadOnlyList<TargetResult> results, DateOnly asOf)
    {
        if (results.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .Title($"规划目标 Plan targets ({asOf:yyyy-MM-dd})")
            .AddColumn("目标 Target")
            .AddColumn(new TableColumn("目标值 Target").RightAligned())
            .AddColumn(new TableColumn("现值 Now").RightAligned())
            .AddColumn(new TableColumn("差距 Gap").RightAligned())
            .AddColumn(new TableColumn("候选 Candidates").RightAligned())
            .AddColumn(new TableColumn("需要 Needed").RightAligned());
        var notes = new List<string>();
        foreach (var result in results)
        {
            var target = result.Target;
            var name = $"{target.Name}{Mark(result, notes)}";
            if (target.Metric is AggregateGrowthMetric)
            {
                table.AddRow(
                    Markup.Escape(name),
                    Percent(target.Value),
                    result.Now is { } growth ? Percent(growth) : "—",
                    result.Now is null ? "—" : result.Met ? "0" : $"{Percent(target.Value - result.Now.Value)} (¥{result.Shortfall:N0})",
                    $"{result.LaggardCount:N0} 拖累 lagging",
                    "—");
                continue;
            }

            table.AddRow(
                Markup.Escape(name),
                (target.Approximate ? "≈" : "≥") + Count(target.Value),
                result.Now is { } now ? Count(now) : "—",
                result.Gap is { } gap ? Count(gap) : "—",
                target.Metric.Programmes.Any() ? $"{result.Candidates:N0} + {result.NearMisses:N0}" : "—",
                target.Metric.Programmes.Any() && result.Gap is not null ? $"{result.Needed:N0}" : "—");
        }

        console.Write(table);
        console.WriteLine("候选 = 符合条件未持有 + 差1–2项 / Candidates = meeting the criteria without the status + failing 1–2 criteria");
        foreach (var note in notes)
        {
            console.WriteLine(note);
        }
    }

    private static string Mark(TargetResult result, List<string> notes)
    {
        var text = result.NotMeasured ?? result.Target.Caveat;
        if (text is null)
        {
            return "";
        }

        notes.Add($"[{notes.Count + 1}] {result.Target.Name}: {text.Zh} / {text.En}");
        return $" [{notes.Count}]";
    }

    private static string Count(decimal value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(decimal fraction) => (fraction * 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
