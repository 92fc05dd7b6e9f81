using CsCheck;
using PolicyRules.Bulk;

namespace PolicyRules.Tests.Screening;

/// <summary>
/// The register of accepted ids answers exactly as a dictionary of strings would: the first row for
/// an id seen before (byte for byte, whatever the text), 0 and registered otherwise — across the
/// table's growth, ids longer than its storage chunks, and texts UTF-8 cannot carry — with its ids
/// in a temporary file or in memory alike — and keeps only its table in memory.
/// </summary>
public sealed class IdRegisterTests
{
    /// <summary>Ids that differ only where an encoding could blur them (case, a lone surrogate against the replacement character, width, a tab or NUL) or only by spaces around them (the same id).</summary>
    private static readonly string[] LookAlikes =
    [
        "A1", "a1", " A1", "A1 ", "  A1  ", "A1\u0000", "A1\t", "A 1", "\uD800", "\uDC00", "\uFFFD", "a\uD800", "a\uFFFD", "\uD800\uDC00", "𐀀",
        "Ａ1", "青岛", "青島", "913702111234567890", "9137021112345678900", "",
    ];

    [Fact]
    public void Answers_as_a_dictionary_of_first_rows_does()
    {
        var id = Gen.OneOf(Gen.OneOf(LookAlikes), Gen.String[Gen.Char, 0, 6], Gen.Int[0, 40].Select(i => "id-" + i));
        // A register sized for a number of ids (more or fewer than come) answers alike.
        Gen.Select(id.Array[1, 400], Gen.Long[-1, 1000]).Sample((ids, expectedIds) =>
        {
            using var register = new IdRegister();
            using var inMemory = IdRegister.InMemory();
            using var presized = new IdRegister(expectedIds);
            var reference = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var row = 1; row <= ids.Length; row++)
            {
                var key = ids[row - 1].Trim(' '); // spaces around an id do not count, as the SQL engines trim
                var expected = reference.TryGetValue(key, out var first) ? first : 0;
                reference.TryAdd(key, row);
                Assert.Equal(expected, register.FirstRow(ids[row - 1], row));
                Assert.Equal(expected, inMemory.FirstRow(ids[row - 1], row));
                Assert.Equal(expected, presized.FirstRow(ids[row - 1], row));
            }

            Assert.Equal(reference.Count, register.Count);
            Assert.Equal(reference.Count, inMemory.Count);
            Assert.Equal(reference.Count, presized.Count);
        });
    }

    [Fact]
    public void Keeps_every_first_row_through_the_table_growing_to_a_quarter_million_ids()
    {
        using var register = new IdRegister();
        const int count = 250_000;
        for (var row = 1; row <= count; row++)
        {
            Assert.Equal(0, register.FirstRow("91370211" + row.ToString("D10", System.Globalization.CultureInfo.InvariantCulture), row));
        }

        for (var row = 1; row <= count; row += 997)
        {
            Assert.Equal(row, register.FirstRow("91370211" + row.ToString("D10", System.Globalization.CultureInfo.InvariantCulture), count + row));
        }

        Assert.Equal(count, register.Count);
    }

    [Fact]
    public void Keeps_ids_longer_than_a_storage_chunk_and_the_ids_after_them()
    {
        using var register = new IdRegister();
        var huge = new string('青', 500_000); // 1.5 MB of UTF-8: longer than a 1 MiB chunk
        Assert.Equal(0, register.FirstRow("before", 1));
        Assert.Equal(0, register.FirstRow(huge, 2));
        Assert.Equal(0, register.FirstRow(huge + "x", 3));
        Assert.Equal(0, register.FirstRow("after", 4));
        Assert.Equal(2, register.FirstRow(huge, 5));
        Assert.Equal(3, register.FirstRow(huge + "x", 6));
        Assert.Equal(1, register.FirstRow("before", 7));
        Assert.Equal(4, register.FirstRow("after", 8));
    }

    [Fact]
    public void Keeps_rows_beyond_what_a_short_variable_length_number_holds()
    {
        using var register = new IdRegister();
        Assert.Equal(0, register.FirstRow("x", int.MaxValue - 1));
        Assert.Equal(int.MaxValue - 1, register.FirstRow("x", int.MaxValue));
    }

    [Fact]
    public void Finds_long_ids_again_after_the_table_grows_past_them()
    {
        // Ids longer than the log's 64 KiB blocks, written among thousands of short ones: the table's
        // growth reads each back from the temporary file whole.
        using var register = new IdRegister();
        var longs = new[] { new string('a', 70_000), new string('b', 200_000), new string('c', 65_536) };
        var row = 0;
        for (var i = 0; i < 5000; i++)
        {
            Assert.Equal(0, register.FirstRow("short-" + i, ++row));
            if (i % 1500 == 0)
            {
                Assert.Equal(0, register.FirstRow(longs[i / 1500 % 3] + i, ++row));
            }
        }

        for (var i = 0; i < 5000; i += 1500)
        {
            Assert.True(register.FirstRow(longs[i / 1500 % 3] + i, ++row) > 0);
        }

        Assert.Equal(3, register.FirstRow("short-1", ++row)); // short-0, then the first long id, then short-1
        Assert.Equal(5004, register.Count);
    }

    [Fact]
    public void Keeps_only_its_table_in_memory_not_the_ids()
    {
        // 200,000 ids of 100 characters are 20 MB; the table is 4 MB at the end (8-byte slots, 3/4 full
        // at most), 8 MB allocated over its doublings. Holding the ids in memory would allocate 28 MB or more.
        using var register = new IdRegister();
        var prefix = new string('9', 90);
        var ids = Enumerable.Range(1, 200_000).Select(row => prefix + row.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var row = 1; row <= ids.Length; row++)
        {
            register.FirstRow(ids[row - 1], row);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(allocated, 0, 12_000_000);
    }
}
