using System.Collections.Immutable;
using System.Text;
using PolicyRules.Input;
using PolicyRules.Model;

namespace PolicyRules.Tests.Input;

/// <summary>Small helpers shared by the profile-reader tests.</summary>
internal static class ProfileInputTestSupport
{
    public const string CsvSource = "profiles.csv";

    public const string JsonSource = "profile.json";

    /// <summary>The contract field called <paramref name="name"/>.</summary>
    public static ProfileField Field(string name) =>
        ProfileSchema.TryGetField(name, out var field) ? field : throw new ArgumentException("not a contract field: " + name, nameof(name));

    /// <summary>A field set of the named contract fields.</summary>
    public static FieldSet Fields(params string[] names)
    {
        var set = FieldSet.Empty;
        foreach (var name in names)
        {
            set = set.With(Field(name));
        }

        return set;
    }

    /// <summary>Reads every record of <paramref name="csv"/> (materialised while the reader is open).</summary>
    public static List<ProfileRecord> ReadCsv(string csv, FieldSet required) => ReadCsv(csv, required, out _);

    /// <summary>Reads every record of <paramref name="csv"/> and returns the ignored header columns too.</summary>
    public static List<ProfileRecord> ReadCsv(string csv, FieldSet required, out ImmutableArray<string> ignored)
    {
        using var reader = ProfileCsvReader.Open(new StringReader(csv), CsvSource, required);
        ignored = reader.IgnoredColumns;
        return [.. reader.ReadAll()];
    }

    /// <summary>Reads every record from raw bytes, decoded the way a file is (a StreamReader, BOM-aware).</summary>
    public static List<ProfileRecord> ReadCsvBytes(byte[] bytes, FieldSet required)
    {
        using var text = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var reader = ProfileCsvReader.Open(text, CsvSource, required);
        return [.. reader.ReadAll()];
    }

    /// <summary>The contract CSV of <paramref name="profiles"/>, as <see cref="ProfileCsvWriter"/> writes it.</summary>
    public static string WriteCsv(params EnterpriseProfile[] profiles)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var written = ProfileCsvWriter.Write(text, profiles);
        Assert.Equal(profiles.Length, written);
        return text.ToString();
    }

    /// <summary>A CSV cell quoted per RFC 4180 (quotes doubled).</summary>
    public static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The value of <paramref name="field"/> in <paramref name="profile"/>, in contract (CSV) form.</summary>
    public static string ContractValue(EnterpriseProfile profile, string field) =>
        ProfileCsvWriter.Format(Field(field).Property.GetValue(profile));

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Reads JSON expecting failure; returns the errors.</summary>
    public static IReadOnlyList<InputError> JsonErrors(string json, FieldSet required) => JsonErrors(Utf8(json), required);

    /// <summary>Reads JSON bytes expecting failure; returns the errors.</summary>
    public static IReadOnlyList<InputError> JsonErrors(byte[] json, FieldSet required)
    {
        var ex = Assert.Throws<ProfileInputException>(() => ProfileJsonReader.Read(JsonSource, json, required));
        Assert.NotEmpty(ex.Errors);
        return ex.Errors;
    }
}
