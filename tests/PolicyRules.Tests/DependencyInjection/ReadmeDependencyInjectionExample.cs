using Microsoft.Extensions.DependencyInjection;
using PolicyRules.Extensions.DependencyInjection;
using PolicyRules.Model;

namespace PolicyRules.Tests.DependencyInjection;

/// <summary>The README's dependency-injection example, compiled and run here so it cannot rot.</summary>
public sealed class ReadmeDependencyInjectionExample
{
    // README DI example: begin
    internal static void ConfigureServices(IServiceCollection services, string rulesFolder)
    {
        services.AddPolicyRules(options =>
        {
            options.RulesDirectory = rulesFolder;                  // default: the bundled rules
            options.HotReload = true;                              // an edit swaps the rules; a bad one keeps the last good set
            options.DefaultAsOf = () => new DateOnly(2025, 6, 30); // default: today, which is a choice (see below)
        });
    }

    // Wherever IPolicyRules is injected: the current rule set, as of DefaultAsOf.
    internal static bool IsHighTech(IPolicyRules rules, EnterpriseProfile profile) =>
        rules.Evaluate("HighTechEnterprise", profile).Eligible;
    // README DI example: end

    [Fact]
    public void The_readme_example_runs()
    {
        using var folder = new RulesFolder();
        var services = new ServiceCollection();
        ConfigureServices(services, folder.Path);
        using var provider = services.BuildServiceProvider();
        var rules = provider.GetRequiredService<IPolicyRules>();

        Assert.True(IsHighTech(rules, TestProfiles.Baseline()));
        Assert.Equal(new DateOnly(2025, 6, 30), rules.GetDefaultAsOf());
        Assert.True(((PolicyRulesService)rules).IsWatching);
    }

    [Fact]
    public void The_readme_shows_the_example_verbatim()
    {
        var root = Path.Combine(TestProfiles.RulesDirectory, "..");
        var source = File.ReadAllText(Path.Combine(root, "tests", "PolicyRules.Tests", "DependencyInjection", "ReadmeDependencyInjectionExample.cs")).ReplaceLineEndings("\n");
        var begin = source.IndexOf("// README DI example: begin", StringComparison.Ordinal);
        var end = source.IndexOf("    // README DI example: end", StringComparison.Ordinal);
        var example = string.Join('\n', source[begin..end].Split('\n').Skip(1).Select(l => l.Length >= 4 ? l[4..] : l.TrimStart())).TrimEnd();
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        Assert.Contains(example, readme, StringComparison.Ordinal);
    }
}
