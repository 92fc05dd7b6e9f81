using PolicyRules.Compilation;
using PolicyRules.Evaluation;
using PolicyRules.Model;

namespace PolicyRules.Gaps;

/// <summary>
/// Evaluation with gap analysis: an explained result whose <see cref="ProgrammeResult.Gaps"/> says, for
/// each failed top-level criterion, what it lacks (the reserve-pool gap analysis of programmes.md §3).
/// </summary>
/// <remarks>
/// Extension methods, so that gaps stay downstream of evaluation: a compiled programme and the engine
/// know nothing of <see cref="GapAnalyser"/>; callers write <c>engine.EvaluateWithGaps(…)</c> as before,
/// with <c>using PolicyRules.Gaps;</c>.
/// </remarks>
public static class GapEvaluation
{
    /// <summary>
    /// Evaluates one enterprise as <see cref="PolicyEngine.Evaluate(string, EnterpriseProfile, DateOnly)"/> does and adds, for each failed top-level
    /// criterion, what it lacks: the smallest change of each number the criterion reads that would meet
    /// it, in the input's units (<see cref="ProgrammeResult.Gaps"/>; the reserve-pool gap analysis of
    /// programmes.md §3).
    /// </summary>
    /// <example>
    /// <code>
    /// var result = engine.EvaluateWithGaps("HighTechEnterprise", profile, new DateOnly(2025, 6, 30));
    /// foreach (var gap in result.Gaps)
    /// {
    ///     Console.WriteLine($"{gap.Criterion}: {gap.Summary.En}"); // TechStaffRatio: S&amp;T staff must rise by 1 person (9 → 10)
    /// }
    /// </code>
    /// </example>
    public static ProgrammeResult EvaluateWithGaps(this PolicyEngine engine, string programme, EnterpriseProfile profile, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return engine.GetProgramme(programme, asOf).EvaluateWithGaps(profile, asOf);
    }

    /// <summary>
    /// Evaluates one enterprise, explains every criterion and, for each failed top-level criterion,
    /// finds the smallest changes of single numbers that would meet it (<see cref="ProgrammeResult.Gaps"/>;
    /// see <see cref="GapAnalyser"/>).
    /// </summary>
    /// <exception cref="RuleEvaluationException">An expression failed at run time.</exception>
    public static ProgrammeResult EvaluateWithGaps(this CompiledProgramme programme, EnterpriseProfile profile, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(programme);
        return programme.Evaluate(profile, asOf) with { Gaps = GapAnalyser.Analyse(programme, profile, asOf) };
    }

    /// <summary>As <see cref="EvaluateWithGaps(CompiledProgramme, EnterpriseProfile, DateOnly)"/>, for a record of any kind (<see cref="CompiledProgramme.EvaluateRecord(object, DateOnly)"/>).</summary>
    public static ProgrammeResult EvaluateRecordWithGaps(this CompiledProgramme programme, object record, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var result = programme.EvaluateRecord(record, asOf);
        var bound = programme.InputType.IsInstanceOfType(record) ? record : RecordBinder.Bind(record, programme, asOf);
        return result with { Gaps = GapAnalyser.AnalyseRecord(programme, bound, asOf) };
    }
}
