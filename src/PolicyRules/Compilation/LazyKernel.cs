using System.Linq.Expressions;
using PolicyRules.Evaluation;

namespace PolicyRules.Compilation;

/// <summary>
/// A kernel built on its first run, not at load: most programmes of a loaded rule set are never
/// explained or never screened in one process, and building and compiling every kernel made up most
/// of a cold start (issue 19). Both steps wait: the tree (the kernel rewrites and emission, which
/// report nothing: every check an author sees ran at load) and the delegate compiled from it.
/// Thread-safe: the first caller builds, the others wait for it.
/// </summary>
internal sealed class LazyKernel
{
    private readonly Lock _gate = new();
    private readonly Func<Expression<ProgrammeKernel>>? _build;
    private Expression<ProgrammeKernel>? _tree;
    private ProgrammeKernel? _kernel;

    /// <param name="build">Builds the kernel's tree from trees already parsed and checked; called at most once.</param>
    public LazyKernel(Func<Expression<ProgrammeKernel>> build) => _build = build;

    /// <summary>A kernel written in C# (the stand-in of a date no version covers): nothing to compile, no tree.</summary>
    public LazyKernel(ProgrammeKernel kernel) => _kernel = kernel;

    /// <summary>The tree the delegate is compiled from (read by the kernels that combine programmes), or null for one written in C#.</summary>
    public Expression<ProgrammeKernel>? Tree => _build is null ? null : Volatile.Read(ref _tree) ?? BuildTree();

    /// <summary>True once the tree has been built (or for a kernel written in C#, which has none to build).</summary>
    internal bool IsBuilt => _build is null || Volatile.Read(ref _tree) is not null;

    /// <summary>The compiled delegate.</summary>
    public ProgrammeKernel Delegate => Volatile.Read(ref _kernel) ?? Compile();

    private Expression<ProgrammeKernel> BuildTree()
    {
        lock (_gate)
        {
            if (_tree is null)
            {
                Volatile.Write(ref _tree, _build!());
            }

            return _tree;
        }
    }

    private ProgrammeKernel Compile()
    {
        lock (_gate)
        {
            if (_kernel is null)
            {
                Volatile.Write(ref _kernel, ProgrammeReads.Rewrite(_tree ?? BuildTree()).Compile());
            }

            return _kernel;
        }
    }
}
