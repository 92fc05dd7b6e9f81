using System.Buffers.Binary;
using CsCheck;
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

    /// <summary>
    /// Parquet.Net (6.1) skips a footer field it does not know by calling itself for each element of a
    /// list: a field of lists nested a million deep overflowed the stack and killed the process. The
    /// nesting is now measured first and refused above 64 levels, naming the file — read here on a
    /// thread of 256 KB, where the overflow came after a few thousand levels.
    /// </summary>
    [Fact]
    public void A_footer_of_lists_nested_a_million_deep_is_an_error_naming_the_file_not_a_stack_overflow()
    {
        byte[] footer = [0xA9, .. Enumerable.Repeat((byte)0x19, 1_000_000), 0x09, 0x00]; // field 10: a list of a list of … of an empty list
        var path = WithFooter("deep.parquet", footer);

        var outcome = ReadOnSmallStack(path);

        Assert.StartsWith("error: " + path, outcome, StringComparison.Ordinal);
        Assert.Contains("its footer is damaged: its structs and lists nest more than 64 levels deep", outcome, StringComparison.Ordinal);
        Assert.Contains("文件尾已损坏：其中的结构与列表嵌套超过 64 层", outcome, StringComparison.Ordinal);
    }

    /// <summary>
    /// Parquet.Net misreads a struct it does not know: it skips the struct's field headers but not their
    /// values, so it can read as fields what the encoding holds as the bytes of a text. Here a field of
    /// 300,000 nested lists hides inside such a text: the nesting scan, which follows the encoding, sees
    /// 2 levels, and the first decoding (on its own small stack, stopping where the stack runs short)
    /// reports the footer, where Parquet.Net's would overflow.
    /// </summary>
    [Fact]
    public void Lists_hidden_from_the_scan_by_the_decoders_misreading_are_an_error_naming_the_file_not_a_stack_overflow()
    {
        const int Lists = 300_000;
        byte[] hidden = [0x00, 0xB9, .. Enumerable.Repeat((byte)0x19, Lists), 0x09, 0x00]; // to Parquet.Net: the struct's end, then field 21 of nested lists
        var length = Varint(hidden.Length);
        Assert.All(length, b => Assert.NotEqual(0, b >> 4)); // each byte of the length reads to Parquet.Net as a field header, not as the start of a field id
        byte[] footer = [0xAC, 0x18, .. length, .. hidden, 0x00, 0x00]; // field 10: a struct { field 1: a text of those bytes }
        Assert.False(ThriftNesting.NestsDeeperThan(footer, ParquetFooter.MaxNesting));
        var path = WithFooter("hidden.parquet", footer);

        var outcome = ReadOnSmallStack(path);

        Assert.StartsWith("error: " + path, outcome, StringComparison.Ordinal);
        Assert.Contains("its footer is damaged (it nests too deeply to decode)", outcome, StringComparison.Ordinal);
        Assert.Contains("文件尾已损坏（嵌套过深，无法解码）", outcome, StringComparison.Ordinal);
    }

    /// <summary>
    /// The class: structs, lists, sets and maps nested in any order to any depth from 1 to 130 are
    /// refused exactly when deeper than 64; at 64 and 65 through the reader, only 65 is refused for its nesting.
    /// </summary>
    [Fact]
    public void Nesting_is_refused_exactly_when_deeper_than_64_levels()
    {
        Gen.Int[0, 3].Array[0, 129].Sample(chain =>
        {
            var (footer, depth) = Nested(chain);
            Assert.Equal(depth > ParquetFooter.MaxNesting, ThriftNesting.NestsDeeperThan(footer, ParquetFooter.MaxNesting));
        }, iter: 2_000);

        foreach (var depth in (int[])[64, 65])
        {
            var (footer, _) = Nested([.. Enumerable.Repeat(1, depth - 1)]);
            var outcome = ReadOnSmallStack(WithFooter($"depth-{depth}.parquet", footer));
            Assert.StartsWith("error: ", outcome, StringComparison.Ordinal); // a footer of nothing else has no schema
            Assert.Equal(depth > 64, outcome.Contains("nest more than 64 levels", StringComparison.Ordinal));
        }
    }

    /// <summary>A real file's footer passes the scan and the first decoding, and the file reads whole on a small stack.</summary>
    [Fact]
    public void A_real_files_footer_is_read_on_a_small_stack()
    {
        var path = Path.Combine(_dir, "real.parquet");
        File.WriteAllBytes(path, Valid());
        var footer = File.ReadAllBytes(path).AsSpan(FooterStart(File.ReadAllBytes(path)))[..^8];

        Assert.False(ThriftNesting.NestsDeeperThan(footer, 9)); // FileMetaData nests fewer than 10 levels
        Assert.Equal("read 50", ReadOnSmallStack(path));
    }

    /// <summary>
    /// A struct holding <paramref name="chain"/> (0 struct, 1 list, 2 set, 3 map), outermost first, as an
    /// unknown field 10 (Parquet.Net skips it), the innermost holding an integer; and its depth, the struct being level 1.
    /// </summary>
    private static (byte[] Footer, int Depth) Nested(int[] chain)
    {
        static byte TypeOf(int kind) => kind switch { 0 => 0x0C, 1 => 0x09, 2 => 0x0A, _ => 0x0B };
        var bytes = new List<byte>();
        for (var i = 0; i < chain.Length; i++)
        {
            if (i == 0 || chain[i - 1] == 0)
            {
                bytes.Add((byte)((i == 0 ? 0xA0 : 0x10) | TypeOf(chain[i]))); // a field header; a list's elements and a map's values have none
            }

            var inner = i + 1 < chain.Length ? TypeOf(chain[i + 1]) : (byte)0x05;
            switch (chain[i])
            {
                case 1 or 2:
                    bytes.Add((byte)(0x10 | inner)); // one element
                    break;
                case 3:
                    bytes.AddRange([0x01, (byte)(0x50 | inner), 0x02]); // one entry, an integer key (1) first
                    break;
            }
        }

        bytes.AddRange(chain.Length == 0 || chain[^1] == 0 ? [0x15, 0x02] : [0x02]); // the integer 1, as a field or an element
        bytes.AddRange(chain.Where(kind => kind == 0).Select(_ => (byte)0x00)); // each struct's end
        bytes.Add(0x00); // the footer's end
        return ([.. bytes], 1 + chain.Length);
    }

    private static byte[] Varint(int value)
    {
        var bytes = new List<byte>();
        for (; value >= 0x80; value >>= 7)
        {
            bytes.Add((byte)(0x80 | (value & 0x7F)));
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

    /// <summary>A file of nothing but <paramref name="footer"/>: "PAR1", the footer, its length, "PAR1".</summary>
    private string WithFooter(string name, byte[] footer)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, [.. "PAR1"u8, .. footer, .. BitConverter.GetBytes(footer.Length), .. "PAR1"u8]);
        return path;
    }

    /// <summary>Reads every record of <paramref name="path"/> on a thread of 256 KB: "read N" or "error: …" (an overflow would end the test run).</summary>
    private static string ReadOnSmallStack(string path)
    {
        var outcome = "not finished";
        var reading = new Thread(
            () =>
            {
                try
                {
                    using var reader = ProfileParquetReader.Open(path, FieldSet.Empty);
                    outcome = "read " + reader.ReadAll().Count();
                }
                catch (ProfileInputException ex)
                {
                    outcome = "error: " + string.Join("\n", ex.Errors);
                }
            },
            256 * 1024);
        reading.Start();
        Assert.True(reading.Join(Limit), $"reading {path} did not end in {Limit.TotalSeconds} s");
        return outcome;
    }

    /// <summary>Reads every record of <paramref name="path"/> on another thread: "read N" or "error: …", or the test fails when it does not end in time.</summary>
    private static async Task<string> ReadWithin(string path)
    {
        // On a thread of its own: a task on the pool, busy with the suite's other classes, could start after the limit.
        var reading = Task.Factory.StartNew(() =>
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
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
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
