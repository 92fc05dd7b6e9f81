using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using PolicyRules.Compilation;
using PolicyRules.Evaluation;
using PolicyRules.Model;
using PolicyRules.Records;
using PolicyRules.Rules;

namespace PolicyRules;

public sealed partial class PolicyEngine
{
    /// <summary>
    /// The version of <paramref name="programme"/> in force on <paramref name="asOf"/> or, on a date no
    /// version covers, a stand-in (<see cref="CompiledProgramme.IsNoVersionInForce"/>) whose results are
    /// "not eligible" with one failed criterion, <c>VersionInForce</c>, that says which versions exist and
    /// what succeeded the last one. Every surface (evaluate, screen, gap, report) shows that outcome.
    /// </summary>
    /// <exception cref="UnknownProgrammeException">No rule file defines the programme.</exception>
    public CompiledProgramme GetProgramme(string programme, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(programme);
        if (!_versions.TryGetValue(programme, out var versions))
        {
            var suggestion = Suggest.Closest(programme, Programmes);
            throw new UnknownProgrammeException(programme,
                $"Unknown programme '{programme}'{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} Known: {string.Join(", ", Programmes)}. / 未知项目 '{programme}'{(suggestion is null ? "" : $"，是否应为 '{suggestion}'？")} 已知项目：{string.Join("、", Programmes)}。");
        }

        foreach (var version in versions)
        {
            if (version.IsInForce(asOf))
            {
                return version;
            }
        }

        // Versions neither overlap nor leave a gap (checked at load), so a date no version covers lies
        // before the first or after the last.
        var (before, after) = _noVersion[programme];
        return (asOf < versions[0].Definition.EffectiveFrom ? before : after)
            ?? throw new InvalidOperationException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{programme}: no version and no stand-in for {asOf:yyyy-MM-dd}."));
    }

    /// <summary>Every version of a programme, oldest first.</summary>
    public ImmutableArray<CompiledProgramme> GetVersions(string programme) =>
        _versions.TryGetValue(programme, out var versions) ? versions : [];

    /// <summary>Evaluates one enterprise against one programme as of a date, explaining every criterion.</summary>
    /// <remarks>For a composite programme the result carries the results of the programmes it uses in <see cref="ProgrammeResult.Uses"/>.</remarks>
    public ProgrammeResult Evaluate(string programme, EnterpriseProfile profile, DateOnly asOf) =>
        GetProgramme(programme, asOf).Evaluate(profile, asOf);

    /// <summary>
    /// Evaluates one enterprise against every enterprise programme in force on <paramref name="asOf"/>,
    /// explaining every criterion: what a portal shows for "which programmes can this enterprise apply
    /// for, and why (not)?". Results are in programme-name order.
    /// </summary>
    /// <remarks>
    /// Each programme is evaluated once: a composite programme's <see cref="ProgrammeResult.Uses"/>
    /// are the same results that stand in the list on their own, not a second evaluation. Person-level
    /// programmes are left out. A programme with no version in force on the date is listed as not
    /// eligible with <see cref="ProgrammeResult.NoVersionInForce"/> set (and the successor its last
    /// version names), so the list always has one result per enterprise programme. A population-level
    /// programme (InnovationIndexTop50) gives the enterprise's eligibility and score; its selection
    /// needs the whole population (<see cref="Screening.PolicyEngineRanking.RankPopulation"/>).
    /// </remarks>
    /// <exception cref="RuleEvaluationException">An expression failed at run time.</exception>
    public ImmutableArray<ProgrammeResult> EvaluateAll(EnterpriseProfile profile, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var results = new Dictionary<string, ProgrammeResult>(StringComparer.Ordinal);
        ProgrammeResult Result(string name)
        {
            if (!results.TryGetValue(name, out var result))
            {
                result = GetProgramme(name, asOf).EvaluateRecord(profile, profile.Id, asOf, Result);
                results.Add(name, result);
            }

            return result;
        }

        var all = ImmutableArray.CreateBuilder<ProgrammeResult>(Programmes.Length);
        foreach (var name in Programmes)
        {
            if (GetVersions(name)[0].Input == RecordKinds.Enterprise)
            {
                all.Add(Result(name));
            }
        }

        return all.ToImmutable();
    }

    /// <summary>Evaluates one person against a person-level programme as of a date, explaining every criterion.</summary>
    public ProgrammeResult Evaluate(string programme, PersonProfile person, DateOnly asOf) =>
        GetProgramme(programme, asOf).Evaluate(person, asOf);
}
