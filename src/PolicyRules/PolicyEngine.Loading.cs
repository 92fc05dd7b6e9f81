using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using PolicyRules.Compilation;
using PolicyRules.Evaluation;
using PolicyRules.Model;
using PolicyRules.Records;
using PolicyRules.Rules;

namespace PolicyRules;

public sealed partial class PolicyEngine
{
    /// <summary>Loads the rules bundled with PolicyRules.</summary>
    /// <exception cref="RuleLoadException">The rules have errors.</exception>
    public static PolicyEngine LoadBundled() => LoadDirectory(BundledRulesDirectory);

    /// <summary>Loads every rule file (<c>*.json</c>, except <c>*.tests.json</c>, <c>*.schema.json</c> and <c>*.targets.json</c>) and record declaration (<c>*.record.json</c>) in a folder.</summary>
    /// <exception cref="RuleLoadException">A file is unreadable or has errors; every error is listed with file, line and column.</exception>
    public static PolicyEngine LoadDirectory(string directory)
    {
        var diagnostics = new List<RuleDiagnostic>();
        return TryLoadDirectory(directory, diagnostics, out var engine) ? engine : throw new RuleLoadException(diagnostics);
    }

    /// <summary>Loads a folder of rule files, reporting every problem into <paramref name="diagnostics"/>.</summary>
    public static bool TryLoadDirectory(string directory, ICollection<RuleDiagnostic> diagnostics, [NotNullWhen(true)] out PolicyEngine? engine)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (!Directory.Exists(directory))
        {
            diagnostics.Add(new RuleDiagnostic(DiagnosticIds.UnreadableFile, DiagnosticSeverity.Error,
                $"The rules folder '{directory}' does not exist. / 规则目录 '{directory}' 不存在。", SourceLocation.FileOnly(directory)));
            engine = null;
            return false;
        }

        var files = (IReadOnlyList<string>)[.. RecordFiles(directory), .. RuleFiles(directory)];
        if (files.Count == 0)
        {
            diagnostics.Add(NoRuleFiles(directory));
            engine = null;
            return false;
        }

        return TryLoad(files, diagnostics, out engine);
    }

    /// <summary>A rules folder with no rule file and no record declaration: loading it would check nothing and pass.</summary>
    private static RuleDiagnostic NoRuleFiles(string directory) => new(DiagnosticIds.UnreadableFile, DiagnosticSeverity.Error,
        $"The rules folder '{directory}' holds no rule files (*.json, other than *.tests.json, *.schema.json and *.targets.json) and no *.record.json: name the folder of the rules. / 规则目录 '{directory}' 中没有规则文件（*.json，*.tests.json、*.schema.json、*.targets.json 除外）或 *.record.json：请指定规则所在的目录。",
        SourceLocation.FileOnly(directory));

    /// <summary>
    /// Loads several rules folders as one rule set, e.g. the bundled rules and the app's own:
    /// programmes of one folder may use those of another. A programme defined in two folders is an
    /// error (PR1031) unless one of them says <c>"Overrides": true</c>, which replaces the other's.
    /// </summary>
    /// <exception cref="RuleLoadException">A folder is missing or a file has errors; every error is listed with file, line and column.</exception>
    public static PolicyEngine LoadDirectories(params IEnumerable<string> directories)
    {
        var diagnostics = new List<RuleDiagnostic>();
        return TryLoadDirectories(directories, diagnostics, out var engine) ? engine : throw new RuleLoadException(diagnostics);
    }

    /// <summary>Loads several rules folders as one rule set (see <see cref="LoadDirectories"/>), reporting every problem into <paramref name="diagnostics"/>.</summary>
    public static bool TryLoadDirectories(IEnumerable<string> directories, ICollection<RuleDiagnostic> diagnostics, [NotNullWhen(true)] out PolicyEngine? engine)
    {
        ArgumentNullException.ThrowIfNull(directories);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var read = new List<RuleDiagnostic>();
        var folders = new List<(string, IReadOnlyList<ProgrammeDefinition>)>();
        var records = new List<RecordDeclaration>();
        foreach (var directory in directories.Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d))).Distinct(StringComparer.Ordinal))
        {
            if (!Directory.Exists(directory))
            {
                read.Add(new RuleDiagnostic(DiagnosticIds.UnreadableFile, DiagnosticSeverity.Error,
                    $"The rules folder '{directory}' does not exist. / 规则目录 '{directory}' 不存在。", SourceLocation.FileOnly(directory)));
                continue;
            }

            if (RecordFiles(directory).Count == 0 && RuleFiles(directory).Count == 0)
            {
                read.Add(NoRuleFiles(directory));
                continue;
            }

            foreach (var file in RecordFiles(directory))
            {
                if (RecordFileReader.ReadFile(file, read) is { } declaration)
                {
                    records.Add(declaration);
                }
            }

            folders.Add((directory, [.. RuleFiles(directory).SelectMany(file => RuleFileReader.ReadFile(file, read))]));
        }

        var definitions = RuleFolders.Merge(folders, read);
        foreach (var diagnostic in read)
        {
            diagnostics.Add(diagnostic);
        }

        var compiled = TryCompile(definitions, records, diagnostics, out engine);
        if (read.Exists(d => d.Severity == DiagnosticSeverity.Error))
        {
            engine = null;
            return false;
        }

        return compiled;
    }

    /// <summary>The record declarations (<c>*.record.json</c>) of a folder, in a stable order.</summary>
    public static IReadOnlyList<string> RecordFiles(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*" + RecordFileReader.Extension).Order(StringComparer.Ordinal)];

    /// <summary>The rule files of a folder, in a stable order.</summary>
    public static IReadOnlyList<string> RuleFiles(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*.json").Where(IsRuleFile).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Whether a file name is a rule file: <c>*.json</c> except rule tests (<c>*.tests.json</c>),
    /// JSON Schemas (<c>*.schema.json</c>), plan targets (<c>*.targets.json</c>) and record declarations (<c>*.record.json</c>).
    /// </summary>
    public static bool IsRuleFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            && !path.EndsWith(".tests.json", StringComparison.OrdinalIgnoreCase)
            && !path.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase)
            && !path.EndsWith(Targets.TargetFileReader.Extension, StringComparison.OrdinalIgnoreCase)
            && !RecordFileReader.IsRecordFile(path);
    }

    /// <summary>Loads the given rule files and record declarations (<c>*.record.json</c>), reporting every problem into <paramref name="diagnostics"/>.</summary>
    public static bool TryLoad(IEnumerable<string> files, ICollection<RuleDiagnostic> diagnostics, [NotNullWhen(true)] out PolicyEngine? engine)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(diagnostics);
        ParserWarmUp.Start();
        var definitions = new List<ProgrammeDefinition>();
        var records = new List<RecordDeclaration>();
        var read = new List<RuleDiagnostic>();
        foreach (var file in files)
        {
            if (RecordFileReader.IsRecordFile(file))
            {
                if (RecordFileReader.ReadFile(file, read) is { } declaration)
                {
                    records.Add(declaration);
                }
            }
            else
            {
                definitions.AddRange(RuleFileReader.ReadFile(file, read));
            }
        }

        foreach (var diagnostic in read)
        {
            diagnostics.Add(diagnostic);
        }

        // A file that cannot be read fails the load even though the others compile: a rule set
        // silently missing a programme would be worse than no rule set.
        var compiled = TryCompile(definitions, records, diagnostics, out engine);
        if (read.Exists(d => d.Severity == DiagnosticSeverity.Error))
        {
            engine = null;
            return false;
        }

        return compiled;
    }

    /// <summary>Compiles programme definitions, however they were obtained, over the bundled record kinds.</summary>
    public static bool TryCompile(IEnumerable<ProgrammeDefinition> definitions, ICollection<RuleDiagnostic> diagnostics, [NotNullWhen(true)] out PolicyEngine? engine) =>
        TryCompile(definitions, [], diagnostics, out engine);

    /// <summary>Compiles programme definitions over the bundled record kinds and those <paramref name="records"/> declare or extend.</summary>
    public static bool TryCompile(IEnumerable<ProgrammeDefinition> definitions, IEnumerable<RecordDeclaration> records, ICollection<RuleDiagnostic> diagnostics, [NotNullWhen(true)] out PolicyEngine? engine)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (!RecordKinds.TryBuild([.. records], diagnostics, out var kinds))
        {
            engine = null;
            return false;
        }

        return TryCompile(definitions, kinds, diagnostics, out engine);
    }

    /// <summary>
    /// Compiles programme definitions over record kinds already built — another engine's, so that
    /// records read for it (of its emitted types) are records of this one too (a reform's engine).
    /// </summary>
    internal static bool TryCompile(IEnumerable<ProgrammeDefinition> definitions, FrozenDictionary<string, RecordSchema> kinds, ICollection<RuleDiagnostic> diagnostics, [NotNullWhen(true)] out PolicyEngine? engine)
    {
        var compiled = new List<CompiledProgramme>();
        var local = Validate(definitions, diagnostics, definition =>
        {
            var errors = new List<RuleDiagnostic>();
            if (ResolveInput(definition, kinds, errors) is { } schema && ProgrammeCompiler.Compile(definition, schema, errors) is { } programme)
            {
                compiled.Add(programme);
            }

            return errors;
        });
        if (local.Exists(d => d.Severity == DiagnosticSeverity.Error))
        {
            engine = null;
            return false;
        }

        var versions = compiled
            .GroupBy(p => p.Name, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.OrderBy(p => p.Definition.EffectiveFrom).ToImmutableArray(), StringComparer.Ordinal);
        engine = new PolicyEngine(versions, [.. local], kinds);
        return true;
    }

    /// <summary>Every check of <see cref="TryCompile(IEnumerable{ProgrammeDefinition}, ICollection{RuleDiagnostic}, out PolicyEngine?)"/>, without building delegates (what <c>lint</c> and the analyzer need).</summary>
    /// <returns>True when there are no errors.</returns>
    public static bool Check(IEnumerable<ProgrammeDefinition> definitions, ICollection<RuleDiagnostic> diagnostics) => Check(definitions, [], diagnostics);

    /// <summary>Every check of <see cref="TryCompile(IEnumerable{ProgrammeDefinition}, IEnumerable{RecordDeclaration}, ICollection{RuleDiagnostic}, out PolicyEngine?)"/>, without building the kernels.</summary>
    /// <returns>True when there are no errors.</returns>
    public static bool Check(IEnumerable<ProgrammeDefinition> definitions, IEnumerable<RecordDeclaration> records, ICollection<RuleDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (!RecordKinds.TryBuild([.. records], diagnostics, out var kinds))
        {
            return false;
        }

        var local = Validate(definitions, diagnostics, definition =>
        {
            var errors = new List<RuleDiagnostic>();
            if (ResolveInput(definition, kinds, errors) is { } schema)
            {
                ProgrammeCompiler.Check(definition, schema, errors);
            }

            return errors;
        });
        return !local.Exists(d => d.Severity == DiagnosticSeverity.Error);
    }
}
