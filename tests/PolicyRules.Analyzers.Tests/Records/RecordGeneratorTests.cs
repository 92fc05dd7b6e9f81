using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using PolicyRules.Analyzers.Records;
using PolicyRules.Model;

namespace PolicyRules.Analyzers.Tests.Records;

/// <summary>
/// The record generator on the two declarations of issue 14 (a new kind Project, an extension of
/// Enterprise): the generated classes compile, carry the declared types and docs, and a misspelt
/// field in C# is an ordinary compile error; a malformed declaration is PR1030 on its token.
/// </summary>
public sealed class RecordGeneratorTests
{
    private const string Project = """
        {
          "$schema": "./policyrules-record.schema.json",
          "Record": "Project",
          "Variable": "project",
          "TitleZh": "科研项目", "TitleEn": "Research project",
          "Fields": [
            { "Name": "id", "Kind": "text", "TitleZh": "项目编号", "TitleEn": "Project identifier" },
            { "Name": "name", "Kind": "text", "TitleZh": "项目名称", "TitleEn": "Project name" },
            { "Name": "budget", "Kind": "money", "Unit": "yuan", "Period": "total", "TitleZh": "项目总预算", "TitleEn": "Total budget",
              "MeaningZh": "立项批复的总预算", "MeaningEn": "The total budget as approved", "Min": 0, "Max": 100000000000 },
            { "Name": "selfFundedPercent", "Kind": "percent", "Min": 0, "Max": 100, "TitleZh": "自筹比例", "TitleEn": "Self-funded share" },
            { "Name": "startDate", "Kind": "date", "TitleZh": "开始日期", "TitleEn": "Start date" },
            { "Name": "staff", "Kind": "count", "TitleZh": "人数", "TitleEn": "Staff" },
            { "Name": "stage", "Kind": "choice", "Values": ["Planned", "Running", "Closed"], "TitleZh": "阶段", "TitleEn": "Stage" }
          ]
        }
        """;

    private const string District = """
        {
          "Extends": "Enterprise",
          "Fields": [
            { "Name": "registeredInDistrict", "Kind": "bool", "TitleZh": "在本区注册", "TitleEn": "Registered in the district" }
          ]
        }
        """;

    [Fact]
    public void A_new_record_kind_becomes_a_documented_sealed_record_with_required_typed_properties()
    {
        var run = Generate([("/app/rules/Project.record.json", Project)]);

        Assert.Empty(run.Diagnostics);
        var source = Assert.Single(run.Sources).Text;
        Assert.Contains("namespace App.PolicyRecords", source, StringComparison.Ordinal);
        Assert.Contains("/// <summary>科研项目 / Research project</summary>", source, StringComparison.Ordinal);
        Assert.Contains("/// <summary>项目总预算 / Total budget</summary>", source, StringComparison.Ordinal);
        Assert.Contains("立项批复的总预算 / The total budget as approved", source, StringComparison.Ordinal);
        Assert.Contains("单位 / unit yuan; 期间 / period total; 范围 / range 0 – 100000000000", source, StringComparison.Ordinal);
        Assert.Contains("取值 / one of <c>Planned</c>, <c>Running</c>, <c>Closed</c>", source, StringComparison.Ordinal);
        Assert.Contains("[global::System.Text.Json.Serialization.JsonPropertyName(\"selfFundedPercent\")]", source, StringComparison.Ordinal);

        var type = Load(run).GetType("App.PolicyRecords.Project")!;
        Assert.True(type.IsSealed);
        var expected = new Dictionary<string, Type>
        {
            ["Id"] = typeof(string), ["Name"] = typeof(string), ["Budget"] = typeof(decimal), ["SelfFundedPercent"] = typeof(decimal),
            ["StartDate"] = typeof(DateOnly), ["Staff"] = typeof(int), ["Stage"] = typeof(string),
        };
        var declared = type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(p => p.Name != "EqualityContract")
            .ToDictionary(p => p.Name, p => p.PropertyType);
        Assert.Equal(expected.OrderBy(p => p.Key), declared.OrderBy(p => p.Key));
        Assert.All(type.GetProperties().Where(p => expected.ContainsKey(p.Name)), p =>
        {
            Assert.Contains(p.GetCustomAttributesData(), a => a.AttributeType.Name == "RequiredMemberAttribute");
            Assert.Null(p.SetMethod!.ReturnParameter.GetRequiredCustomModifiers().SingleOrDefault(m => m.Name != "IsExternalInit"));
            Assert.Contains(p.SetMethod.ReturnParameter.GetRequiredCustomModifiers(), m => m.Name == "IsExternalInit"); // init, not set
        });
    }

    [Fact]
    public void An_extension_of_Enterprise_derives_from_EnterpriseProfile_and_is_named_after_its_file()
    {
        var run = Generate([("/app/rules/Enterprise.district.record.json", District)]);

        Assert.Empty(run.Diagnostics);
        var type = Load(run).GetType("App.PolicyRecords.DistrictEnterprise")!;
        Assert.Equal(typeof(EnterpriseProfile), type.BaseType);
        var instance = Activator.CreateInstance(type)!;
        type.GetProperty("RegisteredInDistrict")!.SetValue(instance, true);
        type.GetProperty(nameof(EnterpriseProfile.Employees))!.SetValue(instance, 12);
        var profile = Assert.IsAssignableFrom<EnterpriseProfile>(instance);
        Assert.Equal(12, profile.Employees);
        Assert.Equal(typeof(bool), type.GetProperty("RegisteredInDistrict")!.PropertyType);
    }

    [Fact]
    public void The_namespace_follows_the_documented_property_over_the_root_namespace()
    {
        var run = Generate([("/app/rules/Project.record.json", Project)], new Dictionary<string, string> { ["build_property.PolicyRulesRecordNamespace"] = "District.Records" });

        Assert.Empty(run.Diagnostics);
        Assert.NotNull(Load(run).GetType("District.Records.Project"));
    }

    [Theory]
    [InlineData("_ = project.Budjet;", "CS1061", "Budjet")]
    [InlineData("_ = new Project { Id = \"1\", Name = \"n\", Budjet = 1m, SelfFundedPercent = 50m, StartDate = default, Staff = 1, Stage = \"Planned\" };", "CS0117", "Budjet")]
    [InlineData("_ = new Project { Id = \"1\" };", "CS9035", "Project")]
    [InlineData("_ = district.RegisteredInDistrikt;", "CS1061", "RegisteredInDistrikt")]
    [InlineData("project.Budget = 3m;", "CS8852", "project.Budget")]
    public void A_misspelt_or_missing_field_in_CSharp_is_an_ordinary_compile_error(string statement, string id, string at)
    {
        var user = $$"""
            using App.PolicyRecords;
            static class Use
            {
                static void Run(Project project, DistrictEnterprise district)
                {
                    {{statement}}
                }
            }
            """;
        var run = Generate([("/app/rules/Project.record.json", Project), ("/app/rules/Enterprise.district.record.json", District)], user: user);

        Assert.Empty(run.Diagnostics);
        var errors = run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.NotEmpty(errors);
        Assert.Contains(errors, e => e.Id == id && e.Location.SourceTree!.GetText().ToString(e.Location.SourceSpan) == at);
        Assert.All(errors, e => Assert.Contains(e.Id, (string[])[id, "CS9035"])); // nothing but the misspelling (and the field it left unset)
    }

    [Fact]
    public void Bundled_declarations_and_files_marked_as_no_rules_generate_nothing()
    {
        var options = new Dictionary<string, Dictionary<string, string>>
        {
            ["/pkg/policyrules-bundled/Enterprise.record.json"] = new() { ["build_metadata.AdditionalFiles.PolicyRulesBundled"] = "true" },
            ["/app/other/Project.record.json"] = new() { ["build_metadata.AdditionalFiles.PolicyRules"] = "false" },
        };
        var run = Generate([("/pkg/policyrules-bundled/Enterprise.record.json", "{ \"Record\": \"Enterprise\", \"Fields\": [] }"), ("/app/other/Project.record.json", Project)], perFile: options);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Sources);
    }

    public static TheoryData<string, string, string> Malformed => new()
    {
        // Each declaration marks, with ⟦…⟧, the token PR1030 must land on; the message must contain the last text.
        { "{ \"Record\": ⟦\"Project\"⟧, \"Extends\": \"Enterprise\" }", "x.record.json", "either \"Record\"" },
        { "{ \"Record\": ⟦\"project\"⟧, \"Fields\": [] }", "x.record.json", "PascalCase" },
        { "{ \"Record\": \"Project\", \"Fields\": [ { \"Name\": \"id\", \"Kind\": \"text\" }, { \"Name\": \"budget\", \"Kind\": ⟦\"mony\"⟧ } ] }", "x.record.json", "did you mean 'money'?" },
        { "{ \"Record\": \"Project\", \"Fields\": [ { \"Name\": \"id\", \"Kind\": \"text\" }, { \"Name\": ⟦\"Budget\"⟧, \"Kind\": \"money\" } ] }", "x.record.json", "camelCase" },
        { "{ \"Record\": \"Project\", \"Fields\": ⟦[ { \"Name\": \"budget\", \"Kind\": \"money\" } ]⟧ }", "x.record.json", "\"id\"" },
        { "{ \"Record\": \"Project\", \"Fields\": [ { \"Name\": \"id\", \"Kind\": \"text\" }, { \"Name\": ⟦\"id\"⟧, \"Kind\": \"text\" } ] }", "x.record.json", "declared twice in this file (first at 1:46)" },
        { "{ \"Record\": \"Project\", \"Fields\": [ { \"Name\": \"id\", \"Kind\": \"text\" }, { \"Name\": \"stage\", \"Kind\": ⟦\"choice\"⟧ } ] }", "x.record.json", "\"Values\"" },
        { "{ \"Record\": \"Project\", \"Fields\": [ { \"Name\": \"id\", \"Kind\": \"text\" }, { \"Name\": ⟦\"equals\"⟧, \"Kind\": \"text\" } ] }", "x.record.json", "'Equals'" },
        { "{ \"Extends\": \"Enterprise\", \"Fields\": [ { \"Name\": ⟦\"employees\"⟧, \"Kind\": \"count\" } ] }", "Enterprise.district.record.json", "already has a field 'employees'" },
        { "{ \"Extends\": ⟦\"Enterprise\"⟧, \"Fields\": [] }", "Enterprise.record.json", "Enterprise.<name>.record.json" },
        { "{ \"Record\": \"Project\", \"Fields\": [ { \"Name\": \"id\" } ] ⟦⟧", "x.record.json", "is not valid JSON: expected '}' / x.record.json 不是有效的 JSON：此处应为 '}'" },
        { "{ \"Record\": \"Project\", \"Fields\": [ { \"Name\": \"id\", \"Kind\": \"text\" }, ⟦{ \"Kind\": \"text\" }⟧ ] }", "x.record.json", "this field has none" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_declaration_is_PR1030_on_its_token_and_generates_nothing(string marked, string file, string message)
    {
        var start = marked.IndexOf('⟦', StringComparison.Ordinal);
        var text = marked.Replace("⟦", "", StringComparison.Ordinal).Replace("⟧", "", StringComparison.Ordinal);
        var end = marked.IndexOf('⟧', StringComparison.Ordinal) - 1;
        var run = Generate([("/app/rules/" + file, text)]);

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("PR1030", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("/app/rules/" + file, diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(start, diagnostic.Location.SourceSpan.Start);
        if (!message.Contains("JSON", StringComparison.Ordinal))
        {
            Assert.Equal(end, diagnostic.Location.SourceSpan.End);
        }

        var said = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(message, said, StringComparison.Ordinal);
        Assert.Contains(" / ", said, StringComparison.Ordinal); // English, then Chinese
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Two_files_that_would_make_one_class_are_PR1030_on_the_second()
    {
        var run = Generate([("/app/rules/a/Project.record.json", Project), ("/app/rules/b/Project.record.json", Project)]);

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("/app/rules/b/Project.record.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("/app/rules/a/Project.record.json", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Single(run.Sources);
    }

    [Fact]
    public void Extending_a_kind_without_a_typed_base_is_a_warning_not_a_failure()
    {
        var run = Generate([("/app/rules/Person.extra.record.json", "{ \"Extends\": \"Person\", \"Fields\": [] }")]);

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Empty(run.Sources);
    }

    private const string Green = """
        {
          "Extends": "Enterprise",
          "Fields": [
            { "Name": "greenCertified", "Kind": "bool", "TitleZh": "绿色认证", "TitleEn": "Green certified" },
            { "Name": "carbonTonnes", "Kind": "decimal", "TitleZh": "碳排放", "TitleEn": "Carbon emissions" }
          ]
        }
        """;

    [Fact]
    public void Two_extension_files_of_a_kind_generate_one_class_named_after_the_first_with_both_files_fields()
    {
        // Given in either order: the class is named after the first file by path, as the engine orders them.
        foreach (var files in ((string, string)[][])[
            [("/app/rules/Enterprise.district.record.json", District), ("/app/rules/Enterprise.green.record.json", Green)],
            [("/app/rules/Enterprise.green.record.json", Green), ("/app/rules/Enterprise.district.record.json", District)]])
        {
            var run = Generate(files);

            Assert.Empty(run.Diagnostics);
            var source = Assert.Single(run.Sources);
            Assert.Equal("DistrictEnterprise.g.cs", source.HintName);
            Assert.Contains("Enterprise.district.record.json, Enterprise.green.record.json", source.Text, StringComparison.Ordinal);
            var assembly = Load(run);
            Assert.Null(assembly.GetType("App.PolicyRecords.GreenEnterprise"));
            var type = assembly.GetType("App.PolicyRecords.DistrictEnterprise")!;
            Assert.Equal(typeof(EnterpriseProfile), type.BaseType);
            var instance = Activator.CreateInstance(type)!;
            type.GetProperty("RegisteredInDistrict")!.SetValue(instance, true);
            type.GetProperty("GreenCertified")!.SetValue(instance, true);
            type.GetProperty("CarbonTonnes")!.SetValue(instance, 12.5m);
            Assert.Equal(12.5m, type.GetProperty("CarbonTonnes")!.GetValue(instance));
            Assert.Equal(typeof(decimal), type.GetProperty("CarbonTonnes")!.PropertyType);
        }
    }

    [Fact]
    public void The_one_class_is_written_in_CSharp_with_every_files_fields_required()
    {
        var user = """
            using App.PolicyRecords;
            static class Use
            {
                static DistrictEnterprise Make() => new() { RegisteredInDistrict = true, GreenCertified = false };
            }
            """;
        var run = Generate([("/app/rules/Enterprise.district.record.json", District), ("/app/rules/Enterprise.green.record.json", Green)], user: user);

        var errors = run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var missing = Assert.Single(errors); // CarbonTonnes, of the second file, is required too
        Assert.Equal("CS9035", missing.Id);
        Assert.Contains("CarbonTonnes", missing.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("registeredInDistrict")]
    [InlineData("registeredindistrict")]
    public void A_field_two_extension_files_both_add_is_PR1030_on_the_second_files_token(string repeated)
    {
        var second = $$"""
            { "Extends": "Enterprise", "Fields": [ { "Name": "greenCertified", "Kind": "bool" }, { "Name": "{{repeated}}", "Kind": "bool" } ] }
            """;
        var run = Generate([("/app/rules/Enterprise.district.record.json", District), ("/app/rules/Enterprise.green.record.json", second)]);

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("PR1030", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("/app/rules/Enterprise.green.record.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(second.IndexOf($"\"{repeated}\"", StringComparison.Ordinal), diagnostic.Location.SourceSpan.Start);
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("already has a field 'registeredInDistrict' from /app/rules/Enterprise.district.record.json (4:", message, StringComparison.Ordinal);
        Assert.Contains("已有字段", message, StringComparison.Ordinal);
        Assert.Contains("DistrictEnterprise", Assert.Single(run.Sources).Text, StringComparison.Ordinal); // the first file still generates
    }

    // ---- harness ----

    private static readonly ImmutableArray<MetadataReference> References = [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
        .Select(p => MetadataReference.CreateFromFile(p)),
        MetadataReference.CreateFromFile(typeof(PolicyEngine).Assembly.Location)];

    private static GeneratedRun Generate((string Path, string Text)[] files, Dictionary<string, string>? global = null, Dictionary<string, Dictionary<string, string>>? perFile = null, string user = "")
    {
        var compilation = CSharpCompilation.Create("App",
            [CSharpSyntaxTree.ParseText(user, new CSharpParseOptions(LanguageVersion.Latest))],
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var globals = new Dictionary<string, string> { ["build_property.RootNamespace"] = "App" };
        foreach (var pair in global ?? [])
        {
            globals[pair.Key] = pair.Value;
        }

        var driver = CSharpGeneratorDriver.Create(
            [new RecordGenerator().AsSourceGenerator()],
            files.Select(f => (AdditionalText)new Additional(f.Path, f.Text)),
            new CSharpParseOptions(LanguageVersion.Latest),
            new Options(globals, perFile ?? []));
        driver = (CSharpGeneratorDriver)driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = driver.GetRunResult().Results.Single();
        return new GeneratedRun(result.Diagnostics, result.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToImmutableArray(), output);
    }

    private sealed record GeneratedRun(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<(string HintName, string Text)> Sources, Microsoft.CodeAnalysis.Compilation Output);

    private static Assembly Load(GeneratedRun run)
    {
        using var stream = new MemoryStream();
        var emitted = run.Output.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Severity >= DiagnosticSeverity.Warning);
        return Assembly.Load(stream.ToArray());
    }

    private sealed class Additional(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class Options(Dictionary<string, string> global, Dictionary<string, Dictionary<string, string>> perFile) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(global);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values([]);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Values(perFile.TryGetValue(textFile.Path, out var values) ? values : []);
    }

    private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
