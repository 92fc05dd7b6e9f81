using System.Collections.Immutable;
using PolicyRules.Model;

namespace PolicyRules.Screening;

/// <summary>Population ranking from the engine: an extension, so the engine does not call screening.</summary>
public static class PolicyEngineRanking
{
    /// <summary>
    /// Ranks a population for a population-level programme (one with <c>SelectTop</c>, such as
    /// InnovationIndexTop50): each record's eligibility, index, rank among the eligible and whether it
    /// is selected, in input order.
    /// </summary>
    /// <exception cref="ArgumentException">The programme is not population-level.</exception>
    public static ImmutableArray<PopulationEntry> RankPopulation(this PolicyEngine engine, string programme, IEnumerable<EnterpriseProfile> profiles, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return PopulationRanking.Rank(engine.GetProgramme(programme, asOf), profiles, asOf);
    }
}
