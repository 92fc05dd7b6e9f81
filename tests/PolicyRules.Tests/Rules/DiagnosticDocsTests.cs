using System.Reflection;
using System.Text.RegularExpressions;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Rules;

/// <summary>
/// Every diagnostic ID has a page under <c>docs/diagnostics/</c>, is listed in both indexes, and
/// no page documents an ID that does not exist. The analyzer descriptors are read from the text of
/// <c>src/PolicyRules.Analyzers/Descriptors.cs</c>, since this project does not reference the analyzers.
/// </summary>
public sealed partial class DiagnosticDocsTests
{
    private static readonly string Root = Directory.GetParent(TestProfiles.RulesDirectory)!.FullName;

    private static readonly string DocsDirectory = Path.Combine(Root, "docs", "diagnostics");

    private static readonly string[] Sections = ["## What it means", "## Why it matters", "## Wrong", "## Fixed", "## How to fix"];

    [Fact]
    public void Every_rule_file_diagnostic_id_has_a_page_titled_with_it()
    {
        var ids = RuleFileIds();
        Assert.NotEmpty(ids);
        var problems = ids.Select(PageProblem).OfType<string>().ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_analyzer_descriptor_has_a_page_and_a_help_link_to_it()
    {
        var descriptors = AnalyzerDescriptors();
        Assert.NotEmpty(descriptors);
        Assert.Contains(descriptors, d => d.Id == "PR2001");
        var problems = new List<string>();
        foreach (var descriptor in descriptors)
        {
            if (PageProblem(descriptor.Id) is { } problem)
            {
                problems.Add(problem);
            }

            if (descriptor.HelpLink is null || !descriptor.HelpLink.EndsWith($"docs/diagnostics/{descriptor.Id}.md", StringComparison.Ordinal))
            {
                problems.Add($"{descriptor.Id}: helpLinkUri is '{descriptor.HelpLink ?? "(none)"}', not …docs/diagnostics/{descriptor.Id}.md");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_page_states_the_title_and_severity_of_its_descriptor()
    {
        var problems = new List<string>();
        foreach (var descriptor in AnalyzerDescriptors().Where(d => File.Exists(PagePath(d.Id))))
        {
            var lines = File.ReadAllLines(PagePath(descriptor.Id));
            if (lines[0] != $"# {descriptor.Id}: {descriptor.Title}")
            {
                problems.Add($"{descriptor.Id}: the page's title is '{lines[0]}'; the descriptor's is '{descriptor.Title}'");
            }

            var severity = $"**Severity:** {descriptor.Severity.ToLowerInvariant()}";
            if (!lines.Any(l => l.StartsWith(severity, StringComparison.Ordinal)))
            {
                problems.Add($"{descriptor.Id}: the page does not say '{severity}'");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_page_is_in_the_diagnostics_index_with_a_link()
    {
        var rows = TableRows(File.ReadAllLines(Path.Combine(DocsDirectory, "README.md")));
        var problems = new List<string>();
        foreach (var id in PageIds())
        {
            if (!rows.TryGetValue(id, out var row))
            {
                problems.Add($"{id} is not in the table of docs/diagnostics/README.md");
            }
            else if (!row.Contains($"({id}.md)", StringComparison.Ordinal))
            {
                problems.Add($"{id}: its row in docs/diagnostics/README.md does not link to {id}.md");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_page_is_in_the_readme_diagnostics_table()
    {
        var readme = File.ReadAllLines(Path.Combine(Root, "README.md"));
        var start = Array.FindIndex(readme, l => l.StartsWith('#') && l.TrimStart('#').Trim() == "Diagnostics");
        Assert.True(start >= 0, "README.md has no Diagnostics section");
        var end = Array.FindIndex(readme, start + 1, l => l.StartsWith('#'));
        var rows = TableRows(readme[start..(end < 0 ? readme.Length : end)]);
        var missing = PageIds().Where(id => !rows.ContainsKey(id)).ToList();
        Assert.True(missing.Count == 0, "Not in the Diagnostics table of README.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void No_page_documents_an_unknown_id()
    {
        // PR1032 belongs to the SQL back end (Sql.SqlDiagnosticIds), not to loading rule files.
        var known = RuleFileIds().Concat(AnalyzerDescriptors().Select(d => d.Id)).Append(PolicyRules.Sql.SqlDiagnosticIds.NotTranslatableToSql).ToHashSet(StringComparer.Ordinal);
        var unknown = Directory.EnumerateFiles(DocsDirectory, "*.md")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => name != "README" && !known.Contains(name!))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(unknown.Count == 0, "Pages for IDs that neither DiagnosticIds nor Descriptors.cs define: " + string.Join(", ", unknown));
    }

    /// <summary>The IDs of <see cref="DiagnosticIds"/>: every public string constant.</summary>
    private static List<string> RuleFileIds() =>
        [.. typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)];

    /// <summary>
    /// The descriptors of Descriptors.cs: each <c>new("PRxxxx", "title", …, DiagnosticSeverity.X, …, helpLinkUri: …)</c>,
    /// with the help link evaluated from string literals and string constants of the file.
    /// </summary>
    private static List<Descriptor> AnalyzerDescriptors()
    {
        var text = File.ReadAllText(Path.Combine(Root, "src", "PolicyRules.Analyzers", "Descriptors.cs"));
        var constants = StringConstant().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);
        // Generated at build time from the one repository address in Directory.Build.props.
        constants["RepositoryInfo.Url"] = '"' + System.Xml.Linq.XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("PolicyRulesRepositoryUrl").Single().Value + '"';
        var descriptors = new List<Descriptor>();
        foreach (Match match in DescriptorCreation().Matches(text))
        {
            var arguments = match.Groups["arguments"].Value;
            var link = HelpLink().Match(arguments) is { Success: true } help
                ? Evaluate(help.Groups["expression"].Value, constants)
                : null;
            descriptors.Add(new Descriptor(
                match.Groups["id"].Value,
                match.Groups["title"].Value,
                Severity().Match(arguments) is { Success: true } severity ? severity.Groups["severity"].Value : "",
                link));
        }

        return descriptors;
    }

    /// <summary>A concatenation of string literals and constants (whose values are expressions too).</summary>
    private static string? Evaluate(string expression, Dictionary<string, string> constants)
    {
        var parts = expression.Split('+').Select(part => part.Trim()).Select(part =>
            part.Length >= 2 && part[0] == '"' && part[^1] == '"' ? part[1..^1]
            : constants.TryGetValue(part, out var value) ? Evaluate(value, constants)
            : null).ToList();
        return parts.Contains(null) ? null : string.Concat(parts);
    }

    /// <summary>The IDs that have a page (docs/diagnostics/PRxxxx.md).</summary>
    private static List<string> PageIds() =>
        [.. Directory.EnumerateFiles(DocsDirectory, "*.md")
            .Select(f => Path.GetFileNameWithoutExtension(f)!)
            .Where(name => IdPattern().IsMatch(name))
            .Order(StringComparer.Ordinal)];

    private static string PagePath(string id) => Path.Combine(DocsDirectory, id + ".md");

    /// <summary>Null when the page of <paramref name="id"/> exists, starts with "# ID: title" and has every section.</summary>
    private static string? PageProblem(string id)
    {
        var path = PagePath(id);
        if (!File.Exists(path))
        {
            return $"{id}: no page docs/diagnostics/{id}.md";
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || !lines[0].StartsWith($"# {id}: ", StringComparison.Ordinal))
        {
            return $"{id}: the page's first line is not '# {id}: <title>'";
        }

        var missing = Sections.Where(s => !lines.Contains(s, StringComparer.Ordinal)).ToList();
        return missing.Count == 0 ? null : $"{id}: the page has no {string.Join(", ", missing)}";
    }

    /// <summary>Table rows whose first cell is a diagnostic ID, by ID.</summary>
    private static Dictionary<string, string> TableRows(IEnumerable<string> lines)
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (TableRow().Match(line) is { Success: true } row)
            {
                rows.TryAdd(row.Groups["id"].Value, line);
            }
        }

        return rows;
    }

    private sealed record Descriptor(string Id, string Title, string Severity, string? HelpLink);

    [GeneratedRegex("""new\("(?<id>PR\d{4})",\s*"(?<title>[^"]*)"(?<arguments>.*?)\);""", RegexOptions.Singleline)]
    private static partial Regex DescriptorCreation();

    [GeneratedRegex("""helpLinkUri:\s*(?<expression>[^,)]+)""")]
    private static partial Regex HelpLink();

    [GeneratedRegex("""DiagnosticSeverity\.(?<severity>\w+)""")]
    private static partial Regex Severity();

    [GeneratedRegex("""const string (?<name>\w+) = (?<value>[^;]+);""")]
    private static partial Regex StringConstant();

    [GeneratedRegex("""^\|\s*(?<id>PR\d{4})\s*\|""")]
    private static partial Regex TableRow();

    [GeneratedRegex("""^PR\d{4}$""")]
    private static partial Regex IdPattern();
}
