using System.Numerics;
using Parquet.Data;
using Parquet.Schema;
using PolicyRules.Input;
using PolicyRules.Model;
using static PolicyRules.Tests.TestSupport.ParquetTestFiles;
using static PolicyRules.Tests.Input.ProfileInputTestSupport;

namespace PolicyRules.Tests.Input;

/// <summary>
/// The typed Parquet reader: columns read as typed arrays and validated with CSV's rules (a null in a
/// needed field, an out-of-range value, a garbled value: the row is rejected naming row and column),
/// columns found by name in any order, other tools' compatible types read exactly, incompatible ones
/// refusing the file by column.
/// </summary>
public sealed class ProfileParquetReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-parquet-reader-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static List<ProfileRecord> Read(string path, FieldSet required)
    {
        using var reader = ProfileParquetReader.Open(path, required);
        return [.. reader.ReadAll()];
    }

    /// <summary>The reason CSV gives for <paramref name="text"/> in <paramref name="field"/> (CSV, JSON and Parquet share it).</summary>
    private static string CsvReason(string field, string text) =>
        RecordSchema.Enterprise.TryAssign(new EnterpriseProfile(), Field(field), text) ?? throw new ArgumentException($"'{text}' is a valid {field}", nameof(text));

    private static EnterpriseProfile[] Profiles() =>
    [
        TestProfiles.Baseline(),
        TestProfiles.Baseline() with
        {
            Id = "B-2",
            Name = "名称, with \"quotes\"",
            NetProfitY1 = -1_234.56m, // money is to the fen
            RevenueY1 = ProfileSchema.MaxMoney,
            InnovationCapabilityScore = 0.000001m,
            Industry = Industry.Retail,
            GreenFactoryLevel = GreenFactoryLevel.National,
        },
        TestProfiles.Baseline() with { Id = "C-3", RegistrationDate = new DateOnly(1999, 12, 31), Employees = 0, ResidentInMainland = false },
    ];

    [Fact]
    public void Profiles_written_by_the_contract_writer_read_back_as_equal_records()
    {
        var profiles = Profiles();
        var path = PathOf("contract.parquet");
        Assert.Equal(profiles.Length, ProfileParquetWriter.Write(path, profiles));

        var records = Read(path, ProfileSchema.All);

        Assert.Equal(profiles, records.Select(r => r.Profile));
        Assert.Equal([1, 2, 3], records.Select(r => r.Row));
        Assert.Equal(profiles.Select(p => p.Id), records.Select(r => r.Id));
    }

    [Fact]
    public async Task Columns_in_another_order_among_extra_columns_read_as_the_same_records()
    {
        var profiles = Profiles();
        var columns = new List<Column>
        {
            Text("comment", "a", null, "c"),
            Of("weight", 0.5, 1.5, 2.5),
        };
        foreach (var field in ProfileSchema.Fields.Reverse())
        {
            columns.Add(ContractColumn(field, profiles));
            if (field.Name == "employees")
            {
                columns.Add(Of("Employees", 1, 2, 3)); // names are exact: another column
            }
        }

        var path = PathOf("reordered.parquet");
        await WriteAsync(path, null, [.. columns]);

        var records = Read(path, ProfileSchema.All);

        Assert.All(records, r => Assert.Empty(r.Errors));
        Assert.Equal(profiles, records.Select(r => r.Profile));
    }

    [Fact]
    public async Task A_null_in_a_needed_column_rejects_its_row_naming_row_and_column()
    {
        var path = PathOf("nulls.parquet");
        await WriteAsync(path, null,
            Text("id", "A", "B", "C", ""),
            OfNullable<int>("employees", 10, null, 12, 13),
            NullableDecimal("revenueY1", 28, 6, 1m, 2m, null, 4m),
            Text("industry", "Industry", "Retail", null, "Retail"),
            OfNullable<int>("techStaff", null, 1, 2, 3));

        var records = Read(path, Fields("employees", "revenueY1", "industry"));

        Assert.Equal(4, records.Count);
        var first = records[0].Profile!;
        Assert.Equal((10, 1m, Industry.Industry), (first.Employees, first.RevenueY1, first.Industry));
        Assert.Equal(0, first.TechStaff); // a null where nothing needs the value reads as the default

        var employees = Assert.Single(records[1].Errors);
        Assert.Null(records[1].Record);
        Assert.Equal(("B", 2, 0, "employees"), (records[1].Id, employees.Row, employees.Line, employees.Column));
        Assert.Equal($"{path}: row 2, column 'employees': null: the value is needed, and a missing value is not a zero / {path}：第 2 行数据，列 'employees'：空值：该值为必需，缺失不视为零", employees.ToString());

        Assert.Equal(["revenueY1", "industry"], records[2].Errors.Select(e => e.Column));
        Assert.All(records[2].Errors, e => Assert.Equal(3, e.Row));

        // An empty id is missing, as an empty CSV cell is; the id is always needed.
        var id = Assert.Single(records[3].Errors);
        Assert.Equal(("", 4, "id"), (records[3].Id, id.Row, id.Column));
    }

    [Fact]
    public async Task A_value_out_of_range_rejects_its_row_with_the_reason_csv_gives()
    {
        var path = PathOf("range.parquet");
        await WriteAsync(path, null,
            Text("id", "A", "B", "C", "D", "E"),
            Decimal("revenueY1", 28, 6, 1m, -1m, 3m, 4m, 5m),
            Of("employees", 10, 11, -3, 13, 14),
            Decimal("innovationCapabilityScore", 28, 6, 50m, 50m, 50m, 100.5m, 50m),
            Decimal("netProfitY1", 28, 6, -5m, -5m, -5m, -5m, -1_000_000_000_000_000_001m));

        var records = Read(path, Fields("revenueY1", "employees", "innovationCapabilityScore", "netProfitY1"));

        Assert.Equal(-5m, records[0].Profile!.NetProfitY1);
        var expected = new (int Row, string Column, string Reason)[]
        {
            (2, "revenueY1", CsvReason("revenueY1", "-1.000000")),
            (3, "employees", CsvReason("employees", "-3")),
            (4, "innovationCapabilityScore", CsvReason("innovationCapabilityScore", "100.500000")),
            (5, "netProfitY1", CsvReason("netProfitY1", "-1000000000000000001.000000")),
        };
        Assert.Equal(expected, records.Skip(1).Select(r => Assert.Single(r.Errors)).Select(e => (e.Row, e.Column, e.Reason)));
        Assert.Contains("got '-1.000000'", expected[0].Reason, StringComparison.Ordinal);
        Assert.StartsWith($"{path}: row 3, column 'employees': expected a whole number ≥ 0, got '-3'", records[2].Errors[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_needed_column_of_a_type_that_cannot_hold_its_field_refuses_the_file_naming_each_column()
    {
        var path = PathOf("types.parquet");
        await WriteAsync(path, null,
            Text("id", "A"),
            Of("registrationDate", 20200101),
            Of("residentInMainland", 1.0),
            Of("revenueY1", 1.5),
            Of("employees", 12));

        var refused = Assert.Throws<ProfileInputException>(() => ProfileParquetReader.Open(path, Fields("registrationDate", "residentInMainland", "revenueY1", "employees")));

        Assert.Equal(["registrationDate", "residentInMainland", "revenueY1"], refused.Errors.Select(e => e.Column));
        Assert.All(refused.Errors, e => Assert.Equal((0, 0), (e.Row, e.Line)));
        Assert.Equal($"{path}: column 'registrationDate': a column of type INT32 cannot hold this field (Date): expected DATE, a TIMESTAMP at midnight or STRING / {path}：列 'registrationDate'：列类型 INT32 不适用于该字段（Date），应为 DATE、零点的 TIMESTAMP 或 STRING", refused.Errors[0].ToString());
        Assert.Contains("DOUBLE", refused.Errors[1].Reason, StringComparison.Ordinal);
        Assert.Contains("BOOLEAN or STRING", refused.Errors[1].Reason, StringComparison.Ordinal);
        Assert.Contains("floating-point (DOUBLE)", refused.Errors[2].Reason, StringComparison.Ordinal);

        // When no selected programme needs them, such columns are skipped and the rows read.
        var record = Assert.Single(Read(path, Fields("employees")));
        Assert.Equal((12, default(DateOnly), 0m), (record.Profile!.Employees, record.Profile.RegistrationDate, record.Profile.RevenueY1));
    }

    [Fact]
    public async Task Columns_of_compatible_types_from_other_tools_read_exactly()
    {
        var path = PathOf("compatible.parquet");
        await WriteAsync(path, null,
            Of("id", 913702110001L, 913702110002L),
            Of("employees", 120.0, 0.0),
            Of("techStaff", 7L, 2_147_483_647L),
            Of("revenueY1", 30_000_000L, 0L),
            Text("revenueY2", "1234.56", "0.010000"), // money to the fen; trailing zeros are no extra precision
            Decimal("totalAssets", 18, 2, 40_000_000.25m, 0.01m),
            Decimal("netProfitY1", 9, 2, -12_345.67m, 1.5m),
            Decimal("innovationCapabilityScore", 38, 10, 78.0000000001m, 100m),
            Of("registrationDate", new DateTime(2018, 3, 1), new DateTime(1999, 12, 31)),
            Text("residentInMainland", "TRUE", "false"),
            Text("industry", "retail", "Industry"),
            Text("greenFactoryLevel", "National", "none"));

        var records = Read(path, Fields("employees", "techStaff", "revenueY1", "revenueY2", "totalAssets", "netProfitY1", "innovationCapabilityScore", "registrationDate", "residentInMainland", "industry", "greenFactoryLevel"));

        Assert.All(records, r => Assert.Empty(r.Errors));
        var (a, b) = (records[0].Profile!, records[1].Profile!);
        Assert.Equal(("913702110001", "913702110002"), (records[0].Id, b.Id));
        Assert.Equal((120, 7, 30_000_000m, 1234.56m), (a.Employees, a.TechStaff, a.RevenueY1, a.RevenueY2));
        Assert.Equal((0, int.MaxValue, 0.01m), (b.Employees, b.TechStaff, b.RevenueY2));
        Assert.Equal((40_000_000.25m, -12_345.67m, 78.0000000001m), (a.TotalAssets, a.NetProfitY1, a.InnovationCapabilityScore));
        Assert.Equal((new DateOnly(2018, 3, 1), true, Industry.Retail, GreenFactoryLevel.National), (a.RegistrationDate, a.ResidentInMainland, a.Industry, a.GreenFactoryLevel));
        Assert.Equal((new DateOnly(1999, 12, 31), false, Industry.Industry, GreenFactoryLevel.None), (b.RegistrationDate, b.ResidentInMainland, b.Industry, b.GreenFactoryLevel));
    }

    [Fact]
    public async Task Values_of_compatible_types_that_are_not_exact_or_not_parseable_reject_their_row()
    {
        var path = PathOf("inexact.parquet");
        await WriteAsync(path, null,
            Text("id", "A", "B", "C", "D", "E", "F"),
            Of("employees", 2.5, double.NaN, 12.0, 13.0, 14.0, 3e9),
            Of("registrationDate", new DateTime(2018, 3, 1), new DateTime(2018, 3, 1), new DateTime(2018, 3, 1, 10, 30, 0), new DateTime(2018, 3, 1), new DateTime(2018, 3, 1), new DateTime(2018, 3, 1)),
            Text("revenueY1", "1", "1", "1", "12,5", "1", "1"),
            Text("industry", "Industry", "Industry", "Industry", "Industry", "Mining", "Industry"));

        var records = Read(path, Fields("employees", "registrationDate", "revenueY1", "industry"));

        var errors = records.Select(r => Assert.Single(r.Errors)).Select(e => (e.Row, e.Column, e.Reason)).ToArray();
        Assert.Equal(
        [
            (1, "employees", CsvReason("employees", "2.5")),
            (2, "employees", CsvReason("employees", "NaN")),
            (3, "registrationDate", CsvReason("registrationDate", "2018-03-01 10:30:00")),
            (4, "revenueY1", CsvReason("revenueY1", "12,5")),
            (5, "industry", CsvReason("industry", "Mining")),
            (6, "employees", CsvReason("employees", "3000000000")),
        ], errors);
    }

    [Fact]
    public async Task A_float_count_of_two_to_the_31_rejects_its_row_instead_of_overflowing()
    {
        // (float)int.MaxValue rounds up to 2^31, one past the largest count.
        var path = PathOf("float-counts.parquet");
        await WriteAsync(path, null,
            Text("id", "A", "B", "C"),
            Of("employees", 12f, (float)int.MaxValue, 2147483520f));

        var records = Read(path, Fields("employees"));

        Assert.Equal(12, records[0].Profile!.Employees);
        var error = Assert.Single(records[1].Errors);
        Assert.Equal((2, "employees"), (error.Row, error.Column));
        Assert.Equal(2147483520, records[2].Profile!.Employees); // the largest float below 2^31
    }

    [Fact]
    public async Task Binary_decimals_convert_exactly_and_a_value_beyond_decimal_is_out_of_range()
    {
        var huge = BigInteger.Pow(10, 30); // 10^30 × 10^-2 = 10^28: more than System.Decimal holds
        var path = PathOf("big.parquet");
        await WriteAsync(path, null,
            Text("id", "A", "B", "C", "D"),
            new Column(new BigDecimalDataField("netProfitY1", 38, 2), new[]
            {
                new BigDecimal(-123_456_789, 38, 2),
                new BigDecimal(BigInteger.Pow(10, 20), 38, 2),
                new BigDecimal(-huge, 38, 2),
                new BigDecimal(-1, 38, 2),
            }));

        var records = Read(path, Fields("netProfitY1"));

        Assert.Equal(-1_234_567.89m, records[0].Profile!.NetProfitY1);
        Assert.Equal(ProfileSchema.MaxMoney, records[1].Profile!.NetProfitY1);
        Assert.Equal(-0.01m, records[3].Profile!.NetProfitY1);
        var tooLarge = Assert.Single(records[2].Errors);
        Assert.Equal((3, "netProfitY1"), (tooLarge.Row, tooLarge.Column));
        Assert.Contains($"got '-{huge}e-2'", tooLarge.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rows_are_numbered_across_row_groups_and_a_group_never_shows_the_previous_groups_values()
    {
        var path = PathOf("groups.parquet");
        await WriteAsync(path, [3, 1, 2],
            Text("id", "A", "B", "C", "D", "E", "F"),
            OfNullable<int>("employees", 1, 2, 3, null, 5, null),
            NullableDecimal("revenueY1", 28, 6, 10m, null, 30m, 40m, null, 60m),
            Text("name", "a", "b", "c", null, "", "f"));

        var records = Read(path, Fields("employees", "revenueY1"));

        Assert.Equal([1, 2, 3, 4, 5, 6], records.Select(r => r.Row));
        Assert.Equal(["A", "B", "C", "D", "E", "F"], records.Select(r => r.Id));
        Assert.Equal([(1, 10m, "a"), (3, 30m, "c")], records.Where(r => r.Profile is not null).Select(r => (r.Profile!.Employees, r.Profile.RevenueY1, r.Profile.Name)));
        Assert.Equal([(2, "revenueY1"), (4, "employees"), (5, "revenueY1"), (6, "employees")], records.SelectMany(r => r.Errors).Select(e => (e.Row, e.Column)));
    }

    [Fact]
    public async Task A_projected_reader_reads_only_the_columns_asked_for_and_leaves_the_others_at_their_defaults()
    {
        var path = PathOf("projected.parquet");
        await WriteAsync(path, null,
            Text("id", "A", "B"),
            Text("name", "甲", "乙"),
            Of("employees", 10, 11),
            Decimal("revenueY1", 28, 6, 1m, -1m)); // out of range, but not read

        using var reader = ProfileParquetReader.Open(path, RecordSchema.Enterprise, Fields("employees"), Fields("name"));
        var records = reader.ReadAll().ToList();

        Assert.All(records, r => Assert.Empty(r.Errors));
        Assert.Equal([("甲", 10, 0m), ("乙", 11, 0m)], records.Select(r => (r.Profile!.Name, r.Profile.Employees, r.Profile.RevenueY1)));
    }

    /// <summary>A contract column as the contract's writer types it, with <paramref name="profiles"/>' values.</summary>
    private static Column ContractColumn(ProfileField field, EnterpriseProfile[] profiles)
    {
        object?[] values = [.. profiles.Select(p => field.Property.GetValue(p))];
        return field.Kind switch
        {
            FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent => Decimal(field.Name, 28, 6, [.. values.Cast<decimal>()]),
            FieldKind.Count => Of(field.Name, [.. values.Cast<int>()]),
            FieldKind.Boolean => Of(field.Name, [.. values.Cast<bool>()]),
            FieldKind.Date => Of(field.Name, [.. values.Cast<DateOnly>()]),
            _ => Text(field.Name, [.. values.Select(ProfileCsvWriter.Format)]),
        };
    }
}
