using PolicyRules.Model;

namespace PolicyRules.Input;

/// <summary>
/// The one place an input file's format is chosen: an application's reader registered for the
/// extension (<see cref="ProfileReadOptions.WithReader"/>), else by extension (<see cref="FormatOf"/>), each
/// format's reader behind <see cref="IProfileReader"/>. Screening, the reserve pool and the CLI all
/// open their input here, so a format added here is a format every command reads.
/// </summary>
public static class ProfileReaders
{
    /// <summary>The format of <paramref name="path"/> by its extension (case-insensitive); CSV when none matches.</summary>
    /// <exception cref="ProfileInputException">The extension names a format that is not read (<c>.xls</c>, <c>.xlsb</c>, <c>.ods</c>).</exception>
    public static ProfileFormat FormatOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".parquet" => ProfileFormat.Parquet,
            ".xlsx" or ".xlsm" => ProfileFormat.Xlsx,
            ".xls" or ".xlsb" or ".ods" or ".et" => throw new ProfileInputException([new InputError(path, 0, 0, "(file)",
                $"{extension} workbooks are not read: save the sheet as .xlsx (Excel Workbook) or as CSV UTF-8 / 不支持 {extension} 工作簿，请另存为 .xlsx 或 CSV UTF-8")]),
            _ => ProfileFormat.Csv,
        };
    }

    /// <summary>Opens an input file of records of <paramref name="schema"/>, in the format its extension names.</summary>
    /// <param name="path">The file.</param>
    /// <param name="schema">Enterprises or persons.</param>
    /// <param name="required">The fields the caller needs (<c>id</c> is always needed): a missing column is fatal, an empty cell rejects its row.</param>
    /// <param name="options">The encoding (CSV) and worksheet (.xlsx); defaults when null.</param>
    /// <exception cref="ProfileInputException">The file cannot be read as its format, or lacks a needed column.</exception>
    public static IProfileReader Open(string path, RecordSchema schema, FieldSet required, ProfileReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return Open(path, schema, required, schema.All, options ?? ProfileReadOptions.Default);
    }

    /// <summary>Opens an input reading only the fields of <paramref name="read"/> and <paramref name="required"/> (and <c>id</c>).</summary>
    internal static IProfileReader Open(string path, RecordSchema schema, FieldSet required, FieldSet read, ProfileReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!options.Readers.IsEmpty && options.Readers.TryGetValue(Path.GetExtension(path), out var open))
        {
            // An application's format: chosen here too, so every job reads it.
            return open(new ProfileReaderRequest(path, schema, required, read.Union(required), options))
                ?? throw new InvalidOperationException($"The reader registered for {Path.GetExtension(path)} returned null. / 为 {Path.GetExtension(path)} 注册的读取器返回了 null。");
        }

        if (InputFiles.NotAFile(path) is var (en, zh))
        {
            throw new ProfileInputException([new InputError(path, 0, 0, "(file)", $"cannot be read: {en} / 无法读取文件：{zh}")]);
        }

        return FormatOf(path) switch
        {
            ProfileFormat.Parquet => ProfileParquetReader.Open(path, schema, required, read),
            ProfileFormat.Xlsx => ProfileXlsxReader.Open(path, schema, required, read, options),
            _ => ProfileCsvReader.Open(path, schema, required, read, options),
        };
    }
}
