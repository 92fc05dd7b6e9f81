using System.Collections.Immutable;
using System.Globalization;
using nietras.SeparatedValues;
using Parquet;
using Parquet.Schema;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Output;

namespace PolicyRules.Screening;

/// <summary>One programme's outcome for one row, as a result sink receives it; failed names are a slice of a shared buffer.</summary>
/// <param name="Eligible">Whether the record meets the programme.</param>
/// <param name="Score">The score, for a scored programme; null otherwise.</param>
/// <param name="Classification">The class, for a classifying programme; null otherwise.</param>
/// <param name="FailedStart">Where the names of the failed top-level criteria start in the row's failed-names buffer.</param>
/// <param name="FailedLength">How long they are there (names joined by <c>;</c>; 0 when none failed).</param>
/// <param name="Rank">The rank among the eligible, for a population-level programme; null otherwise.</param>
/// <param name="Selected">Whether a population-level programme selects the record.</param>
public readonly record struct ProgrammeOutcome(bool Eligible, decimal? Score, string? Classification, int FailedStart, int FailedLength, int? Rank = null, bool Selected = false);

/// <summary>A declared output's column: its name and the decimal places its values have (Parquet's DECIMAL scale).</summary>
internal sealed record OutputColumn(string Name, int Scale)
{
    /// <summary>The scale of an output declared without rounding: its values are exact to this many places in Parquet (CSV and JSON write them whole).</summary>
    public const int UnroundedScale = 10;

    /// <summary>Declared without rounding: the text formats write the value whole (<see cref="ResultNumbers.Output"/>), not at <see cref="Scale"/>.</summary>
    public bool Unrounded { get; init; }
}

/// <summary>
/// Where screening results go, one row per record in input order: the output-format abstraction.
/// CSV, JSON Lines, Parquet and .xlsx implement it (<c>CsvResultSink</c>, …, one file each); an
/// application adds its own by implementing it and listing a factory in <see cref="ScreeningOptions.Sinks"/>.
/// A sink is written from one thread. <see cref="Complete"/> comes once, after the last row, only when
/// the run succeeds; <see cref="IDisposable.Dispose"/> comes always, last. A sink that must appear
/// whole or not at all (as the library's files do: <see cref="Output.OutputFiles"/>) stages its rows
/// and publishes them in <see cref="Complete"/>; disposed without it, the run failed: it discards them.
/// </summary>
public interface IResultSink : IDisposable
{
    /// <summary>Writes one row.</summary>
    /// <param name="id">The record's id.</param>
    /// <param name="outcomes">One outcome per screened programme, in the order the programmes were given.</param>
    /// <param name="failedNames">The buffer that <see cref="ProgrammeOutcome.FailedStart"/> and <see cref="ProgrammeOutcome.FailedLength"/> slice.</param>
    /// <param name="outputs">The declared outputs of every programme, programme after programme, each in declaration order.</param>
    void Write(string id, ReadOnlySpan<ProgrammeOutcome> outcomes, ReadOnlySpan<char> failedNames, ReadOnlySpan<decimal?> outputs);

    /// <summary>A rejected row, for outputs that hold the rejects too (.xlsx: a second sheet); the rejects file has it either way.</summary>
    /// <param name="record">The rejected record, with its row.</param>
    /// <param name="columns">The columns at fault.</param>
    /// <param name="reasons">Why, in Chinese and English.</param>
    void Reject(ProfileRecord record, string columns, string reasons)
    {
    }

    /// <summary>
    /// The run succeeded: every row has been written (or rejected). Called before the run's files move
    /// into place; throwing fails the run, and then none of its files appear.
    /// </summary>
    /// <param name="summary">The run's counts (read = written + rejected) and per-programme totals.</param>
    void Complete(ScreeningSummary summary)
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
                Outputs = [.. p.Definition.Outputs.Select(o => o.Rounding.PlacesFor(o.Unit) is { } places and >= 0
                    ? new OutputColumn(o.Name, places)
                    : new OutputColumn(o.Name, OutputColumn.UnroundedScale) { Unrounded = true })],
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
