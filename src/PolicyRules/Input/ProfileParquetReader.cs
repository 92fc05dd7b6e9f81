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
public sealed partial class ProfileParquetReader : IProfileReader
{
    private const string NullReason = "null: the value is needed, and a missing value is not a zero / 空值：该值为必需，缺失不视为零";

    /// <summary>
    /// Why a STRING holding U+FFFD is rejected: the Parquet library decodes a value's bytes leniently, so
    /// U+FFFD may stand for bytes that are not UTF-8; the value is not what the writer meant, and it is
    /// not read, as the CSV reader rejects such a cell (and the SQL engines reject both).
    /// </summary>
    private static readonly string ReplacementReason = TextDecoding.InvalidTextReason(null);

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
            reader = ParquetFiles.OpenReader(path);
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            // A damaged footer or schema throws whatever the decoder meets (out of range, overflow, …).
            throw Unreadable(path, ex);
        }

        try
        {
            return new ProfileParquetReader(reader, schema, path, required.With(schema.IdField), read);
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            var said = ForeignMessage.Quoted(ex);
            throw new ProfileInputException([new InputError(path, 0, 0, "(file)", $"not a readable Parquet file (its schema is damaged): {said.En} / 无法读取 Parquet 文件（结构损坏）：{said.Zh}")]);
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
            catch (Exception ex) when (IsGroupDamage(ex))
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
                catch (Exception ex) when (IsGroupDamage(ex))
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
    private ProfileInputException Damaged(int group, int rowsBefore, Exception ex)
    {
        // The stack running short is our stream's guard stopping a page header nested too deep (ParquetIoStream).
        var said = ex is InsufficientExecutionStackException
            ? (En: "a page header nests too deeply to decode", Zh: "页头嵌套过深，无法解码")
            : ForeignMessage.Quoted(ex);
        return new([new InputError(_source, rowsBefore + 1, 0, "(row group)",
            $"row group {group + 1} of {_reader.RowGroupCount} (from row {rowsBefore + 1}) is damaged and cannot be read: {said.En} / 共 {_reader.RowGroupCount} 个行组，第 {group + 1} 个行组（自第 {rowsBefore + 1} 行起）已损坏，无法读取：{said.Zh}")]);
    }

    /// <summary>
    /// The error for a file whose footer or schema cannot be decoded (or that is not Parquet): why in each
    /// language — our own reasons (<see cref="DamagedParquetException"/>, no such file) in its words, a
    /// decoder's quoted as it said them.
    /// </summary>
    internal static ProfileInputException Unreadable(string path, Exception ex)
    {
        if (InputFiles.NotAFile(path) is var (notEn, notZh))
        {
            return new([new InputError(path, 0, 0, "(file)", $"cannot be read: {notEn} / 无法读取文件：{notZh}")]);
        }

        var why = ex is DamagedParquetException ours ? (En: ours.Message, Zh: ours.Chinese) : ForeignMessage.Quoted(ex);
        return new([new InputError(path, 0, 0, "(file)", $"not a readable Parquet file (its footer or schema is damaged or it is not Parquet): {why.En} / 无法读取 Parquet 文件（文件尾或结构损坏，或不是 Parquet 文件）：{why.Zh}")]);
    }

    /// <summary>
    /// What reading a damaged row group throws: as <see cref="IsDamage"/>, and an array sized by a damaged
    /// page size or row count beyond what .NET allows (OutOfMemoryException, "array dimensions exceeded"),
    /// which is the file's damage, not this process's memory running out (CorruptParquetTests).
    /// </summary>
    private static bool IsGroupDamage(Exception ex) => IsDamage(ex) || ex is OutOfMemoryException;

    /// <summary>What a damaged file makes a decoder throw; not what no handler should catch.</summary>
    private static bool IsDamage(Exception ex) => ex is not (OutOfMemoryException or ProfileInputException or OperationCanceledException or ThreadAbortException);

    private ProfileRecord ReadRow(int index, int row)
    {
        var record = _schema.Create();
        var id = _id.TextAt(index) ?? "";
        id = RecordSchema.IsBlankId(id) ? "" : id; // a blank id is echoed as the empty id it is, as CSV and SQL echo it
        ImmutableArray<InputError>.Builder? errors = null;
        foreach (var column in _columns)
        {
            string? reason;
            bool missing;
            if (ReferenceEquals(column, _id))
            {
                reason = id.Length == 0 ? RecordSchema.BlankIdReason : id.Contains(TextDecoding.Invalid, StringComparison.Ordinal) ? ReplacementReason : null;
                missing = false;
                if (reason is null)
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
            : new ProfileRecord(row, 0, TextDecoding.Printable(id), null, errors.ToImmutable()); // shown as the CSV reader shows it
    }

    /// <inheritdoc/>
    public void Dispose() => _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
