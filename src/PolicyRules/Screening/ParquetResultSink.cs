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
        _file = new ParquetIoStream(stream); // written on this thread, never waiting for the thread pool
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
