using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;
using PolicyRules.Evaluation;
using PolicyRules.Gaps;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Rules;
using PolicyRules.Simulation;

namespace PolicyRules.Tests.Reliability;

/// <summary>
/// The library answers and writes the same in every host, whatever its culture. The CLI runs with
/// invariant globalization; an application does not, and wrote dates and numbers by its culture: the
/// rule set's id (a hash that wrote EffectiveFrom as 6/18/2011 in en-US, 2011/6/18 in zh-CN), "As of:
/// 2569-07-01" in th-TH, "5.000 characters" in de-DE, a reform's cap "1,5".
/// </summary>
public sealed class CultureIndependenceTests
{
    /// <summary>
    /// What a culture changes without ICU: separators, the negative sign, the short date pattern. This
    /// process runs with invariant globalization, where only a copy of the invariant culture can be made.
    /// </summary>
    private static CultureInfo Odd()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        culture.NumberFormat.NegativeSign = "~";
        culture.DateTimeFormat.ShortDatePattern = "dd.MM.yyyy";
        culture.DateTimeFormat.DateSeparator = ".";
        return culture;
    }

    /// <summary>
    /// For random enterprises and dates (before, within and after every programme's versions): the rule
    /// set's id, every explanation and gap report, the limit messages and a reform's description are the
    /// same under an odd culture as under the invariant one.
    /// </summary>
    [Fact]
    public void Texts_and_the_rule_set_id_do_not_depend_on_the_current_culture()
    {
        var date = Gen.Int[0, 4000].Select(d => new DateOnly(2010, 1, 1).AddDays(d));
        Gen.Select(ProfileGen.Profile, date, Gen.Decimal[0.01m, 1_000_000m]).Sample((profile, asOf, cap) =>
        {
            Assert.Equal(Everything(profile, asOf, cap), InCulture(Odd(), () => Everything(profile, asOf, cap)));
        }, iter: 60);
    }

    /// <summary>
    /// The calendar of a culture changes a date written yyyy-MM-dd (th-TH counts Buddhist years), which
    /// only ICU provides: the CLI run with globalization on, under th-TH and ar-SA, writes what it writes
    /// with invariant globalization. Needs ICU, as .NET on Linux does unless told otherwise.
    /// </summary>
    /// <remarks>
    /// de-DE writes a decimal comma and sv-SE a minus sign (U+2212) of its own: the SQL the library compiles for an
    /// application (every bundled programme, both dialects) must not carry either.
    /// </remarks>
    [Theory]
    [InlineData("th_TH.UTF-8")]
    [InlineData("ar_SA.UTF-8")]
    [InlineData("de_DE.UTF-8")]
    [InlineData("sv_SE.UTF-8")]
    public void The_cli_under_a_culture_with_another_calendar_writes_what_it_writes_invariant(string locale)
    {
        var profile = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "high-tech-near-miss.json");
        var every = string.Join(",", TestProfiles.EnterpriseProgrammes(PolicyEngine.LoadBundled()));
        string[][] commands =
        [
            ["evaluate", "--programme", "InnovativeSme", "--profile", profile, "--as-of", "2026-07-01"],
            ["evaluate", "--programme", "HighTechEnterprise", "--profile", profile, "--as-of", "2025-06-30"],
            ["gap", "--programme", "HighTechEnterprise", "--profile", profile, "--as-of", "2025-06-30"],
            ["sql", "--programmes", every, "--dialect", "duckdb", "--as-of", "2025-06-30"],
            ["sql", "--programmes", every, "--dialect", "postgres", "--as-of", "2025-06-30"],
        ];
        foreach (var command in commands)
        {
            var (invariant, _) = RunCli(command, locale: null);
            var (cultured, error) = RunCli(command, locale);
            Assert.True(cultured.Length > 0, $"{string.Join(' ', command)} under {locale}: {error}");
            Assert.Equal(invariant, cultured);
        }
    }

    /// <summary>
    /// The sweeps above reach the texts they run; the source is read for the rest: in every library (the
    /// SDK, the SQL engines, the DI extension, the analyzers), an interpolated string with a formatted
    /// hole ({n:N0}, {d:yyyy-MM-dd}, {x:0.##}) is written invariant (string.Create or AppendLine with
    /// CultureInfo.InvariantCulture).
    /// </summary>
    [Fact]
    public void Every_formatted_hole_of_the_library_is_written_invariant()
    {
        var hole = new System.Text.RegularExpressions.Regex(@"\$""[^""]*\{[^{}""]+:(N\d|F\d|P\d?|0\.[0#]+|#[,0#.]*|yyyy[^}]*)\}");
        // Every project an application loads in its own culture (the CLI runs with invariant globalization;
        // the analyzers run inside the compiler, in the build's culture).
        string[] libraries = ["PolicyRules", "PolicyRules.DuckDb", "PolicyRules.PostgreSql", "PolicyRules.Extensions.DependencyInjection", "PolicyRules.Analyzers", "PolicyRules.Analyzers.CodeFixes"];
        Assert.All(libraries, l => Assert.True(Directory.Exists(Path.Combine(Dotnet.Root, "src", l)), l));
        var cultured = libraries.SelectMany(l => Directory.EnumerateFiles(Path.Combine(Dotnet.Root, "src", l), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => hole.Matches(l.Text).Any(m => !l.Text[..m.Index].TrimEnd().EndsWith("InvariantCulture,", StringComparison.Ordinal)))
            .Select(l => $"{Path.GetRelativePath(Dotnet.Root, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(cultured.Count == 0, string.Join("\n", cultured));
    }

    private static string Everything(EnterpriseProfile profile, DateOnly asOf, decimal cap)
    {
        var engine = PolicyEngine.LoadBundled();
        var texts = new List<string> { engine.RuleSetId };
        texts.AddRange(engine.EvaluateAll(profile, asOf).Select(ExplanationText.Render));
        texts.Add(GapText.Render(engine.EvaluateWithGaps("HighTechEnterprise", profile, asOf)));
        var diagnostics = new List<RuleDiagnostic>();
        RuleFileReader.Read("rules/Long.json", System.Text.Encoding.UTF8.GetBytes(MarkedRuleFile.Workflow(string.Join(" && ", Enumerable.Repeat("true", 1_200)))), diagnostics);
        RuleFileReader.Read("rules/Huge.json", new byte[RuleFileReader.MaxFileBytes + 1], diagnostics);
        texts.AddRange(diagnostics.Select(d => d.Message));
        var tooLarge = Assert.Throws<ProfileInputException>(() => ProfileJsonReader.Read("(test)", new byte[ProfileJsonReader.MaxFileBytes + 1], FieldSet.Empty));
        texts.Add(tooLarge.Message);
        var change = new ReformChange { Programme = "RdIncreaseSubsidy", Output = "award", ChangesCap = true, Cap = cap, ChangesFloor = true, Floor = -cap, Action = ReformAction.Replace, Location = SourceLocation.FileOnly("r.reform.json") };
        texts.Add(change.Describe().ToString());
        return string.Join("\n", texts);
    }

    private static T InCulture<T>(CultureInfo culture, Func<T> action)
    {
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        try
        {
            return action();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
        }
    }

    /// <summary>The CLI in a process of its own; with a locale, with globalization on (a runtime configuration of its own).</summary>
    private static (string Out, string Err) RunCli(string[] arguments, string? locale)
    {
        var directory = AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("exec");
        if (locale is not null)
        {
            var config = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "PolicyRules.Cli.runtimeconfig.json")))!;
            config["runtimeOptions"]!["configProperties"]!["System.Globalization.Invariant"] = false;
            var path = Path.Combine(Path.GetTempPath(), $"policyrules-icu-{Guid.NewGuid():N}.runtimeconfig.json");
            File.WriteAllText(path, config.ToJsonString());
            start.ArgumentList.Add("--runtimeconfig");
            start.ArgumentList.Add(path);
            start.Environment["LANG"] = start.Environment["LC_ALL"] = locale;
        }

        start.ArgumentList.Add(Path.Combine(directory, "PolicyRules.Cli.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (output.Result, error);
        }
        finally
        {
            if (locale is not null)
            {
                File.Delete(start.ArgumentList[2]);
            }
        }
    }
}
