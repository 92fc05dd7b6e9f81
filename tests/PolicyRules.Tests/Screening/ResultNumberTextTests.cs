using System.Globalization;
using System.Text;
using CsCheck;
using PolicyRules.Screening;

namespace PolicyRules.Tests.Screening;

/// <summary>
/// A score or an unrounded output has one text in CSV and JSON Lines, whatever scale the arithmetic that
/// produced it left on the decimal (8.0 and 8, 23.2340 and 23.234): the exact value with no trailing
/// zeros; an output rounded to declared places is written at those places (500000.00). So the .NET
/// engine and the SQL engines, whose columns have one scale for every row, write the same bytes
/// (DuckDbEngineTests and PostgresEngineTests compare whole files).
/// </summary>
public sealed class ResultNumberTextTests
{
    private static readonly ResultColumns[] Columns = [new("P", HasScore: true, HasClassification: false) { Outputs = [new OutputColumn("award", 2), new OutputColumn("share", OutputColumn.UnroundedScale) { Unrounded = true }] }];

    private static string Write(Func<Stream, IResultSink> open, decimal score, decimal award, decimal? share = null)
    {
        using var stream = new MemoryStream();
        using (var sink = open(stream))
        {
            sink.Write("e1", [new ProgrammeOutcome(true, score, null, 0, 0)], [], [award, share ?? score]);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A decimal of <paramref name="mantissa"/> at <paramref name="scale"/>, and the same value with <paramref name="extra"/> more trailing zeros.</summary>
    private static (decimal Value, decimal Padded) Pair(ulong mantissa, byte scale, byte extra, bool negative)
    {
        var value = new decimal((int)(mantissa & 0xFFFF_FFFF), (int)(mantissa >> 32), 0, negative, scale);
        var one = new decimal((int)Math.Pow(10, extra), 0, 0, false, extra); // 1.0…0
        return (value, value * one);
    }

    [Fact]
    public void The_same_value_at_any_scale_gives_the_same_bytes_and_reads_back_exactly()
    {
        Gen.Select(Gen.ULong, Gen.Byte[0, 20], Gen.Byte[1, 6], Gen.Bool).Sample((mantissa, scale, extra, negative) =>
        {
            var (value, padded) = Pair(mantissa, scale, extra, negative);
            Assert.Equal(value, padded);
            Assert.NotEqual(value.Scale, padded.Scale);
            var fen = Math.Round(value, 2);
            foreach (var open in (Func<Stream, IResultSink>[])[s => new CsvResultSink(s, Columns), s => new JsonLinesResultSink(s, Columns)])
            {
                var text = Write(open, value, fen);
                Assert.Equal(text, Write(open, padded, fen * 1.000m));
                Assert.Equal(text, Write(open, padded, fen, value));
            }

            var csv = Write(s => new CsvResultSink(s, Columns), padded, fen, padded).Split('\n')[1].TrimEnd('\r').Split(',');
            foreach (var cell in (string[])[csv[2], csv[4]])
            {
                Assert.Equal(value, decimal.Parse(cell, NumberStyles.Number, CultureInfo.InvariantCulture));
                Assert.False(cell.Contains('.', StringComparison.Ordinal) && (cell.EndsWith('0') || cell.EndsWith('.')), cell);
            }

            // Money to the fen: always two places, the value exact.
            Assert.Equal(fen, decimal.Parse(csv[3], NumberStyles.Number, CultureInfo.InvariantCulture));
            Assert.Equal(2, csv[3].Length - csv[3].IndexOf('.', StringComparison.Ordinal) - 1);
        }, iter: 2_000);
    }

    [Theory]
    [InlineData("8.0", "8", "8.00")]
    [InlineData("23.2340", "23.234", "23.234")]
    [InlineData("100", "100", "100.00")]
    [InlineData("0.0000", "0", "0.00")]
    [InlineData("-0.50", "-0.5", "-0.50")]
    [InlineData("499999.5", "499999.5", "499999.50")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335", "79228162514264337593543950335")]
    [InlineData("0.0000000000000000000000000001", "0.0000000000000000000000000001", "0.0000000000000000000000000001")]
    [InlineData("1234.5600000000000000000000", "1234.56", "1234.56")]
    public void A_cell_holds_the_value_without_trailing_zeros_or_at_its_declared_places(string written, string shortest, string atPlaces)
    {
        var value = decimal.Parse(written, NumberStyles.Number, CultureInfo.InvariantCulture);
        var row = Write(s => new CsvResultSink(s, Columns), value, value).Split('\n')[1].TrimEnd('\r').Split(',');
        Assert.Equal(shortest, row[2]); // score
        Assert.Equal(atPlaces, row[3]); // award, rounded to the fen (a finer value keeps its digits: never silently cut)
        Assert.Equal(shortest, row[4]); // share, unrounded
        var json = Write(s => new JsonLinesResultSink(s, Columns), value, value);
        Assert.Contains($"\"score\":{shortest},", json, StringComparison.Ordinal);
        Assert.Contains($"\"award\":{atPlaces},", json, StringComparison.Ordinal);
        Assert.Contains($"\"share\":{shortest}", json, StringComparison.Ordinal);
    }
}
