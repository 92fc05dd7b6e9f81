using System.Collections.Frozen;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Records;

/// <summary>
/// The record kinds of one rule set: the bundled ones (Enterprise, Person), every kind a
/// <c>*.record.json</c> declares, each with the fields its extensions add. Checks across files
/// happen here: a kind declared twice, an extension of an unknown kind (with "did you mean"),
/// a field an extension repeats (naming both files).
/// </summary>
internal static class RecordKinds
{
    /// <summary>The kind programmes read unless their metadata names another.</summary>
    public const string Enterprise = "Enterprise";

    /// <summary>The bundled kinds alone: what a rule set without declarations reads.</summary>
    public static FrozenDictionary<string, RecordSchema> Bundled { get; } = new Dictionary<string, RecordSchema>(StringComparer.Ordinal)
    {
        [RecordSchema.Enterprise.Name] = RecordSchema.Enterprise,
        [RecordSchema.Person.Name] = RecordSchema.Person,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Builds the kinds; false (with diagnostics) when the declarations conflict.</summary>
    public static bool TryBuild(IReadOnlyList<RecordDeclaration> declarations, ICollection<RuleDiagnostic> diagnostics, out FrozenDictionary<string, RecordSchema> kinds)
    {
        kinds = Bundled;
        if (declarations.Count == 0)
        {
            return true;
        }

        var errors = 0;
        void Report(string message, SourceLocation location, SourceLocation? related = null)
        {
            errors++;
            diagnostics.Add(new RuleDiagnostic(DiagnosticIds.SchemaViolation, DiagnosticSeverity.Error, message, location) { RelatedLocation = related });
        }

        var declared = new Dictionary<string, RecordDeclaration>(StringComparer.Ordinal);
        foreach (var declaration in declarations.Where(d => !d.IsExtension))
        {
            if (Bundled.TryGetValue(declaration.Name, out var bundled))
            {
                // The bundled folder ships the bundled declarations themselves; any other is a conflict.
                if (!SameFields(declaration, bundled.Declarations[0]))
                {
                    Report($"Record kind '{declaration.Name}' is bundled with PolicyRules: add fields to it with \"Extends\": \"{declaration.Name}\" in a file of your own instead of redeclaring it. / 记录类型 {declaration.Name} 为 PolicyRules 内置类型：请用 \"Extends\": \"{declaration.Name}\" 另建文件扩展字段，而不要重新声明。",
                        declaration.Location);
                }
            }
            else if (declared.TryGetValue(declaration.Name, out var first))
            {
                Report($"Record kind '{declaration.Name}' is already declared in {first.Location}. / 记录类型 {declaration.Name} 已在 {first.Location} 声明。", declaration.Location, first.Location);
            }
            else
            {
                declared.Add(declaration.Name, declaration);
            }
        }

        var extensions = new Dictionary<string, List<RecordDeclaration>>(StringComparer.Ordinal);
        var known = Bundled.Keys.Concat(declared.Keys).ToList();
        foreach (var extension in declarations.Where(d => d.IsExtension))
        {
            if (!known.Contains(extension.Name, StringComparer.Ordinal))
            {
                var suggestion = Suggest.Closest(extension.Name, known);
                Report($"\"Extends\" names '{extension.Name}', which is not a record kind{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} Kinds: {string.Join(", ", known)}. / \"Extends\" 指定的记录类型 '{extension.Name}' 不存在{(suggestion is null ? "" : $"，是否应为 '{suggestion}'？")}可用类型：{string.Join("、", known)}。",
                    extension.Location);
                continue;
            }

            // An added field must be new to the kind and to every other extension of it.
            var fields = new Dictionary<string, (FieldDeclaration Field, string Path)>(StringComparer.OrdinalIgnoreCase);
            var own = Bundled.TryGetValue(extension.Name, out var schema) ? schema.Declarations[0] : declared[extension.Name];
            foreach (var declaration in extensions.GetValueOrDefault(extension.Name, []).Prepend(own))
            {
                foreach (var field in declaration.Fields)
                {
                    fields.TryAdd(field.Name, (field, declaration.SourcePath));
                }
            }

            var clash = false;
            foreach (var field in extension.Fields)
            {
                if (fields.TryGetValue(field.Name, out var existing))
                {
                    clash = true;
                    Report($"{extension.Name} already has a field '{existing.Field.Name}' ({existing.Field.Location}): an extension only adds new fields; rename '{field.Name}' in {extension.SourcePath}. / {extension.Name} 已有字段 {existing.Field.Name}（{existing.Field.Location}），扩展只能新增字段：请在 {extension.SourcePath} 中为 '{field.Name}' 改名。",
                        field.Location, existing.Field.Location);
                }
            }

            if (!clash)
            {
                if (!extensions.TryGetValue(extension.Name, out var list))
                {
                    extensions.Add(extension.Name, list = []);
                }

                list.Add(extension);
            }
        }

        if (errors > 0)
        {
            return false;
        }

        var emitter = new RecordTypeEmitter();
        var built = new Dictionary<string, RecordSchema>(Bundled, StringComparer.Ordinal);
        foreach (var (name, schema) in Bundled)
        {
            if (extensions.TryGetValue(name, out var added))
            {
                built[name] = schema.Extend(added, emitter);
            }
        }

        foreach (var (name, declaration) in declared)
        {
            built[name] = RecordSchema.Emit(declaration, extensions.GetValueOrDefault(name, []), emitter);
        }

        kinds = built.ToFrozenDictionary(StringComparer.Ordinal);
        return true;
    }

    private static bool SameFields(RecordDeclaration a, RecordDeclaration b) =>
        a.Variable == b.Variable && a.Fields.Length == b.Fields.Length
        && a.Fields.Zip(b.Fields).All(p => p.First.Name == p.Second.Name && p.First.Kind == p.Second.Kind
            && p.First.Min == p.Second.Min && p.First.Max == p.Second.Max && p.First.Values.SequenceEqual(p.Second.Values));
}
