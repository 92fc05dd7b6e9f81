using System.Text.Json;
using PolicyRules.Cli;

namespace PolicyRules.Tests.Cli;

/// <summary>JSON Lines output (chosen by the .jsonl extension) carries exactly what the CSV output does.</summary>
public sealed class JsonLinesScreeningTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-jsonl-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Jsonl_output_matches_csv_output_row_by_row()
    {
        string P(string name) => Path.Combine(_dir, name);
        Assert.Equal(0, Cli.Run("generate", "--count", "600", "--output", P("in.csv")).Exit);
        Assert.Equal(0, Cli.Run("screen", "--input", P("in.csv"), "--output", P("out.csv"), "--as-of", "2025-06-30").Exit);
        Assert.Equal(0, Cli.Run("screen", "--input", P("in.csv"), "--output", P("out.jsonl"), "--as-of", "2025-06-30").Exit);

        var csv = File.ReadAllLines(P("out.csv"));
        var header = csv[0].Split(',');
        var lines = File.ReadAllLines(P("out.jsonl"));
        Assert.Equal(csv.Length - 1, lines.Length);
        var withRank = 0;
        for (var row = 0; row < lines.Length; row++)
        {
            using var json = JsonDocument.Parse(lines[row]);
            var cells = csv[row + 1].Split(',');
            for (var c = 0; c < header.Length; c++)
            {
                Assert.Equal(cells[c], Cell(json.RootElement, header[c]));
            }

            withRank += json.RootElement.GetProperty("InnovationIndexTop50").GetProperty("rank").ValueKind == JsonValueKind.Number ? 1 : 0;
        }

        Assert.True(withRank > 0, "the sample has ranked rows, so the rank column is exercised");
    }

    /// <summary>The value the CSV writes for column <paramref name="column"/> ("P.field" or "id").</summary>
    private static string Cell(JsonElement row, string column)
    {
        if (column == "id")
        {
            return row.GetProperty("id").GetString()!;
        }

        var dot = column.LastIndexOf('.');
        var value = row.GetProperty(column[..dot]).GetProperty(column[(dot + 1)..]);
        return value.ValueKind switch
        {
            JsonValueKind.Null => "",
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Array => string.Join(";", value.EnumerateArray().Select(e => e.GetString())),
            _ => value.GetString() ?? "",
        };
    }
}
