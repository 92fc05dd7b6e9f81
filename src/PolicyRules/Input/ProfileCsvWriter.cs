using System.Globalization;
using nietras.SeparatedValues;
using PolicyRules.Model;
using PolicyRules.Output;

namespace PolicyRules.Input;

/// <summary>Writes enterprise (or person) profiles as contract CSV (the format <see cref="ProfileCsvReader"/> reads), streaming.</summary>
public static class ProfileCsvWriter
{
    /// <summary>Writes <paramref name="profiles"/> to <paramref name="path"/>; returns how many were written.</summary>
    public static long Write(string path, IEnumerable<EnterpriseProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var outputs = new OutputFiles([]);
        long count;
        using (var writer = Sep.New(',').Writer(o => o with { CultureInfo = CultureInfo.InvariantCulture }).To(outputs.Create(path)))
        {
            count = Write(writer, profiles, RecordSchema.Enterprise);
        }

        outputs.Commit(); // whole or not at all
        return count;
    }

    /// <summary>Writes person profiles (the person contract) to <paramref name="path"/>; returns how many were written.</summary>
    public static long WritePersons(string path, IEnumerable<PersonProfile> persons)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var outputs = new OutputFiles([]);
        long count;
        using (var writer = Sep.New(',').Writer(o => o with { CultureInfo = CultureInfo.InvariantCulture }).To(outputs.Create(path)))
        {
            count = Write(writer, persons, RecordSchema.Person);
        }

        outputs.Commit(); // whole or not at all
        return count;
    }

    /// <summary>Writes records of <paramref name="schema"/> (any kind, declared ones included) to <paramref name="path"/>; returns how many were written.</summary>
    public static long WriteRecords(string path, IEnumerable<object> records, RecordSchema schema)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(schema);
        using var outputs = new OutputFiles([]);
        long count;
        using (var writer = Sep.New(',').Writer(o => o with { CultureInfo = CultureInfo.InvariantCulture }).To(outputs.Create(path)))
        {
            count = Write(writer, records, schema);
        }

        outputs.Commit(); // whole or not at all
        return count;
    }

    /// <summary>Writes <paramref name="profiles"/> to <paramref name="text"/>; returns how many were written.</summary>
    public static long Write(TextWriter text, IEnumerable<EnterpriseProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var writer = Sep.New(',').Writer(o => o with { CultureInfo = CultureInfo.InvariantCulture }).To(text, leaveOpen: true);
        return Write(writer, profiles, RecordSchema.Enterprise);
    }

    private static long Write(SepWriter writer, IEnumerable<object> profiles, RecordSchema schema)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var fields = schema.Fields;
        foreach (var field in fields)
        {
            writer.Header.Add(field.Name);
        }

        long count = 0;
        foreach (var profile in profiles)
        {
            using var row = writer.NewRow();
            for (var i = 0; i < fields.Count; i++)
            {
                // Quoted here rather than by Sep so that outer spaces survive the reader's trimming.
                row[i].Set(Cell.Quote(Format(fields[i].Property.GetValue(profile))));
            }

            count++;
        }

        return count;
    }

    /// <summary>A value in contract form: invariant numbers, <c>true</c>/<c>false</c>, <c>YYYY-MM-DD</c>.</summary>
    internal static string Format(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
