using System.Globalization;
using System.Text;
using PolicyRules.Model;

namespace PolicyRules.Reporting;

/// <summary>
/// The data dictionary's tables, written from the record declarations — the one place a field is
/// described — and from the rules, which say who reads each field. docs/data-dictionary.md holds the
/// bundled kinds' tables between markers; a test fails when they are stale.
/// </summary>
public static class FieldDocumentation
{
    /// <summary>The marker that opens a generated table in a Markdown file: <c>&lt;!-- generated: Enterprise --&gt;</c>.</summary>
    public static string BeginMarker(string kind) => $"<!-- generated from the {kind} declaration: do not edit by hand -->";

    /// <summary>The marker that closes a generated table.</summary>
    public const string EndMarker = "<!-- end of generated table -->";

    /// <summary>One Markdown table of <paramref name="schema"/>'s fields: name, values, unit, period, titles and the programmes of <paramref name="engine"/> that read it.</summary>
    public static string Table(RecordSchema schema, PolicyEngine engine)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(engine);
        var text = new StringBuilder();
        text.Append("| field | values | unit | period | 名称 | title | read by |\n");
        text.Append("|---|---|---|---|---|---|---|\n");
        foreach (var field in schema.Fields)
        {
            text.Append(CultureInfo.InvariantCulture, $"| `{field.Name}` | {Values(field)} | {field.Unit ?? "—"} | {field.Period ?? "—"} | {Cell(field.Title.Zh)} | {Cell(field.Title.En)} | {ReadBy(field, schema, engine)} |\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// <paramref name="markdown"/> with the table between each kind's markers rewritten; kinds without
    /// markers are left alone, as is everything outside them.
    /// </summary>
    public static string Update(string markdown, IEnumerable<RecordSchema> schemas, PolicyEngine engine)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentNullException.ThrowIfNull(schemas);
        foreach (var schema in schemas)
        {
            var begin = markdown.IndexOf(BeginMarker(schema.Name), StringComparison.Ordinal);
            var end = begin < 0 ? -1 : markdown.IndexOf(EndMarker, begin, StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }

            var start = begin + BeginMarker(schema.Name).Length;
            markdown = string.Concat(markdown.AsSpan(0, start), "\n", Table(schema, engine), markdown.AsSpan(end));
        }

        return markdown;
    }

    private static string Values(ProfileField field) => field.Kind switch
    {
        FieldKind.Text => "text",
        FieldKind.Boolean => "true/false",
        FieldKind.Date => "YYYY-MM-DD",
        FieldKind.Choice or FieldKind.Industry => string.Join(", ", field.Values),
        FieldKind.Count => Range("whole number", field, 0, int.MaxValue),
        FieldKind.Money => Range("yuan to the fen", field, 0, ProfileSchema.MaxMoney),
        FieldKind.SignedMoney => Range("yuan to the fen, may be negative", field, -ProfileSchema.MaxMoney, ProfileSchema.MaxMoney),
        FieldKind.Percent => Range("percent", field, 0, 100),
        FieldKind.Score => Range("score", field, 0, 100),
        _ => Range("number", field, -ProfileSchema.MaxMoney, ProfileSchema.MaxMoney),
    };

    // Only a range narrower than the kind's own is worth a reader's attention.
    private static string Range(string what, ProfileField field, decimal kindMin, decimal kindMax)
    {
        var min = field.Min ?? kindMin;
        var max = field.Max ?? kindMax;
        var low = min == kindMin && kindMin < 0 ? "" : min.ToString(CultureInfo.InvariantCulture);
        var high = max == kindMax && kindMax >= ProfileSchema.MaxMoney || max == int.MaxValue ? "" : max.ToString(CultureInfo.InvariantCulture);
        return (low, high) switch
        {
            ("", "") => what,
            (_, "") => $"{what} ≥ {low}",
            _ => $"{what} {low}–{high}",
        };
    }

    private static string ReadBy(ProfileField field, RecordSchema schema, PolicyEngine engine)
    {
        var readers = new List<string>();
        foreach (var name in engine.Programmes)
        {
            var versions = engine.GetVersions(name);
            if (versions[0].Schema.Name != schema.Name)
            {
                continue;
            }

            var reading = versions.Where(v => v.RequiredFields.Contains(field.Index) && v.Schema.Fields[field.Index].Name == field.Name).ToList();
            if (reading.Count > 0)
            {
                readers.Add(reading.Count == versions.Length ? name : $"{name} {string.Join(", ", reading.Select(v => v.Definition.Version))}");
            }
        }

        return field.Name == "id" ? "all (every reader requires it)" : readers.Count == 0 ? "—" : string.Join("; ", readers);
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
