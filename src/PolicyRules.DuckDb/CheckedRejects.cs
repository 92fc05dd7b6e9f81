using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Sql.Execution;

namespace PolicyRules.DuckDb;

/// <summary>
/// The rejects DuckDB reports, checked against this library's reader: from the first reject on, the
/// reader reads the file in step with the query's rows, and each reject becomes the reader's record
/// (with its line). Should the two disagree on whether a row is readable, the run stops, naming the
/// first such row. A file without a reject to DuckDB is not read again.
/// </summary>
internal sealed class CheckedRejects(string inputPath, RecordSchema schema, FieldSet required, ProfileReadOptions input) : ISqlRejects
{
    private IProfileReader? _reader;
    private IEnumerator<ProfileRecord>? _records;

    public ProfileRecord Match(SqlReject reject)
    {
        if (_records is null)
        {
            _reader = ProfileReaders.Open(inputPath, schema, required, required, input);
            _records = _reader.ReadAll().GetEnumerator();
        }

        while (_records.MoveNext())
        {
            var ours = _records.Current;
            if (ours.Row == reject.Row)
            {
                // A later row with an earlier row's id is readable to the reader, which reads rows alone.
                return ours.Record is null ? ours
                    : IsDuplicateId(reject, ours) ? ours with { Record = null, Errors = [new InputError(inputPath, ours.Row, ours.Line, reject.Columns, reject.Reasons)] }
                    : throw Disagree(ours.Row, ours.Line, reject.Columns, $"{reject.Columns}: {reject.Reasons}");
            }

            if (ours.Record is null)
            {
                throw Disagree(ours);
            }
        }

        throw Disagree(reject.Row, 0, reject.Columns, $"{reject.Columns}: {reject.Reasons}");
    }

    public void Finish()
    {
        while (_records is not null && _records.MoveNext())
        {
            if (_records.Current.Record is null)
            {
                throw Disagree(_records.Current);
            }
        }
    }

    public void Dispose()
    {
        _records?.Dispose();
        _reader?.Dispose();
    }

    private bool IsDuplicateId(SqlReject reject, ProfileRecord ours) =>
        reject.Columns == schema.IdField.Name && RecordSchema.IsDuplicateIdReason(reject.Reasons) && reject.Id == ours.Id;

    /// <summary>A row our reader rejects and DuckDB did not.</summary>
    private ProfileInputException Disagree(ProfileRecord ours) =>
        Disagree(ours.Row, ours.Line, string.Join(";", ours.Errors.Select(e => e.Column)), string.Join(" | ", ours.Errors.Select(e => e.Reason)));

    private ProfileInputException Disagree(long row, int line, string columns, string detail) =>
        new([new InputError(inputPath, (int)Math.Min(row, int.MaxValue), line, columns,
            $"DuckDB and this library's reader disagree on whether this row is readable ({detail}): no output was written; screen the file with --engine dotnet / " +
            $"DuckDB 与本程序的读取器对该行能否读取判断不一（{detail}）：未写出任何结果，请使用 --engine dotnet 筛查")]);
}
