namespace PolicyRules.Tests.Reliability;

/// <summary>
/// Every JSON file the CLI reads — a profile, a rule file, a record declaration, a tests file, a reform,
/// a targets file — is read within its size limit even when its length is unknown and it never ends
/// (/dev/zero, a pipe): an error naming the limit in both languages, exit 2. Reforms, targets and
/// record declarations were read whole (File.ReadAllBytes) and ended in an OutOfMemoryException.
/// </summary>
public sealed class EndlessJsonFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-endless-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("profile")]
    [InlineData("gap profile")]
    [InlineData("reform")]
    [InlineData("targets")]
    [InlineData("rule file")]
    [InlineData("record declaration")]
    [InlineData("tests file")]
    public void An_endless_json_file_of_any_kind_is_refused_at_its_limit(string kind)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no /dev/zero; the bounded read is the one the size tests run
        }

        var rules = Path.Combine(_dir, "rules");
        Directory.CreateDirectory(rules);
        foreach (var name in new[] { "SmeSize.json", "SmeSize.tests.json" })
        {
            File.Copy(Path.Combine(TestProfiles.RulesDirectory, name), Path.Combine(rules, name));
        }

        var sample = Path.Combine(TestProfiles.RulesDirectory, "..", "samples");
        var input = Path.Combine(sample, "enterprises.csv");
        var endless = Path.Combine(_dir, "endless.json");
        File.CreateSymbolicLink(endless, "/dev/zero");
        string[] args = kind switch
        {
            "profile" => ["evaluate", "--programme", "SmeSize", "--profile", endless, "--as-of", "2025-06-30"],
            "gap profile" => ["gap", "--programme", "SmeSize", "--profile", endless, "--as-of", "2025-06-30"],
            "reform" => ["simulate", "--reform", endless, "--input", input, "--as-of", "2025-06-30"],
            "targets" => ["screen", "--input", input, "--output", Path.Combine(_dir, "out.csv"), "--targets", endless, "--as-of", "2025-06-30"],
            _ => ["test", "--rules", rules],
        };
        var inRules = kind switch { "rule file" => "Zero.json", "record declaration" => "Zero.record.json", "tests file" => "Zero.tests.json", _ => null };
        if (inRules is not null)
        {
            File.CreateSymbolicLink(Path.Combine(rules, inRules), "/dev/zero");
        }

        var (exit, stdout, stderr) = Cli.Cli.Run(args);

        Assert.Equal(2, exit);
        Assert.DoesNotContain("Exception", stderr + stdout, StringComparison.Ordinal);
        Assert.Contains(kind.EndsWith("profile", StringComparison.Ordinal) ? "1,048,576" : "4,194,304", stderr + stdout, StringComparison.Ordinal);
        Assert.Contains("超过上限", stderr + stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot be read: cannot be read", stderr + stdout, StringComparison.Ordinal); // said once, in either half
        Assert.DoesNotContain("：无法读取文件：", stderr + stdout, StringComparison.Ordinal);
    }

    /// <summary>A rule file that cannot be opened (a link to nothing) is reported once, in both halves: "cannot be read" was said twice.</summary>
    [Fact]
    public void A_rule_file_that_cannot_be_opened_is_reported_cannot_be_read_once()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // symbolic links need rights there; the message is built the same way
        }

        var rules = Path.Combine(_dir, "rules");
        Directory.CreateDirectory(rules);
        File.Copy(Path.Combine(TestProfiles.RulesDirectory, "SmeSize.json"), Path.Combine(rules, "SmeSize.json"));
        File.CreateSymbolicLink(Path.Combine(rules, "Gone.json"), Path.Combine(_dir, "nowhere", "Gone.json"));

        var (exit, stdout, stderr) = Cli.Cli.Run(["lint", "--rules", rules]);

        Assert.NotEqual(0, exit);
        var message = Assert.Single((stdout + stderr).Split('\n'), line => line.Contains("Gone.json", StringComparison.Ordinal) && line.Contains("PR1019", StringComparison.Ordinal));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(message, "cannot be read"));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(message, "无法读取"));
    }

    /// <summary>
    /// A pipe among the rule files (a FIFO nothing writes to) held the loader in its open for ever: it is refused
    /// after <see cref="Input.InputFiles.OpenWait"/>, naming the file, and the other files still load.
    /// </summary>
    [Fact]
    public async Task A_pipe_nothing_writes_to_among_the_rule_files_is_refused_not_waited_for()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return; // no FIFOs
        }

        var rules = Path.Combine(_dir, "rules");
        Directory.CreateDirectory(rules);
        File.Copy(Path.Combine(TestProfiles.RulesDirectory, "SmeSize.json"), Path.Combine(rules, "SmeSize.json"));
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(rules, "Pipe.json")))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // Never ends without the fix: bounded so that a regression fails instead of hanging the run (not a timing assertion).
        var (exit, stdout, stderr) = await Task.Run(() => Cli.Cli.Run(["lint", "--rules", rules])).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.NotEqual(0, exit);
        var message = Assert.Single((stdout + stderr).Split('\n'), line => line.Contains("Pipe.json", StringComparison.Ordinal));
        Assert.Contains("PR1019", message, StringComparison.Ordinal);
        Assert.Contains("did not open within 5 s", message, StringComparison.Ordinal);
        Assert.Contains("5 秒内未能打开", message, StringComparison.Ordinal);
    }
}
