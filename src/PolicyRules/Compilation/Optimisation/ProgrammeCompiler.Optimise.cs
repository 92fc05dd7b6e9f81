using System.Collections.Immutable;
using System.Linq.Expressions;
using PolicyRules.Compilation.Optimisation;
using PolicyRules.Evaluation;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Compilation;

/// <summary>The compile-time rewrites of the kernels (issue 19): each keeps every answer, and the explanation, as written.</summary>
internal static partial class ProgrammeCompiler
{
    /// <summary>The fast kernel's tree as <see cref="Compile"/> builds it, rewrites included: for tests that look at its shape.</summary>
    internal static Expression<ProgrammeKernel>? FastKernelTree(ProgrammeDefinition definition, RecordSchema schema, ICollection<RuleDiagnostic> diagnostics)
    {
        definition = TitlePlaceholders.Fill(definition, diagnostics);
        if (Parse(definition, schema, diagnostics) is not { } parsed)
        {
            return null;
        }

        var layout = new Layout(parsed.Globals.Count);
        var rules = parsed.Rules.Select(layout.Assign).ToImmutableArray();
        var outputs = parsed.Outputs.Select((o, i) => layout.Assign(o, i)).ToImmutableArray();
        return EmitTree(ForFastKernel(ForBothKernels(parsed), schema), rules, outputs, capture: false);
    }

    /// <summary>
    /// Rewrites common to both kernels: tier tables written out (<see cref="TierInlining"/>). The
    /// explaining kernel keeps the shape the explanation reads (each compared side, each parameter).
    /// </summary>
    private static ParsedProgramme ForBothKernels(ParsedProgramme programme)
    {
        var map = new Dictionary<ParsedParam, ParsedParam>();
        ParsedParam Param(ParsedParam p) => map.TryGetValue(p, out var done) ? done : map[p] = p with { Body = TierInlining.Rewrite(p.Body) };
        ParsedRule Rule(ParsedRule r) => r with
        {
            Locals = [.. r.Locals.Select(Param)],
            Body = r.Body is null ? null : TierInlining.Rewrite(r.Body),
            Children = [.. r.Children.Select(Rule)],
        };

        var globals = programme.Globals.Select(Param).ToList();
        return programme with
        {
            Globals = globals,
            Rules = [.. programme.Rules.Select(Rule)],
            Score = programme.Score is { } score ? map[score] : null,
            Classification = programme.Classification is { } classification ? map[classification] : null,
            Outputs = [.. programme.Outputs.Select(o => o with { Body = TierInlining.Rewrite(o.Body) })],
        };
    }

    /// <summary>
    /// Rewrites of the fast kernel alone, which captures nothing: criteria comparing a ratio with a
    /// threshold decided without the division where that is provably exact (<see cref="RatioComparisons"/>),
    /// and the parameters only those criteria read left out — computed again, in the rule as written,
    /// only for a record whose money breaks the readers' contract; divisions by a constant with a
    /// decimal inverse without dividing where the quotient is plain (<see cref="ConstantDivisions"/>).
    /// </summary>
    private static ParsedProgramme ForFastKernel(ParsedProgramme programme, RecordSchema schema)
    {
        var bodies = new Dictionary<ParameterExpression, Expression>();
        foreach (var global in programme.Globals)
        {
            bodies[global.Variable] = global.Body;
        }

        void AddLocals(ParsedRule rule)
        {
            foreach (var local in rule.Locals)
            {
                bodies[local.Variable] = local.Body;
            }

            foreach (var child in rule.Children)
            {
                AddLocals(child);
            }
        }

        foreach (var rule in programme.Rules)
        {
            AddLocals(rule);
        }

        var contract = Expression.Variable(typeof(bool), "moneyContract");
        var integers = new ScaledIntegers(programme.Input, schema, bodies, contract);
        var ranges = new ExactRange.Analyser(programme.Input, schema, bodies);
        var ratios = new RatioComparisons(ranges, bodies, integers);
        var comparisons = new IntegerComparisons(integers);
        var tiers = new RatioTiers(ratios);
        ParsedRule Rule(ParsedRule r) => r with
        {
            Locals = [.. r.Locals.Select(l => l with { Body = comparisons.Rewrite(tiers.Rewrite(l.Body)) })],
            Body = r.Body is null ? null : comparisons.Rewrite(tiers.Rewrite(ratios.Rewrite(r.Body))),
            Children = [.. r.Children.Select(Rule)],
        };

        // Tier tables over a ratio (score points) without the division; a parameter whose body did not change stays the same object.
        var tiered = programme.Globals.ToDictionary(g => g, g => tiers.Rewrite(g.Body) is var body && body != g.Body ? g with { Body = body } : g);
        programme = programme with
        {
            Globals = [.. programme.Globals.Select(g => tiered[g])],
            Score = programme.Score is { } tieredScore ? tiered[tieredScore] : null,
            Classification = programme.Classification is { } tieredClass ? tiered[tieredClass] : null,
        };

        var rules = programme.Rules.Select(Rule).ToImmutableArray();

        // Keep every parameter something still reads, and every one no rewrite took over (it is
        // evaluated as before, so a failure in it fails the record as before).
        var kept = new HashSet<ParameterExpression>(programme.Globals.Select(g => g.Variable).Where(v => !ratios.Inlined.Contains(v)));
        var roots = new List<Expression>(RuleBodies(rules));

        roots.AddRange(programme.Outputs.Select(o => o.Body));
        roots.AddRange(programme.Outputs.SelectMany(o => o.Inputs.Select(i => i.Value)));
        if (programme.Score is { } score)
        {
            kept.Add(score.Variable);
        }

        if (programme.Classification is { } classification)
        {
            kept.Add(classification.Variable);
        }

        foreach (var root in roots)
        {
            kept.UnionWith(ParameterCollector.Collect(root));
        }

        // Parameters refer only to earlier ones: one pass from the last keeps all a kept one reads.
        for (var i = programme.Globals.Count - 1; i >= 0; i--)
        {
            if (kept.Contains(programme.Globals[i].Variable))
            {
                kept.UnionWith(ParameterCollector.Collect(programme.Globals[i].Body));
            }
        }

        var keptGlobals = programme.Globals.Where(g => kept.Contains(g.Variable)).ToList();
        var compared = keptGlobals.ToDictionary(g => g, g => g with { Body = comparisons.Rewrite(g.Body) });
        var byVariable = compared.Values.ToDictionary(g => g.Variable, g => g.Body);
        var picks = new RowPicks(v => byVariable.GetValueOrDefault(v));
        foreach (var global in keptGlobals)
        {
            compared[global] = compared[global] with { Body = picks.Rewrite(compared[global].Body) };
        }

        // Parameters read where the contract holds (not only in the as-written fallbacks), from the last back.
        // A parameter read by nothing at all (a growth the explanation shows) is kept as it was (see above),
        // unless it cannot fail where the contract holds (FailureFree): then it too is computed only where it fails,
        // or cannot fail at all: then it is not computed.
        var live = new HashSet<ParameterExpression>(roots.SelectMany(r => LiveParameters.Collect(r, integers.Contract)));
        var failureFree = new FailureFree(programme.Input, ranges, integers);
        var read = new HashSet<ParameterExpression>(roots.SelectMany(ParameterCollector.Collect));
        live.UnionWith([.. new[] { programme.Score?.Variable, programme.Classification?.Variable }.OfType<ParameterExpression>()]);
        for (var i = keptGlobals.Count - 1; i >= 0; i--)
        {
            var body = compared[keptGlobals[i]].Body;
            if (!read.Contains(keptGlobals[i].Variable) && !live.Contains(keptGlobals[i].Variable) && failureFree.Always(body))
            {
                keptGlobals.RemoveAt(i); // read by nothing, and it cannot fail: nothing to compute
                continue;
            }

            read.UnionWith(ParameterCollector.Collect(body));
            if (live.Contains(keptGlobals[i].Variable) || (!read.Contains(keptGlobals[i].Variable) && !failureFree.UnderContract(keptGlobals[i].Body)))
            {
                live.Add(keptGlobals[i].Variable);
                live.UnionWith(LiveParameters.Collect(body, integers.Contract));
            }
        }

        foreach (var global in keptGlobals)
        {
            compared[global] = compared[global] with { Body = OnlyWhenContractFails(compared[global], live, integers) };
        }

        // Divisions by a constant with a decimal inverse (ExactDivision), before the shared values are found;
        // Memberships in a constant list (x in ("Medium", "Small")) as comparisons.
        var divisions = new ConstantDivisions(bodies);
        Expression Plain(Expression body) => Memberships.Instance.Rewrite(divisions.Rewrite(body));
        foreach (var global in keptGlobals)
        {
            compared[global] = compared[global] with { Body = Plain(compared[global].Body) };
        }

        rules = [.. rules.Select(r => Rewritten(r, Plain))];
        programme = programme with { Outputs = [.. programme.Outputs.Select(o => o with { Body = Plain(o.Body) })] };
        var globals = keptGlobals.Select(g => compared[g]).ToList();
        var shared = Shared(programme, globals, rules);

        var map = keptGlobals.ToDictionary(g => g, g => compared[g] with { Body = shared.Rewrite(compared[g].Body) });
        var prologue = ImmutableArray.CreateBuilder<(ParameterExpression, Expression)>();
        prologue.AddRange(integers.Prologue); // the contract and the fen of each money field read, once per record
        prologue.AddRange(shared.Hoisted);
        return programme with
        {
            Globals = [.. keptGlobals.Select(g => map[g])],
            Rules = [.. rules.Select(r => Rewritten(r, shared.Rewrite))],
            Score = programme.Score is { } s ? map[s] : null,
            Classification = programme.Classification is { } c ? map[c] : null,
            Outputs = [.. programme.Outputs.Select(o => o with { Body = shared.Rewrite(o.Body) })],
            Prologue = prologue.ToImmutable(),
        };
    }

    /// <summary>A rule tree with every local's and rule's body rewritten by <paramref name="rewrite"/>.</summary>
    private static ParsedRule Rewritten(ParsedRule rule, Func<Expression, Expression> rewrite) => rule with
    {
        Locals = [.. rule.Locals.Select(l => l with { Body = rewrite(l.Body) })],
        Body = rule.Body is null ? null : rewrite(rule.Body),
        Children = [.. rule.Children.Select(c => Rewritten(c, rewrite))],
    };

    /// <summary>The sub-expressions of the fast kernel to compute once per record (<see cref="CommonSubexpressions"/>).</summary>
    private static CommonSubexpressions Shared(ParsedProgramme programme, List<ParsedParam> globals, ImmutableArray<ParsedRule> rules)
    {
        var sources = new HashSet<ParameterExpression> { programme.Input, programme.AsOf };
        if (programme.Programmes is { } used)
        {
            sources.Add(used);
        }

        var always = new List<Expression>(globals.Select(g => g.Body));
        always.AddRange(RuleBodies(rules));

        return CommonSubexpressions.Find(sources, always, programme.Outputs.Select(o => o.Body));
    }

    /// <summary>Every expression of the rule trees, in reading order: each rule's locals, then its body, then its children.</summary>
    private static IEnumerable<Expression> RuleBodies(IEnumerable<ParsedRule> rules)
    {
        foreach (var rule in rules)
        {
            foreach (var local in rule.Locals)
            {
                yield return local.Body;
            }

            if (rule.Body is { } body)
            {
                yield return body;
            }

            foreach (var expression in RuleBodies(rule.Children))
            {
                yield return expression;
            }
        }
    }
}

internal static partial class ProgrammeCompiler
{
    /// <summary>
    /// A parameter read only by the as-written fallbacks of integer criteria (a three-year sum in
    /// decimal) is computed only for a record that breaks the money contract. Its body is one
    /// <see cref="ScaledIntegers"/> translated, so for the other records it could not have failed.
    /// </summary>
    private static Expression OnlyWhenContractFails(ParsedParam global, HashSet<ParameterExpression> live, ScaledIntegers integers) =>
        live.Contains(global.Variable) || !integers.ReadsMoney
            ? global.Body
            : Expression.Condition(integers.Contract, Expression.Default(global.Body.Type), global.Body);
}

/// <summary>The parameters an expression reads outside the as-written fallbacks (<c>contract ? … : fallback</c>).</summary>
internal sealed class LiveParameters(ParameterExpression contract) : ExpressionVisitor
{
    private readonly HashSet<ParameterExpression> _found = [];

    public static HashSet<ParameterExpression> Collect(Expression expression, ParameterExpression contract)
    {
        var collector = new LiveParameters(contract);
        collector.Visit(expression);
        return collector._found;
    }

    protected override Expression VisitConditional(ConditionalExpression node)
    {
        if (node.Test == contract)
        {
            Visit(node.IfTrue);
            return node;
        }

        return base.VisitConditional(node);
    }

    protected override Expression VisitParameter(ParameterExpression node)
    {
        _found.Add(node);
        return node;
    }
}
