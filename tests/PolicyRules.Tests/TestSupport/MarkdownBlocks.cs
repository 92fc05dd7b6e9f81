using System.Text.RegularExpressions;

namespace PolicyRules.Tests.TestSupport;

/// <summary>A fenced code block of a Markdown file: its language, the marker comment naming it (if any), its lines.</summary>
/// <param name="Language">The info string after the opening fence (<c>sh</c>, <c>xml</c>, …).</param>
/// <param name="Marker">The name of an <c>&lt;!-- NAME: begin --&gt;</c> comment right above the block, else null.</param>
/// <param name="Text">The block's text, lines joined with <c>\n</c>, without the fences.</param>
/// <param name="Line">The 1-based line of the opening fence.</param>
internal sealed record MarkdownBlock(string Language, string? Marker, string Text, int Line)
{
    /// <summary>The block's commands: its non-empty lines that are not <c>#</c> comments.</summary>
    public IEnumerable<string> Commands =>
        Text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));
}

/// <summary>Reads the fenced code blocks and relative links of the repository's Markdown files.</summary>
internal static partial class MarkdownBlocks
{
    public static string ReadmePath => Path.Combine(Dotnet.Root, "README.md");

    public static IReadOnlyList<MarkdownBlock> Read(string path)
    {
        var lines = File.ReadAllText(path).ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<MarkdownBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var start = i;
            var language = lines[i][3..].Trim();
            var marker = start > 0 && MarkerBegin().Match(lines[start - 1]) is { Success: true } m ? m.Groups["name"].Value : null;
            var body = new List<string>();
            for (i++; i < lines.Length && !lines[i].StartsWith("```", StringComparison.Ordinal); i++)
            {
                body.Add(lines[i]);
            }

            blocks.Add(new MarkdownBlock(language, marker, string.Join('\n', body), start + 1));
        }

        return blocks;
    }

    /// <summary>The README's block under <c>&lt;!-- NAME: begin --&gt;</c>, which must exist.</summary>
    public static MarkdownBlock Marked(string name) =>
        Read(ReadmePath).SingleOrDefault(b => b.Marker == name) ?? throw new Xunit.Sdk.XunitException($"README.md has no block marked <!-- {name}: begin -->");

    /// <summary>Splits a command line as a POSIX shell would for the plain words the README uses (no quotes, no variables).</summary>
    public static string[] Words(string command)
    {
        Assert.DoesNotMatch(@"[""'$`\\|&;<>*?]", command);
        return command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Every inline link <c>[text](target)</c> of a Markdown file, with its line, outside code blocks and code spans.</summary>
    public static IEnumerable<(string Target, int Line)> Links(string path)
    {
        var lines = File.ReadAllText(path).ReplaceLineEndings("\n").Split('\n');
        var inBlock = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock;
                continue;
            }

            if (inBlock)
            {
                continue;
            }

            var text = CodeSpan().Replace(lines[i], "");
            foreach (Match link in Link().Matches(text))
            {
                yield return (link.Groups["target"].Value, i + 1);
            }
        }
    }

    [GeneratedRegex(@"^<!-- (?<name>[^:]+): begin -->$")]
    private static partial Regex MarkerBegin();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();
}
