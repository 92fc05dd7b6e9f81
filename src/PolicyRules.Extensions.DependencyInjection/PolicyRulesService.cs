using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using PolicyRules.Evaluation;
using PolicyRules.Model;
using PolicyRules.Rules;
using PolicyRules.Screening;

namespace PolicyRules.Extensions.DependencyInjection;

/// <summary>
/// <see cref="IPolicyRules"/>: one volatile reference to the current <see cref="PolicyEngine"/>,
/// replaced as a whole by reloads, which run one at a time.
/// </summary>
/// <remarks>
/// The reference is the only shared mutable state readers touch, so a reader sees the old engine or
/// the new one, never a mixture; engines are immutable. Reloads (from the watcher's debounce timer
/// or <see cref="Reload"/>) are serialized by <see cref="_gate"/>, which also orders notifications
/// and lets <see cref="Dispose"/> wait for a reload in flight.
/// </remarks>
internal sealed class PolicyRulesService : IPolicyRules, IDisposable
{
    private readonly IReadOnlyList<string> _directories;
    private readonly string _directory; // the folders as logs name them
    private readonly Func<DateOnly>? _defaultAsOf;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<FileSystemWatcher>? _watchers;
    private readonly Debouncer? _debouncer;
    private volatile PolicyEngine _current;
    private CancellationTokenSource _reloadToken = new();
    private bool _disposed;

    /// <summary>Loads the rules (throwing when they have errors) and, with hot reload, starts watching.</summary>
    /// <exception cref="RuleLoadException">The rules cannot be loaded; every diagnostic is logged first.</exception>
    public PolicyRulesService(PolicyRulesOptions options, ILogger<PolicyRulesService> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        _directories = options.Folders();
        _directory = string.Join(Path.PathSeparator, _directories);
        _defaultAsOf = options.DefaultAsOf;
        _time = time;
        _logger = logger;

        // Watch before the first load, so that an edit made while it runs is not missed: its
        // reload waits for the gate and then reads the edited files.
        if (options.HotReload && _directories.All(Directory.Exists))
        {
            _debouncer = new Debouncer(options.ReloadDebounce, time, ReloadAfterQuiet);
            _watchers = [];
            try
            {
                foreach (var directory in _directories)
                {
                    _watchers.Add(Watch(directory));
                }
            }
            catch (IOException ex)
            {
                // Out of inotify instances, say: the rules still load and serve; Reload() still works.
                Log.WatcherError(_logger, ex, _directory);
                StopWatching();
                _watchers = null;
                _debouncer = null;
            }
        }

        lock (_gate)
        {
            var diagnostics = new List<RuleDiagnostic>();
            if (!TryLoad(diagnostics, out var engine))
            {
                LogDiagnostics(diagnostics);
                var errors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
                Log.LoadFailed(_logger, _directory, errors);
                StopWatching();
                throw new RuleLoadException(diagnostics);
            }

            LogDiagnostics(diagnostics);
            _current = engine;
            Log.Loaded(_logger, engine.RuleSetId, engine.Programmes.Length, _directory);
        }

        if (_watchers is not null)
        {
            Log.WatchingStarted(_logger, _directory, options.ReloadDebounce.TotalMilliseconds);
        }
    }

    /// <inheritdoc/>
    public PolicyEngine Current => _current;

    /// <inheritdoc/>
    public string RuleSetId => _current.RuleSetId;

    /// <summary>True while the folder is watched (hot reload on and not disposed).</summary>
    internal bool IsWatching => _watchers is not null && !Volatile.Read(ref _disposed);

    /// <summary>Relevant watcher events received so far (tests wait for one before advancing a fake clock).</summary>
    internal long ChangeSignals => _debouncer?.Signals ?? 0;

    /// <inheritdoc/>
    public event EventHandler<PolicyRulesReloadedEventArgs>? Reloaded;

    /// <inheritdoc/>
    public event EventHandler<PolicyRulesReloadFailedEventArgs>? ReloadFailed;

    /// <inheritdoc/>
    public DateOnly GetDefaultAsOf() => _defaultAsOf?.Invoke() ?? DateOnly.FromDateTime(_time.GetLocalNow().DateTime);

    /// <inheritdoc/>
    public ProgrammeResult Evaluate(string programme, EnterpriseProfile profile, DateOnly? asOf = null) =>
        Current.Evaluate(programme, profile, asOf ?? GetDefaultAsOf());

    /// <inheritdoc/>
    public ProgrammeResult Evaluate(string programme, PersonProfile person, DateOnly? asOf = null) =>
        Current.Evaluate(programme, person, asOf ?? GetDefaultAsOf());

    /// <inheritdoc/>
    public ScreeningSummary Screen(string inputPath, string outputPath, IReadOnlyList<string>? programmes = null, DateOnly? asOf = null,
        Action<long>? progress = null, ScreeningOptions? options = null)
    {
        // The engine is taken once: every row of the run is screened by this rule set, whatever
        // reloads happen meanwhile.
        var engine = Current;
        var date = asOf ?? GetDefaultAsOf();
        var names = programmes ?? [.. engine.Programmes.Where(p => engine.GetVersions(p)[0].Input == RecordSchema.Enterprise.Name)];
        var selected = names.Select(name => engine.GetProgramme(name, date)).ToArray();
        if (selected.Select(p => p.Input).Distinct().Count() > 1)
        {
            throw new ArgumentException(
                $"The programmes read different kinds of record ({string.Join("; ", selected.GroupBy(p => p.Input).Select(g => $"{g.Key}: {string.Join(", ", g.Select(p => p.Name))}"))}), each from its own file: screen each kind separately. / 所选项目读取不同类型的记录（{string.Join("；", selected.GroupBy(p => p.Input).Select(g => $"{g.Key}：{string.Join("、", g.Select(p => p.Name))}"))}），须按记录类型分别筛查。",
                nameof(programmes));
        }

        return ScreeningJob.Run(inputPath, outputPath, selected, date, progress, options) with { RuleSetId = engine.RuleSetId };
    }

    /// <inheritdoc/>
    public bool Reload()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        return ReloadCore();
    }

    /// <inheritdoc/>
    public IChangeToken GetReloadToken() => new CancellationChangeToken(Volatile.Read(ref _reloadToken).Token);

    /// <summary>Stops watching and waits for a reload in flight; <see cref="Current"/> stays usable.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            Volatile.Write(ref _disposed, true);
        }

        if (_watchers is not null)
        {
            StopWatching();
            Log.WatchingStopped(_logger, _directory);
        }
    }

    /// <summary>Disposes every watcher made so far and the debouncer.</summary>
    private void StopWatching()
    {
        foreach (var watcher in _watchers ?? [])
        {
            watcher.EnableRaisingEvents = false;
            watcher.Dispose();
        }

        _debouncer?.Dispose();
    }

    private FileSystemWatcher Watch(string directory)
    {
        // No name filter: a rename from "x.tmp" to "x.json" (an atomic save) must count too.
        var watcher = new FileSystemWatcher(directory)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += OnFileEvent;
        watcher.Created += OnFileEvent;
        watcher.Deleted += OnFileEvent;
        watcher.Renamed += OnRenamed;
        watcher.Error += OnWatcherError;
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        if (IsRuleFile(e.Name))
        {
            _debouncer!.Signal();
        }
    }

    private void OnRenamed(object sender, RenamedEventArgs e)
    {
        if (IsRuleFile(e.Name) || IsRuleFile(e.OldName))
        {
            _debouncer!.Signal();
        }
    }

    private void OnWatcherError(object sender, ErrorEventArgs e)
    {
        // Typically a lost-events overflow: the folder may have changed in ways we did not see.
        Log.WatcherError(_logger, e.GetException(), _directory);
        _debouncer!.Signal();
    }

    /// <summary>
    /// The files <see cref="PolicyEngine.RuleFiles"/> and <see cref="PolicyEngine.RecordFiles"/> load: a changed
    /// record declaration reloads too; rule tests and schemas do not change the rule set.
    /// </summary>
    private static bool IsRuleFile(string? name) => name is not null && (PolicyEngine.IsRuleFile(name) || Records.RecordFileReader.IsRecordFile(name));

    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "A timer callback: an exception escaping it would end the process; the last good rule set stays and the failure is logged.")]
    private void ReloadAfterQuiet()
    {
        try
        {
            ReloadCore();
        }
        catch (Exception ex)
        {
            Log.ReloadCrashed(_logger, ex, _directory, _current.RuleSetId);
        }
    }

    private bool ReloadCore()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            var previous = _current;
            var diagnostics = new List<RuleDiagnostic>();
            var loaded = TryLoad(diagnostics, out var engine);
            LogDiagnostics(diagnostics);
            if (!loaded)
            {
                var errors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
                Log.ReloadRejected(_logger, _directory, errors, previous.RuleSetId);
                Notify(ReloadFailed, nameof(ReloadFailed), new PolicyRulesReloadFailedEventArgs(previous, diagnostics));
                return false;
            }

            _current = engine!;
            Log.Reloaded(_logger, _directory, previous.RuleSetId, engine!.RuleSetId, engine.Programmes.Length);
            var token = Interlocked.Exchange(ref _reloadToken, new CancellationTokenSource());
            token.Cancel();
            Notify(Reloaded, nameof(Reloaded), new PolicyRulesReloadedEventArgs(previous, engine));
            return true;
        }
    }

    /// <summary>Loads the folder; a folder that vanishes or cannot be read mid-load is a diagnostic, not an exception.</summary>
    private bool TryLoad(List<RuleDiagnostic> diagnostics, [NotNullWhen(true)] out PolicyEngine? engine)
    {
        try
        {
            return _directories.Count == 1
                ? PolicyEngine.TryLoadDirectory(_directories[0], diagnostics, out engine)
                : PolicyEngine.TryLoadDirectories(_directories, diagnostics, out engine);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var said = ForeignMessage.Quoted(ex);
            diagnostics.Add(new RuleDiagnostic(DiagnosticIds.UnreadableFile, DiagnosticSeverity.Error,
                $"The rules folder could not be read: {said.En} / 规则目录无法读取：{said.Zh}", SourceLocation.FileOnly(_directory)));
            engine = null;
            return false;
        }
    }

    private void LogDiagnostics(List<RuleDiagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            var level = d.Severity switch
            {
                DiagnosticSeverity.Error => LogLevel.Error,
                DiagnosticSeverity.Warning => LogLevel.Warning,
                _ => LogLevel.Information,
            };
            if (!_logger.IsEnabled(level))
            {
                continue;
            }

            var severity = d.Severity.ToString().ToLowerInvariant();
            Log.RuleDiagnostic(_logger, level, d.Location.Path, d.Location.Line, d.Location.Column, severity, d.Id, d.Message);
        }
    }

    /// <summary>Calls each handler in turn; one that throws is logged and does not stop the others or the reload.</summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "Subscribers' failures must not undo or interrupt a reload; each is logged.")]
    private void Notify<T>(EventHandler<T>? handlers, string eventName, T args)
    {
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<T>>())
        {
            try
            {
                handler(this, args);
            }
            catch (Exception ex)
            {
                Log.NotificationFailed(_logger, ex, eventName);
            }
        }
    }
}
