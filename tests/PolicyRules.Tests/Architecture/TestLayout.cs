namespace PolicyRules.Tests.Architecture;

/// <summary>
/// Where a test file may sit: in the folder that mirrors the source folder of the type it tests
/// (<c>Screening/XTests.cs</c> tests <c>src/PolicyRules/Screening/X.cs</c>), or in one of the declared
/// cross-cutting suites that test the whole; its namespace is its folder. Read from disk, so a file
/// added anywhere is checked.
/// </summary>
/// <param name="Project">The test project's folder, relative to the repository root (<c>tests/PolicyRules.Tests</c>).</param>
/// <param name="RootNamespace">The namespace of the project's root folder.</param>
/// <param name="Mirrors">Test folder (<c>""</c> for the root) → the source folder it mirrors, relative to the repository root.</param>
/// <param name="CrossCutting">Top-level folders for suites that test the whole, and <c>TestSupport</c> for shared helpers.</param>
/// <param name="RootHoldsTests">Whether files may sit at the project's root (they then test the mirrored root's types).</param>
internal sealed record TestLayout(
    string Project, string RootNamespace, IReadOnlyDictionary<string, string> Mirrors, IReadOnlyList<string> CrossCutting, bool RootHoldsTests)
{
    /// <summary>Snapshooter keeps a test's snapshots in this folder next to the test file.</summary>
    private const string Snapshots = "__snapshots__";

    /// <summary>Every misplaced file or folder, each with its fix; empty when the layout holds.</summary>
    public IReadOnlyList<string> Check(string repositoryRoot)
    {
        var project = Path.Combine(repositoryRoot, Project);
        var problems = new List<string>();
        foreach (var suite in CrossCutting.Where(s => !Directory.Exists(Path.Combine(project, s))))
        {
            problems.Add($"{Project}/{suite}/: declared as a cross-cutting suite but missing; remove it from the list in {nameof(TestLayoutTests)}.");
        }

        foreach (var directory in Directory.EnumerateDirectories(project, "*", SearchOption.AllDirectories).Select(d => Relative(project, d)).Order(StringComparer.Ordinal))
        {
            if (!IsBuildOutput(directory) && !IsCrossCutting(directory) && !IsSnapshotFolder(directory) && MirroredSource(repositoryRoot, directory) is null)
            {
                problems.Add($"{Project}/{directory}/: mirrors no source folder ({Candidates(directory) ?? "no mapped source"} does not exist) and is not a declared cross-cutting suite; {Fix(repositoryRoot)}");
            }
        }

        foreach (var file in Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories).Select(f => Relative(project, f)).Order(StringComparer.Ordinal))
        {
            var folder = Path.GetDirectoryName(file)!.Replace('\\', '/');
            if (IsBuildOutput(folder))
            {
                continue;
            }

            if (folder.Length == 0 && !RootHoldsTests)
            {
                problems.Add($"{Project}/{file}: a test file at the project's root; {Fix(repositoryRoot)}");
                continue;
            }

            var expected = folder.Length == 0 ? RootNamespace : RootNamespace + "." + folder.Replace('/', '.');
            var actual = DeclaredNamespace(Path.Combine(project, file));
            if (actual != expected)
            {
                problems.Add($"{Project}/{file}: namespace {actual ?? "(none)"} does not match its folder; write `namespace {expected};`.");
            }
        }

        return problems;
    }

    /// <summary>The fix, naming the folders a test may go to, as they are on disk.</summary>
    private string Fix(string repositoryRoot)
    {
        var rootSource = Mirrors.GetValueOrDefault("");
        var sourceFolders = rootSource is null || !Directory.Exists(Path.Combine(repositoryRoot, rootSource))
            ? []
            : Directory.GetDirectories(Path.Combine(repositoryRoot, rootSource)).Select(Path.GetFileName).OfType<string>()
                .Where(name => name is not ("bin" or "obj") && Directory.EnumerateFiles(Path.Combine(repositoryRoot, rootSource, name), "*.cs", SearchOption.AllDirectories).Any());
        var mirrors = sourceFolders.Concat(Mirrors.Keys.Where(k => k.Length > 0)).Order(StringComparer.Ordinal);
        return "move it to the folder of the source type it tests (" + string.Join(", ", mirrors) +
            (rootSource is null ? "" : $"; subfolders as in {rootSource}") + "), a suite that tests the whole to one of " +
            string.Join(", ", CrossCutting) + ", a helper several folders share to TestSupport.";
    }

    private bool IsCrossCutting(string directory) => CrossCutting.Contains(directory.Split('/')[0], StringComparer.Ordinal);

    private static bool IsSnapshotFolder(string directory) => directory.Split('/')[^1] == Snapshots;

    // TestResults is where `dotnet test` puts its loggers' files and the hang detector's (--blame-hang).
    private static bool IsBuildOutput(string directory) => directory.Split('/')[0] is "bin" or "obj" or "TestResults";

    /// <summary>The source folder <paramref name="directory"/> mirrors: the longest mapped prefix, then the same subfolders.</summary>
    private string? MirroredSource(string repositoryRoot, string directory)
    {
        var source = Candidates(directory);
        return source is not null && Directory.Exists(Path.Combine(repositoryRoot, source)) ? source : null;
    }

    private string? Candidates(string directory)
    {
        var segments = directory.Split('/');
        for (var take = segments.Length; take >= 0; take--)
        {
            var prefix = string.Join('/', segments.Take(take));
            if (Mirrors.TryGetValue(prefix, out var source))
            {
                return string.Join('/', new[] { source }.Concat(segments.Skip(take)));
            }
        }

        return null;
    }

    private static string? DeclaredNamespace(string path) => File.ReadLines(path)
        .Select(line => line.Trim())
        .Where(line => line.StartsWith("namespace ", StringComparison.Ordinal))
        .Select(line => line["namespace ".Length..].TrimEnd(';', ' ', '{'))
        .FirstOrDefault();

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
