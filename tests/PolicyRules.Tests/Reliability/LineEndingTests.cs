using CsCheck;
using PolicyRules.Input;
using PolicyRules.Model;

namespace PolicyRules.Tests.Reliability;

/// <summary>
/// Issue 13, class 2: with LF, CRLF or bare CR line endings, and any quoting fault, every line of the
/// file is accounted for — read = written + rejected, line by line — and a CR or LF inside a quoted
/// cell stays in the cell.
/// </summary>
public sealed class LineEndingTests
{
    private const string Header = "id,name,employees";

    private static List<ProfileRecord> Read(string csv)
    {
        using var reader = ProfileCsvReader.Open(new StringReader(csv), "endings.csv", FieldSet.Empty);
        return [.. reader.ReadAll()];
    }

    [Fact]
    public void Bare_cr_lines_with_an_unclosed_quote_reject_each_line_instead_of_one()
    {
        // The attack's shape: CR endings and one stray quote; the reject claimed lines 2–12 as one row.
        var rows = Enumerable.Range(1, 11).Select(i => i == 1 ? $"R{i},\"Open,{i}" : $"R{i},Name{i},{i}");
        var records = Read(Header + "\r" + string.Join("\r", rows) + "\r");

        Assert.Equal(11, records.Count);
        Assert.Equal(Enumerable.Range(2, 11), records.Select(r => r.Line));
        Assert.All(records, r => Assert.Null(r.Record));
        Assert.Contains("lines 2–12", records[0].Errors[0].Reason, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, 11).Select(i => "R" + i), records.Select(r => r.Id));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void A_cr_or_lf_inside_a_quoted_cell_stays_in_the_cell_with_every_line_ending(string ending)
    {
        var csv = Header + ending + "A,\"one\rtwo\",1" + ending + "B,\"three\nfour\",2" + ending + "C,five,3" + ending;
        var records = Read(csv);

        Assert.Equal(["A", "B", "C"], records.Select(r => r.Id));
        Assert.All(records, r => Assert.Empty(r.Errors));
        Assert.Equal("one\rtwo", records[0].Profile!.Name);
        Assert.Equal("three\nfour", records[1].Profile!.Name);
        Assert.Equal(3, records[2].Profile!.Employees);
    }

    /// <summary>
    /// Random files: rows with unique ids, some with a legal quoted CR/LF, some with a stray or
    /// unclosed quote, joined by a random line ending. No row's starting line is lost, records are in
    /// line order and none shares a line; and a file with no faults reads every row, unchanged.
    /// </summary>
    [Fact]
    public void Every_line_is_accounted_for_with_any_ending_and_any_quoting_fault()
    {
        var genRow = Gen.Int[0, 5]; // 0–2 clean, 3 quoted line break, 4 stray quote, 5 unclosed quote
        Gen.Select(genRow.Array[1, 25], Gen.Int[0, 2], Gen.Int[0, 1]).Sample((kinds, endingIndex, finalBreak) =>
        {
            var ending = new[] { "\n", "\r\n", "\r" }[endingIndex];
            var text = new System.Text.StringBuilder(Header).Append(ending);
            var startLines = new List<int>();
            var line = 2;
            for (var i = 0; i < kinds.Length; i++)
            {
                startLines.Add(line);
                var name = kinds[i] switch
                {
                    3 => "\"a" + (i % 2 == 0 ? "\r" : "\n") + "b\"",
                    4 => "x\"y",
                    5 => "\"open",
                    _ => "N" + i,
                };
                line += kinds[i] == 3 ? 2 : 1;
                text.Append('R').Append(i).Append(',').Append(name).Append(',').Append(i);
                if (i < kinds.Length - 1 || finalBreak == 1)
                {
                    text.Append(ending);
                }
            }

            var records = Read(text.ToString());
            var lines = records.Select(r => r.Line).ToList();
            Assert.Equal(lines.Order(), lines);
            Assert.Equal(lines.Count, lines.Distinct().Count());
            Assert.All(records, r => Assert.True(r.Record is null != r.Errors.IsEmpty));
            Assert.All(startLines, start => Assert.Contains(records, r => r.Line == start || (r.Line < start && r.Record is not null && IsMultiLine(r))));
            if (!kinds.Any(k => k >= 4))
            {
                Assert.Equal(kinds.Length, records.Count);
                Assert.All(records, r => Assert.NotNull(r.Record));
                Assert.Equal(kinds.Select((_, i) => "R" + i), records.Select(r => r.Id));
            }
        }, iter: 1_000);

        static bool IsMultiLine(ProfileRecord record) => record.Profile?.Name.AsSpan().IndexOfAny('\r', '\n') >= 0;
    }
}
