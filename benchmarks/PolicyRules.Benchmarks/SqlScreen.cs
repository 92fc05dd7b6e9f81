using System.Globalization;
using DuckDB.NET.Data;
using Npgsql;
using PolicyRules.Sql;

namespace PolicyRules.Benchmarks;

/// <summary>
/// The SQL contenders of benchmarks/sql-engines.sh: the compiled screening query in DuckDB (embedded,
/// all cores) or in PostgreSQL (a table screened in place, results written to a table), and a
/// hand-written DuckDB query for HighTechEnterprise (exact DECIMAL money) as the floor to compare with.
/// Each writes its results and exits; the script measures wall time and peak memory from outside.
/// </summary>
public static class SqlScreen
{
    /// <summary><c>sql-screen duckdb|duckdb-handwritten INPUT.csv OUTPUT.csv PROGRAMMES AS-OF</c> or <c>sql-screen postgres TABLE RESULT-TABLE PROGRAMMES AS-OF CONNECTION</c>.</summary>
    public static int Run(string[] args)
    {
        if (args is not [var engine, var input, var output, var programmes, var asOfText, ..])
        {
            Console.Error.WriteLine("usage: sql-screen duckdb|duckdb-handwritten INPUT.csv OUTPUT.csv PROGRAMMES AS-OF | sql-screen postgres TABLE RESULT-TABLE PROGRAMMES AS-OF CONNECTION");
            return 2;
        }

        var asOf = DateOnly.ParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var names = programmes.Split(',');
        switch (engine)
        {
            case "duckdb":
            {
                var query = ScreeningSql.Compile(PolicyEngine.LoadBundled(), names, asOf, SqlDialects.DuckDb,
                    new ScreeningSqlOptions { From = $"read_csv('{input.Replace("'", "''", StringComparison.Ordinal)}', all_varchar = true)" });
                return RunDuckDb($"COPY ({Required(query)}) TO '{output.Replace("'", "''", StringComparison.Ordinal)}' (HEADER)");
            }

            case "duckdb-handwritten":
                return RunDuckDb($"COPY ({HandWrittenHighTech(input, asOf)}) TO '{output.Replace("'", "''", StringComparison.Ordinal)}' (HEADER)");
            case "postgres" when args.Length > 5:
            {
                var dialect = SqlDialects.PostgreSql;
                var query = ScreeningSql.Compile(PolicyEngine.LoadBundled(), names, asOf, dialect,
                    new ScreeningSqlOptions { From = string.Join(".", input.Split('.').Select(dialect.QuoteIdentifier)) });
                using var connection = new NpgsqlConnection(args[5]);
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandTimeout = 0;
                var target = string.Join(".", output.Split('.').Select(dialect.QuoteIdentifier));
                command.CommandText = $"DROP TABLE IF EXISTS {target}; CREATE TABLE {target} AS {Required(query)}";
                command.ExecuteNonQuery();
                return 0;
            }

            default:
                Console.Error.WriteLine($"unknown engine {engine}");
                return 2;
        }
    }

    private static string Required(ScreeningSqlQuery query) =>
        query.Success ? query.Results : throw new InvalidOperationException(string.Join(Environment.NewLine, query.Diagnostics));

    private static int RunDuckDb(string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        return 0;
    }

    /// <summary>HighTechEnterprise written by hand: typed read, exact DECIMAL money, the ten criteria, the failed list.</summary>
    private static string HandWrittenHighTech(string input, DateOnly asOf)
    {
        var day = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var money = "DECIMAL(38,2)";
        var types = "{'registrationDate': 'DATE', 'employees': 'BIGINT', 'techStaff': 'BIGINT'}";
        return $"""
            WITH t AS (
              SELECT id, residentInMainland, registrationDate, coreIpForMainProducts, techFieldSupported, employees, techStaff,
                     CAST(revenueY1 AS {money}) r1, CAST(revenueY2 AS {money}) r2, CAST(revenueY3 AS {money}) r3,
                     CAST(rdExpenseY1 AS {money}) + CAST(rdExpenseY2 AS {money}) + CAST(rdExpenseY3 AS {money}) rd3,
                     CAST(domesticRdExpenseY1 AS {money}) + CAST(domesticRdExpenseY2 AS {money}) + CAST(domesticRdExpenseY3 AS {money}) drd3,
                     GREATEST(CAST(totalIncomeY1 AS {money}) - CAST(nonTaxableIncomeY1 AS {money}), 0) income,
                     CAST(highTechIncomeY1 AS {money}) hti, CAST(innovationCapabilityScore AS DECIMAL(38,12)) ics, majorIncidentLastYear
              FROM read_csv('{input.Replace("'", "''", StringComparison.Ordinal)}', types = {types})),
            c AS (
              SELECT id,
                residentInMainland c0,
                date_diff('day', registrationDate, DATE '{day}') >= 365 c1,
                coreIpForMainProducts c2,
                techFieldSupported c3,
                employees > 0 AND techStaff * 10 >= employees c4,
                r1 + r2 + r3 > 0 AND rd3 >= (r1 + r2 + r3) * (CASE WHEN r1 <= 50000000 THEN 0.05 WHEN r1 <= 200000000 THEN 0.04 ELSE 0.03 END) c5,
                rd3 > 0 AND drd3 >= rd3 * 0.60 c6,
                income > 0 AND hti >= income * 0.60 c7,
                ics > 70 c8,
                NOT majorIncidentLastYear c9
              FROM t)
            SELECT id, c0 AND c1 AND c2 AND c3 AND c4 AND c5 AND c6 AND c7 AND c8 AND c9 AS "HighTechEnterprise.eligible",
              concat_ws(';', CASE WHEN NOT c0 THEN 'ResidentInMainland' END, CASE WHEN NOT c1 THEN 'RegisteredOneYear' END,
                CASE WHEN NOT c2 THEN 'CoreIntellectualProperty' END, CASE WHEN NOT c3 THEN 'SupportedTechField' END,
                CASE WHEN NOT c4 THEN 'TechStaffRatio' END, CASE WHEN NOT c5 THEN 'RdIntensity' END, CASE WHEN NOT c6 THEN 'DomesticRdShare' END,
                CASE WHEN NOT c7 THEN 'HighTechIncomeShare' END, CASE WHEN NOT c8 THEN 'InnovationCapability' END, CASE WHEN NOT c9 THEN 'NoMajorIncident' END)
                AS "HighTechEnterprise.failed"
            FROM c
            """;
    }
}
