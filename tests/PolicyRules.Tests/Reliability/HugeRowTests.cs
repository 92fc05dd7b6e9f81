using System.Text;
using CsCheck;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Screening;

namespace PolicyRules.Tests.Reliability;

/// <summary>
/// Issue 13, class 4: a CSV row longer than the row limit (Sep stops a run at 16 MiB) is a reject
/// naming its line(s), and the rows after it are read — with LF, CRLF or CR endings, in a quoted cell,
/// or behind a quote never closed — so read = written + rejected still holds line by line.
/// </summary>
public sealed class HugeRowTests : IDisposable
{
    private const string Header = "id,name,employees";
    private const int SeventeenMiB = 17 * 1024 * 1024;

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-huge-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<ProfileRecord> Read(string csv, int? limit = null)
    {
        using var reader = limit is null
            ? ProfileCsvReader.Open(new StringReader(csv), "huge.csv", FieldSet.Empty)
            : ProfileCsvReader.Open(new StringReader(csv), "huge.csv", FieldSet.Empty, limit.Value);
        return [.. reader.ReadAll()];
    }

    private static string Rows(string ending, params string[] rows) => Header + ending + string.Join(ending, rows) + ending;

    private static void AssertRead(ProfileRecord record, string id, int line)
    {
        Assert.Empty(record.Errors);
        Assert.Equal(id, record.Id);
        Assert.Equal(line, record.Line);
    }

    private static void AssertRejected(ProfileRecord record, string id, int line, string reason)
    {
        Assert.Null(record.Record);
        Assert.Equal(id, record.Id);
        Assert.Equal(line, record.Line);
        Assert.Contains(reason, Assert.Single(record.Errors).Reason, StringComparison.Ordinal);
        Assert.Contains("超过每行上限", record.Errors[0].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void A_17_MiB_row_in_the_middle_is_a_reject_naming_its_line_and_the_rows_after_it_are_read(string ending)
    {
        var records = Read(Rows(ending, "A,one,1", "B," + new string('x', SeventeenMiB) + ",2", "C,three,3", "D,four,4"));

        Assert.Equal(4, records.Count);
        AssertRead(records[0], "A", 2);
        AssertRejected(records[1], "B", 3, $"the row is {SeventeenMiB + 4} characters long, over the limit of {CsvRecordCutter.MaxRecordChars}");
        AssertRead(records[2], "C", 4);
        AssertRead(records[3], "D", 5);
        Assert.Equal([1, 2, 3, 4], records.Select(r => r.Row));
        Assert.Equal(4, records[3].Profile!.Employees);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void A_17_MiB_first_row_is_a_reject_and_the_rest_are_read(string ending)
    {
        var records = Read(Rows(ending, "A," + new string('x', SeventeenMiB) + ",1", "B,two,2"));

        Assert.Equal(2, records.Count);
        AssertRejected(records[0], "A", 2, "over the limit");
        AssertRead(records[1], "B", 3);
    }

    [Theory]
    [InlineData("\n", true)]
    [InlineData("\r\n", true)]
    [InlineData("\r", true)]
    [InlineData("\n", false)]
    [InlineData("\r", false)]
    public void A_17_MiB_last_row_is_a_reject_with_or_without_a_final_line_break(string ending, bool finalBreak)
    {
        var csv = Rows(ending, "A,one,1", "B," + new string('x', SeventeenMiB) + ",2");
        var records = Read(finalBreak ? csv : csv[..^ending.Length]);

        Assert.Equal(2, records.Count);
        AssertRead(records[0], "A", 2);
        AssertRejected(records[1], "B", 3, "over the limit");
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void A_quoted_cell_with_line_breaks_over_17_MiB_rejects_each_of_its_lines_and_the_next_row_is_read(string ending)
    {
        // Three lines of the file inside one quoted cell: lines 3–5 are one record, over the limit.
        var half = new string('y', SeventeenMiB / 2);
        var records = Read(Rows(ending, "A,one,1", "B,\"" + half + ending + half + ending + "end\",2", "C,three,3"));

        Assert.Equal(5, records.Count);
        AssertRead(records[0], "A", 2);
        AssertRejected(records[1], "B", 3, "lines 3–5 read as one row of");
        AssertRejected(records[2], "", 4, "lines 3–5");
        AssertRejected(records[3], "", 5, "(a quoted cell with line breaks, or a stray quote)");
        AssertRead(records[4], "C", 6);
        Assert.Equal(3, records[4].Profile!.Employees);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void A_quote_never_closed_before_a_huge_end_of_file_rejects_every_line_it_swallows(string ending)
    {
        // An unclosed quote on line 3 makes the remaining 120,000 lines (over 8 MiB) one record.
        var tail = Enumerable.Range(0, 120_000).Select(i => $"T{i},{new string('z', 80)},{i}");
        var records = Read(Rows(ending, ["A,one,1", "B,\"open,2", .. tail]));

        Assert.Equal(120_002, records.Count);
        AssertRead(records[0], "A", 2);
        AssertRejected(records[1], "B", 3, "a quote opened on line 3 is never closed");
        Assert.Equal(Enumerable.Range(3, 120_001), records.Skip(1).Select(r => r.Line));
        Assert.All(records.Skip(1), r => Assert.Contains("lines 3–120003", r.Errors[0].Reason, StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(1, 120_002), records.Select(r => r.Row));
    }

    [Fact]
    public void A_row_of_exactly_the_limit_is_read_and_one_character_more_is_rejected()
    {
        var limit = CsvRecordCutter.MaxRecordChars;
        var fits = "A," + new string('n', limit - 4) + ",1"; // limit characters, without the line break
        var over = "B," + new string('n', limit - 3) + ",2";
        Assert.Equal(limit, fits.Length);

        var records = Read(Rows("\r\n", fits, over, "C,c,3"));

        Assert.Equal(3, records.Count);
        AssertRead(records[0], "A", 2);
        Assert.Equal(limit - 4, records[0].Profile!.Name.Length);
        AssertRejected(records[1], "B", 3, $"the row is {limit + 1} characters long");
        AssertRead(records[2], "C", 4);
    }

    [Fact]
    public void A_header_over_the_limit_is_an_error_naming_line_1()
    {
        var ex = Assert.Throws<ProfileInputException>(() => Read("id,\"" + new string('h', 100) + "\nA,b,1\n", limit: 50));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("the header is", error.Reason, StringComparison.Ordinal);
        Assert.Contains("表头长", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_screening_run_with_a_17_MiB_row_counts_it_as_a_reject_and_writes_the_rest()
    {
        var input = Path.Combine(_dir, "in.csv");
        var good = new StringWriter();
        ProfileCsvWriter.Write(good, Enumerable.Range(0, 3).Select(i => TestProfiles.Baseline() with { Id = "E" + i }));
        var lines = good.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        lines.Insert(2, "HUGE," + new string('x', SeventeenMiB));
        File.WriteAllText(input, string.Join("\n", lines) + "\n", new UTF8Encoding(false));
        var output = Path.Combine(_dir, "out.csv");

        var (exit, stdout, stderr) = Cli.Cli.Run("screen", "--input", input, "--output", output, "--as-of", "2025-06-30", "--programmes", "SmeSize");

        Assert.True(exit is 0 or 1, stderr);
        Assert.Contains("Read 4 rows = written 3 + rejected 1", stdout, StringComparison.Ordinal);
        var rejects = File.ReadAllText(ScreeningJob.RejectsPathFor(output));
        Assert.Contains("HUGE", rejects, StringComparison.Ordinal);
        Assert.Contains("over the limit", rejects, StringComparison.Ordinal);
        Assert.True(rejects.Length < 10_000, "the rejects file names the row; it does not copy it");
    }

    /// <summary>
    /// The cutter against a plain model of Sep's record rules, on random text (quotes, CR, LF, CRLF,
    /// records around a small limit, a quote left open at the end) read in random block sizes: records
    /// within the limit pass through unchanged, each longer one becomes one CRLF per line it
    /// spans, and the cuts name those lines and lengths.
    /// </summary>
    [Fact]
    public void The_cutter_passes_records_within_the_limit_and_replaces_longer_ones_by_their_lines()
    {
        Gen.Select(Gen.String[Gen.Char["ab,\"\r\nc"], 0, 200], Gen.Int[1, 24], Gen.Int[1, 17]).Sample((text, limit, block) =>
        {
            var (expected, cuts) = Model(text, limit);

            using var cutter = new CsvRecordCutter(new BlockReader(text, block), limit);
            var actual = new StringBuilder();
            var buffer = new char[block + 3];
            int n;
            while ((n = cutter.Read(buffer, 0, buffer.Length)) > 0)
            {
                actual.Append(buffer, 0, n);
            }

            Assert.Equal(Show(expected), Show(actual.ToString()));
            Assert.Equal(cuts, cutter.Cuts.ToList());
        }, iter: 5_000);

        static string Show(string s) => s.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }

    /// <summary>
    /// Rows of random lengths around a lowered limit, any line ending, some with quoted line breaks,
    /// and sometimes a quote never closed at the end: every row within the limit is read as without
    /// the limit, every longer one is rejected on each of its lines, and every line is accounted for.
    /// </summary>
    [Fact]
    public void Every_row_is_read_or_rejected_by_its_length_with_any_ending_and_quoting()
    {
        const int limit = 40;
        var genRow = Gen.Select(Gen.Int[0, 60], Gen.Int[0, 3]); // name length; 0–1 plain, 2 quoted line break, 3 quoted plain
        Gen.Select(genRow.Array[1, 20], Gen.Int[0, 2], Gen.Bool, Gen.Bool).Sample((rows, endingIndex, finalBreak, openAtEnd) =>
        {
            var ending = new[] { "\n", "\r\n", "\r" }[endingIndex];
            var text = new StringBuilder(Header).Append(ending);
            var expected = new List<(int Line, string Id, bool Read)>();
            var line = 2;
            for (var i = 0; i < rows.Length; i++)
            {
                var (length, kind) = rows[i];
                var name = kind switch
                {
                    2 => "\"" + new string('q', length / 2) + ending + new string('q', length - (length / 2)) + "\"",
                    3 => "\"" + new string('q', length) + "\"",
                    _ => new string('n', length),
                };
                var row = $"R{i},{name},{i}";
                var spans = kind == 2 ? 2 : 1;
                var fits = row.Length <= limit;
                for (var k = 0; k < (fits ? 1 : spans); k++)
                {
                    expected.Add((line + k, k == 0 ? "R" + i : "", fits));
                }

                line += spans;
                text.Append(row);
                if (i < rows.Length - 1 || finalBreak)
                {
                    text.Append(ending);
                }
            }

            if (openAtEnd)
            {
                // A quote never closed, then enough lines to pass the limit: each line is rejected.
                expected.AddRange(Enumerable.Range(line, 3).Select(l => (l, l == line ? "OPEN" : "", false)));
                text.Append(finalBreak ? "" : ending).Append("OPEN,\"x").Append(ending).Append(new string('t', 30)).Append(ending).Append(new string('u', 30));
            }

            var records = Read(text.ToString(), limit);
            var unlimited = Read(text.ToString());

            Assert.Equal(expected.Select(e => e.Line), records.Select(r => r.Line));
            Assert.Equal(expected.Select(e => e.Id), records.Select(r => r.Id));
            Assert.Equal(expected.Select(e => e.Read), records.Select(r => r.Errors.IsEmpty));
            Assert.Equal(Enumerable.Range(1, records.Count), records.Select(r => r.Row));
            foreach (var record in records.Where(r => r.Errors.IsEmpty))
            {
                var same = Assert.Single(unlimited, u => u.Line == record.Line);
                Assert.Equal(same.Profile, record.Profile);
            }

            Assert.All(records.Where(r => !r.Errors.IsEmpty && !r.Id.StartsWith("OPEN", StringComparison.Ordinal)),
                r => Assert.Contains($"over the limit of {limit}", r.Errors[0].Reason, StringComparison.Ordinal));
        }, iter: 1_000);
    }

    /// <summary>
    /// Sep 0.17.1 read a CR ending one block and a CR starting the next as one line break, so a CR-only
    /// file lost a blank line (and its reject) wherever a block boundary fell inside <c>\r\r</c>. The
    /// cutter never ends a block with a CR: random files of CR, LF and CRLF lines, blank lines and
    /// quotes read the same rows, lines and reasons whatever blocks the text arrives in.
    /// </summary>
    [Fact]
    public void Rows_and_lines_do_not_depend_on_the_blocks_the_text_arrives_in()
    {
        var genLine = Gen.OneOf(Gen.Const(""), Gen.Const("\"q\rq\",1"), Gen.Const("x\"y,1"), Gen.Int[0, 99].Select(i => $"R{i},n{i},{i}"));
        Gen.Select(genLine.Array[1, 12], Gen.Int[0, 2].Array[12], Gen.Int[1, 9]).Sample((lines, endings, block) =>
        {
            var text = new StringBuilder(Header);
            for (var i = 0; i < lines.Length; i++)
            {
                text.Append(new[] { "\n", "\r\n", "\r" }[endings[i]]).Append(lines[i]);
            }

            var csv = text.ToString();
            using var whole = ProfileCsvReader.Open(new StringReader(csv), "whole.csv", FieldSet.Empty);
            using var blocks = ProfileCsvReader.Open(new BlockReader(csv, block), "whole.csv", FieldSet.Empty);
            Assert.Equal(
                whole.ReadAll().Select(r => (r.Line, r.Id, string.Join(";", r.Errors))).ToList(),
                blocks.ReadAll().Select(r => (r.Line, r.Id, string.Join(";", r.Errors))).ToList());
        }, iter: 2_000);
    }

    [Fact]
    public void A_blank_line_between_cr_lines_is_counted_when_a_block_ends_between_the_two_crs()
    {
        var csv = Header + "\rA,a,1\r\rB,b,2\r";
        using var reader = ProfileCsvReader.Open(new BlockReader(csv, Header.Length + 7), "cr.csv", FieldSet.Empty);
        var records = reader.ReadAll().ToList();

        Assert.Equal([2, 3, 4], records.Select(r => r.Line));
        Assert.Equal(["A", "", "B"], records.Select(r => r.Id));
    }

    /// <summary>Sep's record rules, written plainly: the expected output of the cutter and its cuts.</summary>
    private static (string Output, List<CutRecord> Cuts) Model(string text, int limit)
    {
        var output = new StringBuilder();
        var cuts = new List<CutRecord>();
        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            var first = line;
            var quoted = false;
            var breakLength = 0;
            var lastWasBreak = false;
            while (i < text.Length)
            {
                var c = text[i];
                if (c == '"')
                {
                    quoted = !quoted;
                    lastWasBreak = false;
                    i++;
                    continue;
                }

                if (c is '\r' or '\n')
                {
                    var length = c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    line++;
                    lastWasBreak = true;
                    if (!quoted)
                    {
                        breakLength = length;
                        break;
                    }

                    i += length;
                    continue;
                }

                lastWasBreak = false;
                i++;
            }

            var recordLength = i - start;
            if (recordLength <= limit)
            {
                output.Append(text, start, recordLength + breakLength);
            }
            else
            {
                var last = breakLength > 0 ? line - 1 : lastWasBreak ? line - 1 : line;
                var head = text.Substring(start, Math.Min(limit + 1, 256));
                var stop = head.IndexOfAny([',', '\r', '\n']);
                var id = (stop >= 0 ? head[..stop] : head).Replace("\"", "", StringComparison.Ordinal).Trim();
                cuts.Add(new CutRecord(first, last, recordLength, id.Length <= 64 ? id : id[..64], breakLength == 0 && quoted));
                output.Insert(output.Length, "\r\n", last - first + 1);
            }

            i += breakLength;
        }

        return (output.ToString(), cuts);
    }

    /// <summary>Hands out its text in blocks of one size, so that line breaks fall across reads.</summary>
    private sealed class BlockReader(string text, int block) : TextReader
    {
        private int _at;

        public override int Read(char[] buffer, int index, int count)
        {
            var n = Math.Min(Math.Min(block, count), text.Length - _at);
            text.CopyTo(_at, buffer, index, n);
            _at += n;
            return n;
        }
    }
}
