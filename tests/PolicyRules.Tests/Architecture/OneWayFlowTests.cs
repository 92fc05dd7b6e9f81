using System.Reflection;
using System.Reflection.Emit;

namespace PolicyRules.Tests.Architecture;

/// <summary>
/// Data flows one way (CONTRIBUTING.md, "The flow"): a namespace of the SDK may use its own layer and
/// the layers before it, never one after it. Read from the compiled assembly — signatures, fields,
/// locals and every type, method and field token in the method bodies (lambdas and state machines
/// included) — so a call hidden in a body counts as much as a parameter type. The SQL engine packages
/// (PolicyRules.DuckDb, PolicyRules.PostgreSql) are read too: they sit in the SQL layer.
/// </summary>
public sealed class OneWayFlowTests
{
    /// <summary>The layers, upstream first; a namespace may reference its own layer and those above it in this list.</summary>
    internal static readonly string[][] Layers =
    [
        // Definitions and records: what a rule file, a record kind and a record are; reading and writing them whole.
        ["Model", "Records", "Rules", "Expressions", "Input", "Output"],
        // What an evaluation is: the state a kernel writes, results, explanations and their text, gap records.
        ["Evaluation"],
        // Checked and compiled programmes, which evaluate (and explain) records.
        ["Compilation", "Compilation.Optimisation"],
        // The engine: loads rule folders, checks programmes against each other, looks them up.
        [""],
        // Bulk evaluation: the one record loop (read, reject, fail fast, count), the multi-programme screener,
        // the failed-criteria count and the rejects file, shared by every job over many records.
        ["Bulk"],
        // Analyses built on evaluation: gaps and the reserve pool, plan targets, rule-file tests and linting.
        ["Gaps", "Targets", "RuleTesting"],
        // Jobs over files and databases: screening, policy simulation, SQL and its engine packages.
        ["Screening", "Simulation", "Sql", "Sql.Execution", "DuckDb", "PostgreSql"],
        // Documents for people: the HTML screening and simulation reports, the data dictionary.
        ["Reporting"],
    ];

    /// <summary>
    /// References against the flow that stay for now, each in a file another change owns. The lead
    /// removes a line when that change lands; a new violation is never added here.
    /// </summary>
    internal static readonly HashSet<string> KnownExceptions = [];

    /// <summary>The SDK's assemblies: the core and the SQL engine packages built on it.</summary>
    internal static readonly Assembly[] Assemblies =
        [typeof(PolicyEngine).Assembly, typeof(PolicyRules.DuckDb.DuckDbScreening).Assembly, typeof(PolicyRules.PostgreSql.PostgresScreening).Assembly];

    [Fact]
    public void The_core_assembly_names_no_database_driver()
    {
        // A project referencing only PolicyRules (a bank's whitelist job) gets no embedded database engine:
        // DuckDB lives in PolicyRules.DuckDb, Npgsql in PolicyRules.PostgreSql, and neither package knows the other.
        string[] Drivers(Assembly assembly) =>
            [.. assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("DuckDB", StringComparison.Ordinal) || n.StartsWith("Npgsql", StringComparison.Ordinal) || n.StartsWith("PolicyRules.", StringComparison.Ordinal))];
        Assert.Empty(Drivers(Assemblies[0]));
        Assert.Equal(["DuckDB.NET.Data"], Drivers(Assemblies[1]));
        Assert.Equal(["Npgsql"], Drivers(Assemblies[2]));
    }

    [Fact]
    public void No_namespace_references_one_downstream_of_it()
    {
        var violations = Violations().Where(v => !KnownExceptions.Contains(v)).ToList();
        Assert.True(violations.Count == 0,
            "References against the one-way flow (layers in OneWayFlowTests.Layers and CONTRIBUTING.md):\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Every_known_exception_still_exists()
    {
        // An exception that no longer occurs is removed, so the list never hides a new violation.
        var stale = KnownExceptions.Except(Violations()).ToList();
        Assert.True(stale.Count == 0, "Exceptions no longer needed:\n" + string.Join("\n", stale));
    }

    [Fact]
    public void Every_namespace_has_a_layer()
    {
        var unplaced = Assemblies.SelectMany(a => a.GetTypes())
            .Select(t => Outer(t).Namespace)
            .Where(n => n is not null && n.StartsWith("PolicyRules", StringComparison.Ordinal) && LayerOf(n) < 0)
            .Distinct().ToList();
        Assert.True(unplaced.Count == 0, "Namespaces with no layer in OneWayFlowTests.Layers:\n" + string.Join("\n", unplaced));
    }

    [Fact]
    public void The_check_sees_a_call_inside_a_method_body()
    {
        // Proof that the reader is not blind: CompiledProgramme's bodies call the explainer (same layer)
        // and GapEvaluation's call the analyser, known only from IL.
        var found = References(typeof(PolicyRules.Gaps.GapEvaluation)).ToList();
        Assert.Contains(typeof(PolicyRules.Gaps.GapAnalyser), found);
        Assert.Contains(typeof(PolicyRules.Compilation.RecordBinder), found);
    }

    [Fact]
    public void The_check_would_fail_on_a_reference_upstream()
    {
        // The evaluation layer naming the gap analyser (as ExplanationText once did) is a violation.
        Assert.True(IsAgainstFlow("PolicyRules.Evaluation", "PolicyRules.Gaps"));
        Assert.True(IsAgainstFlow("PolicyRules.Compilation", "PolicyRules.Gaps"));
        Assert.True(IsAgainstFlow("PolicyRules.Screening", "PolicyRules.Reporting"));
        Assert.True(IsAgainstFlow("PolicyRules.Bulk", "PolicyRules.Gaps"));
        Assert.True(IsAgainstFlow("PolicyRules.Gaps", "PolicyRules.Screening"));
        Assert.False(IsAgainstFlow("PolicyRules.Gaps", "PolicyRules.Bulk"));
        Assert.False(IsAgainstFlow("PolicyRules.Gaps", "PolicyRules.Compilation"));
        Assert.False(IsAgainstFlow("PolicyRules.Rules", "PolicyRules.Model"));
    }

    private static bool IsAgainstFlow(string from, string to) => LayerOf(to) > LayerOf(from);

    private static int LayerOf(string ns)
    {
        var local = ns == "PolicyRules" ? "" : ns.StartsWith("PolicyRules.", StringComparison.Ordinal) ? ns["PolicyRules.".Length..] : null;
        return local is null ? -1 : Array.FindIndex(Layers, l => l.Contains(local));
    }

    private static SortedSet<string> Violations()
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in Assemblies.SelectMany(a => a.GetTypes()))
        {
            var from = Outer(type);
            if (from.Namespace is not { } fromNs || LayerOf(fromNs) < 0)
            {
                continue;
            }

            foreach (var target in References(type))
            {
                var to = Outer(target);
                if (Assemblies.Contains(to.Assembly) && to.Namespace is { } toNs && LayerOf(toNs) >= 0 && IsAgainstFlow(fromNs, toNs))
                {
                    found.Add($"{Short(fromNs)}.{from.Name} -> {Short(toNs)}.{to.Name}");
                }
            }
        }

        return found;
    }

    private static string Short(string ns) => ns == "PolicyRules" ? "(root)" : ns["PolicyRules.".Length..];

    private static Type Outer(Type type)
    {
        while (type.DeclaringType is { } declaring)
        {
            type = declaring;
        }

        return type;
    }

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Every type a type names: base, interfaces, fields, signatures, locals and the tokens of its method bodies.</summary>
    internal static IEnumerable<Type> References(Type type)
    {
        var seen = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null)
            {
                return;
            }

            if (t.HasElementType)
            {
                Add(t.GetElementType());
                return;
            }

            if (t.IsGenericParameter)
            {
                return;
            }

            seen.Add(t.IsGenericType ? t.GetGenericTypeDefinition() : t);
            if (t.IsGenericType)
            {
                foreach (var argument in t.GetGenericArguments())
                {
                    Add(argument);
                }
            }
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces())
        {
            Add(i);
        }

        foreach (var field in type.GetFields(Declared))
        {
            Add(field.FieldType);
        }

        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info)
            {
                Add(info.ReturnType);
            }

            foreach (var parameter in method.GetParameters())
            {
                Add(parameter.ParameterType);
            }

            if (method.GetMethodBody() is not { } body)
            {
                continue;
            }

            foreach (var local in body.LocalVariables)
            {
                Add(local.LocalType);
            }

            foreach (var member in Tokens(method, body.GetILAsByteArray()!))
            {
                switch (member)
                {
                    case Type t:
                        Add(t);
                        break;
                    case MethodInfo m:
                        Add(m.DeclaringType);
                        Add(m.ReturnType);
                        if (m.IsGenericMethod)
                        {
                            foreach (var argument in m.GetGenericArguments())
                            {
                                Add(argument);
                            }
                        }

                        break;
                    case FieldInfo f:
                        Add(f.DeclaringType);
                        Add(f.FieldType);
                        break;
                    case { } other:
                        Add(other.DeclaringType);
                        break;
                }
            }
        }

        return seen;
    }

    /// <summary>The members a method body names through its type, method, field and token operands.</summary>
    private static IEnumerable<MemberInfo> Tokens(MethodBase method, byte[] il)
    {
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            OpCode op;
            if (il[i] == 0xFE)
            {
                op = OpCodesByValue[(short)(0xFE00 | il[i + 1])];
                i += 2;
            }
            else
            {
                op = OpCodesByValue[il[i]];
                i++;
            }

            if (op.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                yield return method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArguments, methodArguments)!;
            }

            i += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
                _ => 4,
            };
        }
    }
}
