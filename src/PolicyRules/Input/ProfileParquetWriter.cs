using Parquet;
using Parquet.Schema;
using PolicyRules.Model;
using PolicyRules.Output;

namespace PolicyRules.Input;

/// <summary>Writes enterprise profiles as Parquet with the contract's column names (money as DECIMAL), streaming by row group.</summary>
public static class ProfileParquetWriter
{
    private const int RowGroupSize = ParquetFiles.RowGroupSize;

    /// <summary>Writes <paramref name="profiles"/> to <paramref name="path"/>; returns how many were written.</summary>
    public static long Write(string path, IEnumerable<EnterpriseProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(profiles);
        var fields = ProfileSchema.Fields;
        var schema = new ParquetSchema(fields.Select(Column));
        using var outputs = new OutputFiles([]);
        using var file = outputs.Create(path);
        var writer = ParquetWriter.CreateAsync(schema, new ParquetIoStream(file), ParquetFiles.Options).GetAwaiter().GetResult();
        long count = 0;
        try
        {
            var batch = new List<EnterpriseProfile>(RowGroupSize);
            foreach (var profile in profiles)
            {
                batch.Add(profile);
                count++;
                if (batch.Count == RowGroupSize)
                {
                    WriteGroup(writer, schema, batch);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                WriteGroup(writer, schema, batch);
            }
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        file.Dispose();
        outputs.Commit(); // whole or not at all
        return count;
    }

    private static DataField Column(ProfileField field) => field.Kind switch
    {
        FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent or FieldKind.Number => new DecimalDataField(field.Name, 28, 6),
        FieldKind.Count => new DataField<int>(field.Name),
        FieldKind.Boolean => new DataField<bool>(field.Name),
        FieldKind.Date => new DataField<DateOnly>(field.Name),
        _ => new DataField<string>(field.Name),
    };

    private static void WriteGroup(ParquetWriter writer, ParquetSchema schema, List<EnterpriseProfile> batch)
    {
        using var group = writer.CreateRowGroup();
        var fields = ProfileSchema.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            var property = fields[i].Property;
            var column = schema.DataFields[i];
            var task = fields[i].Kind switch
            {
                FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent or FieldKind.Number => group.WriteAsync<decimal>(column, batch.Select(p => (decimal)property.GetValue(p)!).ToArray()),
                FieldKind.Count => group.WriteAsync<int>(column, batch.Select(p => (int)property.GetValue(p)!).ToArray()),
                FieldKind.Boolean => group.WriteAsync<bool>(column, batch.Select(p => (bool)property.GetValue(p)!).ToArray()),
                FieldKind.Date => group.WriteAsync<DateOnly>(column, batch.Select(p => (DateOnly)property.GetValue(p)!).ToArray()),
                _ => group.WriteAsync(column, batch.Select(p => ProfileCsvWriter.Format(property.GetValue(p))).ToArray()),
            };
            task.GetAwaiter().GetResult();
        }
    }
}
