using System.Text;
using CsCheck;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Tests.Input;

namespace PolicyRules.Tests.Reliability;

/// <summary>
/// Issue 13, class 6: a value that cannot be held exactly is a reject, never silently rounded; money is
/// to the fen (2 decimals), and 1.005 is refused with that reason — the same in CSV, JSON and Parquet.
/// </summary>
public sealed class ExactInputTests
{
    private const string TooManyDigits = "50000000.0000000000000000000001"; // read as 50,000,000 before: the wrong R&D tier
    private const string BelowRange = "0.00000000000000000000000000001"; // 10^-29: read as 0 before

    private static string Csv(string field, string value)
    {
        using var text = new StringWriter();
        ProfileCsvWriter.Write(text, [TestProfiles.Baseline()]);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        var header = lines[0].Split(',');
        var cells = lines[1].Split(',');
        cells[Array.IndexOf(header, field)] = value;
        return lines[0] + "\n" + string.Join(',', cells) + "\n";
    }

    private static ProfileRecord ReadCsv(string field, string value)
    {
        using var reader = ProfileCsvReader.Open(new StringReader(Csv(field, value)), "exact.csv", FieldSet.Empty);
        return Assert.Single(reader.ReadAll());
    }

    private static readonly System.Text.Json.JsonSerializerOptions Camel = new()
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private static string? JsonError(string field, string number)
    {
        var json = Encoding.UTF8.GetString(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(TestProfiles.Baseline(), Camel));
        var start = json.IndexOf($"\"{field}\":", StringComparison.Ordinal) + field.Length + 3;
        var end = json.IndexOfAny([',', '}'], start);
        json = json[..start] + number + json[end..];
        try
        {
            ProfileJsonReader.Read("exact.json", Encoding.UTF8.GetBytes(json), FieldSet.Empty);
            return null;
        }
        catch (ProfileInputException ex)
        {
            return Assert.Single(ex.Errors).Reason;
        }
    }

    [Theory]
    [InlineData(TooManyDigits, "more digits than can be held exactly")]
    [InlineData(BelowRange, "more digits than can be held exactly")]
    [InlineData("-" + BelowRange, "more digits than can be held exactly")]
    [InlineData("1.005", "to the fen (at most 2 decimals)")]
    [InlineData("79228162514264337593543950336", "between 0 and 10^18")]
    public void Csv_money_that_cannot_be_held_exactly_is_a_reject_with_its_reason(string value, string reason)
    {
        var record = ReadCsv("rdExpenseY1", value);
        Assert.Null(record.Record);
        var error = Assert.Single(record.Errors);
        Assert.Equal("rdExpenseY1", error.Column);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.00", 1)]
    [InlineData("1.000000", 1)]
    [InlineData("0.01", 0.01)]
    [InlineData("50000000.01", 50000000.01)]
    public void Money_to_the_fen_with_any_trailing_zeros_is_read(string value, decimal expected)
    {
        Assert.Equal(expected, Assert.IsType<EnterpriseProfile>(ReadCsv("rdExpenseY1", value).Record).RdExpenseY1);
    }

    [Fact]
    public void A_percentage_with_many_exact_decimals_is_read_and_one_past_decimals_precision_is_refused()
    {
        Assert.Equal(33.3333333333333333333333333m, Assert.IsType<EnterpriseProfile>(ReadCsv("innovationCapabilityScore", "33.3333333333333333333333333").Record).InnovationCapabilityScore);
        Assert.Null(ReadCsv("innovationCapabilityScore", "33.33333333333333333333333333333").Record);
    }

    [Theory]
    [InlineData(TooManyDigits, "more digits than can be held exactly")]
    [InlineData("1E-30", "more digits than can be held exactly")]
    [InlineData("1.005", "to the fen")]
    [InlineData("1.005e0", "to the fen")]
    public void Json_money_follows_the_same_rules(string number, string reason)
    {
        Assert.Contains(reason, JsonError("rdExpenseY1", number), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4.8E7", null)]
    [InlineData("1.5e2", null)]
    [InlineData("12345E-2", null)]
    public void Json_exponents_that_are_whole_fen_are_read(string number, string? reason)
    {
        Assert.Equal(reason, JsonError("rdExpenseY1", number));
    }

    [Fact]
    public async Task Parquet_money_with_more_than_two_decimals_is_rejected_like_csv()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("policyrules-exact-").FullName, "m.parquet");
        var profiles = new[] { TestProfiles.Baseline() with { Id = "A" }, TestProfiles.Baseline() with { Id = "B" } };
        await ParquetTestFiles.WriteAsync(path, null, ParquetTestFiles.ContractColumns(profiles, (field, row, value) =>
            field.Name == "rdExpenseY1" && row == 1 ? 1.005m : value));
        using var reader = ProfileParquetReader.Open(path, FieldSet.Empty);
        var records = reader.ReadAll().ToList();
        Assert.NotNull(records[0].Record);
        Assert.Null(records[1].Record);
        Assert.Contains("to the fen", Assert.Single(records[1].Errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parquet_decimal_finer_than_decimal_holds_is_refused_and_trailing_zeros_are_not()
    {
        // Scale 30: 1 × 10^-30 cannot be held; 10^30 × 10^-30 = 1 can.
        var tiny = new byte[] { 1 };
        Assert.False(DecimalText.TryDecode(tiny, 30, out _));
        var one = System.Numerics.BigInteger.Pow(10, 30).ToByteArray(isUnsigned: false, isBigEndian: true);
        Assert.True(DecimalText.TryDecode(one, 30, out var value));
        Assert.Equal(1m, value);
    }

    /// <summary>
    /// Any digit string as money, in CSV and JSON alike: read exactly (the value equals the digits,
    /// with at most 2 decimals) or rejected — never silently changed.
    /// </summary>
    [Fact]
    public void Money_is_read_exactly_or_rejected_for_any_digits()
    {
        Gen.Select(Gen.String[Gen.Char["0123456789"], 1, 20], Gen.String[Gen.Char["0123456789"], 0, 35]).Sample((whole, fraction) =>
        {
            whole = whole.TrimStart('0') is { Length: > 0 } digits ? digits : "0"; // JSON numbers have no leading zeros
            var text = whole + (fraction.Length > 0 ? "." + fraction : "");
            var record = ReadCsv("rdExpenseY1", text);
            var exact = System.Numerics.BigInteger.Parse(whole + fraction, System.Globalization.CultureInfo.InvariantCulture);
            if (record.Record is EnterpriseProfile profile)
            {
                // Exact: the value × 100 × 10^(digits after the point) is the digit string × 100.
                Assert.True(fraction.TrimEnd('0').Length <= 2, text);
                Assert.Equal(exact * 100, new System.Numerics.BigInteger(profile.RdExpenseY1 * 100m) * System.Numerics.BigInteger.Pow(10, fraction.Length));
            }

            Assert.Equal(record.Record is null, JsonError("rdExpenseY1", text) is not null);
        }, iter: 400);
    }

    /// <summary>
    /// Any exponent — anywhere in int's range (int.MinValue crashed the reader: Math.Abs threw), beyond
    /// it, or small — is read exactly or refused as the row's error, never an exception of another kind.
    /// </summary>
    [Fact]
    public void Json_exponents_anywhere_in_the_int_range_are_read_exactly_or_refused()
    {
        var exponent = Gen.OneOf(Gen.Int, Gen.Int[-70, 70], Gen.Const(int.MinValue), Gen.Const(int.MaxValue)).Select(e => e.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var beyond = Gen.OneOf(Gen.Const("-2147483649"), Gen.Const("99999999999999999999"), Gen.Const("+5"), Gen.Const("-0"));
        Gen.Select(Gen.String[Gen.Char["123456789"], 1, 6], Gen.String[Gen.Char["0123456789"], 0, 4], Gen.OneOf(exponent, beyond), Gen.OneOf(Gen.Const("e"), Gen.Const("E"))).Sample((whole, fraction, power, e) =>
        {
            var text = whole + (fraction.Length > 0 ? "." + fraction : "") + e + power;
            var json = Encoding.UTF8.GetString(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(TestProfiles.Baseline(), Camel));
            var start = json.IndexOf("\"rdExpenseY1\":", StringComparison.Ordinal) + "\"rdExpenseY1\":".Length;
            json = json[..start] + text + json[json.IndexOfAny([',', '}'], start)..];
            EnterpriseProfile read;
            try
            {
                read = ProfileJsonReader.Read("exact.json", Encoding.UTF8.GetBytes(json), FieldSet.Empty);
            }
            catch (ProfileInputException)
            {
                return;
            }

            // Read: the value is the mantissa times ten to the exponent, exactly.
            var shift = int.Parse(power, System.Globalization.CultureInfo.InvariantCulture) - fraction.Length;
            var mantissa = System.Numerics.BigInteger.Parse(whole + fraction, System.Globalization.CultureInfo.InvariantCulture);
            var fen = new System.Numerics.BigInteger(read.RdExpenseY1 * 100m);
            Assert.True(shift + 2 >= 0 ? mantissa * System.Numerics.BigInteger.Pow(10, shift + 2) == fen : mantissa == fen * System.Numerics.BigInteger.Pow(10, -(shift + 2)), text);
        }, iter: 2_000);
    }
}
