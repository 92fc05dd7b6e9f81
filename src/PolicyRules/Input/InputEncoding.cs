namespace PolicyRules.Input;

/// <summary>
/// The character encoding of a text input file (CSV). Chinese spreadsheet programs save CSV as
/// GB18030 (GBK) by default, other tools as UTF-8; <see cref="Auto"/> tells them apart and refuses a
/// file it cannot place rather than guessing.
/// </summary>
public enum InputEncoding
{
    /// <summary>
    /// Detect: a byte-order mark decides (UTF-8, UTF-16, GB18030); otherwise the first megabyte is
    /// checked as UTF-8 and as GB18030. Valid UTF-8 is read as UTF-8, text that is only valid GB18030
    /// as GB18030, and bytes that read as both with different text are refused as ambiguous.
    /// </summary>
    Auto,

    /// <summary>UTF-8, with or without a byte-order mark.</summary>
    Utf8,

    /// <summary>GB18030 (a superset of GBK and GB2312), code page 54936.</summary>
    GB18030,

    /// <summary>UTF-16, little-endian (what Windows calls "Unicode").</summary>
    Utf16LittleEndian,

    /// <summary>UTF-16, big-endian.</summary>
    Utf16BigEndian,
}
