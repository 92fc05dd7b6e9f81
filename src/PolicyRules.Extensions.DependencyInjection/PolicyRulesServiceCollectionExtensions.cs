using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PolicyRules.Extensions.DependencyInjection;

// In the container's namespace, as Microsoft.Extensions' own registrations are, so that
// AddPolicyRules is found wherever services are configured.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers PolicyRules with a Microsoft.Extensions.DependencyInjection container.</summary>
public static class PolicyRulesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IPolicyRules"/>, a singleton holding the current rule set, configured by
    /// <paramref name="configure"/> (<see cref="PolicyRulesOptions"/>: rules folder, default as-of
    /// date, hot reload). It logs through the container's <see cref="ILoggerFactory"/> (when
    /// registered) and tells time by its <see cref="TimeProvider"/> (else <see cref="TimeProvider.System"/>).
    /// </summary>
    /// <remarks>
    /// The rules load when <see cref="IPolicyRules"/> is first resolved; resolve it at startup to
    /// fail fast: rules with errors throw <see cref="PolicyRules.Rules.RuleLoadException"/> (every
    /// diagnostic is logged first). Disposing the container stops watching the folder. Calling this
    /// again adds configuration to the same single registration.
    /// </remarks>
    /// <example>
    /// <code>
    /// services.AddPolicyRules(options =>
    /// {
    ///     options.RulesDirectory = "/srv/policy-rules";
    ///     options.HotReload = true;
    /// });
    /// </code>
    /// The bundled rules and the application's own, as one rule set (PR1031 for a programme in both
    /// unless one says <c>"Overrides": true</c>), each folder watched:
    /// <code>
    /// services.AddPolicyRules(options =>
    /// {
    ///     options.RulesDirectories.Add(PolicyEngine.BundledRulesDirectory);
    ///     options.RulesDirectories.Add("rules");
    ///     options.HotReload = true;
    /// });
    /// </code>
    /// </example>
    public static IServiceCollection AddPolicyRules(this IServiceCollection services, Action<PolicyRulesOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PolicyRulesOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options
            .Validate(o => !string.IsNullOrWhiteSpace(o.RulesDirectory), "PolicyRulesOptions.RulesDirectory must name the rules folder. / PolicyRulesOptions.RulesDirectory 须指定规则目录。")
            .Validate(o => o.RulesDirectories.Count == 0 || !o.RulesDirectorySet,
                "PolicyRulesOptions: set RulesDirectory (one folder) or RulesDirectories (several), not both. / PolicyRulesOptions：RulesDirectory（一个目录）与 RulesDirectories（多个目录）只能设置其一。")
            .Validate(o => !o.RulesDirectories.Any(string.IsNullOrWhiteSpace), "PolicyRulesOptions.RulesDirectories holds an empty folder name. / PolicyRulesOptions.RulesDirectories 中有空的目录名。")
            .Validate(o => o.ReloadDebounce >= TimeSpan.Zero && o.ReloadDebounce <= TimeSpan.FromHours(1),
                "PolicyRulesOptions.ReloadDebounce must be between zero and one hour. / PolicyRulesOptions.ReloadDebounce 须在零至一小时之间。");

        services.TryAddSingleton<IPolicyRules>(provider => new PolicyRulesService(
            provider.GetRequiredService<IOptions<PolicyRulesOptions>>().Value,
            provider.GetService<ILoggerFactory>()?.CreateLogger<PolicyRulesService>() ?? NullLogger<PolicyRulesService>.Instance,
            provider.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }
}
