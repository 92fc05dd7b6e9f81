using System.Globalization;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Screening;
using PolicyRules.Tests.Readme;
using Xunit.Abstractions;

namespace PolicyRules.Tests.Packaging;

/// <summary>
/// The packages as a user meets them: <c>dotnet pack</c> into a folder feed; samples/Consumer
/// restores PolicyRules from it (not from the project), evaluates and screens; samples/ConsumerBroken
/// fails its build with the package's PR2001; <c>dotnet tool install</c> gives a working
/// <c>policyrules</c>; a consumer of PolicyRules alone gets no database engine, one of
/// PolicyRules.DuckDb screens with it. Everything happens in a temporary folder with its own NuGet.config and
/// packages folder, so no earlier package of the same version can stand in for the one packed here.
/// </summary>
[Collection(DotnetBuilds.Name)]
public sealed partial class PackageConsumerTests : IDisposable
{
    private static readonly DateOnly AsOf = new(2025, 6, 30);
    private static readonly string[] Screened = ["SmeSize", "TechBasedSme", "HighTechEnterprise"];
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-package-").FullName;
    private readonly ITestOutputHelper _log;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    public PackageConsumerTests(ITestOutputHelper log) => _log = log;

    private void Step(string what) => _log.WriteLine($"{_clock.Elapsed.TotalSeconds,6:F1} s  {what}");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_solution_packs_as_the_readme_says_and_the_packages_work_as_its_quick_start_shows()
    {
        // The README's pack command, as written, into a temporary artifacts/packages: the whole
        // solution, in Release, all five packages (NU5118 once broke exactly this).
        var pack = MarkdownBlocks.Marked("quick start pack").Commands.Single();
        Assert.Equal("dotnet pack PolicyRules.sln -c Release -o artifacts/packages", pack);
        var feed = Path.Combine(_dir, "artifacts", "packages");
        var packOutput = Dotnet.Succeed(Dotnet.Root, [.. MarkdownBlocks.Words(pack).Skip(1).Select(w => w == "artifacts/packages" ? feed : w), "--nologo"]);
        Assert.DoesNotContain(": error ", packOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(": warning NU", packOutput, StringComparison.Ordinal);

        Step("packed the solution");
        var version = PackedVersion(feed);
        AssertLibraryPackage(Path.Combine(feed, $"PolicyRules.{version}.nupkg"), Path.Combine(feed, $"PolicyRules.{version}.snupkg"));
        AssertDependencyInjectionPackage(Path.Combine(feed, $"PolicyRules.Extensions.DependencyInjection.{version}.nupkg"), version);
        AssertToolPackage(Path.Combine(feed, $"PolicyRules.Cli.{version}.nupkg"));
        AssertEnginePackage(Path.Combine(feed, $"PolicyRules.DuckDb.{version}.nupkg"), version, "DuckDB.NET.Data.Full");
        AssertEnginePackage(Path.Combine(feed, $"PolicyRules.PostgreSql.{version}.nupkg"), version, "Npgsql");
        AssertReadmeQuotesTheSample();
        var samples = LayOutSamples(feed);

        // What the consumer must print and write: the same library, run here in-process.
        var profile = ProfileJsonReader.ReadFile(Path.Combine(Dotnet.Root, "samples", "high-tech-near-miss.json"), FieldSet.Empty);
        var engine = PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory);
        var expected = engine.Evaluate("HighTechEnterprise", profile, AsOf);
        var expectedCsv = Path.Combine(_dir, "expected.csv");
        var summary = ScreeningJob.Run(Path.Combine(Dotnet.Root, "samples", "enterprises.csv"), expectedCsv, Screened.Select(p => engine.GetProgramme(p, AsOf)).ToArray(), AsOf);
        Assert.False(expected.Eligible);
        Assert.NotEmpty(expected.FailedCriteria);
        Assert.All(summary.Programmes, p => Assert.InRange(p.Eligible, 1, summary.Written - 1));

        Step("checked the packages, computed the expected results");
        var consumerCsv = Path.Combine(_dir, "consumer.csv");
        var run = Dotnet.Succeed(Path.Combine(samples, "Consumer"), ["run", "--", consumerCsv]);
        Assert.Contains($"{expected.ProfileId}: HighTechEnterprise {expected.Version} not eligible; failed: {string.Join(", ", expected.FailedCriteria)}", run, StringComparison.Ordinal);
        Assert.Contains("结论：不符合条件（", run, StringComparison.Ordinal);
        Assert.Contains("Result: NOT ELIGIBLE (", run, StringComparison.Ordinal);
        Assert.Contains($"screened: read {summary.Read}, written {summary.Written}, rejected {summary.Rejected}", run, StringComparison.Ordinal);
        foreach (var programme in summary.Programmes)
        {
            Assert.Contains($"{programme.Programme} {programme.Version}: {programme.Eligible} eligible", run, StringComparison.Ordinal);
        }

        // The container's IPolicyRules: the bundled rules of the package are the repository's rules.
        Assert.Contains($"via DI: rule set {engine.RuleSetId}; {expected.ProfileId}: HighTechEnterprise not eligible", run, StringComparison.Ordinal);
        Assert.True(File.Exists(consumerCsv), run);
        Assert.Equal(File.ReadAllText(expectedCsv), File.ReadAllText(consumerCsv));
        foreach (var id in (string[])["policyrules", "policyrules.extensions.dependencyinjection"])
        {
            Assert.Contains(Path.Combine(samples, "packages", id, version.ToLowerInvariant()), Directory.GetDirectories(Path.Combine(samples, "packages", id)));
        }

        AssertNoDatabaseEngine(Path.Combine(samples, "Consumer"));
        Step("ran samples/Consumer");
        var (brokenExit, brokenOutput) = Dotnet.Run(Path.Combine(samples, "ConsumerBroken"), ["build", "--nologo", "-v:q", "-clp:NoSummary"]);
        Assert.NotEqual(0, brokenExit);
        var brokenSource = File.ReadAllLines(Path.Combine(samples, "ConsumerBroken", "Program.cs"));
        var brokenLine = Array.FindIndex(brokenSource, l => l.Contains("Evaluate(\"HighTechEnterprize\"", StringComparison.Ordinal)) + 1;
        var column = brokenSource[brokenLine - 1].IndexOf("\"HighTechEnterprize\"", StringComparison.Ordinal) + 1;
        var reported = Reported().Matches(brokenOutput).Select(m => (Id: m.Groups["id"].Value, File: Path.GetFileName(m.Groups["file"].Value), Line: Number(m, "line"), Column: Number(m, "column"))).ToList();
        Assert.Contains(("PR2001", "Program.cs", brokenLine, column), reported);
        Assert.Contains("did you mean 'HighTechEnterprise'?", brokenOutput, StringComparison.Ordinal);

        Step("built samples/ConsumerBroken");
        BuildDistrictConsumer(samples);
        Step("built and ran the district consumer");
        BuildDuckDbConsumer(samples, expectedCsv);
        Step("built and ran the DuckDB consumer");
        // The README's tool block, as written, from the folder that holds artifacts/packages (its
        // NuGet.config, like the samples', keeps the install offline and PolicyRules.* from the feed).
        var toolBlock = MarkdownBlocks.Marked("quick start tool").Commands.ToList();
        Assert.Equal(2, toolBlock.Count);
        Dotnet.Succeed(_dir, MarkdownBlocks.Words(toolBlock[0]).Skip(1));
        Assert.True(Directory.Exists(Path.Combine(_dir, "artifacts", "tools", ".store", "policyrules.cli", version.ToLowerInvariant())), "the tool installed is the one just packed");
        Step("installed the tool");
        var toolCommand = MarkdownBlocks.Words(toolBlock[1]);
        var policyrules = Path.Combine(_dir, toolCommand[0]);
        var help = Dotnet.Succeed(_dir, ["--help"], policyrules);
        Assert.All((string[])["screen", "evaluate", "gap", "lint", "test", "generate"], command => Assert.Contains(command, help, StringComparison.Ordinal));
        var screen = Dotnet.Succeed(_dir, toolCommand.Skip(1), policyrules);
        var outputPath = toolCommand[Array.IndexOf(toolCommand, "--output") + 1];
        var inProcess = Path.Combine(_dir, "in-process.csv");
        var (exit, cliOut, cliErr) = Cli.Cli.Run([.. toolCommand.Skip(1).Select(a => a == outputPath ? inProcess : a.StartsWith("samples/", StringComparison.Ordinal) ? Path.Combine(Dotnet.Root, a) : a)]);
        Assert.True(exit == 0, cliOut + cliErr);
        Assert.Contains($"Read 1000 rows", screen, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(inProcess), File.ReadAllText(Path.Combine(_dir, outputPath)));
        Step("ran the tool");
    }

    /// <summary>
    /// Issue 14: a consumer of the packed package with samples/district-policy/rules as its own rules folder gets typed records
    /// from its declarations, checks clean against the bundled rules its programme uses, runs, and
    /// fails its build on a misspelt field (CS1061) or programme (PR2001).
    /// </summary>
    private static void BuildDistrictConsumer(string samples)
    {
        var project = Directory.CreateDirectory(Path.Combine(samples, "ConsumerDistrict")).FullName;
        File.WriteAllText(Path.Combine(project, "ConsumerDistrict.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <RootNamespace>Consumer</RootNamespace>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="PolicyRules" Version="$(PolicyRulesVersion)" />
              </ItemGroup>
            {DistrictConsumer.Items}
            </Project>
            """);
        DistrictConsumer.LayOut(project, DistrictConsumer.SampleRulesSource, DistrictConsumer.SampleProgram);

        var run = Dotnet.Succeed(project, ["run", "--nologo"]);
        Assert.Contains(DistrictConsumer.SampleExpectedOutput, run.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain(" warning ", run, StringComparison.Ordinal);
        var output = Directory.GetDirectories(Path.Combine(project, "bin"), "net10.0", SearchOption.AllDirectories).Single();
        Assert.True(File.Exists(Path.Combine(output, PolicyEngine.BundledFolderName, "HighTechEnterprise.json")), "the bundled rules are copied to their own folder");
        Assert.False(Directory.Exists(Path.Combine(output, "rules")), "nothing of the package lands on an app's rules/");
        AssertNoDatabaseEngine(project);

        var field = DistrictConsumer.Edit(project, "{project.Budget}", "{project.Budjet}", "Budjet");
        var programme = DistrictConsumer.Edit(project, "Evaluate(\"RdExpenseSubsidy\"", "Evaluate(\"RdExpenseSubsidie\"", "\"RdExpenseSubsidie\"");
        var (exit, broken) = Dotnet.Run(project, ["build", "--nologo", "-v:q", "-clp:NoSummary"]);
        Assert.NotEqual(0, exit);
        var reported = DistrictConsumer.Reported(broken);
        Assert.Contains(("CS1061", "Program.cs", field.Line, field.Column), reported);
        Assert.Contains(("PR2001", "Program.cs", programme.Line, programme.Column), reported);
        Assert.Contains("did you mean 'RdExpenseSubsidy'?", broken, StringComparison.Ordinal);
    }

    /// <summary>
    /// A consumer of PolicyRules.DuckDb (and nothing else of ours): it gets PolicyRules with it, DuckDB's
    /// assemblies and native library, and its screening writes the .NET engine's file byte for byte.
    /// </summary>
    private static void BuildDuckDbConsumer(string samples, string expectedCsv)
    {
        var project = Directory.CreateDirectory(Path.Combine(samples, "ConsumerDuckDb")).FullName;
        File.WriteAllText(Path.Combine(project, "ConsumerDuckDb.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="PolicyRules.DuckDb" Version="$(PolicyRulesVersion)" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), $$"""
            using PolicyRules;
            using PolicyRules.DuckDb;

            var asOf = new DateOnly(2025, 6, 30);
            var engine = PolicyEngine.LoadBundled();
            string[] names = [{{string.Join(", ", Screened.Select(p => $"\"{p}\""))}}];
            var summary = DuckDbScreening.Run(args[0], args[1], [.. names.Select(n => engine.GetProgramme(n, asOf))], asOf);
            Console.WriteLine($"duckdb: read {summary.Read}, written {summary.Written}, rejected {summary.Rejected}");
            """);
        var output = Path.Combine(project, "duckdb.csv");
        var run = Dotnet.Succeed(project, ["run", "--", Path.Combine(Dotnet.Root, "samples", "enterprises.csv"), output]);
        Assert.Contains("duckdb: read 1000, written 1000, rejected 0", run, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(expectedCsv), File.ReadAllBytes(output));
        var bin = Directory.GetDirectories(Path.Combine(project, "bin"), "net10.0", SearchOption.AllDirectories).Single();
        Assert.True(File.Exists(Path.Combine(bin, "DuckDB.NET.Data.dll")), "PolicyRules.DuckDb brings DuckDB");
        Assert.True(File.Exists(Path.Combine(bin, "PolicyRules.dll")), "PolicyRules.DuckDb brings PolicyRules");
        Assert.False(File.Exists(Path.Combine(bin, "Npgsql.dll")), "PolicyRules.DuckDb does not bring Npgsql");
    }

    /// <summary>A project that references PolicyRules (and not an engine package) has no DuckDB or Npgsql in its assets or its output.</summary>
    private static void AssertNoDatabaseEngine(string project)
    {
        var assets = File.ReadAllText(Path.Combine(project, "obj", "project.assets.json"));
        Assert.DoesNotContain("DuckDB", assets, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Npgsql", assets, StringComparison.OrdinalIgnoreCase);
        var files = Directory.GetFiles(Path.Combine(project, "bin"), "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.NotEmpty(files);
        Assert.DoesNotContain(files, f => f!.Contains("duckdb", StringComparison.OrdinalIgnoreCase) || f.Contains("npgsql", StringComparison.OrdinalIgnoreCase));
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [Fact]
    public void Every_package_address_follows_the_one_documented_property()
    {
        // The README and CONTRIBUTING.md name PolicyRulesRepositoryUrl as the one place for the public
        // address: packing with another value moves every package's project and repository URL.
        const string Address = "https://github.com/someone-else/PolicyRules";
        foreach (var project in (string[])["src/PolicyRules/PolicyRules.csproj", "src/PolicyRules.Cli/PolicyRules.Cli.csproj", "src/PolicyRules.Extensions.DependencyInjection/PolicyRules.Extensions.DependencyInjection.csproj",
                     "src/PolicyRules.DuckDb/PolicyRules.DuckDb.csproj", "src/PolicyRules.PostgreSql/PolicyRules.PostgreSql.csproj"])
        {
            var json = Dotnet.Succeed(Dotnet.Root, ["msbuild", Path.Combine(Dotnet.Root, project), "-getProperty:PackageProjectUrl", "-getProperty:RepositoryUrl", $"-p:PolicyRulesRepositoryUrl={Address}", "-nologo"]);
            var properties = JsonDocument.Parse(json).RootElement.GetProperty("Properties");
            Assert.Equal(Address, properties.GetProperty("PackageProjectUrl").GetString());
            Assert.Equal(Address, properties.GetProperty("RepositoryUrl").GetString());
        }

        var readme = File.ReadAllText(Path.Combine(Dotnet.Root, "README.md"));
        Assert.Contains("`PolicyRulesRepositoryUrl`", readme, StringComparison.Ordinal);
        Assert.Contains(RepositoryUrl(), readme, StringComparison.Ordinal);
    }

    /// <summary>The version MinVer gave the library package (the file name minus id and extension).</summary>
    private static string PackedVersion(string feed)
    {
        var packages = Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).ToList();
        var library = packages.Single(f => VersionedLibrary().IsMatch(f!))!;
        var version = library["PolicyRules.".Length..^".nupkg".Length];
        string[] expected = [$"PolicyRules.{version}.nupkg", $"PolicyRules.Cli.{version}.nupkg", $"PolicyRules.Extensions.DependencyInjection.{version}.nupkg",
            $"PolicyRules.DuckDb.{version}.nupkg", $"PolicyRules.PostgreSql.{version}.nupkg"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), packages.Order(StringComparer.Ordinal));
        Assert.All(expected, p => Assert.True(File.Exists(Path.Combine(feed, p[..^".nupkg".Length] + ".snupkg")), $"{p} has symbols"));
        return version;
    }

    /// <summary>What issue 6 asks of the library package: docs, analyzers, rules, props, README, SourceLink, symbols.</summary>
    private static void AssertLibraryPackage(string nupkg, string snupkg)
    {
        using var package = ZipFile.OpenRead(nupkg);
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("lib/net10.0/PolicyRules.dll", entries);
        Assert.Contains("lib/net10.0/PolicyRules.xml", entries);
        Assert.Contains("analyzers/dotnet/cs/PolicyRules.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/PolicyRules.Analyzers.CodeFixes.dll", entries);
        Assert.Contains("buildTransitive/PolicyRules.props", entries);
        Assert.Contains("buildTransitive/PolicyRules.targets", entries);
        // The bundled rules have a folder of their own: nothing lands on a consumer's rules/.
        Assert.DoesNotContain(entries, e => e.StartsWith("contentFiles/any/any/rules/", StringComparison.Ordinal));
        Assert.Contains("README.md", entries);
        foreach (var rules in Directory.GetFiles(TestProfiles.RulesDirectory, "*.json").Where(f => !f.EndsWith(".tests.json", StringComparison.Ordinal)))
        {
            Assert.Contains($"contentFiles/any/any/policyrules-bundled/{Path.GetFileName(rules)}", entries);
        }

        // The schemas sit next to the rules, so the bundled files' "$schema": "./policyrules.schema.json" resolves.
        Assert.Contains("contentFiles/any/any/policyrules-bundled/policyrules.schema.json", entries);
        Assert.Contains("contentFiles/any/any/policyrules-bundled/policyrules-tests.schema.json", entries);
        Assert.Contains("contentFiles/any/any/policyrules-bundled/policyrules-targets.schema.json", entries);
        Assert.Contains("contentFiles/any/any/policyrules-bundled/policyrules-reform.schema.json", entries);
        Assert.Contains("contentFiles/any/any/policyrules-bundled/plan-2023-2025.targets.json", entries);
        Assert.DoesNotContain(entries, e => e.EndsWith(".tests.json", StringComparison.Ordinal));
        XDocument nuspec;
        using (var stream = package.GetEntry("PolicyRules.nuspec")!.Open())
        {
            nuspec = XDocument.Load(stream);
        }

        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        var repositoryUrl = RepositoryUrl();
        Assert.Equal(repositoryUrl, metadata.Element(ns + "projectUrl")?.Value);
        var dependencies = metadata.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToList();
        Assert.Contains("System.Linq.Dynamic.Core", dependencies);
        Assert.DoesNotContain(dependencies, d => d == "MinVer" || d.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)); // build-time only
        Assert.DoesNotContain(dependencies, d => d.StartsWith("DuckDB", StringComparison.Ordinal) || d == "Npgsql"); // the SQL engines' packages carry them
        var repository = metadata.Element(ns + "repository")!;
        Assert.Equal(repositoryUrl, repository.Attribute("url")?.Value);

        using var symbols = ZipFile.OpenRead(snupkg);
        var pdbEntry = symbols.GetEntry("lib/net10.0/PolicyRules.pdb");
        Assert.NotNull(pdbEntry);
        if (repository.Attribute("commit")?.Value is not { } commit)
        {
            return; // Not built from a git clone: there is no commit for SourceLink to point at.
        }

        using var pdb = new MemoryStream();
        using (var stream = pdbEntry.Open())
        {
            stream.CopyTo(pdb);
        }

        pdb.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
        var reader = provider.GetMetadataReader();
        var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
        var sourceLink = reader.CustomDebugInformation.Select(reader.GetCustomDebugInformation)
            .Where(info => reader.GetGuid(info.Kind) == sourceLinkKind)
            .Select(info => Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value)))
            .Single();
        var targets = JsonDocument.Parse(sourceLink).RootElement.GetProperty("documents").EnumerateObject().Select(d => d.Value.GetString()).ToList();
        var raw = repositoryUrl.Replace("https://github.com/", "https://raw.githubusercontent.com/", StringComparison.Ordinal);
        Assert.Contains($"{raw}/{commit}/*", targets);
    }

    /// <summary>The DI package: its assembly and docs, the README once, and PolicyRules of the same version (with all its assets) as a dependency.</summary>
    private static void AssertDependencyInjectionPackage(string nupkg, string version)
    {
        using var package = ZipFile.OpenRead(nupkg);
        var entries = package.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("lib/net10.0/PolicyRules.Extensions.DependencyInjection.dll", entries);
        Assert.Contains("lib/net10.0/PolicyRules.Extensions.DependencyInjection.xml", entries);
        Assert.Single(entries, e => e == "README.md");
        var nuspec = Nuspec(package, "PolicyRules.Extensions.DependencyInjection.nuspec");
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        Assert.Equal(RepositoryUrl(), metadata.Element(ns + "projectUrl")?.Value);
        var library = metadata.Descendants(ns + "dependency").Single(d => d.Attribute("id")!.Value == "PolicyRules");
        Assert.Equal(version, library.Attribute("version")?.Value);
        Assert.Null(library.Attribute("exclude")); // the bundled rules, analyzers and props flow to the application
    }

    /// <summary>
    /// An SQL engine package: its assembly and docs, the README once, its database driver, and
    /// PolicyRules of exactly the same version (it uses PolicyRules' internals), with all its assets.
    /// </summary>
    private static void AssertEnginePackage(string nupkg, string version, string driver)
    {
        var id = Path.GetFileName(nupkg)[..^($".{version}.nupkg".Length)];
        using var package = ZipFile.OpenRead(nupkg);
        var entries = package.Entries.Select(e => e.FullName).ToList();
        Assert.Contains($"lib/net10.0/{id}.dll", entries);
        Assert.Contains($"lib/net10.0/{id}.xml", entries);
        Assert.Single(entries, e => e == "README.md");
        Assert.True(File.Exists(nupkg[..^".nupkg".Length] + ".snupkg"), $"{id} has symbols");
        var nuspec = Nuspec(package, id + ".nuspec");
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        Assert.Equal(RepositoryUrl(), metadata.Element(ns + "projectUrl")?.Value);
        var dependencies = metadata.Descendants(ns + "dependency").ToDictionary(d => d.Attribute("id")!.Value, d => d);
        Assert.Equal($"[{version}]", dependencies["PolicyRules"].Attribute("version")?.Value);
        Assert.Null(dependencies["PolicyRules"].Attribute("exclude"));
        Assert.Contains(driver, dependencies.Keys);
        Assert.DoesNotContain(dependencies.Keys, d => d != driver && (d.StartsWith("DuckDB", StringComparison.Ordinal) || d == "Npgsql"));
    }

    /// <summary>The tool package: a dotnet tool named policyrules, with the README.</summary>
    private static void AssertToolPackage(string nupkg)
    {
        using var package = ZipFile.OpenRead(nupkg);
        var entries = package.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("tools/net10.0/any/PolicyRules.Cli.dll", entries);
        Assert.Contains("tools/net10.0/any/DotnetToolSettings.xml", entries);
        Assert.Single(entries, e => e == "README.md");
        var nuspec = Nuspec(package, "PolicyRules.Cli.nuspec");
        var ns = nuspec.Root!.Name.Namespace;
        Assert.Contains(nuspec.Root.Element(ns + "metadata")!.Element(ns + "packageTypes")!.Elements(), t => t.Attribute("name")?.Value == "DotnetTool");
    }

    private static XDocument Nuspec(ZipArchive package, string name)
    {
        using var stream = package.GetEntry(name)!.Open();
        return XDocument.Load(stream);
    }

    /// <summary>The README's quick start shows samples/Consumer's own lines, verbatim: what the test runs is what a reader copies.</summary>
    private static void AssertReadmeQuotesTheSample()
    {
        string Sample(string path) => File.ReadAllText(Path.Combine(Dotnet.Root, "samples", path)).ReplaceLineEndings("\n");
        Assert.Contains(MarkdownBlocks.Marked("quick start feed").Text, Sample("NuGet.config"), StringComparison.Ordinal);
        Assert.Contains(MarkdownBlocks.Marked("quick start references").Text, Sample("Consumer/Consumer.csproj"), StringComparison.Ordinal);
        Assert.Contains(MarkdownBlocks.Marked("quick start di").Text, Sample("Consumer/Program.cs"), StringComparison.Ordinal);
    }

    /// <summary>The one placeholder repository address in Directory.Build.props.</summary>
    private static string RepositoryUrl() =>
        XDocument.Load(Path.Combine(Dotnet.Root, "Directory.Build.props")).Descendants("PolicyRulesRepositoryUrl").Single().Value;

    /// <summary>
    /// Copies the samples as they are in the repository (less their NuGet.config) into the temporary
    /// folder, with a NuGet.config that takes PolicyRules only from <paramref name="feed"/> and every
    /// other package from this machine's package folders, into a packages folder of its own.
    /// </summary>
    private string LayOutSamples(string feed)
    {
        var source = Path.Combine(Dotnet.Root, "samples");
        var samples = Path.Combine(_dir, "samples");
        foreach (var file in (string[])["Directory.Build.props", "Directory.Packages.props", "enterprises.csv", "high-tech-near-miss.json",
                     "Consumer/Consumer.csproj", "Consumer/Program.cs", "ConsumerBroken/ConsumerBroken.csproj", "ConsumerBroken/Program.cs"])
        {
            var target = Path.Combine(samples, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(source, file), target);
        }

        var folders = MachinePackageFolders();
        var config = new XElement("configuration",
            new XElement("config", new XElement("add", new XAttribute("key", "globalPackagesFolder"), new XAttribute("value", Path.Combine(samples, "packages")))),
            new XElement("packageSources",
                new XElement("clear"),
                new XElement("add", new XAttribute("key", "feed"), new XAttribute("value", feed)),
                folders.Select((folder, i) => new XElement("add", new XAttribute("key", $"machine{i}"), new XAttribute("value", folder)))),
            new XElement("packageSourceMapping",
                new XElement("packageSource", new XAttribute("key", "feed"),
                    new XElement("package", new XAttribute("pattern", "PolicyRules")),
                    new XElement("package", new XAttribute("pattern", "PolicyRules.*"))),
                folders.Select((_, i) => new XElement("packageSource", new XAttribute("key", $"machine{i}"), new XElement("package", new XAttribute("pattern", "*"))))));
        config.Save(Path.Combine(samples, "NuGet.config"));
        // For the README's tool install, run beside artifacts/: no source but the one its --add-source
        // names (NuGet refuses --add-source next to source mapping; a tool package has no dependencies).
        new XElement("configuration",
            new XElement("config", new XElement("add", new XAttribute("key", "globalPackagesFolder"), new XAttribute("value", Path.Combine(samples, "packages")))),
            new XElement("packageSources", new XElement("clear"))).Save(Path.Combine(_dir, "NuGet.config"));
        return samples;
    }

    /// <summary>
    /// The package folders this test project restored from (its project.assets.json): they hold every
    /// dependency of PolicyRules, so the consumer restores offline.
    /// </summary>
    private static List<string> MachinePackageFolders()
    {
        var assets = Path.Combine(Dotnet.Root, "tests", "PolicyRules.Tests", "obj", "project.assets.json");
        using var json = JsonDocument.Parse(File.ReadAllBytes(assets));
        var folders = json.RootElement.GetProperty("packageFolders").EnumerateObject().Select(p => p.Name).ToList();
        Assert.NotEmpty(folders);
        return folders;
    }

    [GeneratedRegex(@"^PolicyRules\.\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\.nupkg$")]
    private static partial Regex VersionedLibrary();

    [GeneratedRegex(@"(?<file>[^\s:(]+)\((?<line>\d+),(?<column>\d+)\): error (?<id>PR\d{4})")]
    private static partial Regex Reported();
}
