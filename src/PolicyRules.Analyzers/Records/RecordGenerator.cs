using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace PolicyRules.Analyzers.Records;

/// <summary>
/// Typed C# for declared records: each <c>*.record.json</c> among the project's rule files becomes a
/// documented <c>public sealed partial record</c> with a <c>required</c> init property per field, so
/// a misspelt field in C# is a compile error (CS1061/CS0117) like any other. An extension of
/// Enterprise derives from <c>EnterpriseProfile</c>, so every Enterprise programme accepts it. The
/// bundled declarations (metadata <c>PolicyRulesBundled</c>) have hand-written classes and are skipped.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RecordGenerator : IIncrementalGenerator
{
    /// <summary>The MSBuild property that names the generated classes' namespace (default: RootNamespace + ".PolicyRecords").</summary>
    public const string NamespaceProperty = "PolicyRulesRecordNamespace";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static f => f.Path.EndsWith(".record.json", StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancel) =>
            {
                var options = pair.Right.GetOptions(pair.Left);
                var skipped = (options.TryGetValue("build_metadata.AdditionalFiles.PolicyRules", out var flag) && string.Equals(flag, "false", StringComparison.OrdinalIgnoreCase))
                    || (options.TryGetValue("build_metadata.AdditionalFiles.PolicyRulesBundled", out var bundled) && string.Equals(bundled, "true", StringComparison.OrdinalIgnoreCase));
                return skipped ? null : new InputFile(pair.Left.Path, pair.Left.GetText(cancel)?.ToString());
            })
            .Where(static f => f is not null)
            .Collect();
        var ns = context.AnalyzerConfigOptionsProvider.Select(static (options, _) =>
        {
            options.GlobalOptions.TryGetValue("build_property." + NamespaceProperty, out var chosen);
            options.GlobalOptions.TryGetValue("build_property.RootNamespace", out var root);
            return !string.IsNullOrWhiteSpace(chosen) ? chosen!.Trim()
                : !string.IsNullOrWhiteSpace(root) ? root!.Trim() + ".PolicyRecords"
                : "PolicyRecords";
        });
        // The members a typed extension must not redeclare, and whether the referenced PolicyRules lets it derive at all.
        var bases = context.CompilationProvider.Select(static (compilation, _) => string.Join("|", RecordDeclaration.ExtensibleKinds.Select(k =>
        {
            var type = compilation.GetTypeByMetadataName(k.Value);
            return type is null ? k.Key + "=missing"
                : type.IsSealed ? k.Key + "=sealed"
                : k.Key + "=" + string.Join(",", AllMemberNames(type));
        })));

        context.RegisterSourceOutput(files.Combine(ns).Combine(bases), static (output, input) => Emit(output, input.Left.Left!, input.Left.Right, input.Right));
    }

    private static IEnumerable<string> AllMemberNames(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var member in t.MemberNames)
            {
                yield return member;
            }
        }
    }

    private static void Emit(SourceProductionContext output, ImmutableArray<InputFile?> files, string ns, string bases)
    {
        if (ns.Split('.').Any(part => !SyntaxFacts.IsValidIdentifier(part)))
        {
            output.ReportDiagnostic(Diagnostic.Create(Descriptors.RecordNotGenerated, Location.None,
                $"The namespace '{ns}' for typed records is not a C# namespace; set the MSBuild property {NamespaceProperty} to one. / 类型化记录的命名空间 '{ns}' 无效，请设置 MSBuild 属性 {NamespaceProperty}。"));
            return;
        }

        var baseMembers = bases.Split('|').Select(b => b.Split(['='], 2)).ToDictionary(b => b[0], b => b[1], StringComparer.Ordinal);
        var classes = new Dictionary<string, RecordDeclaration>(StringComparer.Ordinal);

        // Every extension file of one kind adds to ONE class, as the engine merges them into one
        // extended kind at load: a record that fills the fields of all of them is one object.
        var extensions = new Dictionary<string, List<RecordDeclaration>>(StringComparer.Ordinal);
        foreach (var file in files.OrderBy(f => f!.Path, StringComparer.Ordinal))
        {
            output.CancellationToken.ThrowIfCancellationRequested();
            if (file!.Text is null)
            {
                continue;
            }

            var declaration = RecordDeclaration.Read(file.Path, file.Text);
            if (declaration.Problems.Count == 0 && declaration.Extends is { } extends)
            {
                CheckBase(declaration, extends, baseMembers[extends]);
            }

            var joins = declaration.Problems.Count == 0 && declaration.Extends is { } kind && extensions.ContainsKey(kind);
            if (joins)
            {
                CheckAddedFields(declaration, extensions[declaration.Extends!]);
            }
            else if (declaration.Problems.Count == 0 && classes.TryGetValue(declaration.ClassName, out var earlier))
            {
                declaration.Problem(declaration.NameNode!, $"{System.IO.Path.GetFileName(file.Path)} would generate the class '{declaration.ClassName}', which {earlier.Path} already generates; give one record (or extension file) another name. / {System.IO.Path.GetFileName(file.Path)} 将生成类 '{declaration.ClassName}'，与 {earlier.Path} 生成的类重名；请为其中一个记录（或扩展文件）改名。");
            }

            var text = SourceText.From(file.Text);
            foreach (var problem in declaration.Problems)
            {
                var span = TextSpan.FromBounds(Math.Min(problem.Start, text.Length), Math.Min(Math.Max(problem.End, problem.Start), text.Length));
                var location = Location.Create(file.Path, span, text.Lines.GetLinePositionSpan(span));
                output.ReportDiagnostic(Diagnostic.Create(Descriptors.RecordNotGenerated, location,
                    problem.Warning ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, additionalLocations: null, properties: null, problem.Message));
            }

            if (declaration.Problems.Count > 0)
            {
                continue;
            }

            if (declaration.Extends is { } extended)
            {
                if (!joins)
                {
                    classes[declaration.ClassName] = declaration;
                    extensions.Add(extended, []);
                }

                extensions[extended].Add(declaration);
                continue;
            }

            classes[declaration.ClassName] = declaration;
            output.AddSource(declaration.ClassName + ".g.cs", RecordSource.Of(declaration, ns, System.IO.Path.GetFileName(file.Path)));
        }

        foreach (var parts in extensions.Values)
        {
            var merged = RecordDeclaration.Merge(parts);
            output.AddSource(merged.ClassName + ".g.cs", RecordSource.Of(merged, ns, string.Join(", ", parts.Select(p => System.IO.Path.GetFileName(p.Path)))));
        }
    }

    /// <summary>
    /// A field a later extension file adds must be new to the earlier files of its kind (names
    /// compared as the engine does, ignoring case: one CSV column, one property).
    /// </summary>
    private static void CheckAddedFields(RecordDeclaration declaration, List<RecordDeclaration> earlier)
    {
        foreach (var field in declaration.Fields)
        {
            foreach (var part in earlier)
            {
                if (part.Fields.FirstOrDefault(f => string.Equals(f.Name, field.Name, StringComparison.OrdinalIgnoreCase)) is { } existing)
                {
                    declaration.Problem(field.NameNode, $"{declaration.Extends} already has a field '{existing.Name}' from {part.Path} ({part.PositionOf(existing.NameNode)}); each extension file of a kind adds new fields to the one class {earlier[0].ClassName}: rename '{field.Name}' or remove it here. / {declaration.Extends} 已有字段 '{existing.Name}'（来自 {part.Path}，{part.PositionOf(existing.NameNode)}）；同一类型的各扩展文件共同生成类 {earlier[0].ClassName}，只能新增字段：请为 '{field.Name}' 改名或删除。");
                    break;
                }
            }
        }
    }

    private static void CheckBase(RecordDeclaration declaration, string extends, string members)
    {
        var baseClass = RecordDeclaration.ExtensibleKinds[extends];
        if (members is "missing" or "sealed")
        {
            declaration.Problem(declaration.NameNode!, $"The referenced PolicyRules {(members == "missing" ? "has no" : "seals")} {baseClass}, so no typed extension of {extends} can be generated; use a PolicyRules version that supports record declarations. / 所引用的 PolicyRules {(members == "missing" ? "没有" : "密封了")} {baseClass}，无法生成 {extends} 的类型化扩展；请使用支持记录声明的 PolicyRules 版本。");
            return;
        }

        var existing = new HashSet<string>(members.Split(','), StringComparer.Ordinal);
        foreach (var field in declaration.Fields.Where(f => existing.Contains(f.PropertyName)))
        {
            declaration.Problem(field.NameNode, $"{extends} already has a field '{field.Name}' ({baseClass}.{field.PropertyName}); an extension only adds new fields: rename it or use the existing one. / {extends} 已有字段 '{field.Name}'（{baseClass}.{field.PropertyName}）；扩展只能新增字段，请改名或直接使用已有字段。");
        }
    }

    private sealed class InputFile(string path, string? text)
    {
        public string Path { get; } = path;

        public string? Text { get; } = text;
    }
}
