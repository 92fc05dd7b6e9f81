using System.Linq.Expressions;
using System.Reflection;

namespace PolicyRules.Benchmarks;

/// <summary>
/// <c>kernel-dump PROGRAMME</c>: prints the fast kernel's expression tree of the version in force on
/// <see cref="Samples.AsOf"/>, after every rewrite (integers, cross-multiplication, shared values) —
/// what to read before measuring a change to the optimiser.
/// </summary>
internal static class KernelDump
{
    public static int Run(string name)
    {
        var engine = PolicyEngine.LoadDirectory(Samples.RulesDirectory);
        var tree = engine.GetProgramme(name, Samples.AsOf).FastKernel.Tree;
        if (tree is null)
        {
            Console.Error.WriteLine($"{name} has no kernel tree on {Samples.AsOf:yyyy-MM-dd} (no version in force).");
            return 1;
        }

        // Expression.DebugView is the runtime's own readable form; it is not public API, hence reflection.
        var view = typeof(Expression).GetProperty("DebugView", BindingFlags.NonPublic | BindingFlags.Instance);
        Console.WriteLine(view?.GetValue(tree) ?? tree.ToString());
        return 0;
    }
}
