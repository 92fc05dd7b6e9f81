using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace PolicyRules.Analyzers;

/// <summary>
/// The rule files of a compilation (AdditionalFiles marked <c>PolicyRules="true"</c> by the
/// package's targets, or any <c>rules/*.json</c>), each read once per text version, and the checks
/// run over all of them together, as the folders (metadata <c>PolicyRulesFolder</c>: the bundled
/// rules and each <c>PolicyRulesFolder</c> item) are loaded together at run time.
/// </summary>
internal sealed class RuleFiles
{
    private static readonly ConditionalWeakTable<SourceText, Tuple<string, object>> ReadCache = new();
    private static readonly ConditionalWeakTable<Compilation, RuleFiles> PerCompilation = new();

    // Results by the files' paths and content checksums: a rebuild (a new compilation, new SourceText
    // objects) with unchanged rule files costs a lookup, not a re-check. Small and bounded.
    private static readonly ConcurrentDictionary<string, (string[][] Diagnostics, string[][] Programmes)> ByContent = new(StringComparer.Ordinal);
    private const int MaxCachedResults = 32;

    private readonly Lazy<ImmutableDictionary<string, ImmutableArray<Diagnostic>>> _diagnostics;
    private readonly Lazy<ImmutableDictionary<string, ProgrammeInfo>> _programmes;

    private RuleFiles(LinterHost host, ImmutableArray<(AdditionalText File, SourceText Text)> files, string[] folders)
    {
        Host = host;
        Files = files;
        var results = new Lazy<(string[][] Diagnostics, string[][] Programmes)>(() => Results(host, files, folders));
        _diagnostics = new Lazy<ImmutableDictionary<string, ImmutableArray<Diagnostic>>>(() => ToDiagnostics(results.Value.Diagnostics, files));
        // Older PolicyRules versions return two columns (name, versioning); newer ones add the input kind.
        _programmes = new Lazy<ImmutableDictionary<string, ProgrammeInfo>>(() =>
            results.Value.Programmes.ToImmutableDictionary(p => p[0], p => new ProgrammeInfo(p[1] == "versioned", p.Length >= 3 ? p[2] : null), StringComparer.Ordinal));
    }

    public ImmutableArray<(AdditionalText File, SourceText Text)> Files { get; }

    public LinterHost Host { get; }

    /// <summary>Programme names defined by the rule files, with whether each is date-versioned and what it evaluates.</summary>
    public ImmutableDictionary<string, ProgrammeInfo> Programmes => _programmes.Value;

    public ImmutableArray<Diagnostic> DiagnosticsFor(string path) =>
        _diagnostics.Value.TryGetValue(path, out var diagnostics) ? diagnostics : [];

    public static RuleFiles? Get(Compilation compilation, AnalyzerOptions options, out string? problem)
    {
        var files = options.AdditionalFiles
            .Where(f => IsRuleFile(f, options))
            .Select(f => (File: f, Text: f.GetText()))
            .Where(f => f.Text is not null)
            .Select(f => (f.File, f.Text!))
            .OrderBy(f => f.File.Path, StringComparer.Ordinal) // as policyrules lint orders them
            .ToImmutableArray();
        if (files.IsEmpty)
        {
            problem = null;
            return null;
        }

        var host = LinterHost.For(compilation, out problem);
        if (host is null)
        {
            return null;
        }

        // A file without folder metadata (added by hand, or by an older props) belongs to one shared folder.
        string[] folders = [.. files.Select(f => options.AnalyzerConfigOptionsProvider.GetOptions(f.File)
            .TryGetValue("build_metadata.AdditionalFiles.PolicyRulesFolder", out var folder) ? folder : "")];
        return PerCompilation.GetValue(compilation, _ => new RuleFiles(host, files, folders));
    }

    private static bool IsRuleFile(AdditionalText file, AnalyzerOptions options)
    {
        if (options.AnalyzerConfigOptionsProvider.GetOptions(file).TryGetValue("build_metadata.AdditionalFiles.PolicyRules", out var flag))
        {
            return string.Equals(flag, "true", StringComparison.OrdinalIgnoreCase);
        }

        var path = file.Path.Replace('\\', '/');
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            && !path.EndsWith(".tests.json", StringComparison.OrdinalIgnoreCase)
            && !path.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase)
            && !path.EndsWith(".targets.json", StringComparison.OrdinalIgnoreCase)
            && path.Contains("/rules/");
    }

    private static object Read(LinterHost host, string path, SourceText text)
    {
        // A handle belongs to the PolicyRules build that made it; another build reads the text afresh.
        var cached = ReadCache.GetValue(text, t => Tuple.Create(host.Key, host.Read(path, t)));
        return cached.Item1 == host.Key ? cached.Item2 : host.Read(path, text);
    }

    private static (string[][], string[][]) Results(LinterHost host, ImmutableArray<(AdditionalText File, SourceText Text)> files, string[] folders)
    {
        var key = host.Key + "|" + string.Join("|", files.Select((f, i) => folders[i] + ">" + f.File.Path + "#" + BitConverter.ToString([.. f.Text.GetChecksum()])));
        if (ByContent.TryGetValue(key, out var cached))
        {
            return cached;
        }

        object[] handles = [.. files.Select(f => Read(host, f.File.Path, f.Text))];
        var result = folders.Distinct(StringComparer.Ordinal).Count() > 1
            ? (host.Check(handles, folders), host.Programmes(handles, folders))
            : (host.Check(handles), host.Programmes(handles));
        if (ByContent.Count >= MaxCachedResults)
        {
            ByContent.Clear();
        }

        ByContent[key] = result;
        return result;
    }

    private static ImmutableDictionary<string, ImmutableArray<Diagnostic>> ToDiagnostics(string[][] rows, ImmutableArray<(AdditionalText File, SourceText Text)> files)
    {
        var texts = files.ToDictionary(f => f.File.Path, f => f.Text, StringComparer.Ordinal);
        var result = new Dictionary<string, List<Diagnostic>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            // id, severity, message, path, line, column, end line, end column
            var path = row[3];
            if (!texts.TryGetValue(path, out var text) || !Descriptors.RuleFileDescriptors.TryGetValue(row[0], out var descriptor))
            {
                continue;
            }

            var span = Span(text, Number(row[4]), Number(row[5]), Number(row[6]), Number(row[7]));
            var location = Location.Create(path, span, text.Lines.GetLinePositionSpan(span));
            var severity = row[1] switch
            {
                "warning" => DiagnosticSeverity.Warning,
                "info" => DiagnosticSeverity.Info,
                _ => DiagnosticSeverity.Error,
            };
            if (!result.TryGetValue(path, out var list))
            {
                result[path] = list = [];
            }

            // Older PolicyRules versions return eight columns; newer ones add a related location (the first of two duplicates).
            Location[]? related = null;
            if (row.Length >= 13 && row[8].Length > 0 && texts.TryGetValue(row[8], out var relatedText))
            {
                var relatedSpan = Span(relatedText, Number(row[9]), Number(row[10]), Number(row[11]), Number(row[12]));
                related = [Location.Create(row[8], relatedSpan, relatedText.Lines.GetLinePositionSpan(relatedSpan))];
            }

            list.Add(Diagnostic.Create(descriptor, location, severity, additionalLocations: related, properties: null, row[2]));
        }

        return result.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutableArray(), StringComparer.Ordinal);
    }

    private static int Number(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The character span of 1-based line/column positions (UTF-16 columns, as the checker reports them).</summary>
    private static TextSpan Span(SourceText text, int line, int column, int endLine, int endColumn)
    {
        int Position(int l, int c)
        {
            var lineInfo = text.Lines[Math.Max(0, Math.Min(l - 1, text.Lines.Count - 1))];
            return Math.Min(lineInfo.Start + Math.Max(0, c - 1), lineInfo.EndIncludingLineBreak);
        }

        var start = Position(line, column);
        var end = Math.Max(start, Position(endLine, endColumn));
        return TextSpan.FromBounds(start, end);
    }
}

/// <summary>What the rule files say about one programme, as the checker reports it.</summary>
internal sealed class ProgrammeInfo(bool versioned, string? input)
{
    /// <summary>True when the programme has several dated versions, or one that ends.</summary>
    public bool Versioned { get; } = versioned;

    /// <summary>
    /// What the programme evaluates: "enterprise" or "person"; "mixed" when its versions disagree;
    /// null when the referenced PolicyRules predates input kinds.
    /// </summary>
    public string? Input { get; } = input;
}
