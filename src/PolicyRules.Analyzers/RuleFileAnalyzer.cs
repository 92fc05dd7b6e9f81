using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PolicyRules.Analyzers;

/// <summary>Reports rule-file diagnostics (PR1xxx) in the build, on the exact token of the JSON file.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RuleFileAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [Descriptors.HostUnavailable, .. Descriptors.RuleFileDescriptors.Values.OrderBy(d => d.Id)];

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var files = RuleFiles.Get(start.Compilation, start.Options, out var problem);
            if (files is null)
            {
                if (problem is not null && start.Options.AdditionalFiles.Any(f => f.Path.EndsWith(".json", System.StringComparison.OrdinalIgnoreCase)))
                {
                    start.RegisterCompilationEndAction(end => end.ReportDiagnostic(Diagnostic.Create(Descriptors.HostUnavailable, Location.None, problem)));
                }

                return;
            }

            start.RegisterAdditionalFileAction(file =>
            {
                foreach (var diagnostic in files.DiagnosticsFor(file.AdditionalFile.Path))
                {
                    file.ReportDiagnostic(diagnostic);
                }
            });
        });
    }
}
