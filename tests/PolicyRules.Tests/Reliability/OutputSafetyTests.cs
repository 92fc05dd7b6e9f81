using CsCheck;
using PolicyRules.Input;
using PolicyRules.Output;
using PolicyRules.Screening;
using PolicyRules.Tests.Cli;

namespace PolicyRules.Tests.Reliability;

/// <summary>
/// Issue 13, class 1: no output destroys an input or another output (by file identity), and every
/// output appears whole or not at all.
/// </summary>
public sealed class OutputSafetyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-out-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private string Input(int rows = 2_000, string name = "in.csv")
    {
        var path = PathOf(name);
        ProfileCsvWriter.Write(path, Enumerable.Range(0, rows).Select(i => TestProfiles.Baseline() with { Id = "E" + i }));
        return path;
    }

    private static void HardLink(string target, string link)
    {
        var process = System.Diagnostics.Process.Start("ln", [target, link]);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public void Screen_refuses_an_output_that_is_the_input_and_leaves_the_input_whole()
    {
        var input = Input();
        var before = File.ReadAllBytes(input);

        var (exit, _, stderr) = Cli.Cli.Run("screen", "--input", input, "--output", input, "--as-of", "2025-06-30", "--programmes", "SmeSize");

        Assert.Equal(2, exit);
        Assert.Contains("is the input file", stderr, StringComparison.Ordinal);
        Assert.Contains("输出文件与输入文件", stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(input));
        Assert.False(File.Exists(ScreeningJob.RejectsPathFor(input)));
    }

    [Theory]
    [InlineData("symlink")]
    [InlineData("hardlink")]
    [InlineData("dotdot")]
    [InlineData("rejects-rule")]
    public void Screen_refuses_the_input_reached_by_any_spelling(string how)
    {
        var input = how == "rejects-rule" ? Input(name: "out.csv.rejects.csv") : Input();
        var before = File.ReadAllBytes(input);
        var output = how switch
        {
            "symlink" => File.CreateSymbolicLink(PathOf("link.csv"), input).FullName,
            "dotdot" => Path.Combine(_dir, "sub", "..", "in.csv"),
            "rejects-rule" => PathOf("out.csv"), // its rejects file, out.csv.rejects.csv, is the input
            _ => PathOf("hard.csv"),
        };
        if (how == "hardlink")
        {
            HardLink(input, output);
        }

        Directory.CreateDirectory(PathOf("sub"));
        var (exit, _, stderr) = Cli.Cli.Run("screen", "--input", input, "--output", output, "--as-of", "2025-06-30", "--programmes", "SmeSize");

        Assert.Equal(2, exit);
        Assert.Contains("is the input file", stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Theory]
    [InlineData("input")]
    [InlineData("output")]
    [InlineData("rejects")]
    public void Screen_refuses_a_report_that_is_the_input_or_another_output(string clash)
    {
        var input = Input(rows: 20);
        var output = PathOf("out.csv");
        var report = clash switch { "input" => input, "output" => output, _ => ScreeningJob.RejectsPathFor(output) };
        var before = File.ReadAllBytes(input);

        var (exit, _, stderr) = Cli.Cli.Run("screen", "--input", input, "--output", output, "--report", report, "--as-of", "2025-06-30", "--programmes", "SmeSize");

        Assert.Equal(2, exit);
        Assert.Contains(clash == "input" ? "is the input file" : "another output", stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(input));
        Assert.False(File.Exists(output)); // refused before any work
    }

    [Fact]
    public void Gap_refuses_a_pool_output_that_is_the_input_through_a_hard_link()
    {
        var input = Input(rows: 20);
        var before = File.ReadAllBytes(input);
        var output = PathOf("pool.csv");
        HardLink(input, output);

        var (exit, _, stderr) = Cli.Cli.Run("gap", "--programme", "HighTechEnterprise", "--input", input, "--output", output, "--as-of", "2025-06-30");

        Assert.Equal(2, exit);
        Assert.Contains("is the input file", stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Theory]
    [InlineData("out.csv")]
    [InlineData("out.parquet")]
    [InlineData("out.jsonl")]
    public void A_failed_run_leaves_no_partial_output_and_keeps_an_earlier_good_one(string name)
    {
        var good = Input(rows: 5_000, name: "good.csv");
        var output = PathOf(name);
        var (exit, _, _) = Cli.Cli.Run("screen", "--input", good, "--output", output, "--as-of", "2025-06-30", "--programmes", "SmeSize");
        Assert.Equal(0, exit);
        var earlier = File.ReadAllBytes(output);
        var earlierRejects = File.ReadAllBytes(ScreeningJob.RejectsPathFor(output));

        // 5,000 good rows, then one unreadable: fail-fast stops after several output row groups.
        var bad = PathOf("bad.csv");
        File.WriteAllText(bad, File.ReadAllText(good) + "X," + new string(',', 60) + "\n");
        (exit, _, _) = Cli.Cli.Run("screen", "--input", bad, "--output", output, "--as-of", "2025-06-30", "--programmes", "SmeSize", "--fail-fast");

        Assert.Equal(2, exit);
        Assert.Equal(earlier, File.ReadAllBytes(output));
        Assert.Equal(earlierRejects, File.ReadAllBytes(ScreeningJob.RejectsPathFor(output)));
        Assert.DoesNotContain(Directory.GetFiles(_dir), f => f.EndsWith(".partial", StringComparison.Ordinal));
    }

    [Fact]
    public void An_output_appears_only_on_commit_and_a_failed_write_removes_its_temporary_file()
    {
        var path = PathOf("result.txt");
        File.WriteAllText(path, "earlier");
        using (var outputs = new OutputFiles([]))
        {
            using var stream = outputs.Create(path);
            stream.Write("new, incomplete"u8);
            Assert.Equal("earlier", File.ReadAllText(path)); // nothing visible while writing
        } // disposed without Commit: the run failed

        Assert.Equal("earlier", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Two_runs_writing_the_same_output_never_interleave()
    {
        var path = PathOf("shared.csv");
        using var first = new OutputFiles([]);
        using var second = new OutputFiles([]);
        var a = first.Create(path);
        var b = second.Create(path);
        for (var i = 0; i < 100; i++)
        {
            a.Write("aaaaaaaaaa\n"u8);
            b.Write("bbbbbbbbbb\n"u8);
        }

        first.Commit();
        Assert.Equal(string.Concat(Enumerable.Repeat("aaaaaaaaaa\n", 100)), File.ReadAllText(path));
        second.Commit();
        Assert.Equal(string.Concat(Enumerable.Repeat("bbbbbbbbbb\n", 100)), File.ReadAllText(path));
    }

    [Fact]
    public void Two_outputs_naming_the_same_new_file_are_refused()
    {
        var ex = Assert.Throws<OutputConflictException>(() => OutputFiles.Check([], [PathOf("new.csv"), Path.Combine(_dir, ".", "new.csv")]));
        Assert.False(ex.WithInput);
        Assert.False(File.Exists(PathOf("new.csv")));
        OutputFiles.Check([PathOf("in.csv")], [PathOf("new.csv")]); // a file that does not exist yet is not the input
    }

    [Fact]
    public void The_library_writers_refuse_their_input_too()
    {
        var input = Input(rows: 10);
        var engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
        var programme = engine.GetProgramme("SmeSize", new DateOnly(2025, 6, 30));
        Assert.Throws<OutputConflictException>(() => ScreeningJob.Run(input, input, [programme], new DateOnly(2025, 6, 30)));
        Assert.Throws<OutputConflictException>(() => PolicyRules.Gaps.ReservePool.Run(input, input, engine.GetProgramme("HighTechEnterprise", new DateOnly(2025, 6, 30)), new DateOnly(2025, 6, 30)));
        Assert.Equal(10, File.ReadAllLines(input).Length - 1);
    }

    /// <summary>
    /// Over random sets of spellings of a few files (direct, with ./ and ../, symbolic and hard links,
    /// new files): a set of outputs is refused exactly when two of them, or one and an input, are the same file.
    /// </summary>
    [Fact]
    public void Outputs_are_refused_exactly_when_two_spellings_name_one_file()
    {
        // Three real files (0, 1, 2) and two new names (3, 4); each spelling knows which file it names.
        Directory.CreateDirectory(PathOf("sub"));
        var files = Enumerable.Range(0, 3).Select(i => PathOf($"f{i}.csv")).ToArray();
        foreach (var f in files)
        {
            File.WriteAllText(f, "x");
        }

        var spellings = new List<(string Path, int File)>();
        for (var i = 0; i < 3; i++)
        {
            spellings.Add((files[i], i));
            spellings.Add((Path.Combine(_dir, "sub", "..", $"f{i}.csv"), i));
            spellings.Add((File.CreateSymbolicLink(PathOf($"s{i}.csv"), files[i]).FullName, i));
            HardLink(files[i], PathOf($"h{i}.csv"));
            spellings.Add((PathOf($"h{i}.csv"), i));
        }

        for (var i = 3; i < 5; i++)
        {
            spellings.Add((PathOf($"n{i}.csv"), i));
            spellings.Add((Path.Combine(_dir, "sub", "..", $"n{i}.csv"), i));
        }

        var pick = Gen.Int[0, spellings.Count - 1];
        Gen.Select(pick.Array[0, 2], pick.Array[1, 4]).Sample((inputs, outputs) =>
        {
            var inputFiles = inputs.Select(i => spellings[i].File).ToHashSet();
            var outputFiles = outputs.Select(o => spellings[o].File).ToList();
            var clash = outputFiles.Exists(inputFiles.Contains) || outputFiles.Distinct().Count() < outputFiles.Count;
            var refused = false;
            try
            {
                OutputFiles.Check(inputs.Select(i => spellings[i].Path), outputs.Select(o => spellings[o].Path));
            }
            catch (OutputConflictException)
            {
                refused = true;
            }

            // A name that does not exist yet as an input is refused too: it is that same new file.
            Assert.Equal(clash, refused);
        }, iter: 300);
    }
}
