using System.Collections.Immutable;
using System.Globalization;
using nietras.SeparatedValues;
using Parquet;
using Parquet.Schema;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Output;

namespace PolicyRules.Screening;

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
                    _writer.WriteNumber("score", ResultNumbers.Canonical(score));
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
                    _writer.WriteNumber(p.Outputs[k].Name, ResultNumbers.Output(value, p.Outputs[k]));
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
