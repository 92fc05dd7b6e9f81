namespace PolicyRules.Tests.Cli;

/// <summary>
/// Every mistake a user can make on the command line — a missing or misspelt option, options that do
/// not go together, a value out of range, a file that is not there — is told in both languages with
/// the same specifics, the Chinese half in Chinese (option names and values aside).
/// </summary>
public sealed partial class CliMistakeMessageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-cli-mistakes-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Every_mistake_is_told_in_both_languages_with_the_same_specifics()
    {
        var sample = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "enterprises.csv");
        var profile = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "high-tech-near-miss.json");
        var missing = Path.Combine(_dir, "missing.csv");
        var output = Path.Combine(_dir, "out.csv");
        string[][] mistakes =
        [
            ["screen", "--input", missing, "--output", output, "--as-of", "2025-06-30"],
            ["screen", "--input", sample, "--output", Path.Combine(_dir, "out.txt"), "--as-of", "2025-06-30"],
            ["screen", "--input", sample, "--output", output, "--programmes", "HighTechEnterprize", "--as-of", "2025-06-30"],
            ["screen", "--input", sample, "--output", output, "--as-of", "2025-13-40"],
            ["screen", "--input", sample, "--output", "-", "--as-of", "2025-06-30"],
            ["screen", "--input", sample, "--output", output, "--rejects", Path.Combine(_dir, "r.csv"), "--as-of", "2025-06-30"],
            ["screen", "--input", sample, "--output", output, "--engine", "postgres", "--as-of", "2025-06-30"],
            ["screen", "--input", sample, "--output", output, "--engine", "duckdb", "--report", Path.Combine(_dir, "r.html"), "--as-of", "2025-06-30"],
            ["screen", "--input", sample, "--output", output, "--table", "t", "--as-of", "2025-06-30"],
            ["screen", "--input", sample, "--output", output, "--progress-interval", "-1", "--as-of", "2025-06-30"],
            ["screen", "--input", sample, "--output", output, "--encoding", "latin1", "--as-of", "2025-06-30"],
            ["screen", "--input", sample, "--output", sample, "--as-of", "2025-06-30"],
            ["screen", "--input", _dir, "--output", output, "--as-of", "2025-06-30"],
            ["screen", "--input", sample, "--output", output, "--rules", missing, "--as-of", "2025-06-30"],
            ["gap", "--programme", "HighTechEnterprise", "--as-of", "2025-06-30"],
            ["gap", "--programme", "HighTechEnterprise", "--input", sample, "--as-of", "2025-06-30"],
            ["gap", "--programme", "HighTechEnterprise", "--profile", profile, "--max-failed", "3", "--as-of", "2025-06-30"],
            ["gap", "--programme", "HighTechEnterprise", "--input", sample, "--output", output, "--max-failed", "0", "--as-of", "2025-06-30"],
            ["gap", "--programme", "HighTechEnterprise", "--profile", missing, "--as-of", "2025-06-30"],
            ["evaluate", "--programme", "HighTechEnterprise", "--profile", sample, "--as-of", "2025-06-30"],
            ["evaluate", "--programme", "NoSuchProgramme", "--profile", profile, "--as-of", "2025-06-30"],
            ["generate", "--count", "-3", "--output", output],
            ["generate", "--count", "3", "--kind", "Projekt", "--output", output],
            ["sql", "--programmes", "HighTechEnterprise", "--dialect", "oracle"],
            ["simulate", "--reform", missing, "--input", sample, "--as-of", "2025-06-30"],
            ["lint", "--rules", missing],
            ["test", "--rules", missing],
            ["screen", "--input", sample, "--output", output, "--targets", missing, "--as-of", "2025-06-30"],
        ];

        var problems = new List<string>();
        foreach (var args in mistakes)
        {
            var (exit, stdout, stderr) = Cli.Run(args);
            var said = (stderr + stdout).Split('\n').Select(l => l.Trim()).Where(l => l.Contains(" / ", StringComparison.Ordinal)).ToList();
            if (exit == 0 || said.Count == 0)
            {
                problems.Add($"{string.Join(' ', args)}: exit {exit}, nothing said in both languages: {stderr}");
                continue;
            }

            foreach (var said1 in said.Where(l => !l.StartsWith("Usage", StringComparison.Ordinal)))
            {
                // A rule diagnostic's place ("file(1,1): error PR1019: ") leads the line, outside both halves.
                var line = DiagnosticPlace().Replace(said1, "");
                var words = BilingualSpecifics.PlainEnglishWordsInChinese(line);
                var mismatch = BilingualSpecifics.Mismatch(line);
                if (words.Count > 0 || mismatch.Length > 0)
                {
                    problems.Add($"{string.Join(' ', args.Take(3))}: [{string.Join(' ', words)}] {mismatch}: {line}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^.*?\(\d+,\d+\): (?:error|warning) PR\d+: ")]
    private static partial System.Text.RegularExpressions.Regex DiagnosticPlace();
}
