using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using PolicyRules.Tests;

namespace PolicyRules.Analyzers.Tests.TestSupport;

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
        return RunAndCompareLanguages<TAnalyzer>(test, source, ruleFiles, expected.Length);
    }

    /// <summary>
    /// Runs the test, then the analyzer once more on the same code to read every message it gives:
    /// each must carry the same names, values and suggestions in English and Chinese (issue 18).
    /// </summary>
    private static async Task RunAndCompareLanguages<TAnalyzer>(CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> test, string source, (string Path, string Text)[] ruleFiles, int expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        await test.RunAsync();
        TestFileMarkupParser.GetSpans(source, out string code, out ImmutableDictionary<string, ImmutableArray<TextSpan>> _);
        var compilation = CSharpCompilation.Create("Bilingual", [CSharpSyntaxTree.ParseText(code)],
            [.. Framework, PolicyRulesAssembly, .. Extensions], new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var files = ruleFiles.Select(f =>
        {
            TestFileMarkupParser.GetSpans(f.Text, out string text, out ImmutableDictionary<string, ImmutableArray<TextSpan>> _);
            return (AdditionalText)new RuleFileText(f.Path, text);
        }).ToImmutableArray();
        var diagnostics = await compilation.WithAnalyzers([new TAnalyzer()], new AnalyzerOptions(files)).GetAnalyzerDiagnosticsAsync();
        Assert.True(diagnostics.Length >= expected, $"the second run found {diagnostics.Length} diagnostic(s); the test expects {expected}");
        foreach (var diagnostic in diagnostics)
        {
            var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(BilingualSpecifics.Mismatch(message) is "", $"{diagnostic.Id}: {BilingualSpecifics.Mismatch(message)}{Environment.NewLine}{message}");
        }
    }

    private sealed class RuleFileText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
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
