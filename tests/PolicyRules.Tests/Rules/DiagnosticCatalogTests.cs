using System.Reflection;
using System.Text.RegularExpressions;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Rules;

/// <summary>
/// Each diagnostic is described once, in <see cref="DiagnosticCatalog"/>; every other place that
/// describes one is compared with it here, so a title, severity or category changed in one place and
/// not in the table fails the build's tests: the ID constants, the analyzers' descriptors, release
/// tracking, each page, the docs index and the README's table.
/// </summary>
public sealed partial class DiagnosticCatalogTests
{
    private static readonly string Root = Directory.GetParent(TestProfiles.RulesDirectory)!.FullName;

    private static string Read(params string[] parts) => File.ReadAllText(Path.Combine([Root, .. parts]));

    private static string Severity(DiagnosticEntry entry) => entry.Level.ToString().ToLowerInvariant();

    [Fact]
    public void The_table_has_one_row_per_id_in_order()
    {
        var ids = DiagnosticCatalog.All.Select(e => e.Id).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^PR[12][0-9]{3}$", id));
    }

    [Fact]
    public void The_id_constants_are_the_rows_the_SDK_reports()
    {
        static IEnumerable<string> Constants(Type type) => type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!);

        var constants = Constants(typeof(DiagnosticIds)).Concat(Constants(typeof(global::PolicyRules.Sql.SqlDiagnosticIds))).Order(StringComparer.Ordinal).ToList();
        // The analyzers alone report the host problem and the C# call-site checks; everything else has a constant.
        string[] analyzersOnly = ["PR1000", "PR2001", "PR2002", "PR2003"];
        var rows = DiagnosticCatalog.All.Select(e => e.Id).Except(analyzersOnly).ToList();
        Assert.Equal(rows, constants);
    }

    [Fact]
    public void The_analyzers_descriptors_match_the_table()
    {
        var text = Read("src", "PolicyRules.Analyzers", "Descriptors.cs");
        var categories = CategoryConstant().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);
        var descriptors = DescriptorCreation().Matches(text).ToDictionary(m => m.Groups["id"].Value, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var entry in DiagnosticCatalog.All)
        {
            if (!descriptors.TryGetValue(entry.Id, out var match))
            {
                if (entry.ReportedBy is not null)
                {
                    problems.Add($"{entry.Id}: reported by {entry.ReportedBy} but Descriptors.cs has no descriptor");
                }

                continue;
            }

            var category = match.Groups["category"].Value;
            category = categories.TryGetValue(category, out var value) ? value : category.Trim('"');
            var actual = (match.Groups["title"].Value, category, match.Groups["severity"].Value.ToLowerInvariant());
            if (actual != (entry.Title, entry.Category, Severity(entry)))
            {
                problems.Add($"{entry.Id}: descriptor {actual}, table ({entry.Title}, {entry.Category}, {Severity(entry)})");
            }
        }

        problems.AddRange(descriptors.Keys.Where(id => DiagnosticCatalog.All.All(e => e.Id != id)).Select(id => $"{id}: a descriptor with no row in the table"));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Release_tracking_lists_every_analyzer_diagnostic_as_the_table_does()
    {
        var expected = DiagnosticCatalog.All.Where(e => e.ReportedBy is not null)
            .Select(e => $"{e.Id} | {e.Category} | {e.Level} | {e.ReportedBy}").ToList();
        var shipped = Read("src", "PolicyRules.Analyzers", "AnalyzerReleases.Shipped.md");
        var unshipped = Read("src", "PolicyRules.Analyzers", "AnalyzerReleases.Unshipped.md");
        var tracked = (shipped + "\n" + unshipped).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => ReleaseRow().IsMatch(l)).ToList();
        Assert.Equal(expected, tracked);
    }

    [Fact]
    public void Every_page_heads_with_the_title_severity_and_category_of_its_row()
    {
        var problems = new List<string>();
        foreach (var entry in DiagnosticCatalog.All)
        {
            var path = Path.Combine(Root, "docs", "diagnostics", entry.Id + ".md");
            if (!File.Exists(path))
            {
                problems.Add($"{entry.Id}: no page");
                continue;
            }

            var lines = File.ReadAllLines(path);
            if (lines[0] != $"# {entry.Id}: {entry.Title}")
            {
                problems.Add($"{entry.Id}: page heading '{lines[0]}', table title '{entry.Title}'");
            }

            if (lines.Length < 3 || !lines[2].StartsWith($"**Severity:** {Severity(entry)}", StringComparison.Ordinal)
                || !lines[2].Contains($"**Category:** `{entry.Category}`", StringComparison.Ordinal))
            {
                problems.Add($"{entry.Id}: the page's third line does not state severity {Severity(entry)} and category {entry.Category}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_docs_index_and_the_readme_list_every_row_with_its_severity()
    {
        var index = Rows(Read("docs", "diagnostics", "README.md"));
        var readme = Rows(Read("README.md"));
        var problems = new List<string>();
        foreach (var entry in DiagnosticCatalog.All)
        {
            // The index cell may add where it applies after the title, as PR1032's "(`policyrules sql`)".
            if (!index.TryGetValue(entry.Id, out var row) || row[0] != Severity(entry) || !row[1].StartsWith(entry.Title, StringComparison.Ordinal)
                || row[2] != $"[{entry.Id}]({entry.Id}.md)")
            {
                problems.Add($"{entry.Id}: docs/diagnostics/README.md should have | {entry.Id} | {Severity(entry)} | {entry.Title} | [{entry.Id}]({entry.Id}.md) |");
            }

            if (!readme.TryGetValue(entry.Id, out var line) || line[0] != Severity(entry))
            {
                problems.Add($"{entry.Id}: README.md's diagnostics table should list it as {Severity(entry)}");
            }
        }

        var extra = index.Keys.Concat(readme.Keys).Where(id => DiagnosticCatalog.All.All(e => e.Id != id)).Distinct();
        problems.AddRange(extra.Select(id => $"{id}: listed but not in the table"));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>Markdown table rows whose first cell is an ID: the other cells, by ID.</summary>
    private static Dictionary<string, string[]> Rows(string markdown)
    {
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in markdown.Split('\n'))
        {
            var cells = line.TrimEnd('\r').Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length >= 4 && cells[0].Length == 0 && Regex.IsMatch(cells[1], "^PR[0-9]{4}$"))
            {
                rows.TryAdd(cells[1], cells[2..^1]);
            }
        }

        return rows;
    }

    [GeneratedRegex("""new\("(?<id>PR\d{4})",\s*"(?<title>[^"]*)",\s*(?:"[^"]*"|\s)*,\s*(?<category>\w+|"[^"]*"),\s*DiagnosticSeverity\.(?<severity>\w+)""", RegexOptions.Singleline)]
    private static partial Regex DescriptorCreation();

    [GeneratedRegex("""const string (?<name>\w+) = "(?<value>[^"]*)";""")]
    private static partial Regex CategoryConstant();

    [GeneratedRegex("""^PR\d{4} \|""")]
    private static partial Regex ReleaseRow();
}
