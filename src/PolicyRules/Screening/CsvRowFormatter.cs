using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using PolicyRules.Output;

namespace PolicyRules.Screening;

/// <summary>
/// The CSV results as UTF-8 bytes, formatted by the evaluating threads so the in-order stage only
/// copies bytes: the same bytes <see cref="CsvResultSink"/> writes through Sep (same columns, same
/// escaping — a cell holding <c>,</c> <c>"</c> CR or LF is quoted, quotes doubled —, the same
/// spreadsheet neutralising, numbers in the invariant culture, the writer's line end and strict UTF-8).
/// A population-level programme's rank, selection and outputs are not known while rows are read: the
/// row keeps a hole there, filled in input order when the ranks are known (<see cref="CsvRowWriter"/>).
/// Immutable: one instance serves every thread.
/// </summary>
internal sealed class CsvRowFormatter
{
    /// <summary>What StreamWriter (under Sep) encodes with: UTF-8 without a byte-order mark, throwing on a lone surrogate.</summary>
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The characters that make Sep quote a cell (the separator, the quote, CR, LF).</summary>
    private static readonly SearchValues<char> Special = SearchValues.Create(",\"\r\n");

    private static readonly byte[] True = "true"u8.ToArray();
    private static readonly byte[] False = "false"u8.ToArray();

    private readonly ResultColumns[] _columns;
    private readonly bool _rawText;

    /// <summary>Per programme, each criterion's name as written when no name of the programme needs quoting or neutralising; null otherwise.</summary>
    private readonly byte[][]?[] _plainNames;

    /// <summary>Per programme, its top-level criteria's names.</summary>
    private readonly ImmutableArray<string>[] _criteria;

    public CsvRowFormatter(ResultColumns[] columns, IReadOnlyList<ImmutableArray<string>> criteria, bool rawText)
    {
        _columns = columns;
        _rawText = rawText;
        _criteria = [.. criteria];
        _plainNames = new byte[][]?[columns.Length];
        var ranked = new List<int>();
        for (var i = 0; i < columns.Length; i++)
        {
            var names = _criteria[i];
            _plainNames[i] = names.All(IsPlain) ? [.. names.Select(n => Encoding.ASCII.GetBytes(n))] : null;
            if (columns[i].HasRank)
            {
                ranked.Add(i);
            }
        }

        Ranked = [.. ranked];
        NewLine = Strict.GetBytes(Environment.NewLine); // what TextWriter.WriteLine writes under Sep
    }

    /// <summary>The programmes with a rank (population-level), in column order: the holes of a row, in order.</summary>
    public int[] Ranked { get; }

    /// <summary>The line end.</summary>
    public byte[] NewLine { get; }

    /// <summary>The columns.</summary>
    public ResultColumns[] Columns => _columns;

    /// <summary>A row buffer with room for this formatter's holes.</summary>
    public CsvRow NewRow() => new(Ranked.Length, _columns.Length);

    /// <summary>The header line, as Sep writes it: each name escaped, never neutralised.</summary>
    public byte[] Header()
    {
        var row = NewRow();
        row.Reset();
        AppendCell(row, "id", neutralise: false);
        foreach (var p in _columns)
        {
            Header(row, p.Column("eligible"));
            if (p.HasScore)
            {
                Header(row, p.Column("score"));
            }

            if (p.HasClassification)
            {
                Header(row, p.Column("classification"));
            }

            if (p.HasRank)
            {
                Header(row, p.Column("rank"));
                Header(row, p.Column("selected"));
            }

            foreach (var output in p.Outputs)
            {
                Header(row, p.Column(output.Name));
            }

            Header(row, p.Column("failed"));
        }

        row.Append(NewLine);
        return row.Bytes.AsSpan(0, row.Length).ToArray();
    }

    private void Header(CsvRow row, string name)
    {
        row.Append((byte)',');
        AppendCell(row, name, neutralise: false);
    }

    /// <summary>
    /// Formats the row of <paramref name="id"/> from <paramref name="screened"/> into <paramref name="row"/>:
    /// the row with a hole per population-level programme, and that programme's outputs as written when selected.
    /// </summary>
    public void Format(string id, ScreenedRow screened, CsvRow row)
    {
        row.Reset();
        AppendCell(row, id, neutralise: true);
        var hole = 0;
        for (var i = 0; i < _columns.Length; i++)
        {
            var p = _columns[i];
            var failed = screened.Failed[i];
            row.Segments[i] = row.Length;
            row.Append((byte)',');
            row.Append(failed.Count == 0 ? True : False);
            if (p.HasScore)
            {
                row.Append((byte)',');
                if (screened.Scores[i] is { } score)
                {
                    row.AppendNumber(ResultNumbers.Canonical(score));
                }
            }

            if (p.HasClassification)
            {
                row.Append((byte)',');
                AppendCell(row, screened.Classes[i], neutralise: true);
            }

            if (p.HasRank)
            {
                // The rank, selection and outputs follow the ranking: a hole here; the outputs as written when selected, aside.
                row.Append((byte)',');
                row.Holes[hole] = row.Length;
                row.BeginAward(hole);
                for (var k = 0; k < p.Outputs.Length; k++)
                {
                    row.AppendAward((byte)',');
                    if (screened.Outputs[p.OutputOffset + k] is { } award)
                    {
                        row.AppendAwardNumber(ResultNumbers.Output(award, p.Outputs[k]));
                    }
                }

                row.EndAward(hole++);
            }
            else
            {
                for (var k = 0; k < p.Outputs.Length; k++)
                {
                    row.Append((byte)',');
                    if (screened.Outputs[p.OutputOffset + k] is { } value)
                    {
                        row.AppendNumber(ResultNumbers.Output(value, p.Outputs[k]));
                    }
                }
            }

            row.Append((byte)',');
            AppendFailed(row, i, failed);
        }

        row.Append(NewLine);
        row.Segments[_columns.Length] = row.Length;
    }

    /// <summary>What fills a hole: the rank (empty when unranked), the selection, and the outputs when selected (empty cells otherwise).</summary>
    public static void FillHole(IBufferWriter<byte> output, int? rank, bool selected, ReadOnlySpan<byte> award, int outputs)
    {
        var span = output.GetSpan(24 + Math.Max(award.Length, outputs));
        var at = 0;
        if (rank is { } r)
        {
            r.TryFormat(span, out at, default, CultureInfo.InvariantCulture);
        }

        span[at++] = (byte)',';
        (selected ? True : False).CopyTo(span[at..]);
        at += selected ? True.Length : False.Length;
        if (selected)
        {
            award.CopyTo(span[at..]);
            at += award.Length;
        }
        else
        {
            span.Slice(at, outputs).Fill((byte)',');
            at += outputs;
        }

        output.Advance(at);
    }

    /// <summary>The failed criteria joined by <c>;</c>: plain names copied as bytes; otherwise the cell text built and written as Sep would.</summary>
    private void AppendFailed(CsvRow row, int programme, Bulk.FailedCriteria failed)
    {
        if (failed.Count == 0)
        {
            return;
        }

        if (_plainNames[programme] is { } names)
        {
            var first = true;
            for (var rule = 0; rule < failed.Length; rule++)
            {
                if (failed[rule])
                {
                    if (!first)
                    {
                        row.Append((byte)';');
                    }

                    row.Append(names[rule]);
                    first = false;
                }
            }

            return;
        }

        var criteria = _criteria[programme];
        var length = 0;
        for (var rule = 0; rule < failed.Length; rule++)
        {
            if (failed[rule])
            {
                length = ScreeningRun.Append(ref row.Chars, length, 0, criteria[rule]);
            }
        }

        AppendCell(row, row.Chars.AsSpan(0, length), neutralise: true);
    }

    /// <summary>A text cell: neutralised (unless raw text), quoted when it holds a special character, in strict UTF-8.</summary>
    private void AppendCell(CsvRow row, ReadOnlySpan<char> text, bool neutralise)
    {
        var prefix = neutralise && !_rawText && SpreadsheetText.IsFormulaLike(text);
        var quote = text.ContainsAny(Special);
        if (!prefix && !quote && row.TryAppendAscii(text))
        {
            return;
        }

        if (quote)
        {
            row.Append((byte)'"');
        }

        if (prefix)
        {
            row.Append((byte)'\'');
        }

        if (!quote)
        {
            row.AppendUtf8(text, Strict);
            return;
        }

        // Quotes doubled, as Sep's WriteQuotesEscaped does.
        while (text.IndexOf('"') is var at and >= 0)
        {
            row.AppendUtf8(text[..(at + 1)], Strict);
            row.Append((byte)'"');
            text = text[(at + 1)..];
        }

        row.AppendUtf8(text, Strict);
        row.Append((byte)'"');
    }

    /// <summary>ASCII, never quoted, never neutralised: copied as is.</summary>
    private static bool IsPlain(string name) =>
        Ascii.IsValid(name) && !name.AsSpan().ContainsAny(Special) && !SpreadsheetText.IsFormulaLike(name);
}
