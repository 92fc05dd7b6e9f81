namespace PolicyRules.Extensions.DependencyInjection;

/// <summary>
/// How <see cref="Microsoft.Extensions.DependencyInjection.PolicyRulesServiceCollectionExtensions.AddPolicyRules"/>
/// loads and keeps the rule set: where the rules are, which date evaluations default to, and
/// whether edits to the rules folder are picked up while the application runs.
/// </summary>
/// <remarks>
/// <para>
/// <b>No allow-list extensions.</b> What a rule expression may reach (the input model, the helper
/// classes <c>Ratio</c>, <c>Tiers</c>, <c>Num</c>, <c>Dates</c>, <c>SizeTable</c> and a few pure
/// members of the base library; <c>PolicyRules.Compilation.AllowList</c>) cannot be widened here,
/// on purpose: (1) the allow-list is the sandbox that keeps rule files — which may come from people
/// who should not be trusted — away from reflection, IO, processes and the clock, and every type
/// added to it widens what a hostile expression can reach through that type's members; (2) it is one
/// list shared by everything in the process, so an option set by one container would change what
/// rules compile in every other; (3) the build-time analyzer and <c>policyrules lint</c> check rule
/// files against the same list without knowing this application's options, so rules using an
/// extension would load here and fail the build there. A safe design needs a per-engine list that
/// the analyzer can also read and a review of each added member; until then, helpers belong in
/// PolicyRules itself, where they are reviewed and covered by the sandbox's tests (PR1015).
/// </para>
/// </remarks>
public sealed class PolicyRulesOptions
{
    /// <summary>
    /// The folder of rule files (<c>*.json</c>, except <c>*.tests.json</c> and <c>*.schema.json</c>) and
    /// record declarations (<c>*.record.json</c>).
    /// Default: the rules bundled with PolicyRules, <see cref="PolicyEngine.BundledRulesDirectory"/>.
    /// A relative path is resolved against the current directory when the service starts.
    /// </summary>
    public string RulesDirectory { get; set; } = PolicyEngine.BundledRulesDirectory;

    /// <summary>
    /// The evaluation date used when a call gives none. Default (null): today's local date by the
    /// <see cref="TimeProvider"/> registered in the container, or <see cref="TimeProvider.System"/>.
    /// </summary>
    /// <remarks>
    /// Evaluating "as of today" is a choice, not a neutral default: the date picks the programme
    /// version in force (SpecializedSme on 2026-03-31 applies its 2022 version, on 2026-04-01 its
    /// 2026 one) and which fiscal year is Y1 (the last completed one before the date), so the same
    /// enterprise can get a different answer tomorrow. Where answers must be reproducible — an
    /// application round with a deadline, an audit, re-running yesterday's batch — set a fixed date
    /// here (<c>() =&gt; new DateOnly(2025, 6, 30)</c>) or pass one to every call.
    /// </remarks>
    public Func<DateOnly>? DefaultAsOf { get; set; }

    /// <summary>
    /// Watch <see cref="RulesDirectory"/> and reload when a rule file is created, changed, renamed or
    /// deleted. The new set replaces the current one atomically, and only when it loads without
    /// errors: a bad edit keeps the last good set and logs every diagnostic. Default: false (the
    /// bundled rules do not change while the application runs).
    /// </summary>
    public bool HotReload { get; set; }

    /// <summary>
    /// How long the folder must be quiet before a reload: editors and deployments write a file (or
    /// several) in bursts of events, and one reload after the burst sees the finished files.
    /// Default: 300 ms.
    /// </summary>
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromMilliseconds(300);
}
