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
}
