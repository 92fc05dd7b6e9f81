using PolicyRules.Input;
using PolicyRules.Model;

namespace PolicyRules.Benchmarks;

/// <summary>The bundled sample enterprises and rules, found from the repository root.</summary>
internal static class Samples
{
    public static readonly DateOnly AsOf = new(2025, 6, 30);

    public static string Root { get; } = FindRoot();

    public static string RulesDirectory => Path.Combine(Root, "rules");

    public static EnterpriseProfile[] Profiles()
    {
        using var reader = ProfileCsvReader.Open(Path.Combine(Root, "samples", "enterprises.csv"), ProfileSchema.All);
        return [.. reader.ReadAll().Select(r => r.Profile ?? throw new InvalidOperationException($"row {r.Row}: {string.Join("; ", r.Errors)}"))];
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PolicyRules.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Run the benchmarks from inside the repository (PolicyRules.sln not found above " + AppContext.BaseDirectory + ").");
    }
}
