using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using Parquet;
using Parquet.Schema;
using PolicyRules.Model;

namespace PolicyRules.Input;

public sealed partial class ProfileParquetReader
{
    /// <summary>The reader for <paramref name="column"/>'s values into <paramref name="field"/>, or null when its type cannot hold them.</summary>
    private static Column? Bind(RecordSchema schema, ProfileField field, DataField column, Scratch scratch)
    {
        var type = column.ClrType;
        if (type == typeof(ReadOnlyMemory<char>) || type == typeof(string))
        {
            return field.Kind == FieldKind.Text ? new TextColumn(schema, field, column, scratch.Text) : new ParsedTextColumn(schema, field, column);
        }

        return field.Kind switch
        {
            FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent or FieldKind.Number =>
                type == typeof(decimal) ? Decimal(schema, field, column, scratch) : Integer(schema, field, column),
            FieldKind.Count =>
                type == typeof(decimal) ? Decimal(schema, field, column, scratch)
                : type == typeof(double) ? new FloatColumn<double>(schema, field, column)
                : type == typeof(float) ? new FloatColumn<float>(schema, field, column)
                : Integer(schema, field, column),
            FieldKind.Boolean => type == typeof(bool) ? new BooleanColumn(schema, field, column) : null,
            FieldKind.Date =>
                type == typeof(DateOnly) ? new DateColumn(schema, field, column)
                : type == typeof(DateTime) ? new DateTimeColumn(schema, field, column)
                : null,
            FieldKind.Text => Integer(schema, field, column),
            _ => null,
        };
    }

    /// <summary>
    /// A DECIMAL column. Stored as fixed- or variable-length bytes (precision above 18, as the contract's
    /// writer stores money), it is read as those bytes and converted here: Parquet.Net's own conversion
    /// goes through BigInteger and costs ~1 µs and ~180 bytes of garbage per value, most of a screening
    /// run's time. The bytes are read through a plain binary field of the same name and nullability
    /// (Parquet.Net decodes by the type asked for; the column chunk is found by its path).
    /// </summary>
    private static Column? Decimal(RecordSchema schema, ProfileField field, DataField column, Scratch scratch)
    {
        if (column.SchemaElement is not { Type: Parquet.Meta.Type.FIXED_LEN_BYTE_ARRAY or Parquet.Meta.Type.BYTE_ARRAY } element)
        {
            return new DecimalColumn(schema, field, column);
        }

        var scale = element.Scale ?? 0;
        if (scale is < 0 or > 28)
        {
            return null; // beyond System.Decimal's scale: not exact
        }

        var bytes = new ParquetSchema(new DataField(column.Name, typeof(byte[]), isNullable: column.IsNullable)).DataFields[0];
        return new BinaryDecimalColumn(schema, field, bytes, (byte)scale, scratch.Bytes);
    }

    private static Column? Integer(RecordSchema schema, ProfileField field, DataField column) => Type.GetTypeCode(column.ClrType) switch
    {
        TypeCode.SByte => new IntegerColumn<sbyte>(schema, field, column),
        TypeCode.Byte => new IntegerColumn<byte>(schema, field, column),
        TypeCode.Int16 => new IntegerColumn<short>(schema, field, column),
        TypeCode.UInt16 => new IntegerColumn<ushort>(schema, field, column),
        TypeCode.Int32 => new IntegerColumn<int>(schema, field, column),
        TypeCode.UInt32 => new IntegerColumn<uint>(schema, field, column),
        TypeCode.Int64 => new IntegerColumn<long>(schema, field, column),
        TypeCode.UInt64 => new IntegerColumn<ulong>(schema, field, column),
        _ => null,
    };

    /// <summary>Why <paramref name="column"/> cannot hold <paramref name="field"/>: the same types named in each language's words (Parquet's type names as Parquet spells them).</summary>
    private static string Incompatible(ProfileField field, Field column)
    {
        var given = Describe(column);
        if (column is DataField { IsArray: false } data && (data.ClrType == typeof(double) || data.ClrType == typeof(float))
            && field.Kind is FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent or FieldKind.Number)
        {
            return $"a floating-point ({given.En}) column: money, scores and percentages must be DECIMAL, an integer type or STRING, so thresholds compare exact values / 浮点（{given.Zh}）列：金额、分数与百分数列须为 DECIMAL、整数类型或 STRING，不可为浮点，以便阈值比较精确";
        }

        var expected = field.Kind switch
        {
            FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent or FieldKind.Number => (En: "DECIMAL, an integer type or STRING", Zh: "DECIMAL、整数类型或 STRING"),
            FieldKind.Count => (En: "an integer type, or DECIMAL, DOUBLE, FLOAT or STRING holding whole numbers", Zh: "整数类型，或存放整数的 DECIMAL、DOUBLE、FLOAT 或 STRING"),
            FieldKind.Boolean => (En: "BOOLEAN or STRING", Zh: "BOOLEAN 或 STRING"),
            FieldKind.Date => (En: "DATE, a TIMESTAMP at midnight or STRING", Zh: "DATE、零点的 TIMESTAMP 或 STRING"),
            FieldKind.Text => (En: "STRING or an integer type", Zh: "STRING 或整数类型"),
            _ => (En: "STRING", Zh: "STRING"),
        };
        return $"a column of type {given.En} cannot hold this field ({field.Kind}): expected {expected.En} / 列类型 {given.Zh} 不适用于该字段（{field.Kind}），应为 {expected.Zh}";
    }

    /// <summary>The column's type as Parquet names it, in English and in Chinese (a nested or repeated column says so in each).</summary>
    private static (string En, string Zh) Describe(Field column)
    {
        if (column is not DataField data)
        {
            return ($"{column.SchemaType} (nested)", $"{column.SchemaType}（嵌套）");
        }

        var type = data.ClrType;
        var name = type == typeof(ReadOnlyMemory<char>) || type == typeof(string) ? "STRING"
            : type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>) ? "BINARY"
            : type == typeof(decimal) ? "DECIMAL"
            : type == typeof(double) ? "DOUBLE"
            : type == typeof(float) ? "FLOAT"
            : type == typeof(bool) ? "BOOLEAN"
            : type == typeof(int) ? "INT32"
            : type == typeof(long) ? "INT64"
            : type == typeof(DateOnly) ? "DATE"
            : type == typeof(DateTime) ? "TIMESTAMP"
            : type.Name;
        return data.IsArray || data.MaxRepetitionLevel > 0 ? ($"repeated {name}", $"重复的 {name}") : (name, name);
    }
}
