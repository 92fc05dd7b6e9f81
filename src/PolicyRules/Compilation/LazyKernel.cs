using System.Linq.Expressions;
using PolicyRules.Evaluation;

namespace PolicyRules.Compilation;

/// <summary>
/// A kernel turned into a delegate on its first run, not at load: most programmes of a loaded rule
/// set are never explained or never screened in one process, and compiling every tree made up most
/// of a cold start (issue 19). Thread-safe: the first caller compiles, the others wait for it.
/// </summary>
internal sealed class LazyKernel
{
    private readonly Lock _gate = new();
    private ProgrammeKernel? _kernel;

    public LazyKernel(Expression<ProgrammeKernel> tree) => Tree = tree;

    /// <summary>A kernel written in C# (the stand-in of a date no version covers): nothing to compile, no tree.</summary>
    public LazyKernel(ProgrammeKernel kernel) => _kernel = kernel;

    /// <summary>The tree the delegate is compiled from (kept for the kernels that combine programmes), or null for one written in C#.</summary>
    public Expression<ProgrammeKernel>? Tree { get; }

    /// <summary>The compiled delegate.</summary>
    public ProgrammeKernel Delegate => Volatile.Read(ref _kernel) ?? Compile();

    private ProgrammeKernel Compile()
    {
        lock (_gate)
        {
            if (_kernel is null)
            {
                Volatile.Write(ref _kernel, Tree!.Compile());
            }

            return _kernel;
        }
    }
}
