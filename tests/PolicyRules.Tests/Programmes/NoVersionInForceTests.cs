using System.Text.Json;
using Parquet;
using PolicyRules.Bulk;
using PolicyRules.Evaluation;
using PolicyRules.Gaps;
using PolicyRules.Input;
using PolicyRules.Rules;
using PolicyRules.Screening;

namespace PolicyRules.Tests.Programmes;

/// <summary>
/// "No version in force" is an outcome, not an exception (programmes.md, Conventions; issue 12 item 3):
/// on a date no version of a programme covers, every surface answers "not eligible" with one failed
/// criterion, <c>VersionInForce</c>, that names the versions and, after the last one, its successor.
/// </summary>
public sealed class NoVersionInForceTests : IDisposable
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
    private static readonly DateOnly LastDay2022 = new(2026, 3, 31);
    private static readonly DateOnly FirstDay2026 = new(2026, 4, 1);

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-noversion-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Every programme, with each date just outside its versions: the day before the first, and the day after the last (when it ends).</summary>
    public static TheoryData<string, DateOnly, bool> DatesOutsideEveryVersion()
    {
        var data = new TheoryData<string, DateOnly, bool>();
        foreach (var name in Engine.Programmes)
        {
            var versions = Engine.GetVersions(name);
            data.Add(name, versions[0].Definition.EffectiveFrom.AddDays(-1), false);
            if (versions[^1].Definition.EffectiveTo is { } end)
            {
                data.Add(name, end.AddDays(1), true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DatesOutsideEveryVersion))]
    public void Every_programme_answers_not_eligible_with_a_reason_on_a_date_no_version_covers(string programme, DateOnly asOf, bool afterLast)
    {
        var compiled = Engine.GetProgramme(programme, asOf);
        Assert.True(compiled.IsNoVersionInForce);
        Assert.False(compiled.IsInForce(asOf));
        var result = compiled.Input == "Person"
            ? Engine.Evaluate(programme, TestProfiles.Person(), asOf)
            : Engine.Evaluate(programme, TestProfiles.Baseline(), asOf);

        Assert.True(result.NoVersionInForce);
        Assert.False(result.Eligible);
        Assert.Equal("none", result.Version);
        Assert.Null(result.Score);
        Assert.Null(result.Classification);
        Assert.Equal("VersionInForce", Assert.Single(result.FailedCriteria));
        var versions = Engine.GetVersions(programme);
        var edge = afterLast ? versions[^1].Definition.EffectiveTo!.Value : versions[0].Definition.EffectiveFrom;
        var day = edge.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var message = result.Criteria[0].Message;
        Assert.Contains(day, message.Zh, StringComparison.Ordinal);
        Assert.Contains(day, message.En, StringComparison.Ordinal);
        Assert.Contains(afterLast ? "期满失效" : "起施行", message.Zh, StringComparison.Ordinal);
        Assert.Contains(afterLast ? "ended on" : "applies from", message.En, StringComparison.Ordinal);

        // One day inside the versions, the version is in force again.
        Assert.False(Engine.GetProgramme(programme, edge).IsNoVersionInForce);
    }

    [Fact]
    public void InnovativeSme_applies_2022_up_to_2026_03_31_and_names_its_successor_from_2026_04_01()
    {
        var profile = TestProfiles.Baseline();
        var last = Engine.Evaluate("InnovativeSme", profile, LastDay2022);
        Assert.Equal("2022", last.Version);
        Assert.False(last.NoVersionInForce);
        Assert.Null(last.Successor);

        var after = Engine.Evaluate("InnovativeSme", profile, FirstDay2026);
        Assert.True(after.NoVersionInForce);
        Assert.False(after.Eligible);
        var successor = Assert.IsType<ProgrammeSuccessor>(after.Successor);
        Assert.Equal("科技和创新型中小企业", successor.Title.Zh);
        Assert.Equal("工信部企业〔2026〕2号", successor.Citation.Document);
        Assert.Equal("《优质中小企业梯度培育管理办法》", successor.Citation.DocumentTitle);
        Assert.Contains("科技和创新型中小企业", after.Criteria[0].Message.Zh, StringComparison.Ordinal);
        Assert.Contains("工信部企业〔2026〕2号", after.Criteria[0].Message.Zh, StringComparison.Ordinal);
        Assert.Contains("tech-based and innovative SMEs", after.Criteria[0].Message.En, StringComparison.Ordinal);
        Assert.Contains("工信部企业〔2026〕2号", after.Criteria[0].Message.En, StringComparison.Ordinal);
        Assert.Equal(successor.Citation, after.Criteria[0].Citation);

        // No version is carried forward: the only version is 2022.
        Assert.Equal(["2022"], Engine.GetVersions("InnovativeSme").Select(v => v.Definition.Version));
    }

    [Fact]
    public void Explanation_text_says_no_version_and_names_the_successor_in_both_languages()
    {
        var text = ExplanationText.Render(Engine.Evaluate("InnovativeSme", TestProfiles.Baseline(), FirstDay2026));
        Assert.Contains("适用版本：无（该日期无有效版本） / Version applied: none (no version in force on 2026-04-01)", text, StringComparison.Ordinal);
        Assert.Contains("后续政策 Succeeded by: 科技和创新型中小企业 / tech-based and innovative SMEs", text, StringComparison.Ordinal);
        Assert.Contains("结论：不符合条件（1 项条件中 1 项未满足） / Result: NOT ELIGIBLE (1 of 1 criteria not met)", text, StringComparison.Ordinal);
        Assert.Contains("✗ VersionInForce", text, StringComparison.Ordinal);
        Assert.Contains("说明 Note: 2026年办法将创新型中小企业与科技型中小企业合并", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_marks_the_result_and_a_result_in_force_stays_as_before()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var none = JsonDocument.Parse(JsonSerializer.Serialize(Engine.Evaluate("InnovativeSme", TestProfiles.Baseline(), FirstDay2026), options)).RootElement;
        Assert.True(none.GetProperty("noVersionInForce").GetBoolean());
        Assert.Equal("科技和创新型中小企业", none.GetProperty("successor").GetProperty("title").GetProperty("zh").GetString());

        var inForce = JsonDocument.Parse(JsonSerializer.Serialize(Engine.Evaluate("InnovativeSme", TestProfiles.Baseline(), LastDay2022), options)).RootElement;
        Assert.False(inForce.TryGetProperty("noVersionInForce", out _));
        Assert.False(inForce.TryGetProperty("successor", out _));
    }

    [Fact]
    public void Gap_analysis_has_nothing_closable_when_no_version_is_in_force()
    {
        var result = Engine.EvaluateWithGaps("InnovativeSme", TestProfiles.Baseline(), FirstDay2026);
        var gap = Assert.Single(result.Gaps);
        Assert.Equal("VersionInForce", gap.Criterion);
        Assert.False(gap.Closable);
        Assert.Empty(gap.Levers);
        var text = PolicyRules.Gaps.GapText.Render(result);
        Assert.Contains("no version in force on this date, nothing to close", text, StringComparison.Ordinal);
        Assert.Contains("succeeded by tech-based and innovative SMEs", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateAll_lists_every_enterprise_programme_with_no_version_ones_marked()
    {
        var enterprise = TestProfiles.EnterpriseProgrammes(Engine).ToArray();
        var early = new DateOnly(2019, 6, 30); // before Gazelle, InnovativeSme, TechLoanWhitelist … begin
        foreach (var asOf in new[] { early, LastDay2022, FirstDay2026 })
        {
            var all = Engine.EvaluateAll(TestProfiles.Baseline(), asOf);
            Assert.Equal(enterprise, all.Select(r => r.Programme));
            foreach (var result in all)
            {
                var inForce = Engine.GetVersions(result.Programme).Any(v => v.IsInForce(asOf));
                Assert.Equal(!inForce, result.NoVersionInForce);
                Assert.True(inForce || !result.Eligible);
            }
        }

        Assert.True(Engine.EvaluateAll(TestProfiles.Baseline(), FirstDay2026).Single(r => r.Programme == "InnovativeSme").NoVersionInForce);
        Assert.False(Engine.EvaluateAll(TestProfiles.Baseline(), LastDay2022).Single(r => r.Programme == "InnovativeSme").NoVersionInForce);
    }

    /// <summary>
    /// Screening writes the same columns whatever the date: eligible false, score (and class) empty,
    /// failed "VersionInForce", in CSV, JSON Lines and Parquet alike; every row is accounted for.
    /// </summary>
    [Fact]
    public async Task Screening_outputs_say_not_eligible_VersionInForce_in_every_format()
    {
        string P(string name) => Path.Combine(_dir, name);
        var profiles = Enumerable.Range(0, 50).Select(i => TestProfiles.Baseline() with { Id = $"R{i:D3}" }).ToList();
        ProfileCsvWriter.Write(P("in.csv"), profiles);
        var before = ScreeningJob.Run(P("in.csv"), P("before.csv"), [Engine.GetProgramme("InnovativeSme", LastDay2022)], LastDay2022);
        Assert.Equal(50, before.Programmes[0].Eligible);

        var programmes = new[] { Engine.GetProgramme("InnovativeSme", FirstDay2026), Engine.GetProgramme("SmeSize", FirstDay2026) };
        foreach (var output in new[] { "out.csv", "out.jsonl", "out.parquet" })
        {
            var summary = ScreeningJob.Run(P("in.csv"), P(output), programmes, FirstDay2026);
            Assert.Equal(50, summary.Read);
            Assert.Equal(50, summary.Written);
            Assert.Equal("none", summary.Programmes[0].Version);
            Assert.Equal(0, summary.Programmes[0].Eligible);
            Assert.Equal(50, summary.Programmes[1].Eligible);
        }

        Assert.Equal("id,InnovativeSme.eligible,InnovativeSme.score,InnovativeSme.failed", File.ReadLines(P("before.csv")).First());
        var csv = File.ReadAllLines(P("out.csv"));
        Assert.Equal("id,InnovativeSme.eligible,InnovativeSme.score,InnovativeSme.failed,SmeSize.eligible,SmeSize.classification,SmeSize.failed", csv[0]);
        Assert.All(csv.Skip(1), line => Assert.StartsWith(",false,,VersionInForce,true,", line[line.IndexOf(',', StringComparison.Ordinal)..], StringComparison.Ordinal));

        foreach (var line in File.ReadLines(P("out.jsonl")))
        {
            var row = JsonDocument.Parse(line).RootElement.GetProperty("InnovativeSme");
            Assert.False(row.GetProperty("eligible").GetBoolean());
            Assert.Equal(JsonValueKind.Null, row.GetProperty("score").ValueKind);
            Assert.Equal(["VersionInForce"], row.GetProperty("failed").EnumerateArray().Select(f => f.GetString()));
        }

        await using var reader = await ParquetReader.CreateAsync(P("out.parquet"));
        Assert.Equal(csv[0].Split(','), reader.Schema.Fields.Select(f => f.Name).ToArray());
        using var group = reader.OpenRowGroupReader(0);
        var eligible = new bool[group.RowCount];
        await group.ReadAsync<bool>(reader.Schema.DataFields[1], eligible);
        Assert.All(eligible, Assert.False);
        var scores = new decimal?[group.RowCount];
        await group.ReadAsync<decimal>(reader.Schema.DataFields[2], scores);
        Assert.All(scores, s => Assert.Null(s));
        // "failed" is a list of names in Parquet (LIST<STRING>).
        var failed = await ParquetLists.ReadAsync(group, (Parquet.Schema.DataField)((Parquet.Schema.ListField)reader.Schema.Fields[3]).Item);
        Assert.All(failed, f => Assert.Equal(["VersionInForce"], f));
    }

    [Fact]
    public void The_html_report_says_no_version_is_in_force_and_names_the_successor()
    {
        string P(string name) => Path.Combine(_dir, name);
        ProfileCsvWriter.Write(P("in.csv"), [TestProfiles.Baseline()]);
        var (exit, _, err) = Tests.Cli.Cli.Run("screen", "--programmes", "InnovativeSme", "--input", P("in.csv"), "--output", P("out.csv"),
            "--as-of", "2026-04-01", "--report", P("report.html"));
        Assert.True(exit == 0, err);
        var html = File.ReadAllText(P("report.html"));
        Assert.Contains("id=\"no-version-InnovativeSme\"", html, StringComparison.Ordinal);
        Assert.Contains("后续政策：科技和创新型中小企业（工信部企业〔2026〕2号）", html, StringComparison.Ordinal);
        Assert.Contains("succeeded by tech-based and innovative SMEs", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_evaluate_and_gap_answer_instead_of_failing()
    {
        var profile = Path.Combine(_dir, "p.json");
        File.WriteAllText(profile, JsonSerializer.Serialize(new { id = "X1" }));
        var (exit, text, err) = Tests.Cli.Cli.Run("evaluate", "--programme", "InnovativeSme", "--profile", profile, "--as-of", "2026-04-01");
        Assert.True(exit == 0, err);
        Assert.Contains("Version applied: none", text, StringComparison.Ordinal);
        Assert.Contains("科技和创新型中小企业", text, StringComparison.Ordinal);

        (exit, var json, err) = Tests.Cli.Cli.Run("evaluate", "--programme", "InnovativeSme", "--profile", profile, "--as-of", "2026-04-01", "--format", "json");
        Assert.True(exit == 0, err);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.True(root.GetProperty("noVersionInForce").GetBoolean());
        Assert.False(root.GetProperty("eligible").GetBoolean());
        Assert.Equal("none", root.GetProperty("version").GetString());

        (exit, var gap, err) = Tests.Cli.Cli.Run("gap", "--programme", "InnovativeSme", "--profile", profile, "--as-of", "2026-04-01");
        Assert.True(exit == 0, err);
        Assert.Contains("no version in force on this date", gap, StringComparison.Ordinal);
    }

    /// <summary>
    /// A composite programme whose used programme has no version in force reads it as not eligible,
    /// with no score (0) and no class (""), and carries the used result with its reason; screening agrees.
    /// </summary>
    [Fact]
    public void A_composite_reads_a_used_programme_with_no_version_as_not_eligible()
    {
        var folder = RulesSubset.Create(_dir, "InnovativeSme");
        File.WriteAllText(Path.Combine(folder, "Reuse.json"), """
            {
              "WorkflowName": "Reuse",
              "PolicyRules": {"Version": "1", "TitleZh": "复用", "TitleEn": "Reuse", "Status": "provisional", "EffectiveFrom": "2020-01-01",
                              "Documents": {"doc": "test"}, "Uses": ["InnovativeSme"]},
              "Rules": [
                {"RuleName": "NotInnovative", "Expression": "!programmes.Eligible(\"InnovativeSme\") && programmes.Score(\"InnovativeSme\") == 0",
                 "Properties": {"TitleZh": "非创新型", "TitleEn": "Not innovative", "Citation": {"Document": "doc", "Article": "1"}}}
              ]
            }
            """);
        var engine = PolicyEngine.LoadDirectory(folder);
        var profile = TestProfiles.Baseline();
        var inForce = engine.Evaluate("Reuse", profile, LastDay2022);
        Assert.False(inForce.Eligible); // the baseline is an innovative SME under 2022
        var after = engine.Evaluate("Reuse", profile, FirstDay2026);
        Assert.True(after.Eligible);
        var used = Assert.Single(after.Uses);
        Assert.True(used.NoVersionInForce);
        Assert.Equal("VersionInForce", Assert.Single(used.FailedCriteria));

        var screener = ProgrammeScreener.Create([engine.GetProgramme("Reuse", FirstDay2026)], FirstDay2026);
        screener.Screen(profile);
        Assert.True(screener.Eligible(0));
        Assert.Single(engine.EvaluateAll(profile, FirstDay2026), r => r.Programme == "Reuse" && r.Eligible);
    }

    [Fact]
    public void The_rule_tests_pin_the_end_of_InnovativeSme()
    {
        var results = PolicyRules.RuleTesting.RuleTestRunner.Run(Engine, Path.Combine(TestProfiles.RulesDirectory, "InnovativeSme.tests.json"));
        Assert.All(results, r => Assert.True(r.Passed, string.Join("; ", r.Differences)));
        Assert.Contains(results, r => r.Name.StartsWith("first day of the 2026 measures", StringComparison.Ordinal));
    }

    private static string Version(string version, string from, string? to, string successor) => """
        {
          "WorkflowName": "P@V",
          "PolicyRules": {"Programme": "P", "Version": "@V", "TitleZh": "项目", "TitleEn": "P", "Status": "provisional",
                          "EffectiveFrom": "@FROM", "EffectiveTo": @TO,
                          "Documents": {"doc": "test"}@SUCCESSOR},
          "Rules": [{"RuleName": "Any", "Expression": "true", "Properties": {"TitleZh": "任意", "TitleEn": "Any", "Citation": {"Document": "doc", "Article": "1"}}}]
        }
        """.Replace("@V", version, StringComparison.Ordinal).Replace("@FROM", from, StringComparison.Ordinal)
        .Replace("@TO", to is null ? "null" : "\"" + to + "\"", StringComparison.Ordinal).Replace("@SUCCESSOR", successor, StringComparison.Ordinal);

    private const string NextSuccessor = """, "Successor": {"TitleZh": "后续", "TitleEn": "Next", "Citation": {"Document": "doc", "Article": "9"}}""";

    [Fact]
    public void Only_the_last_version_may_name_a_successor()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "middle")).FullName;
        File.WriteAllText(Path.Combine(folder, "P.2020.json"), Version("2020", "2020-01-01", "2020-12-31", NextSuccessor));
        File.WriteAllText(Path.Combine(folder, "P.2021.json"), Version("2021", "2021-01-01", null, ""));
        var diagnostics = new List<RuleDiagnostic>();
        Assert.False(PolicyEngine.TryLoadDirectory(folder, diagnostics, out _));
        var error = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(DiagnosticIds.InvalidMetadata, error.Id);
        Assert.Contains("only the last version of a programme names a successor", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("P.2020.json", error.Location.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void A_successor_programme_must_exist_and_one_that_does_is_named_in_the_outcome()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "named")).FullName;
        File.WriteAllText(Path.Combine(folder, "P.json"), Version("2020", "2020-01-01", "2020-12-31",
            """, "Successor": {"TitleZh": "后续", "TitleEn": "Next", "Programme": "Q", "Citation": {"Document": "doc", "Article": "9"}}"""));
        var diagnostics = new List<RuleDiagnostic>();
        Assert.False(PolicyEngine.TryLoadDirectory(folder, diagnostics, out _));
        Assert.Equal(DiagnosticIds.UnknownProgrammeReference, Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error).Id);

        File.WriteAllText(Path.Combine(folder, "Q.json"), Version("2021", "2021-01-01", null, "").Replace("\"P2021\"", "\"Q\"", StringComparison.Ordinal).Replace("\"Programme\": \"P\"", "\"Programme\": \"Q\"", StringComparison.Ordinal));
        var engine = PolicyEngine.LoadDirectory(folder);
        var result = engine.Evaluate("P", TestProfiles.Baseline(), new DateOnly(2021, 1, 1));
        Assert.True(result.NoVersionInForce);
        Assert.Equal("Q", result.Successor!.Programme);
        Assert.Contains("see programme Q", result.Criteria[0].Message.En, StringComparison.Ordinal);
        Assert.Contains("见项目 Q", result.Criteria[0].Message.Zh, StringComparison.Ordinal);
        Assert.True(engine.Evaluate("P", TestProfiles.Baseline(), new DateOnly(2020, 12, 31)).Eligible);
    }
}
