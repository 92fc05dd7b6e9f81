using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using PolicyRules.Compilation;
using PolicyRules.Evaluation;
using PolicyRules.Model;
using PolicyRules.Records;
using PolicyRules.Rules;

namespace PolicyRules;

/// <summary>
/// A loaded, validated and compiled set of programmes. Immutable and thread-safe: load it once and
/// share it. Evaluation "as of" a date picks the programme version in force on that date.
/// </summary>
/// <example>
/// <code>
/// var engine = PolicyEngine.LoadBundled();
/// var result = engine.Evaluate("HighTechEnterprise", profile, new DateOnly(2025, 6, 30));
/// Console.WriteLine(result.Eligible);
/// </code>
/// </example>
public sealed class PolicyEngine
{
    /// <summary>
    /// The folder, next to the assembly, that holds the rules bundled with the package. It is a folder
    /// of its own (<c>policyrules-bundled</c>), not <c>rules</c>, so an app's own <c>rules/</c> folder
    /// never replaces a bundled programme by landing on the same path.
    /// </summary>
    public static string BundledRulesDirectory => Path.Combine(AppContext.BaseDirectory, BundledFolderName);

    /// <summary>The name of <see cref="BundledRulesDirectory"/> in an app's output (and of the package's content folder).</summary>
    public const string BundledFolderName = "policyrules-bundled";

    private readonly FrozenDictionary<string, ImmutableArray<CompiledProgramme>> _versions;

    // The "no version in force" stand-ins of each programme: before its first version, after its last.
    private readonly FrozenDictionary<string, (CompiledProgramme? Before, CompiledProgramme? After)> _noVersion;

    private PolicyEngine(FrozenDictionary<string, ImmutableArray<CompiledProgramme>> versions, ImmutableArray<RuleDiagnostic> warnings, FrozenDictionary<string, RecordSchema> records)
    {
        _versions = versions;
        Records = KindsAsBuilt = records;
        _noVersion = versions.ToFrozenDictionary(
            p => p.Key,
            p => (p.Value[0].Definition.EffectiveFrom > DateOnly.MinValue ? NoVersionInForce.Before(p.Value[0]) : null,
                  p.Value[^1].Definition.EffectiveTo is not null ? NoVersionInForce.After(p.Value[^1]) : null),
            StringComparer.Ordinal);
        Warnings = warnings;
        RuleSetId = Fingerprint(versions);
        foreach (var programme in versions.Values.SelectMany(v => v))
        {
            programme.Link(GetProgramme, RuleSetId);
        }

        Programmes = [.. versions.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Names the rule set by what it decides: a short hash of every programme version's dates,
    /// parameters and rule expressions. Results that carry it can be traced to the rules that made them.
    /// </summary>
    public string RuleSetId { get; }

    private static string Fingerprint(FrozenDictionary<string, ImmutableArray<CompiledProgramme>> versions)
    {
        var text = new System.Text.StringBuilder();
        foreach (var programme in versions.Keys.Order(StringComparer.Ordinal))
        {
            foreach (var version in versions[programme])
            {
                var d = version.Definition;
                text.Append(d.WorkflowName).Append('|').Append(d.Version).Append('|').Append(d.EffectiveFrom).Append('|').Append(d.EffectiveTo).Append('\n');
                foreach (var param in d.Params)
                {
                    text.Append(param.Name).Append('=').Append(param.Expression.Text).Append('\n');
                }

                AppendRules(text, d.Rules);
            }
        }

        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash)[..12];

        static void AppendRules(System.Text.StringBuilder text, ImmutableArray<RuleDefinition> rules)
        {
            foreach (var rule in rules)
            {
                text.Append(rule.Name).Append(':').Append(rule.Operator).Append(':').Append(rule.Expression?.Text).Append('\n');
                foreach (var local in rule.LocalParams)
                {
                    text.Append(local.Name).Append('=').Append(local.Expression.Text).Append('\n');
                }

                AppendRules(text, rule.Children);
            }
        }
    }

    /// <summary>Programme names, sorted.</summary>
    public ImmutableArray<string> Programmes { get; }

    /// <summary>
    /// The record kinds of this rule set by name: the bundled Enterprise and Person, every kind a
    /// <c>*.record.json</c> declares, each with the fields its extensions add. Readers, sinks and
    /// <c>generate</c> take the schema of the programmes' kind from here.
    /// </summary>
    public IReadOnlyDictionary<string, RecordSchema> Records { get; }

    /// <summary><see cref="Records"/> as built, for engines compiled over the same kinds (a reform's).</summary>
    internal FrozenDictionary<string, RecordSchema> KindsAsBuilt { get; }

    /// <summary>Warnings and infos found while loading (errors prevent loading).</summary>
    public ImmutableArray<RuleDiagnostic> Warnings { get; }

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

        return TryLoad([.. RecordFiles(directory), .. RuleFiles(directory)], diagnostics, out engine);
    }

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

    /// <summary>The record kind a programme's <c>Input</c> names, or null (with a "did you mean" at the value) when none is loaded.</summary>
    private static RecordSchema? ResolveInput(ProgrammeDefinition definition, IReadOnlyDictionary<string, RecordSchema> kinds, List<RuleDiagnostic> errors)
    {
        if (kinds.TryGetValue(definition.Input, out var schema))
        {
            return schema;
        }

        var suggestion = Suggest.Closest(definition.Input, kinds.Keys);
        errors.Add(new RuleDiagnostic(DiagnosticIds.InvalidMetadata, DiagnosticSeverity.Error,
            $"\"Input\" names '{definition.Input}', which is not a record kind{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} Kinds: {string.Join(", ", kinds.Keys.Order(StringComparer.Ordinal))} (declare a new kind in a *.record.json file beside the rules). / Input 记录类型 {definition.Input} 不存在{(suggestion is null ? "" : $"，是否应为 {suggestion}？")}可用：{string.Join("、", kinds.Keys.Order(StringComparer.Ordinal))}（新类型请在 *.record.json 中声明）。",
            definition.InputLocation ?? definition.Location));
        return null;
    }

    /// <summary>Checks names and version dates across definitions and each definition with <paramref name="checkOne"/>.</summary>
    private static List<RuleDiagnostic> Validate(IEnumerable<ProgrammeDefinition> definitions, ICollection<RuleDiagnostic> diagnostics, Func<ProgrammeDefinition, List<RuleDiagnostic>> checkOne)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var local = new List<RuleDiagnostic>();
        var valid = new List<ProgrammeDefinition>();
        var workflows = new Dictionary<string, ProgrammeDefinition>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            if (!workflows.TryAdd(definition.WorkflowName, definition))
            {
                local.Add(new RuleDiagnostic(DiagnosticIds.DuplicateProgramme, DiagnosticSeverity.Error,
                    $"WorkflowName '{definition.WorkflowName}' is already defined at {workflows[definition.WorkflowName].Location}. / WorkflowName '{definition.WorkflowName}' 重复，已在 {workflows[definition.WorkflowName].Location} 定义。",
                    definition.Location)
                {
                    RelatedLocation = workflows[definition.WorkflowName].Location,
                });
                continue;
            }

            var errors = checkOne(definition);
            local.AddRange(errors);
            if (!errors.Exists(d => d.Severity == DiagnosticSeverity.Error))
            {
                valid.Add(definition);
            }
        }

        foreach (var group in valid.GroupBy(d => d.Name, StringComparer.Ordinal))
        {
            CheckVersions([.. group.OrderBy(d => d.EffectiveFrom)], local);
        }

        CheckUses(workflows.Values, local);

        foreach (var diagnostic in local)
        {
            diagnostics.Add(diagnostic);
        }

        return local;
    }

    /// <summary>
    /// Composite programmes must use programmes that exist, read the same kind of record, and do not
    /// (through others) use themselves: the engine runs used programmes first, so a cycle has no order.
    /// </summary>
    private static void CheckUses(IEnumerable<ProgrammeDefinition> definitions, List<RuleDiagnostic> diagnostics)
    {
        var byName = definitions.GroupBy(d => d.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var definition in byName.Values.SelectMany(d => d))
        {
            foreach (var used in definition.Uses)
            {
                if (!byName.TryGetValue(used.Name, out var target))
                {
                    var suggestion = Suggest.Closest(used.Name, byName.Keys);
                    diagnostics.Add(new RuleDiagnostic(DiagnosticIds.UnknownProgrammeReference, DiagnosticSeverity.Error,
                        $"{definition.WorkflowName} uses '{used.Name}', which no rule file defines{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} / {definition.WorkflowName} 引用的项目 '{used.Name}' 没有任何规则文件定义{(suggestion is null ? "" : $"，是否应为 '{suggestion}'？")}",
                        used.Location));
                }
                else if (target[0].Input != definition.Input)
                {
                    diagnostics.Add(new RuleDiagnostic(DiagnosticIds.UsesOtherKind, DiagnosticSeverity.Error,
                        $"{definition.WorkflowName} evaluates {definition.Input} records but uses '{used.Name}', which evaluates {target[0].Input} records. / {definition.WorkflowName} 评估 {definition.Input} 记录，但引用的项目 '{used.Name}' 评估 {target[0].Input} 记录。",
                        used.Location) { RelatedLocation = target[0].Location });
                }
            }
        }

        foreach (var definition in byName.Values.SelectMany(d => d))
        {
            if (definition.Successor?.Programme is { } successor && !byName.ContainsKey(successor))
            {
                var suggestion = Suggest.Closest(successor, byName.Keys);
                diagnostics.Add(new RuleDiagnostic(DiagnosticIds.UnknownProgrammeReference, DiagnosticSeverity.Error,
                    $"{definition.WorkflowName} names successor programme '{successor}', which no rule file defines{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} Leave \"Programme\" out when the successor is not encoded. / {definition.WorkflowName} 指定的后续项目 '{successor}' 没有任何规则文件定义{(suggestion is null ? "" : $"，是否应为 '{suggestion}'？")} 后续政策未编码时请省略 \"Programme\"。",
                    definition.Location));
            }
        }

        // Depth-first search over programme names; an edge back to a name on the current path closes a cycle.
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the path; true: done
        foreach (var name in byName.Keys.Order(StringComparer.Ordinal))
        {
            Visit(name, []);
        }

        void Visit(string name, List<string> path)
        {
            if (state.ContainsKey(name) || !byName.TryGetValue(name, out var versions))
            {
                return;
            }

            state[name] = false;
            path.Add(name);
            foreach (var definition in versions)
            {
                foreach (var used in definition.Uses)
                {
                    if (state.TryGetValue(used.Name, out var done) && !done)
                    {
                        var cycle = string.Join(" → ", path.Skip(path.IndexOf(used.Name)).Append(used.Name));
                        diagnostics.Add(new RuleDiagnostic(DiagnosticIds.ProgrammeCycle, DiagnosticSeverity.Error,
                            $"Programmes use each other in a cycle: {cycle}. / 项目之间循环引用：{cycle}。", used.Location));
                    }
                    else
                    {
                        Visit(used.Name, path);
                    }
                }
            }

            path.RemoveAt(path.Count - 1);
            state[name] = true;
        }
    }

    private static void CheckVersions(ImmutableArray<ProgrammeDefinition> ordered, List<RuleDiagnostic> diagnostics)
    {
        // Only the last version can have a successor: an earlier one is followed by the next version.
        for (var i = 0; i < ordered.Length - 1; i++)
        {
            if (ordered[i].Successor is not null)
            {
                diagnostics.Add(new RuleDiagnostic(DiagnosticIds.InvalidMetadata, DiagnosticSeverity.Error,
                    $"{ordered[i].Name} {ordered[i].Version} names a Successor but version {ordered[i + 1].Version} follows it: only the last version of a programme names a successor. / {ordered[i].Name} {ordered[i].Version} 设置了 Successor，但其后还有版本 {ordered[i + 1].Version}：只有项目的最后一个版本可设置 Successor。",
                    ordered[i].Location) { RelatedLocation = ordered[i + 1].Location });
            }
        }

        for (var i = 1; i < ordered.Length; i++)
        {
            var previous = ordered[i - 1];
            var current = ordered[i];
            if (previous.Input != current.Input)
            {
                diagnostics.Add(new RuleDiagnostic(DiagnosticIds.VersionsReadOtherKinds, DiagnosticSeverity.Error,
                    $"{current.Name} {current.Version} evaluates {current.Input} records but {previous.Version} evaluates {previous.Input} records: all versions of a programme read the same kind. / {current.Name} {current.Version} 评估 {current.Input} 记录，而 {previous.Version} 评估 {previous.Input} 记录：同一项目各版本的评估对象类型须一致。",
                    current.Location)
                {
                    RelatedLocation = previous.Location,
                });
            }

            if (previous.Version == current.Version)
            {
                diagnostics.Add(new RuleDiagnostic(DiagnosticIds.DuplicateProgramme, DiagnosticSeverity.Error,
                    $"{current.Name} version {current.Version} is already defined at {previous.Location}. / {current.Name} 版本 {current.Version} 重复，已在 {previous.Location} 定义。", current.Location)
                {
                    RelatedLocation = previous.Location,
                });
            }
            else if (previous.EffectiveTo is not { } end || end >= current.EffectiveFrom)
            {
                diagnostics.Add(new RuleDiagnostic(DiagnosticIds.EffectiveDates, DiagnosticSeverity.Error,
                    $"{current.Name} {previous.Version} (from {previous.EffectiveFrom:yyyy-MM-dd} to {previous.EffectiveTo?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "open"}) overlaps {current.Version} (from {current.EffectiveFrom:yyyy-MM-dd}). / {current.Name} {previous.Version}（{(previous.EffectiveTo is { } to ? $"{previous.EffectiveFrom:yyyy-MM-dd} 至 {to:yyyy-MM-dd}" : $"自 {previous.EffectiveFrom:yyyy-MM-dd} 起，无截止日期")}）与 {current.Version}（自 {current.EffectiveFrom:yyyy-MM-dd} 起）有效期重叠。",
                    current.Location));
            }
            else if (end.AddDays(1) != current.EffectiveFrom)
            {
                diagnostics.Add(new RuleDiagnostic(DiagnosticIds.EffectiveDates, DiagnosticSeverity.Error,
                    $"{current.Name} has no version in force from {end.AddDays(1):yyyy-MM-dd} to {current.EffectiveFrom.AddDays(-1):yyyy-MM-dd}. / {current.Name} 在 {end.AddDays(1):yyyy-MM-dd} 至 {current.EffectiveFrom.AddDays(-1):yyyy-MM-dd} 期间没有有效版本（版本有效期之间有空档）。",
                    current.Location));
            }
        }
    }

    /// <summary>
    /// The version of <paramref name="programme"/> in force on <paramref name="asOf"/> or, on a date no
    /// version covers, a stand-in (<see cref="CompiledProgramme.IsNoVersionInForce"/>) whose results are
    /// "not eligible" with one failed criterion, <c>VersionInForce</c>, that says which versions exist and
    /// what succeeded the last one. Every surface (evaluate, screen, gap, report) shows that outcome.
    /// </summary>
    /// <exception cref="UnknownProgrammeException">No rule file defines the programme.</exception>
    public CompiledProgramme GetProgramme(string programme, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(programme);
        if (!_versions.TryGetValue(programme, out var versions))
        {
            var suggestion = Suggest.Closest(programme, Programmes);
            throw new UnknownProgrammeException(programme,
                $"Unknown programme '{programme}'{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} Known: {string.Join(", ", Programmes)}. / 未知项目 '{programme}'{(suggestion is null ? "" : $"，是否应为 '{suggestion}'？")} 已知项目：{string.Join("、", Programmes)}。");
        }

        foreach (var version in versions)
        {
            if (version.IsInForce(asOf))
            {
                return version;
            }
        }

        // Versions neither overlap nor leave a gap (checked at load), so a date no version covers lies
        // before the first or after the last.
        var (before, after) = _noVersion[programme];
        return (asOf < versions[0].Definition.EffectiveFrom ? before : after)
            ?? throw new InvalidOperationException($"{programme}: no version and no stand-in for {asOf:yyyy-MM-dd}.");
    }

    /// <summary>Every version of a programme, oldest first.</summary>
    public ImmutableArray<CompiledProgramme> GetVersions(string programme) =>
        _versions.TryGetValue(programme, out var versions) ? versions : [];

    /// <summary>Evaluates one enterprise against one programme as of a date, explaining every criterion.</summary>
    /// <remarks>For a composite programme the result carries the results of the programmes it uses in <see cref="ProgrammeResult.Uses"/>.</remarks>
    public ProgrammeResult Evaluate(string programme, EnterpriseProfile profile, DateOnly asOf) =>
        GetProgramme(programme, asOf).Evaluate(profile, asOf);

    /// <summary>
    /// Evaluates one enterprise against every enterprise programme in force on <paramref name="asOf"/>,
    /// explaining every criterion: what a portal shows for "which programmes can this enterprise apply
    /// for, and why (not)?". Results are in programme-name order.
    /// </summary>
    /// <remarks>
    /// Each programme is evaluated once: a composite programme's <see cref="ProgrammeResult.Uses"/>
    /// are the same results that stand in the list on their own, not a second evaluation. Person-level
    /// programmes are left out. A programme with no version in force on the date is listed as not
    /// eligible with <see cref="ProgrammeResult.NoVersionInForce"/> set (and the successor its last
    /// version names), so the list always has one result per enterprise programme. A population-level
    /// programme (InnovationIndexTop50) gives the enterprise's eligibility and score; its selection
    /// needs the whole population (<see cref="Screening.PolicyEngineRanking.RankPopulation"/>).
    /// </remarks>
    /// <exception cref="RuleEvaluationException">An expression failed at run time.</exception>
    public ImmutableArray<ProgrammeResult> EvaluateAll(EnterpriseProfile profile, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var results = new Dictionary<string, ProgrammeResult>(StringComparer.Ordinal);
        ProgrammeResult Result(string name)
        {
            if (!results.TryGetValue(name, out var result))
            {
                result = GetProgramme(name, asOf).EvaluateRecord(profile, profile.Id, asOf, Result);
                results.Add(name, result);
            }

            return result;
        }

        var all = ImmutableArray.CreateBuilder<ProgrammeResult>(Programmes.Length);
        foreach (var name in Programmes)
        {
            if (GetVersions(name)[0].Input == RecordKinds.Enterprise)
            {
                all.Add(Result(name));
            }
        }

        return all.ToImmutable();
    }

    /// <summary>Evaluates one person against a person-level programme as of a date, explaining every criterion.</summary>
    public ProgrammeResult Evaluate(string programme, PersonProfile person, DateOnly asOf) =>
        GetProgramme(programme, asOf).Evaluate(person, asOf);
}

/// <summary>A programme name that no rule file defines, or a date on which no version is in force.</summary>
public sealed class UnknownProgrammeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnknownProgrammeException(string programme, string message)
        : base(message)
    {
        Programme = programme;
    }

    /// <summary>The name that was asked for.</summary>
    public string Programme { get; }
}
