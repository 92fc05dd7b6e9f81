using PolicyRules;
using PolicyRules.Model;

// Deliberately broken: no rule file defines "HighTechEnterprize", so the build fails with
// error PR2001 (did you mean 'HighTechEnterprise'?) on the next call.
var engine = PolicyEngine.LoadBundled();
var result = engine.Evaluate("HighTechEnterprize", new EnterpriseProfile { Id = "91370211MA3EXAMPLE" }, new DateOnly(2025, 6, 30));
Console.WriteLine(result.Eligible);
