using PolicyRules.Tests.Packaging;
using Xunit.Abstractions;

namespace PolicyRules.Tests.Readme;

/// <summary>
/// Every command the README shows in a <c>sh</c> block runs as written from a clean clone: the
/// <c>policyrules</c> commands run here (the built CLI, in a folder holding only what a clone has),
/// and each other command is named with the test that runs it.
/// </summary>
public sealed class ReadmeCommandsTests : IDisposable
{
    private const string CliPrefix = "dotnet run --project src/PolicyRules.Cli -- ";

    /// <summary>Commands that need more than a clone (a build of their own, the network, a tool folder), each with the test that runs it as written.</summary>
    private static readonly Dictionary<string, string> CoveredElsewhere = new(StringComparer.Ordinal)
    {
        ["dotnet test"] = ".ci/run (CI runs exactly this on a clean clone)",
        ["dotnet pack PolicyRules.sln -c Release -o artifacts/packages"] = nameof(PackageConsumerTests) + "." + nameof(PackageConsumerTests.The_solution_packs_as_the_readme_says_and_the_packages_work_as_its_quick_start_shows),
        ["dotnet tool install --tool-path artifacts/tools PolicyRules.Cli --add-source artifacts/packages --prerelease"] = nameof(PackageConsumerTests) + "." + nameof(PackageConsumerTests.The_solution_packs_as_the_readme_says_and_the_packages_work_as_its_quick_start_shows),
        ["dotnet run --project src/PolicyRules.Cli -- screen --engine postgres --table enterprises --output out/results-pg.csv --write-table screening_2025 --as-of 2025-06-30"] =
            nameof(PostgreSql.PostgresEngineTests) + "." + nameof(PostgreSql.PostgresEngineTests.The_readme_postgres_command_runs_as_written),
        ["artifacts/tools/policyrules screen --input samples/enterprises.csv --output out/results.csv --as-of 2025-06-30"] = nameof(PackageConsumerTests) + "." + nameof(PackageConsumerTests.The_solution_packs_as_the_readme_says_and_the_packages_work_as_its_quick_start_shows),
    };

    private readonly string _clone = Directory.CreateTempSubdirectory("policyrules-readme-").FullName;
    private readonly ITestOutputHelper _log;

    public ReadmeCommandsTests(ITestOutputHelper log) => _log = log;

    public void Dispose() => Directory.Delete(_clone, recursive: true);

    public static TheoryData<string> CliCommands() =>
        [.. ShCommands().Where(c => c.StartsWith(CliPrefix, StringComparison.Ordinal) && !CoveredElsewhere.ContainsKey(c))];

    [Fact]
    public void Every_readme_command_is_a_policyrules_command_or_is_run_by_a_named_test()
    {
        var commands = ShCommands().ToList();
        Assert.NotEmpty(commands);
        var unknown = commands.Where(c => !c.StartsWith(CliPrefix, StringComparison.Ordinal) && !CoveredElsewhere.ContainsKey(c)).ToList();
        Assert.True(unknown.Count == 0, "README commands that no test runs (run them here, or name the test that does):\n" + string.Join('\n', unknown));
        var stale = CoveredElsewhere.Keys.Where(c => !commands.Contains(c)).ToList();
        Assert.True(stale.Count == 0, "No longer in the README:\n" + string.Join('\n', stale));
    }

    [Theory]
    [MemberData(nameof(CliCommands))]
    public void A_readme_policyrules_command_runs_as_written_in_a_clean_clone(string command)
    {
        LayOutClone();

        // A command may read what an earlier line of its block wrote (generate, then screen it): run those first, as a reader would.
        var block = MarkdownBlocks.Read(MarkdownBlocks.ReadmePath).First(b => b.Language == "sh" && b.Commands.Contains(command));
        foreach (var earlier in block.Commands.TakeWhile(c => c != command).Where(c => c.StartsWith(CliPrefix, StringComparison.Ordinal)))
        {
            Run(earlier);
        }

        Run(command);
    }

    private void Run(string command)
    {

        // A shell's redirections, at the end of the line: "< IN" and "> OUT".
        var words = command[CliPrefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        string? Redirect(string symbol)
        {
            var at = words.IndexOf(symbol);
            if (at < 0)
            {
                return null;
            }

            var path = words[at + 1];
            words.RemoveRange(at, 2);
            return path;
        }

        var stdinFile = Redirect("<");
        var stdoutFile = Redirect(">");
        var arguments = MarkdownBlocks.Words(string.Join(' ', words));
        var cli = Path.Combine(AppContext.BaseDirectory, "PolicyRules.Cli.dll");
        Directory.CreateDirectory(Path.Combine(_clone, "out"));
        var (exit, output, error) = Dotnet.RunWithStreams(_clone, [cli, .. arguments], stdinFile is null ? null : File.ReadAllBytes(Path.Combine(_clone, stdinFile)));
        _log.WriteLine(error);
        if (stdoutFile is not null)
        {
            File.WriteAllBytes(Path.Combine(_clone, stdoutFile), output);
            Assert.True(output.Length > 0, $"{command}\nwrote nothing to standard output");
        }

        Assert.True(exit == 0, $"{command}\nexited with {exit}:\n{System.Text.Encoding.UTF8.GetString(output)}{error}");
        for (var i = 0; i < arguments.Length - 1; i++)
        {
            if (arguments[i] == "--output" && arguments[i + 1] != "-")
            {
                var written = new FileInfo(Path.Combine(_clone, arguments[i + 1]));
                Assert.True(written.Exists && written.Length > 0, $"{command}\nwrote no {arguments[i + 1]}");
            }
        }
    }

    /// <summary>The commands of the README's <c>sh</c> blocks.</summary>
    private static IEnumerable<string> ShCommands() =>
        MarkdownBlocks.Read(MarkdownBlocks.ReadmePath).Where(b => b.Language == "sh").SelectMany(b => b.Commands);

    /// <summary>What a clone holds that the commands may read: the samples' data files and the rules.</summary>
    private void LayOutClone()
    {
        var samples = Path.Combine(Dotnet.Root, "samples");
        Directory.CreateDirectory(Path.Combine(_clone, "samples"));
        foreach (var file in Directory.GetFiles(samples).Where(f => f.EndsWith(".csv", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(_clone, "samples", Path.GetFileName(file)));
        }

        // Sample reforms (policyrules simulate) sit in a folder of their own.
        Directory.CreateDirectory(Path.Combine(_clone, "samples", "reforms"));
        foreach (var file in Directory.GetFiles(Path.Combine(samples, "reforms"), "*.json"))
        {
            File.Copy(file, Path.Combine(_clone, "samples", "reforms", Path.GetFileName(file)));
        }

        // The test programme with declared outputs, which the budget example simulates.
        var outputs = Path.Combine("tests", "PolicyRules.Tests", "TestSupport", "rules");
        Directory.CreateDirectory(Path.Combine(_clone, outputs));
        foreach (var file in Directory.GetFiles(Path.Combine(Dotnet.Root, outputs), "*.json"))
        {
            File.Copy(file, Path.Combine(_clone, outputs, Path.GetFileName(file)));
        }

        Directory.CreateDirectory(Path.Combine(_clone, "rules"));
        foreach (var file in Directory.GetFiles(TestProfiles.RulesDirectory))
        {
            File.Copy(file, Path.Combine(_clone, "rules", Path.GetFileName(file)));
        }
    }
}
