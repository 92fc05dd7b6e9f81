using System.Globalization;
using System.Text;

namespace PolicyRules.Sql;

/// <summary>
/// Values an expression reads more than once, each computed once as a column of a CTE before the
/// expression's own: SQL has no local variables, and writing a value out at every use would grow the
/// query with each level of nesting (and DuckDB plans nested lambdas slowly). A helper goes into the
/// CTE after the one holding the deepest helper it reads.
/// </summary>
internal sealed class HelperColumns(ISqlDialect dialect, string prefix)
{
    private readonly List<List<(string Name, string Sql)>> _levels = [];
    private int _count;
    private int _ctes;

    /// <summary>A column holding <paramref name="sql"/>, to be written by <see cref="Flush"/> before the expression using it.</summary>
    public string Let(string sql)
    {
        var name = prefix + "~" + (_count++).ToString(CultureInfo.InvariantCulture);
        var quoted = dialect.QuoteIdentifier(name);

        // One level after the deepest helper it reads: independent chains share levels, so the number of
        // CTEs is the longest chain's length, not the sum of all (DuckDB refuses past 1,000 nested expressions).
        var level = 0;
        for (var l = _levels.Count - 1; l >= level; l--)
        {
            if (_levels[l].Exists(h => sql.Contains(dialect.QuoteIdentifier(h.Name), StringComparison.Ordinal)))
            {
                level = l + 1;
            }
        }

        if (level == _levels.Count)
        {
            _levels.Add([]);
        }

        _levels[level].Add((name, sql));
        return quoted;
    }

    /// <summary>Writes one CTE per level of the helpers made since the last flush, after <paramref name="previous"/>; returns the last CTE's name.</summary>
    public string Flush(StringBuilder sql, string previous, string cte, PassedColumns passed)
    {
        foreach (var level in _levels)
        {
            var name = cte + "h" + (_ctes++).ToString(CultureInfo.InvariantCulture);
            sql.Append(",\n").Append(name).Append(" AS (SELECT ").Append(passed.All());
            foreach (var (column, expression) in level)
            {
                sql.Append(",\n  ").Append(expression).Append(" AS ").Append(dialect.QuoteIdentifier(column));
                passed.Add(column);
            }

            sql.Append("\n  FROM ").Append(previous).Append(dialect.SubqueryFence).Append(')');
            previous = name;
        }

        _levels.Clear();
        return previous;
    }
}
