namespace PolicyRules.DuckDb;

/// <summary>
/// Whether a CSV file's ids are all different, told by the plain-cells pass (<see cref="PlainCells"/>)
/// as it reads them, so the DuckDB engine need not group the ids after its query: yes only when the
/// pass read the whole file and every id cell was unquoted (its bytes then are the query's id: the
/// preflight refuses spaces around a cell, the only thing the query trims) and no two cells' 64-bit
/// hashes were equal. A repeat, a hash shared by two different ids, a quoted id or more ids than
/// <see cref="MaxIds"/> answer no, and the engine groups the ids as before: this may say no too often,
/// never yes wrongly.
/// </summary>
internal sealed class DistinctIds
{
    /// <summary>The ids held at most (~30 bytes each); a longer file's ids are grouped by DuckDB.</summary>
    internal const int MaxIds = 4_000_000;

    private HashSet<ulong>? _seen = [];
    private volatile bool _distinct;

    /// <summary>Every id of the whole file read, unquoted, no two alike: DuckDB's check of repeats is not needed.</summary>
    public bool Distinct => _distinct;

    /// <summary>An unquoted id cell's bytes.</summary>
    public void Add(ReadOnlySpan<byte> cell)
    {
        if (_seen is { } seen && (seen.Count >= MaxIds || !seen.Add(Hash(cell))))
        {
            _seen = null;
        }
    }

    /// <summary>An id cell in quotes: its bytes are not the id's.</summary>
    public void Quoted() => _seen = null;

    /// <summary>The whole file was read and is plain.</summary>
    public void Finish()
    {
        _distinct = _seen is not null;
        _seen = null;
    }

    /// <summary>FNV-1a, 64 bits: two equal ids hash alike; two different ones rarely (and then the answer is no).</summary>
    private static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
