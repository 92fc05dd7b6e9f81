using PolicyRules.Compilation;

namespace PolicyRules.Screening;

/// <summary>
/// The summary's counts, kept by one evaluating thread for the rows it screened and added up at the
/// end (sums of whole numbers do not depend on order): per programme the eligible rows (no failed
/// criterion) and how often each top-level criterion failed. Taken off the in-order stage.
/// </summary>
internal sealed class OutcomeTally
{
    public OutcomeTally(IReadOnlyList<CompiledProgramme> programmes)
    {
        Eligible = new long[programmes.Count];
        Failures = [.. programmes.Select(p => new long[p.TopLevelRuleNames.Length])];
    }

    public long[] Eligible { get; }

    public long[][] Failures { get; }

    /// <summary>Counts a screened row.</summary>
    public void Add(ScreenedRow row)
    {
        for (var i = 0; i < Eligible.Length; i++)
        {
            var failed = row.Failed[i];
            if (failed.Count == 0)
            {
                Eligible[i]++;
                continue;
            }

            var failures = Failures[i];
            for (var rule = 0; rule < failures.Length; rule++)
            {
                failures[rule] += failed[rule] ? 1 : 0;
            }
        }
    }

    /// <summary>Adds another thread's counts; with <paramref name="sign"/> −1, takes away rows counted and then rejected.</summary>
    public void Add(OutcomeTally other, int sign = 1)
    {
        for (var i = 0; i < Eligible.Length; i++)
        {
            Eligible[i] += sign * other.Eligible[i];
            for (var rule = 0; rule < Failures[i].Length; rule++)
            {
                Failures[i][rule] += sign * other.Failures[i][rule];
            }
        }
    }
}
