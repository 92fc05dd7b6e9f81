using System.Collections.Immutable;
using System.Text.RegularExpressions;
using nietras.SeparatedValues;
using PolicyRules.Model;

namespace PolicyRules.Input;

/// <summary>One data row of a profile CSV: the profile, or why it could not be read.</summary>
/// <param name="Row">1-based data row (the header is row 0).</param>
/// <param name="Line">1-based line the row starts on.</param>
/// <param name="Id">The row's id cell, when it has one (for the rejects file).</param>
/// <param name="Profile">The profile; null when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Every unreadable or missing needed value of the row.</param>
public sealed record ProfileRecord(int Row, int Line, string Id, EnterpriseProfile? Profile, ImmutableArray<InputError> Errors);

/// <summary>
/// Streams enterprise profiles from CSV (header = contract field names, comma-separated, RFC 4180
/// quoting, UTF-8 with or without BOM, LF or CRLF) with the Sep library. Every data row comes out
/// as a <see cref="ProfileRecord"/>: read, or rejected with row, column and reason — none is dropped.
/// </summary>
public sealed partial class ProfileCsvReader : IDisposable
{
    private readonly SepReader _reader;
    private readonly string _source;
    private readonly FieldSet _required;
    private readonly (ProfileField Field, int Column)[] _columns;
    private readonly int _headerCount;
    private readonly int _idColumn;

    private ProfileCsvReader(SepReader reader, string source, FieldSet required)
    {
        _reader = reader;
        _source = source;
        _required = required;
        var header = reader.Header;
        _headerCount = header.ColNames.Count;
        var columns = new List<(ProfileField, int)>();
        var missing = new List<InputError>();
        var ignored = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < header.ColNames.Count; i++)
        {
            var name = header.ColNames[i];
            if (!seen.Add(name))
            {
                missing.Add(new InputError(source, 0, 1, name, $"the column appears twice in the header / 表头中该列重复"));
            }
            else if (ProfileSchema.TryGetField(name, out var field))
            {
                columns.Add((field, i));
            }
            else
            {
                ignored.Add(name);
            }
        }

        foreach (var field in required.Fields)
        {
            if (!columns.Exists(c => c.Item1 == field))
            {
                missing.Add(new InputError(source, 0, 1, field.Name, "a column the selected programmes need is missing from the header / 表头缺少所需列"));
            }
        }

        if (missing.Count > 0)
        {
            throw new ProfileInputException(missing);
        }

        _columns = [.. columns];
        _idColumn = columns.Find(c => c.Item1.Name == "id").Item2;
        IgnoredColumns = [.. ignored];
    }

    /// <summary>Header columns that are not contract fields; their values are not read.</summary>
    public ImmutableArray<string> IgnoredColumns { get; }

    /// <summary>
    /// Opens a CSV file. <paramref name="required"/> are the fields the selected programmes read
    /// (plus <c>id</c>): a missing column is fatal, an empty cell rejects its row.
    /// </summary>
    /// <exception cref="ProfileInputException">The header lacks a needed column or repeats one.</exception>
    public static ProfileCsvReader Open(string path, FieldSet required)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Create(() => CreateSep().FromFile(path), path, required);
    }

    /// <summary>Reads CSV from a reader (tests, pipes); <paramref name="sourceName"/> names it in errors.</summary>
    public static ProfileCsvReader Open(TextReader text, string sourceName, FieldSet required)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        return Create(() => CreateSep().From(text), sourceName, required);
    }

    private static ProfileCsvReader Create(Func<SepReader> open, string source, FieldSet required)
    {
        SepReader reader;
        try
        {
            reader = open();
        }
        catch (ArgumentException ex) when (DuplicateColumn().Match(ex.Message) is { Success: true } duplicate)
        {
            // Sep refuses a repeated header name before we see the header.
            throw new ProfileInputException([new InputError(source, 0, 1, duplicate.Groups["name"].Value, "the column appears twice in the header / 表头中该列重复")]);
        }

        try
        {
            if (!ProfileSchema.TryGetField("id", out var id))
            {
                throw new InvalidOperationException("The contract has no id field.");
            }

            return new ProfileCsvReader(reader, source, required.With(id));
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    // Cells are unquoted here, not by Sep: Sep is lenient with a quote inside an unquoted cell,
    // which would silently merge lines; we reject such a row instead (RFC 4180 forbids it).
    private static SepReaderOptions CreateSep() =>
        Sep.New(',').Reader(o => o with { Unescape = false, DisableColCountCheck = true, Trim = SepTrim.Outer });

    [GeneratedRegex("Col name '(?<name>[^']*)' found")]
    private static partial Regex DuplicateColumn();

    /// <summary>Reads the data rows in order.</summary>
    public IEnumerable<ProfileRecord> ReadAll()
    {
        foreach (var row in _reader)
        {
            yield return ReadRow(row);
        }
    }

    private ProfileRecord ReadRow(SepReader.Row row)
    {
        // With a header the first data row has index 1, so the index is the 1-based data row number.
        var dataRow = row.RowIndex;
        var line = row.LineNumberFrom;
        var id = _idColumn < row.ColCount && Cell.TryUnquote(row[_idColumn].Span, out var idText) is null ? idText.ToString() : "";
        if (row.ColCount != _headerCount)
        {
            var error = new InputError(_source, dataRow, line, "(row)",
                $"the row has {row.ColCount} column(s) but the header has {_headerCount} (a missing or extra separator, or a truncated line) / 该行列数为 {row.ColCount}，表头为 {_headerCount}");
            return new ProfileRecord(dataRow, line, id, null, [error]);
        }

        var profile = new EnterpriseProfile();
        ImmutableArray<InputError>.Builder? errors = null;
        foreach (var (field, column) in _columns)
        {
            var reason = Cell.TryUnquote(row[column].Span, out var text);
            if (reason is not null)
            {
                if (row.LineNumberToExcl - line > 1)
                {
                    reason += $" (the row runs over lines {line}–{row.LineNumberToExcl - 1}) / 该行跨越第 {line}–{row.LineNumberToExcl - 1} 行";
                }
            }
            else if (text.IsEmpty)
            {
                reason = _required.Contains(field) ? "empty cell: the value is needed, and an empty cell is not a zero / 空单元格：该值为必需，空值不视为零" : null;
            }
            else
            {
                reason = ProfileSchema.TryAssign(profile, field, text);
            }

            if (reason is not null)
            {
                errors ??= ImmutableArray.CreateBuilder<InputError>();
                errors.Add(new InputError(_source, dataRow, line, field.Name, reason));
            }
        }

        return errors is null
            ? new ProfileRecord(dataRow, line, id, profile, [])
            : new ProfileRecord(dataRow, line, id, null, errors.ToImmutable());
    }

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();
}
