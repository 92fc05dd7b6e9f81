using System.Text;
using CsCheck;
using PolicyRules.Input;
using PolicyRules.Model;
using static PolicyRules.Tests.Input.ProfileInputTestSupport;

namespace PolicyRules.Tests.Input;

/// <summary>
/// Issue 15, encodings: Chinese spreadsheets save CSV as GB18030/GBK. The reader detects UTF-8
/// (with or without a byte-order mark), GB18030 and UTF-16 with a mark, or takes the encoding it is
/// given; it never silently misreads: an undecodable byte rejects its row at the column it is in,
/// an ambiguous file is refused, and U+FFFD reaches no output.
/// </summary>
public sealed class CsvEncodingTests
{
    private static readonly Encoding Gb18030 = CodePagesEncodingProvider.Instance.GetEncoding(54936)!;

    private static readonly string[] Names = ["青岛西海岸新区科技有限公司", "黄岛区海洋生物医药研究院", "灵山湾影视文化产业园有限公司", "𠀋字·扩展 B 区名称"];

    private static EnterpriseProfile[] Profiles() =>
        [.. Names.Select((name, i) => TestProfiles.Baseline() with { Id = $"9137021100000000{i:D2}", Name = name })];

    private static List<ProfileRecord> Read(byte[] bytes, InputEncoding encoding = InputEncoding.Auto) => Read(bytes, ProfileSchema.All, encoding);

    private static List<ProfileRecord> Read(byte[] bytes, FieldSet required, InputEncoding encoding = InputEncoding.Auto)
    {
        using var reader = ProfileCsvReader.Open(new MemoryStream(bytes), CsvSource, RecordSchema.Enterprise, required, required,
            new ProfileReadOptions { Encoding = encoding });
        return [.. reader.ReadAll()];
    }

    private static byte[] Encode(string text, Encoding encoding, bool bom) =>
        [.. (!bom ? [] : encoding.CodePage == 54936 ? [0x84, 0x31, 0x95, 0x33] : encoding.GetPreamble()), .. encoding.GetBytes(text)];

    private static bool IsValidGb18030(byte[] bytes)
    {
        var strict = (Encoding)Gb18030.Clone();
        strict.DecoderFallback = DecoderFallback.ExceptionFallback;
        try
        {
            strict.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    public static TheoryData<string, bool> Encodings => new()
    {
        { "utf-8", false }, { "utf-8", true }, { "gb18030", false }, { "gb18030", true }, { "utf-16le", true }, { "utf-16be", true },
    };

    private static Encoding EncodingNamed(string name) => name switch
    {
        "gb18030" => Gb18030,
        "utf-16le" => new UnicodeEncoding(bigEndian: false, byteOrderMark: true),
        "utf-16be" => new UnicodeEncoding(bigEndian: true, byteOrderMark: true),
        _ => new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Chinese_names_read_back_exactly_in_every_detected_encoding(string name, bool bom)
    {
        var profiles = Profiles();
        var bytes = Encode(WriteCsv(profiles), EncodingNamed(name), bom);

        var records = Read(bytes);

        Assert.Equal(profiles, records.Select(r => r.Profile));
    }

    [Fact]
    public void A_gb18030_file_is_read_as_gb18030_without_being_told()
    {
        var bytes = Gb18030.GetBytes(WriteCsv(Profiles()));
        Assert.False(System.Text.Unicode.Utf8.IsValid(bytes)); // real GB18030 bytes, as a spreadsheet saves them

        Assert.Equal(InputEncoding.GB18030, TextDecoding.Detect(bytes, complete: true, CsvSource));
        Assert.Equal(Names, Read(bytes).Select(r => r.Profile!.Name));
    }

    [Fact]
    public void A_header_with_undecodable_bytes_is_named_in_both_languages()
    {
        // Found by the CSV fuzzer: "the header `x` has the text holds U+FFFD…", the header missing from the Chinese half.
        var bytes = Encoding.UTF8.GetBytes("id,na\u00FFme\nA1,x\n");
        bytes[5] = 0xFF; // "ÿ" is two bytes in UTF-8; its first byte alone is no UTF-8 at all
        var error = Assert.Single(Assert.Throws<ProfileInputException>(() => Read(bytes, InputEncoding.Utf8)).Errors);
        Assert.Equal("(header)", error.Column);
        Assert.Contains("the header `na??me` holds bytes that are not valid UTF-8", error.Reason, StringComparison.Ordinal);
        Assert.Contains("表头 `na??me` 含无效的 UTF-8 字节", error.Reason, StringComparison.Ordinal);
        Assert.Equal("", BilingualSpecifics.Mismatch(error.Reason));
    }

    [Fact]
    public void A_gb18030_file_read_as_utf8_rejects_each_chinese_row_at_its_name_and_never_shows_U_FFFD()
    {
        var bytes = Gb18030.GetBytes(WriteCsv(Profiles()));

        var records = Read(bytes, InputEncoding.Utf8);

        Assert.Equal(Names.Length, records.Count);
        Assert.All(records, r =>
        {
            Assert.Null(r.Profile);
            var error = Assert.Single(r.Errors);
            Assert.Equal(("name", r.Row + 1), (error.Column, error.Line));
            Assert.Contains("not valid UTF-8", error.Reason, StringComparison.Ordinal);
            Assert.Contains("--encoding gb18030", error.Reason, StringComparison.Ordinal);
            Assert.Contains("无效的 UTF-8 字节", error.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain('\uFFFD', r.Id);
        });
    }

    [Fact]
    public void A_gb18030_row_after_the_detection_window_is_rejected_not_misread()
    {
        // The first megabyte is ASCII, so detection settles on UTF-8; the GB18030 row comes later.
        var ascii = TestProfiles.Baseline() with { Name = "Ascii Trading Co" };
        var csv = WriteCsv([.. Enumerable.Range(0, 4000).Select(i => ascii with { Id = $"A{i:D6}" }), TestProfiles.Baseline() with { Id = "GB", Name = "青岛" }]);
        var bytes = Gb18030.GetBytes(csv);
        Assert.True(bytes.Length > TextDecoding.DetectionWindow);

        var records = Read(bytes);

        Assert.Equal(4001, records.Count);
        Assert.Equal(4000, records.Count(r => r.Profile is not null));
        var last = records[^1];
        Assert.Equal(("GB", "name"), (last.Id, Assert.Single(last.Errors).Column));
    }

    [Fact]
    public void An_invalid_sequence_in_a_utf8_file_rejects_only_its_row_naming_row_line_and_column()
    {
        var good = Encoding.UTF8.GetBytes(WriteCsv(Profiles()));
        var header = Encoding.UTF8.GetBytes(WriteCsv(TestProfiles.Baseline())).AsSpan();
        var bad = Encoding.UTF8.GetBytes(WriteCsv(TestProfiles.Baseline() with { Id = "BAD", Name = "青岛X" }));
        var row = bad.AsSpan(header.IndexOf((byte)'\n') + 1).ToArray();
        var x = Array.IndexOf(row, (byte)'X');
        row[x - 1] = 0xFF; // cut the last character of 青岛 short: E5 B2 FF is no UTF-8
        byte[] bytes = [.. good, .. row];

        var records = Read(bytes);

        Assert.Equal(Names.Length + 1, records.Count);
        Assert.All(records.Take(Names.Length), r => Assert.NotNull(r.Profile));
        var rejected = records[^1];
        Assert.Null(rejected.Profile);
        Assert.Equal((Names.Length + 1, Names.Length + 2, "BAD"), (rejected.Row, rejected.Line, rejected.Id));
        Assert.Equal("name", Assert.Single(rejected.Errors).Column);
    }

    [Fact]
    public void An_undecodable_id_is_shown_with_a_question_mark_never_U_FFFD()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("id,name\n"), .. "青"u8[..2], .. ",青岛科技\n"u8];

        var record = Assert.Single(Read(bytes, Fields("name")));

        Assert.Equal("?", record.Id);
        Assert.Equal("id", Assert.Single(record.Errors).Column);
    }

    [Fact]
    public void An_invalid_sequence_in_a_gb18030_file_rejects_its_row_and_the_file_stays_gb18030()
    {
        var bytes = Gb18030.GetBytes(WriteCsv(Profiles()));
        var second = Gb18030.GetBytes(Names[1]);
        var at = bytes.AsSpan().IndexOf(second);
        bytes[at + 1] = 0x7F; // a GB18030 lead byte followed by 0x7F: no character

        var records = Read(bytes);

        Assert.Equal([Names[0], null, Names[2], Names[3]], records.Select(r => r.Profile?.Name));
        var error = Assert.Single(records[1].Errors);
        Assert.Equal("name", error.Column);
        Assert.Contains("not valid GB18030", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_reads_as_both_utf8_and_gb18030_is_refused_showing_both_readings()
    {
        // C4 A3 C4 B5: in GB18030 two Chinese characters, in UTF-8 "ģĵ" — both valid, different text.
        byte[] name = [0xC4, 0xA3, 0xC4, 0xB5];
        var gbText = Gb18030.GetString(name);
        Assert.True(System.Text.Unicode.Utf8.IsValid(name));
        byte[] bytes = [.. "id,name\n1,"u8, .. name, .. "\n"u8];

        var ex = Assert.Throws<ProfileInputException>(() => Read(bytes));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(("(file)", 2), (error.Column, error.Line));
        Assert.Contains("ambiguous", error.Reason, StringComparison.Ordinal);
        Assert.Contains("ģĵ", error.Reason, StringComparison.Ordinal);
        Assert.Contains(gbText, error.Reason, StringComparison.Ordinal);
        Assert.Contains("编码无法确定", error.Reason, StringComparison.Ordinal);

        // Told, the reader reads either way.
        Assert.Equal(gbText, ReadName(bytes, InputEncoding.GB18030));
        Assert.Equal("ģĵ", ReadName(bytes, InputEncoding.Utf8));
    }

    private static string ReadName(byte[] bytes, InputEncoding encoding)
    {
        using var reader = ProfileCsvReader.Open(new MemoryStream(bytes), CsvSource, RecordSchema.Enterprise, Fields("name"), Fields("name"), new ProfileReadOptions { Encoding = encoding });
        return Assert.Single(reader.ReadAll()).Profile!.Name;
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00 }, "ZIP archive")]
    [InlineData(new byte[] { 0x50, 0x41, 0x52, 0x31, 0x15, 0x04 }, "Parquet")]
    [InlineData(new byte[] { 0x69, 0x00, 0x64, 0x00, 0x0A, 0x00 }, "NUL bytes")]
    public void Binary_files_named_csv_are_refused_saying_what_they_are(byte[] bytes, string what)
    {
        var ex = Assert.Throws<ProfileInputException>(() => Read(bytes));
        Assert.Contains(what, Assert.Single(ex.Errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_byte_order_mark_of_another_encoding_than_the_one_given_is_data_not_skipped()
    {
        byte[] bytes = [.. Encoding.UTF8.GetPreamble(), .. Gb18030.GetBytes("id,name\n1,青岛\n")];

        // Told GB18030, the UTF-8 mark's bytes are not GB18030 text: the header is not "id".
        var ex = Assert.Throws<ProfileInputException>(() => ReadName(bytes, InputEncoding.GB18030));
        Assert.NotEmpty(ex.Errors);
    }

    /// <summary>Random Chinese text (common, rare and supplementary-plane characters, mixed with ASCII).</summary>
    private static readonly Gen<string> ChineseText =
        Gen.OneOf(Gen.Char['\u4E00', '\u9FA5'], Gen.Char['\u3400', '\u4DB5'], Gen.Char['a', 'z'], Gen.Const('·'), Gen.Const(' '))
            .Array[1, 12].Select(chars => new string(chars).Trim()).Where(s => s.Length > 0 && s.Any(c => c >= '\u3400'))
            .SelectMany(s => Gen.Int[0, 3].Select(k => k == 0 ? s : s + char.ConvertFromUtf32(0x20000 + (k * 977))));

    [Fact]
    public void Any_utf8_or_gb18030_encoding_of_random_chinese_text_round_trips()
    {
        Gen.Select(ChineseText.Array[1, 6], Gen.OneOf(Gen.Const("utf-8"), Gen.Const("gb18030")), Gen.Bool).Sample((names, encodingName, bom) =>
        {
            var csv = "id,name\n" + string.Concat(names.Select((n, i) => $"{i},{Quote(n)}\n"));
            var encoding = EncodingNamed(encodingName);
            var bytes = Encode(csv, encoding, bom);

            // Told the encoding, the reader always reads the text back.
            var told = encodingName == "gb18030" ? InputEncoding.GB18030 : InputEncoding.Utf8;
            Assert.Equal(names, ReadNames(bytes, told));

            // Left to detect, it reads the text back, or refuses a file valid in both encodings; it never misreads.
            try
            {
                Assert.Equal(names, ReadNames(bytes, InputEncoding.Auto));
            }
            catch (ProfileInputException ex) when (ex.Errors[0].Reason.Contains("ambiguous", StringComparison.Ordinal))
            {
                Assert.True(System.Text.Unicode.Utf8.IsValid(bytes) && IsValidGb18030(bytes) && !bom);
            }
        }, iter: 400);
    }

    private static string[] ReadNames(byte[] bytes, InputEncoding encoding)
    {
        using var reader = ProfileCsvReader.Open(new MemoryStream(bytes), CsvSource, RecordSchema.Enterprise, Fields("name"), Fields("name"), new ProfileReadOptions { Encoding = encoding });
        return [.. reader.ReadAll().Select(r => r.Profile?.Name ?? string.Join(" | ", r.Errors))];
    }

    [Fact]
    public void Random_bytes_never_put_U_FFFD_in_a_record_or_an_id()
    {
        var header = "id,name\n"u8.ToArray();
        Gen.Byte.Array[0, 300].Sample(tail =>
        {
            List<ProfileRecord> records;
            try
            {
                records = Read([.. header, .. tail], Fields("name"));
            }
            catch (ProfileInputException ex)
            {
                Assert.NotEmpty(ex.Errors);
                return;
            }

            Assert.All(records, r =>
            {
                Assert.DoesNotContain('\uFFFD', r.Id);
                Assert.DoesNotContain('\uFFFD', r.Profile?.Name ?? "");
            });
        }, iter: 1_000);
    }
}
