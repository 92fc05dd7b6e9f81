using CsCheck;
using System.Globalization;
using PolicyRules.Bulk;
using PolicyRules.Cli.Generation;
using PolicyRules.Compilation;
using PolicyRules.Evaluation;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Screening;

namespace PolicyRules.Tests.Programmes;

/// <summary>
/// Composite programmes (metadata <c>Uses</c>, <c>programmes.Eligible/Classification/Score</c>): they
/// follow the programmes they use with no edit of their own, carry those results, and screen to the
/// same answers as they evaluate even when the used programmes are not asked for.
/// </summary>
public sealed class CompositeProgrammeTests : IDisposable
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-composite-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// A large firm (600 staff, so not a tech-based SME) with no niche-market record (so neither a
    /// specialized SME nor a little giant) and 12% S&amp;T staff: a high-tech enterprise, and with that
    /// alone on the whitelist.
    /// </summary>
    private static EnterpriseProfile WhitelistedOnlyAsHighTech() => TestProfiles.Baseline() with
    {
        Id = "91370211MA3HTONLY1",
        Employees = 600,
        TechStaff = 72,
        NicheMarketYears = 0,
    };

    [Fact]
    public void A_change_to_HighTechEnterprise_changes_the_whitelist_with_no_edit_to_it()
    {
        var copy = Path.Combine(_dir, "rules");
        Directory.CreateDirectory(copy);
        foreach (var file in PolicyEngine.RuleFiles(TestProfiles.RulesDirectory))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        // Raise the S&T staff threshold of HighTechEnterprise from 10% to 15% in the copy only.
        var highTech = Path.Combine(copy, "HighTechEnterprise.json");
        var text = File.ReadAllText(highTech);
        const string Threshold = "\"Expression\": \"techStaffRatio >= 0.10\"";
        Assert.Equal(1, CountOf(text, Threshold));
        File.WriteAllText(highTech, text.Replace(Threshold, "\"Expression\": \"techStaffRatio >= 0.15\"", StringComparison.Ordinal));

        Assert.Equal(
            File.ReadAllBytes(Path.Combine(TestProfiles.RulesDirectory, "TechLoanWhitelist.json")),
            File.ReadAllBytes(Path.Combine(copy, "TechLoanWhitelist.json")));

        var raised = PolicyEngine.LoadDirectory(copy);
        var profile = WhitelistedOnlyAsHighTech();

        var before = Engine.Evaluate("TechLoanWhitelist", profile, TestProfiles.AsOf);
        Assert.Equal(
            ["HighTechEnterprise:True", "TechBasedSme:False", "SpecializedSme:False", "LittleGiant:False"],
            before.Uses.Select(u => $"{u.Programme}:{u.Eligible}"));
        // Holding no status, it is not on the whitelist; meeting the high-tech criteria makes it a candidate.
        Assert.False(before.Eligible);
        Assert.Equal("Candidate", before.Classification);

        var after = raised.Evaluate("TechLoanWhitelist", profile, TestProfiles.AsOf);
        Assert.Equal(
            ["HighTechEnterprise:False", "TechBasedSme:False", "SpecializedSme:False", "LittleGiant:False"],
            after.Uses.Select(u => $"{u.Programme}:{u.Eligible}"));
        Assert.Equal<string>(["TechStaffRatio"], after.Uses[0].FailedCriteria);
        Assert.False(after.Eligible);
        Assert.Equal("None", after.Classification);
        Assert.Equal<string>(["OnWhitelist"], after.FailedCriteria);

        // Screening follows the same change: the whitelist is read from HighTechEnterprise's outcome.
        var screener = ProgrammeScreener.Create([raised.GetProgramme("TechLoanWhitelist", TestProfiles.AsOf)], TestProfiles.AsOf);
        screener.Screen(profile);
        Assert.False(screener.Eligible(0));
        Assert.Equal("None", screener.Buffer(0).Classification);

        // Only HighTechEnterprise changed: the rule sets differ, the whitelist's definition does not.
        Assert.NotEqual(Engine.RuleSetId, raised.RuleSetId);
    }

    [Fact]
    public void The_result_carries_the_used_programmes_results_in_Uses_order()
    {
        var profile = WhitelistedOnlyAsHighTech();
        var result = Engine.Evaluate("TechLoanWhitelist", profile, TestProfiles.AsOf);

        Assert.Equal(["HighTechEnterprise", "TechBasedSme", "SpecializedSme", "LittleGiant"], result.Uses.Select(u => u.Programme));
        foreach (var used in result.Uses)
        {
            // Each is the full, explained result the engine gives for that programme alone.
            var alone = Engine.Evaluate(used.Programme, profile, TestProfiles.AsOf);
            Assert.Equal(alone.Eligible, used.Eligible);
            Assert.Equal(alone.Version, used.Version);
            Assert.Equal(alone.Score, used.Score);
            Assert.Equal(alone.Classification, used.Classification);
            Assert.Equal<string>(alone.FailedCriteria, used.FailedCriteria);
            Assert.Equal(profile.Id, used.ProfileId);
            Assert.NotEmpty(used.Criteria);
        }

        Assert.Equal<string>(["EmployeesAtMost500"], result.Uses[1].FailedCriteria);
        Assert.Contains("NicheMarketYears", result.Uses[2].FailedCriteria);
        Assert.Contains("NicheMarketYears", result.Uses[3].FailedCriteria);
        var pay = Engine.Evaluate("PayAfterUseLicensee", profile, TestProfiles.AsOf);
        var smeSize = Assert.Single(pay.Uses);
        Assert.Equal("SmeSize", smeSize.Programme);
        Assert.Equal(Engine.Evaluate("SmeSize", profile, TestProfiles.AsOf).Classification, smeSize.Classification);

        // Programmes that use nothing carry nothing.
        Assert.Empty(Engine.Evaluate("HighTechEnterprise", profile, TestProfiles.AsOf).Uses);
    }

    public static TheoryData<string> Composites => ["TechLoanWhitelist", "PayAfterUseLicensee", "InnovationIndexTop50"];

    [Theory]
    [MemberData(nameof(Composites))]
    public void Screening_a_composite_alone_gives_what_Evaluate_gives_for_every_generated_row(string programme)
    {
        var profiles = SyntheticProfiles.Generate(1_500, seed: 424_242).ToArray();
        var input = Path.Combine(_dir, "in.csv");
        var output = Path.Combine(_dir, "out.csv");
        ProfileCsvWriter.Write(input, profiles);

        // A rules folder with the composite and the programmes it uses: the others play no part.
        var rules = RulesSubset.Create(_dir, [programme, .. Engine.GetProgramme(programme, TestProfiles.AsOf).Uses]);
        var (exit, _, stderr) = Cli.Cli.Run("screen", "--input", input, "--output", output, "--programmes", programme,
            "--as-of", "2025-06-30", "--rules", rules);
        Assert.True(exit == 0, stderr);

        var lines = File.ReadAllLines(output);
        var header = lines[0].Split(',');
        Assert.Equal("id", header[0]);
        Assert.DoesNotContain(header, h => !h.StartsWith(programme + ".", StringComparison.Ordinal) && h != "id"); // the used programmes are not output
        var eligibleAt = Array.IndexOf(header, programme + ".eligible");
        var classAt = Array.IndexOf(header, programme + ".classification");
        var scoreAt = Array.IndexOf(header, programme + ".score");
        var failedAt = Array.IndexOf(header, programme + ".failed");
        Assert.Equal(profiles.Length + 1, lines.Length);
        Assert.Empty(File.ReadAllLines(ScreeningJob.RejectsPathFor(output)).Skip(1));

        var compiled = Engine.GetProgramme(programme, TestProfiles.AsOf);
        var outcomes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < profiles.Length; i++)
        {
            var cells = lines[i + 1].Split(',');
            var expected = Engine.Evaluate(programme, profiles[i], TestProfiles.AsOf);
            var why = $"{programme}, row {i + 1} ({profiles[i].Id})";
            Assert.True(profiles[i].Id == cells[0], why);
            Assert.True((expected.Eligible ? "true" : "false") == cells[eligibleAt], why + ": eligible");
            Assert.True(string.Join(";", expected.FailedCriteria) == cells[failedAt], why + ": failed");
            if (classAt >= 0)
            {
                Assert.True((expected.Classification ?? "") == cells[classAt], why + ": class");
            }

            if (scoreAt >= 0)
            {
                Assert.True(expected.Score == decimal.Parse(cells[scoreAt], CultureInfo.InvariantCulture), why + ": score");
            }

            outcomes.Add($"{expected.Eligible}:{expected.Classification}");
        }

        // Not vacuous: the sample reaches both verdicts (and, for the whitelist, every loan product).
        Assert.Contains(outcomes, o => o.StartsWith("True", StringComparison.Ordinal));
        Assert.Contains(outcomes, o => o.StartsWith("False", StringComparison.Ordinal));
        if (programme == "TechLoanWhitelist")
        {
            Assert.Equal(
                ["False:Candidate", "False:None", "True:HighTechLoan", "True:SpecializedLoan"],
                outcomes.Order(StringComparer.Ordinal));
        }

        Assert.NotEmpty(compiled.Uses);
    }

    [Fact]
    public void Screening_a_composite_without_a_ProgrammeScreener_throws()
    {
        var whitelist = Engine.GetProgramme("TechLoanWhitelist", TestProfiles.AsOf);
        var buffer = whitelist.CreateBuffer();
        var ex = Assert.Throws<InvalidOperationException>(() => whitelist.Screen(TestProfiles.Baseline(), TestProfiles.AsOf, buffer));
        Assert.Contains("HighTechEnterprise", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ScreeningJob", ex.Message, StringComparison.Ordinal);

        // A programme that uses nothing screens alone.
        var highTech = Engine.GetProgramme("HighTechEnterprise", TestProfiles.AsOf);
        Assert.True(highTech.Screen(TestProfiles.Baseline(), TestProfiles.AsOf, highTech.CreateBuffer()));
    }

    [Fact]
    public void The_screener_runs_the_used_programmes_that_were_not_asked_for()
    {
        var whitelist = Engine.GetProgramme("TechLoanWhitelist", TestProfiles.AsOf);
        var screener = ProgrammeScreener.Create([whitelist], TestProfiles.AsOf);

        Assert.Equal<PolicyRules.Compilation.CompiledProgramme>([whitelist], screener.Programmes);
        // The fields read are the used programmes' too: what a reader must require.
        var expectedFields = whitelist.FieldsRead(TestProfiles.AsOf);
        Assert.Equal(expectedFields, screener.RequiredFields);
        foreach (var used in whitelist.Uses)
        {
            var usedFields = Engine.GetProgramme(used, TestProfiles.AsOf).RequiredFields;
            Assert.Equal(usedFields, usedFields.Intersect(screener.RequiredFields));
        }

        // The whitelist itself reads only the statuses held; the criteria come from the used programmes.
        Assert.Equal("highTechCertValid, techBasedSmeRegistered, specializedSmeRecognised, littleGiantRecognised", whitelist.RequiredFields.ToString());
        Assert.False(screener.RequiredFields.IsEmpty);

        // Each profile's outcome follows the used programmes, which only the screener ran.
        var cases = new (EnterpriseProfile Profile, bool Eligible, string Class)[]
        {
            (TestProfiles.Baseline(), false, "Candidate"),
            (TestProfiles.Baseline() with { HighTechCertValid = true, LittleGiantRecognised = true }, true, "HighTechLoan"),
            (WhitelistedOnlyAsHighTech() with { SpecializedSmeRecognised = true }, true, "SpecializedLoan"),
            (WhitelistedOnlyAsHighTech(), false, "Candidate"),
            (WhitelistedOnlyAsHighTech() with { TechStaff = 50 }, false, "None"),
        };
        foreach (var (profile, eligible, cls) in cases)
        {
            screener.Screen(profile);
            Assert.Equal((eligible, cls), (screener.Eligible(0), screener.Buffer(0).Classification));
            var evaluated = Engine.Evaluate("TechLoanWhitelist", profile, TestProfiles.AsOf);
            Assert.Equal((evaluated.Eligible, evaluated.Classification), (screener.Eligible(0), screener.Buffer(0).Classification));
        }

        // Asked for together with a used programme, each runs once and both answer.
        var highTech = Engine.GetProgramme("HighTechEnterprise", TestProfiles.AsOf);
        var both = ProgrammeScreener.Create([whitelist, highTech], TestProfiles.AsOf);
        both.Screen(WhitelistedOnlyAsHighTech() with { TechBasedSmeRegistered = true });
        Assert.True(both.Eligible(0));
        Assert.True(both.Eligible(1));
        both.Screen(WhitelistedOnlyAsHighTech());
        Assert.False(both.Eligible(0));
        Assert.Equal("Candidate", both.Buffer(0).Classification);
        Assert.True(both.Eligible(1));
        both.Screen(WhitelistedOnlyAsHighTech() with { TechStaff = 50 });
        Assert.False(both.Eligible(0));
        Assert.False(both.Eligible(1));
        Assert.False(highTech.Failed(both.Buffer(1), highTech.TopLevelRuleNames.IndexOf("RegisteredOneYear")));
        Assert.True(highTech.Failed(both.Buffer(1), highTech.TopLevelRuleNames.IndexOf("TechStaffRatio")));
    }

    [Fact]
    public void A_reader_opened_with_FieldsRead_refuses_a_file_lacking_a_column_only_a_used_programme_reads()
    {
        var whitelist = Engine.GetProgramme("TechLoanWhitelist", TestProfiles.AsOf);
        var path = Path.Combine(_dir, "narrow.csv");
        File.WriteAllText(path, "id,name\nA,甲\n");
        var ex = Assert.Throws<ProfileInputException>(() => ProfileCsvReader.Open(path, RecordSchema.Enterprise, whitelist.FieldsRead(TestProfiles.AsOf)).Dispose());
        Assert.Contains(ex.Errors, e => e.Column == "techStaff");
        Assert.Contains(ex.Errors, e => e.Column == "nicheMarketYears");
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public void EvaluateAll_gives_each_enterprise_programme_in_force_once_with_the_same_answer_as_Evaluate()
    {
        ProfileGen.Profile.Sample(profile =>
        {
            var all = Engine.EvaluateAll(profile, TestProfiles.AsOf);
            Assert.Equal(TestProfiles.EnterpriseProgrammes(Engine), all.Select(r => r.Programme));
            foreach (var result in all)
            {
                var alone = Engine.Evaluate(result.Programme, profile, TestProfiles.AsOf);
                Assert.Equal(alone.Eligible, result.Eligible);
                Assert.Equal(alone.FailedCriteria.AsEnumerable(), result.FailedCriteria.AsEnumerable());
                Assert.Equal(alone.Score, result.Score);
                Assert.Equal(alone.Classification, result.Classification);
                Assert.Equal(alone.Version, result.Version);
            }
        }, iter: 200);
    }

    [Fact]
    public void EvaluateAll_hands_a_composite_the_results_it_lists_rather_than_evaluating_them_again()
    {
        var all = Engine.EvaluateAll(TestProfiles.Baseline(), TestProfiles.AsOf).ToDictionary(r => r.Programme);
        var composites = all.Values.Where(r => !r.Uses.IsEmpty).ToList();
        Assert.Contains(composites, r => r.Programme == "TechLoanWhitelist");
        foreach (var composite in composites)
        {
            Assert.All(composite.Uses, used => Assert.Same(all[used.Programme], used));
        }
    }

    [Fact]
    public void EvaluateAll_marks_programmes_not_yet_in_force()
    {
        // 2016-06-30: HighTechEnterprise (2016) and SmeSize (2011) apply; TechBasedSme (from 2017-05-03)
        // and the 2023 whitelist do not: they are listed as not eligible, no version in force.
        var results = Engine.EvaluateAll(TestProfiles.Baseline(), new DateOnly(2016, 6, 30)).ToDictionary(r => r.Programme);
        Assert.False(results["HighTechEnterprise"].NoVersionInForce);
        Assert.False(results["SmeSize"].NoVersionInForce);
        Assert.True(results["TechBasedSme"].NoVersionInForce);
        Assert.True(results["TechLoanWhitelist"].NoVersionInForce);
        Assert.False(results["TechLoanWhitelist"].Eligible);

        // 2025-06-30: YoungTalentLeader is in force but evaluates persons.
        Assert.True(Engine.GetProgramme("YoungTalentLeader", TestProfiles.AsOf).IsInForce(TestProfiles.AsOf));
        var in2025 = Engine.EvaluateAll(TestProfiles.Baseline(), TestProfiles.AsOf).Select(r => r.Programme).ToList();
        Assert.DoesNotContain("YoungTalentLeader", in2025);
        Assert.Contains("TechLoanWhitelist", in2025);
    }
}
