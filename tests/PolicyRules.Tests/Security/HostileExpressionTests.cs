using CsCheck;
using System.Linq.Dynamic.Core;
using System.Linq.Dynamic.Core.CustomTypeProviders;
using System.Reflection;
using PolicyRules.RuleTesting;
using PolicyRules.Rules;
using PolicyRules.Tests.Rules;

namespace PolicyRules.Tests.Security;

/// <summary>
/// Issue 7, item 1: hostile rule expressions. Each is refused when the rules load (PolicyEngine) and by
/// the build-time checker (<see cref="RuleLinter.Check"/>, which the analyzer runs), with its ID on its
/// character; none executes. The broken-rule corpus (Corpus/69–82) holds 14 more as whole rule files.
/// </summary>
public sealed class HostileExpressionTests
{
    /// <summary>
    /// (what it tries, the expression as the author writes it, unescaped). <c>{|PRxxxx:|}</c> marks the
    /// character where the error must start. Most are PR1015; a few are not even syntax, or break a
    /// limit, and are refused as PR1007 (see docs/diagnostics/PR1015.md).
    /// </summary>
    public static TheoryData<string, string> Corpus => new()
    {
        // Reflection
        { "GetType on the profile", "enterprise.{|PR1015:|}GetType() != null" },
        { "GetType on the date", "asOf.{|PR1015:|}GetType().Name != \"\"" },
        { "Assembly through a literal's type", "\"\".{|PR1015:|}GetType().Assembly != null" },
        { "typeof", "{|PR1015:|}typeof(EnterpriseProfile) != null" },
        { "Type.GetType", "{|PR1015:|}Type.GetType(\"System.IO.File\") != null" },
        { "Assembly.Load", "{|PR1015:|}Assembly.Load(\"System.Private.CoreLib\") != null" },
        { "MethodInfo.Invoke", "enterprise.{|PR1015:|}GetType().GetMethod(\"ToString\").Invoke(enterprise, null) != null" },
        { "reflection, upper case", "ENTERPRISE.{|PR1015:|}gettype() != null" },

        // IO, processes, the host
        { "File", "{|PR1015:|}File.Create(\"/tmp/policyrules-hostile\") != null" },
        { "File, fully qualified", "{|PR1015:|}System.IO.File.Exists(\"/etc/passwd\")" },
        { "Directory", "{|PR1015:|}Directory.CreateDirectory(\"/tmp/policyrules-hostile\").Exists" },
        { "Path", "{|PR1015:|}Path.GetTempPath() != \"\"" },
        { "Process.Start", "{|PR1015:|}Process.Start(\"touch\", \"/tmp/policyrules-hostile\") != null" },
        { "Process, fully qualified", "{|PR1015:|}System.Diagnostics.Process.GetCurrentProcess().Id > 0" },
        { "Environment.SetEnvironmentVariable", "{|PR1015:|}Environment.SetEnvironmentVariable(\"POLICYRULES_HOSTILE\", \"1\") == null" },
        { "Environment.Exit", "{|PR1015:|}Environment.Exit(1) == null" },
        { "Activator", "{|PR1015:|}Activator.CreateInstance(\"PolicyRules\", \"PolicyRules.PolicyEngine\") != null" },
        { "AppDomain", "{|PR1015:|}AppDomain.CurrentDomain.GetAssemblies().Length > 0" },
        { "GC", "{|PR1015:|}GC.GetTotalMemory(true) > 0" },
        { "Thread", "{|PR1015:|}Thread.Sleep(100000) == null" },
        { "Task", "{|PR1015:|}Task.Delay(100000).Wait(100000)" },
        { "Console", "{|PR1015:|}Console.ReadLine() == \"\"" },
        { "Marshal", "{|PR1015:|}Marshal.AllocHGlobal(2147483647) != null" },

        // Conversions and casts that leave the model
        { "Convert.ChangeType", "Convert.{|PR1015:|}ChangeType(enterprise.RevenueY1, 7) != null" },
        { "cast to object", "{|PR1015:|}object(enterprise) != null" },
        { "cast to dynamic", "{|PR1015:|}dynamic(enterprise) != null" },
        { "as object", "as(enterprise, \"{|PR1015:|}System.Object\") != null" },
        { "cast() to object", "cast(enterprise, \"{|PR1015:|}System.Object\") != null" },
        { "Enum.Parse", "Enum.Parse({|PR1015:|}typeof(Industry), \"Retail\") != null" },
        { "Enum.IsDefined", "Enum.{|PR1015:|}IsDefined(enterprise.Industry)" },

        // Non-determinism
        { "DateTime.Now", "{|PR1015:|}DateTime.Now > DateTime.MinValue" },
        { "clock, lower case", "{|PR1015:|}datetime.now.year > 2000" },
        { "today through DateOnly", "DateOnly.{|PR1015:|}FromDateTime(DateTime.Today) > asOf" },
        { "Guid.NewGuid", "Guid.{|PR1015:|}NewGuid() != Guid.Empty" },
        { "Random", "{|PR1015:|}Random.Shared.Next() > 0" },

        // Catastrophic regular expressions
        { "Regex", "{|PR1015:|}Regex.IsMatch(enterprise.Name, \"(a+)+$\")" },
        { "Regex, fully qualified", "{|PR1015:|}System.Text.RegularExpressions.Regex.IsMatch(enterprise.Name, \"^(a|aa)+$\")" },

        // Enormous literals, deep nesting, huge allocations
        { "integer literal beyond decimal", "enterprise.Employees > {|PR1007:|}79228162514264337593543950336" },
        { "string literal past the length limit", "enterprise.Name == \"" + new string('a', 3980) + "{|PR1007:|}" + new string('a', 1000) + "\"" },
        { "parentheses past the nesting limit", new string('(', 32) + "{|PR1007:|}" + new string('(', 968) + "true" + new string(')', 1000) },
        { "helper calls past the nesting limit", string.Concat(Enumerable.Repeat("Num.Max(1, ", 32)) + "Num.Max{|PR1007:|}(1, 2" + new string(')', 33) + " > 0" },
        { "unary operators past their limit", new string('!', 256) + "{|PR1007:|}" + new string('!', 744) + "true" },
        { "new string of int.MaxValue", "{|PR1015:|}new string('x', int.MaxValue) != \"\"" },
        { "string constructor call", "{|PR1015:|}string('x', 2147483647) != \"\"" },
        { "PadLeft on a literal", "\"a\".{|PR1015:|}PadLeft(2147483647) != \"\"" },
        { "PadLeft on a field", "enterprise.Name.{|PR1015:|}PadLeft(2147483647) != \"\"" },
        { "string.Concat", "string.{|PR1015:|}Concat(enterprise.Name, enterprise.Name) != \"\"" },
        { "string '+'", "{|PR1015:|}enterprise.Name + enterprise.Name != \"\"" },
        { "Enumerable.Range", "{|PR1015:|}Enumerable.Range(0, 2147483647).Count() > 0" },

        // System.Linq.Dynamic.Core's own functions
        { "np() around reflection", "np(enterprise.{|PR1015:|}GetType().Name) != \"\"" },
        { "np() yielding object", "{|PR1015:|}np(enterprise.Name, \"\") != \"\"" },
        { "iif() around reflection", "iif(true, enterprise.{|PR1015:|}GetType().Name, \"\") != \"\"" },
        { "iif() then reflection", "iif(true, enterprise, enterprise).{|PR1015:|}GetType() != null" },

        // Creating objects, lambdas
        { "new of a model type", "new {|PR1015:|}EnterpriseProfile() != null" },
        { "constructor call of a model type", "{|PR1015:|}EnterpriseProfile().Employees > 0" },
        { "constructor call of the person model", "{|PR1015:|}PersonProfile() != null" },
        { "Select/Sum over a new array", "new[] {1, 2}.Select(x => x * 2).{|PR1015:|}Sum() > 0" },
        { "lambda over a string", "enterprise.Name.{|PR1015:|}Any(c => c == 'a')" },

        // Members of allowed types that reach out
        { "object.Equals on the profile", "enterprise.{|PR1015:|}Equals(enterprise)" },
        { "ToString on a number", "enterprise.Employees.{|PR1015:|}ToString() != \"\"" },
        { "GetHashCode on text", "enterprise.Name.{|PR1015:|}GetHashCode() > 0" },
        { "date arithmetic methods", "asOf.{|PR1015:|}AddDays(1) > asOf" },
        { "static members of decimal", "{|PR1015:|}decimal.MaxValue > 0" },
        { "static members of DateOnly", "{|PR1015:|}DateOnly.MaxValue > asOf" },
        { "Math", "Math.{|PR1015:|}Max(1, 2) > 0" },
        { "Int32.Parse", "int.{|PR1015:|}Parse(\"1\") == 1" },
    };

    [Fact]
    public void The_corpus_holds_at_least_30_distinct_hostile_expressions()
    {
        var expressions = Corpus.Select(row => (string)row[1]).ToList();
        Assert.True(expressions.Distinct(StringComparer.Ordinal).Count() >= 30, $"{expressions.Count} expressions");
        Assert.Equal(expressions.Count, expressions.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Refused_when_the_rules_load_with_id_and_location(string what, string expression)
    {
        var file = HostileFile(expression);
        var directory = Directory.CreateTempSubdirectory("policyrules-hostile-").FullName;
        try
        {
            var path = Path.Combine(directory, "Hostile.json");
            File.WriteAllText(path, file.Text);
            var diagnostics = new List<RuleDiagnostic>();
            Assert.False(PolicyEngine.TryLoadDirectory(directory, diagnostics, out var engine), what);
            Assert.Null(engine);

            var (id, line, column) = Assert.Single(file.Expected);
            var error = diagnostics.Find(d => d.Id == id && d.Location.Line == line && d.Location.Column == column);
            Assert.True(error is not null, $"{what}: expected {id} at ({line},{column}); got {string.Join(" | ", diagnostics)}");
            Assert.Equal(DiagnosticSeverity.Error, error.Severity);
            Assert.Equal(path, error.Location.Path);
            Assert.StartsWith($"{path}({line},{column}): error {id}: ", error.ToString(), StringComparison.Ordinal);
            Assert.Contains(" / ", error.Message, StringComparison.Ordinal); // English and Chinese

            var thrown = Assert.Throws<RuleLoadException>(() => PolicyEngine.LoadDirectory(directory));
            Assert.Contains($"({line},{column}): error {id}", thrown.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Refused_by_the_build_time_checker_with_id_and_location(string what, string expression)
    {
        // RuleLinter is what the PolicyRules analyzer calls for rules/**/*.json (and what `lint` runs).
        var file = HostileFile(expression);
        var rows = RuleLinter.Check([RuleLinter.Read("rules/Hostile.json", file.Text)]);
        var (id, line, column) = Assert.Single(file.Expected);
        Assert.True(
            rows.Any(r => r[0] == id && r[1] == "error" && r[3] == "rules/Hostile.json" && r[4] == line.ToString(System.Globalization.CultureInfo.InvariantCulture) && r[5] == column.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            $"{what}: expected {id} at ({line},{column}); got {string.Join(" | ", rows.Select(r => $"{r[0]} ({r[4]},{r[5]}) {r[2]}"))}");
    }

    [Fact]
    public void Doubling_text_through_parameters_is_refused_at_load()
    {
        // Each parameter doubles the last: s39 would be 2^40 times the name, exhausting memory while
        // evaluating. Allowed until issue 7 (string.Concat was on the allow-list); now refused at s0.
        var parameters = new List<string> { """{ "Name": "s0", "Expression": "{|PR1015:|}enterprise.Name + enterprise.Name" }""" };
        for (var i = 1; i < 40; i++)
        {
            parameters.Add($$"""{ "Name": "s{{i}}", "Expression": "s{{i - 1}} + s{{i - 1}}" }""");
        }

        var file = MarkedRuleFile.Parse(MarkedRuleFile.Workflow("s39.Length > 0", string.Join(", ", parameters)));
        var diagnostics = file.Diagnose();
        var (id, line, column) = Assert.Single(file.Expected);
        Assert.Contains(diagnostics, d => d.Id == id && d.Location.Line == line && d.Location.Column == column && d.Message.Contains("Joining text", StringComparison.Ordinal));
    }

    /// <summary>
    /// Expressions that would leave a trace if they ran — a file, a folder, a process's file, an
    /// environment variable — in GlobalParams (evaluated for every profile) and rules, next to valid
    /// programmes. Nothing loads, every command that would evaluate refuses, and no trace appears.
    /// </summary>
    [Fact]
    public void Side_effecting_expressions_never_execute()
    {
        var directory = Directory.CreateTempSubdirectory("policyrules-hostile-").FullName;
        var traces = Directory.CreateTempSubdirectory("policyrules-traces-").FullName;
        var variable = "POLICYRULES_HOSTILE_" + Guid.NewGuid().ToString("N");
        var created = Path.Combine(traces, "created.txt");
        var folder = Path.Combine(traces, "folder");
        var touched = Path.Combine(traces, "touched.txt");
        var appended = Path.Combine(traces, "appended.txt");
        try
        {
            string[] hostile =
            [
                $"File.Create(\"{created}\") != null",
                $"Directory.CreateDirectory(\"{folder}\").Exists",
                $"Process.Start(\"touch\", \"{touched}\") != null",
                $"System.IO.File.AppendText(\"{appended}\") != null",
                $"Environment.SetEnvironmentVariable(\"{variable}\", \"1\") == null",
            ];
            var parameters = string.Join(", ", hostile.Select((e, i) => $$"""{ "Name": "p{{i}}", "Expression": "{{Json(e)}}" }"""));
            var rules = string.Join(", ", hostile.Select((e, i) => $$"""{ "RuleName": "R{{i}}", "Expression": "{{Json(e)}} && p{{i}}", "Properties": { "TitleZh": "规则", "TitleEn": "Rule", "Citation": { "Document": "D", "Article": "A" } } }"""));
            File.WriteAllText(Path.Combine(directory, "Hostile.json"), $$"""
                [
                  {
                    "WorkflowName": "Hostile",
                    "PolicyRules": { "Version": "1", "TitleZh": "测试", "TitleEn": "Test", "Status": "verified", "EffectiveFrom": "2020-01-01" },
                    "GlobalParams": [ {{parameters}} ],
                    "Rules": [ {{rules}} ]
                  }
                ]
                """);
            foreach (var name in new[] { "SmeSize.json", "TechBasedSme.2017.json", "TechBasedSme.2022.json" })
            {
                File.Copy(Path.Combine(TestProfiles.RulesDirectory, name), Path.Combine(directory, name));
            }

            void AssertNoTrace(string after)
            {
                Assert.False(File.Exists(created), $"{created} exists after {after}");
                Assert.False(Directory.Exists(folder), $"{folder} exists after {after}");
                Assert.False(File.Exists(touched), $"{touched} exists after {after}");
                Assert.False(File.Exists(appended), $"{appended} exists after {after}");
                Assert.Null(Environment.GetEnvironmentVariable(variable));
            }

            // Loading: the whole set is refused, every hostile expression reported.
            var diagnostics = new List<RuleDiagnostic>();
            Assert.False(PolicyEngine.TryLoadDirectory(directory, diagnostics, out var engine));
            Assert.Null(engine);
            Assert.Equal(2 * hostile.Length, diagnostics.Count(d => d.Id == DiagnosticIds.OutsideAllowList && d.Location.Path.EndsWith("Hostile.json", StringComparison.Ordinal)));
            AssertNoTrace("loading");

            // Every command that would evaluate the rules refuses them first (exit 2); nothing ran.
            var csv = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "enterprises.csv");
            var json = Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "high-tech-near-miss.json");
            Assert.Equal(2, Cli.Cli.Run("lint", "--rules", directory).Exit);
            Assert.Equal(2, Cli.Cli.Run("evaluate", "--rules", directory, "--programme", "SmeSize", "--profile", json, "--as-of", "2025-06-30").Exit);
            Assert.Equal(2, Cli.Cli.Run("screen", "--rules", directory, "--input", csv, "--output", Path.Combine(traces, "out.csv"), "--as-of", "2025-06-30").Exit);
            Assert.Equal(2, Cli.Cli.Run("test", "--rules", directory).Exit);
            AssertNoTrace("lint, evaluate, screen and test");

            // What did load in the end — the valid files alone — evaluates without any trace either.
            File.Delete(Path.Combine(directory, "Hostile.json"));
            var valid = PolicyEngine.LoadDirectory(directory);
            foreach (var profile in ProfileGen.Profile.Array[200].Single())
            {
                valid.Evaluate("SmeSize", profile, TestProfiles.AsOf);
                valid.Evaluate("TechBasedSme", profile, TestProfiles.AsOf);
            }

            AssertNoTrace("evaluating the programmes that loaded");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
            Directory.Delete(traces, recursive: true);
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    /// <summary>
    /// The probe above is live: the same text, given to an unrestricted System.Linq.Dynamic.Core parser
    /// that knows the IO types, does create the file and the folder when evaluated.
    /// </summary>
    [Fact]
    public void The_same_expressions_would_leave_traces_if_they_ran()
    {
        var traces = Directory.CreateTempSubdirectory("policyrules-traces-").FullName;
        try
        {
            var created = Path.Combine(traces, "created.txt");
            var folder = Path.Combine(traces, "folder");
            var config = new ParsingConfig { CustomTypeProvider = new Unrestricted() };
            foreach (var expression in new[] { $"File.Create(\"{created}\") != null", $"Directory.CreateDirectory(\"{folder}\").Exists" })
            {
                var lambda = DynamicExpressionParser.ParseLambda<bool>(config, false, [], expression);
                Assert.True((bool)lambda.Compile().DynamicInvoke()!);
            }

            Assert.True(File.Exists(created));
            Assert.True(Directory.Exists(folder));
        }
        finally
        {
            GC.Collect(); // the FileStream File.Create returned is unreferenced: close it before deleting
            GC.WaitForPendingFinalizers();
            Directory.Delete(traces, recursive: true);
        }
    }

    /// <summary>The rule file around one marked expression, escaped for JSON with the markup kept.</summary>
    private static MarkedRuleFile HostileFile(string expression) => MarkedRuleFile.Parse(MarkedRuleFile.Workflow(Json(expression)));

    private static string Json(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private sealed class Unrestricted : IDynamicLinqCustomTypeProvider
    {
        public HashSet<Type> GetCustomTypes() => [typeof(File), typeof(Directory)];

        public Dictionary<Type, List<MethodInfo>> GetExtensionMethods() => [];

        public Type? ResolveType(string typeName) => null;

        public Type? ResolveTypeBySimpleName(string simpleTypeName) => null;
    }
}
