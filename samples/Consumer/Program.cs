using Microsoft.Extensions.DependencyInjection;
using PolicyRules;
using PolicyRules.Extensions.DependencyInjection;
using PolicyRules.Evaluation;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Screening;

// What a .NET system does with the PolicyRules package: explain one enterprise, screen a file.
// Usage: dotnet run [-- OUTPUT.csv]   (default out/results.csv; CSV, or Parquet / JSON Lines by extension)
var data = Path.Combine(AppContext.BaseDirectory, "data");
var output = args.Length > 0 ? args[0] : Path.Combine("out", "results.csv");
var asOf = new DateOnly(2025, 6, 30);

// One enterprise, three lines: the bundled rules, a profile (JSON with the contract's field names), the result.
var engine = PolicyEngine.LoadBundled();
var profile = ProfileJsonReader.ReadFile(Path.Combine(data, "high-tech-near-miss.json"), FieldSet.Empty);
var result = engine.Evaluate("HighTechEnterprise", profile, asOf);

Console.WriteLine($"{result.ProfileId}: {result.Programme} {result.Version} {(result.Eligible ? "eligible" : "not eligible")}; failed: {string.Join(", ", result.FailedCriteria)}");
Console.Write(ExplanationText.Render(result));

// A file of enterprises, one call: a result row per enterprise, unreadable rows to a rejects file.
var summary = ScreeningJob.Run(
    Path.Combine(data, "enterprises.csv"),
    output,
    [engine.GetProgramme("SmeSize", asOf), engine.GetProgramme("TechBasedSme", asOf), engine.GetProgramme("HighTechEnterprise", asOf)],
    asOf);

Console.WriteLine($"screened: read {summary.Read}, written {summary.Written}, rejected {summary.Rejected} -> {output}");
foreach (var programme in summary.Programmes)
{
    Console.WriteLine($"{programme.Programme} {programme.Version}: {programme.Eligible} eligible");
}

// In an application with a container: the rule set as a service (PolicyRules.Extensions.DependencyInjection).
var services = new ServiceCollection();
services.AddPolicyRules(options => options.DefaultAsOf = () => asOf);
using var provider = services.BuildServiceProvider();
var rules = provider.GetRequiredService<IPolicyRules>();
Console.WriteLine($"via DI: rule set {rules.RuleSetId}; {profile.Id}: HighTechEnterprise {(rules.Evaluate("HighTechEnterprise", profile).Eligible ? "eligible" : "not eligible")}");
