using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyRules.Model;

namespace PolicyRules.RuleTesting;

/// <summary>
/// The JSON Schema of rule-test files (<c>*.tests.json</c>) for one rule set: the bundled
/// <c>policyrules-tests.schema.json</c> with a profile definition per record kind the rules know —
/// the bundled kinds with the fields their extensions add, and every declared kind — so an editor
/// completes and checks a case's <c>Base</c> and <c>Input</c> against the fields the rules read.
/// </summary>
/// <remarks>
/// For the bundled rules alone it is the bundled file, field for field (a test holds them equal), so
/// this is the one place the profile part of that schema comes from. <c>policyrules schema</c> writes it.
/// </remarks>
public static class RuleTestSchema
{
    /// <summary>The schema's conventional file name, beside the rules it describes.</summary>
    public const string FileName = "policyrules-tests.schema.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The schema for the record kinds of <paramref name="engine"/>, as indented JSON text.</summary>
    public static string For(PolicyEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return Build(engine).ToJsonString(Indented) + "\n";
    }

    /// <summary>The definition name of a kind's profile: <c>Enterprise</c> → <c>enterpriseProfile</c>.</summary>
    public static string DefinitionName(string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        return char.ToLowerInvariant(kind[0]) + kind[1..] + "Profile";
    }

    private static JsonObject Build(PolicyEngine engine)
    {
        using var stream = typeof(RuleTestSchema).Assembly.GetManifestResourceStream(FileName)
            ?? throw new InvalidOperationException($"{FileName} is missing from the PolicyRules assembly.");
        var schema = JsonNode.Parse(stream)!.AsObject();
        var definitions = schema["$defs"]!.AsObject();

        // The bundled kinds first, in the template's order, then the declared ones by name.
        var kinds = engine.Records.Keys
            .OrderBy(k => k == RecordSchema.Enterprise.Name ? 0 : k == RecordSchema.Person.Name ? 1 : 2)
            .ThenBy(k => k, StringComparer.Ordinal)
            .ToList();
        var profile = definitions["profile"]!.AsObject();
        var anyOf = new JsonArray();
        foreach (var kind in kinds)
        {
            var name = DefinitionName(kind);
            definitions[name] = Profile(engine.Records[kind]);
            anyOf.Add(new JsonObject { ["$ref"] = "#/$defs/" + name });
        }

        profile["anyOf"] = anyOf;
        if (kinds.Count > 2)
        {
            profile["description"] = $"A record of a kind these rules read ({string.Join(", ", kinds)}; docs/data-dictionary.md and the *.record.json declarations), or some of its fields. / 规则所读记录类型（{string.Join("、", kinds)}；见 docs/data-dictionary.md 与各 *.record.json 声明）之一的记录或其部分字段。";
        }

        return schema;
    }

    private static JsonObject Profile(RecordSchema schema)
    {
        var properties = new JsonObject();
        foreach (var field in schema.Fields)
        {
            var type = field.Kind switch
            {
                FieldKind.Text => new JsonObject { ["type"] = new JsonArray("string", "null") },
                FieldKind.Boolean => new JsonObject { ["type"] = new JsonArray("boolean", "null") },
                FieldKind.Date => new JsonObject { ["type"] = new JsonArray("string", "null"), ["pattern"] = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
                FieldKind.Count => Numeric("integer", field),
                FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent or FieldKind.Number => Numeric("number", field),
                FieldKind.Industry or FieldKind.Choice => new JsonObject { ["enum"] = new JsonArray([.. Choices(field).Select(v => JsonValue.Create(v)), null]) },
                _ => throw new InvalidOperationException($"No schema for field kind {field.Kind}."),
            };
            type["description"] = field.MeaningZh;
            properties[field.Name] = type;
        }

        return new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = properties };
    }

    private static JsonObject Numeric(string type, ProfileField field)
    {
        var node = new JsonObject { ["type"] = new JsonArray(type, "null") };
        if (field.Min is { } min)
        {
            node["minimum"] = Number(min);
        }

        if (field.Max is { } max)
        {
            node["maximum"] = Number(max);
        }

        return node;
    }

    // Whole bounds as integers (1000000000000000000, not 1000000000000000000.0), others exactly.
    private static JsonNode Number(decimal value) =>
        JsonNode.Parse(value == decimal.Truncate(value) ? decimal.Truncate(value).ToString(CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture))!;

    private static IEnumerable<string> Choices(ProfileField field) =>
        !field.Values.IsDefaultOrEmpty ? field.Values
        : field.Property.PropertyType.IsEnum ? Enum.GetNames(field.Property.PropertyType)
        : [];
}
