namespace PolicyRules.Tests.Architecture;

/// <summary>
/// Files short enough to read in one sitting: a source file over about 400 lines is split into partial
/// files by concern (<c>Type.Concern.cs</c>) or says in its first line why it is not
/// (<c>// Longer than ~400 lines on purpose: …</c>).
/// </summary>
public sealed class FileLengthTests
{
    private const int Limit = 400;

    /// <summary>Long files that a change in flight owns and splits when it lands; none today.</summary>
    private static readonly HashSet<string> KnownExceptions = [];

    private static readonly string Root = Directory.GetParent(TestProfiles.RulesDirectory)!.FullName;

    [Fact]
    public void Every_long_source_file_is_split_or_says_why()
    {
        var problems = new List<string>();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Root, path).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal) || KnownExceptions.Contains(relative))
            {
                continue;
            }

            var lines = File.ReadAllLines(path);
            if (lines.Length > Limit && !lines[0].StartsWith("// Longer than ~400 lines on purpose: ", StringComparison.Ordinal))
            {
                problems.Add($"{relative}: {lines.Length} lines, no reason in its first line");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_known_exception_is_still_long()
    {
        var stale = KnownExceptions.Where(f => !File.Exists(Path.Combine(Root, f)) || File.ReadAllLines(Path.Combine(Root, f)).Length <= Limit).ToList();
        Assert.True(stale.Count == 0, "No longer needed: " + string.Join(", ", stale));
    }
}
