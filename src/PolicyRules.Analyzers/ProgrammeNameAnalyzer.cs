using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PolicyRules.Analyzers;

/// <summary>
/// PR2001: a programme name passed to a PolicyRules API that no rule file of the project defines —
/// a typo that would otherwise surface only at run time. PR2003: an evaluation "as of" the clock,
/// whose answers change with the day the code runs. Which arguments are names and dates comes from
/// <see cref="ProgrammeCalls"/>' role table, so every API taking them is covered.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProgrammeNameAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The property carrying the suggested name, for the code fix.</summary>
    public const string SuggestionKey = "Suggestion";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Descriptors.UnknownProgramme, Descriptors.AsOfTheClock];

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (ProgrammeCalls.For(start.Compilation) is not { } calls)
            {
                return;
            }

            // The clock check needs no rule files; the name check does.
            var files = RuleFiles.Get(start.Compilation, start.Options, out _);
            start.RegisterOperationAction(operation => Analyze((IInvocationOperation)operation.Operation, calls, files, operation), OperationKind.Invocation);
        });
    }

    private static void Analyze(IInvocationOperation invocation, ProgrammeCalls calls, RuleFiles? files, OperationAnalysisContext context)
    {
        if (!ProgrammeCalls.IsPolicyRulesCall(invocation))
        {
            return;
        }

        var evaluates = false;
        IArgumentOperation? asOf = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            switch (calls.Role(argument.Parameter))
            {
                case ParameterRole.ProgrammeName when files is not null:
                    CheckName(ProgrammeCalls.Unwrap(argument.Value), files, context);
                    break;
                case ParameterRole.ProgrammeNames when files is not null:
                    foreach (var element in Elements(ProgrammeCalls.Unwrap(argument.Value)))
                    {
                        CheckName(element, files, context);
                    }

                    break;
                case ParameterRole.AsOf:
                    asOf = argument;
                    break;
                case ParameterRole.Record or ParameterRole.InputPath:
                    evaluates = true;
                    break;
            }
        }

        // The as-of date matters where it decides a result about records or which version is used;
        // IsInForce(today) or a date helper asks about the day itself.
        evaluates |= invocation.TargetMethod.ReturnType is INamedTypeSymbol { Name: "CompiledProgramme" or "ProgrammeScreener" };
        if (!evaluates || asOf is null || calls.ClockIn(asOf.Value) is not { } clock)
        {
            return;
        }

        var programme = calls.ProgrammeOf(invocation);
        var versioned = programme is not null && files is not null && files.Programmes.TryGetValue(programme, out var info) && info.Versioned;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.AsOfTheClock, asOf.Value.Syntax.GetLocation(), clock,
            versioned ? $", and programme '{programme}' has dated versions that take effect on set days" : "",
            versioned ? $"，且项目 '{programme}' 有按日期生效的多个版本" : ""));
    }

    private static void CheckName(IOperation value, RuleFiles files, OperationAnalysisContext context)
    {
        if (value.ConstantValue is not { HasValue: true, Value: string name } || files.Programmes.ContainsKey(name))
        {
            return;
        }

        var suggestion = files.Host.Suggest(name, [.. files.Programmes.Keys]);
        var properties = suggestion is null
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add(SuggestionKey, suggestion);
        var known = string.Join(", ", files.Programmes.Keys.OrderBy(k => k, StringComparer.Ordinal));
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.UnknownProgramme,
            value.Syntax.GetLocation(),
            properties,
            name,
            suggestion is null ? $"; known: {known}" : $"; did you mean '{suggestion}'?",
            suggestion is null ? $"；已定义的项目：{known}" : $"；是否应为 '{suggestion}'？"));
    }

    /// <summary>The elements written in an array, collection expression or collection initializer.</summary>
    private static ImmutableArray<IOperation> Elements(IOperation value) => value switch
    {
        IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
        ICollectionExpressionOperation collection => collection.Elements,
        IObjectCreationOperation { Initializer: { } initializer } => [.. initializer.Initializers.OfType<IInvocationOperation>().SelectMany(i => i.Arguments.Select(a => a.Value))],
        _ => [],
    };
}
