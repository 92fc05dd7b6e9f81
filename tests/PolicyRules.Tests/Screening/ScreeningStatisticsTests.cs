using System.Globalization;
using PolicyRules.Compilation;
using PolicyRules.Gaps;
using PolicyRules.Rules;
using PolicyRules.Screening;

namespace PolicyRules.Tests.Screening;

/// <summary>
/// One screening of a generated population (plus a few unreadable rows) with statistics, and the
/// CSV it wrote, shared by the tests that check the statistics against that CSV.
/// </summary>
public sealed class ScreenedPopulation : IDisposable
{
    public static readonly DateOnly AsOf = new(2025, 6, 30);

    public ScreenedPopulation()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("policyrules-stats-").FullName;
        Input = Path.Combine(Directory, "in.csv");
        Output = Path.Combine(Directory, "out.csv");
        Assert.Equal(0, Tests.Cli.Cli.Run("generate", "--count", "1500", "--output", Input).Exit);
        var lines = File.ReadAllLines(Input).ToList();
        var columns = lines[0].Split(',').Length;
        lines.Insert(7, "91370211BROKEN0001" + new string(',', columns - 1));             // empty cells: rejected
        lines.Insert(300, "91370211BROKEN0002,too,few,cells");                            // wrong column count: rejected
        File.WriteAllLines(Input, lines);

        Engine = PolicyEngine.LoadBundled();
        Programmes = [.. Engine.Programmes.Where(p => Engine.GetVersions(p)[0].Input == "Enterprise").Select(p => Engine.GetProgramme(p, AsOf))];
        Summary = ScreeningJob.Run(Input, Output, Programmes, AsOf, options: new ScreeningOptions { Statistics = new ScreeningStatisticsOptions() });
        var csv = File.ReadAllLines(Output);
        Header = csv[0].Split(',');
        Rows = [.. csv.Skip(1).Select(l => l.Split(','))];
    }

    public string Directory { get; }

    public string Input { get; }

    public string Output { get; }

    public PolicyEngine Engine { get; }

    public IReadOnlyList<CompiledProgramme> Programmes { get; }

    public ScreeningSummary Summary { get; }

    public string[] Header { get; }

    public IReadOnlyList<string[]> Rows { get; }

    public ScreeningStatistics Statistics => Summary.Statistics!;

    /// <summary>The cells of column <paramref name="name"/>, one per written row.</summary>
    public IEnumerable<string> Column(string name)
    {
        var index = Array.IndexOf(Header, name);
        Assert.True(index >= 0, $"no column {name}");
        return Rows.Select(r => r[index]);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

/// <summary>The statistics a screening collects agree with the output it writes.</summary>
public sealed class ScreeningStatisticsTests(ScreenedPopulation population) : IClassFixture<ScreenedPopulation>
{
    [Fact]
    public void The_run_has_rejects_and_every_row_is_accounted_for()
    {
        var summary = population.Summary;
        Assert.Equal(2, summary.Rejected);
        Assert.Equal(summary.Read, summary.Written + summary.Rejected);
        Assert.Equal(summary.Written, population.Rows.Count);
        Assert.Equal(summary.Programmes.Select(p => p.Programme), population.Statistics.Programmes.Select(p => p.Programme));
    }

    [Fact]
    public void Histogram_bins_add_up_to_the_scored_rows_and_match_the_score_column()
    {
        var scored = population.Statistics.Programmes.Where(p => p.Scores is not null).ToList();
        Assert.Equal(["InnovationIndexTop50", "InnovativeSme", "TechBasedSme"], scored.Select(p => p.Programme).Order(StringComparer.Ordinal));
        foreach (var programme in scored)
        {
            var histogram = programme.Scores!;
            var scores = population.Column($"{programme.Programme}.score").Where(s => s.Length > 0).Select(s => decimal.Parse(s, CultureInfo.InvariantCulture)).ToList();
            var eligible = population.Column($"{programme.Programme}.eligible").ToList();
            Assert.Equal(scores.Count, histogram.Count);
            Assert.Equal(histogram.Count, histogram.Below + histogram.Counts.Sum() + histogram.Above);
            Assert.Equal(20, histogram.Counts.Length);
            Assert.Equal(5m, histogram.BinWidth);

            // Recount from the CSV: bin k is [5k, 5k+5), the last one includes 100.
            var expected = new long[20];
            var expectedEligible = new long[20];
            var rows = population.Column($"{programme.Programme}.score").ToList();
            for (var r = 0; r < rows.Count; r++)
            {
                var score = decimal.Parse(rows[r], CultureInfo.InvariantCulture);
                var bin = Math.Min((int)(score / 5m), 19);
                expected[bin]++;
                expectedEligible[bin] += eligible[r] == "true" ? 1 : 0;
            }

            Assert.Equal(expected, histogram.Counts);
            Assert.Equal(expectedEligible, histogram.EligibleCounts);
            Assert.Equal(population.Summary.Programmes.Single(p => p.Programme == programme.Programme).Eligible, histogram.EligibleCounts.Sum());
            Assert.Equal(scores.Min(), histogram.Min);
            Assert.Equal(scores.Max(), histogram.Max);
            Assert.Equal(scores.Sum() / scores.Count, histogram.Mean);
        }

        Assert.All(population.Statistics.Programmes.Where(p => p.Scores is null), p => Assert.DoesNotContain($"{p.Programme}.score", population.Header));
    }

    [Fact]
    public void Funnel_counts_equal_the_failed_criteria_of_the_output()
    {
        for (var i = 0; i < population.Summary.Programmes.Length; i++)
        {
            var programme = population.Summary.Programmes[i];
            var statistics = population.Statistics.Programmes[i];
            var failed = population.Column($"{programme.Programme}.failed").Select(f => f.Length == 0 ? [] : f.Split(';')).ToList();
            Assert.Equal(population.Summary.Written, failed.Count);
            Assert.Equal(programme.Eligible, failed.Count(f => f.Length == 0));
            Assert.Equal(statistics.Criteria.Select(c => c.Name), programme.FailuresByCriterion.Select(f => f.Key));
            for (var k = 0; k < programme.FailuresByCriterion.Length; k++)
            {
                var criterion = programme.FailuresByCriterion[k].Key;
                Assert.Equal(failed.Count(f => f.Contains(criterion)), programme.FailuresByCriterion[k].Value);
                Assert.Equal(failed.Count(f => f is [var only] && only == criterion), statistics.SoleFailures[k]);
            }
        }

        Assert.Contains(population.Summary.Programmes, p => p.FailuresByCriterion.Any(f => f.Value > 0));
    }

    [Fact]
    public void Classes_and_selection_match_the_output()
    {
        foreach (var programme in population.Statistics.Programmes)
        {
            if (programme.Classes.IsEmpty)
            {
                Assert.DoesNotContain($"{programme.Programme}.classification", population.Header);
            }
            else
            {
                var expected = population.Column($"{programme.Programme}.classification").GroupBy(c => c).ToDictionary(g => g.Key, g => (long)g.Count());
                Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), programme.Classes.OrderBy(e => e.Key, StringComparer.Ordinal));
                Assert.True(programme.Classes.Select(c => c.Value).SequenceEqual(programme.Classes.Select(c => c.Value).OrderDescending()), "most frequent first");
                Assert.Equal(0, programme.OtherClasses);
            }

            if (programme.SelectTop is { } top)
            {
                var selected = population.Column($"{programme.Programme}.selected").LongCount(s => s == "true");
                Assert.Equal(selected, programme.Selected);
                Assert.Equal(Math.Min(top, population.Summary.Programmes.Single(p => p.Programme == programme.Programme).Eligible), programme.Selected);
            }
            else
            {
                Assert.Null(programme.Selected);
            }
        }

        Assert.Equal(50, population.Statistics.Programmes.Single(p => p.Programme == "InnovationIndexTop50").Selected);
        Assert.Equal(["Large", "Medium", "Micro", "Small"], population.Statistics.Programmes.Single(p => p.Programme == "SmeSize").Classes.Select(c => c.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Reserve_pool_counts_the_near_misses_and_keeps_the_first_fifty_in_the_gap_commands_order()
    {
        var pool = population.Statistics.ReservePool!;
        Assert.Equal("HighTechEnterprise", pool.Programme);
        var failedCounts = population.Column("HighTechEnterprise.failed").Select(f => f.Length == 0 ? 0 : f.Split(';').Length).ToList();
        Assert.Equal(failedCounts.Count(c => c is 1 or 2), pool.Pooled);
        Assert.Equal(failedCounts.Count(c => c == 1), pool.ByFailedCount[1]);
        Assert.Equal(failedCounts.Count(c => c == 2), pool.ByFailedCount[2]);
        Assert.Equal(50, pool.Top.Length);

        // The same file through the reserve-pool job (policyrules gap --input): the first 50 rows.
        var poolPath = Path.Combine(population.Directory, "pool.csv");
        var programme = population.Engine.GetProgramme("HighTechEnterprise", ScreenedPopulation.AsOf);
        var run = ReservePool.Run(population.Input, poolPath, programme, ScreenedPopulation.AsOf);
        Assert.Equal(run.Pooled, pool.Pooled);
        var expected = File.ReadLines(poolPath).Skip(1).Take(50).Select(l => l.Split(',')).ToList();
        Assert.Equal(expected.Select(r => r[0]), pool.Top.Select(e => e.Rank.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(expected.Select(r => r[1]), pool.Top.Select(e => e.Id));
        Assert.Equal(expected.Select(r => r[2]), pool.Top.Select(e => e.Name));
        Assert.Equal(expected.Select(r => r[6]), pool.Top.Select(e => string.Join(";", e.Gaps.Select(g => g.Criterion))));
        Assert.All(pool.Top, e => Assert.False(string.IsNullOrEmpty(e.Name)));
    }

    [Fact]
    public void A_smaller_pool_top_keeps_the_same_first_entries()
    {
        var options = new ScreeningOptions { Statistics = new ScreeningStatisticsOptions { ReservePoolTop = 7 }, Parallel = false };
        var summary = ScreeningJob.Run(population.Input, Path.Combine(population.Directory, "out7.csv"), population.Programmes, ScreenedPopulation.AsOf, options: options);
        var pool = summary.Statistics!.ReservePool!;
        Assert.Equal(population.Statistics.ReservePool!.Pooled, pool.Pooled);
        Assert.Equal(population.Statistics.ReservePool!.Top.Take(7).Select(e => (e.Rank, e.Id)), pool.Top.Select(e => (e.Rank, e.Id)));
    }

    [Fact]
    public void Statistics_are_collected_only_when_asked_and_the_pool_only_for_a_screened_programme()
    {
        var smeSize = new[] { population.Engine.GetProgramme("SmeSize", ScreenedPopulation.AsOf) };
        var plain = ScreeningJob.Run(population.Input, Path.Combine(population.Directory, "plain.csv"), smeSize, ScreenedPopulation.AsOf);
        Assert.Null(plain.Statistics);

        var withStatistics = ScreeningJob.Run(population.Input, Path.Combine(population.Directory, "sme.csv"), smeSize, ScreenedPopulation.AsOf,
            options: new ScreeningOptions { Statistics = new ScreeningStatisticsOptions() });
        Assert.Null(withStatistics.Statistics!.ReservePool);
        Assert.Equal(population.Statistics.Programmes.Single(p => p.Programme == "SmeSize").Classes.AsEnumerable(), withStatistics.Statistics.Programmes.Single().Classes);
    }

    [Fact]
    public void Classes_beyond_the_limit_are_counted_together()
    {
        var smeSize = new[] { population.Engine.GetProgramme("SmeSize", ScreenedPopulation.AsOf) };
        var summary = ScreeningJob.Run(population.Input, Path.Combine(population.Directory, "classes.csv"), smeSize, ScreenedPopulation.AsOf,
            options: new ScreeningOptions { Statistics = new ScreeningStatisticsOptions { MaxClasses = 2 } });
        var statistics = summary.Statistics!.Programmes.Single();
        Assert.Equal(2, statistics.Classes.Length);
        Assert.Equal(summary.Written, statistics.Classes.Sum(c => c.Value) + statistics.OtherClasses);
        Assert.True(statistics.OtherClasses > 0);
    }
}
