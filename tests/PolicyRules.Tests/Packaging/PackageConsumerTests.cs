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
using Xunit.Abstractions;

namespace PolicyRules.Tests.Packaging;

/// <summary>
/// The packages as a user meets them: <c>dotnet pack</c> into a folder feed; samples/Consumer
/// restores PolicyRules from it (not from the project), evaluates and screens; samples/ConsumerBroken
/// fails its build with the package's PR2001; <c>dotnet tool install</c> gives a working
/// <c>policyrules</c>. Everything happens in a temporary folder with its own NuGet.config and
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
    public void The_packed_library_runs_in_a_consumer_its_analyzers_fail_a_misspelt_name_and_the_tool_installs_and_screens()
    {
        // The test project references both projects, so its build has just built them in this
        // configuration: packing that build (--no-build) is what CI would publish, and quicker.
        var feed = Path.Combine(_dir, "feed");
        foreach (var project in (string[])["src/PolicyRules/PolicyRules.csproj", "src/PolicyRules.Cli/PolicyRules.Cli.csproj"])
        {
            Dotnet.Succeed(Dotnet.Root, ["pack", Path.Combine(Dotnet.Root, project), "-c", Dotnet.Configuration, "--no-build", "-o", feed, "--nologo", "-v:q"]);
        }

        Step("packed");
        var version = PackedVersion(feed);
        AssertLibraryPackage(Path.Combine(feed, $"PolicyRules.{version}.nupkg"), Path.Combine(feed, $"PolicyRules.{version}.snupkg"));
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

        Step("checked the package, computed the expected results");
        var consumerCsv = Path.Combine(_dir, "consumer.csv");
        var run = Dotnet.Succeed(Path.Combine(samples, "Consumer"), ["run", "--", consumerCsv]);
        Assert.Contains($"{expected.ProfileId}: HighTechEnterprise {expected.Version} not eligible; failed: {string.Join(", ", expected.FailedCriteria)}", run, StringComparison.Ordinal);
        Assert.Contains("结论：不符合条件 / Result: NOT ELIGIBLE", run, StringComparison.Ordinal);
        Assert.Contains($"screened: read {summary.Read}, written {summary.Written}, rejected {summary.Rejected}", run, StringComparison.Ordinal);
        foreach (var programme in summary.Programmes)
        {
            Assert.Contains($"{programme.Programme} {programme.Version}: {programme.Eligible} eligible", run, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(consumerCsv), run);
        Assert.Equal(File.ReadAllText(expectedCsv), File.ReadAllText(consumerCsv));
        Assert.Contains(Path.Combine(samples, "packages", "policyrules", version.ToLowerInvariant()), Directory.GetDirectories(Path.Combine(samples, "packages", "policyrules")));

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
        var tools = Path.Combine(_dir, "tools");
        Dotnet.Succeed(samples, ["tool", "install", "PolicyRules.Cli", "--version", version, "--tool-path", tools, "--configfile", Path.Combine(samples, "NuGet.config")]);
        Step("installed the tool");
        var policyrules = Path.Combine(tools, OperatingSystem.IsWindows() ? "policyrules.exe" : "policyrules");
        var help = Dotnet.Succeed(_dir, ["--help"], policyrules);
        Assert.All((string[])["screen", "evaluate", "gap", "lint", "test", "generate"], command => Assert.Contains(command, help, StringComparison.Ordinal));
        var toolCsv = Path.Combine(_dir, "tool.csv");
        var screen = Dotnet.Succeed(_dir, ["screen", "--input", Path.Combine(Dotnet.Root, "samples", "enterprises.csv"), "--output", toolCsv, "--as-of", "2025-06-30", "--programs", string.Join(',', Screened)], policyrules);
        Assert.Contains(summary.Read.ToString(CultureInfo.InvariantCulture), screen, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(expectedCsv), File.ReadAllText(toolCsv));
        Step("ran the tool");
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    /// <summary>The version MinVer gave the library package (the file name minus id and extension).</summary>
    private static string PackedVersion(string feed)
    {
        var library = Directory.GetFiles(feed, "PolicyRules.*.nupkg").Select(Path.GetFileName).Single(f => !f!.StartsWith("PolicyRules.Cli.", StringComparison.Ordinal))!;
        var version = library["PolicyRules.".Length..^".nupkg".Length];
        Assert.True(File.Exists(Path.Combine(feed, $"PolicyRules.Cli.{version}.nupkg")), "the tool has the library's version");
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
        Assert.Contains("README.md", entries);
        foreach (var rules in Directory.GetFiles(TestProfiles.RulesDirectory, "*.json").Where(f => !f.EndsWith(".tests.json", StringComparison.Ordinal)))
        {
            Assert.Contains($"contentFiles/any/any/rules/{Path.GetFileName(rules)}", entries);
        }

        // The schemas sit next to the rules, so the bundled files' "$schema": "./policyrules.schema.json" resolves.
        Assert.Contains("contentFiles/any/any/rules/policyrules.schema.json", entries);
        Assert.Contains("contentFiles/any/any/rules/policyrules-tests.schema.json", entries);
        Assert.Contains("contentFiles/any/any/rules/policyrules-targets.schema.json", entries);
        Assert.Contains("contentFiles/any/any/rules/policyrules-reform.schema.json", entries);
        Assert.Contains("contentFiles/any/any/rules/plan-2023-2025.targets.json", entries);
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

    [GeneratedRegex(@"(?<file>[^\s:(]+)\((?<line>\d+),(?<column>\d+)\): error (?<id>PR\d{4})")]
    private static partial Regex Reported();
}
