using System.Buffers.Binary;
using PolicyRules.Input;
using PolicyRules.Model;

namespace PolicyRules.Tests.Input;

/// <summary>
/// A damaged Parquet footer is reported, never decoded for ever: Parquet.Net (6.1) reads the end of the
/// footer's buffer as 0xFF bytes, so a variable-length integer that runs to the end looped without end
/// (<see cref="ParquetFooter"/>). Every read here has a time limit, so a loop fails the test by name.
/// </summary>
public sealed class ParquetFooterTests : IDisposable
{
    /// <summary>Far longer than any read of these small files takes; a loop never ends.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-footer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The file CorruptParquetTests damages at random: 50 profiles, one row group.</summary>
    private byte[] Valid()
    {
        var path = Path.Combine(_dir, "valid.parquet");
        ProfileParquetWriter.Write(path, Enumerable.Range(0, 50).Select(i => TestProfiles.Baseline() with { Id = "E" + i, Employees = 10 + (i % 500), RevenueY1 = 1_000_000m + i }));
        return File.ReadAllBytes(path);
    }

    private static int FooterStart(byte[] file) => file.Length - 8 - BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - 8));

    [Fact]
    public void Parquet_Nets_footer_decoder_is_found()
    {
        Assert.True(ParquetFooter.DecoderFound, "Parquet.Net's internal footer decoder was renamed: ParquetFooter must find it again before Parquet files can be read safely");
    }

    /// <summary>Three damages the random test met, each of which made the reader loop (offsets from the footer's start).</summary>
    [Theory]
    [InlineData(9289, 45, 115)]
    [InlineData(8672, 8, 246)]
    [InlineData(5724, 32, 153)]
    public async Task A_footer_damage_that_looped_the_reader_is_an_error_naming_the_file(int offset, int length, int value)
    {
        var valid = Valid();
        Assert.Equal(9593, valid.Length - 8 - FooterStart(valid)); // the layout the damages were found in
        var bytes = (byte[])valid.Clone();
        bytes.AsSpan(FooterStart(valid) + offset, length).Fill((byte)value);
        var path = Path.Combine(_dir, "damaged.parquet");
        await File.WriteAllBytesAsync(path, bytes);

        var outcome = await ReadWithin(path);

        Assert.StartsWith("error: ", outcome, StringComparison.Ordinal);
        Assert.Contains(path, outcome, StringComparison.Ordinal);
        Assert.Contains("footer is damaged", outcome, StringComparison.Ordinal);
        Assert.Contains("文件尾或结构损坏", outcome, StringComparison.Ordinal);
    }

    /// <summary>
    /// The class: from every byte of the footer to its end, and in runs of 1 and 9 bytes, each filled with
    /// a byte that continues a variable-length integer (0x80, 0x99, 0xFF) or ends one (0x00): each file
    /// is read whole or reported, in time.
    /// </summary>
    [Fact]
    public async Task Every_footer_damage_in_a_sweep_is_read_or_reported_in_time()
    {
        var valid = Valid();
        var start = FooterStart(valid);
        var footerEnd = valid.Length - 8;
        var path = Path.Combine(_dir, "swept.parquet");
        var reported = 0;
        for (var at = start; at < footerEnd; at += 11)
        {
            foreach (var run in (int[])[1, 9, footerEnd - at])
            {
                foreach (var value in (byte[])[0x80, 0x99, 0xFF, 0x00])
                {
                    var bytes = (byte[])valid.Clone();
                    bytes.AsSpan(at, Math.Min(run, footerEnd - at)).Fill(value);
                    await File.WriteAllBytesAsync(path, bytes);
                    var outcome = await ReadWithin(path);
                    Assert.True(outcome.StartsWith("read ", StringComparison.Ordinal) || outcome.Contains(path, StringComparison.Ordinal),
                        $"damage at footer offset {at - start}, {run} bytes of 0x{value:X2}: {outcome}");
                    reported += outcome.StartsWith("error: ", StringComparison.Ordinal) ? 1 : 0;
                }
            }
        }

        Assert.True(reported > 0); // the sweep damaged something the decoder noticed
    }

    /// <summary>Reads every record of <paramref name="path"/> on another thread: "read N" or "error: …", or the test fails when it does not end in time.</summary>
    private static async Task<string> ReadWithin(string path)
    {
        var reading = Task.Run(() =>
        {
            try
            {
                using var reader = ProfileParquetReader.Open(path, FieldSet.Empty);
                return "read " + reader.ReadAll().Count();
            }
            catch (ProfileInputException ex)
            {
                return "error: " + string.Join("\n", ex.Errors);
            }
        });
        try
        {
            return await reading.WaitAsync(Limit);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"reading {path} did not end in {Limit.TotalSeconds} s: the reader loops");
            throw;
        }
    }
}
