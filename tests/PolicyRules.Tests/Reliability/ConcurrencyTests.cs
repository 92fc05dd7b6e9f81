using PolicyRules.Bulk;
using PolicyRules.Evaluation;
using PolicyRules.Model;

namespace PolicyRules.Tests.Reliability;

/// <summary>One loaded engine, shared by many threads, gives exactly the sequential answers.</summary>
public sealed class ConcurrencyTests
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);

    [Fact]
    public void Evaluating_from_many_threads_gives_the_sequential_results()
    {
        var profiles = PolicyRules.Cli.Generation.SyntheticProfiles.Generate(4_000, seed: 7).ToArray();
        var sequential = profiles.Select(Describe).ToArray();

        var parallel = new string[profiles.Length];
        Parallel.For(0, profiles.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = Describe(profiles[i]));

        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void Screening_buffers_per_thread_give_the_explained_results()
    {
        var profiles = PolicyRules.Cli.Generation.SyntheticProfiles.Generate(4_000, seed: 11).ToArray();
        var programmes = TestProfiles.EnterpriseProgrammes(Engine).Select(p => Engine.GetProgramme(p, TestProfiles.AsOf)).ToArray();
        var screened = new string[profiles.Length];
        Parallel.For(0, profiles.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            () => ProgrammeScreener.Create(programmes, TestProfiles.AsOf),
            (i, _, screener) =>
            {
                screener.Screen(profiles[i]);
                screened[i] = string.Join("|", programmes.Select((p, k) =>
                    $"{screener.Eligible(k)}:{screener.Buffer(k).Score}:{screener.Buffer(k).Classification}"));
                return screener;
            },
            _ => { });

        var explained = profiles.Select(profile => string.Join("|", programmes.Select(p =>
        {
            var result = Engine.Evaluate(p.Name, profile, TestProfiles.AsOf);
            return $"{result.Eligible}:{result.Score}:{result.Classification}";
        }))).ToArray();
        Assert.Equal(explained, screened);
    }

    private static string Describe(EnterpriseProfile profile) => string.Join("|", TestProfiles.EnterpriseProgrammes(Engine).Select(p =>
    {
        ProgrammeResult result = Engine.Evaluate(p, profile, TestProfiles.AsOf);
        return $"{result.Eligible}:{result.Score}:{result.Classification}:{string.Join(",", result.FailedCriteria)}";
    }));
}
