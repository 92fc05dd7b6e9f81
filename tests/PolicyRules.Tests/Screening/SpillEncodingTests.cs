using CsCheck;
using PolicyRules.Screening;

namespace PolicyRules.Tests.Screening;

/// <summary>
/// A spilled row is written compactly (<see cref="SpilledRow"/>, programmes' cells by number in a
/// <see cref="SegmentTable"/>) and read back as it was: every number, byte string and output, whatever the
/// table keeps or, full, writes out. The spill's end to end answer is <see cref="CsvFastPathTests"/>'s.
/// </summary>
public sealed class SpillEncodingTests
{
    private static readonly Gen<byte[]> Cells = Gen.OneOf(
        Gen.Byte[0, 3].Array[0, 4], // few distinct strings: most are numbered again
        Gen.Byte.Array[0, 1100]); // longer than a table keeps, too

    [Fact]
    public void A_table_numbers_each_string_once_keeps_at_most_its_capacity_and_budget_and_gives_back_what_it_numbered()
    {
        Gen.Select(Cells.Array[0, 200], Gen.Int[0, 6], Gen.Int[0, 2000]).Sample((strings, capacity, budget) =>
        {
            var table = new SegmentTable(capacity, budget);
            var numbered = new Dictionary<string, int>();
            var kept = 0;
            foreach (var bytes in strings)
            {
                var number = table.Number(bytes);
                var key = Convert.ToHexString(bytes);
                if (number < 0)
                {
                    Assert.False(numbered.ContainsKey(key)); // a string once numbered is always found
                    Assert.True(numbered.Count == capacity || kept + bytes.Length > budget || bytes.Length > SegmentTable.MaxLength);
                    continue;
                }

                kept += numbered.ContainsKey(key) ? 0 : bytes.Length;
                Assert.True(kept <= budget);

                Assert.True(number < capacity);
                Assert.Equal(bytes, table[number].ToArray());
                Assert.Equal(numbered.GetValueOrDefault(key, number), number);
                numbered[key] = number;
            }
        });
    }

    [Fact]
    public void A_record_reads_back_the_numbers_strings_and_outputs_written_in_it()
    {
        var item = Gen.OneOf(
            Gen.Int[0, int.MaxValue].Select(n => (object)n),
            Gen.Byte.Array[0, 2000].Select(b => (object)b),
            Gen.Decimal.Select(d => (object)(decimal?)d),
            Gen.Const((object)"null output"));
        Gen.Select(item.Array[0, 30], item.Array[0, 30]).Sample((first, second) =>
        {
            var record = new SpilledRow();
            using var file = new MemoryStream();
            foreach (var items in new[] { first, second })
            {
                record.Reset();
                foreach (var x in items)
                {
                    Write(record, x);
                }

                record.WriteTo(file);
            }

            file.Position = 0;
            foreach (var items in new[] { first, second })
            {
                record.ReadFrom(file);
                foreach (var x in items)
                {
                    switch (x)
                    {
                        case int n:
                            Assert.Equal(n, record.ReadNumber());
                            break;
                        case byte[] bytes:
                            var read = new byte[bytes.Length];
                            Assert.Equal(bytes.Length, record.PeekLength());
                            Assert.Equal(bytes.Length, record.ReadBytes(read));
                            Assert.Equal(bytes, read);
                            break;
                        case decimal d:
                            var value = record.ReadOutput();
                            Assert.Equal(d, value);
                            Assert.Equal(decimal.GetBits(d), decimal.GetBits(value!.Value)); // the scale too: 1.0 stays 1.0
                            break;
                        default:
                            Assert.Null(record.ReadOutput());
                            break;
                    }
                }
            }

            Assert.Equal(file.Length, file.Position);
        });
    }

    private static void Write(SpilledRow record, object item)
    {
        switch (item)
        {
            case int n:
                record.WriteNumber(n);
                break;
            case byte[] bytes:
                record.WriteBytes(bytes);
                break;
            case decimal d:
                record.WriteOutput(d);
                break;
            default:
                record.WriteOutput(null);
                break;
        }
    }
}
