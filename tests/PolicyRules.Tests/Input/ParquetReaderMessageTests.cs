using System.Text.Json.Serialization;
using Parquet.Schema;
using Parquet.Serialization;
using PolicyRules.Input;
using PolicyRules.Model;
using static PolicyRules.Tests.TestSupport.ParquetTestFiles;

namespace PolicyRules.Tests.Input;

/// <summary>
/// Every error the Parquet reader gives carries the same specifics in English and in Chinese, each
/// half in its own words (<see cref="BilingualSpecifics.Mismatch"/>): the types a column may be, the
/// type it is, why a file cannot be read. Parquet's type names stay as Parquet spells them; a
/// decoder's own words are quoted in both halves, as a value shown, not left as prose in the Chinese.
/// </summary>
public sealed class ParquetReaderMessageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-parquet-messages-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    /// <summary>A column of each Parquet type the tests can write, with one value.</summary>
    private static readonly Func<string, Column>[] ColumnsOfEveryType =
    [
        name => Of(name, 12),
        name => Of(name, 12L),
        name => Of(name, 12.5),
        name => Of(name, 12.5f),
        name => Of(name, true),
        name => Of(name, new DateOnly(2020, 1, 1)),
        name => Of(name, new DateTime(2020, 1, 1, 10, 0, 0)),
        name => Decimal(name, 18, 2, 12.5m),
        name => Text(name, "12"),
    ];

    /// <summary>
    /// The class: a field of every kind (enterprise and person records) against a column of every type;
    /// each refusal names the column's type and the types expected, in each language's words.
    /// </summary>
    [Fact]
    public async Task Every_refused_column_type_is_explained_with_the_same_specifics_in_both_languages()
    {
        var refused = 0;
        var failures = new List<string>();
        foreach (var schema in (RecordSchema[])[RecordSchema.Enterprise, RecordSchema.Person])
        {
            foreach (var field in schema.Fields.Where(f => f != schema.IdField).DistinctBy(f => f.Kind))
            {
                for (var t = 0; t < ColumnsOfEveryType.Length; t++)
                {
                    var path = PathOf($"{schema.IdField.Name}-{field.Name}-{t}.parquet");
                    await WriteAsync(path, null, Text(schema.IdField.Name, "A"), ColumnsOfEveryType[t](field.Name));
                    foreach (var error in Refusals(path, schema, field))
                    {
                        refused++;
                        Check(error, failures);
                    }
                }
            }
        }

        Assert.True(refused > 30, $"only {refused} refusals: the sweep does not reach the type check");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>A refused type in full: Chinese words around the Parquet type names, the same types in each half.</summary>
    [Theory]
    [InlineData("registrationDate", 0, "a column of type INT32 cannot hold this field (Date): expected DATE, a TIMESTAMP at midnight or STRING / 列类型 INT32 不适用于该字段（Date），应为 DATE、零点的 TIMESTAMP 或 STRING")]
    [InlineData("employees", 4, "a column of type BOOLEAN cannot hold this field (Count): expected an integer type, or DECIMAL, DOUBLE, FLOAT or STRING holding whole numbers / 列类型 BOOLEAN 不适用于该字段（Count），应为 整数类型，或存放整数的 DECIMAL、DOUBLE、FLOAT 或 STRING")]
    [InlineData("residentInMainland", 5, "a column of type DATE cannot hold this field (Boolean): expected BOOLEAN or STRING / 列类型 DATE 不适用于该字段（Boolean），应为 BOOLEAN 或 STRING")]
    [InlineData("revenueY1", 4, "a column of type BOOLEAN cannot hold this field (Money): expected DECIMAL, an integer type or STRING / 列类型 BOOLEAN 不适用于该字段（Money），应为 DECIMAL、整数类型或 STRING")]
    [InlineData("revenueY1", 2, "a floating-point (DOUBLE) column: money, scores and percentages must be DECIMAL, an integer type or STRING, so thresholds compare exact values / 浮点（DOUBLE）列：金额、分数与百分数列须为 DECIMAL、整数类型或 STRING，不可为浮点，以便阈值比较精确")]
    [InlineData("name", 3, "a column of type FLOAT cannot hold this field (Text): expected STRING or an integer type / 列类型 FLOAT 不适用于该字段（Text），应为 STRING 或整数类型")]
    [InlineData("industry", 0, "a column of type INT32 cannot hold this field (Industry): expected STRING / 列类型 INT32 不适用于该字段（Industry），应为 STRING")]
    public async Task A_refused_type_is_named_in_each_language(string name, int type, string reason)
    {
        var path = PathOf(name + ".parquet");
        await WriteAsync(path, null, Text("id", "A"), ColumnsOfEveryType[type](name));
        var field = RecordSchema.Enterprise.Fields.Single(f => f.Name == name);

        var error = Assert.Single(Refusals(path, RecordSchema.Enterprise, field));

        Assert.Equal(reason, error.Reason);
        Assert.Equal("", BilingualSpecifics.Mismatch(error.Reason));
    }

    /// <summary>A list or a struct where a value is needed: "nested" is told in Chinese too.</summary>
    [Fact]
    public async Task A_repeated_or_nested_column_is_named_in_each_language()
    {
        var lists = PathOf("list.parquet");
        await ParquetSerializer.SerializeAsync([new ListRow { Id = "A", Employees = [1, 2] }], lists);
        var nested = PathOf("struct.parquet");
        await ParquetSerializer.SerializeAsync([new StructRow { Id = "A", RevenueY1 = new Amount { Value = 1 } }], nested);

        var list = Assert.Single(Refusals(lists, RecordSchema.Enterprise, Field("employees")));
        var structure = Assert.Single(Refusals(nested, RecordSchema.Enterprise, Field("revenueY1")));

        Assert.Contains("type Struct (nested) cannot", structure.Reason, StringComparison.Ordinal);
        Assert.Contains("列类型 Struct（嵌套） 不适用", structure.Reason, StringComparison.Ordinal);
        Assert.Contains("type List (nested) cannot", list.Reason, StringComparison.Ordinal);
        Assert.Equal("", BilingualSpecifics.Mismatch(list.Reason));
        Assert.Equal("", BilingualSpecifics.Mismatch(structure.Reason));
        Assert.Equal("", BilingualSpecifics.Mismatch(structure.ToString()));
    }

    /// <summary>
    /// Each way a file cannot be opened — too short, not Parquet, a footer length that does not fit, a
    /// footer cut inside a value, one nested too deep, one the decoder throws on, no such file, a folder —
    /// is an error naming the file whose halves carry the same specifics, our own words translated.
    /// </summary>
    [Fact]
    public void Every_reason_a_file_cannot_be_opened_is_told_in_each_language()
    {
        var valid = PathOf("valid.parquet");
        ProfileParquetWriter.Write(valid, [TestProfiles.Baseline()]);
        var bytes = File.ReadAllBytes(valid);

        byte[] WithFooter(byte[] footer) => [.. "PAR1"u8, .. footer, .. BitConverter.GetBytes(footer.Length), .. "PAR1"u8];
        var files = new (string Name, byte[] Bytes, string Said)[]
        {
            ("short.parquet", "PAR1PAR1"u8.ToArray(), "太短"),
            ("magic.parquet", [.. bytes[..^4], .. "PARX"u8], "标志字节 PAR1"),
            ("length.parquet", [.. bytes[..^8], .. BitConverter.GetBytes(bytes.Length), .. "PAR1"u8], "文件尾长度"),
            ("cut.parquet", WithFooter([0x15, 0x80]), "中途结束"),
            ("deep.parquet", WithFooter([0xA9, .. Enumerable.Repeat((byte)0x19, 100), 0x09, 0x00]), "嵌套超过 64 层"),
            ("set.parquet", WithFooter([0xAA, 0x00, 0x00]), "ThriftProtocolException：「"), // a field of a type the decoder does not skip
            ("empty.parquet", WithFooter([0x00]), "：「"), // a footer with no schema: Parquet.Net's own error
        };
        var failures = new List<string>();
        foreach (var (name, content, said) in files)
        {
            var path = PathOf(name);
            File.WriteAllBytes(path, content);
            var error = Assert.Single(Assert.Throws<ProfileInputException>(() => ProfileParquetReader.Open(path, FieldSet.Empty)).Errors);
            Assert.Equal(path, error.Source);
            Assert.True(error.Reason.Contains(said, StringComparison.Ordinal), $"{name}: {error.Reason}");
            Check(error, failures);
        }

        foreach (var path in (string[])[PathOf("missing.parquet"), Directory.CreateDirectory(PathOf("folder.parquet")).FullName])
        {
            var error = Assert.Single(Assert.Throws<ProfileInputException>(() => ProfileParquetReader.Open(path, FieldSet.Empty)).Errors);
            Assert.DoesNotContain("damaged", error.Reason, StringComparison.Ordinal); // no such file is not a damaged one
            Check(error, failures);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>A damaged page: the row group is named in each language and the decoder's words are quoted in both.</summary>
    [Fact]
    public async Task A_damaged_row_group_is_told_in_each_language_with_the_decoders_words_quoted()
    {
        var path = PathOf("page.parquet");
        ProfileParquetWriter.Write(path, Enumerable.Range(0, 50).Select(i => TestProfiles.Baseline() with { Id = "E" + i }));
        long page;
        await using (var reader = await Parquet.ParquetReader.CreateAsync(path))
        {
            page = reader.Metadata!.RowGroups[0].Columns[0].MetaData!.DataPageOffset;
        }

        var bytes = await File.ReadAllBytesAsync(path);
        bytes.AsSpan((int)page, 64).Fill(0xFF);
        await File.WriteAllBytesAsync(path, bytes);

        var error = Assert.Single(Assert.Throws<ProfileInputException>(() =>
        {
            using var reader = ProfileParquetReader.Open(path, FieldSet.Empty);
            _ = reader.ReadAll().Count();
        }).Errors);

        Assert.Contains("row group 1 of 1 (from row 1) is damaged", error.Reason, StringComparison.Ordinal);
        Assert.Contains("共 1 个行组，第 1 个行组（自第 1 行起）已损坏", error.Reason, StringComparison.Ordinal);
        Assert.Contains("「", error.Reason, StringComparison.Ordinal);
        Assert.Equal("", BilingualSpecifics.Mismatch(error.Reason));
        Assert.Equal("", BilingualSpecifics.Mismatch(error.ToString()));
    }

    /// <summary>Checks a reason and the error as shown: the same specifics in each half, no English prose in the Chinese.</summary>
    private static void Check(InputError error, List<string> failures)
    {
        foreach (var text in (string[])[error.Reason, error.ToString()])
        {
            if (BilingualSpecifics.Mismatch(text) is { Length: > 0 } mismatch)
            {
                failures.Add($"{Path.GetFileName(error.Source)} {error.Column}: {mismatch}{Environment.NewLine}    {text}");
            }
        }
    }

    private static List<InputError> Refusals(string path, RecordSchema schema, ProfileField field)
    {
        try
        {
            using var reader = ProfileParquetReader.Open(path, schema, FieldSet.Empty.With(field));
            return [];
        }
        catch (ProfileInputException ex)
        {
            return [.. ex.Errors];
        }
    }

    private static ProfileField Field(string name) => RecordSchema.Enterprise.Fields.Single(f => f.Name == name);

    private sealed class ListRow
    {
        [JsonPropertyName("id")]
        public string Id { get; set; } = "";

        [JsonPropertyName("employees")]
        public int[] Employees { get; set; } = [];
    }

    private sealed class StructRow
    {
        [JsonPropertyName("id")]
        public string Id { get; set; } = "";

        [JsonPropertyName("revenueY1")]
        public Amount RevenueY1 { get; set; } = new();
    }

    private sealed class Amount
    {
        public int Value { get; set; }
    }
}
