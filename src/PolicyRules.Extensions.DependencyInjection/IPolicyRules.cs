using Microsoft.Extensions.Primitives;
using PolicyRules.Evaluation;
using PolicyRules.Model;
using PolicyRules.Screening;

namespace PolicyRules.Extensions.DependencyInjection;

/// <summary>
/// The application's current rule set, registered by
/// <see cref="Microsoft.Extensions.DependencyInjection.PolicyRulesServiceCollectionExtensions.AddPolicyRules"/>
/// as a singleton. With hot reload on, <see cref="Current"/> is replaced atomically when the rules
/// folder changes and the new rules load without errors.
/// </summary>
/// <remarks>
/// Thread-safe. Each call of <see cref="Evaluate(string, EnterpriseProfile, DateOnly?)"/> or
/// <see cref="Screen"/> takes <see cref="Current"/> once and uses only that engine, so one answer or
/// one screening run never mixes two rule versions. Work that makes several calls and must see one
/// rule set (a page that evaluates three programmes, a report) should read <see cref="Current"/>
/// once and use that <see cref="PolicyEngine"/>, which never changes.
/// </remarks>
public interface IPolicyRules
{
    /// <summary>The rule set in force now: immutable, thread-safe, and never null.</summary>
    PolicyEngine Current { get; }

    /// <summary>The <see cref="PolicyEngine.RuleSetId"/> of <see cref="Current"/>.</summary>
    string RuleSetId { get; }

    /// <summary>The evaluation date a call without one uses (<see cref="PolicyRulesOptions.DefaultAsOf"/>).</summary>
    DateOnly GetDefaultAsOf();

    /// <summary>Evaluates one enterprise against one programme of the current rule set, explaining every criterion.</summary>
    /// <param name="programme">The programme, e.g. <c>HighTechEnterprise</c>.</param>
    /// <param name="profile">The enterprise.</param>
    /// <param name="asOf">The evaluation date; null for <see cref="GetDefaultAsOf"/>.</param>
    /// <exception cref="UnknownProgrammeException">No such programme. (On a date no version covers, the result is not eligible with <c>NoVersionInForce</c> set, not an exception.)</exception>
    ProgrammeResult Evaluate(string programme, EnterpriseProfile profile, DateOnly? asOf = null);

    /// <summary>Evaluates one person against a person-level programme of the current rule set.</summary>
    /// <param name="programme">The programme, e.g. <c>YoungTalentLeader</c>.</param>
    /// <param name="person">The person.</param>
    /// <param name="asOf">The evaluation date; null for <see cref="GetDefaultAsOf"/>.</param>
    /// <exception cref="UnknownProgrammeException">No such programme. (On a date no version covers, the result is not eligible with <c>NoVersionInForce</c> set, not an exception.)</exception>
    ProgrammeResult Evaluate(string programme, PersonProfile person, DateOnly? asOf = null);

    /// <summary>
    /// Screens a file (CSV, or Parquet by extension) with the rule set current when the run starts,
    /// for the whole run (<see cref="ScreeningJob.Run"/>); the summary names it in
    /// <see cref="ScreeningSummary.RuleSetId"/>. A reload during the run affects only later runs.
    /// </summary>
    /// <param name="inputPath">Enterprises (or persons, for person-level programmes).</param>
    /// <param name="outputPath">Results; rejects go beside it (<see cref="ScreeningJob.RejectsPathFor"/>).</param>
    /// <param name="programmes">Programme names; null for every enterprise programme.</param>
    /// <param name="asOf">The evaluation date; null for <see cref="GetDefaultAsOf"/>.</param>
    /// <param name="progress">Called with the rows read so far, every few thousand rows.</param>
    /// <param name="options">Parallelism and fail-fast; defaults when null.</param>
    /// <exception cref="UnknownProgrammeException">A programme that the rule set does not define.</exception>
    /// <exception cref="ArgumentException">Person-level and enterprise programmes together (they read different files).</exception>
    /// <exception cref="Input.ProfileInputException">The input lacks a column the programmes need; or, with fail-fast, the first unreadable row.</exception>
    ScreeningSummary Screen(string inputPath, string outputPath, IReadOnlyList<string>? programmes = null, DateOnly? asOf = null,
        Action<long>? progress = null, ScreeningOptions? options = null);

    /// <summary>
    /// Loads the rules folder again now, as the watcher does after a change (useful with hot reload
    /// off, say from an administrator's endpoint). Swaps <see cref="Current"/> only when the rules
    /// load without errors; raises <see cref="Reloaded"/> or <see cref="ReloadFailed"/>.
    /// </summary>
    /// <returns>True when the new rules replaced the current ones.</returns>
    /// <exception cref="ObjectDisposedException">The service has been disposed.</exception>
    bool Reload();

    /// <summary>Raised after a reload replaced <see cref="Current"/>, with the previous and the new rule set.</summary>
    /// <remarks>Raised on the thread that reloaded (a timer's, with hot reload); handlers should be quick.</remarks>
    event EventHandler<PolicyRulesReloadedEventArgs>? Reloaded;

    /// <summary>Raised after a reload found errors and kept the current rule set, with every diagnostic.</summary>
    event EventHandler<PolicyRulesReloadFailedEventArgs>? ReloadFailed;

    /// <summary>
    /// A change token that fires at the next successful reload (for
    /// <see cref="ChangeToken.OnChange(Func{IChangeToken}, Action)"/>); ask again for the one after.
    /// </summary>
    IChangeToken GetReloadToken();
}
