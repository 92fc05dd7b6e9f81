using Microsoft.Extensions.Logging;

namespace PolicyRules.Extensions.DependencyInjection;

/// <summary>The service's log messages (source-generated: no allocation when the level is off).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = PolicyRulesEventIds.Loaded, EventName = "Loaded", Level = LogLevel.Information,
        Message = "Loaded rule set {RuleSetId}: {ProgrammeCount} programmes from {RulesDirectory}")]
    public static partial void Loaded(ILogger logger, string ruleSetId, int programmeCount, string rulesDirectory);

    [LoggerMessage(EventId = PolicyRulesEventIds.Reloaded, EventName = "Reloaded", Level = LogLevel.Information,
        Message = "Reloaded the rules from {RulesDirectory}: rule set {PreviousRuleSetId} → {RuleSetId} ({ProgrammeCount} programmes)")]
    public static partial void Reloaded(ILogger logger, string rulesDirectory, string previousRuleSetId, string ruleSetId, int programmeCount);

    [LoggerMessage(EventId = PolicyRulesEventIds.RuleDiagnostic, EventName = "RuleDiagnostic",
        Message = "{File}({Line},{Column}): {Severity} {DiagnosticId}: {DiagnosticMessage}")]
    public static partial void RuleDiagnostic(ILogger logger, LogLevel level, string file, int line, int column, string severity, string diagnosticId, string diagnosticMessage);

    [LoggerMessage(EventId = PolicyRulesEventIds.ReloadRejected, EventName = "ReloadRejected", Level = LogLevel.Error,
        Message = "The rules in {RulesDirectory} have {ErrorCount} error(s); keeping rule set {RuleSetId}")]
    public static partial void ReloadRejected(ILogger logger, string rulesDirectory, int errorCount, string ruleSetId);

    [LoggerMessage(EventId = PolicyRulesEventIds.LoadFailed, EventName = "LoadFailed", Level = LogLevel.Critical,
        Message = "The rules in {RulesDirectory} could not be loaded ({ErrorCount} error(s)); there is no rule set to serve")]
    public static partial void LoadFailed(ILogger logger, string rulesDirectory, int errorCount);

    [LoggerMessage(EventId = PolicyRulesEventIds.WatchingStarted, EventName = "WatchingStarted", Level = LogLevel.Information,
        Message = "Watching {RulesDirectory} for rule changes (reload after {DebounceMilliseconds} ms of quiet)")]
    public static partial void WatchingStarted(ILogger logger, string rulesDirectory, double debounceMilliseconds);

    [LoggerMessage(EventId = PolicyRulesEventIds.WatchingStopped, EventName = "WatchingStopped", Level = LogLevel.Information,
        Message = "Stopped watching {RulesDirectory}")]
    public static partial void WatchingStopped(ILogger logger, string rulesDirectory);

    [LoggerMessage(EventId = PolicyRulesEventIds.WatcherError, EventName = "WatcherError", Level = LogLevel.Warning,
        Message = "The watcher on {RulesDirectory} reported an error; reloading to catch up")]
    public static partial void WatcherError(ILogger logger, Exception exception, string rulesDirectory);

    [LoggerMessage(EventId = PolicyRulesEventIds.NotificationFailed, EventName = "NotificationFailed", Level = LogLevel.Error,
        Message = "A {EventName} handler threw")]
    public static partial void NotificationFailed(ILogger logger, Exception exception, string eventName);

    [LoggerMessage(EventId = PolicyRulesEventIds.ReloadCrashed, EventName = "ReloadCrashed", Level = LogLevel.Error,
        Message = "Reloading {RulesDirectory} failed unexpectedly; keeping rule set {RuleSetId}")]
    public static partial void ReloadCrashed(ILogger logger, Exception exception, string rulesDirectory, string ruleSetId);
}
