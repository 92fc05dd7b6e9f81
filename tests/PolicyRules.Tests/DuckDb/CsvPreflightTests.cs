using System.Text;
using CsCheck;
using PolicyRules.Cli.Generation;
using PolicyRules.DuckDb;
using PolicyRules.Input;
using PolicyRules.Screening;

namespace PolicyRules.Tests.DuckDb;

/// <summary>
/// The preflight's count and longest record, which set DuckDB's line limit (<c>max_line_size</c>, which
/// also sizes its read buffers): against files built with known record lengths, and end to end with
/// records around DuckDB's default limit, which must be read as the .NET reader reads them.
/// </summary>
public sealed class CsvPreflightTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("policyrules-preflight-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A cell the preflight accepts: plain, or quoted with commas, quotes, line feeds and Chinese inside (no spaces at its ends, no bare CR).</summary>
    private static readonly Gen<string> Cell = Gen.OneOf(
        Gen.String[Gen.Char["abcXYZ0123456789.-"], 0, 12],
        Gen.String[Gen.Char["ab,\"\n中文x"], 1, 30].Select(s => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));

    [Fact]
    public void The_count_and_the_longest_record_are_those_of_the_records_written()
    {
        Gen.Select(Gen.Int[2, 5].SelectMany(width => Cell.Array[width, width].Array[1, 30]), Gen.Bool, Gen.Bool, Gen.Bool).Sample((rows, crlf, bom, finalBreak) =>
        {
            var breakBytes = crlf ? "\r\n" : "\n";
            var text = new StringBuilder();
            long longest = 0;
            for (var i = 0; i < rows.Length; i++)
            {
                var record = string.Join(",", rows[i]); // two cells or more: never an empty line
                var last = i == rows.Length - 1;
                var withBreak = last && !finalBreak ? record : record + breakBytes;
                longest = Math.Max(longest, Encoding.UTF8.GetByteCount(withBreak));
                text.Append(withBreak);
            }

            var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".csv"); // samples run in parallel
            File.WriteAllBytes(path, [.. bom ? Encoding.UTF8.GetPreamble() : [], .. Encoding.UTF8.GetBytes(text.ToString())]);
            var shape = CsvPreflight.Measure(path);
            Assert.Equal(rows.Length - 1, shape.Records);
            Assert.Equal(longest, shape.LongestRecordBytes);
            Assert.Equal(Math.Max(CsvPreflight.DuckDbDefaultMaxLineSize, longest + 1024), shape.MaxLineSize);
            File.Delete(path);
        }, iter: 300);
    }

    /// <summary>
    /// Each record ended by LF or CRLF at random (line breaks inside quoted cells being text): the file is
    /// measured when every record ends alike, and refused at the first line that ends otherwise than the
    /// first record did, whichever kind came first.
    /// </summary>
    [Fact]
    public void Records_ended_by_both_kinds_of_line_end_are_refused_at_the_first_that_differs()
    {
        Gen.Select(Gen.Int[2, 4].SelectMany(width => Cell.Array[width, width].Array[1, 12]), Gen.Frequency((3, Gen.Const(false)), (1, Gen.Const(true))).Array[12, 12], Gen.Bool).Sample((rows, crlfs, finalBreak) =>
        {
            var text = new StringBuilder();
            long? refusedAt = null;
            for (var i = 0; i < rows.Length; i++)
            {
                text.Append(string.Join(",", rows[i]));
                if (i == rows.Length - 1 && !finalBreak)
                {
                    break;
                }

                if (refusedAt is null && crlfs[i] != crlfs[0])
                {
                    refusedAt = text.ToString().Count(c => c == '\n') + 1; // the line this break ends
                }

                text.Append(crlfs[i] ? "\r\n" : "\n");
            }

            var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".csv");
            File.WriteAllText(path, text.ToString());
            var refused = Record.Exception(() => CsvPreflight.Measure(path));
            File.Delete(path);
            if (refusedAt is null)
            {
                Assert.Null(refused);
                return;
            }

            var error = Assert.Single(Assert.IsType<ProfileInputException>(refused).Errors);
            Assert.Equal(refusedAt, error.Line);
            Assert.Contains("CRLF", error.Reason, StringComparison.Ordinal);
        }, iter: 500);
    }

    /// <summary>
    /// Records of random widths (quoted cells holding commas, quotes and line breaks): the file is measured
    /// when every record has the header's cells, and refused at the line that ends the first record that
    /// has more or fewer, naming both numbers — DuckDB stopped at it with "Error when sniffing file", no row named.
    /// </summary>
    [Fact]
    public void A_record_with_more_or_fewer_cells_than_the_header_is_refused_at_its_line()
    {
        var rowsWithoutEmptyLines = Cell.Array[1, 4].Where(r => string.Join(",", r).Length > 0).Array[1, 12]; // an empty line is refused as such
        Gen.Select(rowsWithoutEmptyLines, Gen.Bool, Gen.Bool).Sample((rows, crlf, finalBreak) =>
        {
            var text = new StringBuilder();
            (long Line, int Cells)? refusedAt = null;
            for (var i = 0; i < rows.Length; i++)
            {
                text.Append(string.Join(",", rows[i]));
                if (refusedAt is null && rows[i].Length != rows[0].Length)
                {
                    refusedAt = (text.ToString().Count(c => c == '\n') + 1, rows[i].Length); // the line that ends the record
                }

                if (i < rows.Length - 1 || finalBreak)
                {
                    text.Append(crlf ? "\r\n" : "\n");
                }
            }

            var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".csv");
            File.WriteAllText(path, text.ToString());
            var refused = Record.Exception(() => CsvPreflight.Measure(path));
            File.Delete(path);
            if (refusedAt is not { } at)
            {
                Assert.Null(refused);
                return;
            }

            var error = Assert.Single(Assert.IsType<ProfileInputException>(refused).Errors);
            Assert.Equal(at.Line, error.Line);
            Assert.Contains($"the row has {at.Cells} cell(s) but the header has {rows[0].Length}", error.Reason, StringComparison.Ordinal);
            Assert.Contains($"该行有 {at.Cells} 个单元格，表头有 {rows[0].Length} 个", error.Reason, StringComparison.Ordinal);
        }, iter: 500);
    }

    /// <summary>A byte that is not UTF-8 (a GB18030 name) is refused at its own line, in the first read of the file or far past it.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(500)]
    [InlineData(30_000)] // past the first 1 MiB read
    public void A_byte_that_is_not_UTF8_is_refused_at_its_line(int line)
    {
        var text = new StringBuilder("id,name\n");
        for (var k = 2; k <= 40_000; k++)
        {
            text.Append('E').Append(k).Append(",name of enterprise number ").Append(k).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var at = 0;
        for (var seen = 1; seen < line; seen++)
        {
            at = Array.IndexOf(bytes, (byte)'\n', at) + 1;
        }

        bytes[at + 3] = 0xC4; // GB18030's first byte of 中 followed by ASCII: not UTF-8
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllBytes(path, bytes);
        var error = Assert.Single(Assert.Throws<ProfileInputException>(() => CsvPreflight.Measure(path)).Errors);
        Assert.Equal(line, error.Line);
        Assert.Contains("not UTF-8", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a,b\n\"x\"y,2\n", 2, "text follows the closing quote")]
    [InlineData("a,b\n1,\"x\n2,3\n", 2, "never closed")]
    [InlineData("a,b\n1,2\n\"\"\n", 3, "the row has 1 cell(s) but the header has 2")]
    public void A_quote_the_readers_cannot_share_is_refused_at_its_line(string csv, int line, string reason)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, csv);
        var error = Assert.Single(Assert.Throws<ProfileInputException>(() => CsvPreflight.Measure(path)).Errors);
        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1024)]
    [InlineData(3_000_000)]
    public void Records_around_DuckDBs_default_line_limit_are_screened_as_the_NET_engine_screens_them(int overLimit)
    {
        // A name (read by no programme) padded so the record, line break included, is the default limit
        // and overLimit bytes; Chinese characters (3 bytes each) and a quoted line break in it.
        var input = Path.Combine(_directory, "long.csv");
        ProfileCsvWriter.Write(input, SyntheticProfiles.Generate(40, seed: 17));
        var lines = File.ReadAllLines(input);
        var header = lines[0].Split(',');
        var nameColumn = Array.IndexOf(header, "name");
        Assert.True(nameColumn > 0);
        var target = (int)CsvPreflight.DuckDbDefaultMaxLineSize + overLimit;
        var cells = lines[20].Split(',');
        cells[nameColumn] = "\"中\n\"";
        var rest = target - Encoding.UTF8.GetByteCount(string.Join(',', cells) + "\n");
        cells[nameColumn] = "\"中\n" + new string('名', rest / 3) + new string('x', rest % 3) + "\"";
        lines[20] = string.Join(',', cells);
        File.WriteAllText(input, string.Join('\n', lines) + "\n");
        Assert.Equal(target, CsvPreflight.Measure(input).LongestRecordBytes);

        var programmes = SqlParity.EnterpriseProgrammes(TestEngine).Select(n => TestEngine.GetProgramme(n, SyntheticProfiles.AsOf)).ToList();
        var dotnet = Path.Combine(_directory, "dotnet.csv");
        var duckdb = Path.Combine(_directory, "duckdb.csv");
        ScreeningJob.Run(input, dotnet, programmes, SyntheticProfiles.AsOf);
        var summary = DuckDbScreening.Run(input, duckdb, programmes, SyntheticProfiles.AsOf);
        Assert.Equal(40, summary.Read);
        EngineOutputs.AssertSame(dotnet, duckdb);
        EngineOutputs.AssertSame(ScreeningJob.RejectsPathFor(dotnet), ScreeningJob.RejectsPathFor(duckdb));
    }

    [Fact]
    public void The_engine_gives_DuckDB_the_files_line_limit_not_a_fixed_large_one()
    {
        var input = Path.Combine(_directory, "small.csv");
        ProfileCsvWriter.Write(input, SyntheticProfiles.Generate(10, seed: 18));
        var programmes = SqlParity.EnterpriseProgrammes(TestEngine).Select(n => TestEngine.GetProgramme(n, SyntheticProfiles.AsOf)).ToList();
        var statements = new List<string>();
        DuckDbRun.Run(input, Path.Combine(_directory, "r.csv"), null, Path.Combine(_directory, "r.csv.rejects.csv"), programmes, SyntheticProfiles.AsOf, null, new ScreeningOptions(), statements.Add);
        var rows = statements.Single(s => s.Contains("read_csv(", StringComparison.Ordinal));
        Assert.Contains($"max_line_size = {CsvPreflight.DuckDbDefaultMaxLineSize},", rows, StringComparison.Ordinal);
    }

    private static readonly PolicyEngine TestEngine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
}
