using System.Collections.Immutable;
using System.Globalization;
using nietras.SeparatedValues;
using Parquet;
using Parquet.Schema;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Output;

namespace PolicyRules.Screening;

/// <summary>One programme's outcome for one row; failed names are a slice of a shared buffer.</summary>
internal readonly record struct ProgrammeOutcome(bool Eligible, decimal? Score, string? Classification, int FailedStart, int FailedLength, int? Rank = null, bool Selected = false);

/// <summary>A declared output's column: its name and the decimal places its values have (Parquet's DECIMAL scale).</summary>
internal sealed record OutputColumn(string Name, int Scale)
{
    /// <summary>The scale of an output declared without rounding: its values are exact to this many places in Parquet (CSV and JSON write them whole).</summary>
    public const int UnroundedScale = 10;
}

/// <summary>Where screening results go, one row per enterprise in input order.</summary>
internal interface IResultSink : IDisposable
{
    /// <summary>Writes one row; <paramref name="outputs"/> holds the declared outputs of every programme in column order (<see cref="ResultColumns.OutputOffset"/>).</summary>
    void Write(string id, ReadOnlySpan<ProgrammeOutcome> outcomes, ReadOnlySpan<char> failedNames, ReadOnlySpan<decimal?> outputs);

    /// <summary>A rejected row, for outputs that hold the rejects too (.xlsx: a second sheet); the rejects file has it either way.</summary>
    void Reject(ProfileRecord record, string columns, string reasons)
    {
    }
}

/// <summary>
/// The output columns: <c>id</c>, then per programme eligible, score (scored), classification
/// (classifying), rank and selected (population-level), one column per declared output, failed.
/// </summary>
internal sealed record ResultColumns(string Programme, bool HasScore, bool HasClassification, bool HasRank = false)
{
    /// <summary>The declared outputs (<c>P.award</c>, …), in declaration order.</summary>
    public ImmutableArray<OutputColumn> Outputs { get; init; } = [];

    /// <summary>Where this programme's outputs start in the row's outputs span.</summary>
    public int OutputOffset { get; init; }

    /// <summary>What joins the programme and the column's part: <c>.</c>, or <c>_</c> for <see cref="ResultColumnNames.Underscore"/>.</summary>
    public char Separator { get; init; } = '.';

    /// <summary>The column's name, e.g. <c>HighTechEnterprise.eligible</c> or <c>HighTechEnterprise_eligible</c>.</summary>
    public string Column(string part) => Programme + Separator + part;

    public static ResultColumns[] For(IReadOnlyList<CompiledProgramme> programmes, ResultColumnNames names = ResultColumnNames.Dotted)
    {
        var offset = 0;
        var columns = new ResultColumns[programmes.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            var p = programmes[i];
            columns[i] = new ResultColumns(p.Name, p.Definition.ScoreParam is not null, p.Definition.ClassificationParam is not null, p.SelectTop is not null)
            {
                Separator = names == ResultColumnNames.Underscore ? '_' : '.',
                Outputs = [.. p.Definition.Outputs.Select(o => new OutputColumn(o.Name, o.Rounding.PlacesFor(o.Unit) is { } places and >= 0 ? places : OutputColumn.UnroundedScale))],
                OutputOffset = offset,
            };
            offset += p.Definition.Outputs.Length;
        }

        return columns;
    }

    /// <summary>How many output values a row holds across <paramref name="columns"/>.</summary>
    public static int OutputCount(ResultColumns[] columns) => columns.Sum(c => c.Outputs.Length);

    /// <summary>The file name extensions a results file may have, each naming its format.</summary>
    public static readonly IReadOnlyList<string> KnownExtensions = [".csv", ".parquet", ".jsonl", ".xlsx"];

    /// <summary>Whether <paramref name="path"/> ends in one of <see cref="KnownExtensions"/> (letter case aside).</summary>
    public static bool IsKnown(string path) => KnownExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>The bilingual message for a results file whose extension names no format.</summary>
    public static string UnknownExtensionMessage(string path) =>
        $"{path}: the results file's extension names no format; use {string.Join(", ", KnownExtensions)}. / {path}：结果文件扩展名无法识别格式，请使用 {string.Join("、", KnownExtensions)}。";

    /// <summary>The sink for a path, writing to <paramref name="stream"/>: CSV for <c>.csv</c>, Parquet for <c>.parquet</c>, JSON Lines for <c>.jsonl</c>, a workbook for <c>.xlsx</c>.</summary>
    /// <exception cref="ArgumentException">Another extension: a results file is never written in a format its name does not say.</exception>
    /// <remarks>CSV, which spreadsheets open, neutralises formula-like text unless <paramref name="rawText"/> (<see cref="Output.SpreadsheetText"/>); .xlsx writes text as text cells.</remarks>
    public static IResultSink CreateSink(string path, Stream stream, ResultColumns[] columns, bool rawText = false) =>
        path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? new ParquetResultSink(stream, columns)
        : path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? new XlsxResultSink(stream, columns)
        : path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? new JsonLinesResultSink(stream, columns)
        : path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? new CsvResultSink(stream, columns, rawText)
        : throw new ArgumentException(UnknownExtensionMessage(path), nameof(path));
}

/// <summary>CSV results through Sep, written by column index with no per-row allocation.</summary>
internal sealed class CsvResultSink : IResultSink
{
    private readonly SepWriter _writer;
    private readonly (int Eligible, int Score, int Classification, int Rank, int Outputs, int Failed)[] _columns;
    private readonly ResultColumns[] _programmes;
    private readonly bool _rawText;

    public CsvResultSink(Stream stream, ResultColumns[] programmes, bool rawText = false)
        : this(Sep.New(',').Writer(o => o with { Escape = true, CultureInfo = CultureInfo.InvariantCulture }).To(stream), programmes, rawText)
    {
    }

    /// <summary>CSV to a writer the caller owns (standard output): flushed at the end, not closed.</summary>
    public CsvResultSink(TextWriter writer, ResultColumns[] programmes, bool rawText = false)
        : this(Sep.New(',').Writer(o => o with { Escape = true, CultureInfo = CultureInfo.InvariantCulture }).To(writer, leaveOpen: true), programmes, rawText)
    {
    }

    private CsvResultSink(SepWriter writer, ResultColumns[] programmes, bool rawText)
    {
        _rawText = rawText;
        _writer = writer;
        _programmes = programmes;
        var index = 0;
        _writer.Header.Add("id");
        index++;
        _columns = new (int, int, int, int, int, int)[programmes.Length];
        for (var i = 0; i < programmes.Length; i++)
        {
            var p = programmes[i];
            _writer.Header.Add(p.Column("eligible"));
            var eligible = index++;
            var score = -1;
            var classification = -1;
            if (p.HasScore)
            {
                _writer.Header.Add(p.Column("score"));
                score = index++;
            }

            if (p.HasClassification)
            {
                _writer.Header.Add(p.Column("classification"));
                classification = index++;
            }

            var rank = -1;
            if (p.HasRank)
            {
                _writer.Header.Add(p.Column("rank"));
                rank = index++;
                _writer.Header.Add(p.Column("selected"));
                index++;
            }

            var outputs = index;
            foreach (var output in p.Outputs)
            {
                _writer.Header.Add(p.Column(output.Name));
                index++;
            }

            _writer.Header.Add(p.Column("failed"));
            _columns[i] = (eligible, score, classification, rank, outputs, index++);
        }
    }

    public void Write(string id, ReadOnlySpan<ProgrammeOutcome> outcomes, ReadOnlySpan<char> failedNames, ReadOnlySpan<decimal?> outputs)
    {
        using var row = _writer.NewRow();
        SpreadsheetText.Set(row[0], id, _rawText);
        for (var i = 0; i < outcomes.Length; i++)
        {
            var outcome = outcomes[i];
            var columns = _columns[i];
            row[columns.Eligible].Set(outcome.Eligible ? "true" : "false");
            if (columns.Score >= 0)
            {
                if (outcome.Score is { } score)
                {
                    row[columns.Score].Format(score);
                }
                else
                {
                    row[columns.Score].Set("");
                }
            }

            if (columns.Classification >= 0)
            {
                SpreadsheetText.Set(row[columns.Classification], outcome.Classification, _rawText);
            }

            if (columns.Rank >= 0)
            {
                if (outcome.Rank is { } rank)
                {
                    row[columns.Rank].Format(rank);
                }
                else
                {
                    row[columns.Rank].Set("");
                }

                row[columns.Rank + 1].Set(outcome.Selected ? "true" : "false");
            }

            var programme = _programmes[i];
            for (var k = 0; k < programme.Outputs.Length; k++)
            {
                if (outputs[programme.OutputOffset + k] is { } value)
                {
                    row[columns.Outputs + k].Format(value);
                }
                else
                {
                    row[columns.Outputs + k].Set("");
                }
            }

            SpreadsheetText.Set(row[columns.Failed], failedNames.Slice(outcome.FailedStart, outcome.FailedLength), _rawText);
        }
    }

    public void Dispose() => _writer.Dispose(); // SepWriter disposes once
}

/// <summary>
/// JSON Lines results: one object per row, <c>{"id":…,"P":{"eligible":…,"score":…,"classification":…,"rank":…,"selected":…,"failed":[…]}}</c>,
/// written with a reused <see cref="System.Text.Json.Utf8JsonWriter"/> (numbers exact, no per-row serializer).
/// </summary>
internal sealed class JsonLinesResultSink : IResultSink
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly Stream _file;
    private readonly System.Text.Json.Utf8JsonWriter _writer;
    private readonly ResultColumns[] _programmes;

    public JsonLinesResultSink(Stream stream, ResultColumns[] programmes)
    {
        _programmes = programmes;
        _file = stream;
        // Chinese criterion names and ids stay readable; the output is data, not HTML.
        _writer = new System.Text.Json.Utf8JsonWriter(_file, new System.Text.Json.JsonWriterOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = false,
        });
    }

    public void Write(string id, ReadOnlySpan<ProgrammeOutcome> outcomes, ReadOnlySpan<char> failedNames, ReadOnlySpan<decimal?> outputs)
    {
        _writer.WriteStartObject();
        _writer.WriteString("id", id);
        for (var i = 0; i < outcomes.Length; i++)
        {
            var p = _programmes[i];
            var outcome = outcomes[i];
            _writer.WriteStartObject(p.Programme);
            _writer.WriteBoolean("eligible", outcome.Eligible);
            if (p.HasScore)
            {
                if (outcome.Score is { } score)
                {
                    _writer.WriteNumber("score", score);
                }
                else
                {
                    _writer.WriteNull("score");
                }
            }

            if (p.HasClassification)
            {
                _writer.WriteString("classification", outcome.Classification);
            }

            if (p.HasRank)
            {
                if (outcome.Rank is { } rank)
                {
                    _writer.WriteNumber("rank", rank);
                }
                else
                {
                    _writer.WriteNull("rank");
                }

                _writer.WriteBoolean("selected", outcome.Selected);
            }

            for (var k = 0; k < p.Outputs.Length; k++)
            {
                if (outputs[p.OutputOffset + k] is { } value)
                {
                    _writer.WriteNumber(p.Outputs[k].Name, value);
                }
                else
                {
                    _writer.WriteNull(p.Outputs[k].Name);
                }
            }

            _writer.WriteStartArray("failed");
            var names = failedNames.Slice(outcome.FailedStart, outcome.FailedLength);
            while (!names.IsEmpty)
            {
                var end = names.IndexOf(';');
                _writer.WriteStringValue(end < 0 ? names : names[..end]);
                names = end < 0 ? [] : names[(end + 1)..];
            }

            _writer.WriteEndArray();
            _writer.WriteEndObject();
        }

        _writer.WriteEndObject();
        _writer.Flush();
        _writer.Reset();
        _file.Write(NewLine);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose();
    }
}

/// <summary>
/// Parquet results, buffered one row group of <see cref="ParquetFiles.RowGroupSize"/> rows at a time, so
/// memory stays small and bounded whatever the number of rows. <c>P.failed</c> is a list column
/// (<c>LIST&lt;STRING&gt;</c>, the three-level form of the Parquet specification): one element per
/// failed criterion, an empty list when none failed.
/// </summary>
internal sealed class ParquetResultSink : IResultSink
{
    // Distinct failed-criteria lists kept per programme: a list that recurs (most do: a programme has a
    // handful of criteria) is one string shared by every row that has it, not a new string per row.
    private const int MaxSharedNames = 4096;

    private readonly Stream _file;
    private readonly ParquetWriter _writer;
    private readonly ParquetSchema _schema;
    private readonly ResultColumns[] _programmes;
    private readonly int _rowGroupSize;
    private readonly string[] _ids;
    private readonly bool[][] _eligible;
    private readonly decimal?[][] _scores;
    private readonly string?[][] _classes;
    private readonly int?[][] _ranks;
    private readonly bool[][] _selected;
    private readonly decimal?[][] _outputs;
    private readonly string[][][] _failed;
    private readonly Dictionary<string, string[]>.AlternateLookup<ReadOnlySpan<char>>[] _names;
    private ReadOnlyMemory<char>[] _elements = [];
    private int[] _definitions = [];
    private int[] _repetitions = [];
    private int _count;
    private bool _disposed;

    public ParquetResultSink(Stream stream, ResultColumns[] programmes, int rowGroupSize = ParquetFiles.RowGroupSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSize, 1);
        _programmes = programmes;
        _rowGroupSize = rowGroupSize;
        var fields = new List<Field> { new DataField<string>("id") };
        foreach (var p in programmes)
        {
            fields.Add(new DataField<bool>(p.Column("eligible")));
            if (p.HasScore)
            {
                fields.Add(new DecimalDataField(p.Column("score"), 28, 4, true, true));
            }

            if (p.HasClassification)
            {
                fields.Add(new DataField<string>(p.Column("classification"), true));
            }

            if (p.HasRank)
            {
                fields.Add(new DataField<int?>(p.Column("rank")));
                fields.Add(new DataField<bool>(p.Column("selected")));
            }

            foreach (var output in p.Outputs)
            {
                // DECIMAL(28, scale): exact, at the places the output is rounded to.
                fields.Add(new DecimalDataField(p.Column(output.Name), 28, output.Scale, true, true));
            }

            // A list of strings (LIST<STRING>), as query engines expect a list: never null, empty when eligible.
            fields.Add(new ListField(p.Column("failed"), new DataField<string>(ListField.ElementName, nullable: false)));
        }

        _schema = new ParquetSchema(fields);
        _ids = new string[rowGroupSize];
        _eligible = [.. programmes.Select(_ => new bool[rowGroupSize])];
        _scores = [.. programmes.Select(p => p.HasScore ? new decimal?[rowGroupSize] : [])];
        _classes = [.. programmes.Select(p => p.HasClassification ? new string?[rowGroupSize] : [])];
        _ranks = [.. programmes.Select(p => p.HasRank ? new int?[rowGroupSize] : [])];
        _selected = [.. programmes.Select(p => p.HasRank ? new bool[rowGroupSize] : [])];
        _outputs = [.. programmes.SelectMany(p => p.Outputs).Select(_ => new decimal?[rowGroupSize])];
        _failed = [.. programmes.Select(_ => new string[rowGroupSize][])];
        _names = [.. programmes.Select(_ => new Dictionary<string, string[]>(StringComparer.Ordinal) { [""] = [] }.GetAlternateLookup<ReadOnlySpan<char>>())];
        _file = stream;
        _writer = ParquetWriter.CreateAsync(_schema, _file, ParquetFiles.Options).GetAwaiter().GetResult();
    }

    public void Write(string id, ReadOnlySpan<ProgrammeOutcome> outcomes, ReadOnlySpan<char> failedNames, ReadOnlySpan<decimal?> outputs)
    {
        _ids[_count] = id;
        for (var k = 0; k < _outputs.Length; k++)
        {
            _outputs[k][_count] = outputs[k];
        }

        for (var i = 0; i < outcomes.Length; i++)
        {
            var outcome = outcomes[i];
            var programme = _programmes[i];
            _eligible[i][_count] = outcome.Eligible;
            if (programme.HasScore)
            {
                _scores[i][_count] = outcome.Score;
            }

            if (programme.HasClassification)
            {
                _classes[i][_count] = outcome.Classification;
            }

            if (programme.HasRank)
            {
                _ranks[i][_count] = outcome.Rank;
                _selected[i][_count] = outcome.Selected;
            }

            _failed[i][_count] = Shared(_names[i], failedNames.Slice(outcome.FailedStart, outcome.FailedLength));
        }

        if (++_count == _rowGroupSize)
        {
            Flush();
        }
    }

    /// <summary>The failed names of a row (<c>;</c>-separated) as a list, shared by every row with the same list.</summary>
    private static string[] Shared(Dictionary<string, string[]>.AlternateLookup<ReadOnlySpan<char>> names, ReadOnlySpan<char> value)
    {
        if (names.TryGetValue(value, out var shared))
        {
            return shared;
        }

        var text = value.ToString();
        var list = text.Split(';');
        if (names.Dictionary.Count < MaxSharedNames)
        {
            names.Dictionary.Add(text, list);
        }

        return list;
    }

    /// <summary>
    /// Writes one row group's lists of failed names: the elements, and per entry its definition level
    /// (the element's maximum when present; one less for an empty list) and repetition level (0 where
    /// a row starts, 1 for its further elements).
    /// </summary>
    private void WriteFailed(ParquetRowGroupWriter group, DataField element, string[][] lists)
    {
        var entries = 0;
        for (var row = 0; row < _count; row++)
        {
            entries += Math.Max(lists[row].Length, 1);
        }

        if (_definitions.Length < entries)
        {
            _elements = new ReadOnlyMemory<char>[entries];
            _definitions = new int[entries];
            _repetitions = new int[entries];
        }

        var present = element.MaxDefinitionLevel;
        int values = 0, entry = 0;
        for (var row = 0; row < _count; row++)
        {
            var list = lists[row];
            if (list.Length == 0)
            {
                _definitions[entry] = present - 1;
                _repetitions[entry++] = 0;
                continue;
            }

            for (var k = 0; k < list.Length; k++)
            {
                _elements[values++] = list[k].AsMemory();
                _definitions[entry] = present;
                _repetitions[entry++] = k == 0 ? 0 : 1;
            }
        }

        group.WriteAllPartsAsync<ReadOnlyMemory<char>>(element, _elements.AsMemory(0, values), _definitions.AsMemory(0, entries), _repetitions.AsMemory(0, entries), CancellationToken.None).GetAwaiter().GetResult();
        Array.Clear(_elements, 0, values); // the strings stay shared, not held past the row group
    }

    private void Flush()
    {
        if (_count == 0)
        {
            return;
        }

        using var group = _writer.CreateRowGroup();
        var fields = _schema.DataFields;
        var f = 0;
        group.WriteAsync(fields[f++], new ArraySegment<string>(_ids, 0, _count)).GetAwaiter().GetResult();
        for (var i = 0; i < _programmes.Length; i++)
        {
            group.WriteAsync<bool>(fields[f++], _eligible[i].AsMemory(0, _count)).GetAwaiter().GetResult();
            if (_programmes[i].HasScore)
            {
                group.WriteAsync<decimal>(fields[f++], _scores[i].AsMemory(0, _count)).GetAwaiter().GetResult();
            }

            if (_programmes[i].HasClassification)
            {
                group.WriteAsync(fields[f++], new ArraySegment<string?>(_classes[i], 0, _count)).GetAwaiter().GetResult();
            }

            if (_programmes[i].HasRank)
            {
                group.WriteAsync<int>(fields[f++], _ranks[i].AsMemory(0, _count)).GetAwaiter().GetResult();
                group.WriteAsync<bool>(fields[f++], _selected[i].AsMemory(0, _count)).GetAwaiter().GetResult();
            }

            for (var k = 0; k < _programmes[i].Outputs.Length; k++)
            {
                group.WriteAsync<decimal>(fields[f++], _outputs[_programmes[i].OutputOffset + k].AsMemory(0, _count)).GetAwaiter().GetResult();
            }

            WriteFailed(group, fields[f++], _failed[i]);
        }

        _count = 0;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return; // the footer is written once
        }

        _disposed = true;
        Flush();
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _file.Dispose();
    }
}
