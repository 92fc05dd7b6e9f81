using System.Globalization;
using System.Text;
using CsCheck;
using DuckDB.NET.Data;
using PolicyRules.Model;
using PolicyRules.Sql;

namespace PolicyRules.Tests.Sql;

/// <summary>
/// The DuckDB input stage as a class, field kind by field kind (the enterprise record's kinds, and the
/// district project record's declared ranges): every text of up to five characters
/// over digits, points, signs, spaces, exponents, underscores and tabs (the characters DuckDB's casts
/// take and the .NET readers do not), dates around every calendar edge, and random number-like texts
/// (many digits, leading and trailing zeros, many decimals, exponents, hex-like prefixes, Arabic-Indic
/// and full-width digits, spaces and tabs around) are accepted or refused as the .NET reader accepts or
/// refuses them, and read as the same value. The input stage's query runs on the texts directly (no
/// CSV), the reference is <see cref="RecordSchema.TryAssign"/> on the text the CSV reader hands it
/// (outer spaces trimmed). The one documented difference: the SQL engines refuse a score, percentage
/// or decimal with more than <see cref="InputScales.Fraction"/> significant decimals.
/// </summary>
public sealed class DuckDbInputStageSweepTests
{
    private static readonly string DistrictRules = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "district-policy", "rules");

    /// <summary>The enterprise record (every kind, the kinds' own ranges) and the district's project record (money and percent with declared ranges).</summary>
    public static TheoryData<string> Records() => new("Enterprise", "Project");

    internal static RecordSchema Schema(string record) => record == "Enterprise"
        ? RecordSchema.Enterprise
        : PolicyEngine.LoadDirectory(DistrictRules).GetProgramme("KeyRdProjectSupport", new DateOnly(2026, 6, 30)).Schema;

    /// <summary>One field of each kind and declared range the stage checks by its text's shape.</summary>
    internal static ProfileField[] Fields(RecordSchema schema) =>
    [
        .. schema.Fields.Where(f => f.Kind is FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent or FieldKind.Count or FieldKind.Number or FieldKind.Date)
            .DistinctBy(f => (f.Kind, f.Declaration.Min, f.Declaration.Max)),
    ];

    [Theory]
    [MemberData(nameof(Records))]
    public void Every_text_of_up_to_five_digits_points_signs_spaces_exponents_underscores_and_tabs_is_read_as_the_NET_reader_reads_it(string record)
    {
        var texts = ShortTexts();
        Assert.Equal(111_111, texts.Count);
        var schema = Schema(record);
        var fields = Fields(schema);
        var (differences, accepted) = Read(schema, fields, texts);
        Assert.Empty(differences);
        Assert.InRange(accepted, 500 * fields.Count(f => f.Kind != FieldKind.Date), texts.Count * fields.Length / 10);
    }

    [Theory]
    [MemberData(nameof(Records))]
    public void Dates_on_every_month_and_day_from_00_to_32_in_leap_common_and_edge_years_are_read_as_the_NET_reader_reads_them(string record)
    {
        var texts = DateTexts();
        var schema = Schema(record);
        var (differences, accepted) = Read(schema, Fields(schema), texts);
        Assert.Empty(differences);
        Assert.InRange(accepted, 9 * 12 * 28, texts.Count / 2);
    }

    /// <summary>Every text of up to five characters over digits, points, signs, a space, an exponent, an underscore and a tab: 111,111 texts.</summary>
    internal static List<string> ShortTexts()
    {
        var texts = new List<string> { "" };
        for (var length = 1; length <= 5; length++)
        {
            texts.AddRange(texts.Where(t => t.Length == length - 1).SelectMany(t => "019.-+ e_\t".Select(c => t + c)).ToList());
        }

        return texts;
    }

    /// <summary>Every month and day from 00 to 32 in leap, common and edge years, and the same dates with spaces, slashes, a time, a one-digit day.</summary>
    internal static List<string> DateTexts()
    {
        var texts = new List<string>();
        foreach (var year in new[] { "0000", "0001", "1582", "1900", "2000", "2023", "2024", "2100", "9999" })
        {
            for (var month = 0; month <= 13; month++)
            {
                for (var day = 0; day <= 32; day++)
                {
                    var date = string.Create(CultureInfo.InvariantCulture, $"{year}-{month:00}-{day:00}");
                    texts.AddRange([date, " " + date + " ", date + "\t", date.Replace('-', '/'), date + "T00:00", date[..8] + day.ToString(CultureInfo.InvariantCulture)]);
                }
            }
        }

        return texts;
    }

    [Theory]
    [MemberData(nameof(Records))]
    public void Random_number_like_texts_are_read_as_the_NET_reader_reads_them(string record)
    {
        var schema = Schema(record);
        var fields = Fields(schema);
        NumberLikeText.List[200, 400].Sample(batch => Assert.Empty(Read(schema, fields, batch).Differences), iter: 40, threads: 1);
    }

    /// <summary>
    /// Random texts in a text field, a true/false one, money, a count, a date and a choice — letters, CJK,
    /// spaces, tabs, Unicode spaces, the words the kinds read, and U+FFFD (which the CSV reader rejects in any cell it reads: it
    /// decodes leniently, so it may stand for a byte that was not text) at random places: each read or
    /// refused by the input stage as the .NET reader reads or refuses it. The stage took U+FFFD in a text
    /// field until this sweep's class was found (an id holding one was screened by the SQL engines).
    /// </summary>
    [Fact]
    public void Random_texts_with_and_without_U_FFFD_are_read_in_every_kind_as_the_NET_reader_reads_them()
    {
        var schema = RecordSchema.Enterprise;
        ProfileField[] fields = [.. new[] { "name", "residentInMainland", "revenueY1", "employees", "registrationDate", "industry" }.Select(n => schema.Fields.Single(f => f.Name == n))];
        // Unicode spaces (no-break, ideographic, em, next line) too: DuckDB's trim() strips them, the .NET readers keep them.
        var piece = Of("a", "中", " ", "\t", "true", "false", "TRUE", "12", "3.5", "2024-02-29", "-", "\uFFFD", "\uFFFD", "𠀀", "x y", "Industry", "retail", "\u00A0", "\u3000", "\u2003", "\u0085");
        var text = piece.Array[0, 4].Select(p => string.Concat(p));
        text.List[100, 200].Sample(batch => Assert.Empty(Read(schema, fields, batch).Differences), iter: 20, threads: 1);

        // U+FFFD is refused in every kind, by both; the same texts without it are read in the kinds they fit.
        var (refused, noneRead) = Read(schema, fields, ["\uFFFD", "ok\uFFFD", "tr\uFFFDue", "1\uFFFD", "2024-01-01\uFFFD", "Retail\uFFFD"]);
        Assert.Empty(refused);
        Assert.Equal(0, noneRead);
        var (read, someRead) = Read(schema, fields, ["ok", "true", "1", "2024-01-01", "Retail"]);
        Assert.Empty(read);
        Assert.Equal(5 + 1 + 1 + 1 + 1 + 1, someRead); // the name takes all five; true/false, money, the count, the date and the industry one each

        // A choice or a true/false with a Unicode space around it is refused by both; a text keeps it.
        var (spaced, spacedRead) = Read(schema, fields, ["\u00A0Retail", "true\u3000", "\u2003x"]);
        Assert.Empty(spaced);
        Assert.Equal(3, spacedRead); // the name, each
    }

    /// <summary>
    /// Number-like texts: many digits, leading and trailing zeros, many decimals, exponents, hex-like
    /// prefixes, Arabic-Indic and full-width digits, spaces and tabs around, a stray character inserted.
    /// </summary>
    internal static Gen<string> NumberLikeText
    {
        get
        {
            var digit = Gen.Frequency((30, Gen.Char['0', '9']), (1, Gen.Const('٣')), (1, Gen.Const('１')));
            var digits = digit.Array[0, 30].Select(d => new string(d));
            var zeros = Gen.Frequency((3, Gen.Const(0)), (1, Gen.Int[1, 30])).Select(n => new string('0', n));
            var space = Of("", "", "", " ", "  ", "\t", "\u00A0", "\u3000");
            var number = Gen.Select(
                Gen.Select(space, Of("", "", "", "+", "-", "-", "+-", "0x", "0b", "-0x"), zeros, digits),
                Gen.Select(Of("", "", ".", "."), digits, zeros),
                Gen.Select(Of("", "", "", "", "e", "E", "e-", "E+"), digit.Array[0, 3].Select(d => new string(d)), space),
                (a, b, c) => a.Item1 + a.Item2 + a.Item3 + a.Item4 + b.Item1 + b.Item2 + b.Item3 + c.Item1 + c.Item2 + c.Item3);
            return Gen.Select(number, Gen.Int[0, 40], Gen.Frequency((12, Gen.Const("")), (1, Of("_", "e", ".", "-", " "))),
                (t, at, extra) => t.Insert(Math.Min(at, t.Length), extra));
        }
    }

    /// <summary>
    /// Each text in each field (the other fields valid), read by the DuckDB input stage and by the .NET
    /// reader: every text read differently, as a line saying how, and how many both read.
    /// </summary>
    private static (List<string> Differences, int Accepted) Read(RecordSchema schema, ProfileField[] fields, List<string> texts)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        Execute(connection, "CREATE TABLE cells (id VARCHAR, k INTEGER, t VARCHAR)");
        using (var appender = connection.CreateAppender("cells"))
        {
            for (var k = 0; k < fields.Length; k++)
            {
                for (var i = 0; i < texts.Count; i++)
                {
                    appender.CreateRow().AppendValue(Id(k, i)).AppendValue(k).AppendValue(texts[i]).EndRow();
                }
            }
        }

        var dialect = SqlDialects.DuckDb;
        var columns = fields.Select((f, k) => $"(CASE WHEN k = {k} THEN t ELSE {ExpressionTranslator.Quote(f.Kind switch { FieldKind.Date => "2020-01-01", FieldKind.Boolean => "true", FieldKind.Industry => "Industry", _ => "1" })} END) AS {dialect.QuoteIdentifier(f.Name)}");
        Execute(connection, $"CREATE VIEW source AS SELECT id, {string.Join(", ", columns)} FROM cells");
        var read = fields.Prepend(schema.IdField).ToList();
        var sql = new StringBuilder("WITH ");
        InputStage.AppendAllRows(sql, dialect, read, schema.IdField, "source", numbered: false, typedSource: false);
        sql.Append("\nSELECT ").Append(string.Join(", ", read.Select(f => dialect.QuoteIdentifier(f.Name))))
            .Append(", ").Append(dialect.QuoteIdentifier(InputStage.RejectedColumns)).Append(" FROM ready");

        var differences = new List<string>();
        using var command = connection.CreateCommand();
        command.CommandText = sql.ToString();
        using var reader = command.ExecuteReader();
        var rows = 0;
        var accepted = 0;
        while (reader.Read())
        {
            rows++;
            var id = reader.GetString(0);
            var k = int.Parse(id[..id.IndexOf(':', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            var text = texts[int.Parse(id[(id.IndexOf(':', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture)];
            var field = fields[k];
            var rejected = reader.IsDBNull(read.Count) ? null : reader.GetString(read.Count);
            var sqlValue = rejected is null ? Normal(reader.GetValue(k + 1)) : null;
            if (rejected is not null && rejected != field.Name)
            {
                differences.Add($"{field.Name} {Shown(text)}: DuckDB rejected column(s) {rejected}");
                continue;
            }

            var expected = Expected(schema, field, text);
            accepted += rejected is null && expected is not null ? 1 : 0;
            if ((rejected is null) != (expected is not null) || !Equals(sqlValue, expected))
            {
                differences.Add($"{field.Name} {Shown(text)}: .NET {(expected is null ? "refuses" : "reads " + expected)}, DuckDB {(rejected is null ? "reads " + sqlValue : "refuses")}");
            }
        }

        Assert.Equal(texts.Count * fields.Length, rows);
        return (differences, accepted);
    }

    /// <summary>
    /// The value the .NET reader reads from <paramref name="text"/> as a CSV cell of <paramref name="field"/>
    /// (outer spaces trimmed, an empty cell missing), or null when it refuses it, or when the SQL engines
    /// refuse it by their documented limit on decimals.
    /// </summary>
    internal static object? Expected(RecordSchema schema, ProfileField field, string text)
    {
        var cell = text.Trim(' ');
        var record = schema.Create();
        // The CSV reader rejects any cell it reads that holds U+FFFD (ProfileCsvReader: it decodes leniently).
        if (cell.Length == 0 || cell.Contains('\uFFFD', StringComparison.Ordinal) || schema.TryAssign(record, field, cell) is not null)
        {
            return null;
        }

        var point = cell.IndexOf('.', StringComparison.Ordinal);
        if (field.Kind is FieldKind.Score or FieldKind.Percent or FieldKind.Number && point >= 0 && cell[(point + 1)..].TrimEnd('0').Length > InputScales.Fraction)
        {
            return null;
        }

        return Normal(field.Property.GetValue(record));
    }

    /// <summary>A value as both sides compare it: numbers as decimal (5.00 equals 5), dates as DateOnly.</summary>
    internal static object? Normal(object? value) => value switch
    {
        null or DBNull => null,
        DateTime d => DateOnly.FromDateTime(d),
        DateOnly d => d,
        decimal or int or long => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        _ => value,
    };

    /// <summary>One of <paramref name="texts"/>, each as likely (a text listed twice, twice as likely).</summary>
    internal static Gen<string> Of(params string[] texts) => Gen.Int[0, texts.Length - 1].Select(i => texts[i]);

    private static string Id(int k, int i) => string.Create(CultureInfo.InvariantCulture, $"{k}:{i}");

    private static string Shown(string text) => "'" + text.Replace("\t", "\\t", StringComparison.Ordinal) + "'";

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
