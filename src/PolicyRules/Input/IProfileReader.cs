namespace PolicyRules.Input;

/// <summary>
/// A stream of profile records from one input file, whatever its format: every data row comes out
/// as a <see cref="ProfileRecord"/>, read or rejected with its row, column and reason. Open one
/// with <see cref="ProfileReaders.Open(string, Model.RecordSchema, Model.FieldSet, ProfileReadOptions?)"/>.
/// </summary>
public interface IProfileReader : IDisposable
{
    /// <summary>Reads the data rows in order (once).</summary>
    IEnumerable<ProfileRecord> ReadAll();
}
