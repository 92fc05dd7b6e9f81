using System.Collections.Immutable;
using PolicyRules.Bulk;
using PolicyRules.Compilation;
using PolicyRules.Model;

namespace PolicyRules.Screening;

/// <summary>One record's place in a population-level programme.</summary>
/// <param name="Id">The record's id.</param>
/// <param name="Eligible">Whether it meets the programme's criteria (only eligible records are ranked).</param>
/// <param name="Index">Its score (the index it is ranked by).</param>
/// <param name="Rank">1 for the highest index among the eligible; null when not eligible.</param>
/// <param name="Selected">Whether it is among the first <see cref="CompiledProgramme.SelectTop"/>.</param>
public sealed record PopulationEntry(string Id, bool Eligible, decimal? Index, int? Rank, bool Selected);

/// <summary>
/// Ranks a population for a programme with <c>SelectTop</c> (InnovationIndexTop50): the eligible
/// records by index, highest first; equal indexes by id in ordinal order, so the same input always
/// gives the same ranks and the same selection; the first N are selected.
/// </summary>
public static class PopulationRanking
{
    /// <summary>Evaluates and ranks <paramref name="profiles"/>; the entries come back in input order.</summary>
    /// <exception cref="ArgumentException">
    /// The programme is not population-level; or two profiles have one id (an id names one record, and a
    /// record ranked twice would take two places: a file's repeats are rejects when it is screened).
    /// </exception>
    /// <exception cref="RuleEvaluationException">An expression failed for a record.</exception>
    public static ImmutableArray<PopulationEntry> Rank(CompiledProgramme programme, IEnumerable<EnterpriseProfile> profiles, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(profiles);
        var top = programme.SelectTop ?? throw new ArgumentException($"{programme.Name} does not select a top N: it is not a population-level programme.", nameof(programme));
        var screener = ProgrammeScreener.Create([programme], asOf);
        var scored = new List<(string Id, bool Eligible, decimal? Index)>();
        var candidates = new List<Candidate>();
        using var ids = IdRegister.InMemory(); // the profiles are in the caller's memory already
        foreach (var profile in profiles)
        {
            if (ids.FirstRow(profile.Id, scored.Count + 1) is > 0 and var first)
            {
                throw new ArgumentException(
                    $"Profiles {first} and {scored.Count + 1} (counting from 1) have one id, '{profile.Id}': an id names one record, which a ranking places once. / " +
                    $"第 {first} 个与第 {scored.Count + 1} 个档案（从 1 计）id 相同（'{profile.Id}'）：一个 id 只对应一条记录，排序中只占一个名次。",
                    nameof(profiles));
            }

            screener.Screen(profile);
            var eligible = screener.Eligible(0);
            var index = screener.Buffer(0).Score;
            if (eligible)
            {
                candidates.Add(new Candidate(index ?? 0m, profile.Id.AsMemory(), scored.Count));
            }

            scored.Add((profile.Id, eligible, index));
        }

        var ranks = Order(candidates);
        var entries = ImmutableArray.CreateBuilder<PopulationEntry>(scored.Count);
        for (var i = 0; i < scored.Count; i++)
        {
            int? rank = ranks.TryGetValue(i, out var r) ? r : null;
            entries.Add(new PopulationEntry(scored[i].Id, scored[i].Eligible, scored[i].Index, rank, rank <= top));
        }

        return entries.MoveToImmutable();
    }

    /// <summary>
    /// A ranked record: its index, its id (for ties; a slice of a shared buffer when many are kept, not a
    /// string each) and a key that finds it again (row or position).
    /// </summary>
    internal readonly record struct Candidate(decimal Index, ReadOnlyMemory<char> Id, long Key);

    /// <summary>Rank by key: highest index first, equal indexes by id (ordinal), then key.</summary>
    internal static Dictionary<long, int> Order(List<Candidate> candidates)
    {
        Sort(candidates);
        var ranks = new Dictionary<long, int>(candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            ranks[candidates[i].Key] = i + 1;
        }

        return ranks;
    }

    /// <summary>
    /// The ranks of candidates whose keys are their positions in <paramref name="candidates"/> (0, 1, … in
    /// input order): rank of key k at [k]. A compact array, not a map: four bytes per eligible record.
    /// </summary>
    internal static int[] RanksByKey(List<Candidate> candidates)
    {
        Sort(candidates);
        var ranks = new int[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            ranks[candidates[i].Key] = i + 1;
        }

        return ranks;
    }

    private static void Sort(List<Candidate> candidates) => candidates.Sort(static (a, b) =>
    {
        var byIndex = b.Index.CompareTo(a.Index);
        if (byIndex != 0)
        {
            return byIndex;
        }

        var byId = a.Id.Span.SequenceCompareTo(b.Id.Span); // ordinal: by UTF-16 code unit
        return byId != 0 ? byId : a.Key.CompareTo(b.Key);
    });
}
