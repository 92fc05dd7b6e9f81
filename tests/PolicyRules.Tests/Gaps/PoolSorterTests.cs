using CsCheck;
using PolicyRules.Gaps;
using PolicyRules.Input;

namespace PolicyRules.Tests.Gaps;

/// <summary>
/// The reserve pool sorted on disk (runs past a memory budget, merged at the end) is the pool sorted in
/// memory, row for row and byte for byte, whatever the budget; and leaves no file behind.
/// </summary>
public sealed class PoolSorterTests : IDisposable
{
    private static readonly Lazy<PolicyEngine> Engine = new(() => PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory));

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-pool-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Keys with many ties before the input order (few failed counts, few hardest gaps, nulls); texts of every kind.</summary>
    private static readonly Gen<(int Failed, int NotClosable, decimal? Largest, string Text)> Part =
        Gen.Select(
            Gen.Int[1, 3],
            Gen.Int[0, 2],
            Gen.OneOf<decimal?>([null, 0m, 0.0001m, 1m / 7m, 0.5m, 12.25m]),
            Gen.OneOf(Gen.String[Gen.Char["aZ9 青岛|;,\"'\n\r（）"], 0, 40], Gen.Const(""), Gen.Const("青岛 | 收入总额（Y1）须增加 1 元")));

    [Fact]
    public void Sorts_on_disk_as_in_memory_whatever_the_budget()
    {
        Gen.Select(Part.Array[0, 300], Gen.OneOf<long>([1L, 300L, 5_000L, long.MaxValue])).Sample((parts, budget) =>
        {
            // Input order is unique, as in a run; given shuffled, so runs are not presorted.
            var indices = Enumerable.Range(0, parts.Length).OrderBy(i => (i * 7919) % (parts.Length + 1)).ToArray();
            var rows = parts.Select((p, i) => new PoolRow(new PoolKey(p.Failed, p.NotClosable, p.Largest, indices[i]), "id" + i, p.Text, "F" + p.Failed, p.Text + "中", p.Text)).ToList();
            using var sorter = new PoolSorter(budget, Path.Combine(_dir, "out.csv"));
            foreach (var row in rows)
            {
                sorter.Add(row);
            }

            var sorted = sorter.Sorted().ToList();
            Assert.Equal(rows.OrderBy(r => r.Key).ToList(), sorted);
            Assert.Equal(rows.Count, sorter.Count);
            if (budget is 1 or long.MaxValue)
            {
                Assert.Equal(budget == 1 ? rows.Count : 0, sorter.RunsWritten); // a run a row; none: the disk untouched
            }
        });

        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public void The_pool_sorted_in_runs_on_disk_is_the_pool_sorted_in_memory()
    {
        var programme = Engine.Value.GetProgramme("HighTechEnterprise", ProfileGen.AsOf);
        ProfileGen.Profile.Array[200, 900].Sample(profiles =>
        {
            var input = Path.Combine(_dir, "in.csv");
            ProfileCsvWriter.Write(input, profiles);
            var inMemory = Path.Combine(_dir, "memory.csv");
            var onDisk = Path.Combine(_dir, "disk.csv");
            var whole = ReservePool.Run(input, inMemory, programme, ProfileGen.AsOf);
            foreach (var budget in (long[])[1, 20_000])
            {
                var runs = ReservePool.Run(input, onDisk, programme, ProfileGen.AsOf, new ReservePoolOptions { SortBudget = budget });
                Assert.Equal(File.ReadAllText(inMemory), File.ReadAllText(onDisk));
                Assert.Equal(whole with { RejectsPath = "" }, runs with { RejectsPath = "" });
            }

            // Nothing but the outputs: the runs' file is gone.
            Assert.Equal(
                ["disk.csv", "disk.csv.rejects.csv", "in.csv", "memory.csv", "memory.csv.rejects.csv"],
                Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.True(whole.Pooled > 0);
        }, iter: 4, threads: 1);
    }
}
