using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PolicyRules.Input;
using PolicyRules.Model;
using static PolicyRules.Tests.Input.ProfileInputTestSupport;

namespace PolicyRules.Tests.Input;

public sealed class ProfileJsonReaderTests
{
    private static readonly JsonSerializerOptions ContractJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    private static EnterpriseProfile Read(string json, FieldSet required) => ProfileJsonReader.Read(JsonSource, Utf8(json), required);

    // ---- valid input ----------------------------------------------------------------------

    [Fact]
    public void Full_profile_in_contract_json_reads_back_equal()
    {
        var baseline = TestProfiles.Baseline();
        var json = JsonSerializer.Serialize(baseline, ContractJson);

        Assert.Equal(baseline, Read(json, ProfileSchema.All));
    }

    [Fact]
    public void Hand_written_profile_reads_with_defaults_for_absent_optional_fields()
    {
        var json = """
            {
              "id": "91370211MA3TEST001",
              "name": "青岛测试科技有限公司",
              "registrationDate": "2018-03-01",
              "industry": "softwareAndIT",
              "employees": 100,
              "innovationCapabilityScore": 78.5,
              "coreIpForMainProducts": true,
              "highTechCertValid": false,
              "techStaff": null
            }
            """;

        var profile = Read(json, Fields("employees", "industry"));

        Assert.Equal(
            new EnterpriseProfile
            {
                Id = "91370211MA3TEST001",
                Name = "青岛测试科技有限公司",
                RegistrationDate = new DateOnly(2018, 3, 1),
                Industry = Industry.SoftwareAndIT,
                Employees = 100,
                InnovationCapabilityScore = 78.5m,
                CoreIpForMainProducts = true,
            },
            profile);
    }

    [Fact]
    public void Money_written_as_exact_decimal_text_stays_exact()
    {
        var json = """
            {"id": "A", "revenueY1": 123456789.12, "revenueY2": 0.1, "revenueY3": 12345678901234567.89,
             "totalAssets": 1000000000000000000, "innovationCapabilityScore": 0.30000000000000004}
            """;

        var profile = Read(json, Fields("revenueY1"));

        // Money to the fen (issue 13: more decimals are refused, see Reliability/ExactInputTests); a score keeps every digit.
        Assert.Equal(123_456_789.12m, profile.RevenueY1);
        Assert.Equal(0.1m, profile.RevenueY2);
        Assert.Equal(12_345_678_901_234_567.89m, profile.RevenueY3);
        Assert.Equal(ProfileSchema.MaxMoney, profile.TotalAssets);
        Assert.Equal(0.30000000000000004m, profile.InnovationCapabilityScore);
    }

    [Fact]
    public void Property_names_written_with_escapes_are_matched_after_unescaping()
    {
        Assert.Equal(5, Read("""{"id": "A", "employe\u0065s": 5}""", Fields("employees")).Employees);
    }

    // ---- unknown, missing, null ------------------------------------------------------------

    [Fact]
    public void Unknown_property_is_an_error_with_a_did_you_mean_suggestion_and_its_position()
    {
        var json = "{\n  \"id\": \"A\",\n  \"employes\": 5\n}";

        var error = Assert.Single(JsonErrors(json, FieldSet.Empty));

        Assert.Equal((JsonSource, "employes", 3, 3), (error.Source, error.Column, error.Row, error.Line));
        Assert.Contains("did you mean 'employees'?", error.Reason, StringComparison.Ordinal);
        Assert.Contains("(line 3, column 3) / ", error.Reason, StringComparison.Ordinal);
        Assert.EndsWith("（第 3 行第 3 列）", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_property_after_multibyte_text_reports_its_column_in_characters()
    {
        // "名称很长" is 12 UTF-8 bytes but 4 characters; the column counts characters.
        var json = "{\"name\": \"名称很长\", \"revenueY\": 1, \"id\": \"A\"}";

        var error = Assert.Single(JsonErrors(json, FieldSet.Empty));

        Assert.Equal("revenueY", error.Column);
        Assert.Contains("did you mean 'revenueY1'?", error.Reason, StringComparison.Ordinal);
        Assert.Contains("(line 1, column 18) / ", error.Reason, StringComparison.Ordinal);
        Assert.EndsWith("（第 1 行第 18 列）", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_property_far_from_any_field_gets_no_suggestion()
    {
        var error = Assert.Single(JsonErrors("""{"id": "A", "qqqqqqqqqqqqqqqq": 1}""", FieldSet.Empty));
        Assert.Equal("qqqqqqqqqqqqqqqq", error.Column);
        Assert.DoesNotContain("did you mean", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Property_names_are_case_sensitive()
    {
        var error = Assert.Single(JsonErrors("""{"id": "A", "Employees": 5}""", FieldSet.Empty));
        Assert.Equal("Employees", error.Column);
        Assert.Contains("did you mean 'employees'?", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_fields_are_each_named()
    {
        var errors = JsonErrors("{\n  \"id\": \"A\",\n  \"name\": \"x\"\n}", Fields("employees", "revenueY1", "name"));

        Assert.Equal(["employees", "revenueY1"], errors.Select(e => e.Column).ToArray());
        Assert.All(errors, e => Assert.Contains("missing", e.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_id_is_an_error_even_when_nothing_else_is_required()
    {
        var error = Assert.Single(JsonErrors("""{"employees": 3}""", FieldSet.Empty));
        Assert.Equal("id", error.Column);
    }

    [Fact]
    public void Missing_field_that_is_not_required_reads_as_default()
    {
        Assert.Equal(new EnterpriseProfile { Id = "A" }, Read("""{"id": "A"}""", FieldSet.Empty));
    }

    [Fact]
    public void Null_for_a_required_field_is_an_error()
    {
        var error = Assert.Single(JsonErrors("{\n  \"id\": \"A\",\n  \"employees\": null\n}", Fields("employees")));
        Assert.Equal("employees", error.Column);
        Assert.Contains("missing", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_for_a_field_that_is_not_required_reads_as_default()
    {
        Assert.Equal(new EnterpriseProfile { Id = "A" }, Read("""{"id": "A", "employees": null, "industry": null}""", FieldSet.Empty));
    }

    // ---- wrong types and values ------------------------------------------------------------

    [Theory]
    [InlineData("employees", "\"5\"", "a whole number")]
    [InlineData("revenueY1", "\"100\"", "a number")]
    [InlineData("innovationCapabilityScore", "\"80\"", "a number")]
    [InlineData("coreIpForMainProducts", "\"true\"", "true or false")]
    [InlineData("employees", "[5]", "a whole number")]
    [InlineData("revenueY1", "{\"value\": 5}", "a number")]
    [InlineData("coreIpForMainProducts", "1", "true or false")]
    [InlineData("employees", "true", "a whole number")]
    [InlineData("registrationDate", "[2020, 1, 1]", "a string")]
    public void Value_of_the_wrong_json_type_is_an_error_at_the_value(string field, string value, string expected)
    {
        var json = "{\n  \"id\": \"A\",\n  \"" + field + "\": " + value + "\n}";
        var column = 2 + field.Length + 2 + 2 + 1; // indent, quoted name, ": ", then the value

        var error = Assert.Single(JsonErrors(json, Fields(field)));

        Assert.Equal((field, 3, 3), (error.Column, error.Row, error.Line));
        Assert.Contains("expected " + expected, error.Reason, StringComparison.Ordinal);
        var at = column.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"(line 3, column {at}) / ", error.Reason, StringComparison.Ordinal);
        Assert.EndsWith($"（第 3 行第 {at} 列）", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("revenueY1", "-1")]
    [InlineData("revenueY1", "-1e5")]
    [InlineData("revenueY1", "1000000000000000000.01")]
    [InlineData("revenueY1", "1e19")]
    [InlineData("employees", "12.5")]
    [InlineData("employees", "-3")]
    [InlineData("employees", "2147483648")]
    [InlineData("innovationCapabilityScore", "101")]
    [InlineData("registrationDate", "\"2024-13-01\"")]
    [InlineData("industry", "\"3\"")]
    [InlineData("industry", "3")]
    [InlineData("industry", "\"Manufacturing\"")]
    public void Out_of_contract_value_is_an_error_naming_the_field(string field, string value)
    {
        var error = Assert.Single(JsonErrors("{\"id\": \"A\", \"" + field + "\": " + value + "}", FieldSet.Empty));
        Assert.Equal(field, error.Column);
        Assert.Matches(@"\(line 1, column (\d+)\) / .*（第 1 行第 \1 列）$", error.Reason);
    }

    [Fact]
    public void Every_bad_value_of_a_profile_is_reported_together()
    {
        var json = """
            {
              "id": "A",
              "employees": -1,
              "revenueY1": "lots",
              "industry": "Nowhere",
              "registrationDate": "2024-13-01",
              "bogus": 1
            }
            """;

        var errors = JsonErrors(json, Fields("employees", "techStaff"));

        Assert.Equal(["employees", "revenueY1", "industry", "registrationDate", "bogus", "techStaff"], errors.Select(e => e.Column).ToArray());
        Assert.Equal([3, 4, 5, 6, 7], errors.Take(5).Select(e => e.Line).ToArray());
    }

    // ---- malformed documents --------------------------------------------------------------

    [Fact]
    public void Trailing_comma_is_one_error_with_line_and_column()
    {
        var json = "{\n  \"id\": \"A\",\n  \"employees\": 5,\n}";

        var error = Assert.Single(JsonErrors(json, Fields("employees")));

        Assert.Equal(("(json)", 4, 4), (error.Column, error.Row, error.Line));
        Assert.Contains("line 4, column 1", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Syntax_error_column_counts_characters_not_bytes()
    {
        // The closing brace after the trailing comma is character 25 (byte 29).
        var error = Assert.Single(JsonErrors("{\"name\":\"中文\", \"id\": \"A\",}", FieldSet.Empty));
        Assert.Equal("(json)", error.Column);
        Assert.Contains("line 1, column 25", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 1, 1)]
    [InlineData("{\"id\": \"A\"", 1, 11)]
    [InlineData("{\"id\": \"A\"}\n{}", 2, 1)]
    [InlineData("{\"id\": 'A'}", 1, 8)]
    [InlineData("{\"id\": \"A\" /* note */}", 1, 12)]
    public void Malformed_json_is_one_error_with_its_position(string json, int line, int column)
    {
        var error = Assert.Single(JsonErrors(json, FieldSet.Empty));
        Assert.Equal(("(json)", line, line), (error.Column, error.Row, error.Line));
        Assert.Contains(
            $"line {line.ToString(System.Globalization.CultureInfo.InvariantCulture)}, column {column.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            error.Reason,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[{\"id\": \"A\"}]", "an array")]
    [InlineData("\"A\"", "a string")]
    [InlineData("42", "a number")]
    [InlineData("null", "null")]
    public void Root_that_is_not_an_object_is_an_error(string json, string described)
    {
        var error = Assert.Single(JsonErrors(json, FieldSet.Empty));
        Assert.Equal(("(json)", 1), (error.Column, error.Line));
        Assert.Contains("not " + described, error.Reason, StringComparison.Ordinal);
        Assert.Contains("(line 1, column 1) / ", error.Reason, StringComparison.Ordinal);
        Assert.EndsWith("（第 1 行第 1 列）", error.Reason, StringComparison.Ordinal);
    }

    // ---- found while testing (see the report) ----------------------------------------------

    [Fact]
    public void Utf8_bom_at_the_start_of_a_json_profile_is_accepted()
    {
        byte[] json = [.. Encoding.UTF8.GetPreamble(), .. Utf8("""{"id": "A", "employees": 5}""")];
        Assert.Equal(5, ProfileJsonReader.Read(JsonSource, json, Fields("employees")).Employees);
    }

    [Fact]
    public void Invalid_utf8_is_a_profile_input_error()
    {
        byte[] json = [.. Utf8("{\"id\": \""), 0xFF, .. Utf8("\", \"employees\": 5}")];
        var error = Assert.Single(JsonErrors(json, Fields("employees")));
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Repeated_property_is_an_error()
    {
        var errors = JsonErrors("{\"id\": \"A\", \"employees\": 5, \"employees\": 7}", Fields("employees"));
        Assert.Contains(errors, e => e.Column == "employees");
    }
}
