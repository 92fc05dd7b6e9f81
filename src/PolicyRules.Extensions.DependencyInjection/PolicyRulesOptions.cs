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
    public string RulesDirectory
    {
        get => _rulesDirectory;
        set
        {
            _rulesDirectory = value;
            RulesDirectorySet = true;
        }
    }

    private string _rulesDirectory = PolicyEngine.BundledRulesDirectory;

    /// <summary>
    /// Several rules folders loaded as one rule set (<see cref="PolicyEngine.LoadDirectories"/>), e.g.
    /// <see cref="PolicyEngine.BundledRulesDirectory"/> and the application's own <c>rules</c>: a
    /// programme of one folder may use another's, and a programme defined in two folders is an error
    /// (PR1031) unless one of them says <c>"Overrides": true</c>. With hot reload every folder is
    /// watched. Empty (the default): the one folder <see cref="RulesDirectory"/>. Setting both is an
    /// error when the service starts, so neither silently wins.
    /// </summary>
    public IList<string> RulesDirectories { get; } = new List<string>();

    /// <summary>Whether <see cref="RulesDirectory"/> was set (to tell a deliberate folder from the default).</summary>
    internal bool RulesDirectorySet { get; private set; }

    /// <summary>The folders to load, full paths in the order given: <see cref="RulesDirectories"/>, or <see cref="RulesDirectory"/> alone.</summary>
    /// <exception cref="InvalidOperationException">Both are set, or a folder is null or empty.</exception>
    internal IReadOnlyList<string> Folders()
    {
        if (RulesDirectories.Count == 0)
        {
            return [Path.GetFullPath(RulesDirectory)];
        }

        if (RulesDirectorySet)
        {
            throw new InvalidOperationException(
                "PolicyRulesOptions: set RulesDirectory (one folder) or RulesDirectories (several), not both. / PolicyRulesOptions：RulesDirectory（单个目录）与 RulesDirectories（多个目录）只能设置其一。");
        }

        if (RulesDirectories.Any(string.IsNullOrWhiteSpace))
        {
            throw new InvalidOperationException(
                "PolicyRulesOptions.RulesDirectories holds an empty folder name. / PolicyRulesOptions.RulesDirectories 中有空的目录名。");
        }

        return [.. RulesDirectories.Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d))).Distinct(StringComparer.Ordinal)];
    }

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
    /// Watch the rules folder (every one of <see cref="RulesDirectories"/>) and reload when a rule file is created, changed, renamed or
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
