using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PolicyRules.Cli;
using PolicyRules.Screening;
using PolicyRules.Tests.Packaging;

namespace PolicyRules.Tests.Cli;

/// <summary>
/// <c>screen</c> in a shell pipeline: <c>-</c> for standard input and output (through real pipes to
/// the built CLI), the counts and progress on standard error, <c>--summary</c> as JSON, progress
/// lines without a terminal, and no results file in a format its name does not say.
/// </summary>
public sealed partial class PipelineTests : IDisposable
{
    private static readonly string Samples = Path.Combine(Dotnet.Root, "samples", "enterprises.csv");
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    /// <summary>The sample file with one garbled row, so the rejects file has something to hold.</summary>
    private string InputWithAReject()
    {
        var lines = File.ReadAllLines(Samples);
        var cells = lines[5].Split(',');
        cells[Array.IndexOf(lines[0].Split(','), "employees")] = "many";
        lines[5] = string.Join(',', cells);
        File.WriteAllLines(P("in.csv"), lines);
        return P("in.csv");
    }

    [Fact]
    public void Csv_through_stdin_and_stdout_gives_the_files_results_and_the_counts_go_to_stderr()
    {
        var input = InputWithAReject();
        var (exit, _, err) = Cli.Run("screen", "--input", input, "--output", P("file.csv"), "--as-of", "2025-06-30");
        Assert.True(exit == 0, err);

        var (code, stdout, stderr) = RunPiped(File.ReadAllBytes(input), "screen", "--input", "-", "--output", "-", "--rejects", P("piped.rejects.csv"), "--as-of", "2025-06-30", "--summary", P("summary.json"));

        Assert.True(code == 0, stderr);
        Assert.Equal(File.ReadAllText(P("file.csv")), Encoding.UTF8.GetString(stdout));
        Assert.Equal(File.ReadAllLines(P("file.csv.rejects.csv")), File.ReadAllLines(P("piped.rejects.csv")));
        Assert.Equal(2, File.ReadAllLines(P("piped.rejects.csv")).Length);
        Assert.Contains("Read 1000 rows = written 999 + rejected 1", stderr, StringComparison.Ordinal);
        Assert.Contains("结果 Results: (standard output / 标准输出)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("评估日期", Encoding.UTF8.GetString(stdout), StringComparison.Ordinal);
        Assert.False(stdout.AsSpan().StartsWith(Encoding.UTF8.Preamble), "no byte-order mark in a pipe");
    }

    [Fact]
    public void Parquet_on_stdin_is_recognised_by_its_magic_bytes()
    {
        Assert.Equal(0, Cli.Run("generate", "--count", "300", "--output", P("in.parquet")).Exit);
        var (exit, _, err) = Cli.Run("screen", "--input", P("in.parquet"), "--output", P("file.csv"), "--as-of", "2025-06-30", "--programmes", "SmeSize,TechBasedSme");
        Assert.True(exit == 0, err);

        var (code, stdout, stderr) = RunPiped(File.ReadAllBytes(P("in.parquet")), "screen", "--input", "-", "--output", "-", "--rejects", P("r.csv"), "--as-of", "2025-06-30", "--programmes", "SmeSize,TechBasedSme");

        Assert.True(code == 0, stderr);
        Assert.Equal(File.ReadAllText(P("file.csv")), Encoding.UTF8.GetString(stdout));
    }

    [Fact]
    public void Stdin_to_a_file_and_a_file_to_stdout_work_alone()
    {
        var input = InputWithAReject();
        Assert.Equal(0, Cli.Run("screen", "--input", input, "--output", P("file.csv"), "--as-of", "2025-06-30").Exit);

        var (code, stdout, stderr) = RunPiped(File.ReadAllBytes(input), "screen", "--input", "-", "--output", P("from-stdin.csv"), "--as-of", "2025-06-30");
        Assert.True(code == 0, stderr);
        Assert.Equal(File.ReadAllText(P("file.csv")), File.ReadAllText(P("from-stdin.csv")));
        Assert.Contains("Read 1000 rows", Encoding.UTF8.GetString(stdout), StringComparison.Ordinal); // a file output: the counts stay on stdout

        var (exit, text, err) = Cli.Run("screen", "--input", input, "--output", "-", "--rejects", P("r.csv"), "--as-of", "2025-06-30");
        Assert.True(exit == 0, err);
        Assert.Equal(File.ReadAllText(P("file.csv")), text);
        Assert.Contains("Read 1000 rows", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Stdout_without_a_rejects_file_is_refused_before_anything_is_read()
    {
        var (exit, stdout, stderr) = Cli.Run("screen", "--input", Samples, "--output", "-", "--as-of", "2025-06-30");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Empty(stdout);
        Assert.Contains("--rejects", stderr, StringComparison.Ordinal);
        Assert.Contains("拒收文件", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_json_has_the_counts_timings_rule_set_and_each_programme()
    {
        var input = InputWithAReject();
        var (exit, stdout, stderr) = Cli.Run("screen", "--input", input, "--output", P("out.csv"), "--as-of", "2025-06-30", "--summary", P("run/summary.json"));
        Assert.True(exit == 0, stderr);
        Assert.Contains($"摘要 Summary: {P("run/summary.json")}", stdout, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(File.ReadAllBytes(P("run/summary.json")));
        var root = json.RootElement;
        Assert.Equal(1000, root.GetProperty("read").GetInt64());
        Assert.Equal(999, root.GetProperty("written").GetInt64());
        Assert.Equal(1, root.GetProperty("rejected").GetInt64());
        Assert.Equal("2025-06-30", root.GetProperty("asOf").GetString());
        Assert.Equal(PolicyEngine.LoadBundled().RuleSetId, root.GetProperty("ruleSet").GetProperty("id").GetString());
        Assert.Equal("bundled", root.GetProperty("ruleSet").GetProperty("rules").GetString());
        Assert.Equal(input, root.GetProperty("input").GetString());
        Assert.Equal(P("out.csv"), root.GetProperty("output").GetString());
        Assert.Equal(P("out.csv.rejects.csv"), root.GetProperty("rejects").GetString());
        var timing = root.GetProperty("timing");
        Assert.True(DateTimeOffset.TryParse(timing.GetProperty("started").GetString(), CultureInfo.InvariantCulture, out _));
        Assert.True(timing.GetProperty("elapsedSeconds").GetDouble() >= 0);
        Assert.True(timing.GetProperty("rowsPerSecond").GetDouble() > 0);

        // Per programme: the same figures as the results file.
        var csv = File.ReadAllLines(P("out.csv"));
        var header = csv[0].Split(',');
        var rows = csv.Skip(1).Select(l => l.Split(',')).ToList();
        var programmes = root.GetProperty("programmes").EnumerateArray().ToList();
        Assert.Equal(PolicyEngine.LoadBundled().Programmes.Count(p => p != "YoungTalentLeader"), programmes.Count);
        foreach (var programme in programmes)
        {
            var name = programme.GetProperty("programme").GetString()!;
            var eligible = rows.Count(r => r[Array.IndexOf(header, name + ".eligible")] == "true");
            Assert.Equal(eligible, programme.GetProperty("eligible").GetInt64());
            Assert.Equal(999 - eligible, programme.GetProperty("notEligible").GetInt64());
            Assert.False(string.IsNullOrEmpty(programme.GetProperty("version").GetString()));
            var failed = rows.Select(r => r[Array.IndexOf(header, name + ".failed")].Split(';')).ToList();
            foreach (var criterion in programme.GetProperty("failedByCriterion").EnumerateObject())
            {
                Assert.Equal(failed.Count(f => f.Contains(criterion.Name)), criterion.Value.GetInt64());
            }
        }
    }

    [Fact]
    public void Without_a_terminal_progress_lines_go_to_stderr_not_one_per_row()
    {
        Assert.Equal(0, Cli.Run("generate", "--count", "10000", "--output", P("in.csv")).Exit);

        // Interval 0: a line at every report the screening makes (every 4,096 rows, and at the end).
        var (exit, stdout, stderr) = Cli.Run("screen", "--input", P("in.csv"), "--output", P("out.csv"), "--as-of", "2025-06-30", "--programmes", "SmeSize", "--progress-interval", "0");

        Assert.True(exit == 0, stderr);
        var lines = ProgressLine().Matches(stderr).Select(m => long.Parse(m.Groups["rows"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([4096, 8192, 10000], lines);
        Assert.DoesNotContain("进度 Progress", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_lines_keep_their_interval()
    {
        var clock = new Queue<double>([1, 5, 10, 12, 19.9, 20, 45]);
        var stderr = new StringWriter();
        var progress = new ScreeningProgress(stderr, TimeSpan.FromSeconds(10), () => TimeSpan.FromSeconds(clock.Dequeue()));

        foreach (var rows in (long[])[100, 500, 1000, 1200, 1990, 2000, 4500])
        {
            progress.Report(rows);
        }

        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            ["进度 Progress: 1,000 行 rows · 用时 elapsed 00:00:10 · 100 行/秒 rows/s", "进度 Progress: 2,000 行 rows · 用时 elapsed 00:00:20 · 100 行/秒 rows/s", "进度 Progress: 4,500 行 rows · 用时 elapsed 00:00:45 · 100 行/秒 rows/s"],
            lines.Select(l => l.TrimEnd('\r')));
    }

    [Theory]
    [InlineData("out/results.txt")]
    [InlineData("out/results")]
    [InlineData("out/results.csv.bak")]
    [InlineData("out/results.xlsx.")]
    public void An_output_whose_extension_names_no_format_is_an_error_listing_the_known_ones(string output)
    {
        var path = P(output);
        var (exit, stdout, stderr) = Cli.Run("screen", "--input", Samples, "--output", path, "--as-of", "2025-06-30");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Empty(stdout);
        foreach (var known in ResultColumns.KnownExtensions)
        {
            Assert.Contains(known, stderr, StringComparison.Ordinal);
        }

        Assert.Contains("names no format", stderr, StringComparison.Ordinal);
        Assert.Contains("无法识别格式", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
        Assert.False(Directory.Exists(P("out")));

        var engine = PolicyEngine.LoadBundled();
        var error = Assert.Throws<ArgumentException>(() => ScreeningJob.Run(Samples, path, [engine.GetProgramme("SmeSize", TestProfiles.AsOf)], TestProfiles.AsOf));
        Assert.Contains(".jsonl", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Gap_and_generate_refuse_extensions_they_do_not_write()
    {
        var (exit, _, stderr) = Cli.Run("generate", "--count", "3", "--output", P("in.txt"));
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(".csv, .parquet", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(P("in.txt")));

        (exit, _, stderr) = Cli.Run("gap", "--programme", "HighTechEnterprise", "--input", Samples, "--output", P("pool.parquet"), "--as-of", "2025-06-30");
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("use .csv", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(P("pool.parquet")));
    }

    /// <summary>Runs the built CLI with <paramref name="stdin"/> piped in, returning its exit code, standard output bytes and standard error.</summary>
    private (int Exit, byte[] Stdout, string Stderr) RunPiped(byte[] stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _dir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PolicyRules.Cli.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in (string[])["MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "DOTNET_HOST_PATH"])
        {
            start.Environment.Remove(name);
        }

        return ChildProcess.Run(start, TimeSpan.FromMinutes(2), stdin);
    }

    [GeneratedRegex(@"进度 Progress: (?<rows>[0-9,]+) 行 rows · 用时 elapsed \d\d:\d\d:\d\d · [0-9,]+ 行/秒 rows/s")]
    private static partial Regex ProgressLine();
}
