namespace PolicyRules.Input;

/// <summary>The input formats <see cref="ProfileReaders"/> reads, chosen by file extension.</summary>
public enum ProfileFormat
{
    /// <summary>Contract CSV (any extension not listed below: <c>.csv</c>, <c>.txt</c>, …).</summary>
    Csv,

    /// <summary>Apache Parquet (<c>.parquet</c>).</summary>
    Parquet,

    /// <summary>An Excel workbook (<c>.xlsx</c>, <c>.xlsm</c>): the first worksheet, or <see cref="ProfileReadOptions.Sheet"/>.</summary>
    Xlsx,
}
