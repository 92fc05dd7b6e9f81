using PolicyRules.Tests.Packaging;

namespace PolicyRules.Tests.Readme;

/// <summary>Every relative link of the repository's documentation resolves to a file or folder inside the repository.</summary>
public sealed class MarkdownLinkTests
{
    public static TheoryData<string> Documents()
    {
        var root = Dotnet.Root;
        var files = new List<string> { "README.md", "CONTRIBUTING.md", "benchmarks/README.md", "samples/Consumer/README.md" };
        files.AddRange(Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')));
        return [.. files.Where(f => File.Exists(Path.Combine(root, f))).Order(StringComparer.Ordinal)];
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Relative_links_resolve_inside_the_repository(string document)
    {
        var root = Path.GetFullPath(Dotnet.Root);
        var path = Path.Combine(root, document);
        var problems = new List<string>();
        foreach (var (target, line) in MarkdownBlocks.Links(path))
        {
            if (target.StartsWith('#') || target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            var file = Uri.UnescapeDataString(target.Split('#')[0]);
            var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, file));
            if (!resolved.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                problems.Add($"{document}({line}): {target} points outside the repository");
            }
            else if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                problems.Add($"{document}({line}): {target} does not exist");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void The_link_reader_sees_the_readmes_links()
    {
        // Guards the test above against a reader that finds nothing (and so passes vacuously).
        var links = MarkdownBlocks.Links(MarkdownBlocks.ReadmePath).Select(l => l.Target).ToList();
        Assert.Contains("docs/data-dictionary.md", links);
        Assert.Contains("samples/Consumer/README.md", links);
        Assert.DoesNotContain(links, l => l.Contains("shared/", StringComparison.Ordinal));
    }
}
