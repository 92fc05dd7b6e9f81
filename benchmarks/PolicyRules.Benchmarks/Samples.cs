using System.Text.Json;
using PolicyRules.Compilation;
using PolicyRules.Input;
using PolicyRules.Model;
using RulesEngine.Models;

namespace PolicyRules.Benchmarks;

/// <summary>The bundled sample enterprises, persons and rules, found from the repository root.</summary>
internal static class Samples
{
    public static readonly DateOnly AsOf = new(2025, 6, 30);

    public static string Root { get; } = FindRoot();

    public static string RulesDirectory => Path.Combine(Root, "rules");

    /// <summary>Stock RulesEngine with every workflow of the bundled rule files, told our helper and model types.</summary>
    public static RulesEngine.RulesEngine ReferenceEngine()
    {
        var workflows = PolicyEngine.RuleFiles(RulesDirectory)
            .SelectMany(StockWorkflows)
            .ToArray();
        return new RulesEngine.RulesEngine(workflows, new ReSettings { CustomTypes = [.. AllowList.HelperTypes, .. AllowList.ModelTypes] });
    }

    /// <summary>A rule file as RulesEngine users read one: a bundled file is one Workflow object; other files may hold an array.</summary>
    private static Workflow[] StockWorkflows(string file)
    {
        var json = File.ReadAllText(file);
        return json.TrimStart().StartsWith('[') ? JsonSerializer.Deserialize<Workflow[]>(json)! : [JsonSerializer.Deserialize<Workflow>(json)!];
    }

    public static EnterpriseProfile[] Profiles()
    {
        using var reader = ProfileCsvReader.Open(Path.Combine(Root, "samples", "enterprises.csv"), ProfileSchema.All);
        return [.. reader.ReadAll().Select(r => r.Profile ?? throw new InvalidOperationException($"row {r.Row}: {string.Join("; ", r.Errors)}"))];
    }

    /// <summary>The sample persons; <paramref name="required"/> are the fields that may not be empty (employerId may).</summary>
    public static PersonProfile[] Persons(FieldSet required)
    {
        using var reader = ProfileCsvReader.Open(Path.Combine(Root, "samples", "persons.csv"), RecordSchema.Person, required);
        return [.. reader.ReadAll().Select(r => r.Person ?? throw new InvalidOperationException($"row {r.Row}: {string.Join("; ", r.Errors)}"))];
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
