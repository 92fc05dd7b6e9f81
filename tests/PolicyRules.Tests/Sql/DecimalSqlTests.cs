using System.Data.Common;
using System.Globalization;
using System.Numerics;
using System.Text;
using DuckDB.NET.Data;
using PolicyRules.Sql;

namespace PolicyRules.Tests.Sql;

/// <summary>
/// <see cref="DecimalSql"/> against .NET's <see cref="decimal"/> itself: quotients, products and sums of
/// random operands (every scale a rule meets, from whole numbers to 28 decimals, magnitudes across
/// the range, ties at the 29th digit and mantissas next to 2^96) give .NET's result to the last digit
/// on DuckDB and on PostgreSQL; DuckDB stops, naming the row, where a value leaves its range.
/// </summary>
public sealed class DecimalSqlTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static readonly int[] OperandScales = [0, 2, 4, 28];
    private static readonly int[] FactorScales = [0, 2, 4];

    /// <summary>DuckDB's HUGEINT holds values below 7.9 × 10^9 (see <see cref="DecimalSql"/>).</summary>
    private const decimal DuckDbRange = 7_900_000_000m;

    [Fact]
    public void DuckDB_gives_NET_decimal_results()
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var checkedCases = AssertAgrees(SqlDialects.DuckDb, connection, DuckDbRange);
        Assert.True(checkedCases > 20_000, $"only {checkedCases} cases");
    }

    [Fact]
    public void PostgreSQL_gives_NET_decimal_results()
    {
        if (fixture.Server is null)
        {
            Assert.False(PostgresServer.Required, "POLICYRULES_REQUIRE_POSTGRES=1 but no server could start: " + fixture.WhyNot);
            return;
        }

        using var connection = fixture.Server.Connect();
        var checkedCases = AssertAgrees(SqlDialects.PostgreSql, connection, decimal.MaxValue);
        Assert.True(checkedCases > 20_000, $"only {checkedCases} cases");
    }

    [Fact]
    public void DuckDB_keeps_a_value_beyond_its_range_comparable_and_stops_naming_the_row_where_its_digits_are_needed()
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        const string Cases = "(SELECT id, a, b FROM (VALUES ('row-1', 21000000001, 3), ('row-7', -24000000000, 3)) AS v(id, a, b) WHERE id = $id)";
        string Query(string id, Func<DecimalSql, string, string> select) =>
            Build(SqlDialects.DuckDb, decimals => select(decimals, decimals.Quotient("CAST(\"a\" AS HUGEINT)", "CAST(\"b\" AS HUGEINT)", 28)), Cases.Replace("$id", $"'{id}'", StringComparison.Ordinal), ["id", "a", "b"], "id");
        Assert.Equal("7000000000.3333333333333333333", DecimalText(ScalarAt(connection, Query("row-1", (_, m) => m), 1)));

        // Beyond the range, the value still compares and caps as .NET's does (−8 × 10^9 is below −1)...
        Assert.Equal("-10000000000000000000000000000", ScalarAt(connection, Query("row-7", (_, m) => $"GREATEST({m}, CAST(-10000000000000000000000000000 AS HUGEINT))"), 1));
        Assert.Equal("-85070591730234615865843651857942052864", ScalarAt(connection, Query("row-7", (_, m) => m), 1));

        // ... and its own digits stop the query, naming the row.
        var error = Assert.ThrowsAny<DbException>(() => ScalarAt(connection, Query("row-7", (d, m) => d.ToDecimal(m)), 1));
        Assert.Contains("row-7", error.Message, StringComparison.Ordinal);
        Assert.Contains("--engine dotnet or --engine postgres", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A query over <paramref name="source"/> (a subquery with <paramref name="columns"/>) selecting
    /// <paramref name="key"/> and the mantissa <paramref name="operation"/> builds, as text, its helper columns written as CTEs.
    /// </summary>
    private static string Build(ISqlDialect dialect, Func<DecimalSql, string> operation, string source, string[] columns, string key)
    {
        var helpers = new HelperColumns(dialect, "h");
        var mantissa = operation(new DecimalSql(dialect, "\"id\"", helpers));
        var passed = new PassedColumns(columns);
        var ctes = new StringBuilder("WITH cases AS ").Append(source);
        var last = helpers.Flush(ctes, "cases", "c", passed);
        var k = dialect.QuoteIdentifier(key);
        return passed.Resolve(ctes.ToString(), $"\nSELECT {k}, {dialect.AsText(mantissa)} FROM {last} ORDER BY {k}", dialect);
    }

    /// <summary>A mantissa's text as the decimal it stands for.</summary>
    private static string DecimalText(string mantissa)
    {
        var digits = mantissa.PadLeft(29, '0');
        return (digits[..^28] + "." + digits[^28..]).TrimEnd('0').TrimEnd('.');
    }

    /// <summary>Checks every operation on every scale pair; returns how many cases were compared.</summary>
    private static int AssertAgrees(ISqlDialect dialect, DbConnection connection, decimal range)
    {
        var random = new Random(20261206);
        var compared = 0;
        var failures = new List<string>();
        foreach (var xs in OperandScales)
        {
            foreach (var ys in FactorScales)
            {
                var pairs = Enumerable.Range(0, 700).Select(_ => (X: Operand(random, xs, range), Y: Operand(random, ys, range))).Concat(Ties(xs, ys)).ToList();
                compared += Check(dialect, connection, "/", pairs.Where(p => p.Y != 0).ToList(), xs, ys, range, failures);
                compared += Check(dialect, connection, "*", pairs, xs, ys, range, failures);
                compared += Check(dialect, connection, "+", pairs, xs, ys, range, failures);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        return compared;
    }

    private static int Check(ISqlDialect dialect, DbConnection connection, string op, List<(decimal X, decimal Y)> pairs, int xs, int ys, decimal range, List<string> failures)
    {
        var expected = new List<(int Row, decimal X, decimal Y, decimal Result)>();
        foreach (var (x, y) in pairs)
        {
            decimal result;
            try
            {
                result = op switch { "/" => x / y, "*" => x * y, _ => x + y };
            }
            catch (OverflowException)
            {
                continue;
            }

            // Operands and result within the dialect's range (DuckDB's mantissas must fit HUGEINT).
            if (Math.Abs(result) < range && Math.Abs(x) < range && (op == "/" || Math.Abs(y) < range))
            {
                expected.Add((expected.Count, x, y, result));
            }
        }

        var wide = dialect.WideIntegerType;
        Func<DecimalSql, string> operation = op switch
        {
            "/" => d => d.Quotient($"CAST(\"xm\" AS {wide})", $"CAST(\"ym\" AS {wide})", ys + 28 - xs),
            "*" => d => d.Product($"(CAST(\"xm\" AS {wide}) * CAST(1{new string('0', 28 - xs)} AS {wide}))", $"CAST(\"y\" AS {dialect.DecimalType(ys)})", ys),
            _ => d => d.Sum($"(CAST(\"xm\" AS {wide}) * CAST(1{new string('0', 28 - xs)} AS {wide}) + CAST(\"ym\" AS {wide}) * CAST(1{new string('0', 28 - ys)} AS {wide}))"),
        };
        string Query(IEnumerable<(int Row, decimal X, decimal Y, decimal Result)> rows) => Build(dialect, operation,
            "(SELECT n, 'case' || CAST(n AS VARCHAR) AS id, xm, ym, y FROM (VALUES " + string.Join(",\n", rows.Select(e => string.Create(CultureInfo.InvariantCulture,
                $"({e.Row}, '{Mantissa(e.X, xs)}', '{Mantissa(e.Y, ys)}', '{e.Y.ToString(CultureInfo.InvariantCulture)}')"))) + ") AS v(n, xm, ym, y))",
            ["n", "id", "xm", "ym", "y"], "n");
        var seen = 0;
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = Query(expected);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var e = expected[Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)];
                var actual = BigInteger.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
                var want = Mantissa(e.Result, 28);
                if (actual != want)
                {
                    failures.Add($"{dialect.Name}: {e.X} {op} {e.Y}: .NET {e.Result}, SQL mantissa {actual} (want {want})");
                }

                seen++;
            }
        }
        catch (DbException ex)
        {
            // Name the first case the engine refused.
            var refused = expected.FirstOrDefault(e =>
            {
                try
                {
                    using var single = connection.CreateCommand();
                    single.CommandText = Query([e]);
                    single.ExecuteScalar();
                    return false;
                }
                catch (DbException)
                {
                    return true;
                }
            });
            failures.Add($"{dialect.Name}: {op} refused at {refused.X} {op} {refused.Y} (.NET {refused.Result}): {ex.Message}");
            return expected.Count;
        }

        Assert.Equal(expected.Count, seen);
        return seen;
    }

    /// <summary>A random operand with <paramref name="scale"/> decimals: mantissas of 1 to 29 digits below 2^96 (values mostly within <paramref name="range"/>), either sign.</summary>
    private static decimal Operand(Random random, int scale, decimal range)
    {
        var digits = random.Next(1, range == decimal.MaxValue ? 30 : Math.Min(30, scale + 11));
        var mantissa = BigInteger.Zero;
        for (var i = 0; i < digits; i++)
        {
            mantissa = mantissa * 10 + random.Next(i == 0 ? 1 : 0, 10);
        }

        mantissa %= BigInteger.One << 96;
        var bytes = new byte[12];
        mantissa.TryWriteBytes(bytes, out _, isUnsigned: true);
        var value = new decimal(BitConverter.ToInt32(bytes, 0), BitConverter.ToInt32(bytes, 4), BitConverter.ToInt32(bytes, 8), random.Next(2) == 0, (byte)scale);
        return value;
    }

    /// <summary>Operands whose exact results are ties at the 29th digit or whose mantissas sit next to 2^96.</summary>
    private static IEnumerable<(decimal X, decimal Y)> Ties(int xs, int ys)
    {
        foreach (var y in new[] { 2m, 4m, 8m, 16m, 32m, 0.5m, 0.25m, 0.04m, 1024m })
        {
            if (decimal.Round(y, ys) != y)
            {
                continue;
            }

            foreach (var x in new[] { 1m, 3m, 7.9228162514264337593543950335m, 7.922816251426433759354395033m, 0.0000000000000000000000000001m, 0.0000000000000000000000000003m, 79228162514.264337593543950335m })
            {
                if (decimal.Round(x, xs) == x)
                {
                    yield return (x, y);
                    yield return (-x, y);
                }
            }
        }
    }

    /// <summary>The value's mantissa at <paramref name="scale"/> decimals (the value has no more).</summary>
    private static BigInteger Mantissa(decimal value, int scale)
    {
        var bits = decimal.GetBits(value);
        var m = new BigInteger((uint)bits[0]) + (new BigInteger((uint)bits[1]) << 32) + (new BigInteger((uint)bits[2]) << 64);
        var own = (bits[3] >> 16) & 0xFF;
        m *= BigInteger.Pow(10, scale - own);
        return bits[3] < 0 ? -m : m;
    }

    private static string ScalarAt(DbConnection connection, string sql, int column)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return reader.GetString(column);
    }
}
