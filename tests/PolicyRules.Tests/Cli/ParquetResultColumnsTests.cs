using System.Globalization;
using DuckDB.NET.Data;
using Parquet;
using Parquet.Schema;
using PolicyRules.Tests.Input;

namespace PolicyRules.Tests.Cli;

/// <summary>
/// Parquet results as query engines read them: <c>P.failed</c> a list of strings (read back with
/// Parquet.Net and queried with DuckDB), and <c>--column-names underscore</c> for names without dots.
/// </summary>
public sealed class ParquetResultColumnsTests : IDisposable
{
    private static readonly string Samples = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "enterprises.csv");
    private static readonly string[] Programmes = ["SmeSize", "TechBasedSme", "HighTechEnterprise"];
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-parquet-columns-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private void Screen(string output, params string[] more)
    {
        var (exit, _, stderr) = Cli.Run(["screen", "--input", Samples, "--output", P(output), "--as-of", "2025-06-30", "--programmes", string.Join(',', Programmes), .. more]);
        Assert.True(exit == 0, stderr);
    }

    /// <summary>The CSV results: header, and each row's cells by column name.</summary>
    private List<Dictionary<string, string>> Csv(string name)
    {
        var lines = File.ReadAllLines(P(name));
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }

    [Fact]
    public async Task Failed_is_a_list_of_strings_empty_when_eligible()
    {
        Screen("out.csv");
        Screen("out.parquet");
        var csv = Csv("out.csv");

        await using var reader = await ParquetReader.CreateAsync(P("out.parquet"));
        var longest = 0;
        foreach (var programme in Programmes)
        {
            var list = Assert.IsType<ListField>(reader.Schema.Fields.Single(f => f.Name == programme + ".failed"));
            var element = Assert.IsType<DataField>(list.Item, exactMatch: false);
            Assert.Contains(element.ClrType, (Type[])[typeof(string), typeof(ReadOnlyMemory<char>)]); // Parquet.Net reads UTF-8 text as either
            Assert.False(element.IsNullable);
            Assert.Equal(ListField.ElementName, element.Name);

            var lists = new List<string[]>();
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                lists.AddRange(await ParquetLists.ReadAsync(group, element));
            }

            Assert.Equal(csv.Select(r => r[programme + ".failed"].Split(';', StringSplitOptions.RemoveEmptyEntries)), lists);
            Assert.Equal(csv.Select(r => r[programme + ".eligible"] == "true"), lists.Select(l => l.Length == 0));
            longest = Math.Max(longest, lists.Max(l => l.Length));
        }

        Assert.True(longest > 1, "some row fails several criteria of one programme");
    }

    [Fact]
    public void DuckDB_reads_failed_as_a_varchar_list()
    {
        Screen("out.csv");
        Screen("out.parquet");
        var csv = Csv("out.csv");
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        var file = Sql(P("out.parquet"));

        Assert.Equal("VARCHAR[]", Scalar<string>(duck, $"SELECT typeof(\"HighTechEnterprise.failed\") FROM read_parquet({file}) LIMIT 1"));
        var criteria = csv.SelectMany(r => r["HighTechEnterprise.failed"].Split(';', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(criteria.Count >= 3);
        foreach (var criterion in criteria)
        {
            var expected = csv.Count(r => r["HighTechEnterprise.failed"].Split(';').Contains(criterion));
            Assert.Equal(expected, Scalar<long>(duck, $"SELECT count(*) FROM read_parquet({file}) WHERE list_contains(\"HighTechEnterprise.failed\", {Sql(criterion)})"));
        }

        Assert.Equal(csv.Count(r => r["HighTechEnterprise.eligible"] == "true"), Scalar<long>(duck, $"SELECT count(*) FROM read_parquet({file}) WHERE len(\"HighTechEnterprise.failed\") = 0"));

        // Row by row, as a list in .NET too.
        using var command = duck.CreateCommand();
        command.CommandText = $"SELECT id, \"SmeSize.failed\" FROM read_parquet({file})";
        using var rows = command.ExecuteReader();
        var i = 0;
        while (rows.Read())
        {
            Assert.Equal(csv[i]["id"], rows.GetString(0));
            Assert.Equal(csv[i]["SmeSize.failed"].Split(';', StringSplitOptions.RemoveEmptyEntries), rows.GetFieldValue<List<string>>(1));
            i++;
        }

        Assert.Equal(csv.Count, i);
    }

    [Fact]
    public async Task Column_names_underscore_gives_names_without_dots_and_the_same_values()
    {
        Screen("dotted.csv");
        Screen("underscore.csv", "--column-names", "underscore");
        Screen("underscore.parquet", "--column-names", "underscore");

        var dotted = File.ReadAllLines(P("dotted.csv"));
        var underscore = File.ReadAllLines(P("underscore.csv"));
        var header = underscore[0].Split(',');
        Assert.Equal(dotted[0].Split(',').Select(h => h.Replace('.', '_')), header);
        Assert.Contains("HighTechEnterprise_eligible", header);
        Assert.DoesNotContain(header, h => h.Contains('.', StringComparison.Ordinal));
        Assert.Equal(dotted.Skip(1), underscore.Skip(1));

        await using (var reader = await ParquetReader.CreateAsync(P("underscore.parquet")))
        {
            Assert.Equal(header, reader.Schema.Fields.Select(f => f.Name));
        }

        // Unquoted, as SQL users write them.
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        var eligible = Csv("dotted.csv").Count(r => r["HighTechEnterprise.eligible"] == "true" && r["SmeSize.classification"] == "Small");
        Assert.Equal(eligible, Scalar<long>(duck, $"SELECT count(*) FROM read_parquet({Sql(P("underscore.parquet"))}) WHERE HighTechEnterprise_eligible AND SmeSize_classification = 'Small'"));
    }

    [Fact]
    public void Column_names_accepts_only_its_two_forms()
    {
        var (exit, _, stderr) = Cli.Run("screen", "--input", Samples, "--output", P("x.csv"), "--column-names", "snake");

        Assert.Equal(PolicyRules.Cli.ExitCodes.BadInput, exit);
        Assert.Contains("snake", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(P("x.csv")));
    }

    private static T Scalar<T>(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>A SQL string literal.</summary>
    private static string Sql(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
