namespace PolicyRules.Rules;

/// <summary>
/// Several rules folders loaded as one rule set (the bundled rules and an app's own, say). A
/// programme defined in more than one folder is an error (PR1031) unless exactly one of those
/// folders' definitions says <c>"Overrides": true</c>; that folder's versions then replace the
/// others' (an info says so). The outcome does not depend on the order the folders are given in,
/// and the build (analyzers) and run time (<see cref="PolicyEngine.LoadDirectories"/>) share it.
/// </summary>
internal static class RuleFolders
{
    /// <summary>The definitions to compile, in the order given, less those another folder overrides.</summary>
    public static List<ProgrammeDefinition> Merge(IReadOnlyList<(string Folder, IReadOnlyList<ProgrammeDefinition> Definitions)> folders, ICollection<RuleDiagnostic> diagnostics)
    {
        var all = folders.SelectMany((f, i) => f.Definitions.Select(d => (Folder: i, Definition: d))).ToList();
        if (folders.Count <= 1)
        {
            return [.. all.Select(x => x.Definition)];
        }

        var dropped = new HashSet<ProgrammeDefinition>(ReferenceEqualityComparer.Instance);
        var names = all.Select(x => x.Definition.Name).Distinct(StringComparer.Ordinal).ToList();
        foreach (var group in all.GroupBy(x => x.Definition.Name, StringComparer.Ordinal))
        {
            var perFolder = group.GroupBy(x => x.Folder).OrderBy(g => g.Key).ToList();
            var overriding = perFolder.Where(g => g.Any(x => x.Definition.Overrides)).ToList();
            if (perFolder.Count == 1)
            {
                if (overriding.Count == 1)
                {
                    OverridesNothing(group.First(x => x.Definition.Overrides).Definition, names, diagnostics);
                }

                continue;
            }

            if (overriding.Count == 1)
            {
                var winner = overriding[0];
                var first = winner.First(x => x.Definition.Overrides).Definition;
                foreach (var other in perFolder.Where(g => g.Key != winner.Key))
                {
                    dropped.UnionWith(other.Select(x => x.Definition));
                    diagnostics.Add(new RuleDiagnostic(DiagnosticIds.ProgrammeInTwoFolders, DiagnosticSeverity.Info,
                        $"Programme '{group.Key}' of {folders[winner.Key].Folder} replaces the one of {folders[other.Key].Folder} (at {other.First().Definition.Location}), as its \"Overrides\": true says. / 项目 '{group.Key}' 按 \"Overrides\": true，以 {folders[winner.Key].Folder} 中的定义替换了 {folders[other.Key].Folder} 中的同名项目（位于 {other.First().Definition.Location}）。",
                        first.Location) { RelatedLocation = other.First().Definition.Location });
                }

                continue;
            }

            // No choice made (or two made): keep the first folder's, report every other folder's first definition.
            var kept = perFolder[0].First().Definition;
            foreach (var other in perFolder.Skip(1))
            {
                dropped.UnionWith(other.Select(x => x.Definition));
                var at = other.First().Definition;
                var message = overriding.Count == 0
                    ? $"Programme '{group.Key}' is defined both in {folders[perFolder[0].Key].Folder} (at {kept.Location}) and in {folders[other.Key].Folder}; one rules folder never silently replaces another's programme. Rename one, remove the copy, or, to replace it deliberately, set \"Overrides\": true in the PolicyRules metadata of the one that should win. / 项目 '{group.Key}' 同时定义于 {folders[perFolder[0].Key].Folder}（位于 {kept.Location}）和 {folders[other.Key].Folder}；规则目录之间不会静默覆盖。请改名、删除副本，或在应生效的一方 PolicyRules 元数据中设置 \"Overrides\": true 以明确替换。"
                    : $"Programme '{group.Key}' says \"Overrides\": true in more than one rules folder ({string.Join(", ", overriding.Select(g => folders[g.Key].Folder))}); only one of them can win. Keep \"Overrides\" in one. / 项目 '{group.Key}' 在多个规则目录（{string.Join("、", overriding.Select(g => folders[g.Key].Folder))}）中都设置了 \"Overrides\": true，只能有一个生效，请只在其中一处保留 \"Overrides\"。";
                diagnostics.Add(new RuleDiagnostic(DiagnosticIds.ProgrammeInTwoFolders, DiagnosticSeverity.Error, message, at.Location) { RelatedLocation = kept.Location });
            }
        }

        return [.. all.Select(x => x.Definition).Where(d => !dropped.Contains(d))];
    }

    /// <summary>"Overrides" with nothing to override: most likely a misspelt name, which would leave the other programme in force.</summary>
    private static void OverridesNothing(ProgrammeDefinition definition, List<string> names, ICollection<RuleDiagnostic> diagnostics)
    {
        var suggestion = Suggest.Closest(definition.Name, names.Where(n => n != definition.Name));
        diagnostics.Add(new RuleDiagnostic(DiagnosticIds.ProgrammeInTwoFolders, DiagnosticSeverity.Warning,
            $"Programme '{definition.Name}' says \"Overrides\": true, but no other rules folder defines it{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} Remove \"Overrides\" or name the programme it replaces. / 项目 {definition.Name} 设置了 \"Overrides\": true，但其他规则目录中没有同名项目{(suggestion is null ? "" : $"；是否应为 {suggestion}？")}",
            definition.Location));
    }
}
