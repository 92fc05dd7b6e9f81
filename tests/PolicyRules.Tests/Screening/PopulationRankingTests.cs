using System.Globalization;
using CsCheck;
using Parquet;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Screening;

namespace PolicyRules.Tests.Screening;

/// <summary>
/// Population-level programmes (metadata <c>SelectTop</c>; InnovationIndexTop50): only the eligible
/// are ranked, by index with ties by id in ordinal order whatever the input order; exactly
/// min(N, eligible) are selected; and screening files writes the ranks RankPopulation gives.
/// </summary>
public sealed class PopulationRankingTests : IDisposable
{
    private const string Programme = "InnovationIndexTop50";
    private const int TopN = 50;

    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-ranking-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// A seed-stage tech-based SME (registered 2021-03-01, 4 full years before the as-of date); the
    /// baseline otherwise, so every indicator has room to differ.
    /// </summary>
    private static EnterpriseProfile Young(string id) => TestProfiles.Baseline() with { Id = id, RegistrationDate = new DateOnly(2021, 3, 1) };

    /// <summary>Ids whose ordinal order differs from culture order: upper case before lower, digits before letters, é and 中 last.</summary>
    private static readonly string[] Ids = ["A", "a", "B", "b", "Z", "z", "10", "9", "A1", "a1", "é", "中", "中国", "_x"];

    /// <summary>
    /// Few distinct values per field, so equal indexes (ties) are common; some profiles ineligible
    /// (too old, or without S&amp;T staff points so not a tech-based SME).
    /// </summary>
    private static readonly Gen<EnterpriseProfile> Firm =
        from id in Gen.OneOf(Gen.Int[0, Ids.Length - 1].Select(i => Ids[i]), Gen.Int[0, 999].Select(i => "E" + i.ToString("D3", CultureInfo.InvariantCulture)))
        from techStaff in Gen.OneOf(Gen.Const(5), Gen.Const(10), Gen.Const(30), Gen.Const(60))
        from rd in Gen.OneOf(Gen.Const(1_000_000m), Gen.Const(2_000_000m), Gen.Const(3_000_000m))
        from ipClassII in Gen.Int[0, 3]
        from old in Gen.Int[0, 5]
        select Young(id) with
        {
            TechStaff = techStaff,
            RdExpenseY1 = rd,
            DomesticRdExpenseY1 = rd,
            IpClassII = ipClassII,
            RegistrationDate = old == 0 ? new DateOnly(2019, 6, 30) : new DateOnly(2021, 3, 1),
        };

    /// <summary>Populations of firms with distinct ids (an id names one record), indexes often equal.</summary>
    private static readonly Gen<(EnterpriseProfile[] Population, EnterpriseProfile[] Shuffled)> Populations =
        from drawn in Firm.Array[0, 90]
        let population = drawn.DistinctBy(p => p.Id, StringComparer.Ordinal).ToArray()
        from shuffled in Gen.Shuffle(population.ToArray())
        select (population, shuffled);

    [Fact]
    public void Shuffling_the_input_never_changes_any_ids_rank_or_selection()
    {
        Populations.Sample(pair =>
        {
            var (population, shuffled) = pair;
            var ranked = Engine.RankPopulation(Programme, population, TestProfiles.AsOf);
            var reranked = Engine.RankPopulation(Programme, shuffled, TestProfiles.AsOf);
            CheckInvariants(population, ranked);
            CheckInvariants(shuffled, reranked);

            // Per id, the same (eligible, index, rank, selected) entries.
            Assert.Equal(ByIdSorted(ranked), ByIdSorted(reranked));
        }, iter: 120);
    }

    [Fact]
    public void Ties_are_broken_by_id_in_ordinal_order_not_culture_order()
    {
        // Identical firms, so identical indexes; input order deliberately neither ordinal nor culture order.
        string[] ids = ["b", "中", "a", "é", "B", "A", "10", "9"];
        var ranked = Engine.RankPopulation(Programme, ids.Select(Young), TestProfiles.AsOf);
        Assert.Single(ranked.Select(e => e.Index).Distinct());
        Assert.Equal(ids, ranked.Select(e => e.Id)); // input order
        Assert.Equal(
            ["10", "9", "A", "B", "a", "b", "é", "中"],
            ranked.OrderBy(e => e.Rank).Select(e => e.Id));
        Assert.All(ranked, e => Assert.True(e.Selected));
    }

    [Fact]
    public void A_higher_index_outranks_a_smaller_id()
    {
        var weaker = Young("A") with { TechStaff = 10 };
        var stronger = Young("Z");
        var ranked = Engine.RankPopulation(Programme, [weaker, stronger], TestProfiles.AsOf);
        Assert.True(ranked[1].Index > ranked[0].Index);
        Assert.Equal((2, 1), (ranked[0].Rank, ranked[1].Rank));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(49)]
    [InlineData(50)]
    [InlineData(51)]
    [InlineData(75)]
    public void Exactly_min_N_and_eligible_are_selected_the_first_N_by_rank(int eligible)
    {
        // Equal indexes, so the selection is decided by id alone; the ineligible in between take no place.
        var population = Enumerable.Range(0, eligible).Select(i => Young("E" + i.ToString("D3", CultureInfo.InvariantCulture)))
            .Concat(Enumerable.Range(0, 10).Select(i => Young("0-old-" + i) with { RegistrationDate = new DateOnly(2010, 1, 1) }))
            .Reverse()
            .ToArray();
        var ranked = Engine.RankPopulation(Programme, population, TestProfiles.AsOf);

        Assert.Equal(Math.Min(TopN, eligible), ranked.Count(e => e.Selected));
        Assert.Equal(
            Enumerable.Range(0, Math.Min(TopN, eligible)).Select(i => "E" + i.ToString("D3", CultureInfo.InvariantCulture)),
            ranked.Where(e => e.Selected).Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.All(ranked.Where(e => e.Id.StartsWith("0-old-", StringComparison.Ordinal)), e => Assert.Equal((false, (int?)null, false), (e.Eligible, e.Rank, e.Selected)));
        CheckInvariants(population, ranked);
    }

    [Fact]
    public void Two_profiles_with_one_id_are_refused_naming_both_and_the_id_in_both_languages()
    {
        var ex = Assert.Throws<ArgumentException>(() => Engine.RankPopulation(Programme, [Young("A"), Young("B"), Young("A") with { TechStaff = 10 }], TestProfiles.AsOf));
        Assert.Contains("Profiles 1 and 3 (counting from 1) have one id, 'A'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("第 1 个与第 3 个档案（从 1 计）id 相同（'A'）", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, Engine.RankPopulation(Programme, [Young("A"), Young("B"), Young("a")], TestProfiles.AsOf).Length); // ids differ by case: three records
    }

    [Fact]
    public void Only_population_level_programmes_rank()
    {
        var ex = Assert.Throws<ArgumentException>(() => Engine.RankPopulation("TechBasedSme", [Young("A")], TestProfiles.AsOf));
        Assert.Contains("not a population-level programme", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screening_writes_the_ranks_RankPopulation_gives_to_csv_and_parquet_and_an_unreadable_row_is_neither_ranked_nor_counted()
    {
        var population = Enumerable.Range(0, 130).Select(i =>
        {
            var profile = Young("F" + (i * 37 % 130).ToString("D3", CultureInfo.InvariantCulture));
            return (i % 5) switch
            {
                0 => profile with { TechStaff = 10 },
                1 => profile with { RdExpenseY1 = 1_000_000m, DomesticRdExpenseY1 = 1_000_000m },
                2 => profile with { RegistrationDate = new DateOnly(2015, 1, 1) }, // too old: not ranked
                _ => profile, // many equal indexes: ties by id
            };
        }).ToArray();
        var expected = Engine.RankPopulation(Programme, population, TestProfiles.AsOf);
        Assert.True(expected.Count(e => e.Eligible) > TopN, "the population must be larger than N");

        // The CSV also holds an unreadable row with the smallest id and the best profile: counted, it would take rank 1.
        var csv = Path.Combine(_dir, "in.csv");
        ProfileCsvWriter.Write(csv, population.Take(60).Append(Young("0000")).Concat(population.Skip(60)));
        var lines = File.ReadAllLines(csv);
        var bad = Array.FindIndex(lines, l => l.StartsWith("0000,", StringComparison.Ordinal));
        lines[bad] = lines[bad].Replace(",2021-03-01,", ",2021-02-30,", StringComparison.Ordinal);
        File.WriteAllLines(csv, lines);
        var parquet = Path.Combine(_dir, "in.parquet");
        ProfileParquetWriter.Write(parquet, population);

        var programmes = new[] { Engine.GetProgramme(Programme, TestProfiles.AsOf), Engine.GetProgramme("TechBasedSme", TestProfiles.AsOf) };
        var csvOut = Path.Combine(_dir, "out.csv");
        var summary = ScreeningJob.Run(csv, csvOut, programmes, TestProfiles.AsOf);
        Assert.Equal((131L, 130L, 1L), (summary.Read, summary.Written, summary.Rejected));
        Assert.Equal(expected.Count(e => e.Eligible), summary.Programmes[0].Eligible);
        var rejects = File.ReadAllLines(ScreeningJob.RejectsPathFor(csvOut));
        Assert.StartsWith("61,62,0000,registrationDate,", rejects[1], StringComparison.Ordinal);
        Assert.Equal(2, rejects.Length);

        var csvRows = ReadCsv(csvOut);
        Assert.DoesNotContain(csvRows, r => r.Id == "0000");
        AssertSameAs(expected, csvRows);

        var parquetOut = Path.Combine(_dir, "out.parquet");
        var fromParquet = ScreeningJob.Run(parquet, parquetOut, programmes, TestProfiles.AsOf, options: new ScreeningOptions { Parallel = false });
        Assert.Equal((130L, 130L, 0L), (fromParquet.Read, fromParquet.Written, fromParquet.Rejected));
        AssertSameAs(expected, await ReadParquet(parquetOut));
    }

    [Fact]
    public void A_row_rejected_for_a_field_only_another_programme_reads_takes_no_place_in_the_top_N()
    {
        var population = Enumerable.Range(0, 80).Select(i => Young("F" + i.ToString("D3", CultureInfo.InvariantCulture))).ToArray();
        var expected = Engine.RankPopulation(Programme, population, TestProfiles.AsOf);
        Assert.True(expected.Count(e => e.Eligible) > TopN, "the population must be larger than N");

        // "0000" would rank first (the smallest id among equal indexes), but its green-factory level,
        // which only GreenFactory reads, is garbled: the main pass rejects it, so ranking must skip it too.
        var csv = Path.Combine(_dir, "in.csv");
        ProfileCsvWriter.Write(csv, population.Prepend(Young("0000")));
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        var level = Array.IndexOf(header, "greenFactoryLevel");
        var cells = lines[1].Split(',');
        cells[level] = "Bogus";
        lines[1] = string.Join(',', cells);
        File.WriteAllLines(csv, lines);

        var programmes = new[] { Engine.GetProgramme(Programme, TestProfiles.AsOf), Engine.GetProgramme("GreenFactory", TestProfiles.AsOf) };
        var output = Path.Combine(_dir, "out.csv");
        var summary = ScreeningJob.Run(csv, output, programmes, TestProfiles.AsOf);

        Assert.Equal((81L, 80L, 1L), (summary.Read, summary.Written, summary.Rejected));
        Assert.StartsWith("1,2,0000,greenFactoryLevel,", File.ReadAllLines(ScreeningJob.RejectsPathFor(output))[1], StringComparison.Ordinal);
        var rows = ReadCsv(output);
        Assert.Equal(TopN, rows.Count(r => r.Selected));
        AssertSameAs(expected, rows);
    }

    [Fact]
    public void The_screen_command_writes_rank_and_selected_after_score()
    {
        var csv = Path.Combine(_dir, "in.csv");
        ProfileCsvWriter.Write(csv, [Young("B"), Young("A"), Young("C") with { RegistrationDate = new DateOnly(2015, 1, 1) }]);
        var output = Path.Combine(_dir, "out.csv");
        var (exit, _, stderr) = Cli.Cli.Run("screen", "--input", csv, "--output", output, "--programmes", Programme, "--as-of", "2025-06-30", "--rules", RulesSubset.Create(_dir, Programme, "TechBasedSme"));
        Assert.True(exit == 0, stderr);
        var lines = File.ReadAllLines(output);
        Assert.Equal($"id,{Programme}.eligible,{Programme}.score,{Programme}.rank,{Programme}.selected,{Programme}.failed", lines[0]);
        var index = Engine.Evaluate(Programme, Young("A"), TestProfiles.AsOf).Score!.Value.ToString(CultureInfo.InvariantCulture);
        Assert.Equal($"B,true,{index},2,true,", lines[1]);
        Assert.Equal($"A,true,{index},1,true,", lines[2]);
        Assert.StartsWith("C,false,", lines[3], StringComparison.Ordinal);
        Assert.EndsWith(",,false,SeedOrStartUpStage", lines[3], StringComparison.Ordinal);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static void CheckInvariants(IReadOnlyList<EnterpriseProfile> input, IReadOnlyList<PopulationEntry> ranked)
    {
        Assert.Equal(input.Select(p => p.Id), ranked.Select(e => e.Id)); // input order
        Assert.All(ranked, e => Assert.Equal(e.Eligible, e.Rank is not null)); // only the eligible are ranked
        Assert.All(ranked, e => Assert.Equal(e.Rank is { } r && r <= TopN, e.Selected));
        var eligible = ranked.Count(e => e.Eligible);
        Assert.Equal(Enumerable.Range(1, eligible), ranked.Where(e => e.Rank is not null).Select(e => e.Rank!.Value).Order()); // 1..k, each once
        Assert.Equal(Math.Min(TopN, eligible), ranked.Count(e => e.Selected));

        var byRank = ranked.Where(e => e.Rank is not null).OrderBy(e => e.Rank).ToList();
        for (var i = 1; i < byRank.Count; i++)
        {
            var (before, after) = (byRank[i - 1], byRank[i]);
            Assert.True(
                before.Index > after.Index || (before.Index == after.Index && string.CompareOrdinal(before.Id, after.Id) <= 0),
                $"rank {before.Rank} ({before.Id}, {before.Index}) before rank {after.Rank} ({after.Id}, {after.Index})");
        }
    }

    private static List<string> ByIdSorted(IEnumerable<PopulationEntry> entries) =>
        [.. entries.Select(e => $"{e.Id}|{e.Eligible}|{e.Index}|{e.Rank}|{e.Selected}").Order(StringComparer.Ordinal)];

    private sealed record Row(string Id, bool Eligible, decimal? Score, int? Rank, bool Selected);

    private static void AssertSameAs(IReadOnlyList<PopulationEntry> expected, List<Row> rows)
    {
        Assert.Equal(expected.Select(e => e.Id), rows.Select(r => r.Id));
        for (var i = 0; i < rows.Count; i++)
        {
            var (e, r) = (expected[i], rows[i]);
            Assert.True((e.Eligible, e.Index, e.Rank, e.Selected) == (r.Eligible, r.Score, r.Rank, r.Selected), $"{e} vs {r}");
        }
    }

    private static List<Row> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int At(string column) => Array.IndexOf(header, $"{Programme}.{column}");
        return [.. lines.Skip(1).Select(l => l.Split(',')).Select(c => new Row(
            c[0],
            bool.Parse(c[At("eligible")]),
            c[At("score")] is { Length: > 0 } s ? decimal.Parse(s, CultureInfo.InvariantCulture) : null,
            c[At("rank")] is { Length: > 0 } k ? int.Parse(k, CultureInfo.InvariantCulture) : null,
            bool.Parse(c[At("selected")])))];
    }

    private static async Task<List<Row>> ReadParquet(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.DataFields;
        Parquet.Schema.DataField Field(string name) => fields.Single(f => f.Name == name);
        var rows = new List<Row>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = (int)group.RowCount;
            var ids = new string?[count];
            var eligible = new bool[count];
            var scores = new decimal?[count];
            var ranks = new int?[count];
            var selected = new bool[count];
            await group.ReadAsync(Field("id"), ids);
            await group.ReadAsync<bool>(Field($"{Programme}.eligible"), eligible);
            await group.ReadAsync<decimal>(Field($"{Programme}.score"), scores);
            await group.ReadAsync<int>(Field($"{Programme}.rank"), ranks);
            await group.ReadAsync<bool>(Field($"{Programme}.selected"), selected);
            for (var i = 0; i < count; i++)
            {
                rows.Add(new Row(ids[i]!, eligible[i], scores[i], ranks[i], selected[i]));
            }
        }

        return rows;
    }
}
