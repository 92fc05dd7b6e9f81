using System.Linq.Expressions;
using System.Text;
using PolicyRules.Bulk;
using PolicyRules.Compilation;
using PolicyRules.Evaluation;
using PolicyRules.Records;
using PolicyRules.Rules;
using PolicyRules.Tests.Rules;

namespace PolicyRules.Tests.Compilation;

/// <summary>
/// Kernels are built on first use (issue 19, cold start), yet a load still checks everything: a fault
/// in a programme nobody evaluates fails the load at its line and column, and a kernel built late,
/// or by threads racing to build it, answers as one built at once.
/// </summary>
public sealed class LazyKernelTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("policyrules-lazy-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [MemberData(nameof(RuleDiagnosticsTests.Expressions), MemberType = typeof(RuleDiagnosticsTests))]
    public void A_fault_in_a_programme_never_evaluated_fails_the_load_at_its_character(string fault, string expression)
    {
        // Next to a sound programme, in a folder loaded as an app loads one; nothing is evaluated.
        File.WriteAllText(Path.Combine(_folder, "Sound.json"), MarkedRuleFile.Workflow("enterprise.Employees >= 1").Replace("\"Test\"", "\"Sound\"", StringComparison.Ordinal));
        var broken = MarkedRuleFile.Parse(MarkedRuleFile.Workflow(expression, """{ "Name": "staffRatio", "Expression": "Ratio.Of(enterprise.TechStaff, enterprise.Employees)" }"""));
        var path = Path.Combine(_folder, "Broken.json");
        File.WriteAllText(path, broken.Text);

        var thrown = Assert.Throws<RuleLoadException>(() => PolicyEngine.LoadDirectory(_folder));

        Assert.NotEmpty(broken.Expected);
        foreach (var (id, line, column) in broken.Expected)
        {
            Assert.True(
                thrown.Diagnostics.Any(d => d.Id == id && d.Location.Path == path && d.Location.Line == line && d.Location.Column == column),
                $"{fault}: expected {id} at {path}({line},{column}); got {string.Join(" | ", thrown.Diagnostics)}");
        }
    }

    [Fact]
    public void A_fault_in_a_local_parameter_of_a_nested_rule_fails_the_load_at_its_character()
    {
        var text = """
            [
              {
                "WorkflowName": "Nested",
                "PolicyRules": { "Version": "1", "TitleZh": "测试", "TitleEn": "Test", "Status": "verified", "EffectiveFrom": "2020-01-01" },
                "Rules": [
                  {
                    "RuleName": "Outer",
                    "Operator": "And",
                    "Properties": { "TitleZh": "外", "TitleEn": "Outer", "Citation": { "Document": "D", "Article": "A" } },
                    "Rules": [
                      {
                        "RuleName": "Inner",
                        "LocalParams": [ { "Name": "sum", "Expression": "enterprise.RevenueY1 + enterprise.{|PR1006:RevenueY9|}" } ],
                        "Expression": "sum > 0",
                        "Properties": { "TitleZh": "内", "TitleEn": "Inner", "Citation": { "Document": "D", "Article": "A" } }
                      }
                    ]
                  }
                ]
              }
            ]
            """;
        var marked = MarkedRuleFile.Parse(text);
        var path = Path.Combine(_folder, "Nested.json");
        File.WriteAllText(path, marked.Text);

        var diagnostics = new List<RuleDiagnostic>();
        Assert.False(PolicyEngine.TryLoadDirectory(_folder, diagnostics, out var engine));
        Assert.Null(engine);
        var (id, line, column) = Assert.Single(marked.Expected);
        Assert.Contains(diagnostics, d => d.Id == id && d.Location.Path == path && d.Location.Line == line && d.Location.Column == column);
    }

    [Fact]
    public void A_load_builds_no_kernel_and_a_first_use_builds_only_the_kernel_it_runs()
    {
        var engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
        var versions = engine.Programmes.SelectMany(p => engine.GetVersions(p)).ToList();
        Assert.All(versions, v => Assert.Equal((false, false), v.KernelsBuilt));

        // Screening runs the fast kernel only; explaining, the explaining one only.
        var smeSize = engine.GetProgramme("SmeSize", TestProfiles.AsOf);
        var screener = ProgrammeScreener.Create([smeSize], TestProfiles.AsOf);
        screener.Screen(TestProfiles.Baseline());
        Assert.Equal((true, false), smeSize.KernelsBuilt);
        var young = engine.GetProgramme("YoungTalentLeader", TestProfiles.AsOf);
        _ = engine.Evaluate("YoungTalentLeader", TestProfiles.Person(), TestProfiles.AsOf);
        Assert.Equal((false, true), young.KernelsBuilt);

        // A programme nothing has used is still unbuilt.
        Assert.Equal((false, false), engine.GetProgramme("HighTechEnterprise", TestProfiles.AsOf).KernelsBuilt);
    }

    [Fact]
    public void Threads_racing_to_build_the_kernels_of_a_fresh_engine_get_the_answers_of_one_thread()
    {
        var profiles = PolicyRules.Cli.Generation.SyntheticProfiles.Generate(64, seed: 19).ToArray();
        var reference = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
        var expected = profiles.Select(p => Describe(reference, p)).ToArray();

        for (var round = 0; round < 3; round++)
        {
            var fresh = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
            var actual = new string[profiles.Length];
            Parallel.For(0, profiles.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => actual[i] = Describe(fresh, profiles[i]));
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Every_checked_programme_of_the_bundled_sample_and_corpus_files_builds_both_kernels()
    {
        // Laziness defers only work that cannot fail for a checked programme: every programme that passes
        // its checks — bundled, the sample district's, and each one a corpus file holds beside its fault — builds.
        var programmes = new List<CompiledProgramme>();
        programmes.AddRange(AllVersions(PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory)));
        programmes.AddRange(AllVersions(PolicyEngine.LoadDirectory(Path.Combine(TestProfiles.RulesDirectory, "..", "samples", "district-policy", "rules"))));
        var corpus = Path.Combine(TestProfiles.RulesDirectory, "..", "tests", "PolicyRules.Tests", "Corpus");
        var fromCorpus = 0;
        foreach (var file in Directory.EnumerateFiles(corpus, "*.json"))
        {
            var text = MarkedRuleFile.Parse(File.ReadAllText(file)).Text;
            var diagnostics = new List<RuleDiagnostic>();
            foreach (var definition in RuleFileReader.Read(file, Encoding.UTF8.GetBytes(text), diagnostics))
            {
                if (RecordKinds.Bundled.TryGetValue(definition.Input, out var schema) && ProgrammeCompiler.Compile(definition, schema, new List<RuleDiagnostic>()) is { } programme)
                {
                    programmes.Add(programme);
                    fromCorpus++;
                }
            }
        }

        Assert.True(fromCorpus >= 10, $"only {fromCorpus} corpus programmes pass their checks");
        Assert.All(programmes, p => Assert.Equal((false, false), p.KernelsBuilt));
        Assert.All(programmes, Force);
    }

    [Fact]
    public void A_kernel_raced_from_many_threads_is_built_and_compiled_once()
    {
        for (var round = 0; round < 20; round++)
        {
            var builds = 0;
            var state = Expression.Parameter(typeof(EvaluationState), "state");
            var tree = Expression.Lambda<ProgrammeKernel>(Expression.Constant(true), Expression.Parameter(typeof(object), "record"), Expression.Parameter(typeof(DateOnly), "asOf"), state);
            var kernel = new LazyKernel(() =>
            {
                Interlocked.Increment(ref builds);
                Thread.Sleep(1); // widen the race
                return tree;
            });
            var delegates = new ProgrammeKernel[16];
            var trees = new Expression<ProgrammeKernel>?[16];
            Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            {
                // Half ask for the delegate first (it builds the tree under the same gate), half for the tree.
                if (i % 2 == 0)
                {
                    delegates[i] = kernel.Delegate;
                    trees[i] = kernel.Tree;
                }
                else
                {
                    trees[i] = kernel.Tree;
                    delegates[i] = kernel.Delegate;
                }
            });

            Assert.Equal(1, builds);
            Assert.True(kernel.IsBuilt);
            Assert.All(trees, t => Assert.Same(tree, t));
            Assert.All(delegates, d => Assert.Same(delegates[0], d));
        }
    }

    [Theory]
    // A zero aligned to 19 or more decimals needs 10^19, past long: the rewrite declines it (it threw while building the kernel).
    [InlineData("zero >= 0.0000000000000000001", "0m")]
    [InlineData("zero < 0.00000000000000000000000001", "0m")]
    [InlineData("Ratio.Of(0.00000000000000000001, 1m) >= zero", "0.0m")]
    [InlineData("Ratio.Of(0.0000000000000000000000001, 1m) > zero", "0m")]
    [InlineData("Num.Max(zero, 0.0000000000000000001) > 0", "0m")]
    public void A_checked_programme_at_the_edges_of_the_integer_rewrites_builds_and_answers_as_written(string expression, string zero)
    {
        var text = MarkedRuleFile.Workflow(expression, $$"""{ "Name": "zero", "Expression": "{{zero}}" }""");
        var diagnostics = new List<RuleDiagnostic>();
        var definitions = RuleFileReader.Read("Edge.json", Encoding.UTF8.GetBytes(text), diagnostics);
        Assert.True(PolicyEngine.TryCompile(definitions, diagnostics, out var engine), string.Join(" | ", diagnostics));
        var programme = engine.GetProgramme("Test", TestProfiles.AsOf);
        Force(programme);

        var plain = ProgrammeCompiler.Compile(programme.Definition, programme.Schema, new List<RuleDiagnostic>(), rewrite: false)!;
        var screener = ProgrammeScreener.Create([programme], TestProfiles.AsOf);
        screener.Screen(TestProfiles.Baseline());
        Assert.Equal(plain.Evaluate(TestProfiles.Baseline(), TestProfiles.AsOf).Eligible, screener.Eligible(0));
        Assert.Equal(plain.Evaluate(TestProfiles.Baseline(), TestProfiles.AsOf).Eligible, programme.Evaluate(TestProfiles.Baseline(), TestProfiles.AsOf).Eligible);
    }

    private static IEnumerable<CompiledProgramme> AllVersions(PolicyEngine engine) => engine.Programmes.SelectMany(p => engine.GetVersions(p));

    private static void Force(CompiledProgramme programme)
    {
        Assert.NotNull(programme.FastKernel.Tree);
        Assert.NotNull(programme.FastKernel.Delegate);
        Assert.NotNull(programme.ExplainingKernel.Tree);
        Assert.NotNull(programme.ExplainingKernel.Delegate);
        Assert.Equal((true, true), programme.KernelsBuilt);
    }

    private static string Describe(PolicyEngine engine, Model.EnterpriseProfile profile)
    {
        var names = TestProfiles.EnterpriseProgrammes(engine).ToArray();
        var screener = ProgrammeScreener.Create([.. names.Select(p => engine.GetProgramme(p, TestProfiles.AsOf))], TestProfiles.AsOf);
        screener.Screen(profile);
        return string.Join("|", names.Select((p, k) =>
        {
            var result = engine.Evaluate(p, profile, TestProfiles.AsOf);
            return $"{result.Eligible}:{screener.Eligible(k)}:{result.Score}:{result.Classification}:{string.Join(",", result.FailedCriteria)}";
        }));
    }
}
