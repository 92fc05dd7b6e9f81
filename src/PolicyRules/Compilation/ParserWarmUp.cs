using System.Linq.Dynamic.Core.Parser;
using System.Linq.Expressions;
using PolicyRules.Model;

namespace PolicyRules.Compilation;

/// <summary>
/// Starts System.Linq.Dynamic.Core on another core while the rule files are read. Its first parse
/// in a process JIT-compiles the parser and builds its static tables — most of a cold load's time
/// (issue 19); done here, in parallel with reading and checking the files, the first real parse
/// finds it ready. The expression is fixed and valid, uses every kind of step the bundled rules
/// use, and its tree is dropped: no rule's parse can see it (each parse starts from a fresh
/// literal cache under <see cref="LiteralCache.Gate"/>).
/// </summary>
internal static class ParserWarmUp
{
    private const string Representative =
        "enterprise.Employees >= 10 && (Ratio.Of(enterprise.RdExpenseY1 + enterprise.RdExpenseY2, enterprise.RevenueY1) ?? 0m) >= 0.05 " +
        "|| Num.Max(enterprise.RevenueY1, 0m) < 2000.5m ? Tiers.Lookup(enterprise.Employees, \">= 1: 1; else: 0\") : -1";

    private static int started;

    /// <summary>Starts the warm-up once per process; later calls do nothing.</summary>
    public static void Start()
    {
        if (Interlocked.Exchange(ref started, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static _ => TryRun(), null);
        }
    }

    /// <summary>Parses the representative expression; false if it failed (a test keeps it parsing).</summary>
    internal static bool TryRun()
    {
        try
        {
            lock (LiteralCache.Gate)
            {
                LiteralCache.Reset();
                var enterprise = Expression.Parameter(typeof(EnterpriseProfile), "enterprise");
                _ = new ExpressionParser([enterprise], Representative, [], AllowList.CreateParsingConfig()).Parse(null);
            }

            return true;
        }
        catch (Exception ex) when (ex is System.Linq.Dynamic.Core.Exceptions.ParseException or InvalidOperationException or ArgumentException)
        {
            // Only speed is at stake: a failed warm-up leaves the first real parse to do the work.
            return false;
        }
    }
}
