using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PolicyRules.Analyzers;

/// <summary>
/// PR2002: a profile of one kind passed with a programme that evaluates the other, as in
/// <c>engine.Evaluate("YoungTalentLeader", enterpriseProfile, asOf)</c> — the overload compiles
/// and throws <see cref="System.ArgumentException"/> at run time. Checks every PolicyRules API
/// whose programme is known in the build (a constant name, or a compiled programme from
/// <c>GetProgramme("…")</c>) against the profiles it is given, one by one or as a sequence; which
/// arguments are which comes from <see cref="ProgrammeCalls"/>' role table. Unknown names are PR2001's.
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
            if (ProgrammeCalls.For(start.Compilation) is not { Enterprise: not null, Person: not null } calls
                || RuleFiles.Get(start.Compilation, start.Options, out _) is not { } files)
            {
                return;
            }

            start.RegisterOperationAction(operation => Analyze((IInvocationOperation)operation.Operation, calls, files, operation), OperationKind.Invocation);
        });
    }

    private static void Analyze(IInvocationOperation invocation, ProgrammeCalls calls, RuleFiles files, OperationAnalysisContext context)
    {
        if (!ProgrammeCalls.IsPolicyRulesCall(invocation) || calls.ProgrammeOf(invocation) is not { } name
            || !files.Programmes.TryGetValue(name, out var programme))
        {
            return;
        }

        // The checker names the kind; an older PolicyRules (no kind) or versions that disagree ("mixed") are not checked.
        var expected = programme.Input switch
        {
            "enterprise" => calls.Enterprise,
            "person" => calls.Person,
            _ => null,
        };
        if (expected is null)
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is null || argument.ArgumentKind == ArgumentKind.DefaultValue || calls.Role(argument.Parameter) != ParameterRole.Record)
            {
                continue;
            }

            // The type as written, before any implicit conversion (EvaluateRecord takes object; RankPopulation a sequence).
            var given = calls.RecordKind(ProgrammeCalls.Unwrap(argument.Value).Type);
            if (given is null || SymbolEqualityComparer.Default.Equals(given, expected))
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.InputMismatch, argument.Value.Syntax.GetLocation(),
                name, programme.Input, expected.Name, given.Name, Chinese(expected, calls), Chinese(given, calls)));
        }
    }

    private static string Chinese(INamedTypeSymbol kind, ProgrammeCalls calls) =>
        SymbolEqualityComparer.Default.Equals(kind, calls.Enterprise) ? "企业画像" : "人才画像";
}
