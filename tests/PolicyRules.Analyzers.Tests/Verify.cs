using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace PolicyRules.Analyzers.Tests;

/// <summary>
/// Test harness: a C# project that references PolicyRules and has rule files as AdditionalFiles, with
/// markup such as <c>{|PR1006:Employes|}</c> inside the JSON text marking where a diagnostic lands.
/// </summary>
internal static class Verify
{
    /// <summary>The running .NET's own assemblies stand in for reference assemblies (no download needed).</summary>
    private static readonly ImmutableArray<MetadataReference> Framework = [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
        .Select(p => MetadataReference.CreateFromFile(p))];

    private static readonly MetadataReference PolicyRulesAssembly = MetadataReference.CreateFromFile(typeof(PolicyEngine).Assembly.Location);

    /// <summary>The DI package (IPolicyRules) and the Microsoft.Extensions assemblies its signatures use.</summary>
    private static readonly ImmutableArray<MetadataReference> Extensions = [.. Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
        .Where(p => Path.GetFileName(p).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
            || Path.GetFileName(p) == "PolicyRules.Extensions.DependencyInjection.dll")
        .Select(p => MetadataReference.CreateFromFile(p))];

    public static Task Analyzer<TAnalyzer>(string source, params (string Path, string Text)[] ruleFiles)
        where TAnalyzer : DiagnosticAnalyzer, new() =>
        Analyzer<TAnalyzer>(source, ruleFiles, []);

    public static Task Analyzer<TAnalyzer>(string source, (string Path, string Text)[] ruleFiles, DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>();
        Configure(test.TestState, source, ruleFiles);
        test.TestState.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static Task CodeFix<TAnalyzer, TFix>(string source, string fixedSource, params (string Path, string Text)[] ruleFiles)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>();
        Configure(test.TestState, source, ruleFiles);
        test.FixedState.Sources.Add(fixedSource);
        test.FixedState.AdditionalFiles.AddRange(ruleFiles.Select(f => (f.Path, Microsoft.CodeAnalysis.Text.SourceText.From(f.Text))));
        test.FixedState.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        test.FixedState.AdditionalReferences.AddRange(Framework);
        test.FixedState.AdditionalReferences.Add(PolicyRulesAssembly);
        test.FixedState.AdditionalReferences.AddRange(Extensions);
        return test.RunAsync();
    }

    private static void Configure(SolutionState state, string source, (string Path, string Text)[] ruleFiles)
    {
        state.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        state.AdditionalReferences.AddRange(Framework);
        state.AdditionalReferences.Add(PolicyRulesAssembly);
        state.AdditionalReferences.AddRange(Extensions);
        state.Sources.Add(source);
        foreach (var (path, text) in ruleFiles)
        {
            state.AdditionalFiles.Add((path, text));
        }
    }
}
