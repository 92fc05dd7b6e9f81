using System.Reflection;
using System.Text.RegularExpressions;
using PolicyRules.Rules;
using PolicyRules.Tests.Rules;

namespace PolicyRules.Tests.Corpus;

/// <summary>
/// A corpus of broken rule files, each a bundled rule file (or a trimmed copy) with one fault injected
/// and marked with <c>{|PR1xxx:|}</c> where the diagnostic must start. Every file must be reported with
/// that ID on that line and column, and with no error of an ID the markup does not list.
/// </summary>
public sealed partial class BrokenRuleCorpusTests
{
    /// <summary>The corpus folder in the source tree (the files are not copied to the output folder).</summary>
    private static string CorpusDirectory { get; } = FindCorpusDirectory();

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(CorpusDirectory, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            data.Add(file!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Each_fault_is_reported_with_its_id_at_its_place(string file)
    {
        var marked = MarkedRuleFile.Parse(File.ReadAllText(Path.Combine(CorpusDirectory, file)));
        Assert.True(marked.Expected.Count > 0, $"{file}: no {{|PR1xxx:|}} markup");

        var diagnostics = marked.Diagnose("Corpus/" + file);
        var report = diagnostics.Count == 0
            ? "no diagnostics"
            : string.Join(Environment.NewLine, diagnostics.Select(d => "  " + d));

        foreach (var (id, line, column) in marked.Expected)
        {
            Assert.True(
                diagnostics.Exists(d => d.Id == id && d.Location.Line == line && d.Location.Column == column),
                $"{file}: expected {id} at ({line},{column}); got:{Environment.NewLine}{report}");
        }

        var expectedIds = marked.Expected.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in expectedIds)
        {
            Assert.True(diagnostics.Exists(d => d.Id == id), $"{file}: no {id} diagnostic; got:{Environment.NewLine}{report}");
        }

        var unexpected = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && !expectedIds.Contains(d.Id)).ToList();
        Assert.True(unexpected.Count == 0,
            $"{file}: errors the markup does not list ({string.Join(", ", unexpected.Select(d => d.Id).Distinct())}); got:{Environment.NewLine}{report}");
    }

    [Fact]
    public void The_corpus_has_at_least_40_files_and_covers_every_file_diagnostic()
    {
        var files = Directory.GetFiles(CorpusDirectory, "*.json");
        Assert.True(files.Length >= 40, $"the corpus has {files.Length} files; at least 40 are wanted");

        var covered = files
            .SelectMany(f => MarkedRuleFile.Parse(File.ReadAllText(f)).Expected)
            .Select(e => e.Id)
            .ToHashSet(StringComparer.Ordinal);
        var wanted = typeof(DiagnosticIds)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(id => id != DiagnosticIds.UnreadableFile) // PR1019: about reading the file, not its content
            .Where(id => id != DiagnosticIds.RecordNotGenerated) // PR1030: the build's record generator (RecordGeneratorTests)
            .Where(id => id != DiagnosticIds.ProgrammeInTwoFolders) // PR1031: needs two folders (RuleFoldersTests)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(wanted);
        var missing = wanted.Where(id => !covered.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"no corpus file marks {string.Join(", ", missing)}");
    }

    [Fact]
    public void Corpus_files_are_numbered_once_and_named_for_their_fault()
    {
        var names = Directory.GetFiles(CorpusDirectory, "*.json").Select(Path.GetFileName).ToList();
        Assert.All(names, name => Assert.Matches(FileName(), name!));
        var numbers = names.Select(name => name![..name!.IndexOf('-', StringComparison.Ordinal)]).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct(StringComparer.Ordinal).Count());
    }

    private static string FindCorpusDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PolicyRules.sln")))
            {
                var corpus = Path.Combine(directory.FullName, "tests", "PolicyRules.Tests", "Corpus");
                Assert.True(Directory.Exists(corpus), $"{corpus} does not exist");
                return corpus;
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds PolicyRules.sln.");
    }

    [GeneratedRegex(@"^\d{2,3}-[a-z0-9]+(-[a-z0-9]+)*\.json$")]
    private static partial Regex FileName();
}
