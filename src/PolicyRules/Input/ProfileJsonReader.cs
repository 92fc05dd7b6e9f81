using System.Text.Json;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Input;

/// <summary>
/// Reads one enterprise profile from JSON: an object whose properties are the contract field names
/// (camelCase). Numbers are read from their exact text, so money stays exact. Errors name the line
/// and column of the offending token.
/// </summary>
public static class ProfileJsonReader
{
    /// <summary>Reads a profile file.</summary>
    /// <param name="path">The JSON file.</param>
    /// <param name="required">Fields that must be present and non-null (those the programme reads; <c>id</c> is always needed).</param>
    /// <exception cref="ProfileInputException">The file is unreadable, not JSON, or has bad, unknown, removed (the error names the replacement) or missing values.</exception>
    public static EnterpriseProfile ReadFile(string path, FieldSet required) =>
        (EnterpriseProfile)ReadFile(path, RecordSchema.Enterprise, required);

    /// <summary>Reads a record file of <paramref name="schema"/> (an enterprise or a person profile).</summary>
    /// <exception cref="ProfileInputException">The file is unreadable, not JSON, or has bad, unknown, removed (the error names the replacement) or missing values.</exception>
    public static object ReadFile(string path, RecordSchema schema, FieldSet required)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProfileInputException([new InputError(path, 0, 0, "(file)", $"cannot be read: {ex.Message} / 无法读取文件")]);
        }

        return Read(path, bytes, schema, required);
    }

    /// <summary>Reads profile JSON; <paramref name="sourceName"/> names it in errors.</summary>
    public static EnterpriseProfile Read(string sourceName, byte[] utf8, FieldSet required) =>
        (EnterpriseProfile)Read(sourceName, utf8, RecordSchema.Enterprise, required);

    /// <summary>Reads a record of <paramref name="schema"/> from JSON; <paramref name="sourceName"/> names it in errors.</summary>
    public static object Read(string sourceName, byte[] utf8, RecordSchema schema, FieldSet required)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(utf8);
        var source = new SourceText(sourceName, utf8);
        var root = Parse(source, "(json)");

        if (root.Kind != JsonValueKind.Object)
        {
            throw new ProfileInputException([Error(source, root, "(json)", $"a profile is a JSON object, not {root.Describe()} / 画像应为 JSON 对象")]);
        }

        required = required.With(schema.IdField);
        var profile = schema.Create();
        var errors = new List<InputError>();
        var present = FieldSet.Empty;
        var nulls = new Dictionary<ProfileField, JsonSourceNode>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.Properties)
        {
            if (!seen.Add(property.Name))
            {
                errors.Add(Error(source, property.NameStart, property.Name, "the property appears twice / 属性重复"));
                continue;
            }

            if (schema.TryGetRetired(property.Name, out var retired))
            {
                errors.Add(Error(source, property.NameStart, property.Name, retired));
                continue;
            }

            if (!schema.TryGetField(property.Name, out var field))
            {
                var suggestion = Suggest.Closest(property.Name, schema.Fields.Select(f => f.Name));
                errors.Add(Error(source, property.NameStart, property.Name,
                    $"not a profile field{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} / 不是画像字段"));
                continue;
            }

            var value = property.Value;
            var text = value.Kind switch
            {
                JsonValueKind.String => value.StringValue,
                JsonValueKind.Number => Plain(value.NumberText!),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
            if (value.Kind == JsonValueKind.Null)
            {
                nulls[field] = value; // missing: an error below if the programme needs it
                continue;
            }

            var wantsString = field.Kind is FieldKind.Text or FieldKind.Date or FieldKind.Industry or FieldKind.Choice;
            if (text is null || (value.Kind == JsonValueKind.String) != wantsString)
            {
                errors.Add(Error(source, value, field.Name, $"expected {Expected(field.Kind)}, not {value.Describe()} / 值的类型错误"));
                continue;
            }

            if (schema.TryAssign(profile, field, text) is { } reason)
            {
                errors.Add(Error(source, value, field.Name, reason));
                continue;
            }

            present = present.With(field);
        }

        foreach (var field in schema.FieldsIn(required))
        {
            if (!present.Contains(field) && !errors.Exists(e => e.Column == field.Name))
            {
                errors.Add(Error(source, nulls.GetValueOrDefault(field) ?? root, field.Name, "missing: the programme needs this field, and a missing value is not a zero / 缺少必需字段，缺失值不视为零"));
            }
        }

        return errors.Count == 0 ? profile : throw new ProfileInputException(errors);
    }

    /// <summary>Parses JSON input keeping positions; malformed JSON is a <see cref="ProfileInputException"/> at its line and column.</summary>
    internal static JsonSourceNode Parse(SourceText source, string column)
    {
        try
        {
            return JsonSourceNode.Parse(source.Utf8);
        }
        catch (JsonException ex)
        {
            var at = source.Location(ex);
            throw new ProfileInputException([new InputError(source.Path, at.Line, at.Line, column, $"invalid JSON: {ex.Message} / JSON 格式错误 (line {at.Line}, column {at.Column})")]);
        }
    }

    /// <summary>JSON allows exponents (4.8E7); the contract's parsers take plain decimals, so convert exactly.</summary>
    private static string Plain(string number) =>
        number.AsSpan().IndexOfAny('e', 'E') >= 0
        && decimal.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : number;

    private static string Expected(FieldKind kind) => kind switch
    {
        FieldKind.Boolean => "true or false",
        FieldKind.Count => "a whole number",
        FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent => "a number",
        _ => "a string",
    };

    private static InputError Error(SourceText source, JsonSourceNode node, string column, string reason) =>
        Error(source, node.Start, column, reason);

    private static InputError Error(SourceText source, int byteOffset, string column, string reason)
    {
        var (line, col) = source.Position(byteOffset);
        return new InputError(source.Path, line, line, column, $"{reason} (line {line}, column {col})");
    }
}
