using PolicyRules.Model;

namespace PolicyRules.Input;

/// <summary>
/// What an application's reader (<see cref="ProfileReadOptions.WithReader"/>) is asked to open. Its
/// <see cref="IProfileReader.ReadAll"/> yields every data row in order: a read row as a
/// <see cref="ProfileRecord"/> holding a record of <see cref="Schema"/>'s type, an unreadable one with
/// a null record and its errors (row, column, reason), so read = written + rejected holds for it too.
/// </summary>
/// <param name="Path">The input file.</param>
/// <param name="Schema">The kind of record to make (enterprises or persons).</param>
/// <param name="Required">The fields the run needs (and <c>id</c>): a missing column is fatal (throw <see cref="ProfileInputException"/>), an empty cell rejects its row.</param>
/// <param name="Read">The fields the run reads (a superset of <paramref name="Required"/>); others may be left unset.</param>
/// <param name="Options">The read options the run was given.</param>
public sealed record ProfileReaderRequest(string Path, RecordSchema Schema, FieldSet Required, FieldSet Read, ProfileReadOptions Options);
