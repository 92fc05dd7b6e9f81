using System.Collections.Immutable;
using System.Globalization;
using Parquet;
using Parquet.Schema;
using PolicyRules.Model;

namespace PolicyRules.Input;

/// <summary>
/// Streams enterprise profiles from Parquet, one row group at a time (memory is bounded by the row
/// group, not the file). Columns carry the contract names; values go through the same validation
/// as CSV cells, and a null in a needed field rejects its row. Binary floating-point columns are
/// refused for money and scores: thresholds must compare exact decimals.
/// </summary>
public sealed class ProfileParquetReader : IDisposable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly ParquetReader _reader;
    private readonly RecordSchema _schema;
    private readonly string _source;
    private readonly FieldSet _required;
    private readonly (ProfileField Field, DataField Column)[] _columns;

    private ProfileParquetReader(ParquetReader reader, RecordSchema schema, string source, FieldSet required)
    {
        _reader = reader;
        _schema = schema;
        _source = source;
        _required = required;
        var columns = new List<(ProfileField, DataField)>();
        var errors = new List<InputError>();
        foreach (var column in reader.Schema.DataFields)
        {
            if (!schema.TryGetField(column.Name, out var field))
            {
                continue;
            }

            var type = column.ClrType;
            if (field.Kind is FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent && (type == typeof(double) || type == typeof(float)))
            {
                if (!required.Contains(field))
                {
                    continue; // not read, so its inexactness cannot matter
                }

                errors.Add(new InputError(source, 0, 0, column.Name, "a floating-point column: money and scores must be DECIMAL (or text) so thresholds compare exactly / 金额与分数列须为定点小数"));
                continue;
            }

            columns.Add((field, column));
        }

        foreach (var field in schema.FieldsIn(required))
        {
            if (!columns.Exists(c => c.Item1 == field) && !errors.Exists(e => e.Column == field.Name))
            {
                errors.Add(new InputError(source, 0, 0, field.Name, "a column the selected programmes need is missing / 缺少所需列"));
            }
        }

        if (errors.Count > 0)
        {
            throw new ProfileInputException(errors);
        }

        _columns = [.. columns];
    }

    /// <summary>Opens a Parquet file; <paramref name="required"/> as for <see cref="ProfileCsvReader.Open(string, FieldSet)"/>.</summary>
    /// <exception cref="ProfileInputException">A needed column is missing or is floating point.</exception>
    public static ProfileParquetReader Open(string path, FieldSet required) => Open(path, RecordSchema.Enterprise, required);

    /// <summary>Opens a Parquet file of records of <paramref name="schema"/> (enterprises or persons).</summary>
    /// <exception cref="ProfileInputException">A needed column is missing or is floating point.</exception>
    public static ProfileParquetReader Open(string path, RecordSchema schema, FieldSet required)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(schema);
        ParquetReader reader;
        try
        {
            reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException)
        {
            throw new ProfileInputException([new InputError(path, 0, 0, "(file)", $"not a readable Parquet file: {ex.Message} / 无法读取 Parquet 文件")]);
        }

        try
        {
            return new ProfileParquetReader(reader, schema, path, required.With(schema.IdField));
        }
        catch
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>Reads the rows in order; <see cref="ProfileRecord.Row"/> is the 1-based row and <see cref="ProfileRecord.Line"/> is 0.</summary>
    public IEnumerable<ProfileRecord> ReadAll()
    {
        var row = 0;
        for (var group = 0; group < _reader.RowGroupCount; group++)
        {
            using var groupReader = _reader.OpenRowGroupReader(group);
            var count = checked((int)groupReader.RowCount);
            var cells = new string?[_columns.Length][];
            for (var c = 0; c < _columns.Length; c++)
            {
                cells[c] = ReadAsText(groupReader, _columns[c].Column, count).GetAwaiter().GetResult();
            }

            for (var i = 0; i < count; i++)
            {
                row++;
                yield return ReadRow(cells, i, row);
            }
        }
    }

    private ProfileRecord ReadRow(string?[][] cells, int index, int row)
    {
        var profile = _schema.Create();
        var id = "";
        ImmutableArray<InputError>.Builder? errors = null;
        for (var c = 0; c < _columns.Length; c++)
        {
            var field = _columns[c].Field;
            var text = cells[c][index];
            string? reason;
            if (string.IsNullOrEmpty(text))
            {
                reason = _required.Contains(field) ? "null: the value is needed, and a missing value is not a zero / 空值：该值为必需，缺失不视为零" : null;
            }
            else
            {
                if (field == _schema.IdField)
                {
                    id = text;
                }

                reason = _schema.TryAssign(profile, field, text);
            }

            if (reason is not null)
            {
                errors ??= ImmutableArray.CreateBuilder<InputError>();
                errors.Add(new InputError(_source, row, 0, field.Name, reason));
            }
        }

        return errors is null
            ? new ProfileRecord(row, 0, id, profile, [])
            : new ProfileRecord(row, 0, id, null, errors.ToImmutable());
    }

    /// <summary>A column's values as contract text (invariant numbers, yyyy-MM-dd, true/false), null where missing.</summary>
    private static async Task<string?[]> ReadAsText(ParquetRowGroupReader group, DataField column, int count)
    {
        var type = column.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var values = new string[count];
            await group.ReadAsync(column, values).ConfigureAwait(false);
            return values;
        }

        if (type == typeof(decimal))
        {
            return Format(await Read<decimal>(group, column, count).ConfigureAwait(false), v => v.ToString(Invariant));
        }

        if (type == typeof(int))
        {
            return Format(await Read<int>(group, column, count).ConfigureAwait(false), v => v.ToString(Invariant));
        }

        if (type == typeof(long))
        {
            return Format(await Read<long>(group, column, count).ConfigureAwait(false), v => v.ToString(Invariant));
        }

        if (type == typeof(bool))
        {
            return Format(await Read<bool>(group, column, count).ConfigureAwait(false), v => v ? "true" : "false");
        }

        if (type == typeof(DateTime))
        {
            return Format(await Read<DateTime>(group, column, count).ConfigureAwait(false), v => v.ToString("yyyy-MM-dd", Invariant));
        }

        if (type == typeof(DateOnly))
        {
            return Format(await Read<DateOnly>(group, column, count).ConfigureAwait(false), v => v.ToString("yyyy-MM-dd", Invariant));
        }

        if (type == typeof(double) || type == typeof(float))
        {
            // Counts and flags stored as floating point still read; exactness matters only for money (refused at open).
            return Format(await Read<double>(group, column, count).ConfigureAwait(false), v => v.ToString("R", Invariant));
        }

        throw new ProfileInputException([new InputError("(parquet)", 0, 0, column.Name, $"unsupported column type {type.Name} / 不支持的列类型")]);
    }

    private static async Task<T?[]> Read<T>(ParquetRowGroupReader group, DataField column, int count)
        where T : struct
    {
        var values = new T?[count];
        await group.ReadAsync<T>(column, values).ConfigureAwait(false);
        return values;
    }

    private static string?[] Format<T>(T?[] values, Func<T, string> format)
        where T : struct
    {
        var text = new string?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            text[i] = values[i] is { } v ? format(v) : null;
        }

        return text;
    }

    /// <inheritdoc/>
    public void Dispose() => _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
