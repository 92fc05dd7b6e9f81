using System.Collections.Immutable;
using System.Linq.Expressions;
using System.Reflection;
using PolicyRules.Evaluation;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Compilation;

/// <summary>
/// Turns a <see cref="ProgrammeDefinition"/> into one typed delegate. Each expression is parsed
/// and checked once, at load; from the parsed trees two kernels are built on first use — a fast one
/// that writes only outcomes, score and class, and an explaining one that also captures the values
/// behind each criterion.
/// </summary>
internal static partial class ProgrammeCompiler
{
    private const string EnterpriseName = RuleParameters.Enterprise;
    private const string AsOfName = RuleParameters.AsOf;

    /// <param name="definition">The programme version.</param>
    /// <param name="schema">The record kind it reads.</param>
    /// <param name="diagnostics">Receives every problem found.</param>
    /// <param name="rewrite">
    /// False to build the kernels straight from the trees as written, without the rewrites that keep
    /// answers but change how they are computed (Compilation/Optimisation): the reference the
    /// differential tests compare the rewritten kernels with.
    /// </param>
    public static CompiledProgramme? Compile(ProgrammeDefinition definition, RecordSchema schema, ICollection<RuleDiagnostic> diagnostics, bool rewrite = true)
    {
        definition = TitlePlaceholders.Fill(definition, diagnostics);
        if (Parse(definition, schema, diagnostics) is not { } parsed)
        {
            return null;
        }

        var layout = new Layout(parsed.Globals.Count);
        var compiledRules = parsed.Rules.Select(layout.Assign).ToImmutableArray();
        var compiledOutputs = parsed.Outputs.Select((o, i) => layout.Assign(o, i)).ToImmutableArray();
        // The kernels' trees are built on first use (LazyKernel): the rewrites and emission check
        // nothing, so every diagnostic is reported above, at load, whether or not a kernel ever runs.
        var both = rewrite ? new Lazy<ParsedProgramme>(() => ForBothKernels(parsed)) : new Lazy<ParsedProgramme>(parsed);
        var fast = new LazyKernel(() => EmitTree(rewrite ? ForFastKernel(both.Value, schema) : both.Value, compiledRules, compiledOutputs, capture: false));
        var explaining = new LazyKernel(() => EmitTree(both.Value, compiledRules, compiledOutputs, capture: true));
        var compiledParams = parsed.Globals.Select((g, i) => new CompiledParam(g.Definition, i, g.Variable.Type)).ToImmutableArray();
        return new CompiledProgramme(definition, compiledRules, compiledParams, layout.RuleCount, layout.ValueCount, parsed.Fields, fast, explaining, schema, parsed.Input.Type)
        {
            SelectTop = parsed.SelectTop,
            Outputs = compiledOutputs,
            Trees = TreesOf(parsed),
        };
    }

    private static ProgrammeTrees TreesOf(ParsedProgramme parsed)
    {
        static ParamTree Param(ParsedParam p) => new(p.Definition, p.Variable, p.Body);
        static RuleTree Rule(ParsedRule r) => new(r.Definition, [.. r.Locals.Select(Param)], r.Body, [.. r.Children.Select(Rule)]);
        return new ProgrammeTrees(parsed.Input, parsed.AsOf, parsed.Programmes, [.. parsed.Globals.Select(Param)], [.. parsed.Rules.Select(Rule)],
            parsed.Score?.Variable, parsed.Classification?.Variable)
        {
            Outputs = [.. parsed.Outputs.Select(o => new OutputTree(o.Definition, o.Body))],
        };
    }

    /// <summary>Every check of <see cref="Compile"/> without building delegates: what the build-time analyzer runs.</summary>
    public static bool Check(ProgrammeDefinition definition, RecordSchema schema, ICollection<RuleDiagnostic> diagnostics) =>
        Parse(TitlePlaceholders.Fill(definition, diagnostics), schema, diagnostics) is not null;

    private static ParsedProgramme? Parse(ProgrammeDefinition definition, RecordSchema schema, ICollection<RuleDiagnostic> diagnostics)
    {
        if (schema.Extends is { } original)
        {
            // A programme that reads only the kind's own fields compiles over its class, so records
            // of that class (the typed API, the bundled programmes' callers) evaluate unchanged; one
            // that reads a field an extension adds compiles over the extended type.
            var quiet = new List<RuleDiagnostic>();
            if (Parse(definition, schema, original.RecordType, quiet) is { } parsed)
            {
                foreach (var diagnostic in quiet)
                {
                    diagnostics.Add(diagnostic);
                }

                return parsed;
            }
        }

        return Parse(definition, schema, schema.RecordType, diagnostics);
    }

    private static ParsedProgramme? Parse(ProgrammeDefinition definition, RecordSchema schema, Type recordType, ICollection<RuleDiagnostic> diagnostics)
    {
        var errorsBefore = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        // The kernel takes its record as object so programmes of every kind share one signature;
        // the typed parameter the expressions see is a variable cast from it once.
        var input = Expression.Parameter(recordType, schema.Variable);
        var asOf = Expression.Parameter(typeof(DateOnly), AsOfName);
        var visible = new List<ParameterExpression> { input, asOf };
        ParameterExpression? programmes = null;
        if (!definition.Uses.IsEmpty)
        {
            programmes = Expression.Parameter(typeof(ProgrammeOutcomes), RuleParameters.Programmes);
            visible.Add(programmes);
        }

        var context = new Context(diagnostics, new HashSet<string>(definition.Uses.Select(u => u.Name), StringComparer.Ordinal), schema);

        var globals = new List<ParsedParam>();
        for (var i = 0; i < definition.Params.Length; i++)
        {
            var param = definition.Params[i];
            if (context.Parse(param, visible, Later(definition.Params, i)) is { } global)
            {
                globals.Add(global);
                visible.Add(global.Variable);
            }
        }

        var ruleNames = new Dictionary<string, RuleDefinition>(StringComparer.OrdinalIgnoreCase);
        var rules = definition.Rules.Select(r => context.ParseRule(r, visible, ruleNames)).ToList();

        var scoreParam = CheckMetadataParam(definition.ScoreParam, "Score", globals, context.Failed, definition, diagnostics, IsNumber);
        foreach (var component in definition.ScoreComponents)
        {
            CheckMetadataParam(component, "ScoreComponents", globals, context.Failed, definition, diagnostics, IsNumber);
        }

        var classParam = CheckMetadataParam(definition.ClassificationParam, "Classification", globals, context.Failed, definition, diagnostics,
            t => t == typeof(string) || (Nullable.GetUnderlyingType(t) ?? t).IsEnum);

        int? selectTop = null;
        if (CheckMetadataParam(definition.SelectTopParam, "SelectTop", globals, context.Failed, definition, diagnostics, IsNumber) is { } top)
        {
            // N must not depend on the record: every record of one population is ranked against the same N.
            if (top.Body is ConstantExpression { Value: int n } && n >= 1)
            {
                selectTop = n;
            }
            else
            {
                diagnostics.Add(new RuleDiagnostic(DiagnosticIds.InvalidMetadata, DiagnosticSeverity.Error,
                    $"PolicyRules.SelectTop names '{top.Definition.Name}', whose expression must be a whole number of at least 1 (such as 50), the same for every record. / PolicyRules.SelectTop 指定的 '{top.Definition.Name}' 的表达式须为不小于 1 的整数常量（如 50），对每条记录都相同。",
                    top.Definition.Expression.Location));
            }

            if (definition.ScoreParam is null)
            {
                diagnostics.Add(new RuleDiagnostic(DiagnosticIds.InvalidMetadata, DiagnosticSeverity.Error,
                    "PolicyRules.SelectTop ranks records by the programme's score: name the index in PolicyRules.Score. / PolicyRules.SelectTop 按项目得分对记录排序：请在 PolicyRules.Score 中指定该指数。",
                    definition.Location));
            }
        }

        var outputs = definition.Outputs.Select(o => context.ParseOutput(o, visible, input)).ToList();
        if (diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error) > errorsBefore || rules.Any(r => r is null) || outputs.Any(o => o is null))
        {
            return null;
        }

        return new ParsedProgramme(input, asOf, programmes, globals, [.. rules.Select(r => r!)], scoreParam, classParam, context.Fields)
        {
            SelectTop = selectTop,
            Outputs = [.. outputs.Select(o => o!)],
        };
    }

    /// <summary>The parameters defined after the <paramref name="index"/>-th, by name: a use of one of them is "defined later".</summary>
    private static Dictionary<string, ParamDefinition> Later(ImmutableArray<ParamDefinition> parameters, int index)
    {
        var later = new Dictionary<string, ParamDefinition>(StringComparer.OrdinalIgnoreCase);
        for (var i = parameters.Length - 1; i > index; i--)
        {
            later[parameters[i].Name] = parameters[i];
        }

        return later;
    }

    private static bool IsNumber(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(decimal) || t == typeof(int) || t == typeof(long));

    private static ParsedParam? CheckMetadataParam(string? name, string what, List<ParsedParam> globals, IReadOnlySet<string> failed,
        ProgrammeDefinition definition, ICollection<RuleDiagnostic> diagnostics, Func<Type, bool> typeOk)
    {
        if (name is null || failed.Contains(name))
        {
            return null;
        }

        var param = globals.Find(g => string.Equals(g.Definition.Name, name, StringComparison.OrdinalIgnoreCase));
        if (param is null)
        {
            diagnostics.Add(new RuleDiagnostic(DiagnosticIds.InvalidMetadata, DiagnosticSeverity.Error,
                $"PolicyRules.{what} names '{name}', which is not a GlobalParam of this workflow. / PolicyRules.{what} 指定的 '{name}' 不是本工作流的 GlobalParam。", definition.Location));
            return null;
        }

        if (!typeOk(param.Variable.Type))
        {
            diagnostics.Add(new RuleDiagnostic(DiagnosticIds.InvalidMetadata, DiagnosticSeverity.Error,
                $"PolicyRules.{what} names '{name}' of type {param.Variable.Type.Name}, which cannot serve as a {what.ToLowerInvariant()}. / PolicyRules.{what} 指定的 '{name}' 类型为 {param.Variable.Type.Name}，不能用作 {what}。",
                param.Definition.Expression.Location));
            return null;
        }

        return param;
    }

    private sealed class Context(ICollection<RuleDiagnostic> diagnostics, IReadOnlySet<string> uses, RecordSchema schema)
    {
        // Over the programme's schema, so the set names an extension's fields too.
        private FieldSet _fields = FieldSet.EmptyOf(schema.Fields);

        // Parameters whose expression failed: reported once, so their later uses are not reported again.
        private readonly HashSet<string> _failed = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _globalNames = new(StringComparer.OrdinalIgnoreCase) { EnterpriseName, AsOfName, RuleParameters.Person, RuleParameters.Programmes, schema.Variable };

        public FieldSet Fields => _fields;

        /// <summary>The definition behind each parameter's variable, for the inputs an output explanation shows.</summary>
        private readonly Dictionary<ParameterExpression, ParamDefinition> _paramDefinitions = [];

        /// <summary>The fields each parameter reads, directly or through the parameters it uses.</summary>
        private readonly Dictionary<ParameterExpression, FieldSet> _reads = [];

        /// <summary>What an expression reads: its own fields plus everything the parameters it uses read.</summary>
        private FieldSet ReadsOf(Expression body, FieldSet direct)
        {
            var reads = direct;
            foreach (var parameter in ParameterCollector.Collect(body))
            {
                if (_reads.TryGetValue(parameter, out var fields))
                {
                    reads = reads.Union(fields);
                }
            }

            return reads;
        }

        public IReadOnlySet<string> Failed => _failed;

        private static readonly Dictionary<string, ParamDefinition> NoneLater = [];

        public ParsedParam? Parse(ParamDefinition param, IReadOnlyList<ParameterExpression> visible, IReadOnlyDictionary<string, ParamDefinition> later, HashSet<string>? scope = null)
        {
            if (!(scope ?? _globalNames).Add(param.Name) || visible.Any(v => string.Equals(v.Name, param.Name, StringComparison.OrdinalIgnoreCase)))
            {
                diagnostics.Add(new RuleDiagnostic(DiagnosticIds.DuplicateRule, DiagnosticSeverity.Error,
                    $"Parameter '{param.Name}' is already defined here (names are case-insensitive, and 'enterprise', 'person', 'programmes' and 'asOf' are reserved). / 参数 '{param.Name}' 已在此定义（名称不区分大小写，'enterprise'、'person'、'programmes' 和 'asOf' 为保留名）。",
                    param.NameLocation));
                return null;
            }

            var direct = FieldSet.Empty;
            var body = AuthorHints.Parse(param.Expression, visible, null, diagnostics, ref direct, _failed, uses, later);
            _fields = _fields.Union(direct);
            if (body is null)
            {
                _failed.Add(param.Name);
                return null;
            }

            if (AuthorHints.PercentOutOfRange(param, body) is { } percent)
            {
                diagnostics.Add(percent);
            }

            var variable = Expression.Variable(body.Type, param.Name);
            _reads[variable] = ReadsOf(body, direct);
            _paramDefinitions[variable] = param;
            return new ParsedParam(param, variable, body);
        }

        public ParsedOutput? ParseOutput(OutputDefinition output, IReadOnlyList<ParameterExpression> visible, ParameterExpression input)
        {
            var direct = FieldSet.Empty;
            var body = AuthorHints.Parse(output.Expression, visible, null, diagnostics, ref direct, _failed, uses, NoneLater);
            _fields = _fields.Union(direct);
            if (body is null)
            {
                return null;
            }

            var ok = OutputChecks.Check(output, body.Type, diagnostics);
            return ok ? new ParsedOutput(output, body, OutputInputs.Collect(body, input, _paramDefinitions), ReadsOf(body, direct)) : null;
        }

        public ParsedRule? ParseRule(RuleDefinition rule, IReadOnlyList<ParameterExpression> visible, Dictionary<string, RuleDefinition> names)
        {
            if (!names.TryAdd(rule.Name, rule))
            {
                var first = names[rule.Name].Location;
                diagnostics.Add(new RuleDiagnostic(DiagnosticIds.DuplicateRule, DiagnosticSeverity.Error,
                    $"Rule name '{rule.Name}' is used twice in this workflow; the first is at {first}. / 规则名 '{rule.Name}' 在本工作流中使用了两次，首次出现于 {first}。", rule.Location)
                {
                    RelatedLocation = first,
                });
            }

            var scope = new List<ParameterExpression>(visible);
            var localNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var locals = new List<ParsedParam>();
            var ok = true;
            for (var i = 0; i < rule.LocalParams.Length; i++)
            {
                var local = rule.LocalParams[i];
                if (Parse(local, scope, Later(rule.LocalParams, i), localNames) is { } parsed)
                {
                    locals.Add(parsed);
                    scope.Add(parsed.Variable);
                }
                else
                {
                    ok = false;
                }
            }

            Expression? body = null;
            var children = ImmutableArray.CreateBuilder<ParsedRule>();
            var reads = FieldSet.Empty;
            foreach (var local in locals)
            {
                reads = reads.Union(_reads[local.Variable]);
            }

            if (rule.Expression is { } expression)
            {
                var direct = FieldSet.Empty;
                body = AuthorHints.Parse(expression, scope, typeof(bool), diagnostics, ref direct, _failed, uses, NoneLater);
                _fields = _fields.Union(direct);
                ok &= body is not null;
                reads = body is null ? reads : reads.Union(ReadsOf(body, direct));
            }
            else
            {
                foreach (var child in rule.Children)
                {
                    if (ParseRule(child, scope, names) is { } parsed)
                    {
                        children.Add(parsed);
                        reads = reads.Union(parsed.Reads);
                    }
                    else
                    {
                        ok = false;
                    }
                }
            }

            return ok ? new ParsedRule(rule, [.. locals], body, children.ToImmutable(), reads) : null;
        }
    }

    private sealed record ParsedParam(ParamDefinition Definition, ParameterExpression Variable, Expression Body);

    /// <summary>A parsed rule; <c>Reads</c> is what it reads: its expression, its children and every parameter they use.</summary>
    private sealed record ParsedRule(RuleDefinition Definition, ImmutableArray<ParsedParam> Locals, Expression? Body, ImmutableArray<ParsedRule> Children, FieldSet Reads);

    /// <summary>The parameters (globals, locals, <c>enterprise</c>, <c>asOf</c>) an expression refers to.</summary>
    private sealed class ParameterCollector : ExpressionVisitor
    {
        private readonly HashSet<ParameterExpression> _found = [];

        public static HashSet<ParameterExpression> Collect(Expression expression)
        {
            var collector = new ParameterCollector();
            collector.Visit(expression);
            return collector._found;
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            _found.Add(node);
            return node;
        }
    }

    /// <summary>A parsed output: its body, the inputs its explanation shows, and the fields it reads.</summary>
    internal sealed record ParsedOutput(OutputDefinition Definition, Expression Body, ImmutableArray<OutputInput> Inputs, FieldSet Reads);

    private sealed record ParsedProgramme(
        ParameterExpression Input,
        ParameterExpression AsOf,
        ParameterExpression? Programmes,
        List<ParsedParam> Globals,
        ImmutableArray<ParsedRule> Rules,
        ParsedParam? Score,
        ParsedParam? Classification,
        FieldSet Fields)
    {
        public int? SelectTop { get; init; }

        public ImmutableArray<ParsedOutput> Outputs { get; init; } = [];

        /// <summary>Values the fast kernel's rewrites compute first, once per record, in order (see Compilation/Optimisation).</summary>
        public ImmutableArray<(ParameterExpression Variable, Expression Value)> Prologue { get; init; } = [];
    }
}
