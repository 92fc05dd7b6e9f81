using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Tests.TestSupport;

namespace PolicyRules.Tests.Input;

/// <summary>
/// An id that is empty or only spaces identifies no enterprise: the row is a reject naming the id
/// column, in both languages, in every input format — never a record echoed under a blank id.
/// </summary>
public sealed class BlankIdTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-blank-id-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string?> Cases()
    {
        var data = new TheoryData<string, string?>();
        foreach (var format in TextTables.Formats)
        {
            foreach (var id in (string?[])[" ", "   ", "", null])
            {
                data.Add(format, id);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_blank_id_rejects_its_row_naming_the_id_column_in_both_languages(string format, string? id)
    {
        var path = Path.Combine(_dir, "in" + format);
        await TextTables.WriteAsync(path, TextTables.Baseline(
            new() { ["id"] = "A-1" },
            new() { ["id"] = id },
            new() { ["id"] = " B-3 " }, // spaces around an id are not a blank id
            new() { ["id"] = "C-4" }));

        var records = TextTables.Read(path, ProfileSchema.All);

        Assert.Equal(4, records.Count);
        Assert.All(records.Where(r => r.Row != 2), r => Assert.NotNull(r.Record));
        var blank = records.Single(r => r.Row == 2);
        Assert.Null(blank.Record);
        Assert.Equal("", blank.Id);
        var error = Assert.Single(blank.Errors);
        Assert.Equal("id", error.Column);
        var (en, zh) = (RecordSchema.BlankIdReason.Split(" / ")[0], RecordSchema.BlankIdReason.Split(" / ")[1]);
        Assert.StartsWith(en, error.Reason, StringComparison.Ordinal); // an .xlsx reason adds the cell to each half
        Assert.Contains(" / " + zh, error.Reason, StringComparison.Ordinal);
        var text = error.ToString();
        Assert.Contains("column 'id': the id is empty or only spaces", text, StringComparison.Ordinal);
        Assert.Contains("列 'id'：id 为空或仅含空格", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quoted_csv_id_of_spaces_is_a_blank_id_too()
    {
        var path = Path.Combine(_dir, "quoted.csv");
        var csv = ProfileInputTestSupport.WriteCsv(TestProfiles.Baseline() with { Id = "A-1" });
        File.WriteAllText(path, csv + "\"   \"" + csv.Split('\n')[1].TrimEnd('\r')["A-1".Length..] + "\n");

        var records = TextTables.Read(path, ProfileSchema.All);

        Assert.Equal(2, records.Count);
        Assert.Equal(RecordSchema.BlankIdReason, Assert.Single(records[1].Errors).Reason);
    }
}
