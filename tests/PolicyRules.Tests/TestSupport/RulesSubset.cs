namespace PolicyRules.Tests.TestSupport;

/// <summary>
/// A rules folder holding copies of some bundled rule files: what a CLI test needs, so each run of
/// the command compiles a few programmes rather than the whole catalogue.
/// </summary>
internal static class RulesSubset
{
    /// <summary>
    /// Copies the rule files of each programme (<c>rules/&lt;name&gt;.json</c>, or one
    /// <c>rules/&lt;name&gt;.&lt;version&gt;.json</c> per version) into a new folder under <paramref name="parent"/>.
    /// </summary>
    public static string Create(string parent, params string[] programmes)
    {
        var folder = Path.Combine(parent, "rules-" + string.Join("-", programmes));
        Directory.CreateDirectory(folder);
        foreach (var programme in WithUsed(programmes))
        {
            foreach (var file in FilesOf(programme))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }
        }

        return folder;
    }

    private static readonly Lazy<PolicyEngine> Bundled = new(() => PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory));

    /// <summary>
    /// The programmes and every programme they use, however indirectly (a composite loads only with
    /// them: InnovativeSme uses SmeSize, TechLoanWhitelist uses SpecializedSme, which uses SmeSize), each once.
    /// </summary>
    public static IReadOnlyList<string> WithUsed(IEnumerable<string> programmes)
    {
        var result = new List<string>();
        void Add(string name)
        {
            if (result.Contains(name))
            {
                return;
            }

            result.Add(name);
            foreach (var used in Bundled.Value.GetVersions(name).SelectMany(v => v.Uses))
            {
                Add(used);
            }
        }

        foreach (var name in programmes)
        {
            Add(name);
        }

        return result;
    }

    /// <summary>The bundled rule files of one programme: <c>&lt;name&gt;.json</c>, or <c>&lt;name&gt;.&lt;version&gt;.json</c> per version.</summary>
    public static IReadOnlyList<string> FilesOf(string programme)
    {
        var files = PolicyEngine.RuleFiles(TestProfiles.RulesDirectory)
            .Where(f => Path.GetFileName(f) == programme + ".json" || Path.GetFileName(f).StartsWith(programme + ".", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);
        return files;
    }
}
