using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PolicyRules.Analyzers;

/// <summary>
/// PR2002: a profile of one kind passed with a programme that evaluates the other, as in
/// <c>engine.Evaluate("YoungTalentLeader", enterpriseProfile, asOf)</c> — the overload compiles
/// and throws <see cref="System.ArgumentException"/> at run time. Checks calls on
/// <c>PolicyEngine</c> with a constant programme name, and calls on the <c>CompiledProgramme</c>
/// that <c>GetProgramme</c> returns in the same expression. Unknown names are PR2001's.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProgrammeInputAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Descriptors.InputMismatch];

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var compilation = start.Compilation;
            var engine = compilation.GetTypeByMetadataName("PolicyRules.PolicyEngine");
            var enterprise = compilation.GetTypeByMetadataName("PolicyRules.Model.EnterpriseProfile");
            var person = compilation.GetTypeByMetadataName("PolicyRules.Model.PersonProfile");
            if (engine is null || enterprise is null || person is null || RuleFiles.Get(compilation, start.Options, out _) is not { } files)
            {
                return;
            }

            var types = new Types(engine, compilation.GetTypeByMetadataName("PolicyRules.Compilation.CompiledProgramme"), enterprise, person);
            start.RegisterOperationAction(operation => Analyze((IInvocationOperation)operation.Operation, types, files, operation), OperationKind.Invocation);
        });
    }

    private static void Analyze(IInvocationOperation invocation, Types types, RuleFiles files, OperationAnalysisContext context)
    {
        var name = ProgrammeName(invocation, types);
        if (name is null || !files.Programmes.TryGetValue(name, out var programme))
        {
            return;
        }

        // The checker names the kind; an older PolicyRules (no kind) or versions that disagree ("mixed") are not checked.
        var (expected, zh) = programme.Input switch
        {
            "enterprise" => (types.Enterprise, "企业画像"),
            "person" => (types.Person, "人才画像"),
            _ => (null, null),
        };
        if (expected is null)
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            // The type as written, before any implicit conversion (EvaluateRecord takes object).
            var value = argument.Value is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : argument.Value;
            var given = value.Type;
            if (given is null || SymbolEqualityComparer.Default.Equals(given, expected)
                || !(SymbolEqualityComparer.Default.Equals(given, types.Enterprise) || SymbolEqualityComparer.Default.Equals(given, types.Person)))
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.InputMismatch, argument.Value.Syntax.GetLocation(),
                name, programme.Input, expected.Name, given.Name, zh));
        }
    }

    /// <summary>
    /// The constant programme name of a <c>PolicyEngine</c> call, or of the <c>GetProgramme</c> call
    /// whose result a <c>CompiledProgramme</c> call is made on; null when there is none.
    /// </summary>
    private static string? ProgrammeName(IInvocationOperation invocation, Types types)
    {
        var containing = invocation.TargetMethod.ContainingType;
        IInvocationOperation? source = null;
        if (SymbolEqualityComparer.Default.Equals(containing, types.Engine))
        {
            source = invocation;
        }
        else if (types.Compiled is not null && SymbolEqualityComparer.Default.Equals(containing, types.Compiled)
            && invocation.Instance is IInvocationOperation { TargetMethod.Name: "GetProgramme" } instance
            && SymbolEqualityComparer.Default.Equals(instance.TargetMethod.ContainingType, types.Engine))
        {
            source = instance;
        }

        if (source is null)
        {
            return null;
        }

        foreach (var argument in source.Arguments)
        {
            if (argument.Parameter?.Name == "programme")
            {
                return argument.Value.ConstantValue is { HasValue: true, Value: string name } ? name : null;
            }
        }

        return null;
    }

    private sealed class Types(INamedTypeSymbol engine, INamedTypeSymbol? compiled, INamedTypeSymbol enterprise, INamedTypeSymbol person)
    {
        public INamedTypeSymbol Engine { get; } = engine;

        public INamedTypeSymbol? Compiled { get; } = compiled;

        public INamedTypeSymbol Enterprise { get; } = enterprise;

        public INamedTypeSymbol Person { get; } = person;
    }
}
