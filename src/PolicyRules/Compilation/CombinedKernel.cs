using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using PolicyRules.Compilation.Optimisation;
using PolicyRules.Evaluation;

namespace PolicyRules.Compilation;

/// <summary>Screens one record against every programme of a combined kernel; <c>section[0]</c> names the programme running.</summary>
internal delegate void CombinedKernelDelegate(object record, DateOnly asOf, EvaluationState[] states, bool[] eligible, int[] section);

/// <summary>
/// One kernel for the programmes of one screening run (issue 19): each programme's fast kernel in
/// turn, writing its outcome exactly as it does alone, with what several of them compute from the
/// record alone computed once (<see cref="CrossProgrammeValues"/>) and the results of used programmes
/// read straight from the sections that computed them, not looked up by name. Built on first use
/// and shared by every screener of the same programmes, so loading rules pays nothing for it.
/// </summary>
internal sealed class CombinedKernel
{
    private static readonly ConditionalWeakTable<CompiledProgramme, List<(CompiledProgramme[] Programmes, Lazy<CombinedKernel?> Kernel)>> Built = new();

    private readonly CompiledProgramme[] _programmes;
    private readonly CombinedKernelDelegate _run;

    private CombinedKernel(CompiledProgramme[] programmes, CombinedKernelDelegate run, int shared)
    {
        _programmes = programmes;
        _run = run;
        SharedValues = shared;
    }

    /// <summary>How many values of the record are computed once for several programmes.</summary>
    public int SharedValues { get; }

    /// <summary>
    /// The combined kernel of <paramref name="programmes"/> (used programmes first, in the order they
    /// run), built on the first <see cref="Lazy{T}.Value"/> and then shared; null from it when they
    /// cannot be combined (fewer than two, two of one name, records of different classes).
    /// </summary>
    public static Lazy<CombinedKernel?> For(CompiledProgramme[] programmes, DateOnly asOf)
    {
        var entries = Built.GetValue(programmes[^1], _ => []);
        lock (entries)
        {
            foreach (var (key, kernel) in entries)
            {
                if (key.AsSpan().SequenceEqual(programmes))
                {
                    return kernel;
                }
            }

            var lazy = new Lazy<CombinedKernel?>(() => TryBuild(programmes, asOf));
            entries.Add((programmes, lazy));
            return lazy;
        }
    }

    /// <summary>Builds the combined kernel, or null when the programmes cannot be combined.</summary>
    public static CombinedKernel? TryBuild(CompiledProgramme[] programmes, DateOnly asOf)
    {
        try
        {
            var tree = Tree(programmes, asOf, out var shared);
            return tree is null ? null : new CombinedKernel(programmes, tree.Compile(), shared);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // A kernel shape this builder does not know (the expression factories refuse it): the
            // separate kernels give the same answers, only without the sharing.
            return null;
        }
    }

    /// <summary>Screens one record; each programme's outcome lands in its state as its own kernel writes it.</summary>
    /// <exception cref="RuleEvaluationException">An expression failed: the programme named is the one separate kernels name.</exception>
    public void Run(object record, string id, DateOnly asOf, EvaluationState[] states, bool[] eligible, int[] section)
    {
        try
        {
            _run(record, asOf, states, eligible, section);
        }
        catch (Exception ex) when (CompiledProgramme.IsEvaluationFailure(ex))
        {
            throw new RuleEvaluationException(_programmes[section[0]].Name, id, ex);
        }
    }

    /// <summary>The combined kernel's tree, or null when the programmes cannot be combined.</summary>
    internal static Expression<CombinedKernelDelegate>? Tree(CompiledProgramme[] programmes, DateOnly asOf, out int shared)
    {
        shared = 0;
        if (programmes.Length < 2 || programmes.Select(p => p.InputType).Distinct().Skip(1).Any()
            || programmes.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != programmes.Length)
        {
            return null;
        }

        var record = Expression.Parameter(typeof(object), "record");
        var date = Expression.Parameter(typeof(DateOnly), "asOf");
        var states = Expression.Parameter(typeof(EvaluationState[]), "states");
        var eligible = Expression.Parameter(typeof(bool[]), "eligible");
        var section = Expression.Parameter(typeof(int[]), "section");
        var input = Expression.Variable(programmes[0].InputType, "input");
        var stateVariables = programmes.Select((_, i) => Expression.Variable(typeof(EvaluationState), "state" + i)).ToArray();
        var eligibleVariables = programmes.Select((p, i) => Expression.Variable(typeof(bool), "eligible" + i)).ToArray();
        var inputs = new HashSet<ParameterExpression>();
        var sections = new List<Expression>();
        for (var i = 0; i < programmes.Length; i++)
        {
            var programme = programmes[i];
            if (programme.FastKernel.Tree is not { } kernel)
            {
                // A kernel written in C# (no version in force): called as it is.
                sections.Add(Expression.Invoke(Expression.Constant(programme.FastKernel.Delegate), record, date, stateVariables[i]));
                continue;
            }

            if (TypedRecord(kernel) is { } typed)
            {
                inputs.Add(typed);
            }

            var used = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var name in programme.Uses)
            {
                var at = Array.IndexOf(programmes, programme.ResolveUsed(name, asOf));
                if (at >= 0 && at < i)
                {
                    used[name] = at; // else the call stays, and the programmes are not combined
                }
            }

            var body = new SectionRewriter(kernel, record, date, stateVariables[i], used, stateVariables, eligibleVariables).Visit(kernel.Body);
            if (ProgrammeOutcomesReader.Reads(body))
            {
                return null; // an outcome read this kernel cannot answer: keep the separate kernels
            }

            sections.Add(body);
        }

        var values = CrossProgrammeValues.Find(inputs, input, date, sections);
        shared = values.Count;
        var variables = new List<ParameterExpression> { input };
        variables.AddRange(stateVariables);
        variables.AddRange(eligibleVariables);
        var statements = new List<Expression>
        {
            Expression.Assign(Expression.ArrayAccess(section, Expression.Constant(0)), Expression.Constant(0)),
            Expression.Assign(input, Expression.Convert(record, input.Type)),
        };
        for (var i = 0; i < programmes.Length; i++)
        {
            statements.Add(Expression.Assign(stateVariables[i], Expression.ArrayIndex(states, Expression.Constant(i))));
        }

        void Hoist(IEnumerable<(ParameterExpression Variable, Expression Value)> hoisted)
        {
            foreach (var (variable, value) in hoisted)
            {
                variables.Add(variable);
                statements.Add(Expression.Assign(variable, value));
            }
        }

        Hoist(values.BeforeAll);
        for (var i = 0; i < programmes.Length; i++)
        {
            statements.Add(Expression.Assign(Expression.ArrayAccess(section, Expression.Constant(0)), Expression.Constant(i)));
            Hoist(values.AtStartOf(i));
            statements.Add(Expression.Assign(eligibleVariables[i], values.Rewrite(sections[i], i)));
            statements.Add(Expression.Assign(Expression.ArrayAccess(eligible, Expression.Constant(i)), eligibleVariables[i]));
        }

        return Expression.Lambda<CombinedKernelDelegate>(Expression.Block(typeof(void), variables, statements), record, date, states, eligible, section);
    }

    /// <summary>The variable a kernel casts its record into (its first statement, as emission writes it), or null.</summary>
    private static ParameterExpression? TypedRecord(Expression<ProgrammeKernel> kernel) =>
        kernel.Body is BlockExpression block
        && block.Expressions.FirstOrDefault() is BinaryExpression { NodeType: ExpressionType.Assign, Left: ParameterExpression typed, Right: UnaryExpression { NodeType: ExpressionType.Convert } cast }
        && cast.Operand == kernel.Parameters[0]
            ? typed
            : null;

    /// <summary>
    /// A programme's kernel body as a section: its record, date and state those of the combined
    /// kernel, and each read of a used programme's outcome (<c>programmes.Eligible("X")</c>) the value
    /// X's section left: its eligibility, its score or 0, its class or "" — what <see cref="ProgrammeOutcomes"/> answers.
    /// </summary>
    private sealed class SectionRewriter(
        Expression<ProgrammeKernel> kernel, ParameterExpression record, ParameterExpression asOf, ParameterExpression state,
        Dictionary<string, int> used, ParameterExpression[] states, ParameterExpression[] eligible) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            node == kernel.Parameters[0] ? record : node == kernel.Parameters[1] ? asOf : node == kernel.Parameters[2] ? state : node;

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType == typeof(ProgrammeOutcomes) && node.Arguments is [ConstantExpression { Value: string name }]
                && used.TryGetValue(name, out var slot))
            {
                switch (node.Method.Name)
                {
                    case nameof(ProgrammeOutcomes.Eligible):
                        return eligible[slot];
                    case nameof(ProgrammeOutcomes.Score):
                        return Expression.Coalesce(Expression.Property(states[slot], nameof(EvaluationState.Score)), Expression.Constant(0m));
                    case nameof(ProgrammeOutcomes.Classification):
                        return Expression.Coalesce(Expression.Property(states[slot], nameof(EvaluationState.Classification)), Expression.Constant(""));
                }
            }

            return base.VisitMethodCall(node);
        }
    }

    /// <summary>Whether a tree still calls <see cref="ProgrammeOutcomes"/>.</summary>
    private sealed class ProgrammeOutcomesReader : ExpressionVisitor
    {
        private bool _found;

        public static bool Reads(Expression tree)
        {
            var reader = new ProgrammeOutcomesReader();
            reader.Visit(tree);
            return reader._found;
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            _found |= node.Method.DeclaringType == typeof(ProgrammeOutcomes);
            return base.VisitMethodCall(node);
        }
    }
}
