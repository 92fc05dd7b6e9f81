using System.Text;
using System.Text.Json;
using PolicyRules.Bulk;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Screening;

namespace PolicyRules.Tests.Programmes;

/// <summary>
/// Person-level programmes (YoungTalentLeader, metadata <c>"Input": "Person"</c>): the person contract
/// read from CSV and JSON with row and column in every error, evaluated and screened from the CLI,
/// never mixed with enterprise programmes, and the age counted in full years (周岁).
/// </summary>
public sealed class PersonProgrammeTests : IDisposable
{
    private const string Programme = "YoungTalentLeader";

    private static readonly PolicyEngine Engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);

    private static readonly string SamplesDirectory = Path.Combine(Path.GetDirectoryName(TestProfiles.RulesDirectory)!, "samples");

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-persons-").FullName;

    /// <summary>The person programme and two enterprise programmes, for the CLI.</summary>
    private readonly string _rules;

    public PersonProgrammeTests() => _rules = RulesSubset.Create(_dir, Programme, "SmeSize", "HighTechEnterprise");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static FieldSet Needed => Engine.GetProgramme(Programme, TestProfiles.AsOf).FieldsRead(TestProfiles.AsOf);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    // ---- the person contract ---------------------------------------------------------------

    [Fact]
    public void The_programme_reads_birthDate_and_the_qualification_of_the_person_contract()
    {
        var compiled = Engine.GetProgramme(Programme, TestProfiles.AsOf);
        Assert.Same(RecordSchema.Person, compiled.Schema);
        Assert.Equal(["birthDate", "leadingTalentQualified"], RecordSchema.Person.FieldsIn(Needed).Select(f => f.Name));
        Assert.Equal(["id", "name", "birthDate", "employerId", "leadingTalentQualified"], RecordSchema.Person.Fields.Select(f => f.Name));
    }

    [Fact]
    public void Csv_errors_name_row_line_and_column_and_an_unneeded_empty_cell_is_fine()
    {
        var path = Write("persons.csv", """
            id,name,birthDate,employerId,leadingTalentQualified
            P1,甲,1985-03-15,,true
            P2,乙,1985-02-30,9137,true
            P3,丙,1985-03-15,9137,
            P4,丁,15/03/1985,9137,yes

            """);
        using var reader = ProfileCsvReader.Open(path, RecordSchema.Person, Needed);
        var records = reader.ReadAll().ToList();

        Assert.Equal(4, records.Count);
        Assert.Equal(new PersonProfile { Id = "P1", Name = "甲", BirthDate = new DateOnly(1985, 3, 15), LeadingTalentQualified = true }, records[0].Person);
        Assert.Null(records[0].Profile); // a person, not an enterprise

        var bad = Assert.Single(records[1].Errors);
        Assert.Equal((2, 3, "P2", "birthDate"), (bad.Row, bad.Line, records[1].Id, bad.Column));
        Assert.Contains("expected a date YYYY-MM-DD, got '1985-02-30'", bad.Reason, StringComparison.Ordinal);
        Assert.Contains("应为日期", bad.Reason, StringComparison.Ordinal);
        Assert.Equal($"{path}: row 2 (line 3), column 'birthDate': expected a date YYYY-MM-DD, got '1985-02-30' / {path}：第 2 行数据（文件第 3 行），列 'birthDate'：应为日期 YYYY-MM-DD，实为 '1985-02-30'", bad.ToString());

        var empty = Assert.Single(records[2].Errors);
        Assert.Equal((3, 4, "leadingTalentQualified"), (empty.Row, empty.Line, empty.Column));
        Assert.StartsWith("empty cell: the value is needed", empty.Reason, StringComparison.Ordinal);

        Assert.Equal(["birthDate", "leadingTalentQualified"], records[3].Errors.Select(e => e.Column));
        Assert.All(records.Skip(1), r => Assert.Null(r.Record));
    }

    [Fact]
    public void A_person_csv_lacking_a_needed_column_is_refused_at_the_header()
    {
        var path = Write("persons.csv", "id,name,leadingTalentQualified\nP1,甲,true\n");
        var ex = Assert.Throws<ProfileInputException>(() => ProfileCsvReader.Open(path, RecordSchema.Person, Needed).Dispose());
        var error = Assert.Single(ex.Errors);
        Assert.Equal((0, 1, "birthDate"), (error.Row, error.Line, error.Column));
        Assert.Contains("missing from the header", error.Reason, StringComparison.Ordinal);
        Assert.Contains("表头缺少所需列", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_enterprise_csv_is_not_a_person_csv()
    {
        var path = Path.Combine(_dir, "enterprises.csv");
        ProfileCsvWriter.Write(path, [TestProfiles.Baseline()]);
        var ex = Assert.Throws<ProfileInputException>(() => ProfileCsvReader.Open(path, RecordSchema.Person, Needed).Dispose());
        Assert.Equal(["birthDate", "leadingTalentQualified"], ex.Errors.Select(e => e.Column));
    }

    [Fact]
    public void Json_errors_name_line_and_column()
    {
        var json = """
            {
              "id": "P1",
              "birthDate": "1985-3-15",
              "leadingTalentQualified": true,
              "employees": 10,
              "birthdate": "1985-03-15"
            }
            """;
        var ex = Assert.Throws<ProfileInputException>(() => ProfileJsonReader.Read("person.json", Encoding.UTF8.GetBytes(json), RecordSchema.Person, Needed));
        Assert.Collection(ex.Errors,
            e =>
            {
                Assert.Equal(("birthDate", 3), (e.Column, e.Line));
                Assert.Contains("expected a date YYYY-MM-DD, got '1985-3-15'", e.Reason, StringComparison.Ordinal);
                Assert.Contains("(line 3, column 16) / ", e.Reason, StringComparison.Ordinal);
                Assert.EndsWith("（第 3 行第 16 列）", e.Reason, StringComparison.Ordinal);
            },
            e =>
            {
                Assert.Equal(("employees", 5), (e.Column, e.Line));
                Assert.Contains("not a profile field", e.Reason, StringComparison.Ordinal);
                Assert.Contains("(line 5, column 3) / ", e.Reason, StringComparison.Ordinal);
                Assert.EndsWith("（第 5 行第 3 列）", e.Reason, StringComparison.Ordinal);
            },
            e =>
            {
                Assert.Equal(("birthdate", 6), (e.Column, e.Line));
                Assert.Contains("did you mean 'birthDate'?", e.Reason, StringComparison.Ordinal);
            });
    }

    [Fact]
    public void Json_missing_or_null_needed_fields_are_errors_at_their_place()
    {
        var json = """
            { "id": "P1",
              "birthDate": null }
            """;
        var ex = Assert.Throws<ProfileInputException>(() => ProfileJsonReader.Read("person.json", Encoding.UTF8.GetBytes(json), RecordSchema.Person, Needed));
        Assert.Collection(ex.Errors,
            e =>
            {
                Assert.Equal(("birthDate", 2), (e.Column, e.Line));
                Assert.Contains("(line 2, column 16)", e.Reason, StringComparison.Ordinal);
            },
            e =>
            {
                Assert.Equal(("leadingTalentQualified", 1), (e.Column, e.Line));
                Assert.Contains("missing", e.Reason, StringComparison.Ordinal);
            });

        var person = ProfileJsonReader.Read("person.json", Encoding.UTF8.GetBytes("""{ "id": "P2", "birthDate": "1980-02-29", "leadingTalentQualified": false }"""), RecordSchema.Person, Needed);
        Assert.Equal(new PersonProfile { Id = "P2", BirthDate = new DateOnly(1980, 2, 29) }, person);
    }

    // ---- evaluating ------------------------------------------------------------------------

    [Fact]
    public void Evaluate_explains_a_person_from_the_cli_as_text_and_json()
    {
        var path = Write("person.json", """
            { "id": "P-370211-0001", "name": "张青年", "birthDate": "1979-06-30", "employerId": "91370211MA3TEST001", "leadingTalentQualified": true }
            """);

        var (exit, stdout, stderr) = Cli.Cli.Run("evaluate", "--programme", Programme, "--profile", path, "--as-of", "2025-06-30", "--rules", _rules);
        Assert.True(exit == 0, stderr);
        Assert.Contains("青年科技领军人才 / Young science and technology leading talent — YoungTalentLeader 2023", stdout, StringComparison.Ordinal);
        Assert.Contains("人员 Person: P-370211-0001    评估日期 As of: 2025-06-30", stdout, StringComparison.Ordinal); // a person, not an enterprise
        Assert.Contains("结论：不符合条件（2 项条件中 1 项未满足） / Result: NOT ELIGIBLE (1 of 2 criteria not met)", stdout, StringComparison.Ordinal);
        Assert.Contains("✗ AgeAtMost45 [provisional]", stdout, StringComparison.Ordinal);
        Assert.Contains("评估日的周岁年龄: 46 / Age in full years on the evaluation date: 46", stdout, StringComparison.Ordinal);
        Assert.Contains("（实际 46，要求 ≤ 45）", stdout, StringComparison.Ordinal); // years, not items (项)

        (exit, stdout, stderr) = Cli.Cli.Run("evaluate", "--programme", Programme, "--profile", path, "--as-of", "2025-06-29", "--format", "json", "--rules", _rules);
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(Programme, json.RootElement.GetProperty("programme").GetString());
        Assert.Equal("P-370211-0001", json.RootElement.GetProperty("profileId").GetString());
        Assert.True(json.RootElement.GetProperty("eligible").GetBoolean());
        Assert.Empty(json.RootElement.GetProperty("uses").EnumerateArray());
    }

    [Fact]
    public void Evaluate_from_the_cli_refuses_the_wrong_kind_of_profile()
    {
        var enterprise = Write("enterprise.json", """{ "id": "E1", "employees": 10, "birthDate": "1985-03-15", "leadingTalentQualified": true }""");
        var (exit, _, stderr) = Cli.Cli.Run("evaluate", "--programme", Programme, "--profile", enterprise, "--as-of", "2025-06-30", "--rules", _rules);
        Assert.Equal(2, exit);
        Assert.Contains("column 'employees'", stderr, StringComparison.Ordinal);

        var person = Write("person.json", """{ "id": "P1", "birthDate": "1985-03-15", "leadingTalentQualified": true }""");
        (exit, _, stderr) = Cli.Cli.Run("evaluate", "--programme", "SmeSize", "--profile", person, "--as-of", "2025-06-30", "--rules", _rules);
        Assert.Equal(2, exit);
        Assert.Contains("column 'birthDate'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluating_the_wrong_kind_of_record_throws_ArgumentException()
    {
        var enterpriseEx = Assert.Throws<ArgumentException>(() => Engine.Evaluate(Programme, TestProfiles.Baseline(), TestProfiles.AsOf));
        Assert.Contains("YoungTalentLeader evaluates Person records, not Enterprise records", enterpriseEx.Message, StringComparison.Ordinal);
        var personEx = Assert.Throws<ArgumentException>(() => Engine.Evaluate("HighTechEnterprise", TestProfiles.Person(), TestProfiles.AsOf));
        Assert.Contains("HighTechEnterprise evaluates Enterprise records, not Person records", personEx.Message, StringComparison.Ordinal);

        var young = Engine.GetProgramme(Programme, TestProfiles.AsOf);
        Assert.Throws<ArgumentException>(() => young.Screen(TestProfiles.Baseline(), TestProfiles.AsOf, young.CreateBuffer()));
        var highTech = Engine.GetProgramme("HighTechEnterprise", TestProfiles.AsOf);
        Assert.Throws<ArgumentException>(() => highTech.Screen(TestProfiles.Person(), TestProfiles.AsOf, highTech.CreateBuffer()));
        Assert.Throws<ArgumentException>(() => young.EvaluateRecord("not a profile", TestProfiles.AsOf));

        var mixed = Assert.Throws<ArgumentException>(() => ProgrammeScreener.Create([young, highTech], TestProfiles.AsOf));
        Assert.Contains("企业与人才项目不能在同一输入中筛查", mixed.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1979-07-01", true, 45)]  // the 46th birthday is tomorrow
    [InlineData("1979-06-30", false, 46)] // the 46th birthday is today
    [InlineData("1980-06-30", true, 45)]  // the 45th birthday is today (含 45)
    public void The_age_limit_ends_on_the_46th_birthday(string birthDate, bool eligible, int age)
    {
        var person = TestProfiles.Person() with { BirthDate = DateOnly.Parse(birthDate, System.Globalization.CultureInfo.InvariantCulture) };
        var result = Engine.Evaluate(Programme, person, TestProfiles.AsOf);
        Assert.Equal(eligible, result.Eligible);
        Assert.Equal(age, Assert.Single(result.Values, v => v.Name == "age").Value);
        Assert.Equal<string>(eligible ? [] : ["AgeAtMost45"], result.FailedCriteria);
    }

    [Theory]
    [InlineData("2026-02-27", 45, true)]
    [InlineData("2026-02-28", 46, false)] // 2026 has no 29 February: the age counts on 28 February (DateOnly.AddYears)
    [InlineData("2026-03-01", 46, false)]
    [InlineData("2024-02-28", 43, true)]
    [InlineData("2024-02-29", 44, true)]  // a leap year: the birthday itself
    public void A_29_February_birthday_counts_on_28_February_in_common_years(string asOf, int age, bool eligible)
    {
        var person = TestProfiles.Person() with { BirthDate = new DateOnly(1980, 2, 29) };
        var date = DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture);
        var result = Engine.Evaluate(Programme, person, date);
        Assert.Equal(age, Assert.Single(result.Values, v => v.Name == "age").Value);
        Assert.Equal(eligible, result.Eligible);
    }

    // ---- screening -------------------------------------------------------------------------

    [Fact]
    public void Screening_the_sample_persons_counts_add_up_and_match_Evaluate()
    {
        var input = Path.Combine(SamplesDirectory, "persons.csv");
        var output = Path.Combine(_dir, "out.csv");
        var (exit, stdout, stderr) = Cli.Cli.Run("screen", "--programmes", Programme, "--input", input, "--output", output, "--as-of", "2025-06-30", "--rules", _rules);
        Assert.True(exit == 0, stderr);

        var lines = File.ReadAllLines(output);
        Assert.Equal("id,YoungTalentLeader.eligible,YoungTalentLeader.failed", lines[0]);
        Assert.Contains("Read 200 rows = written 200 + rejected 0", stdout, StringComparison.Ordinal);

        using var reader = ProfileCsvReader.Open(input, RecordSchema.Person, Needed);
        var persons = reader.ReadAll().Select(r => r.Person!).ToList();
        var expected = persons.Select(p => Engine.Evaluate(Programme, p, TestProfiles.AsOf)).ToList();
        Assert.Equal(expected.Select(r => $"{r.ProfileId},{r.Eligible.ToString().ToLowerInvariant()},{string.Join(";", r.FailedCriteria)}"), lines.Skip(1));
        var eligible = expected.Count(r => r.Eligible);
        Assert.InRange(eligible, 1, 199);
        Assert.Matches($@"│ YoungTalentLeader 2023 +│ +{eligible} / 200 │", stdout);
    }

    [Fact]
    public void Screening_generated_persons_rejects_bad_rows_with_row_and_column()
    {
        var input = Path.Combine(_dir, "persons.csv");
        var (exit, stdout, stderr) = Cli.Cli.Run("generate", "--persons", "--count", "50", "--seed", "7", "--output", input);
        Assert.True(exit == 0, stderr);
        Assert.Contains("Wrote 50 persons", stdout, StringComparison.Ordinal);

        var lines = File.ReadAllLines(input);
        Assert.Equal("id,name,birthDate,employerId,leadingTalentQualified", lines[0]);
        var cells = lines[3].Split(',');
        cells[2] = "1990-13-01";
        lines[3] = string.Join(',', cells);
        cells = lines[10].Split(',');
        cells[4] = "";
        lines[10] = string.Join(',', cells);
        File.WriteAllLines(input, lines);

        var output = Path.Combine(_dir, "out.csv");
        (exit, stdout, stderr) = Cli.Cli.Run("screen", "--programmes", Programme, "--input", input, "--output", output, "--as-of", "2025-06-30", "--rules", _rules);
        Assert.True(exit == 0, stderr);
        Assert.Contains("Read 50 rows = written 48 + rejected 2", stdout, StringComparison.Ordinal);
        Assert.Equal(49, File.ReadAllLines(output).Length);
        var rejects = File.ReadAllLines(ScreeningJob.RejectsPathFor(output));
        Assert.Equal(3, rejects.Length);
        Assert.StartsWith($"3,4,{lines[3].Split(',')[0]},birthDate,\"expected a date", rejects[1], StringComparison.Ordinal);
        Assert.StartsWith($"10,11,{lines[10].Split(',')[0]},leadingTalentQualified,\"empty cell", rejects[2], StringComparison.Ordinal);

        // The same seed writes the same file; persons are CSV or .xlsx, not Parquet.
        var again = Path.Combine(_dir, "again.csv");
        Assert.Equal(0, Cli.Cli.Run("generate", "--persons", "--count", "50", "--seed", "7", "--output", again).Exit);
        var first = File.ReadAllLines(again);
        Assert.Equal(lines.Where((_, i) => i is not (3 or 10)), first.Where((_, i) => i is not (3 or 10)));
        (exit, _, stderr) = Cli.Cli.Run("generate", "--persons", "--count", "5", "--output", Path.Combine(_dir, "p.parquet"));
        Assert.Equal(2, exit);
        Assert.Contains("CSV or .xlsx only", stderr, StringComparison.Ordinal);

        // The .xlsx persons read back as the CSV ones (same seed).
        var workbook = Path.Combine(_dir, "persons.xlsx");
        Assert.Equal(0, Cli.Cli.Run("generate", "--persons", "--count", "50", "--seed", "7", "--output", workbook).Exit);
        using var xlsx = PolicyRules.Input.ProfileReaders.Open(workbook, PolicyRules.Model.RecordSchema.Person, PolicyRules.Model.RecordSchema.Person.All);
        using var csv = PolicyRules.Input.ProfileReaders.Open(again, PolicyRules.Model.RecordSchema.Person, PolicyRules.Model.RecordSchema.Person.All);
        Assert.Equal(csv.ReadAll().Select(r => r.Person), xlsx.ReadAll().Select(r => r.Person));
    }

    [Fact]
    public void Screening_a_person_programme_with_an_enterprise_programme_exits_2_in_both_languages()
    {
        var input = Path.Combine(SamplesDirectory, "persons.csv");
        var output = Path.Combine(_dir, "out.csv");
        var (exit, stdout, stderr) = Cli.Cli.Run("screen", "--programmes", "YoungTalentLeader,HighTechEnterprise", "--input", input, "--output", output, "--as-of", "2025-06-30", "--rules", _rules);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("The programmes read different kinds of record (Person: YoungTalentLeader; Enterprise: HighTechEnterprise), each from its own file: screen each kind separately.", stderr, StringComparison.Ordinal);
        Assert.Contains("须按记录类型分别筛查", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Screening_by_default_runs_only_enterprise_programmes()
    {
        var input = Path.Combine(_dir, "in.csv");
        ProfileCsvWriter.Write(input, [TestProfiles.Baseline()]);
        var output = Path.Combine(_dir, "out.csv");
        var (exit, _, stderr) = Cli.Cli.Run("screen", "--input", input, "--output", output, "--as-of", "2025-06-30", "--rules", _rules);
        Assert.True(exit == 0, stderr);
        var header = File.ReadLines(output).First();
        Assert.DoesNotContain(Programme, header, StringComparison.Ordinal);
        Assert.Contains("HighTechEnterprise.eligible", header, StringComparison.Ordinal);
    }
}
