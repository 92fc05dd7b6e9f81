using System.Globalization;
using System.Text;
using PolicyRules.Rules;

namespace PolicyRules.RuleTesting;

/// <summary>
/// The rule-file checks behind <c>policyrules lint</c> and the build-time analyzer — one
/// implementation for both. The analyzer calls it across an assembly-load boundary, so the surface
/// uses only strings and opaque handles.
/// </summary>
public static class RuleLinter
{
    /// <summary>
    /// Reads one rule file or record declaration (<c>*.record.json</c>); the result is an opaque handle
    /// for <see cref="Check"/>, cacheable per text version.
    /// </summary>
    public static object Read(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ReadBytes(path, Encoding.UTF8.GetBytes(text));
    }

    /// <summary>
    /// As <see cref="Read"/>, from the file's bytes, as the loader reads them: the analyzer passes them
    /// when the compiler did not read the file as UTF-8 (a GB18030 file it decodes with a fallback code
    /// page, so that its text is valid where the loader refuses the bytes; a UTF-32 file).
    /// </summary>
    public static object ReadBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(bytes);
        var diagnostics = new List<RuleDiagnostic>();
        if (Records.RecordFileReader.IsRecordFile(path))
        {
            var declaration = Records.RecordFileReader.Read(path, bytes, diagnostics);
            return new FileResult([], diagnostics) { Record = declaration };
        }

        var definitions = RuleFileReader.Read(path, bytes, diagnostics);
        return new FileResult(definitions, diagnostics);
    }

    /// <summary>
    /// Checks files read by <see cref="Read"/> together (names across files, version dates, every
    /// expression). Each row: id, severity (error/warning/info), message, path, line, column, end line,
    /// end column (1-based, UTF-16 columns), then the same five for a related location (empty when none).
    /// </summary>
    public static string[][] Check(object[] files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var diagnostics = new List<RuleDiagnostic>();
        var definitions = new List<ProgrammeDefinition>();
        var records = new List<Records.RecordDeclaration>();
        foreach (var file in files.Cast<FileResult>())
        {
            diagnostics.AddRange(file.Diagnostics);
            definitions.AddRange(file.Definitions);
            if (file.Record is { } record)
            {
                records.Add(record);
            }
        }

        // Programmes are checked against the record kinds the files declare (and extend), as the loader does.
        PolicyEngine.Check(definitions, records, diagnostics);
        return Rows(diagnostics);
    }

    private static string[][] Rows(List<RuleDiagnostic> diagnostics) =>
        [.. diagnostics.Select(d => new[]
        {
            d.Id, d.Severity.ToString().ToLowerInvariant(), d.Message, d.Location.Path,
            Text(d.Location.Line), Text(d.Location.Column), Text(d.Location.EndLine), Text(d.Location.EndColumn),
            d.RelatedLocation?.Path ?? "", Text(d.RelatedLocation?.Line ?? 0), Text(d.RelatedLocation?.Column ?? 0),
            Text(d.RelatedLocation?.EndLine ?? 0), Text(d.RelatedLocation?.EndColumn ?? 0),
        })];

    /// <summary>
    /// <see cref="Check"/> for files from several rules folders loaded together (the bundled rules
    /// and an app's own): <paramref name="folders"/>[i] names the folder of <paramref name="files"/>[i].
    /// A programme in two folders is PR1031 unless one says <c>"Overrides": true</c>, as at run time.
    /// </summary>
    public static string[][] CheckFolders(object[] files, string[] folders)
    {
        var diagnostics = new List<RuleDiagnostic>();
        var definitions = Merged(files, folders, diagnostics);
        // Record declarations of every folder together, as the loader reads them.
        PolicyEngine.Check(definitions, [.. files.Cast<FileResult>().Select(f => f.Record).OfType<Records.RecordDeclaration>()], diagnostics);
        return Rows(diagnostics);
    }

    /// <summary><see cref="Programmes"/> for files from several rules folders (see <see cref="CheckFolders"/>): an overridden programme is described by the one that replaces it.</summary>
    public static string[][] ProgrammesOfFolders(object[] files, string[] folders) =>
        Describe(Merged(files, folders, []));

    private static List<ProgrammeDefinition> Merged(object[] files, string[] folders, List<RuleDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(folders);
        if (files.Length != folders.Length)
        {
            throw new ArgumentException("One folder per file. / 每个文件须对应一个目录。", nameof(folders));
        }

        var byFolder = new List<(string Folder, List<ProgrammeDefinition> Definitions)>();
        for (var i = 0; i < files.Length; i++)
        {
            var file = (FileResult)files[i];
            diagnostics.AddRange(file.Diagnostics);
            var index = byFolder.FindIndex(f => string.Equals(f.Folder, folders[i], StringComparison.Ordinal));
            if (index < 0)
            {
                byFolder.Add((folders[i], []));
                index = byFolder.Count - 1;
            }

            byFolder[index].Definitions.AddRange(file.Definitions);
        }

        return RuleFolders.Merge([.. byFolder.Select(f => (f.Folder, (IReadOnlyList<ProgrammeDefinition>)f.Definitions))], diagnostics);
    }

    /// <summary>
    /// The programmes the files define. Each row: name; whether it has dated versions ("versioned"
    /// when there are several or one ends, else "single"); what it evaluates ("enterprise" or
    /// "person", or a declared kind's name in lower case, from <see cref="ProgrammeDefinition.Input"/>; "mixed" when its versions disagree).
    /// Readers must accept rows with more columns: later columns may be added, never reordered.
    /// </summary>
    public static string[][] Programmes(object[] files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return Describe([.. files.Cast<FileResult>().SelectMany(f => f.Definitions)]);
    }

    private static string[][] Describe(List<ProgrammeDefinition> definitions) =>
        [.. definitions
            .GroupBy(d => d.Name, StringComparer.Ordinal)
            .Select(g => new[]
            {
                g.Key,
                g.Count() > 1 || g.Any(d => d.EffectiveTo is not null) ? "versioned" : "single",
                g.Select(d => d.Input).Distinct().ToList() is [var input] ? input.ToLowerInvariant() : "mixed",
            })];

    /// <summary>The closest of <paramref name="candidates"/> to a misspelt <paramref name="name"/>, or null ("did you mean").</summary>
    public static string? Suggest(string name, string[] candidates) => Rules.Suggest.Closest(name, candidates);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record FileResult(IReadOnlyList<ProgrammeDefinition> Definitions, List<RuleDiagnostic> Diagnostics)
    {
        public Records.RecordDeclaration? Record { get; init; }
    }
}
