using System.Data.Common;
using System.Globalization;
using PolicyRules.Bulk;
using PolicyRules.Cli.Generation;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Rules;
using PolicyRules.Screening;
using PolicyRules.Sql;

namespace PolicyRules.Tests.TestSupport;

/// <summary>One programme's outcome for one row, as both engines report it.</summary>
/// <remarks><see cref="Outputs"/>: each declared output's value (trailing zeros dropped) or <c>-</c> when empty, <c>;</c>-separated.</remarks>
internal readonly record struct Outcome(bool Eligible, decimal? Score, string? Classification, long? Rank, bool? Selected, string Failed, string Outputs = "");

/// <summary>
/// Runs the same records through the .NET engine (<see cref="ProgrammeScreener"/>, <see cref="PopulationRanking"/>)
/// and through a compiled SQL query, and lists every row and column where they differ.
/// </summary>
internal static class SqlParity
{
    /// <summary>Every bundled programme name (enterprise programmes).</summary>
    /// <summary>True when <paramref name="programme"/>, or a programme it uses, ranks a population (its SQL rows then stream).</summary>
    public static bool Ranks(PolicyEngine engine, PolicyRules.Compilation.CompiledProgramme programme, DateOnly asOf) =>
        programme.SelectTop is not null || programme.Uses.Any(u => Ranks(engine, engine.GetProgramme(u, asOf), asOf));

    public static IReadOnlyList<string> EnterpriseProgrammes(PolicyEngine engine) =>
        [.. engine.Programmes.Where(p => engine.GetVersions(p)[0].Input == "Enterprise")];

    /// <summary>Every bundled person programme name.</summary>
    public static IReadOnlyList<string> PersonProgrammes(PolicyEngine engine) =>
        [.. engine.Programmes.Where(p => engine.GetVersions(p)[0].Input == "Person")];

    /// <summary>What the .NET engine says, row by row, for each programme.</summary>
    public static Dictionary<string, Outcome>[] Expected(IReadOnlyList<CompiledProgramme> programmes, IReadOnlyList<EnterpriseProfile> profiles, DateOnly asOf) =>
        Expected(programmes, profiles, p => ((EnterpriseProfile)p).Id, asOf);

    /// <summary>What the .NET engine says, row by row, for each programme, over records of any kind (population ranks for enterprises only).</summary>
    public static Dictionary<string, Outcome>[] Expected(IReadOnlyList<CompiledProgramme> programmes, IReadOnlyList<object> records, Func<object, string> idOf, DateOnly asOf)
    {
        var screener = ProgrammeScreener.Create(programmes, asOf);
        var result = programmes.Select(_ => new Dictionary<string, Outcome>(records.Count, StringComparer.Ordinal)).ToArray();
        var ranks = programmes.Select(p => p.SelectTop is null ? null : PopulationRanking.Rank(p, records.Cast<EnterpriseProfile>(), asOf).ToDictionary(e => e.Id, StringComparer.Ordinal)).ToArray();
        foreach (var record in records)
        {
            var id = idOf(record);
            screener.ScreenRecord(record, id);
            for (var i = 0; i < programmes.Count; i++)
            {
                var p = programmes[i];
                var buffer = screener.Buffer(i);
                var failed = string.Join(";", p.TopLevelRuleNames.Where((_, r) => p.Failed(buffer, r)));
                var rank = ranks[i]?[id];
                var outputs = string.Join(";", p.OutputNames.Select((_, k) => Shown(buffer.Output(k))));
                result[i][id] = new Outcome(screener.Eligible(i),
                    p.Definition.ScoreParam is null ? null : buffer.Score,
                    p.Definition.ClassificationParam is null ? null : buffer.Classification,
                    rank?.Rank, rank?.Selected, failed, outputs);
            }
        }

        return result;
    }

    /// <summary>An output's value with trailing zeros dropped (both engines may carry different scales), or <c>-</c>.</summary>
    private static string Shown(decimal? value) =>
        value is { } v ? (v / 1.000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture) : "-";

    /// <summary>What the SQL query says, row by row (by id), for each programme.</summary>
    public static Dictionary<string, Outcome>[] Actual(ScreeningSqlQuery query, DbConnection connection)
    {
        Assert.True(query.Success, string.Join("\n", query.Diagnostics));
        using var command = connection.CreateCommand();
        command.CommandText = query.Results;
        command.CommandTimeout = 0;
        using var reader = command.ExecuteReader();
        var ordinal = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, StringComparer.Ordinal);
        var result = query.Programmes.Select(_ => new Dictionary<string, Outcome>(StringComparer.Ordinal)).ToArray();
        while (reader.Read())
        {
            var id = reader.GetString(0);
            for (var i = 0; i < query.Programmes.Length; i++)
            {
                var p = query.Programmes[i];
                object? Get(string part) => ordinal.TryGetValue(p.Name + "." + part, out var o) && !reader.IsDBNull(o) ? reader.GetValue(o) : null;
                result[i][id] = new Outcome(
                    (bool)Get("eligible")!,
                    Get("score") is { } s ? Convert.ToDecimal(s, CultureInfo.InvariantCulture) : null,
                    (string?)Get("classification"),
                    Get("rank") is { } r ? Convert.ToInt64(r, CultureInfo.InvariantCulture) : null,
                    p.SelectTop is null ? null : (bool)Get("selected")!,
                    (string?)Get("failed") ?? "",
                    string.Join(";", p.OutputNames.Select(o => Shown(Get(o) is { } v ? Convert.ToDecimal(v, CultureInfo.InvariantCulture) : null))));
            }
        }

        return result;
    }

    /// <summary>The first few differences, described; empty when both engines agree on every row.</summary>
    public static List<string> Differences(IReadOnlyList<CompiledProgramme> programmes, Dictionary<string, Outcome>[] expected, Dictionary<string, Outcome>[] actual)
    {
        var differences = new List<string>();
        for (var i = 0; i < programmes.Count; i++)
        {
            if (expected[i].Count != actual[i].Count)
            {
                differences.Add($"{programmes[i]}: {expected[i].Count} rows in .NET, {actual[i].Count} in SQL");
            }

            foreach (var (id, want) in expected[i])
            {
                if (!actual[i].TryGetValue(id, out var got))
                {
                    differences.Add($"{programmes[i]} {id}: missing in SQL");
                }
                else if (want != got && !(want with { Score = null } == got with { Score = null } && want.Score == got.Score))
                {
                    differences.Add($"{programmes[i]} {id}: .NET {want}, SQL {got}");
                }

                if (differences.Count >= 20)
                {
                    return differences;
                }
            }
        }

        return differences;
    }

    /// <summary>Writes <paramref name="profiles"/> as CSV (the contract's columns) for the SQL engines to read as text.</summary>
    public static string WriteCsv(IEnumerable<EnterpriseProfile> profiles, string directory)
    {
        var path = Path.Combine(directory, "records.csv");
        ProfileCsvWriter.Write(path, profiles);
        return path;
    }

    /// <summary>Writes records of <paramref name="schema"/> as CSV.</summary>
    public static string WriteCsv(IEnumerable<object> records, RecordSchema schema, string directory)
    {
        var path = Path.Combine(directory, "records.csv");
        ProfileCsvWriter.WriteRecords(path, records, schema);
        return path;
    }

    /// <summary>
    /// Generated enterprises with one cell each replaced: row <c>i</c> has id <c>E{i}</c> and
    /// <paramref name="cells"/>[i] in its column. A file of edge texts for the engines' input stage.
    /// </summary>
    public static string WriteCells(IReadOnlyList<(string Column, string Value)> cells, int seed, string directory)
    {
        var csv = WriteCsv(SyntheticProfiles.Generate(cells.Count, seed).ToList(), directory);
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        for (var i = 0; i < cells.Count; i++)
        {
            var row = lines[i + 1].Split(',');
            row[0] = "E" + i.ToString(CultureInfo.InvariantCulture);
            row[Array.IndexOf(header, cells[i].Column)] = cells[i].Value;
            lines[i + 1] = string.Join(',', row);
        }

        File.WriteAllLines(csv, lines);
        return csv;
    }

    /// <summary>
    /// What the .NET reader makes of <paramref name="csv"/> for <paramref name="programme"/>: each
    /// rejected row's columns and reasons by id, listed as the SQL rejects list them, and the records it accepts.
    /// </summary>
    public static (Dictionary<string, (string Columns, string Reasons)> Rejects, List<object> Accepted) ReaderVerdicts(string csv, CompiledProgramme programme)
    {
        var schema = programme.Schema;
        var required = programme.RequiredFields.Union(FieldSet.EmptyOf(schema.Fields).With(schema.IdField));
        var rejects = new Dictionary<string, (string Columns, string Reasons)>(StringComparer.Ordinal);
        var accepted = new List<object>();
        using var reader = ProfileCsvReader.Open(csv, schema, required);
        foreach (var record in reader.ReadAll())
        {
            if (record.Errors.IsEmpty)
            {
                accepted.Add(record.Record!);
            }
            else
            {
                rejects[record.Id] = (string.Join(";", record.Errors.Select(e => e.Column)), string.Join(" | ", record.Errors.Select(e => e.Reason)));
            }
        }

        return (rejects, accepted);
    }
}
