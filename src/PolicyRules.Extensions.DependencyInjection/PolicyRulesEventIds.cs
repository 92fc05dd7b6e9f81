namespace PolicyRules.Extensions.DependencyInjection;

/// <summary>
/// The <see cref="Microsoft.Extensions.Logging.EventId"/>s PolicyRules logs with (category
/// <c>PolicyRules.Extensions.DependencyInjection.PolicyRulesService</c>), stable so that alerts and
/// filters can rely on them.
/// </summary>
public static class PolicyRulesEventIds
{
    /// <summary>Information: the rule set was loaded at startup (rule set id, programme count, folder).</summary>
    public const int Loaded = 1;

    /// <summary>Information: a reload replaced the rule set (previous and new rule set id).</summary>
    public const int Reloaded = 2;

    /// <summary>
    /// One rule-file diagnostic, logged at the level of its severity (error, warning, information),
    /// with <c>DiagnosticId</c>, <c>File</c>, <c>Line</c>, <c>Column</c> and <c>DiagnosticMessage</c>.
    /// </summary>
    public const int RuleDiagnostic = 3;

    /// <summary>Error: a reload found errors (each logged as <see cref="RuleDiagnostic"/>) and kept the last good rule set.</summary>
    public const int ReloadRejected = 4;

    /// <summary>Critical: the rules could not be loaded at startup, so there is no rule set to serve.</summary>
    public const int LoadFailed = 5;

    /// <summary>Information: hot reload watches the rules folder.</summary>
    public const int WatchingStarted = 6;

    /// <summary>Information: hot reload stopped watching (the service was disposed).</summary>
    public const int WatchingStopped = 7;

    /// <summary>
    /// Warning: the folder watcher reported an error (such as lost events), and a reload follows; or
    /// it could not be started (such as no inotify instance left), and the rules are served without hot reload.
    /// </summary>
    public const int WatcherError = 8;

    /// <summary>Error: a <see cref="IPolicyRules.Reloaded"/> or <see cref="IPolicyRules.ReloadFailed"/> handler threw.</summary>
    public const int NotificationFailed = 9;

    /// <summary>Error: reloading threw unexpectedly; the last good rule set stays in force.</summary>
    public const int ReloadCrashed = 10;
}
