using System.Text;
using static PolicyRules.Tests.Cli.Cli;

namespace PolicyRules.Tests.Cli;

/// <summary>The README's encodings-and-Excel commands run as written (paths mapped to a clone), and its GB18030 sample is what it says.</summary>
public sealed class OfficeFilesReadmeTests : IDisposable
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(TestProfiles.RulesDirectory, ".."));

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-readme-office-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<string[]> Commands()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md")).ReplaceLineEndings("\n");
        const string Begin = "<!-- office files: begin -->\n```sh\n";
        var begin = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf("```\n<!-- office files: end -->", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "README.md has no office files block");
        return [.. readme[(begin + Begin.Length)..end].Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            const string Prefix = "dotnet run --project src/PolicyRules.Cli -- ";
            Assert.StartsWith(Prefix, line, StringComparison.Ordinal);
            return line[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        })];
    }

    [Fact]
    public void Every_command_of_the_office_files_block_runs_and_exits_0()
    {
        var commands = Commands();
        Assert.Equal(4, commands.Count);
        foreach (var command in commands)
        {
            // samples/ is the clone's; out/ a fresh directory, as on a clean clone.
            var args = command.Select(a => a.StartsWith("samples/", StringComparison.Ordinal) ? Path.Combine(Root, a)
                : a.StartsWith("out/", StringComparison.Ordinal) ? Path.Combine(_dir, a) : a).ToArray();
            var (exit, stdout, stderr) = Run(args);
            Assert.True(exit == 0, $"{string.Join(' ', command)} → exit {exit}: {stderr}");
            if (command[0] == "screen")
            {
                Assert.Matches(@"(?m)= written \d+ \+ rejected 0\r?$", stdout); // the samples are clean: every row read
            }
        }

        Assert.True(File.Exists(Path.Combine(_dir, "out", "results.xlsx")));
    }

    [Fact]
    public void The_gb18030_sample_is_the_first_20_sample_rows_in_gb18030()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Root, "samples", "enterprises-gb18030.csv"));
        Assert.False(System.Text.Unicode.Utf8.IsValid(bytes));
        var text = CodePagesEncodingProvider.Instance.GetEncoding(54936)!.GetString(bytes);
        var utf8 = File.ReadAllLines(Path.Combine(Root, "samples", "enterprises.csv"), Encoding.UTF8);
        Assert.Equal(utf8.Take(21), text.TrimEnd('\n').Split('\n'));
    }
}
