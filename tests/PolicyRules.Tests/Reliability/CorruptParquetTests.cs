using CsCheck;
using PolicyRules.Input;
using PolicyRules.Model;

namespace PolicyRules.Tests.Reliability;

/// <summary>
/// Issue 13, class 3: a damaged Parquet page, row group or footer is a clear error naming the file and
/// the row group (exit 2 from the CLI), never a stack trace, and leaves no partial output.
/// </summary>
public sealed class CorruptParquetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-corrupt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Valid(int rows, string name = "in.parquet")
    {
        var path = Path.Combine(_dir, name);
        ProfileParquetWriter.Write(path, Enumerable.Range(0, rows).Select(i => TestProfiles.Baseline() with { Id = "E" + i, Employees = 10 + (i % 500), RevenueY1 = 1_000_000m + i }));
        return path;
    }

    private static void Damage(string path, long at, int length, byte value)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = at;
        file.Write(Enumerable.Repeat(value, length).ToArray());
    }

    [Fact]
    public async Task A_damaged_page_in_the_second_row_group_is_an_error_naming_file_and_row_group_with_no_output()
    {
        var input = Valid(10_000); // two row groups of 8,192 and 1,808 rows
        var output = Path.Combine(_dir, "out.csv");
        long page;
        await using (var reader = await Parquet.ParquetReader.CreateAsync(input))
        {
            page = reader.Metadata!.RowGroups[1].Columns[0].MetaData!.DataPageOffset; // the id column's first page in group 2
        }

        Damage(input, page, 64, 0xFF);

        var (exit, stdout, stderr) = Cli.Cli.Run("screen", "--input", input, "--output", output, "--as-of", "2025-06-30", "--programmes", "SmeSize");

        Assert.Equal(2, exit);
        Assert.Contains(input, stderr, StringComparison.Ordinal);
        Assert.Contains("row group 2 of 2 (from row 8193) is damaged", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal); // no stack trace
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".rejects.csv"));
        Assert.Equal("", stdout);
    }

    [Fact]
    public void A_damaged_footer_is_an_error_naming_the_file()
    {
        var input = Valid(100);
        var length = new FileInfo(input).Length;
        Damage(input, length - 60, 52, 0x7F); // inside the footer, before its length and magic

        var (exit, _, stderr) = Cli.Cli.Run("screen", "--input", input, "--output", Path.Combine(_dir, "out.parquet"), "--as-of", "2025-06-30", "--programmes", "SmeSize");

        Assert.Equal(2, exit);
        Assert.Contains(input, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "out.parquet")));
    }

    /// <summary>
    /// Random damage anywhere in a small file (a run of bytes overwritten): reading either accounts for
    /// every row (each a record or a reject) or stops with a <see cref="ProfileInputException"/> naming the
    /// file — never any other exception.
    /// </summary>
    [Fact]
    public void Random_damage_is_read_or_reported_never_thrown_otherwise()
    {
        var valid = File.ReadAllBytes(Valid(50, "small.parquet"));
        var path = Path.Combine(_dir, "damaged.parquet");
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Int[1, 64], Gen.Byte).Sample((at, length, value) =>
        {
            var bytes = (byte[])valid.Clone();
            bytes.AsSpan(at, Math.Min(length, bytes.Length - at)).Fill(value);
            File.WriteAllBytes(path, bytes);
            try
            {
                using var reader = ProfileParquetReader.Open(path, FieldSet.Empty);
                var records = reader.ReadAll().ToList();
                Assert.All(records, r => Assert.True(r.Record is null != r.Errors.IsEmpty));
            }
            catch (ProfileInputException ex)
            {
                Assert.Contains(path, ex.Errors[0].Source, StringComparison.Ordinal);
            }
        }, iter: 300, threads: 1);
    }

    /// <summary>
    /// Three page damages a biased search met (absolute offsets in the 50-row file the random test damages):
    /// each made a page size or count that sized an array beyond .NET's limit, an OutOfMemoryException
    /// that escaped as a crash; now the row group is reported damaged.
    /// </summary>
    [Theory]
    [InlineData(5159, 13, 244)]
    [InlineData(1686, 20, 246)]
    [InlineData(3433, 38, 198)]
    public void A_page_damage_that_sized_an_array_past_the_limit_is_an_error_naming_the_row_group(int at, int length, int value)
    {
        var bytes = File.ReadAllBytes(Valid(50, "small.parquet"));
        Assert.Equal(16634, bytes.Length); // the layout the damages were found in
        bytes.AsSpan(at, length).Fill((byte)value);
        var path = Path.Combine(_dir, "damaged.parquet");
        File.WriteAllBytes(path, bytes);

        var ex = Assert.Throws<ProfileInputException>(() =>
        {
            using var reader = ProfileParquetReader.Open(path, FieldSet.Empty);
            _ = reader.ReadAll().Count();
        });

        Assert.Contains(path, ex.Errors[0].Source, StringComparison.Ordinal);
        Assert.Contains("row group 1 of 1 (from row 1) is damaged", ex.Errors[0].Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// Parquet.Net (6.1) decodes a page header by calling itself for each element of a list it does not
    /// know: a header of lists nested 200,000 deep overflowed the stack and killed the process. Read on a
    /// thread of 256 KB, it is now the row group reported damaged, naming the file.
    /// </summary>
    [Fact]
    public async Task A_page_header_of_lists_nested_deep_is_an_error_naming_the_row_group_not_a_stack_overflow()
    {
        const int Lists = 200_000;
        var input = Valid(10_000);
        long page;
        await using (var reader = await Parquet.ParquetReader.CreateAsync(input))
        {
            page = reader.Metadata!.RowGroups[0].Columns[0].MetaData!.DataPageOffset;
        }

        var bytes = await File.ReadAllBytesAsync(input);
        Assert.True(page + 2 + Lists < bytes.Length - 8 - BitConverter.ToInt32(bytes, bytes.Length - 8)); // the pages, not the footer
        bytes[page] = 0xF9; // field 15 of the page header: a list of lists
        bytes.AsSpan((int)page + 1, Lists).Fill(0x19); // … each a list of one list
        await File.WriteAllBytesAsync(input, bytes);

        string? outcome = null;
        var reading = new Thread(
            () =>
            {
                try
                {
                    using var reader = ProfileParquetReader.Open(input, FieldSet.Empty);
                    outcome = "read " + reader.ReadAll().Count();
                }
                catch (ProfileInputException ex)
                {
                    outcome = ex.Errors[0].ToString();
                }
            },
            256 * 1024);
        reading.Start();
        Assert.True(reading.Join(TimeSpan.FromSeconds(60)));

        Assert.StartsWith(input + ": row 1: row group 1 of 2 (from row 1) is damaged and cannot be read: a page header nests too deeply to decode / ", outcome, StringComparison.Ordinal);
        Assert.EndsWith("已损坏，无法读取：页头嵌套过深，无法解码", outcome, StringComparison.Ordinal);
    }

    /// <summary>
    /// The class, over the pages (the bytes before the footer): runs of 1, 9 and 64 bytes from every 11th
    /// byte, filled with bytes that continue a variable-length integer or make a size huge (0x80, 0xF4,
    /// 0xFF): each file is read whole or reported as an input error, never anything else.
    /// </summary>
    [Fact]
    public void Every_page_damage_in_a_sweep_is_read_or_reported()
    {
        var valid = File.ReadAllBytes(Valid(50, "small.parquet"));
        var footerStart = valid.Length - 8 - BitConverter.ToInt32(valid, valid.Length - 8);
        var path = Path.Combine(_dir, "swept.parquet");
        for (var at = 4; at < footerStart; at += 11)
        {
            foreach (var run in (int[])[1, 9, 64])
            {
                foreach (var value in (byte[])[0x80, 0xF4, 0xFF])
                {
                    var bytes = (byte[])valid.Clone();
                    bytes.AsSpan(at, Math.Min(run, footerStart - at)).Fill(value);
                    File.WriteAllBytes(path, bytes);
                    try
                    {
                        using var reader = ProfileParquetReader.Open(path, FieldSet.Empty);
                        Assert.All(reader.ReadAll(), r => Assert.True(r.Record is null != r.Errors.IsEmpty));
                    }
                    catch (ProfileInputException ex)
                    {
                        Assert.Contains(path, ex.Errors[0].Source, StringComparison.Ordinal);
                    }
                }
            }
        }
    }
}
