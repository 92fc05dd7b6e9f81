namespace PolicyRules.Input;

/// <summary>
/// A Parquet file refused before Parquet.Net is given it (<see cref="ParquetFooter"/>): why, in English
/// (<see cref="Exception.Message"/>) and in Chinese, so the error names the same specifics in each.
/// </summary>
internal sealed class DamagedParquetException(string english, string chinese, Exception? inner = null) : IOException(english, inner)
{
    /// <summary>The same reason in Chinese.</summary>
    public string Chinese { get; } = chinese;
}
