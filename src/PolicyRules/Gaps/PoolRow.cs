namespace PolicyRules.Gaps;

/// <summary>
/// Where a reserve-pool entry stands in the pool's order (<see cref="ReservePool"/>'s remarks): fewer
/// failed criteria, fewer not closable by a number, a smaller hardest gap (none: infinitely far), then
/// input order — which no two entries share, so the order is total.
/// </summary>
internal readonly record struct PoolKey(int Failed, int NotClosable, decimal? Largest, long InputIndex) : IComparable<PoolKey>
{
    public static PoolKey Of(ReservePoolEntry entry) => new(entry.Gaps.Length, entry.NotClosable, entry.LargestRelativeChange, entry.InputIndex);

    public int CompareTo(PoolKey other)
    {
        var order = Failed.CompareTo(other.Failed);
        if (order == 0)
        {
            order = NotClosable.CompareTo(other.NotClosable);
        }

        if (order == 0)
        {
            // An infinite hardest gap (null) comes after every finite one.
            order = (Largest, other.Largest) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                var (x, y) => x.Value.CompareTo(y.Value),
            };
        }

        return order != 0 ? order : InputIndex.CompareTo(other.InputIndex);
    }
}

/// <summary>
/// A reserve-pool entry as its output row holds it: its place in the order and its texts, made on the
/// evaluating threads, so the pool can be sorted on disk (<see cref="PoolSorter"/>) without its gap analyses.
/// </summary>
internal sealed record PoolRow(PoolKey Key, string Id, string Name, string Failed, string GapsZh, string GapsEn)
{
    public static PoolRow Of(ReservePoolEntry entry) => new(
        PoolKey.Of(entry),
        entry.Id,
        entry.Name,
        string.Join(";", entry.Gaps.Select(g => g.Criterion)),
        string.Join(" | ", entry.Gaps.Select(g => GapText.OneLine(g).Zh)),
        string.Join(" | ", entry.Gaps.Select(g => GapText.OneLine(g).En)));

    /// <summary>About what the row holds in memory, for the sorter's budget.</summary>
    public long Size => 96 + (2L * (Id.Length + Name.Length + Failed.Length + GapsZh.Length + GapsEn.Length));
}
