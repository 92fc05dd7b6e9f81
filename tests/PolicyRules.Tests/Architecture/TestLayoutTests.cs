namespace PolicyRules.Tests.Architecture;

/// <summary>
/// Tests mirror the source folders (issue 17): a test sits in the folder of the source type it tests,
/// or in a declared cross-cutting suite; shared helpers in TestSupport; each namespace is its folder.
/// </summary>
public sealed class TestLayoutTests : IDisposable
{
    /// <summary>The suites that test the whole rather than one source folder; the only folders besides the mirrors.</summary>
    internal static readonly string[] CrossCutting =
    [
        "Architecture", // the house's own rules: one-way flow, file length, this layout
        "Corpus",       // broken rule files, each with its expected diagnostics
        "Fuzzing",      // random input through the whole engine
        "Packaging",    // the packed packages as a consumer meets them
        "Programmes",   // the bundled rules: catalogue, thresholds at their boundaries, composite and person programmes
        "Readme",       // the README's commands and examples run as written
        "Reliability",  // issue 13's classes of failure, end to end
        "Security",     // hostile rule files and inputs
        "TestSupport",  // helpers several folders share (a global using)
    ];

    /// <summary>tests/PolicyRules.Tests: the core library's folders, and one folder per other project.</summary>
    internal static TestLayout Core { get; } = new(
        "tests/PolicyRules.Tests",
        "PolicyRules.Tests",
        new Dictionary<string, string>
        {
            [""] = "src/PolicyRules",
            ["Analyzers"] = "src/PolicyRules.Analyzers",
            ["Cli"] = "src/PolicyRules.Cli",
            ["DependencyInjection"] = "src/PolicyRules.Extensions.DependencyInjection",
            ["DuckDb"] = "src/PolicyRules.DuckDb",
            ["PostgreSql"] = "src/PolicyRules.PostgreSql",
        },
        CrossCutting,
        RootHoldsTests: false);

    /// <summary>tests/PolicyRules.Analyzers.Tests mirrors src/PolicyRules.Analyzers (the code fix is tested with its analyzer).</summary>
    internal static TestLayout Analyzers { get; } = new(
        "tests/PolicyRules.Analyzers.Tests",
        "PolicyRules.Analyzers.Tests",
        new Dictionary<string, string> { [""] = "src/PolicyRules.Analyzers" },
        ["TestSupport"],
        RootHoldsTests: true);

    private static readonly string Root = Directory.GetParent(TestProfiles.RulesDirectory)!.FullName;

    private readonly string _fake = Directory.CreateTempSubdirectory("test-layout-").FullName;

    public void Dispose() => Directory.Delete(_fake, recursive: true);

    [Fact]
    public void Every_test_project_is_checked()
    {
        var projects = Directory.GetDirectories(Path.Combine(Root, "tests"))
            .Where(d => Directory.EnumerateFiles(d, "*.csproj").Any())
            .Select(d => "tests/" + Path.GetFileName(d))
            .Order(StringComparer.Ordinal);
        Assert.Equal([Analyzers.Project, Core.Project], projects);
    }

    [Fact]
    public void The_tests_mirror_the_source_folders()
    {
        var problems = Core.Check(Root).Concat(Analyzers.Check(Root)).ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void A_fake_tree_laid_out_as_required_passes()
    {
        Write("src/PolicyRules/Screening/ScreeningJob.cs", "namespace PolicyRules.Screening;");
        Write("src/PolicyRules/Compilation/Optimisation/Fen.cs", "namespace PolicyRules.Compilation.Optimisation;");
        Write("src/PolicyRules.Cli/Generation/SyntheticProfiles.cs", "namespace PolicyRules.Cli.Generation;");
        Write("tests/PolicyRules.Tests/Screening/ScreeningJobTests.cs", "namespace PolicyRules.Tests.Screening;");
        Write("tests/PolicyRules.Tests/Screening/__snapshots__/ScreeningJobTests.Pinned.snap", "{}");
        Write("tests/PolicyRules.Tests/Compilation/Optimisation/FenTests.cs", "namespace PolicyRules.Tests.Compilation.Optimisation;");
        Write("tests/PolicyRules.Tests/Cli/Generation/SyntheticProfilesTests.cs", "namespace PolicyRules.Tests.Cli.Generation;");
        Write("tests/PolicyRules.Tests/Programmes/SmokeTests.cs", "namespace PolicyRules.Tests.Programmes;");
        Write("tests/PolicyRules.Tests/TestResults/0b1c/Sequence_0b1c.xml", "<TestSequence />"); // dotnet test's own output
        Write("tests/PolicyRules.Tests/Programmes/district-rules/Data.json", "{}");
        Write("tests/PolicyRules.Tests/TestSupport/TestProfiles.cs", "namespace PolicyRules.Tests.TestSupport;");
        Write("tests/PolicyRules.Tests/obj/Debug/Generated.cs", "namespace Elsewhere;");

        Assert.Empty(FakeLayout(["Programmes", "TestSupport"]).Check(_fake));
    }

    [Fact]
    public void A_test_in_a_folder_that_mirrors_nothing_is_named_with_the_fix()
    {
        Write("src/PolicyRules/Screening/ScreeningJob.cs", "namespace PolicyRules.Screening;");
        Write("tests/PolicyRules.Tests/Jobs/ParallelScreeningTests.cs", "namespace PolicyRules.Tests.Jobs;");

        var problem = Assert.Single(FakeLayout([]).Check(_fake));
        Assert.StartsWith("tests/PolicyRules.Tests/Jobs/: mirrors no source folder (src/PolicyRules/Jobs does not exist)", problem, StringComparison.Ordinal);
        Assert.EndsWith("move it to the folder of the source type it tests (Cli, Screening; subfolders as in src/PolicyRules), a suite that tests the whole to one of , a helper several folders share to TestSupport.", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subfolder_must_mirror_a_subfolder_of_the_source()
    {
        Write("src/PolicyRules/Compilation/CompiledProgramme.cs", "namespace PolicyRules.Compilation;");
        Write("tests/PolicyRules.Tests/Compilation/Kernels/KernelTests.cs", "namespace PolicyRules.Tests.Compilation.Kernels;");

        var problem = Assert.Single(FakeLayout([]).Check(_fake));
        Assert.StartsWith("tests/PolicyRules.Tests/Compilation/Kernels/: mirrors no source folder (src/PolicyRules/Compilation/Kernels", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_holding_only_data_must_mirror_too()
    {
        Write("tests/PolicyRules.Tests/Outputs/rules/RdIncreaseSubsidy.json", "{}");

        var problems = FakeLayout([]).Check(_fake);
        Assert.Equal(
            ["tests/PolicyRules.Tests/Outputs/", "tests/PolicyRules.Tests/Outputs/rules/"],
            problems.Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]));
    }

    [Fact]
    public void A_test_at_the_root_is_named_with_the_fix()
    {
        Write("src/PolicyRules/Bulk/RecordLoop.cs", "namespace PolicyRules.Bulk;");
        Write("src/PolicyRules/obj/Generated.cs", "namespace PolicyRules;");
        Write("src/PolicyRules/buildTransitive/PolicyRules.props", "<Project />");
        Write("tests/PolicyRules.Tests/ConcurrencyTests.cs", "namespace PolicyRules.Tests;");

        Directory.CreateDirectory(Path.Combine(_fake, "tests/PolicyRules.Tests/Reliability"));

        var problem = Assert.Single(FakeLayout(["Reliability"]).Check(_fake));
        Assert.Equal(
            "tests/PolicyRules.Tests/ConcurrencyTests.cs: a test file at the project's root; move it to the folder of the source type it tests " +
            "(Bulk, Cli; subfolders as in src/PolicyRules), a suite that tests the whole to one of Reliability, a helper several folders share to TestSupport.",
            problem);
    }

    [Fact]
    public void A_namespace_that_is_not_its_folder_is_named_with_the_namespace_to_write()
    {
        Write("src/PolicyRules/Screening/ScreeningJob.cs", "namespace PolicyRules.Screening;");
        Write("tests/PolicyRules.Tests/Screening/ScreeningJobTests.cs", "using Xunit;\n\nnamespace PolicyRules.Tests.Jobs;\n");
        Write("tests/PolicyRules.Tests/Screening/NoNamespace.cs", "class A { }");

        Assert.Equal(
            [
                "tests/PolicyRules.Tests/Screening/NoNamespace.cs: namespace (none) does not match its folder; write `namespace PolicyRules.Tests.Screening;`.",
                "tests/PolicyRules.Tests/Screening/ScreeningJobTests.cs: namespace PolicyRules.Tests.Jobs does not match its folder; write `namespace PolicyRules.Tests.Screening;`.",
            ],
            FakeLayout([]).Check(_fake));
    }

    [Fact]
    public void A_cross_cutting_suite_that_is_gone_is_named()
    {
        Write("tests/PolicyRules.Tests/Programmes/SmokeTests.cs", "namespace PolicyRules.Tests.Programmes;");

        Assert.Equal(
            ["tests/PolicyRules.Tests/Boundaries/: declared as a cross-cutting suite but missing; remove it from the list in TestLayoutTests."],
            FakeLayout(["Programmes", "Boundaries"]).Check(_fake));
    }

    private static TestLayout FakeLayout(string[] crossCutting) => new(
        "tests/PolicyRules.Tests",
        "PolicyRules.Tests",
        new Dictionary<string, string> { [""] = "src/PolicyRules", ["Cli"] = "src/PolicyRules.Cli" },
        crossCutting,
        RootHoldsTests: false);

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_fake, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
