using Parquet;
using Parquet.Data;
using Parquet.Schema;
using PolicyRules.Model;

namespace PolicyRules.Tests.TestSupport;

/// <summary>
/// Writes Parquet files column by column, the way other tools lay them out (any column order, any
/// type, nullable or not, several row groups), for the reader tests.
/// </summary>
internal static class ParquetTestFiles
{
    /// <summary>A column: its schema field and one value per row (a typed array: <c>decimal[]</c>, <c>int?[]</c>, <c>string?[]</c>…).</summary>
    public sealed record Column(DataField Field, Array Values);

    public static Column Of<T>(string name, params T[] values)
        where T : struct => new(new DataField<T>(name), values);

    public static Column OfNullable<T>(string name, params T?[] values)
        where T : struct => new(new DataField<T?>(name), values);

    public static Column Text(string name, params string?[] values) => new(new DataField<string>(name), values);

    public static Column Decimal(string name, int precision, int scale, params decimal[] values) => new(new DecimalDataField(name, precision, scale), values);

    public static Column NullableDecimal(string name, int precision, int scale, params decimal?[] values) =>
        new(new DecimalDataField(name, precision, scale, isNullable: true), values);

    /// <summary>
    /// Every contract column, typed as the contract's writer types them but nullable, holding
    /// <paramref name="profiles"/>' values as changed by <paramref name="change"/> (field, row index,
    /// value → value written; null writes a null).
    /// </summary>
    public static Column[] ContractColumns(IReadOnlyList<EnterpriseProfile> profiles, Func<ProfileField, int, object?, object?>? change = null)
    {
        var columns = new List<Column>();
        foreach (var field in ProfileSchema.Fields)
        {
            object?[] values = [.. profiles.Select((p, i) => change is null ? field.Property.GetValue(p) : change(field, i, field.Property.GetValue(p)))];
            columns.Add(field.Kind switch
            {
                FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent => NullableDecimal(field.Name, 28, 6, [.. values.Select(v => (decimal?)v)]),
                FieldKind.Count => OfNullable(field.Name, [.. values.Select(v => (int?)v)]),
                FieldKind.Boolean => OfNullable(field.Name, [.. values.Select(v => (bool?)v)]),
                FieldKind.Date => OfNullable(field.Name, [.. values.Select(v => (DateOnly?)v)]),
                _ => Text(field.Name, [.. values.Select(v => v is null ? null : PolicyRules.Input.ProfileCsvWriter.Format(v))]),
            });
        }

        return [.. columns];
    }

    /// <summary>Writes the columns in the order given, in row groups of <paramref name="groupSizes"/> rows (one group of every row when null).</summary>
    public static async Task WriteAsync(string path, int[]? groupSizes, params Column[] columns)
    {
        var rows = columns[0].Values.Length;
        groupSizes ??= [rows];
        Assert.Equal(rows, groupSizes.Sum());
        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field));
        await using var file = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, file);
        var start = 0;
        foreach (var size in groupSizes)
        {
            using var group = writer.CreateRowGroup();
            for (var c = 0; c < columns.Length; c++)
            {
                await WriteSlice(group, schema.DataFields[c], columns[c].Values, start, size);
            }

            start += size;
        }
    }

    private static Task WriteSlice(ParquetRowGroupWriter group, DataField field, Array values, int start, int count) => values switch
    {
        string?[] v => group.WriteAsync(field, new ArraySegment<string?>(v, start, count)),
        decimal[] v => group.WriteAsync<decimal>(field, v.AsMemory(start, count)),
        decimal?[] v => group.WriteAsync<decimal>(field, v.AsMemory(start, count)),
        BigDecimal[] v => group.WriteAsync<BigDecimal>(field, v.AsMemory(start, count)),
        int[] v => group.WriteAsync<int>(field, v.AsMemory(start, count)),
        int?[] v => group.WriteAsync<int>(field, v.AsMemory(start, count)),
        long[] v => group.WriteAsync<long>(field, v.AsMemory(start, count)),
        double[] v => group.WriteAsync<double>(field, v.AsMemory(start, count)),
        float[] v => group.WriteAsync<float>(field, v.AsMemory(start, count)),
        bool[] v => group.WriteAsync<bool>(field, v.AsMemory(start, count)),
        bool?[] v => group.WriteAsync<bool>(field, v.AsMemory(start, count)),
        DateOnly[] v => group.WriteAsync<DateOnly>(field, v.AsMemory(start, count)),
        DateOnly?[] v => group.WriteAsync<DateOnly>(field, v.AsMemory(start, count)),
        DateTime[] v => group.WriteAsync<DateTime>(field, v.AsMemory(start, count)),
        _ => throw new ArgumentException($"no writer for {values.GetType().Name}", nameof(values)),
    };
}
