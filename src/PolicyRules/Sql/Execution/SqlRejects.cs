using PolicyRules.Input;

namespace PolicyRules.Sql.Execution;

/// <summary>A record the rows query rejected: its place in the input (1 for the first record), id as read, failing columns and reasons.</summary>
internal readonly record struct SqlReject(long Row, string Id, string Columns, string Reasons);

/// <summary>
/// Turns the rejects of the rows query (<see cref="ScreeningSqlQuery.Rows"/>), met in input order while
/// the rows stream, into the records the rejects file and the sinks take; an engine whose input a
/// reader of this library can read again checks them against it.
/// </summary>
internal interface ISqlRejects : IDisposable
{
    /// <summary>The record for <paramref name="reject"/>, the next reject in input order.</summary>
    /// <exception cref="ProfileInputException">The engine and this library disagree on the rows before it, or on this one.</exception>
    ProfileRecord Match(SqlReject reject);

    /// <summary>Called once after the last row, when the rows were read to the end.</summary>
    /// <exception cref="ProfileInputException">A later row is a reject to this library and was not to the engine.</exception>
    void Finish();
}

/// <summary>The rejects as the engine words them (a table has no lines and no other reader): row, id, columns and reasons.</summary>
internal sealed class ReportedRejects(string source) : ISqlRejects
{
    public ProfileRecord Match(SqlReject reject)
    {
        var row = (int)Math.Min(reject.Row, int.MaxValue);
        // The id shown as the CSV reader shows it: U+FFFD, which a reader rejects, as '?'.
        return new ProfileRecord(row, 0, Input.TextDecoding.Printable(reject.Id), null, [new InputError(source, row, 0, reject.Columns, reject.Reasons)]);
    }

    public void Finish()
    {
    }

    public void Dispose()
    {
    }
}
