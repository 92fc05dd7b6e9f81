using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using Parquet;
using Parquet.Schema;
using PolicyRules.Model;

namespace PolicyRules.Input;

public sealed partial class ProfileParquetReader
{
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
                if (value.Contains(TextDecoding.Invalid, StringComparison.Ordinal))
                {
                    return ReplacementReason;
                }

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
            return missing ? null : value.Span.Contains(TextDecoding.Invalid) ? ReplacementReason : schema.TryAssign(record, Field, value.Span);
        }
    }
}
