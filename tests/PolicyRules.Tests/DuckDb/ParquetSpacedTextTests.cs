using DuckDB.NET.Data;
using PolicyRules.Cli.Generation;
using PolicyRules.DuckDb;
using PolicyRules.Input;
using PolicyRules.Screening;

namespace PolicyRules.Tests.DuckDb;

/// <summary>
/// A Parquet file of STRING columns whose cell has ASCII spaces around it: the .NET Parquet reader reads
/// it as written (a reject for a number, a date, a true/false or a choice; an id keeps them), the SQL
/// query trims, so <c>--engine duckdb</c> screened such rows where <c>--engine dotnet</c> rejected them.
/// Now DuckDB refuses the file, naming the first such row and column, when the column is read; spaces
/// in a column no programme reads change nothing, and both engines write the same files.
/// </summary>
public sealed class ParquetSpacedTextTests : IDisposable
{
    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
    private readonly string _directory = Directory.CreateTempSubdirectory("policyrules-parquet-spaces-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Out(string name) => Path.Combine(_directory, name);

    private static List<PolicyRules.Compilation.CompiledProgramme> Programmes() =>
        [.. new[] { "SmeSize", "HighTechEnterprise", "GreenFactory" }.Select(n => Engine.GetProgramme(n, SyntheticProfiles.AsOf))];

    [Theory]
    [InlineData("id", " ", "")]
    [InlineData("id", "", " ")]
    [InlineData("industry", " ", "")]
    [InlineData("employees", "", " ")]
    [InlineData("revenueY1", " ", " ")]
    [InlineData("residentInMainland", "", " ")]
    [InlineData("registrationDate", " ", "")]
    [InlineData("greenFactoryLevel", "", "  ")]
    public void A_read_cell_with_spaces_around_it_refuses_the_DuckDB_run_naming_its_row_and_column(string column, string before, string after)
    {
        var input = WithSpaces(column, before, after, row: 37);

        var dotnet = ScreeningJob.Run(input, Out("dotnet.csv"), Programmes(), SyntheticProfiles.AsOf);
        Assert.Equal(column == "id" ? 0 : 1, dotnet.Rejected); // the .NET reader keeps an id's spaces and rejects any other kind's

        var error = Assert.Throws<ProfileInputException>(() => DuckDbScreening.Run(input, Out("duckdb.csv"), Programmes(), SyntheticProfiles.AsOf));
        var only = Assert.Single(error.Errors);
        Assert.Equal((input, 37, column), (only.Source, only.Row, only.Column));
        Assert.Contains("--engine dotnet", only.Reason, StringComparison.Ordinal);
        Assert.Contains("空格", only.Reason, StringComparison.Ordinal);
        Assert.False(File.Exists(Out("duckdb.csv")));
    }

    [Theory]
    [InlineData("name", false)] // a column no programme reads
    [InlineData("id", true)] // a blank id: a reject to both
    [InlineData("employees", true)] // a blank count: a reject to both
    public void Spaces_in_a_column_no_programme_reads_or_a_cell_of_spaces_alone_leave_both_engines_writing_the_same_files(string column, bool alone)
    {
        var input = WithSpaces(column, " ", " ", row: 12, alone);

        var dotnet = ScreeningJob.Run(input, Out("dotnet.csv"), Programmes(), SyntheticProfiles.AsOf);
        var duckdb = DuckDbScreening.Run(input, Out("duckdb.csv"), Programmes(), SyntheticProfiles.AsOf);

        Assert.Equal((dotnet.Read, dotnet.Written, dotnet.Rejected), (duckdb.Read, duckdb.Written, duckdb.Rejected));
        EngineOutputs.AssertSame(Out("dotnet.csv"), Out("duckdb.csv"));
    }

    /// <summary>A Parquet file of 60 generated records, every column STRING, one cell at <paramref name="row"/> given spaces around it (or, <paramref name="alone"/>, made of them).</summary>
    private string WithSpaces(string column, string before, string after, int row, bool alone = false)
    {
        var csv = Out("in.csv");
        var profiles = SyntheticProfiles.Generate(60, seed: 23).ToList();
        ProfileCsvWriter.Write(csv, profiles);
        var parquet = Out("in.parquet");
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        var quoted = $"\"{column}\"";
        command.CommandText = $"COPY (SELECT * REPLACE (CASE WHEN id = '{profiles[row - 1].Id}' THEN '{before}' || {(alone ? "''" : quoted)} || '{after}' ELSE {quoted} END AS {quoted}) "
            + $"FROM read_csv('{csv}', header = true, all_varchar = true)) TO '{parquet}' (FORMAT parquet, PRESERVE_ORDER true)";
        command.ExecuteNonQuery();
        return parquet;
    }
}
