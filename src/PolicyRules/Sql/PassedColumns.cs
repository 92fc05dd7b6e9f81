using System.Globalization;
using System.Text;

namespace PolicyRules.Sql;

/// <summary>
/// The columns each programme CTE passes on (<c>SELECT *, …</c>). Where the dialect fences its CTEs
/// (<see cref="ISqlDialect.SubqueryFence"/>), every fenced CTE is a projection of its own, and a
/// <c>*</c> would copy every column computed so far through every later CTE: with all programmes,
/// hundreds of columns through some seventy CTEs, for every row. There each <c>*</c> becomes the
/// columns the rest of the query still names; elsewhere it stays <c>*</c>.
/// </summary>
internal sealed class PassedColumns
{
    private const char Marker = '\u0002';
    private readonly List<string> _columns;
    private readonly List<string[]> _passed = [];

    public PassedColumns(IEnumerable<string> columns) => _columns = [.. columns];

    /// <summary>Records a column a CTE adds.</summary>
    public void Add(string column) => _columns.Add(column);

    /// <summary>Stands for every column so far, at the head of a select list; <see cref="Resolve"/> writes it out.</summary>
    public string All()
    {
        _passed.Add([.. _columns]);
        return Marker + (_passed.Count - 1).ToString(CultureInfo.InvariantCulture) + Marker;
    }

    /// <summary>The query (its CTEs, then the rest) with each <see cref="All"/> written out: <c>*</c>, or (fenced) the columns named after its CTE.</summary>
    public string Resolve(string ctes, string rest, ISqlDialect dialect)
    {
        var sql = ctes + rest;
        var fenced = dialect.SubqueryFence.Length > 0;
        var lastUse = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; fenced && i < sql.Length; i++)
        {
            // Quoted names, outside string literals (a reason or a criterion name may hold a double quote).
            if (sql[i] is '\'' or '"')
            {
                var quote = sql[i];
                var end = i + 1;
                while (end < sql.Length && !(sql[end] == quote && (end + 1 == sql.Length || sql[end + 1] != quote)))
                {
                    end += sql[end] == quote ? 2 : 1; // a doubled quote stands for itself
                }

                if (quote == '"' && end < sql.Length)
                {
                    lastUse[sql[i..(end + 1)]] = i;
                }

                i = end;
            }
        }

        var markers = new List<(int Start, int End)>();
        for (var start = sql.IndexOf(Marker); start >= 0; start = sql.IndexOf(Marker, markers[^1].End + 1))
        {
            markers.Add((start, sql.IndexOf(Marker, start + 1)));
        }

        var result = new StringBuilder(sql.Length);
        var at = 0;
        for (var k = 0; k < markers.Count; k++)
        {
            var (start, end) = markers[k];
            result.Append(sql, at, start - at);
            var columns = _passed[int.Parse(sql.AsSpan(start + 1, end - start - 1), CultureInfo.InvariantCulture)];
            // Passed on: the columns named after this CTE (the next one begins at the next marker); its own
            // expressions read its source's columns, not these.
            var after = k + 1 < markers.Count ? markers[k + 1].Start : ctes.Length;
            result.Append(fenced
                ? string.Join(", ", columns.Select(dialect.QuoteIdentifier).Where(q => lastUse.TryGetValue(q, out var last) && last > after))
                : "*");
            at = end + 1;
        }

        return result.Append(sql, at, sql.Length - at).ToString();
    }
}
