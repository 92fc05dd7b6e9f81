using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Json.Schema;
using Parquet;
using Parquet.Schema;
using PolicyRules.Screening;
using RulesEngine.Models;
using static PolicyRules.Tests.Cli.Cli;

namespace PolicyRules.Tests.Screening;

/// <summary>
/// Declared outputs reach every results format as <c>Programme.output</c> columns (Parquet as DECIMAL
/// at the declared places), their exact totals reach the summary and the HTML report, and the rule
/// file stays loadable by stock RulesEngine 6.0.1 and valid against the schema.
/// </summary>
public sealed class OutputScreeningTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("outputs-screen-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string P(string name) => Path.Combine(_folder.FullName, name);

    // award: cap hit; one yuan below; ineligible; .55 down with a half-fen matching fund.
    private const string Input = """
        id,rdExpenseY1,rdExpenseY2
        A,20000010,10000000
        B,19999990,10000000
        C,4999999.99,1000000
        D,6000005.5,5000000
        """;

    private const string Header = "id,RdIncreaseSubsidy.eligible,RdIncreaseSubsidy.award,RdIncreaseSubsidy.matchingFund,RdIncreaseSubsidy.failed";

    private static readonly string[] Expected =
    [
        "A,true,1000000,500000.00,",
        "B,true,999999,499999.50,",
        "C,false,,,RdExpenseAtLeastFiveMillion",
        "D,true,100000,50000.28,",
    ];

    private (int Exit, string Out, string Err) Screen(string output, params string[] more)
    {
        File.WriteAllText(P("in.csv"), Input.ReplaceLineEndings("\n"));
        return Run(["screen", "--rules", OutputProgramme.RulesDirectory, "--input", P("in.csv"), "--output", output, "--as-of", "2025-06-30", .. more]);
    }

    [Fact]
    public void Csv_has_a_column_per_output_empty_for_the_ineligible_and_the_console_gives_the_totals()
    {
        var (exit, stdout, stderr) = Screen(P("out.csv"));
        Assert.True(exit == 0, stderr);
        Assert.Equal([Header, .. Expected], File.ReadAllLines(P("out.csv")));
        // 1,000,000 + 999,999 + 100,000 and 500,000 + 499,999.50 + 50,000.28, over the 3 eligible.
        Assert.Contains("RdIncreaseSubsidy.award 合计 2,099,999 元（3 条） / total ¥2,099,999 over 3 records", stdout, StringComparison.Ordinal);
        Assert.Contains("RdIncreaseSubsidy.matchingFund 合计 1,049,999.78 元（3 条） / total ¥1,049,999.78 over 3 records", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_library_summary_and_summary_json_carry_exact_totals()
    {
        File.WriteAllText(P("in.csv"), Input.ReplaceLineEndings("\n"));
        var programme = OutputProgramme.Engine.GetProgramme(OutputProgramme.Name, TestProfiles.AsOf);
        var summary = ScreeningJob.Run(P("in.csv"), P("out.csv"), [programme], TestProfiles.AsOf);
        var totals = Assert.Single(summary.Programmes).OutputTotals;
        Assert.Equal([("award", 2_099_999m, 3L), ("matchingFund", 1_049_999.78m, 3L)], totals.Select(t => (t.Name, t.Total!.Value, t.Count)));
        Assert.EndsWith("award total 2099999 over 3, matchingFund total 1049999.78 over 3", summary.ToString(), StringComparison.Ordinal);

        var (exit, _, stderr) = Screen(P("out2.csv"), "--summary", P("summary.json"));
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(P("summary.json")));
        var outputs = json.RootElement.GetProperty("programmes")[0].GetProperty("outputTotals");
        Assert.Equal(1_049_999.78m, outputs.GetProperty("matchingFund").GetProperty("total").GetDecimal());
        Assert.Equal(3, outputs.GetProperty("award").GetProperty("count").GetInt32());
    }

    [Fact]
    public void Json_lines_write_outputs_as_exact_numbers_or_null()
    {
        var (exit, _, stderr) = Screen(P("out.jsonl"));
        Assert.True(exit == 0, stderr);
        var lines = File.ReadAllLines(P("out.jsonl"));
        Assert.Equal("""{"id":"A","RdIncreaseSubsidy":{"eligible":true,"award":1000000,"matchingFund":500000.00,"failed":[]}}""", lines[0]);
        Assert.Equal("""{"id":"C","RdIncreaseSubsidy":{"eligible":false,"award":null,"matchingFund":null,"failed":["RdExpenseAtLeastFiveMillion"]}}""", lines[2]);
    }

    [Fact]
    public async Task Parquet_writes_each_output_as_a_decimal_at_its_declared_places()
    {
        var (exit, _, stderr) = Screen(P("out.parquet"));
        Assert.True(exit == 0, stderr);
        await using var reader = await ParquetReader.CreateAsync(P("out.parquet"));
        var fields = reader.Schema.DataFields;
        var award = Assert.IsType<DecimalDataField>(fields.Single(f => f.Name == "RdIncreaseSubsidy.award"));
        var matching = Assert.IsType<DecimalDataField>(fields.Single(f => f.Name == "RdIncreaseSubsidy.matchingFund"));
        Assert.Equal((28, 0), (award.Precision, award.Scale));
        Assert.Equal((28, 2), (matching.Precision, matching.Scale));
        var group = reader.OpenRowGroupReader(0);
        var awards = new decimal?[4];
        var funds = new decimal?[4];
        await group.ReadAsync<decimal>(award, awards);
        await group.ReadAsync<decimal>(matching, funds);
        Assert.Equal([1_000_000m, 999_999m, null, 100_000m], awards);
        Assert.Equal([500_000m, 499_999.50m, null, 50_000.28m], funds);
    }

    [Fact]
    public void Xlsx_writes_each_output_as_a_number_cell()
    {
        var (exit, _, stderr) = Screen(P("out.xlsx"));
        Assert.True(exit == 0, stderr);
        using var document = SpreadsheetDocument.Open(P("out.xlsx"), false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == "Results");
        var rows = ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>().ToList();
        var header = rows[0].Elements<Cell>().Select(c => c.InnerText).ToList();
        Assert.Equal(Header.Split(','), header);
        var a = rows[1].Elements<Cell>().ToList();
        Assert.Null(a[2].DataType); // a number, not text
        Assert.Equal("1000000", a[2].CellValue!.Text);
        Assert.Equal("500000.00", a[3].CellValue!.Text);
    }

    [Fact]
    public void The_html_report_shows_each_output_total()
    {
        var (exit, _, stderr) = Screen(P("out.csv"), "--report", P("report.html"));
        Assert.True(exit == 0, stderr);
        var html = File.ReadAllText(P("report.html"));
        Assert.Contains("<a href=\"#outputs\">输出合计 Output totals</a>", html, StringComparison.Ordinal);
        Assert.Contains("data-programme=\"RdIncreaseSubsidy\" data-output=\"award\" data-total=\"2099999\"", html, StringComparison.Ordinal);
        Assert.Contains("data-output=\"matchingFund\" data-total=\"1049999.78\"", html, StringComparison.Ordinal);
        Assert.Contains("1,049,999.78 元", html, StringComparison.Ordinal);
    }

    [Fact]
    public void On_a_date_no_version_covers_the_output_columns_stay_and_are_empty()
    {
        // The test programme starts on 2023-01-01: on 2022-06-30 its stand-in fails VersionInForce.
        var (exit, _, stderr) = Run(["screen", "--rules", OutputProgramme.RulesDirectory, "--input", WriteInput(), "--output", P("old.csv"), "--as-of", "2022-06-30"]);
        Assert.True(exit == 0, stderr);
        var lines = File.ReadAllLines(P("old.csv"));
        Assert.Equal(Header, lines[0]);
        Assert.Equal("A,false,,,VersionInForce", lines[1]);

        var result = OutputProgramme.Engine.Evaluate(OutputProgramme.Name, OutputProgramme.With("A", 20_000_000m, 10_000_000m), new DateOnly(2022, 6, 30));
        Assert.True(result.NoVersionInForce);
        Assert.Equal(["award", "matchingFund"], result.Outputs.Keys);
        Assert.All(result.Outputs.Values, v => Assert.Null(v));
    }

    private string WriteInput()
    {
        File.WriteAllText(P("in.csv"), Input.ReplaceLineEndings("\n"));
        return P("in.csv");
    }

    [Fact]
    public void Results_of_programmes_without_outputs_keep_their_columns()
    {
        var columns = ResultColumns.For([PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory).GetProgramme("HighTechEnterprise", TestProfiles.AsOf)]);
        Assert.True(Assert.Single(columns).Outputs.IsEmpty);
        Assert.Equal(0, ResultColumns.OutputCount(columns));
    }

    [Fact]
    public async Task The_rule_file_loads_in_stock_RulesEngine_which_ignores_the_outputs_and_agrees_on_eligibility()
    {
        var file = Path.Combine(OutputProgramme.RulesDirectory, "RdIncreaseSubsidy.json");
        var workflow = JsonSerializer.Deserialize<Workflow>(File.ReadAllText(file))!;
        var engine = new RulesEngine.RulesEngine([workflow], Compilation.RulesEngineParityTests.Settings());
        foreach (var (y1, y2) in new[] { (20_000_010m, 10_000_000m), (4_999_999.99m, 1_000_000m), (5_499_999.99m, 5_000_000m), (5_000_000m, 4_545_454.54m) })
        {
            var profile = OutputProgramme.With("R", y1, y2);
            var results = await engine.ExecuteAllRulesAsync(workflow.WorkflowName, [new RuleParameter("enterprise", profile), new RuleParameter("asOf", TestProfiles.AsOf)]);
            // A failed rule carries its ErrorMessage; anything else would be an expression RulesEngine could not run.
            Assert.All(results, r => Assert.True(r.IsSuccess ? string.IsNullOrEmpty(r.ExceptionMessage) : r.ExceptionMessage == r.Rule.ErrorMessage, r.ExceptionMessage));
            var ours = OutputProgramme.Engine.Evaluate(OutputProgramme.Name, profile, TestProfiles.AsOf);
            Assert.Equal(results.Select(r => r.IsSuccess), ours.Criteria.Select(c => c.Passed));
        }
    }

    [Fact]
    public void The_test_programme_its_tests_and_the_sample_reform_are_valid_against_their_schemas()
    {
        foreach (var (file, schema) in new[]
        {
            (Path.Combine(OutputProgramme.RulesDirectory, "RdIncreaseSubsidy.json"), "policyrules.schema.json"),
            (Path.Combine(OutputProgramme.RulesDirectory, "RdIncreaseSubsidy.tests.json"), "policyrules-tests.schema.json"),
            (OutputProgramme.SampleReform, "policyrules-reform.schema.json"),
        })
        {
            var evaluated = JsonSchema.FromText(File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, schema)), new BuildOptions { SchemaRegistry = new SchemaRegistry() })
                .Evaluate(JsonDocument.Parse(File.ReadAllText(file)).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(evaluated.IsValid, $"{file}: {string.Join("; ", evaluated.Details?.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Value}")) ?? [])}");
        }
    }

    [Fact]
    public void The_schema_refuses_an_output_the_loader_refuses()
    {
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(TestProfiles.RulesDirectory, "policyrules.schema.json")), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var original = File.ReadAllText(Path.Combine(OutputProgramme.RulesDirectory, "RdIncreaseSubsidy.json"));
        foreach (var (from, to) in new[]
        {
            ("\"Rounding\": \"down-to-yuan\"", "\"Rounding\": \"round-to-yuan\""),
            ("\"Name\": \"award\"", "\"Name\": \"failed\""),
            ("\"Name\": \"award\"", "\"Name\": \"award amount\""),
            ("\"Cap\": 1000000", "\"Cap\": \"100万\""),
            ("\"Cap\": 1000000", "\"Cpa\": 1000000"),
            ("\"Expression\": \"rdIncrease * awardRate\",", ""),
        })
        {
            var json = original.Replace(from, to, StringComparison.Ordinal);
            Assert.NotEqual(original, json);
            Assert.False(schema.Evaluate(JsonDocument.Parse(json).RootElement).IsValid, $"the schema accepts {to}");
            var diagnostics = new List<PolicyRules.Rules.RuleDiagnostic>();
            Assert.False(PolicyEngine.TryCompile(PolicyRules.Rules.RuleFileReader.Read("x.json", System.Text.Encoding.UTF8.GetBytes(json), diagnostics), diagnostics, out _) && diagnostics.Count == 0, $"the loader accepts {to}");
        }
    }
}
