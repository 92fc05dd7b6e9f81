using System.Globalization;
using System.Text;
using CsCheck;
using DuckDB.NET.Data;
using PolicyRules.DuckDb;
using PolicyRules.Model;
using PolicyRules.Sql;
using PolicyRules.Tests.Sql;

namespace PolicyRules.Tests.DuckDb;

/// <summary>
/// The typed read of <c>screen --engine duckdb</c> as a class, field kind by field kind (the enterprise
/// record's kinds, the district project record's declared ranges): every text <see cref="PlainColumn.Admits"/>
/// — of every short text over digits, points, signs, spaces, exponents, underscores and tabs, every date
/// edge, random number-like texts and random plain numbers up to the digit limits — read typed by
/// DuckDB's CSV reader and then by the typed input stage is accepted or refused, and read, as the .NET
/// reader accepts, refuses and reads it. DuckDB's CSV reader takes many texts besides, and rounds
/// extra decimals (<c>1.235</c> → 1.24): those are exactly the texts <see cref="PlainColumn.Admits"/> refuses,
/// which the sweep shows by reading every admitted text typed without one difference.
/// </summary>
public sealed class TypedReadSweepTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("policyrules-typedread-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [MemberData(nameof(DuckDbInputStageSweepTests.Records), MemberType = typeof(DuckDbInputStageSweepTests))]
    public void Every_plain_short_text_and_date_is_read_typed_as_the_NET_reader_reads_it(string record)
    {
        var schema = DuckDbInputStageSweepTests.Schema(record);
        var fields = DuckDbInputStageSweepTests.Fields(schema);
        var texts = DuckDbInputStageSweepTests.ShortTexts().Concat(DuckDbInputStageSweepTests.DateTexts()).ToList();
        var (differences, admitted) = Read(schema, fields, texts);
        Assert.Empty(differences);
        // The plain texts of up to five characters over 0, 1 and 9: 363 digit strings and 120 negative ones
        // for a count (some outside its range), more with a point for a decimal, the valid days among the dates.
        Assert.InRange(admitted, 400 * fields.Length, texts.Count * fields.Length / 10);
    }

    [Theory]
    [MemberData(nameof(DuckDbInputStageSweepTests.Records), MemberType = typeof(DuckDbInputStageSweepTests))]
    public void Random_plain_numbers_up_to_the_digit_limits_and_number_like_texts_are_read_typed_as_the_NET_reader_reads_them(string record)
    {
        var schema = DuckDbInputStageSweepTests.Schema(record);
        var fields = DuckDbInputStageSweepTests.Fields(schema);
        var digits = Gen.Char['0', '9'].Array[1, 20].Select(d => new string(d));
        var plain = Gen.Select(DuckDbInputStageSweepTests.Of("", "", "-"), digits, Gen.Frequency((1, Gen.Const("")), (3, digits.Select(d => "." + d))),
            (sign, whole, fraction) => sign + whole + fraction);
        Gen.Frequency((2, plain), (1, DuckDbInputStageSweepTests.NumberLikeText)).List[200, 400]
            .Sample(batch => Assert.Empty(Read(schema, fields, batch).Differences), iter: 25, threads: 1);
    }

    [Fact]
    public void The_texts_DuckDB_reads_typed_otherwise_than_the_NET_reader_are_not_plain()
    {
        var money = PlainColumn.For(RecordSchema.Enterprise.Fields.First(f => f.Kind == FieldKind.Money))!.Value;
        var count = PlainColumn.For(RecordSchema.Enterprise.Fields.First(f => f.Kind == FieldKind.Count))!.Value;
        var date = PlainColumn.For(RecordSchema.Enterprise.Fields.First(f => f.Kind == FieldKind.Date))!.Value;
        foreach (var text in new[] { "1.235", "1.230", "1e3", "1_000", "+5", ".5", "5.", " 5", "5\t", "0x10", "\"5\"", "", "-", "12345678901234567" })
        {
            Assert.False(money.Admits(Encoding.UTF8.GetBytes(text)), text);
        }

        Assert.True(money.Admits("1234567890123456.78"u8));
        Assert.True(money.Admits("-0.5"u8));
        Assert.False(count.Admits("1.0"u8));
        Assert.True(count.Admits("123456789012"u8));
        Assert.False(count.Admits("1234567890123"u8));
        foreach (var text in new[] { "2024-1-5", "2024/01/05", "2024-01-05 10:00", "infinity", "epoch", "0000-01-01", "2023-02-29", "2024-13-01", "20240105" })
        {
            Assert.False(date.Admits(Encoding.UTF8.GetBytes(text)), text);
        }

        Assert.True(date.Admits("2024-02-29"u8));
        Assert.True(date.Admits("0001-01-01"u8));
    }

    /// <summary>
    /// Each admitted text in its field (the other fields plain and valid) in a CSV file that DuckDB reads
    /// typed, through the typed input stage, against the .NET reader: every text read differently, as a
    /// line saying how, and how many texts were admitted.
    /// </summary>
    private (List<string> Differences, int Admitted) Read(RecordSchema schema, ProfileField[] fields, List<string> texts)
    {
        var read = fields.Prepend(schema.IdField).ToList();
        var typed = read.Where(f => PlainColumn.For(f) is not null).ToDictionary(f => f.Name, f => PlainColumn.For(f)!.Value, StringComparer.Ordinal);
        var rows = new List<(int K, string Text)>();
        var csv = new StringBuilder(string.Join(",", read.Select(f => f.Name))).Append('\n');
        for (var k = 0; k < fields.Length; k++)
        {
            foreach (var text in texts.Distinct(StringComparer.Ordinal).Where(t => typed[fields[k].Name].Admits(Encoding.UTF8.GetBytes(t))))
            {
                csv.Append(CultureInfo.InvariantCulture, $"r{rows.Count}");
                for (var j = 0; j < fields.Length; j++)
                {
                    csv.Append(',').Append(j == k ? text : fields[j].Kind == FieldKind.Date ? "2020-01-01" : "1");
                }

                csv.Append('\n');
                rows.Add((k, text));
            }
        }

        var path = Path.Combine(_directory, $"cells-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, csv.ToString());
        var dialect = SqlDialects.DuckDb;
        var sql = new StringBuilder("WITH ");
        InputStage.AppendAllRows(sql, dialect, read, schema.IdField, DuckDbRun.CsvSource(path.Replace("'", "''", StringComparison.Ordinal), CsvPreflight.DuckDbDefaultMaxLineSize, typed),
            numbered: false, typedSource: true);
        sql.Append("\nSELECT ").Append(string.Join(", ", read.Select(f => dialect.QuoteIdentifier(f.Name))))
            .Append(", ").Append(dialect.QuoteIdentifier(InputStage.RejectedColumns)).Append(" FROM ready");

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql.ToString();
        using var reader = command.ExecuteReader();
        var differences = new List<string>();
        var n = 0;
        while (reader.Read())
        {
            var (k, text) = rows[int.Parse(reader.GetString(0)[1..], CultureInfo.InvariantCulture)];
            n++;
            var field = fields[k];
            var rejected = reader.IsDBNull(read.Count) ? null : reader.GetString(read.Count);
            if (rejected is not null && rejected != field.Name)
            {
                differences.Add($"{field.Name} '{text}': rejected column(s) {rejected}");
                continue;
            }

            var value = rejected is null ? DuckDbInputStageSweepTests.Normal(reader.GetValue(k + 1)) : null;
            var expected = DuckDbInputStageSweepTests.Expected(schema, field, text);
            if ((rejected is null) != (expected is not null) || !Equals(value, expected))
            {
                differences.Add($"{field.Name} '{text}': .NET {(expected is null ? "refuses" : "reads " + expected)}, typed DuckDB {(rejected is null ? "reads " + value : "refuses")}");
            }
        }

        Assert.Equal(rows.Count, n);
        return (differences, rows.Count);
    }
}
