namespace PolicyRules.Tests.Programmes;

/// <summary>
/// A rules folder holding copies of some bundled rule files: what a CLI test needs, so each run of
/// the command compiles a few programmes rather than the whole catalogue.
/// </summary>
internal static class RulesSubset
{
    /// <summary>Copies <c>rules/&lt;name&gt;.json</c> of each programme into a new folder under <paramref name="parent"/>.</summary>
    public static string Create(string parent, params string[] programmes)
    {
        var folder = Path.Combine(parent, "rules-" + string.Join("-", programmes));
        Directory.CreateDirectory(folder);
        foreach (var programme in programmes)
        {
            File.Copy(Path.Combine(TestProfiles.RulesDirectory, programme + ".json"), Path.Combine(folder, programme + ".json"));
        }

        return folder;
    }
}
