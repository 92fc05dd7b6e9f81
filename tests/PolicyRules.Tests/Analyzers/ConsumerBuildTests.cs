using System.Text.RegularExpressions;
using PolicyRules.Tests.Packaging;

namespace PolicyRules.Tests.Analyzers;

/// <summary>
/// End to end, as a rule author meets it: a consumer project whose rule file is broken fails
/// <c>dotnet build</c> with the PR IDs on the faulty lines, and builds clean once fixed.
/// </summary>
[Collection(DotnetBuilds.Name)]
public sealed partial class ConsumerBuildTests : IDisposable
{
    private static readonly string Root = Dotnet.Root;
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-consumer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_broken_rule_file_fails_the_build_on_the_faulty_lines_and_the_fixed_one_builds()
    {
        var rules = Path.Combine(_dir, "rules");
        Directory.CreateDirectory(rules);
        File.WriteAllText(Path.Combine(_dir, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{Root}/src/PolicyRules/buildTransitive/PolicyRules.props" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{Root}/src/PolicyRules/PolicyRules.csproj" />
                <ProjectReference Include="{Root}/src/PolicyRules.Analyzers/PolicyRules.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
              <Import Project="{Root}/src/PolicyRules/buildTransitive/PolicyRules.targets" />
            </Project>
            """);
        // Keep the repository's build settings (central versions, warnings as errors) out of the consumer.
        File.WriteAllText(Path.Combine(_dir, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(_dir, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(_dir, "Program.cs"), """
            using PolicyRules;
            var engine = PolicyEngine.LoadDirectory("rules");
            Console.WriteLine(engine.GetVersions("HighTechEnterprize").Length);
            Console.WriteLine(engine.Evaluate("HighTechEnterprise", new PolicyRules.Model.PersonProfile(), new DateOnly(2025, 6, 30)).Eligible);
            """);

        var good = File.ReadAllText(Path.Combine(Root, "rules", "HighTechEnterprise.json"));
        var broken = good
            .Replace("enterprise.InnovationCapabilityScore > 70", "enterprise.InnovationScore > 70", StringComparison.Ordinal)   // PR1006
            .Replace("\"Expression\": \"daysRegistered >= 365\"", "\"Expression\": \"daysRegistered >= \"", StringComparison.Ordinal) // PR1007
            .Replace("\"RuleName\": \"SupportedTechField\"", "\"RuleName\": \"CoreIntellectualProperty\"", StringComparison.Ordinal) // PR1005
            .Replace("\"Expression\": \"techStaffRatio >= 0.10\"", "\"Expression\": \"techStaffRatio\"", StringComparison.Ordinal)   // PR1008
            .Replace("\"Expression\": \"domesticRdShare >= 0.60\"", "\"Expression\": \"domesticShare >= 0.60\"", StringComparison.Ordinal); // PR1010
        File.WriteAllText(Path.Combine(rules, "HighTechEnterprise.json"), broken);
        var lines = broken.Split('\n');
        var goodTechSme = File.ReadAllText(Path.Combine(Root, "rules", "TechBasedSme.2017.json"));
        var brokenTechSme = goodTechSme.Replace("\"Operator\": \"OrElse\"", "\"Operator\": \"Xor\"", StringComparison.Ordinal); // PR1003
        File.WriteAllText(Path.Combine(rules, "TechBasedSme.2017.json"), brokenTechSme);
        var goodSize = File.ReadAllText(Path.Combine(Root, "rules", "SmeSize.json"));
        var brokenSize = goodSize.Replace("\"Version\": \"2011\",", "\"Version\": \"2011\",,", StringComparison.Ordinal); // PR1001
        File.WriteAllText(Path.Combine(rules, "SmeSize.json"), brokenSize);
        int LineOf(string text) => Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal)) + 1;
        // Two composites in two files that use each other (PR1021): reported in the file whose "Uses" closes the cycle.
        File.WriteAllText(Path.Combine(rules, "WhitelistA.json"), Composite("WhitelistA", "WhitelistB"));
        var whitelistB = Composite("WhitelistB", "WhitelistA");
        File.WriteAllText(Path.Combine(rules, "WhitelistB.json"), whitelistB);

        var (exit, output) = Build();

        Assert.NotEqual(0, exit);
        var reported = Reported().Matches(output).Select(m => (Id: m.Groups["id"].Value, File: Path.GetFileName(m.Groups["file"].Value), Line: int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture))).ToHashSet();
        Assert.Contains(("PR1006", "HighTechEnterprise.json", LineOf("enterprise.InnovationScore")), reported);
        Assert.Contains(("PR1007", "HighTechEnterprise.json", LineOf("\"daysRegistered >= \"")), reported);
        Assert.Contains(("PR1005", "HighTechEnterprise.json", Array.FindLastIndex(lines, l => l.Contains("\"RuleName\": \"CoreIntellectualProperty\"", StringComparison.Ordinal)) + 1), reported);
        Assert.Contains(("PR1008", "HighTechEnterprise.json", LineOf("\"Expression\": \"techStaffRatio\"")), reported);
        Assert.Contains(("PR1010", "HighTechEnterprise.json", LineOf("domesticShare >= 0.60")), reported);
        Assert.Contains(("PR1003", "TechBasedSme.2017.json", Array.FindIndex(brokenTechSme.Split('\n'), l => l.Contains("\"Xor\"", StringComparison.Ordinal)) + 1), reported);
        Assert.Contains(("PR1001", "SmeSize.json", Array.FindIndex(brokenSize.Split('\n'), l => l.Contains(",,", StringComparison.Ordinal)) + 1), reported);
        Assert.Contains(("PR1021", "WhitelistB.json", Array.FindIndex(whitelistB.Split('\n'), l => l.Contains("\"Uses\"", StringComparison.Ordinal)) + 1), reported);
        Assert.DoesNotContain(reported, r => r.File == "WhitelistA.json");
        Assert.Contains(("PR2001", "Program.cs", 3), reported);
        Assert.Contains(("PR2002", "Program.cs", 4), reported);
        Assert.Contains("did you mean 'HighTechEnterprise'?", output, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(rules, "HighTechEnterprise.json"), good);
        File.WriteAllText(Path.Combine(rules, "TechBasedSme.2017.json"), goodTechSme);
        File.WriteAllText(Path.Combine(rules, "SmeSize.json"), goodSize);
        File.Delete(Path.Combine(rules, "WhitelistA.json"));
        File.Delete(Path.Combine(rules, "WhitelistB.json"));
        File.WriteAllText(Path.Combine(_dir, "Program.cs"), """
            using PolicyRules;
            var engine = PolicyEngine.LoadDirectory("rules");
            Console.WriteLine(engine.GetVersions("HighTechEnterprise").Length);
            Console.WriteLine(engine.Evaluate("HighTechEnterprise", new PolicyRules.Model.EnterpriseProfile(), new DateOnly(2025, 6, 30)).Eligible);
            """);
        var (fixedExit, fixedOutput) = Build();
        Assert.True(fixedExit == 0, fixedOutput);
        Assert.DoesNotMatch(Reported(), fixedOutput);
    }

    [Fact]
    public void The_apps_own_folders_are_checked_with_the_bundled_rules_and_its_declarations_become_typed_records()
    {
        // The bundled rules as the package gives them: here, the repository's rules/ (what is packed).
        WriteDistrictConsumer(warningsAsErrors: true);

        // Clean: DistrictSmeSupport uses the bundled SmeSize (no PR1020), C# names a bundled programme (no PR2001).
        var run = Dotnet.Succeed(_dir, ["run", "--nologo"]);
        Assert.Contains(DistrictConsumer.ExpectedOutput, run.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        // Without the bundled rules in the check, the same folder does not check: what the bundled folder is for.
        var (alone, aloneOutput) = Dotnet.Run(_dir, ["build", "--nologo", "-v:q", "-clp:NoSummary", "-p:PolicyRulesIncludeBundled=false"]);
        Assert.NotEqual(0, alone);
        Assert.Contains(DistrictConsumer.Reported(aloneOutput), r => r.Id == "PR1020" && r.File == "DistrictSmeSupport.json");

        // A misspelt field of a generated record is an ordinary C# error; misspelt programmes, district and bundled, are PR2001.
        var field = DistrictConsumer.Edit(_dir, "{enterprise.RegisteredInDistrict}", "{enterprise.RegisteredInDistrikt}", "RegisteredInDistrikt");
        var programme = DistrictConsumer.Edit(_dir, "Evaluate(\"DistrictSmeSupport\"", "Evaluate(\"DistrictSmeSuport\"", "\"DistrictSmeSuport\"");
        var bundled = DistrictConsumer.Edit(_dir, "Evaluate(\"HighTechEnterprise\"", "Evaluate(\"HighTechEnterprize\"", "\"HighTechEnterprize\"");
        var (broken, brokenOutput) = Build();
        Assert.NotEqual(0, broken);
        var reported = DistrictConsumer.Reported(brokenOutput);
        Assert.Contains(("CS1061", "Program.cs", field.Line, field.Column), reported);
        Assert.Contains(("PR2001", "Program.cs", programme.Line, programme.Column), reported);
        Assert.Contains(("PR2001", "Program.cs", bundled.Line, bundled.Column), reported);
        Assert.Contains("did you mean 'DistrictSmeSupport'?", brokenOutput, StringComparison.Ordinal);
        DistrictConsumer.LayOut(_dir);

        // A district programme named like a bundled one: PR1031 on it, until it says "Overrides": true.
        var smeSize = Composite("SmeSize", "DistrictSmeSupport").Replace("\"Uses\": [ \"DistrictSmeSupport\" ]", "\"Uses\": []", StringComparison.Ordinal)
            .Replace("programmes.Eligible(\\\"DistrictSmeSupport\\\")", "enterprise.Employees >= 0", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_dir, "district", "SmeSize.json"), smeSize);
        var (clash, clashOutput) = Build();
        Assert.NotEqual(0, clash);
        Assert.Contains(("PR1031", "SmeSize.json", 3), DistrictConsumer.Reported(clashOutput).Select(r => (r.Id, r.File, r.Line)));
        Assert.Contains("\"Overrides\": true", clashOutput, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_dir, "district", "SmeSize.json"), smeSize.Replace("\"Uses\": []", "\"Uses\": [], \"Overrides\": true", StringComparison.Ordinal));
        var (chosen, chosenOutput) = Build();
        Assert.True(chosen == 0, chosenOutput);
    }

    [Fact]
    public void Programmes_over_declared_records_check_in_the_build_and_a_misspelt_field_in_JSON_is_PR1006()
    {
        WriteDistrictConsumer(warningsAsErrors: false);
        var project = Composite("KeyProjectSupport", "x").Replace("\"Uses\": [ \"x\" ]", "\"Input\": \"Project\"", StringComparison.Ordinal)
            .Replace("programmes.Eligible(\\\"x\\\")", "project.Budget >= 2000000 && project.SelfFundedPercent >= 50", StringComparison.Ordinal);
        var district = Composite("DistrictOnly", "x").Replace("\"Uses\": [ \"x\" ]", "\"Uses\": []", StringComparison.Ordinal)
            .Replace("programmes.Eligible(\\\"x\\\")", "enterprise.RegisteredInDistrict", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_dir, "district", "KeyProjectSupport.json"), project);
        File.WriteAllText(Path.Combine(_dir, "district", "DistrictOnly.json"), district);
        var (exit, output) = Build();
        Assert.True(exit == 0, output);

        File.WriteAllText(Path.Combine(_dir, "district", "KeyProjectSupport.json"), project.Replace("project.Budget", "project.Budjet", StringComparison.Ordinal));
        var (broken, brokenOutput) = Build();
        Assert.NotEqual(0, broken);
        Assert.Contains(DistrictConsumer.Reported(brokenOutput), r => r.Id == "PR1006" && r.File == "KeyProjectSupport.json");
        Assert.Contains("did you mean 'Budget'?", brokenOutput, StringComparison.Ordinal);
    }

    private static string Composite(string name, string uses) => $$"""
        [
          {
            "WorkflowName": "{{name}}",
            "PolicyRules": {
              "Version": "1", "TitleZh": "白名单", "TitleEn": "Whitelist", "Status": "provisional", "EffectiveFrom": "2023-01-01",
              "Documents": { "测试": "《测试》" },
              "Uses": [ "{{uses}}" ]
            },
            "Rules": [
              { "RuleName": "OnOther", "Expression": "programmes.Eligible(\"{{uses}}\")", "Properties": { "TitleZh": "另一名单", "TitleEn": "Other list", "Citation": { "Document": "测试", "Article": "一" } } }
            ]
          }
        ]
        """;

    /// <summary>
    /// A consumer project over project references with the district folder as its <c>PolicyRulesFolder</c>
    /// and the repository's rules/ as the bundled rules (what is packed), laid out in the test folder.
    /// </summary>
    private void WriteDistrictConsumer(bool warningsAsErrors)
    {
        File.WriteAllText(Path.Combine(_dir, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{Root}/src/PolicyRules/buildTransitive/PolicyRules.props" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>{(warningsAsErrors ? "true" : "false")}</TreatWarningsAsErrors>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <PolicyRulesBundledFolder>{Root}/rules/</PolicyRulesBundledFolder>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{Root}/src/PolicyRules/PolicyRules.csproj" />
                <ProjectReference Include="{Root}/src/PolicyRules.Analyzers/PolicyRules.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
            {DistrictConsumer.Items}
              <Import Project="{Root}/src/PolicyRules/buildTransitive/PolicyRules.targets" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(_dir, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(_dir, "Directory.Packages.props"), "<Project />");
        DistrictConsumer.LayOut(_dir);
    }

    private (int Exit, string Output) Build() => Dotnet.Run(_dir, ["build", "--nologo", "-v:q", "-clp:NoSummary"]);

    [GeneratedRegex(@"(?<file>[^\s:(]+)\((?<line>\d+),\d+\): (?:error|warning) (?<id>PR\d{4})")]
    private static partial Regex Reported();
}
