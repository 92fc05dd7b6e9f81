using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using Parquet;
using Parquet.Schema;
using PolicyRules.Model;

namespace PolicyRules.Input;

/// <summary>
/// Streams enterprise (or person) profiles from Parquet, one row group at a time: each needed column
/// of a group is read as a typed array (decimal, int, bool, date, text; the arrays are reused from
/// group to group) and every row's record is filled from them directly, with the rules CSV applies to
/// the same values (a null or empty value in a needed field, an out-of-range number, an unknown
/// industry: the row is rejected with its row number and column). Memory is bounded by the largest
/// row group times the columns read, not by the number of rows: the contract's writer writes groups of
/// 8,192 rows; a file from another tool with one group of a million rows holds that million's needed
/// columns at once.
/// </summary>
/// <remarks>
/// Columns are found by contract name, in any order; other columns are ignored. Besides the type the
/// contract's own writer uses (<see cref="ProfileParquetWriter"/>), a field reads from other types
/// that hold its values exactly: money, scores and percentages from DECIMAL, any integer type or
/// STRING; counts from any integer type, or DECIMAL, DOUBLE, FLOAT or STRING holding whole numbers; flags
/// from BOOLEAN or STRING; dates from DATE, a TIMESTAMP at midnight or STRING (<c>YYYY-MM-DD</c>);
/// text from STRING or an integer type. A needed column of another type — notably DOUBLE or FLOAT for
/// money, scores and percentages, whose thresholds must compare exact decimals — refuses the file
/// with an error naming the column; a column of such a type that no field being read needs is skipped.
/// </remarks>
public sealed class ProfileParquetReader : IProfileReader
{
    private const string NullReason = "null: the value is needed, and a missing value is not a zero / 空值：该值为必需，缺失不视为零";

    private readonly ParquetReader _reader;
    private readonly string _source;
    private readonly RecordSchema _schema;
    private readonly FieldSet _required;
    private readonly Column[] _columns;
    private readonly Column _id;
    private readonly Action<object, string> _setId;

    private ProfileParquetReader(ParquetReader reader, RecordSchema schema, string source, FieldSet required, FieldSet read)
    {
        _reader = reader;
        _schema = schema;
        _source = source;
        _required = required;
        var columns = new List<Column>();
        var errors = new List<InputError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var scratch = new Scratch();
        foreach (var column in reader.Schema.Fields)
        {
            if (!schema.TryGetField(column.Name, out var field))
            {
                if (schema.TryGetRetired(column.Name, out var retired))
                {
                    errors.Add(new InputError(source, 0, 0, column.Name, retired));
                }

                continue;
            }

            if (!seen.Add(column.Name))
            {
                errors.Add(new InputError(source, 0, 0, column.Name, "the column appears twice / 该列重复"));
                continue;
            }

            if (!required.Contains(field) && !read.Contains(field))
            {
                continue; // not read: no selected programme looks at it
            }

            if (column is DataField { IsArray: false, MaxRepetitionLevel: 0, MaxDefinitionLevel: <= 1 } data && Bind(schema, field, data, scratch) is { } bound)
            {
                columns.Add(bound);
            }
            else if (required.Contains(field))
            {
                errors.Add(new InputError(source, 0, 0, column.Name, Incompatible(field, column)));
            }

            // A column of an unusable type that nothing needs is skipped, as CSV ignores unknown columns.
        }

        foreach (var field in schema.FieldsIn(required))
        {
            if (!seen.Contains(field.Name))
            {
                errors.Add(new InputError(source, 0, 0, field.Name, "a column the selected programmes need is missing / 缺少所需列"));
            }
        }

        if (errors.Count > 0)
        {
            throw new ProfileInputException(errors);
        }

        _columns = [.. columns];
        _id = columns.Find(c => c.Field == schema.IdField)!;
        _setId = schema.SetterOf<Action<object, string>>(schema.IdField);
    }

    /// <summary>Opens a Parquet file; <paramref name="required"/> as for <see cref="ProfileCsvReader.Open(string, FieldSet)"/>. Every contract column present is read, unless it is of a type the remarks do not list and no required field is in it (then it is skipped).</summary>
    /// <exception cref="ProfileInputException">The file is unreadable, or a needed column is missing or of a type that cannot hold its field, or a removed column is present (the error names its replacement).</exception>
    public static ProfileParquetReader Open(string path, FieldSet required) => Open(path, RecordSchema.Enterprise, required);

    /// <summary>Opens a Parquet file of records of <paramref name="schema"/> (enterprises or persons). Every contract column present is read, unless it is of a type the remarks do not list and no required field is in it (then it is skipped).</summary>
    /// <exception cref="ProfileInputException">The file is unreadable, or a needed column is missing or of a type that cannot hold its field, or a removed column is present (the error names its replacement).</exception>
    public static ProfileParquetReader Open(string path, RecordSchema schema, FieldSet required)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return Open(path, schema, required, schema.All);
    }

    /// <summary>
    /// Opens a Parquet file reading only the columns of <paramref name="read"/> and <paramref name="required"/>
    /// (and <c>id</c>); the other fields of each record keep their defaults, and their values are neither
    /// read nor checked. This is what screening uses: a value no selected programme reads cannot change a result.
    /// </summary>
    /// <exception cref="ProfileInputException">The file is unreadable, or a needed column is missing or of a type that cannot hold its field, or a removed column is present (the error names its replacement).</exception>
    internal static ProfileParquetReader Open(string path, RecordSchema schema, FieldSet required, FieldSet read)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(schema);
        ParquetReader reader;
        try
        {
            reader = ParquetReader.CreateAsync(path, ParquetFiles.Options).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            // A damaged footer or schema throws whatever the decoder meets (out of range, overflow, …).
            throw new ProfileInputException([new InputError(path, 0, 0, "(file)", $"not a readable Parquet file (its footer or schema is damaged or it is not Parquet): {ex.Message} / 无法读取 Parquet 文件（文件尾或结构损坏，或不是 Parquet 文件）：{ex.Message}")]);
        }

        try
        {
            return new ProfileParquetReader(reader, schema, path, required.With(schema.IdField), read);
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new ProfileInputException([new InputError(path, 0, 0, "(file)", $"not a readable Parquet file (its schema is damaged): {ex.Message} / 无法读取 Parquet 文件（结构损坏）：{ex.Message}")]);
        }
        catch
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>Reads the rows in order; <see cref="ProfileRecord.Row"/> is the 1-based row of the file and <see cref="ProfileRecord.Line"/> is 0.</summary>
    public IEnumerable<ProfileRecord> ReadAll()
    {
        var row = 0;
        for (var g = 0; g < _reader.RowGroupCount; g++)
        {
            int count;
            try
            {
                var group = _reader.OpenRowGroupReader(g);
                count = checked((int)group.RowCount);
                if (count < 0)
                {
                    throw new InvalidDataException($"a row count of {count}");
                }

                foreach (var column in _columns)
                {
                    column.Read(group, count);
                }
            }
            catch (Exception ex) when (IsDamage(ex))
            {
                throw Damaged(g, row, ex);
            }

            for (var i = 0; i < count; i++)
            {
                row++;
                ProfileRecord record;
                try
                {
                    record = ReadRow(i, row);
                }
                catch (Exception ex) when (IsDamage(ex))
                {
                    throw Damaged(g, row - i - 1, ex); // a page that decoded to fewer values than its group has rows
                }

                yield return record;
            }
        }
    }

    /// <summary>
    /// A damaged page or row group: an error naming the file, the row group and its first row. The run
    /// stops (its outputs are discarded whole, see <see cref="Output.OutputFiles"/>) rather than guess
    /// which rows the damage touched.
    /// </summary>
    private ProfileInputException Damaged(int group, int rowsBefore, Exception ex) =>
        new([new InputError(_source, rowsBefore + 1, 0, "(row group)",
            $"row group {group + 1} of {_reader.RowGroupCount} (from row {rowsBefore + 1}) is damaged and cannot be read: {ex.GetType().Name}: {ex.Message} / 共 {_reader.RowGroupCount} 个行组，第 {group + 1} 个行组（自第 {rowsBefore + 1} 行起）已损坏，无法读取：{ex.GetType().Name}: {ex.Message}")]);

    /// <summary>What a damaged file makes a decoder throw; not what no handler should catch.</summary>
    private static bool IsDamage(Exception ex) => ex is not (OutOfMemoryException or ProfileInputException or OperationCanceledException or ThreadAbortException);

    private ProfileRecord ReadRow(int index, int row)
    {
        var record = _schema.Create();
        var id = _id.TextAt(index) ?? "";
        ImmutableArray<InputError>.Builder? errors = null;
        foreach (var column in _columns)
        {
            string? reason;
            bool missing;
            if (ReferenceEquals(column, _id))
            {
                reason = null;
                missing = id.Length == 0;
                if (!missing)
                {
                    _setId(record, id);
                }
            }
            else
            {
                reason = column.Store(record, index, out missing);
            }

            if (missing && _required.Contains(column.Field))
            {
                reason = NullReason;
            }

            if (reason is not null)
            {
                errors ??= ImmutableArray.CreateBuilder<InputError>();
                errors.Add(new InputError(_source, row, 0, column.Field.Name, reason));
            }
        }

        return errors is null
            ? new ProfileRecord(row, 0, id, record, [])
            : new ProfileRecord(row, 0, id, null, errors.ToImmutable());
    }

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

    private static string Incompatible(ProfileField field, Field column)
    {
        var given = Describe(column);
        if (column is DataField { IsArray: false } data && (data.ClrType == typeof(double) || data.ClrType == typeof(float))
            && field.Kind is FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent or FieldKind.Number)
        {
            return $"a floating-point ({given}) column: money, scores and percentages must be DECIMAL, an integer type or STRING, so thresholds compare exact values / 浮点（{given}）列：金额、分数与百分数列须为 DECIMAL、整数类型或 STRING，不可为浮点，以便阈值比较精确";
        }

        var expected = field.Kind switch
        {
            FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent or FieldKind.Number => "DECIMAL, an integer type or STRING",
            FieldKind.Count => "an integer type, or DECIMAL, DOUBLE, FLOAT or STRING holding whole numbers",
            FieldKind.Boolean => "BOOLEAN or STRING",
            FieldKind.Date => "DATE, a TIMESTAMP at midnight or STRING",
            FieldKind.Text => "STRING or an integer type",
            _ => "STRING",
        };
        return $"a column of type {given} cannot hold this field ({field.Kind}): expected {expected} / 列类型 {given} 不适用于该字段（{field.Kind}），应为 {expected}";
    }

    private static string Describe(Field column)
    {
        if (column is not DataField data)
        {
            return $"{column.SchemaType} (nested)";
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
        return data.IsArray || data.MaxRepetitionLevel > 0 ? $"repeated {name}" : name;
    }

    /// <inheritdoc/>
    public void Dispose() => _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Raw buffers the columns that convert their values when a group is read share: they read one
    /// column at a time, so one buffer per raw type is enough however many columns there are.
    /// </summary>
    private sealed class Scratch
    {
        public RawValues<ReadOnlyMemory<byte>> Bytes { get; } = new();

        public RawValues<ReadOnlyMemory<char>> Text { get; } = new();
    }

    /// <summary>
    /// A column chunk's values as Parquet.Net reads them raw (a reused buffer): values[i] is row i's
    /// value, and <see cref="IsNull"/> tells the rows whose value is null.
    /// </summary>
    private sealed class RawValues<T>
        where T : struct
    {
        private int _defined;
        private int[] _levels = [];

        public T[] Items { get; private set; } = [];

        public void Read(ParquetRowGroupReader group, DataField column, int rows)
        {
            _defined = column.MaxDefinitionLevel;
            if (Items.Length < rows)
            {
                Items = new T[rows];
            }

            if (_defined > 0 && _levels.Length < rows)
            {
                _levels = new int[rows];
            }

            // Not `: null`, which would convert to an empty Memory through T[] (and ask for no levels wrongly).
            var levels = _defined > 0 ? _levels.AsMemory(0, rows) : (Memory<int>?)null;
            group.ReadRawAsync(column, Items.AsMemory(0, rows), levels, null).AsTask().GetAwaiter().GetResult();
            if (_defined > 0)
            {
                Spread(rows);
            }
        }

        public bool IsNull(int index) => _defined > 0 && _levels[index] != _defined;

        // A raw read packs the non-null values at the front; move each to its row (from the back, so
        // nothing is overwritten before it moves), leaving Items[i] as row i's value.
        private void Spread(int rows)
        {
            var values = Items;
            var levels = _levels;
            var next = -1;
            for (var i = 0; i < rows; i++)
            {
                if (levels[i] == _defined)
                {
                    next++;
                }
            }

            for (var i = rows - 1; i >= 0; i--)
            {
                values[i] = levels[i] == _defined ? values[next--] : default;
            }
        }
    }

    /// <summary>One column being read: its values for the current row group, stored row by row into records.</summary>
    private abstract class Column(ProfileField field)
    {
        public ProfileField Field { get; } = field;

        /// <summary>Reads the column's values of <paramref name="group"/> (of <paramref name="rows"/> rows).</summary>
        public abstract void Read(ParquetRowGroupReader group, int rows);

        /// <summary>
        /// Stores the value of row <paramref name="index"/> of the group into <paramref name="record"/>:
        /// null when stored or <paramref name="missing"/>, else why the value is not one of the field's.
        /// </summary>
        public abstract string? Store(object record, int index, out bool missing);

        /// <summary>The row's value as text, null when missing (the <c>id</c> column).</summary>
        public virtual string? TextAt(int index) => null;

        protected static string Shown<T>(T value)
            where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);
    }

    /// <summary>A column whose values are stored as Parquet.Net reads them.</summary>
    private abstract class Column<T>(ProfileField field, DataField data) : Column(field)
        where T : struct
    {
        private readonly RawValues<T> _values = new();

        public sealed override void Read(ParquetRowGroupReader group, int rows) => _values.Read(group, data, rows);

        public sealed override string? Store(object record, int index, out bool missing)
        {
            if (_values.IsNull(index))
            {
                missing = true;
                return null;
            }

            missing = false;
            return Store(record, _values.Items[index]);
        }

        public override string? TextAt(int index) => _values.IsNull(index) ? null : Text(_values.Items[index]);

        protected abstract string? Store(object record, T value);

        protected virtual string? Text(T value) => null;
    }

    /// <summary>Stores a decimal into a money, score, percent or count field, with the range every reader applies.</summary>
    private sealed class DecimalTarget(RecordSchema schema, ProfileField field)
    {
        private readonly Action<object, decimal>? _set = field.Kind == FieldKind.Count ? null : schema.SetterOf<Action<object, decimal>>(field);
        private readonly Action<object, int>? _setCount = field.Kind == FieldKind.Count ? schema.SetterOf<Action<object, int>>(field) : null;

        public string? Store(object record, decimal value)
        {
            if (!RecordSchema.IsInRange(field, value))
            {
                return RecordSchema.NumberReason(field, value.ToString(CultureInfo.InvariantCulture));
            }

            if (_setCount is not null)
            {
                _setCount(record, (int)value);
            }
            else
            {
                _set!(record, value);
            }

            return null;
        }
    }

    /// <summary>DECIMAL values as Parquet.Net converts them (INT32- and INT64-backed decimals), for money, scores, percentages, and counts that are whole.</summary>
    private sealed class DecimalColumn(RecordSchema schema, ProfileField field, DataField data) : Column<decimal>(field, data)
    {
        private readonly DecimalTarget _target = new(schema, field);

        protected override string? Store(object record, decimal value) => _target.Store(record, value);
    }

    /// <summary>
    /// DECIMAL values stored as bytes (FIXED_LEN_BYTE_ARRAY or BYTE_ARRAY): the unscaled value, big-endian
    /// two's complement, converted exactly when the group is read (so the bytes, one small array per value
    /// from Parquet.Net, die young); a value beyond System.Decimal (|unscaled| ≥ 2^96) is out of range.
    /// </summary>
    private sealed class BinaryDecimalColumn(RecordSchema schema, ProfileField field, DataField bytes, byte scale, RawValues<ReadOnlyMemory<byte>> scratch) : Column(field)
    {
        private const byte Value = 0, Null = 1, TooLarge = 2, NoBytes = 3;
        private readonly DecimalTarget _target = new(schema, field);
        private decimal[] _values = [];
        private byte[] _states = [];
        private Dictionary<int, string>? _tooLarge;

        public override void Read(ParquetRowGroupReader group, int rows)
        {
            scratch.Read(group, bytes, rows);
            if (_values.Length < rows)
            {
                _values = new decimal[rows];
                _states = new byte[rows];
            }

            _tooLarge?.Clear();
            var raw = scratch.Items;
            for (var i = 0; i < rows; i++)
            {
                if (scratch.IsNull(i))
                {
                    _states[i] = Null;
                }
                else if (raw[i].IsEmpty)
                {
                    _states[i] = NoBytes;
                }
                else if (DecimalText.TryDecode(raw[i].Span, scale, out _values[i]))
                {
                    _states[i] = Value;
                }
                else
                {
                    _states[i] = TooLarge;
                    (_tooLarge ??= [])[i] = Unscaled(raw[i].Span, scale);
                }
            }

            Array.Clear(raw, 0, rows);
        }

        public override string? Store(object record, int index, out bool missing)
        {
            var state = _states[index];
            missing = state == Null;
            return state switch
            {
                Value => _target.Store(record, _values[index]),
                TooLarge => RecordSchema.NumberReason(Field, _tooLarge![index]),
                NoBytes => "a decimal of no bytes is not a number (and a missing value is not a zero) / 空字节的十进制值不是数字",
                _ => null,
            };
        }

        // Only for the message of a value beyond decimal's range.
        private static string Unscaled(ReadOnlySpan<byte> bigEndian, byte scale)
        {
            var digits = new BigInteger(bigEndian, isUnsigned: false, isBigEndian: true).ToString(CultureInfo.InvariantCulture);
            return scale == 0 ? digits : $"{digits}e-{scale}";
        }
    }

    /// <summary>Integer values of any width, for counts, money, scores, percentages and text.</summary>
    private sealed class IntegerColumn<T>(RecordSchema schema, ProfileField field, DataField data) : Column<T>(field, data)
        where T : struct, IBinaryInteger<T>
    {
        private readonly DecimalTarget? _number = field.Kind == FieldKind.Text ? null : new(schema, field);
        private readonly Action<object, string>? _setText = field.Kind == FieldKind.Text ? schema.SetterOf<Action<object, string>>(field) : null;

        protected override string? Store(object record, T value)
        {
            if (_setText is not null)
            {
                _setText(record, Shown(value));
                return null;
            }

            // A UINT64 beyond long's range is beyond every field's range too; within it, the number
            // is exact as a decimal and goes through the same range check and setter as DECIMAL columns.
            var number = long.CreateSaturating(value);
            return T.CreateSaturating(number) != value ? RecordSchema.NumberReason(Field, Shown(value)) : _number!.Store(record, number);
        }

        protected override string? Text(T value) => Shown(value);
    }

    /// <summary>DOUBLE or FLOAT values, for counts only, and only when whole (exact in binary floating point).</summary>
    private sealed class FloatColumn<T>(RecordSchema schema, ProfileField field, DataField data) : Column<T>(field, data)
        where T : struct, IFloatingPointIeee754<T>
    {
        // 2^31 exactly: (float)int.MaxValue rounds up to it, so "> int.MaxValue" would let it through.
        private static readonly T IntLimit = T.CreateChecked(2147483648.0);
        private readonly Action<object, int> _setCount = schema.SetterOf<Action<object, int>>(field);

        protected override string? Store(object record, T value)
        {
            if (!T.IsInteger(value) || T.IsNegative(value) || !(value < IntLimit))
            {
                return RecordSchema.NumberReason(Field, value.ToString("R", CultureInfo.InvariantCulture));
            }

            _setCount(record, int.CreateChecked(value));
            return null;
        }
    }

    private sealed class BooleanColumn(RecordSchema schema, ProfileField field, DataField data) : Column<bool>(field, data)
    {
        private readonly Action<object, bool> _set = schema.SetterOf<Action<object, bool>>(field);

        protected override string? Store(object record, bool value)
        {
            _set(record, value);
            return null;
        }
    }

    private sealed class DateColumn(RecordSchema schema, ProfileField field, DataField data) : Column<DateOnly>(field, data)
    {
        private readonly Action<object, DateOnly> _set = schema.SetterOf<Action<object, DateOnly>>(field);

        protected override string? Store(object record, DateOnly value)
        {
            _set(record, value);
            return null;
        }
    }

    /// <summary>TIMESTAMP values, for dates when the time of day is midnight (a date written as a timestamp).</summary>
    private sealed class DateTimeColumn(RecordSchema schema, ProfileField field, DataField data) : Column<DateTime>(field, data)
    {
        private readonly Action<object, DateOnly> _set = schema.SetterOf<Action<object, DateOnly>>(field);

        protected override string? Store(object record, DateTime value)
        {
            if (value.TimeOfDay != TimeSpan.Zero)
            {
                return RecordSchema.DateReason(value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
            }

            _set(record, DateOnly.FromDateTime(value));
            return null;
        }
    }

    /// <summary>
    /// STRING values for a text field (id, name): made strings when the group is read, so each value is
    /// one string shared by the record and, for <c>id</c>, the rejects file. An empty string is missing,
    /// as an empty CSV cell is.
    /// </summary>
    private sealed class TextColumn(RecordSchema schema, ProfileField field, DataField data, RawValues<ReadOnlyMemory<char>> scratch) : Column(field)
    {
        private readonly Action<object, string> _set = schema.SetterOf<Action<object, string>>(field);
        private string?[] _values = [];

        public override void Read(ParquetRowGroupReader group, int rows)
        {
            scratch.Read(group, data, rows);
            if (_values.Length < rows)
            {
                _values = new string?[rows];
            }

            var raw = scratch.Items;
            for (var i = 0; i < rows; i++)
            {
                _values[i] = scratch.IsNull(i) || raw[i].IsEmpty ? null : raw[i].Span.ToString();
            }

            Array.Clear(raw, 0, rows);
        }

        public override string? Store(object record, int index, out bool missing)
        {
            var value = _values[index];
            missing = value is null;
            if (value is not null)
            {
                _set(record, value);
            }

            return null;
        }

        public override string? TextAt(int index) => _values[index];
    }

    /// <summary>STRING values for any other field, parsed as CSV parses a cell. An empty string is missing, as an empty cell is.</summary>
    private sealed class ParsedTextColumn(RecordSchema schema, ProfileField field, DataField data) : Column(field)
    {
        private readonly RawValues<ReadOnlyMemory<char>> _values = new();

        public override void Read(ParquetRowGroupReader group, int rows) => _values.Read(group, data, rows);

        public override string? Store(object record, int index, out bool missing)
        {
            var value = _values.Items[index];
            missing = _values.IsNull(index) || value.IsEmpty;
            return missing ? null : schema.TryAssign(record, Field, value.Span);
        }
    }
}
