using System.Globalization;
using DuckDB.NET.Data;
using PolicyRules.Cli.Generation;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Sql;

namespace PolicyRules.Tests.Sql;

/// <summary>
/// The shapes of a row's texts checked by one regular expression over the texts joined by U+001F
/// (InputStage.Accepts): a separator inside a value, a NULL or empty text in any position of the join,
/// a value that would split into two where its neighbour is empty, and a column the programmes do not
/// read, are judged exactly as the .NET reader judges them, by the results, rejects and rows queries
/// alike.
/// </summary>
public sealed class SqlJoinedShapeTests : IDisposable
{
    private const string Us = "\u001f";
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
    private static readonly DateOnly AsOf = SyntheticProfiles.AsOf;
    private readonly string _directory = Directory.CreateTempSubdirectory("policyrules-sqljoined-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The fields whose shapes are joined for HighTechEnterprise, in the order of the join (every date and number it reads).</summary>
    private static readonly string[] Joined =
    [
        "registrationDate", "employees", "techStaff", "revenueY1", "revenueY2", "revenueY3", "totalIncomeY1", "highTechIncomeY1", "rdExpenseY1", "rdExpenseY2",
        "rdExpenseY3", "domesticRdExpenseY1", "domesticRdExpenseY2", "domesticRdExpenseY3", "innovationCapabilityScore", "nonTaxableIncomeY1",
    ];

    [Fact]
    public void The_joined_shape_test_rejects_and_accepts_exactly_the_rows_the_NET_reader_does()
    {
        // Each row: cells replaced, by column. The synthetic rows around them are valid.
        var edits = new List<(string Column, string Value)[]>();
        for (var k = 0; k < Joined.Length; k++)
        {
            var column = Joined[k];
            var valid = column == "registrationDate" ? "2020-01-01" : "5";
            edits.Add([(column, "")]); // NULL to DuckDB's reader
            edits.Add([(column, "\"\"")]); // a quoted empty text: '' rather than NULL
            edits.Add([(column, Us)]);
            edits.Add([(column, valid + Us)]);
            edits.Add([(column, Us + valid)]);
            edits.Add([(column, valid + Us + valid)]);
            if (k + 1 < Joined.Length)
            {
                // Two valid texts in one cell and none in the next: the join has the right number of separators, in the wrong places.
                edits.Add([(column, valid + Us + (Joined[k + 1] == "registrationDate" ? "2020-01-01" : "5")), (Joined[k + 1], "")]);
                edits.Add([(column, valid + Us + "5"), (Joined[k + 1], "\"\"")]);
            }

            if (k > 0)
            {
                edits.Add([(Joined[k - 1], ""), (column, "5" + Us + valid)]);
            }
        }

        // Text and yes/no fields are not joined; a column the programme does not read (name) is not checked at all.
        edits.Add([("name", Us)]);
        edits.Add([("name", "")]);
        edits.Add([("name", "5" + Us + "5")]);
        edits.Add([("id", "A" + Us + "B")]);
        edits.Add([("residentInMainland", "true" + Us)]);
        edits.Add([("revenueY1", Us), ("revenueY2", Us), ("name", Us)]);
        edits.Add([.. Joined.Select(c => (c, ""))]);

        var csv = WriteWithEdits(edits);
        var programme = Engine.GetProgramme("HighTechEnterprise", AsOf);
        var schema = programme.Schema;
        var required = programme.RequiredFields.Union(FieldSet.EmptyOf(schema.Fields).With(schema.IdField));
        var expected = new SortedDictionary<long, (string Columns, string Reasons)>();
        var accepted = new List<object>();
        var acceptedIds = new List<string>();
        using (var reader = ProfileCsvReader.Open(csv, schema, required))
        {
            foreach (var record in reader.ReadAll())
            {
                if (record.Errors.IsEmpty)
                {
                    accepted.Add(record.Record!);
                    acceptedIds.Add(record.Id);
                }
                else
                {
                    expected[record.Row] = (string.Join(";", record.Errors.Select(e => e.Column)), string.Join(" | ", record.Errors.Select(e => e.Reason)));
                }
            }
        }

        Assert.InRange(expected.Count, edits.Count - 8, edits.Count);
        var from = $"read_csv('{csv}', header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"', strict_mode = true, null_padding = false)";
        var query = ScreeningSql.Compile([programme], AsOf, SqlDialects.DuckDb, new ScreeningSqlOptions { From = from });
        Assert.Contains(@"\x1f", query.Results, StringComparison.Ordinal);
        Assert.Contains(@"\x1f", query.Rows, StringComparison.Ordinal);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();

        var fromRejects = new SortedDictionary<long, (string Columns, string Reasons)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = query.Rejects;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                fromRejects[reader.GetInt64(0)] = (reader.GetString(2), reader.GetString(3));
            }
        }

        Assert.Equal(expected, fromRejects);
        var (rowsAccepted, rowsRejected) = ReadRows(connection, query);
        Assert.Equal(expected, rowsRejected);
        Assert.Equal(acceptedIds, rowsAccepted);
        var written = SqlParity.Actual(query, connection);
        Assert.Equal(acceptedIds.Order(StringComparer.Ordinal), written[0].Keys.Order(StringComparer.Ordinal));
        Assert.Empty(SqlParity.Differences([programme], SqlParity.Expected([programme], accepted, schema.IdOf, AsOf), written));
    }

    [Theory]
    [InlineData(" *([0-9]{4}-[0-9]{2}-[0-9]{2}) *", true)]
    [InlineData(@"[+-]?(0*[0-9]{1,19}(\.[0-9]{0,2}0*)?|\.[0-9]{1,2}0*)", true)]
    [InlineData("[ -~]+", true)]
    [InlineData("a.b", false)]
    [InlineData("[^0-9]", false)]
    [InlineData(@"\s", false)]
    [InlineData(@"\x1f", false)]
    [InlineData(@"\D", false)]
    [InlineData("a\u001fb", false)]
    [InlineData("a\tb", false)]
    [InlineData("é", false)]
    [InlineData(@"[0-9]\", false)]
    public void Only_a_pattern_that_cannot_match_the_separator_is_joined(string pattern, bool joinable) =>
        Assert.Equal(joinable, InputStage.Joinable(pattern));

    /// <summary>The accepted ids in order, and the rejected rows by their place, from the rows query.</summary>
    private static (List<string> Accepted, SortedDictionary<long, (string Columns, string Reasons)> Rejected) ReadRows(DuckDBConnection connection, ScreeningSqlQuery query)
    {
        using var command = connection.CreateCommand();
        command.CommandText = query.Rows;
        using var reader = command.ExecuteReader();
        Assert.Equal(query.Columns.Length + 2, reader.FieldCount);
        Assert.Equal(ScreeningSqlQuery.RejectedColumnsColumn, reader.GetName(query.Columns.Length));
        Assert.Equal(ScreeningSqlQuery.RejectedReasonsColumn, reader.GetName(query.Columns.Length + 1));
        var accepted = new List<string>();
        var rejected = new SortedDictionary<long, (string Columns, string Reasons)>();
        long row = 0;
        while (reader.Read())
        {
            row++;
            if (reader.IsDBNull(query.Columns.Length))
            {
                accepted.Add(reader.GetString(0));
            }
            else
            {
                rejected[row] = (reader.GetString(query.Columns.Length), reader.GetString(query.Columns.Length + 1));
            }
        }

        return (accepted, rejected);
    }

    /// <summary>Generated rows, every other one with its edits applied, ids E0, E1, …</summary>
    private string WriteWithEdits(List<(string Column, string Value)[]> edits)
    {
        var csv = SqlParity.WriteCsv(SyntheticProfiles.Generate(edits.Count * 2, seed: 17), _directory);
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            cells[0] = "E" + i.ToString(CultureInfo.InvariantCulture);
            if (i % 2 == 0)
            {
                foreach (var (column, value) in edits[(i / 2) - 1])
                {
                    cells[Array.IndexOf(header, column)] = value;
                }
            }

            lines[i] = string.Join(',', cells);
        }

        File.WriteAllLines(csv, lines);
        return csv;
    }
}
