using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using PolicyRules.Bulk;
using PolicyRules.Cli.Generation;
using PolicyRules.Input;
using PolicyRules.Model;

namespace PolicyRules.Tests.Programmes;

/// <summary>
/// Issue 12 "done when": the engine agrees with an independent reading of the spec
/// (<see cref="QualitySmeIndependentCheck"/>) for InnovativeSme, SpecializedSme and LittleGiant 2022
/// and Gazelle on every row of a generated population, on threshold-crowding profiles, and on every
/// row of those programmes' rule tests (each pinned at an edge, one step below and one above); and
/// screening a generated population leaves no large enterprise and no enterprise with a compliance
/// flag among the eligible of the three quality-SME tiers.
/// </summary>
public sealed class QualitySmeIndependentCheckTests : IDisposable
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
    private static readonly DateOnly AsOf = new(2025, 6, 30);
    private static readonly string[] Tiers = ["InnovativeSme", "SpecializedSme", "LittleGiant"];

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-qualitysme-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ProgrammeScreener Screener() =>
        ProgrammeScreener.Create([.. QualitySmeIndependentCheck.Programmes.Select(p => Engine.GetProgramme(p, AsOf))], AsOf);

    private static void AssertAgrees(ProgrammeScreener screener, EnterpriseProfile profile, string where)
    {
        screener.Screen(profile);
        for (var i = 0; i < QualitySmeIndependentCheck.Programmes.Length; i++)
        {
            var programme = QualitySmeIndependentCheck.Programmes[i];
            var expected = QualitySmeIndependentCheck.Eligible(programme, profile, AsOf);
            if (screener.Eligible(i) != expected)
            {
                var why = string.Join("; ", Engine.Evaluate(programme, profile, AsOf).Criteria.Where(c => !c.Passed).Select(c => c.Name));
                Assert.Fail($"{where} {profile.Id}: {programme} engine says {screener.Eligible(i)}, the independent reading {expected} (engine's failed criteria: {why})");
            }
        }
    }

    [Fact]
    public void Engine_agrees_with_the_independent_reading_on_every_row_of_a_generated_population()
    {
        var screener = Screener();
        var eligible = new int[QualitySmeIndependentCheck.Programmes.Length];
        foreach (var profile in SyntheticProfiles.Generate(20_000, 20261206))
        {
            AssertAgrees(screener, profile, "generated");
            for (var i = 0; i < eligible.Length; i++)
            {
                eligible[i] += screener.Eligible(i) ? 1 : 0;
            }
        }

        // The agreement means something only if each programme has eligible rows to agree on.
        Assert.All(eligible, count => Assert.True(count > 0));
    }

    [Fact]
    public void Engine_agrees_with_the_independent_reading_on_threshold_crowding_profiles()
    {
        // A screener is one thread's scratch space, and CsCheck samples on several threads.
        ProfileGen.Profile.Sample(profile => AssertAgrees(Screener(), profile, "crowding"), iter: 5_000);
    }

    public static TheoryData<string> TestFiles() => ["InnovativeSme", "SpecializedSme", "LittleGiant", "Gazelle"];

    /// <summary>Every case of the rule tests evaluated on 2025-06-30 (the 2022 versions): the rows at every threshold.</summary>
    [Theory]
    [MemberData(nameof(TestFiles))]
    public void Engine_agrees_with_the_independent_reading_at_every_threshold_of_the_rule_tests(string programme)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, programme + ".tests.json")))!.AsObject();
        var screener = Screener();
        var checkedRows = 0;
        foreach (var testCase in root["Cases"]!.AsArray())
        {
            if (testCase!["AsOf"] is { } asOf && (string?)asOf != "2025-06-30")
            {
                continue;
            }

            var json = root["Base"]!.DeepClone().AsObject();
            foreach (var (key, value) in testCase["Input"]!.AsObject())
            {
                json[key] = value?.DeepClone();
            }

            var profile = ProfileJsonReader.Read((string)testCase["Name"]!, Encoding.UTF8.GetBytes(json.ToJsonString()), FieldSet.Empty);
            AssertAgrees(screener, profile, $"{programme} case '{(string)testCase["Name"]!}':");
            checkedRows++;
        }

        Assert.True(checkedRows >= 20, $"only {checkedRows} rows");
    }

    /// <summary>
    /// The generated population holds large enterprises and enterprises with each compliance flag that
    /// meet every other criterion of a tier (so the check below can fail); screening keeps all of them out.
    /// </summary>
    [Fact]
    public void Screen_leaves_no_large_or_flagged_enterprise_among_the_eligible_of_the_quality_SME_tiers()
    {
        string P(string name) => Path.Combine(_dir, name);
        var generated = SyntheticProfiles.Generate(20_000, 12).ToList();
        ProfileCsvWriter.Write(P("in.csv"), generated);
        var (exit, _, err) = Tests.Cli.Cli.Run("screen", "--programmes", string.Join(',', Tiers), "--input", P("in.csv"), "--output", P("out.csv"), "--as-of", "2025-06-30");
        Assert.True(exit == 0, err);

        var profiles = generated.ToDictionary(p => p.Id);
        var lines = File.ReadAllLines(P("out.csv"));
        var header = lines[0].Split(',');
        var smeSize = Engine.GetProgramme("SmeSize", AsOf);
        var admission = new HashSet<string>(["SmeUnder2011Rules", "ResidentInMainland", "NotAbnormallyListed", "NotRestrictedIndustry", "NoMajorIncidentLast3Years"]);
        var eligibleCount = 0;
        var keptOutByAdmissionAlone = 0;
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            var profile = profiles[cells[0]];
            foreach (var tier in Tiers)
            {
                var eligible = cells[Array.IndexOf(header, tier + ".eligible")] == "true";
                var failed = cells[Array.IndexOf(header, tier + ".failed")].Split(';', StringSplitOptions.RemoveEmptyEntries);
                if (eligible)
                {
                    eligibleCount++;
                    Assert.NotEqual("Large", smeSize.Evaluate(profile, AsOf).Classification);
                    Assert.False(profile.AbnormalOperationListed || profile.RestrictedIndustry || profile.MajorIncidentLast3Years || !profile.ResidentInMainland,
                        $"{profile.Id} is eligible for {tier} with a compliance flag");
                }
                else if (failed.Length > 0 && failed.All(admission.Contains))
                {
                    keptOutByAdmissionAlone++;
                }
            }
        }

        Assert.True(eligibleCount > 0);
        Assert.True(keptOutByAdmissionAlone > 0, "no row meets a tier's own criteria but fails the general admission: the check above could not fail");
    }
}
