using Parquet;
using PolicyRules.Cli;

namespace PolicyRules.Tests.Cli;

/// <summary>Parquet in and out gives exactly what CSV in and out gives.</summary>
public sealed class ParquetScreeningTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-parquet-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // More rows than one row group holds (input and results), so reading and writing cross group boundaries.
    private const int Rows = PolicyRules.Input.ParquetFiles.RowGroupSize * 2 + 1000;

    [Fact]
    public async Task Parquet_in_and_out_matches_csv_in_and_out()
    {
        string P(string name) => Path.Combine(_dir, name);
        var rowCount = Rows.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, Run("generate", "--count", rowCount, "--output", P("in.csv")));
        Assert.Equal(0, Run("generate", "--count", rowCount, "--output", P("in.parquet")));
        Assert.Equal(0, Run("screen", "--input", P("in.csv"), "--output", P("out.csv"), "--as-of", "2025-06-30"));
        Assert.Equal(0, Run("screen", "--input", P("in.parquet"), "--output", P("out.parquet"), "--as-of", "2025-06-30"));

        var csv = File.ReadAllLines(P("out.csv"));
        var header = csv[0].Split(',');
        await using var reader = await ParquetReader.CreateAsync(P("out.parquet"));
        Assert.Equal(header, reader.Schema.Fields.Select(f => f.Name).ToArray());
        Assert.Equal(3, reader.RowGroupCount);
        var rows = new List<string>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = (int)group.RowCount;
            var columns = new List<string[]>();
            foreach (var field in reader.Schema.DataFields)
            {
                if (field.MaxRepetitionLevel > 0)
                {
                    // P.failed, a list: the CSV joins the same names with ';'.
                    columns.Add([.. (await ParquetLists.ReadAsync(group, field)).Select(l => string.Join(';', l))]);
                }
                else if (field.ClrType == typeof(bool))
                {
                    var values = new bool[count];
                    await group.ReadAsync<bool>(field, values);
                    columns.Add([.. values.Select(v => v ? "true" : "false")]);
                }
                else if (field.ClrType == typeof(decimal))
                {
                    var values = new decimal?[count];
                    await group.ReadAsync<decimal>(field, values);
                    columns.Add([.. values.Select(v => v?.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) ?? "")]);
                }
                else if (field.ClrType == typeof(int))
                {
                    var values = new int?[count];
                    await group.ReadAsync<int>(field, values);
                    columns.Add([.. values.Select(v => v?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "")]);
                }
                else
                {
                    var values = new string[count];
                    await group.ReadAsync(field, values);
                    columns.Add([.. values.Select(v => v ?? "")]);
                }
            }

            for (var i = 0; i < count; i++)
            {
                rows.Add(string.Join(",", columns.Select(c => c[i])));
            }
        }

        Assert.Equal(Rows, rows.Count);
        Assert.Equal(csv.Skip(1).Select(Normalize), rows);
    }

    [Fact]
    public async Task A_parquet_input_lacking_a_needed_column_is_refused_and_a_null_cell_rejects_its_row()
    {
        var path = Path.Combine(_dir, "partial.parquet");
        var schema = new Parquet.Schema.ParquetSchema(
            new Parquet.Schema.DataField<string>("id"),
            new Parquet.Schema.DataField<int?>("employees"),
            new Parquet.Schema.DataField<double>("revenueY1"));
        await using (var file = File.Create(path))
        {
            await using var writer = await ParquetWriter.CreateAsync(schema, file);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(schema.DataFields[0], ["A", "B"]);
            await group.WriteAsync<int>(schema.DataFields[1], new int?[] { 12, null });
            await group.WriteAsync<double>(schema.DataFields[2], new[] { 1.0, 2.0 });
        }

        Assert.True(PolicyRules.Model.ProfileSchema.TryGetField("employees", out var employees));
        Assert.True(PolicyRules.Model.ProfileSchema.TryGetField("industry", out var industry));
        Assert.True(PolicyRules.Model.ProfileSchema.TryGetField("revenueY1", out var revenue));

        var missing = Assert.Throws<PolicyRules.Input.ProfileInputException>(() => PolicyRules.Input.ProfileParquetReader.Open(path, PolicyRules.Model.FieldSet.Empty.With(industry)));
        Assert.Equal("industry", Assert.Single(missing.Errors).Column);

        var floating = Assert.Throws<PolicyRules.Input.ProfileInputException>(() => PolicyRules.Input.ProfileParquetReader.Open(path, PolicyRules.Model.FieldSet.Empty.With(revenue)));
        Assert.Contains("floating-point", Assert.Single(floating.Errors).Reason, StringComparison.Ordinal);

        using var reader = PolicyRules.Input.ProfileParquetReader.Open(path, PolicyRules.Model.FieldSet.Empty.With(employees));
        var records = reader.ReadAll().ToList();
        Assert.Equal(2, records.Count);
        Assert.Equal(12, records[0].Profile!.Employees);
        Assert.Null(records[1].Profile);
        Assert.Equal(("B", 2, "employees"), (records[1].Id, records[1].Row, records[1].Errors.Single().Column));
    }

    private static string Normalize(string csvLine) =>
        string.Join(",", csvLine.Split(',').Select(cell => decimal.TryParse(cell, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var d) && cell.Contains('.', StringComparison.Ordinal)
            ? d.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)
            : cell));

    private static int Run(params string[] args) => Cli.Run(args).Exit;
}
