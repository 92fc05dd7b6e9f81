using System.Text;
using PolicyRules.Input;
using PolicyRules.Model;
using static PolicyRules.Tests.Input.ProfileInputTestSupport;

namespace PolicyRules.Tests.Input;

public sealed class ProfileCsvReaderTests
{
    // ---- round trip -------------------------------------------------------------------------

    private static EnterpriseProfile Variant() => TestProfiles.Baseline() with
    {
        Id = "91110108MA0VARI002",
        Name = "北京\"创新\",科技有限公司",
        Industry = Industry.SoftwareAndIT,
        RegistrationDate = new DateOnly(2024, 2, 29),
        Employees = 0,
        RevenueY1 = 123_456_789.12m,
        RevenueY3 = 0m,
        TotalAssets = ProfileSchema.MaxMoney,
        InnovationCapabilityScore = 100m,
        HighTechCertValid = true,
        ResidentInMainland = false,
    };

    [Fact]
    public void Written_profiles_read_back_as_equal_records()
    {
        var baseline = TestProfiles.Baseline();
        var variant = Variant();
        var csv = WriteCsv(baseline, variant);

        var records = ReadCsv(csv, ProfileSchema.All, out var ignored);

        Assert.Empty(ignored);
        Assert.Collection(
            records,
            r =>
            {
                Assert.Equal((1, 2, baseline.Id), (r.Row, r.Line, r.Id));
                Assert.Empty(r.Errors);
                Assert.Equal(baseline, r.Profile);
            },
            r =>
            {
                Assert.Equal((2, 3, variant.Id), (r.Row, r.Line, r.Id));
                Assert.Empty(r.Errors);
                Assert.Equal(variant, r.Profile);
                Assert.Equal("北京\"创新\",科技有限公司", r.Profile!.Name);
                Assert.Equal(123_456_789.12m, r.Profile.RevenueY1);
            });
    }

    [Fact]
    public void Written_header_is_exactly_the_contract_field_names_in_order()
    {
        var csv = WriteCsv(TestProfiles.Baseline());
        var header = csv[..csv.IndexOf('\n', StringComparison.Ordinal)].TrimEnd('\r');
        Assert.Equal(string.Join(",", ProfileSchema.Fields.Select(f => f.Name)), header);
    }

    [Fact]
    public void Written_name_with_a_newline_reads_back_and_the_next_row_starts_on_the_right_line()
    {
        var multiLine = TestProfiles.Baseline() with { Id = "ML", Name = "第一行\n第二行, \"二\"" };
        var after = TestProfiles.Baseline() with { Id = "AFTER" };
        var records = ReadCsv(WriteCsv(multiLine, after), ProfileSchema.All);

        Assert.Equal(2, records.Count);
        Assert.Equal(multiLine, records[0].Profile);
        Assert.Equal((1, 2), (records[0].Row, records[0].Line));
        Assert.Equal((2, 4), (records[1].Row, records[1].Line));
        Assert.Equal(after, records[1].Profile);
    }

    [Fact]
    public void Written_text_with_surrounding_spaces_reads_back_unchanged()
    {
        var profile = TestProfiles.Baseline() with { Name = "  空格 Spaced Co.  " };
        var records = ReadCsv(WriteCsv(profile), ProfileSchema.All);
        Assert.Equal(profile, Assert.Single(records).Profile);
    }

    // ---- header ---------------------------------------------------------------------------

    [Fact]
    public void Header_without_a_required_column_is_refused_naming_that_column()
    {
        var csv = "id,name,techStaff\nA,Alpha,3\n";

        var ex = Assert.Throws<ProfileInputException>(() => ReadCsv(csv, Fields("employees", "techStaff")));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("employees", error.Column);
        Assert.Equal((CsvSource, 0, 1), (error.Source, error.Row, error.Line));
        Assert.Contains("employees", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_without_several_required_columns_names_each_of_them()
    {
        var ex = Assert.Throws<ProfileInputException>(() => ReadCsv("name\nAlpha\n", Fields("employees", "revenueY1")));
        Assert.Equal(["id", "employees", "revenueY1"], ex.Errors.Select(e => e.Column).ToArray());
        Assert.All(ex.Errors, e => Assert.Equal((0, 1), (e.Row, e.Line)));
    }

    [Fact]
    public void Header_without_id_is_refused_even_when_no_other_field_is_required()
    {
        var ex = Assert.Throws<ProfileInputException>(() => ReadCsv("name,employees\nAlpha,3\n", FieldSet.Empty));
        Assert.Equal("id", Assert.Single(ex.Errors).Column);
    }

    [Fact]
    public void Empty_file_is_refused_as_empty()
    {
        var ex = Assert.Throws<ProfileInputException>(() => ReadCsv("", FieldSet.Empty));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("(file)", error.Column);
        Assert.Contains("the file is empty", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_only_file_yields_no_records()
    {
        Assert.Empty(ReadCsv("id,employees\n", Fields("employees")));
        Assert.Empty(ReadCsv("id,employees", Fields("employees")));
    }

    [Fact]
    public void Missing_column_that_is_not_required_leaves_rows_readable_with_defaults()
    {
        var records = ReadCsv("id,employees\nA,12\nB,0\n", Fields("employees"));

        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Empty(r.Errors));
        Assert.Equal(new EnterpriseProfile { Id = "A", Employees = 12 }, records[0].Profile);
        Assert.Equal(new EnterpriseProfile { Id = "B", Employees = 0 }, records[1].Profile);
    }

    [Fact]
    public void Duplicate_header_column_is_refused()
    {
        // The minimum: a repeated column is never silently accepted (which copy would win?).
        Assert.ThrowsAny<Exception>(() => ReadCsv("id,employees,employees\nA,1,2\n", Fields("employees")));
    }

    [Fact]
    public void Duplicate_header_column_throws_ProfileInputException_naming_the_column()
    {
        var ex = Assert.Throws<ProfileInputException>(() => ReadCsv("id,employees,employees\nA,1,2\n", Fields("employees")));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(("employees", 0, 1), (error.Column, error.Row, error.Line));
    }

    [Fact]
    public void Unknown_header_columns_are_ignored_and_listed()
    {
        var csv = "remark,id,Employees,employees,总部\nhello,A,999,12,青岛\n";

        var records = ReadCsv(csv, Fields("employees"), out var ignored);

        // Field names are matched exactly: "Employees" is not the contract's "employees".
        Assert.Equal(["remark", "Employees", "总部"], ignored.ToArray());
        var record = Assert.Single(records);
        Assert.Empty(record.Errors);
        Assert.Equal(new EnterpriseProfile { Id = "A", Employees = 12 }, record.Profile);
    }

    [Fact]
    public void Header_names_with_surrounding_spaces_are_trimmed()
    {
        var records = ReadCsv(" id , employees \nA,7\n", Fields("employees"), out var ignored);
        Assert.Empty(ignored);
        Assert.Equal(7, Assert.Single(records).Profile!.Employees);
    }

    // ---- empty cells ----------------------------------------------------------------------

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"\"")]
    public void Empty_cell_in_a_required_field_rejects_the_record_with_row_line_and_column(string cell)
    {
        var csv = "id,employees,techStaff\nA,1,2\nB," + cell + ",3\nC,4,5\n";

        var records = ReadCsv(csv, Fields("employees"));

        Assert.Equal(3, records.Count);
        Assert.NotNull(records[0].Profile);
        Assert.NotNull(records[2].Profile);
        var rejected = records[1];
        Assert.Null(rejected.Profile);
        Assert.Equal((2, 3, "B"), (rejected.Row, rejected.Line, rejected.Id));
        var error = Assert.Single(rejected.Errors);
        Assert.Equal((CsvSource, 2, 3, "employees"), (error.Source, error.Row, error.Line, error.Column));
        Assert.Contains("empty", error.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Empty_id_cell_rejects_the_record_even_when_nothing_else_is_required()
    {
        var record = Assert.Single(ReadCsv("id,employees\n,5\n", FieldSet.Empty));
        Assert.Null(record.Profile);
        Assert.Equal("id", Assert.Single(record.Errors).Column);
    }

    [Fact]
    public void Empty_cells_in_fields_not_required_read_as_defaults()
    {
        var csv = "id,name,employees,techStaff,revenueY1,registrationDate,industry,coreIpForMainProducts,innovationCapabilityScore\n"
            + "A,,12,,,,,,\n";

        var record = Assert.Single(ReadCsv(csv, Fields("employees")));

        Assert.Empty(record.Errors);
        Assert.Equal(new EnterpriseProfile { Id = "A", Employees = 12 }, record.Profile);
    }

    [Fact]
    public void Every_empty_required_cell_of_a_row_is_reported()
    {
        var record = Assert.Single(ReadCsv("id,employees,revenueY1,industry\nA,,,\n", Fields("employees", "revenueY1", "industry")));
        Assert.Null(record.Profile);
        Assert.Equal(["employees", "revenueY1", "industry"], record.Errors.Select(e => e.Column).ToArray());
        Assert.All(record.Errors, e => Assert.Contains("empty", e.Reason, StringComparison.OrdinalIgnoreCase));
    }

    // ---- values ---------------------------------------------------------------------------

    [Fact]
    public void Wrong_types_in_several_columns_of_one_row_are_all_listed()
    {
        var csv = "id,employees,revenueY1,registrationDate,coreIpForMainProducts,industry,innovationCapabilityScore,name\n"
            + "OK,1,1,2020-01-01,true,Retail,50,fine\n"
            + "BAD,many,-1,2024-13-01,yes,3,101,still text\n";

        var records = ReadCsv(csv, FieldSet.Empty);

        Assert.Equal(2, records.Count);
        Assert.Empty(records[0].Errors);
        var bad = records[1];
        Assert.Null(bad.Profile);
        Assert.Equal((2, 3, "BAD"), (bad.Row, bad.Line, bad.Id));
        Assert.Equal(
            ["employees", "revenueY1", "registrationDate", "coreIpForMainProducts", "industry", "innovationCapabilityScore"],
            bad.Errors.Select(e => e.Column).ToArray());
        Assert.All(bad.Errors, e => Assert.Equal((2, 3), (e.Row, e.Line)));
        Assert.Contains("'many'", bad.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("'yes'", bad.Errors[3].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("revenueY1", "NaN")]
    [InlineData("revenueY1", "Infinity")]
    [InlineData("revenueY1", "1e5")]
    [InlineData("revenueY1", "-1")]
    [InlineData("revenueY1", "-0.01")]
    [InlineData("revenueY1", "1,000")]
    [InlineData("revenueY1", "¥100")]
    [InlineData("revenueY1", "0x10")]
    [InlineData("totalAssets", "1000000000000000000.01")]
    [InlineData("rdExpenseY3", "79228162514264337593543950336")]
    [InlineData("employees", "12.5")]
    [InlineData("employees", "12.0")]
    [InlineData("employees", "-1")]
    [InlineData("employees", "1e2")]
    [InlineData("employees", "2147483648")]
    [InlineData("ipClassII", "three")]
    [InlineData("registrationDate", "2024-13-01")]
    [InlineData("registrationDate", "2023-02-29")]
    [InlineData("registrationDate", "2024/01/05")]
    [InlineData("registrationDate", "20240105")]
    [InlineData("registrationDate", "2024-1-5")]
    [InlineData("registrationDate", "2024-01-05T00:00:00")]
    [InlineData("coreIpForMainProducts", "yes")]
    [InlineData("coreIpForMainProducts", "1")]
    [InlineData("highTechCertValid", "是")]
    [InlineData("industry", "3")]
    [InlineData("industry", "-1")]
    [InlineData("industry", "Manufacturing")]
    [InlineData("industry", "Retail,Other")]
    [InlineData("innovationCapabilityScore", "101")]
    [InlineData("innovationCapabilityScore", "100.01")]
    [InlineData("innovationCapabilityScore", "-0.5")]
    public void Unreadable_value_rejects_the_record_naming_the_column(string field, string text)
    {
        var csv = "id," + field + "\nA," + Quote(text) + "\n";

        var record = Assert.Single(ReadCsv(csv, FieldSet.Empty));

        Assert.Null(record.Profile);
        Assert.Equal((1, 2, "A"), (record.Row, record.Line, record.Id));
        var error = Assert.Single(record.Errors);
        Assert.Equal((field, 1, 2), (error.Column, error.Row, error.Line));
        Assert.Contains("'" + text + "'", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("revenueY1", "0", "0")]
    [InlineData("revenueY1", "123456789.12", "123456789.12")]
    [InlineData("revenueY1", "0.01", "0.01")]
    [InlineData("totalAssets", "1000000000000000000", "1000000000000000000")]
    [InlineData("employees", "0", "0")]
    [InlineData("employees", "2147483647", "2147483647")]
    [InlineData("innovationCapabilityScore", "100", "100")]
    [InlineData("innovationCapabilityScore", "70.5", "70.5")]
    [InlineData("innovationCapabilityScore", "0", "0")]
    [InlineData("registrationDate", "2024-02-29", "2024-02-29")]
    [InlineData("coreIpForMainProducts", "true", "true")]
    [InlineData("coreIpForMainProducts", "TRUE", "true")]
    [InlineData("coreIpForMainProducts", "False", "false")]
    [InlineData("industry", "SoftwareAndIT", "SoftwareAndIT")]
    [InlineData("industry", "softwareandit", "SoftwareAndIT")]
    [InlineData("industry", "LeasingAndBusinessServices", "LeasingAndBusinessServices")]
    [InlineData("name", "青岛,\"测试\"", "青岛,\"测试\"")]
    public void Contract_value_is_read(string field, string text, string expected)
    {
        var csv = "id," + field + "\nA," + Quote(text) + "\n";

        var record = Assert.Single(ReadCsv(csv, Fields(field)));

        Assert.Empty(record.Errors);
        Assert.Equal(expected, ContractValue(record.Profile!, field));
    }

    [Fact]
    public void Money_is_read_exactly_as_decimal()
    {
        var record = Assert.Single(ReadCsv("id,revenueY1,revenueY2,totalAssets\nA,123456789.12,0.1,99999999999999999.99\n", FieldSet.Empty));
        var profile = record.Profile!;
        Assert.Equal(123_456_789.12m, profile.RevenueY1); // to the fen: more decimals are refused (Reliability/ExactInputTests)
        Assert.Equal(0.1m, profile.RevenueY2);
        Assert.Equal(99_999_999_999_999_999.99m, profile.TotalAssets);
    }

    [Fact]
    public void Surrounding_whitespace_of_unquoted_cells_is_trimmed()
    {
        var csv = "id,employees,revenueY1,coreIpForMainProducts,industry,registrationDate,name\n"
            + " A , 12 ,  1000.5 , true , Retail , 2020-05-06 , 青岛 测试 \n";

        var record = Assert.Single(ReadCsv(csv, Fields("employees", "revenueY1")));

        Assert.Empty(record.Errors);
        Assert.Equal("A", record.Id);
        Assert.Equal(
            new EnterpriseProfile
            {
                Id = "A",
                Employees = 12,
                RevenueY1 = 1000.5m,
                CoreIpForMainProducts = true,
                Industry = Industry.Retail,
                RegistrationDate = new DateOnly(2020, 5, 6),
                Name = "青岛 测试",
            },
            record.Profile);
    }

    [Fact]
    public void Spaces_outside_quotes_are_trimmed_but_spaces_inside_quotes_are_kept()
    {
        var csv = "id,employees,name\nA, \"12\" ,\" x \"\n";
        var record = Assert.Single(ReadCsv(csv, Fields("employees")));
        Assert.Equal(12, record.Profile!.Employees);
        Assert.Equal(" x ", record.Profile.Name);
    }

    // ---- encoding and layout --------------------------------------------------------------

    private static readonly byte[] BomCrlfFile =
        [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("id,employees,name\r\nA,1,青岛一号\r\nB,2,北京二号\r\n")];

    private static void AssertBomCrlfRecords(List<ProfileRecord> records)
    {
        Assert.Collection(
            records,
            r =>
            {
                Assert.Equal((1, 2), (r.Row, r.Line));
                Assert.Equal(new EnterpriseProfile { Id = "A", Employees = 1, Name = "青岛一号" }, r.Profile);
            },
            r =>
            {
                Assert.Equal((2, 3), (r.Row, r.Line));
                Assert.Equal(new EnterpriseProfile { Id = "B", Employees = 2, Name = "北京二号" }, r.Profile);
            });
    }

    [Fact]
    public void Utf8_bom_and_crlf_line_endings_read_correctly_from_a_stream()
    {
        AssertBomCrlfRecords(ReadCsvBytes(BomCrlfFile, Fields("employees", "name")));
    }

    [Fact]
    public void Utf8_bom_and_crlf_line_endings_read_correctly_from_a_file()
    {
        var path = Path.Combine(Path.GetTempPath(), "policyrules-csv-" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllBytes(path, BomCrlfFile);
        try
        {
            using var reader = ProfileCsvReader.Open(path, Fields("employees", "name"));
            AssertBomCrlfRecords([.. reader.ReadAll()]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Quoted_field_with_an_embedded_newline_moves_the_line_of_the_following_rows(string newline)
    {
        var csv = "id,name,employees" + newline
            + "A,\"first" + newline + "second" + newline + "third\",1" + newline
            + "B,plain,2" + newline
            + "C,\"x" + newline + "y\",3" + newline
            + "D,plain,4" + newline;

        var records = ReadCsv(csv, Fields("employees"));

        Assert.Equal([(1, 2), (2, 5), (3, 6), (4, 8)], records.Select(r => (r.Row, r.Line)).ToArray());
        Assert.Equal("first" + newline + "second" + newline + "third", records[0].Profile!.Name);
        Assert.Equal([1, 2, 3, 4], records.Select(r => r.Profile!.Employees).ToArray());
    }

    [Fact]
    public void Error_in_the_row_after_a_multi_line_cell_carries_its_true_line()
    {
        var csv = "id,name,employees\nA,\"two\nlines\",1\nB,x,oops\n";
        var bad = ReadCsv(csv, Fields("employees"))[1];
        Assert.Equal((2, 4), (bad.Row, bad.Line));
        Assert.Equal((2, 4, "employees"), (bad.Errors[0].Row, bad.Errors[0].Line, bad.Errors[0].Column));
    }

    [Fact]
    public void Rows_with_too_few_or_too_many_columns_are_rejected_as_a_whole()
    {
        var csv = "id,employees,techStaff\nA,1\nB,1,2,3\nC,1,2\nD,1,2,\n";

        var records = ReadCsv(csv, Fields("employees"));

        Assert.Equal(4, records.Count);
        Assert.Equal(["A", "B", "C", "D"], records.Select(r => r.Id).ToArray());

        AssertColumnCountError(records[0], row: 1, line: 2, got: 2);
        AssertColumnCountError(records[1], row: 2, line: 3, got: 4);
        Assert.Equal(new EnterpriseProfile { Id = "C", Employees = 1, TechStaff = 2 }, records[2].Profile);
        AssertColumnCountError(records[3], row: 4, line: 5, got: 4);

        static void AssertColumnCountError(ProfileRecord record, int row, int line, int got)
        {
            Assert.Null(record.Profile);
            Assert.Equal((row, line), (record.Row, record.Line));
            var error = Assert.Single(record.Errors);
            Assert.Equal(("(row)", row, line), (error.Column, error.Row, error.Line));
            Assert.Contains("has " + got.ToString(System.Globalization.CultureInfo.InvariantCulture) + " column(s)", error.Reason, StringComparison.Ordinal);
            Assert.Contains("header has 3", error.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Blank_line_between_rows_is_a_rejected_row_not_a_silent_skip()
    {
        var records = ReadCsv("id,employees\nA,1\n\nB,2\n", Fields("employees"));
        Assert.Equal(3, records.Count);
        Assert.Equal(("", 2, 3), (records[1].Id, records[1].Row, records[1].Line));
        Assert.Equal("(row)", Assert.Single(records[1].Errors).Column);
        Assert.Equal(("B", 3, 4), (records[2].Id, records[2].Row, records[2].Line));
        Assert.NotNull(records[2].Profile);
    }

    [Fact]
    public void Complete_last_line_without_a_newline_is_read()
    {
        var records = ReadCsv("id,employees,name\nA,1,x\nB,2,last", Fields("employees"));
        Assert.Equal(2, records.Count);
        Assert.Equal(new EnterpriseProfile { Id = "B", Employees = 2, Name = "last" }, records[1].Profile);
        Assert.Equal((2, 3), (records[1].Row, records[1].Line));
    }

    [Theory]
    [InlineData("B", "(row)")]
    [InlineData("B,", "(row)")]
    [InlineData("B,2,", "name")]
    public void Truncated_last_line_is_rejected_not_lost(string lastLine, string column)
    {
        // "B,2," is complete in shape but its required last cell is empty.
        var records = ReadCsv("id,employees,name\nA,1,x\n" + lastLine, Fields("employees", "name"));

        Assert.Equal(2, records.Count);
        Assert.NotNull(records[0].Profile);
        var last = records[1];
        Assert.Null(last.Profile);
        Assert.Equal((2, 3, "B"), (last.Row, last.Line, last.Id));
        Assert.Equal(column, last.Errors[0].Column);
    }

    [Fact]
    public void Every_input_row_yields_exactly_one_record_in_a_mixed_file()
    {
        // (id as reported, row text, readable?)
        (string Id, string Text, bool Ok)[] rows =
        [
            ("R01", "R01,Alpha,10,100,true", true),
            ("R02", "R02,,11,100,false", true),
            ("R03", "R03,Gamma,,100,true", false),
            ("R04", "R04,Delta,x,100,true", false),
            ("R05", "R05,\"Eps\nilon\",5,100,true", true),
            ("R06", "R06,Zeta,5", false),
            ("R07", "R07,Eta,5,100,true,extra", false),
            ("", "", false),
            ("R09", "  R09 ,  Theta , 7 , 8 , TRUE ", true),
            ("R10", "R10,\"Io,ta\",1,1e5,true", false),
            ("R11", "R11,Kappa,1,-1,true", false),
            ("R12", "R12,Lambda,1.5,1,true", false),
            ("R13", "R13,Mu,1,1,yes", false),
            ("R14", "R14,\"Nu \"\"quoted\"\"\",1,1,false", true),
            ("R15", "R15,Xi,1,123456789.12,true", true),
            ("R16", "R16,Omicron,1,NaN,true", false),
            ("R17", "R17,\"Pi\r\nwith crlf\",1,1,true", true),
            ("R18", "R18,Rho,2147483648,1,true", false),
            ("R19", "R19,Sigma,0,0,false", true),
            ("R20", "R20,Tau,3,3,true", true),
        ];
        var csv = "id,name,employees,revenueY1,coreIpForMainProducts\n" + string.Join("\n", rows.Select(r => r.Text)); // no final newline
        var expectedLines = new List<int>();
        var line = 2;
        foreach (var row in rows)
        {
            expectedLines.Add(line);
            line += 1 + row.Text.Count(c => c == '\n');
        }

        var records = ReadCsv(csv, Fields("employees", "revenueY1", "coreIpForMainProducts"));

        Assert.Equal(20, records.Count);
        Assert.Equal(Enumerable.Range(1, 20), records.Select(r => r.Row));
        Assert.Equal(expectedLines, records.Select(r => r.Line));
        Assert.Equal(rows.Select(r => r.Id), records.Select(r => r.Id));
        Assert.Equal(rows.Select(r => r.Ok), records.Select(r => r.Profile is not null));
        Assert.All(records, r => Assert.True(r.Profile is null != r.Errors.IsEmpty, $"row {r.Row}: a record is either read or rejected"));
        Assert.All(records.SelectMany(r => r.Errors.Select(e => (r, e))), p => Assert.Equal((p.r.Row, p.r.Line), (p.e.Row, p.e.Line)));
        Assert.Equal(123_456_789.12m, records[14].Profile!.RevenueY1);
        Assert.Equal("Nu \"quoted\"", records[13].Profile!.Name);
        Assert.Equal("Theta", records[8].Profile!.Name);
    }

    [Fact]
    public void Unclosed_quote_in_the_last_line_rejects_the_row()
    {
        var records = ReadCsv("id,employees,name\nA,1,x\nB,2,\"unterminated", Fields("employees", "name"));

        Assert.Equal(2, records.Count);
        Assert.Null(records[1].Profile);
        Assert.Equal((2, 3, "B"), (records[1].Row, records[1].Line, records[1].Id));
    }

    [Fact]
    public void Stray_quotes_reject_each_swallowed_line_as_its_own_row()
    {
        // RFC 4180 forbids a quote inside an unquoted cell; the CSV parser then reads on to the next
        // quote, merging lines. Each merged line is rejected as its own row, naming its line, so no
        // enterprise is lost or folded into another; row C after them is read normally.
        var csv = "id,name,employees\nA,Acme 5\" Co,1\nB,Beta \"x,2\nC,Gamma,3\n";

        var records = ReadCsv(csv, Fields("employees"));

        Assert.Equal(["A", "B", "C"], records.Select(r => r.Id).ToArray());
        Assert.Equal([(1, 2), (2, 3), (3, 4)], records.Select(r => (r.Row, r.Line)).ToArray());
        Assert.Null(records[0].Profile);
        Assert.Null(records[1].Profile);
        Assert.Contains("lines 2–3", records[0].Errors.Single().Reason, StringComparison.Ordinal);
        Assert.Equal(3, records[2].Profile!.Employees);
    }

    [Fact]
    public void An_unclosed_quote_before_the_last_line_loses_none_of_the_following_rows()
    {
        var csv = "id,name,employees\nA,ok,1\nB,Acme 5\" pipe,2\nC,x,3\nD,y,4\nE,z,5\n";

        var records = ReadCsv(csv, Fields("employees"));

        Assert.Equal(["A", "B", "C", "D", "E"], records.Select(r => r.Id).ToArray());
        Assert.Equal([1, 2, 3, 4, 5], records.Select(r => r.Row).ToArray());
        Assert.NotNull(records[0].Profile);
        Assert.All(records.Skip(1), r => Assert.Null(r.Profile));
    }

    [Fact]
    public void Quoted_header_names_are_read()
    {
        var records = ReadCsv("\"id\",\"employees\"\nA,7\n", Fields("employees"), out var ignored);
        Assert.Empty(ignored);
        Assert.Equal(7, Assert.Single(records).Profile!.Employees);
    }
}
