using System.Data.Common;
using PolicyRules.Bulk;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Screening;

namespace PolicyRules.Sql.Execution;

/// <summary>
/// Writes the rows of a compiled screening query (<see cref="ScreeningSqlQuery.Rows"/>) through the
/// sinks <c>screen</c> uses, so an SQL engine's outputs have the .NET engine's columns and formats, and
/// counts what the summary reports. One reader row per record, in input order; a rejected one goes to
/// the caller, and so, when the query leaves them (<see cref="ScreeningSqlQuery.RepeatsLeftToReader"/>),
/// does a later row with an accepted row's id. Nothing is allocated per row beyond the strings the
/// driver returns (and the ids kept).
/// </summary>
internal sealed class SqlResultWriter
{
    private readonly ScreeningSqlQuery _query;
    private readonly ResultColumns[] _columns;
    private readonly int[] _eligible;
    private readonly int[] _score;
    private readonly int[] _classification;
    private readonly int[] _rank;
    private readonly int[] _selected;
    private readonly int[] _failed;
    private readonly int[][] _outputs;
    private readonly int _rejectedColumns;
    private readonly int _rejectedReasons;

    public SqlResultWriter(ScreeningSqlQuery query, ResultColumns[] columns)
    {
        _query = query;
        _columns = columns;
        var programmes = query.Programmes;
        var names = query.Columns;
        int Find(string column) => names.IndexOf(column);
        _eligible = [.. programmes.Select(p => Find(p.Name + ".eligible"))];
        _score = [.. programmes.Select(p => Find(p.Name + ".score"))];
        _classification = [.. programmes.Select(p => Find(p.Name + ".classification"))];
        _rank = [.. programmes.Select(p => Find(p.Name + ".rank"))];
        _selected = [.. programmes.Select(p => Find(p.Name + ".selected"))];
        _failed = [.. programmes.Select(p => Find(p.Name + ".failed"))];
        _outputs = [.. programmes.Select(p => p.Definition.Outputs.Select(o => Find(p.Name + "." + o.Name)).ToArray())];
        _rejectedColumns = names.Length;
        _rejectedReasons = names.Length + 1;
        for (var i = 0; i < programmes.Length; i++)
        {
            if (_outputs[i].Contains(-1))
            {
                var p = programmes[i];
                throw new NotSupportedException(
                    $"{p.Name} declares outputs ({string.Join(", ", p.Definition.Outputs.Select(o => o.Name))}) that the SQL engines do not compute yet: screen it with --engine dotnet. / " +
                    $"{p.Name} 声明的输出项（{string.Join("、", p.Definition.Outputs.Select(o => o.Name))}）尚不能由 SQL 引擎计算，请使用 --engine dotnet 筛查。");
            }
        }
    }

    /// <summary>
    /// Streams every row of <paramref name="results"/> (the rows query) into <paramref name="output"/>,
    /// handing each rejected one, numbered by its place in the input, to <paramref name="reject"/> at
    /// its place; returns how many rows were written, with the per-programme counts in
    /// <paramref name="counts"/>. <paramref name="expectedRows"/>, when the rows were counted before,
    /// sizes the register of ids.
    /// </summary>
    public long WriteAll(DbDataReader results, IResultSink output, Action<SqlReject> reject, Counts counts, Action<long>? progress, long? expectedRows = null)
    {
        var programmes = _query.Programmes;
        var outcomes = new ProgrammeOutcome[programmes.Length];
        var failed = new char[256];
        var rowOutputs = new decimal?[ResultColumns.OutputCount(_columns)];
        long written = 0;
        long read = 0;
        using var ids = !_query.RepeatsLeftToReader ? null : expectedRows is { } expected ? new IdRegister(expected) : new IdRegister();
        var idColumn = programmes[0].Schema.IdField.Name;
        while (results.Read())
        {
            read++;
            if (!results.IsDBNull(_rejectedColumns))
            {
                reject(new SqlReject(read, results.IsDBNull(0) ? "" : results.GetString(0), results.GetString(_rejectedColumns), results.GetString(_rejectedReasons)));
                continue;
            }

            var id = results.GetString(0);
            if (ids?.FirstRow(id, checked((int)read)) is > 0 and var first)
            {
                reject(new SqlReject(read, id, idColumn, Model.RecordSchema.DuplicateIdReason(first)));
                continue;
            }

            var length = 0;
            for (var i = 0; i < programmes.Length; i++)
            {
                var eligible = results.GetBoolean(_eligible[i]);
                var score = _score[i] >= 0 && !results.IsDBNull(_score[i]) ? results.GetDecimal(_score[i]) : (decimal?)null;
                var classification = _classification[i] >= 0 && !results.IsDBNull(_classification[i]) ? results.GetString(_classification[i]) : null;
                int? rank = _rank[i] >= 0 && !results.IsDBNull(_rank[i]) ? checked((int)results.GetInt64(_rank[i])) : null;
                var selected = _selected[i] >= 0 && results.GetBoolean(_selected[i]);
                var names = results.IsDBNull(_failed[i]) ? "" : results.GetString(_failed[i]);
                var start = length;
                if (length + names.Length > failed.Length)
                {
                    Array.Resize(ref failed, Math.Max(length + names.Length, failed.Length * 2));
                }

                names.CopyTo(failed.AsSpan(length));
                length += names.Length;
                counts.Add(i, eligible, names);
                outcomes[i] = new ProgrammeOutcome(eligible, score, classification, start, names.Length, rank, selected);
                for (var k = 0; k < _outputs[i].Length; k++)
                {
                    var column = _outputs[i][k];
                    var value = results.IsDBNull(column) ? (decimal?)null : results.GetDecimal(column);
                    rowOutputs[_columns[i].OutputOffset + k] = value;
                    counts.AddOutput(_columns[i].OutputOffset + k, value);
                }
            }

            output.Write(id, outcomes, failed.AsSpan(0, length), rowOutputs);
            written++;
            if (progress is not null && written % 4096 == 0)
            {
                progress(written);
            }
        }

        return written;
    }

    /// <summary>Eligible and failure counts per programme, and the declared outputs' totals.</summary>
    internal sealed class Counts(IReadOnlyList<CompiledProgramme> programmes, int outputCount)
    {
        private readonly long[] _eligible = new long[programmes.Count];
        private readonly long[][] _failures = [.. programmes.Select(p => new long[p.TopLevelRuleNames.Length])];
        private readonly OutputSum[] _sums = new OutputSum[outputCount];
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>[] _ruleIndex =
            [.. programmes.Select(p => p.TopLevelRuleNames.Select((r, i) => (r, i)).ToDictionary(x => x.r, x => x.i, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>())];

        /// <summary>
        /// Counts <paramref name="rows"/> rows alike (one as they stream; a group's count when an engine
        /// grouped them): eligible or not, and each criterion named in <paramref name="failed"/>
        /// (<c>;</c>-separated), found by its span.
        /// </summary>
        public void Add(int programme, bool eligible, ReadOnlySpan<char> failed, long rows = 1)
        {
            if (eligible)
            {
                _eligible[programme] += rows;
            }

            var rules = _ruleIndex[programme];
            foreach (var range in failed.Split(';'))
            {
                var name = failed[range];
                if (!name.IsEmpty && rules.TryGetValue(name, out var index))
                {
                    _failures[programme][index] += rows;
                }
            }
        }

        public void AddOutput(int index, decimal? value) => _sums[index].Add(value);

        public ScreeningSummary Build(long written, long rejected, string rejectsPath, ResultColumns[] columns) => new()
        {
            Read = written + rejected,
            Written = written,
            Rejected = rejected,
            RejectsPath = rejectsPath,
            RuleSetId = ScreeningJob.CommonRuleSetId(programmes),
            Programmes = [.. programmes.Select((p, i) => new ProgrammeSummary(p.Name, p.Definition.Version, _eligible[i],
                [.. p.TopLevelRuleNames.Select((r, j) => new KeyValuePair<string, long>(r, _failures[i][j]))])
            {
                OutputTotals = [.. p.Definition.Outputs.Select((o, k) => _sums[columns[i].OutputOffset + k].Build(o))],
            })],
        };
    }
}
