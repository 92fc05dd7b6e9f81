using System.Collections.Immutable;
using System.Globalization;
using nietras.SeparatedValues;
using Parquet;
using Parquet.Schema;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Output;

namespace PolicyRules.Screening;

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
                    row[columns.Score].Format(ResultNumbers.Canonical(score));
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
                    row[columns.Outputs + k].Format(ResultNumbers.Output(value, programme.Outputs[k]));
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
