using System.Collections.Immutable;
using System.Text;
using PolicyRules.Bulk;
using PolicyRules.Compilation;
using PolicyRules.Input;

namespace PolicyRules.Screening;

/// <summary>
/// Ranks population-level programmes (<see cref="CompiledProgramme.SelectTop"/>) in the one pass over
/// the input: while the rows are read, each row's results go to a temporary file beside the output
/// (deleted on close) and only what ranking needs stays in memory — per eligible row its index, id and
/// position; at the end the candidates are ranked and the rows written from the temporary file with
/// their ranks, in input order. The input is read once (a pipe works), memory holds no rows, and the
/// output still appears whole or not at all (<see cref="Output.OutputFiles"/>).
/// </summary>
internal sealed class PopulationSpill : IDisposable
{
    private const byte RowTag = 0;
    private const byte RejectTag = 1;

    private readonly IReadOnlyList<CompiledProgramme> _programmes;
    private readonly ResultColumns[] _columns;
    private readonly RankedCandidates _candidates;
    private readonly FileStream _file;
    private readonly BinaryWriter _writer;

    public PopulationSpill(IReadOnlyList<CompiledProgramme> programmes, ResultColumns[] columns, string? outputPath)
    {
        _programmes = programmes;
        _columns = columns;
        _candidates = new RankedCandidates(programmes.Select(p => p.SelectTop is not null));
        _file = Output.SpillFiles.OpenBeside(outputPath, 1 << 16, "ranking");
        _writer = new BinaryWriter(_file, Encoding.UTF8, leaveOpen: true);
    }

    /// <summary>
    /// Spills a written row; <paramref name="ranked"/> says, per programme, whether a population-level one ranks it.
    /// Failed criteria are kept as bits (their names are written at the end), so the file holds a few bytes per programme.
    /// </summary>
    public void Add(string id, ReadOnlySpan<ProgrammeOutcome> outcomes, FailedCriteria[] failed, ReadOnlySpan<decimal?> outputs, ReadOnlySpan<bool> ranked)
    {
        _writer.Write(RowTag);
        _writer.Write(id);
        for (var i = 0; i < _programmes.Count; i++)
        {
            var outcome = outcomes[i];
            _writer.Write(outcome.Eligible);
            Write(outcome.Score);
            _writer.Write(outcome.Classification is not null);
            if (outcome.Classification is { } classification)
            {
                _writer.Write(classification);
            }

            WriteBits(failed[i]);
            if (_programmes[i].SelectTop is not null)
            {
                _writer.Write(ranked[i] ? _candidates.Add(i, outcome.Score ?? 0m, id) : -1);
            }
        }

        foreach (var value in outputs)
        {
            Write(value);
        }

    }

    /// <summary>Spills a rejected row, for outputs that hold the rejects too (.xlsx).</summary>
    public void Reject(ProfileRecord record, string column, string reason)
    {
        _writer.Write(RejectTag);
        _writer.Write(record.Row);
        _writer.Write(record.Line);
        _writer.Write(record.Id);
        _writer.Write(column);
        _writer.Write(reason);
    }

    /// <summary>A row as the sink takes it.</summary>
    public delegate void RowWriter(string id, ReadOnlySpan<ProgrammeOutcome> outcomes, ReadOnlySpan<char> failed, ReadOnlySpan<decimal?> outputs);

    /// <summary>Ranks the candidates and writes every spilled row, in input order, with its rank and selection.</summary>
    public void Finish(StatisticsCollector? statistics, Targets.TargetCollector? targets, RowWriter write, Action<ProfileRecord, string, string> reject)
    {
        var ranks = new int[]?[_programmes.Count];
        for (var i = 0; i < _programmes.Count; i++)
        {
            if (_programmes[i].SelectTop is not null)
            {
                ranks[i] = _candidates.Rank(i);
                statistics?.CountSelected(i, Math.Min(ranks[i]!.Length, (long)_programmes[i].SelectTop!.Value));
                targets?.Selected(i, ranks[i]);
            }
        }

        _writer.Flush();
        _file.Position = 0;
        using var reader = new BinaryReader(_file, Encoding.UTF8, leaveOpen: true);
        var outcomes = new ProgrammeOutcome[_programmes.Count];
        var outputs = new decimal?[ResultColumns.OutputCount(_columns)];
        var failed = new char[256];
        var end = _file.Length; // once: asking the file for its length is a system call, and it does not change now
        while (_file.Position < end)
        {
            if (reader.ReadByte() == RejectTag)
            {
                var row = reader.ReadInt32();
                var line = reader.ReadInt32();
                var rejectedId = reader.ReadString();
                reject(new ProfileRecord(row, line, rejectedId, null, []), reader.ReadString(), reader.ReadString());
                continue;
            }

            var id = reader.ReadString();
            var length = 0;
            for (var i = 0; i < _programmes.Count; i++)
            {
                var eligible = reader.ReadBoolean();
                var score = ReadDecimal(reader);
                var classification = reader.ReadBoolean() ? reader.ReadString() : null;
                var start = length;
                length = ReadFailedNames(reader, _programmes[i].TopLevelRuleNames, ref failed, length);
                var count = length - start;
                int? rank = null;
                if (ranks[i] is { } programmeRanks && reader.ReadInt32() is var key and >= 0)
                {
                    rank = programmeRanks[key];
                }

                outcomes[i] = new ProgrammeOutcome(eligible, score, classification, start, count, rank, rank <= _programmes[i].SelectTop);
            }

            for (var k = 0; k < outputs.Length; k++)
            {
                outputs[k] = ReadDecimal(reader);
            }

            write(id, outcomes, failed.AsSpan(0, length), outputs);
        }
    }

    /// <summary>The failed criteria of one programme, eight to a byte in criterion order.</summary>
    private void WriteBits(FailedCriteria failed)
    {
        for (var first = 0; first < failed.Length; first += 8)
        {
            var bits = 0;
            for (var rule = first; rule < Math.Min(first + 8, failed.Length); rule++)
            {
                bits |= failed[rule] ? 1 << (rule - first) : 0;
            }

            _writer.Write((byte)bits);
        }
    }

    /// <summary>Reads a programme's failed-criteria bits and appends their names, as the in-order stage does for a row written at once.</summary>
    private static int ReadFailedNames(BinaryReader reader, ImmutableArray<string> names, ref char[] buffer, int length)
    {
        var start = length;
        for (var first = 0; first < names.Length; first += 8)
        {
            var bits = reader.ReadByte();
            for (var rule = first; rule < Math.Min(first + 8, names.Length); rule++)
            {
                if ((bits & (1 << (rule - first))) != 0)
                {
                    length = ScreeningRun.Append(ref buffer, length, start, names[rule]);
                }
            }
        }

        return length;
    }

    private void Write(decimal? value)
    {
        _writer.Write(value is not null);
        if (value is { } number)
        {
            _writer.Write(number);
        }
    }

    private static decimal? ReadDecimal(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadDecimal() : null;

    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose(); // deletes the file
    }
}
