using System.Globalization;
using CsCheck;
using PolicyRules.Input;
using PolicyRules.Model;

namespace PolicyRules.Tests.Reliability;

/// <summary>
/// The bulk readers' short paths for numbers and dates (<see cref="DecimalText.Parse"/>,
/// <see cref="RecordSchema.TryParseIsoDate"/>) against the general parsers they stand in for: the same
/// verdict, value, scale and sign bits on every text, near-numbers and near-dates included.
/// </summary>
public sealed class FastParseParityTests
{
    private static readonly Gen<string> NumberLike =
        Gen.Frequency(
            (6, Gen.Char["0123456789"].Array[1, 22].Select(d => new string(d))),
            (6, Gen.Select(Gen.Char["0123456789"].Array[0, 20], Gen.Char["0123456789"].Array[0, 12], Gen.Bool, (a, b, minus) => (minus ? "-" : "") + new string(a) + "." + new string(b))),
            (2, Gen.Char["0123456789.-+ e,"].Array[0, 24].Select(d => new string(d))),
            (1, Gen.Int[0, 15].Select(i => new[] { "-0", "-0.00", "0", "0.0", "-", ".", "1.", ".5", "-.5", "+1", "999999999999999999", "9999999999999999999", "-999999999999999999.9", "00000000000000000001", "79228162514264337593543950335", "79228162514264337593543950336" }[i])));

    [Fact]
    public void Decimal_short_path_reads_what_the_general_parser_reads()
    {
        NumberLike.Sample(text =>
        {
            var fast = DecimalText.Parse(text, out var value);
            var general = GeneralParse(text, out var expected);
            Assert.Equal(general, fast);
            if (fast != DecimalParse.NotANumber)
            {
                Assert.Equal(decimal.GetBits(expected), decimal.GetBits(value)); // scale and sign too: outputs print them
            }
        }, iter: 200_000);
    }

    [Theory]
    [InlineData("12345.67", 1234567, 2)]
    [InlineData("-0.50", -50, 2)]
    [InlineData("007", 7, 0)]
    [InlineData("999999999999999999", 999999999999999999, 0)]
    public void Decimal_short_path_keeps_the_scale_as_written(string text, long unscaled, int scale)
    {
        Assert.Equal(DecimalParse.Exact, DecimalText.Parse(text, out var value));
        Assert.Equal(new decimal(unscaled) / (decimal)Math.Pow(10, scale), value);
        Assert.Equal(scale, value.Scale);
    }

    private static readonly Gen<string> DateLike =
        Gen.Frequency(
            (8, Gen.Select(Gen.Int[0, 10_000], Gen.Int[0, 13], Gen.Int[0, 32], (y, m, d) => $"{y:0000}-{m:00}-{d:00}")),
            (2, Gen.Char["0123456789-/ "].Array[8, 12].Select(d => new string(d))),
            (1, Gen.Int[0, 10].Select(i => new[] { "2024-02-29", "2023-02-29", "2100-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "0000-01-01", "2023-1-01", "2023-01-1", "+023-01-01", "2023-01-01 " }[i])));

    [Fact]
    public void Date_short_path_reads_what_the_exact_parser_reads()
    {
        DateLike.Sample(text =>
        {
            var general = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expected);
            if (RecordSchema.TryParseIsoDate(text, out var date))
            {
                Assert.True(general, text);
                Assert.Equal(expected, date);
            }
            else
            {
                // Declined: the general parser decides, as before; a plain yyyy-MM-dd it accepts is never declined.
                Assert.False(general && System.Text.RegularExpressions.Regex.IsMatch(text, "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), text);
            }
        }, iter: 100_000);
    }

    /// <summary>Any decimal: every mantissa width (to 96 bits), scale 0–28 and sign, zeros and trailing zeros included.</summary>
    private static readonly Gen<decimal> AnyDecimal =
        Gen.Select(Gen.Frequency((4, Gen.UInt[0, 1000]), (2, Gen.UInt), (1, Gen.Const(0u))), Gen.Frequency((4, Gen.Const(0u)), (2, Gen.UInt[0, 1000]), (1, Gen.UInt)),
                Gen.Frequency((6, Gen.Const(0u)), (1, Gen.UInt)), Gen.Bool, Gen.Byte[0, 28], Gen.Int[0, 6])
            .Select((lo, mid, hi, negative, scale, zeros) =>
            {
                var value = new decimal((int)lo, (int)mid, (int)hi, negative, scale);
                for (var i = 0; i < zeros && scale + i < 28 && Math.Abs(value) < 7.9e27m; i++)
                {
                    value *= 1.0m; // a trailing zero: the same value at a larger scale
                }

                return value;
            });

    [Fact]
    public void Money_range_short_path_decides_as_the_decimal_rule()
    {
        // The rule before the short path: within ±10^18 (not below 0 for money) and whole fen by rounding.
        static bool Rule(FieldKind kind, decimal v) => kind == FieldKind.Money
            ? v >= 0 && v <= ProfileSchema.MaxMoney && decimal.Round(v, 2) == v
            : v >= -ProfileSchema.MaxMoney && v <= ProfileSchema.MaxMoney && decimal.Round(v, 2) == v;
        decimal[] edges = [0m, -0m, -0.00m, 0.01m, -0.01m, 0.001m, 0.010m, 1.005m, ProfileSchema.MaxMoney, ProfileSchema.MaxMoney + 0.01m,
            -ProfileSchema.MaxMoney, -ProfileSchema.MaxMoney - 0.01m, 1_000_000_000_000_000.00m, 10_000_000_000_000_000.00m, 10_000_000_000_000_000.01m,
            999_999_999_999_999_999m, 1_000_000_000_000_000_001m, decimal.MaxValue, decimal.MinValue];
        foreach (var kind in (FieldKind[])[FieldKind.Money, FieldKind.SignedMoney])
        {
            foreach (var edge in edges)
            {
                Assert.True(Rule(kind, edge) == RecordSchema.IsInRange(kind, edge), $"{kind} {edge}");
            }

            AnyDecimal.Sample(v => Rule(kind, v) == RecordSchema.IsInRange(kind, v), iter: 100_000);
        }
    }

    [Fact]
    public void Count_range_short_path_decides_as_the_decimal_rule()
    {
        var counts = RecordSchema.Enterprise.Fields.Where(f => f.Kind == FieldKind.Count).ToList();
        Assert.NotEmpty(counts);
        foreach (var field in counts)
        {
            foreach (var n in (int[])[0, 1, -1, int.MaxValue, int.MinValue])
            {
                Assert.Equal(RecordSchema.IsInRange(field, n), RecordSchema.IsCountInRange(field, n));
            }
        }

        Gen.Select(Gen.Int[0, counts.Count - 1], Gen.Int).Sample((i, n) => RecordSchema.IsInRange(counts[i], n) == RecordSchema.IsCountInRange(counts[i], n), iter: 50_000);
    }

    [Fact]
    public void Canonical_number_without_division_is_the_division_by_one()
    {
        foreach (var edge in (decimal[])[0m, -0m, 0.000m, -0.00m, 1.0m, -1.0m, 100m, 100.00m, decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m, 1.0000000000000000000000000000m, 7922816251426433759354395033.0m])
        {
            Assert.Equal(decimal.GetBits(edge / 1.0000000000000000000000000000m), decimal.GetBits(PolicyRules.Screening.ResultNumbers.Canonical(edge)));
        }

        AnyDecimal.Sample(v => Assert.Equal(decimal.GetBits(v / 1.0000000000000000000000000000m), decimal.GetBits(PolicyRules.Screening.ResultNumbers.Canonical(v))), iter: 200_000);
    }

    /// <summary>The rule before the short path: decimal.TryParse, then exactness by the kept scale.</summary>
    private static DecimalParse GeneralParse(string text, out decimal value)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return DecimalParse.NotANumber;
        }

        var point = text.IndexOf('.', StringComparison.Ordinal);
        var decimals = point < 0 ? 0 : text[(point + 1)..].TrimEnd('0').Length;
        return value.Scale >= decimals ? DecimalParse.Exact : DecimalParse.Inexact;
    }
}
