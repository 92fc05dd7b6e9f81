using CsCheck;
using PolicyRules.Input;

namespace PolicyRules.Tests.Reliability;

/// <summary>
/// The rule files a command reads (rule files, record declarations, plan targets) and a reform file are
/// inputs of the run like its data file: no output may overwrite one. A summary named after a rule file
/// (<c>--summary rules/SmeSize.json</c>) replaced the rule file with the run's summary before.
/// </summary>
public sealed class RuleFileOutputSafetyTests : IDisposable
{
    private static readonly string Reform = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "reforms", "high-tech-rd-share-minus-one-point.reform.json");

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-rule-outputs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>(command, the option that writes, the extension that option requires or null for any).</summary>
    private static readonly (string Command, string Option, string? Extension)[] Outputs =
    [
        ("screen", "--output", ".csv"),
        ("screen", "--summary", ".json"),
        ("screen", "--report", null),
        ("simulate", "--output", null),
        ("simulate", "--report", null),
        ("gap", "--output", ".csv"),
        ("schema", "--output", ".json"),
    ];

    /// <summary>
    /// Any output option of any command, aimed at any file the run reads from its rules folder or at the
    /// reform — by its own path or through a hard link with the extension the option requires — is
    /// refused (exit 2) naming that file, and no file of the folder changes.
    /// </summary>
    [Fact]
    public void No_output_of_any_command_overwrites_a_file_the_run_reads_its_rules_from()
    {
        var rules = Path.Combine(_dir, "rules");
        Directory.CreateDirectory(rules);
        foreach (var file in Directory.EnumerateFiles(TestProfiles.RulesDirectory))
        {
            File.Copy(file, Path.Combine(rules, Path.GetFileName(file)));
        }

        var reform = Path.Combine(_dir, "change.reform.json");
        File.Copy(Reform, reform);
        var input = Path.Combine(_dir, "in.csv");
        ProfileCsvWriter.Write(input, Enumerable.Range(0, 5).Select(i => TestProfiles.Baseline() with { Id = "E" + i }));
        string[] read = [.. Directory.EnumerateFiles(rules).Where(f => !f.EndsWith(".tests.json", StringComparison.Ordinal) && !f.EndsWith(".schema.json", StringComparison.Ordinal))];
        var before = Directory.EnumerateFiles(_dir, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);

        Gen.Select(Gen.Int[0, Outputs.Length - 1], Gen.Int[0, read.Length - 1], Gen.Bool).Sample((which, target, throughLink) =>
        {
            var (command, option, extension) = Outputs[which];
            var victim = command == "simulate" && target % 4 == 0 ? reform : read[target];
            var path = victim;
            if (throughLink || (extension is not null && !victim.EndsWith(extension, StringComparison.Ordinal)))
            {
                path = Path.Combine(_dir, "link-" + Guid.NewGuid().ToString("N") + (extension ?? ".out"));
                File.CreateSymbolicLink(path, victim);
            }

            var (exit, _, stderr) = Cli.Cli.Run(Arguments(command, option, path, rules, input, reform));

            Assert.True(exit == 2, $"{command} {option} {path} → {victim}: exit {exit}");
            Assert.Contains($"is the input file {victim}", stderr, StringComparison.Ordinal);
            Assert.All(before, file => Assert.True(file.Value.AsSpan().SequenceEqual(File.ReadAllBytes(file.Key)), $"{command} {option}: {file.Key} changed"));
        }, iter: 30, threads: 1);
    }

    private static string[] Arguments(string command, string option, string path, string rules, string input, string reform)
    {
        var scratch = Path.Combine(Path.GetDirectoryName(input)!, "scratch-" + Guid.NewGuid().ToString("N"));
        string[] common = ["--rules", rules];
        return command switch
        {
            "screen" => [command, .. common, "--input", input, "--programmes", "SmeSize", "--as-of", "2025-06-30", "--output", option == "--output" ? path : scratch + ".csv", .. option == "--output" ? (string[])[] : [option, path]],
            "simulate" => [command, .. common, "--input", input, "--reform", reform, "--as-of", "2025-06-30", option, path],
            "gap" => [command, .. common, "--input", input, "--programme", "SmeSize", "--as-of", "2025-06-30", option, path],
            _ => [command, .. common, option, path],
        };
    }
}
