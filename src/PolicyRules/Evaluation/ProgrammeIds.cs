using System.Collections.Concurrent;

namespace PolicyRules.Evaluation;

/// <summary>
/// A small number for each programme name the process has compiled a read of, fixed for its life: a
/// compiled kernel reads a used programme's outcome by it (<see cref="ProgrammeOutcomes.EligibleAt"/>),
/// two array reads instead of hashing the name for every record.
/// </summary>
internal static class ProgrammeIds
{
    private static readonly ConcurrentDictionary<string, int> Ids = new(StringComparer.Ordinal);
    private static int _next = -1;

    /// <summary>The id of <paramref name="name"/>, given on first asking.</summary>
    public static int Of(string name) => Ids.TryGetValue(name, out var id) ? id : Ids.GetOrAdd(name, _ => Interlocked.Increment(ref _next));

    /// <summary>The id of <paramref name="name"/> if it has one, else -1 (a name no kernel reads by id).</summary>
    public static int Find(string name) => Ids.TryGetValue(name, out var id) ? id : -1;
}
