using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PolicyRules.Analyzers;

/// <summary>
/// PR2001: a programme name passed to <c>PolicyEngine</c> that no rule file of the project defines
/// — a typo that would otherwise surface only at run time. PR2003: a date-versioned programme
/// evaluated "as of" the clock, whose answers change when a new version takes effect.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProgrammeNameAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The property carrying the suggested name, for the code fix.</summary>
    public const string SuggestionKey = "Suggestion";

    private static readonly ImmutableHashSet<string> Methods = ImmutableHashSet.Create("Evaluate", "GetProgramme", "GetVersions");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Descriptors.UnknownProgramme, Descriptors.VersionedAsOfToday];

    private static readonly ImmutableHashSet<string> ClockMembers = ImmutableHashSet.Create("Now", "Today", "UtcNow");

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var engine = start.Compilation.GetTypeByMetadataName("PolicyRules.PolicyEngine");
            if (engine is null || RuleFiles.Get(start.Compilation, start.Options, out _) is not { } files)
            {
                return;
            }

            start.RegisterOperationAction(operation => Analyze((IInvocationOperation)operation.Operation, engine, files, operation), OperationKind.Invocation);
        });
    }

    private static void Analyze(IInvocationOperation invocation, INamedTypeSymbol engine, RuleFiles files, OperationAnalysisContext context)
    {
        if (!SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, engine) || !Methods.Contains(invocation.TargetMethod.Name))
        {
            return;
        }

        var argument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "programme");
        if (argument?.Value.ConstantValue is not { HasValue: true, Value: string name })
        {
            return;
        }

        if (files.Programmes.TryGetValue(name, out var programme))
        {
            var asOf = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "asOf");
            if (programme.Versioned && asOf is not null && ReadsTheClock(asOf.Value))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.VersionedAsOfToday, asOf.Syntax.GetLocation(), name));
            }

            return;
        }

        var suggestion = files.Host.Suggest(name, [.. files.Programmes.Keys]);
        var properties = suggestion is null
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add(SuggestionKey, suggestion);
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.UnknownProgramme,
            argument.Value.Syntax.GetLocation(),
            properties,
            name,
            suggestion is null ? $"; known: {string.Join(", ", files.Programmes.Keys.OrderBy(k => k, StringComparer.Ordinal))}" : $"; did you mean '{suggestion}'?"));
    }

    /// <summary>True when the value comes from DateTime.Now/Today/UtcNow (or DateTimeOffset's), however wrapped.</summary>
    private static bool ReadsTheClock(IOperation operation) =>
        operation.DescendantsAndSelf().OfType<IPropertyReferenceOperation>().Any(p =>
            p.Property.IsStatic && ClockMembers.Contains(p.Property.Name)
            && p.Property.ContainingType.ToDisplayString() is "System.DateTime" or "System.DateTimeOffset");
}
