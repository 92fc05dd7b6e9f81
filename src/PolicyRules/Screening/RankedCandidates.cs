namespace PolicyRules.Screening;

/// <summary>
/// What ranking a population-level programme needs of the rows seen in one pass, and nothing more:
/// per eligible row its index, its id's characters (kept in shared chunks, not a string each) and
/// its position among the candidates, in input order (the last tie-breaker of the ranking).
/// </summary>
internal sealed class RankedCandidates
{
    private const int IdChunk = 1 << 16;

    private readonly List<PopulationRanking.Candidate>?[] _candidates;
    private char[] _ids = new char[IdChunk];
    private int _idsUsed;

    /// <param name="ranked">Per programme: whether it ranks the population.</param>
    public RankedCandidates(IEnumerable<bool> ranked) => _candidates = [.. ranked.Select(r => r ? new List<PopulationRanking.Candidate>() : null)];

    /// <summary>Adds an eligible row of programme <paramref name="programme"/>; its key, the position among the candidates.</summary>
    public int Add(int programme, decimal index, string id)
    {
        var candidates = _candidates[programme]!;
        var key = candidates.Count;
        candidates.Add(new PopulationRanking.Candidate(index, Keep(id), key));
        return key;
    }

    /// <summary>The ranks of programme <paramref name="programme"/>'s candidates, by key; the candidates are let go.</summary>
    public int[] Rank(int programme)
    {
        var candidates = _candidates[programme]!;
        var ranks = PopulationRanking.RanksByKey(candidates);
        candidates.Clear();
        candidates.TrimExcess();
        return ranks;
    }

    /// <summary>A copy of a candidate's id in the shared buffer: the row's string can go, only its characters stay.</summary>
    private ReadOnlyMemory<char> Keep(string id)
    {
        if (_idsUsed + id.Length > _ids.Length)
        {
            _ids = new char[Math.Max(IdChunk, id.Length)];
            _idsUsed = 0;
        }

        id.CopyTo(_ids.AsSpan(_idsUsed));
        var kept = _ids.AsMemory(_idsUsed, id.Length);
        _idsUsed += id.Length;
        return kept;
    }
}
