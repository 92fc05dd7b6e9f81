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
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{current.Name} {previous.Version} (from {previous.EffectiveFrom:yyyy-MM-dd} to {previous.EffectiveTo?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "open"}) overlaps {current.Version} (from {current.EffectiveFrom:yyyy-MM-dd}). / {current.Name} {previous.Version}（{(previous.EffectiveTo is { } to ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{previous.EffectiveFrom:yyyy-MM-dd} 至 {to:yyyy-MM-dd}") : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"自 {previous.EffectiveFrom:yyyy-MM-dd} 起，无截止日期"))}）与 {current.Version}（自 {current.EffectiveFrom:yyyy-MM-dd} 起）有效期重叠。"),
                    current.Location));
            }
            else if (end.AddDays(1) != current.EffectiveFrom)
            {
                diagnostics.Add(new RuleDiagnostic(DiagnosticIds.EffectiveDates, DiagnosticSeverity.Error,
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{current.Name} has no version in force from {end.AddDays(1):yyyy-MM-dd} to {current.EffectiveFrom.AddDays(-1):yyyy-MM-dd}. / {current.Name} 在 {end.AddDays(1):yyyy-MM-dd} 至 {current.EffectiveFrom.AddDays(-1):yyyy-MM-dd} 期间没有有效版本（版本有效期之间有空档）。"),
                    current.Location));
            }
        }
    }
}
