using System.Globalization;
using PolicyRules.Model;

namespace PolicyRules.Cli.Generation;

/// <summary>
/// Seeded synthetic records of a declared kind, each field drawn from its kind and declared range:
/// what <c>generate --record</c> writes for a kind no hand-written generator knows. Money and
/// percentages are drawn to the fen / hundredth, so every value reads back exactly; one value in
/// eight sits on a declared bound, so screening meets the edges.
/// </summary>
internal static class SyntheticRecords
{
    /// <summary>The evaluation date dates are drawn around (the README's as-of date).</summary>
    private static readonly DateOnly Reference = new(2026, 6, 30);

    public static IEnumerable<object> Generate(RecordSchema schema, int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var record = schema.Create();
            Fill(schema, record, schema.Fields, random, i);
            yield return record;
        }
    }

    /// <summary>Enterprises from the enterprise generator, with the fields of the kind's extensions drawn as any declared field is.</summary>
    public static IEnumerable<object> Extend(RecordSchema schema, IEnumerable<EnterpriseProfile> profiles, int seed)
    {
        var random = new Random(seed ^ 0x5EED);
        var added = schema.Fields.Skip(schema.Extends!.Fields.Count).ToList();
        var i = 0;
        foreach (var profile in profiles)
        {
            var record = schema.Create();
            foreach (var field in schema.Extends.Fields)
            {
                field.Property.SetValue(record, field.Property.GetValue(profile));
            }

            Fill(schema, record, added, random, i++);
            yield return record;
        }
    }

    private static void Fill(RecordSchema schema, object record, IEnumerable<ProfileField> fields, Random random, int index)
    {
        foreach (var field in fields)
        {
            var text = field.Name == "id" ? $"{schema.Name[..Math.Min(3, schema.Name.Length)].ToUpperInvariant()}{index + 1:D6}" : Draw(field, random, index);
            if (schema.TryAssign(record, field, text) is { } reason)
            {
                throw new InvalidOperationException($"Drew '{text}' for {field.Name}: {reason}");
            }
        }
    }

    private static string Draw(ProfileField field, Random random, int index)
    {
        var edge = random.Next(8) == 0;
        switch (field.Kind)
        {
            case FieldKind.Text:
                return $"{field.Title.Zh} {index + 1}";
            case FieldKind.Boolean:
                return random.Next(2) == 0 ? "true" : "false";
            case FieldKind.Date:
                return Reference.AddDays(-random.Next(0, 5 * 365)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case FieldKind.Choice or FieldKind.Industry:
                return field.Values[random.Next(field.Values.Length)];
            default:
                // Within the declared range, capped so typical magnitudes (not 10^18) dominate.
                var min = field.Min ?? 0m;
                var max = Math.Min(field.Max ?? 100m, min + 100_000_000m);
                var whole = field.Kind is FieldKind.Count;
                if (edge)
                {
                    return (random.Next(2) == 0 ? min : max).ToString(CultureInfo.InvariantCulture);
                }

                var value = min + ((max - min) * (decimal)random.NextDouble());
                value = whole ? decimal.Floor(value) : decimal.Round(value, 2, MidpointRounding.ToZero);
                return Math.Clamp(value, min, max).ToString(CultureInfo.InvariantCulture);
        }
    }
}
