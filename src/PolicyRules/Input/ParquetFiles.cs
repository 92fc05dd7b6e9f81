using Parquet;

namespace PolicyRules.Input;

/// <summary>How this library reads and writes Parquet (profiles in, results out).</summary>
internal static class ParquetFiles
{
    /// <summary>
    /// Rows per row group the writers write (profiles and results). A reader holds a whole row group's
    /// columns at once (Parquet.Net reads a column chunk at a time, with a new array per compressed
    /// page), so small groups keep its memory small: screening 1M generated profiles for three
    /// programmes peaked at ~140 MB from 8,192-row groups, ~195 MB from 65,536-row groups. The file is
    /// 0.9% larger (200.0 MB against 198.3 MB for 1M profiles of 76 columns).
    /// </summary>
    public const int RowGroupSize = 8_192;

    /// <summary>Reading and writing options.</summary>
    public static ParquetOptions Options { get; } = new()
    {
        // DATE columns as DateOnly, not as DateTime at midnight.
        UseDateOnlyTypeForDates = true,

        // Parquet.Net (6.1) decides whether to dictionary-encode a text column by building a dictionary
        // sized for the whole column chunk; for a column of distinct values (id) a sample of 1,024
        // values says no at once.
        DictionaryEncodingSampleSize = 1024,
    };

    /// <summary>
    /// Opens a Parquet file for reading once its footer has decoded (<see cref="ParquetFooter"/>): a
    /// damaged footer is a <see cref="DamagedParquetException"/>, never a reader that loops for ever or
    /// overflows the stack; the reader reads through a <see cref="ParquetIoStream"/>, so a page header
    /// nested too deep is a damaged row group, not an overflow either.
    /// </summary>
    /// <exception cref="DamagedParquetException">The file is not Parquet or its footer is damaged.</exception>
    public static ParquetReader OpenReader(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.RandomAccess);
        try
        {
            ParquetFooter.Check(file);
            return ParquetReader.CreateAsync(new ParquetIoStream(file), Options, leaveStreamOpen: false).GetAwaiter().GetResult();
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
