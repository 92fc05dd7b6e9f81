using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PolicyRules.Extensions.DependencyInjection;

namespace PolicyRules.Tests.DependencyInjection;

/// <summary>
/// A private copy of some bundled rule files in a temporary folder, for tests that edit rules
/// while a service watches them. Edits are written whole and moved into place (an atomic save),
/// so a reload never reads a half-written file.
/// </summary>
internal sealed class RulesFolder : IDisposable
{
    /// <summary>The high-tech criterion the tests edit, as the bundled file writes it.</summary>
    public const string TechStaffRule = "\"techStaffRatio >= 0.10\"";

    public RulesFolder(params string[] programmes)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "policyrules-di-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        foreach (var programme in RulesSubset.WithUsed(programmes.Length == 0 ? ["HighTechEnterprise"] : programmes))
        {
            foreach (var file in RulesSubset.FilesOf(programme))
            {
                System.IO.File.Copy(file, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(file)));
            }
        }
    }

    public string Path { get; }

    public string File(string programme) => System.IO.Path.Combine(Path, programme + ".json");

    public string Read(string programme) => System.IO.File.ReadAllText(File(programme));

    /// <summary>Replaces <paramref name="oldText"/> (which must occur) in a programme's file, atomically.</summary>
    public void Replace(string programme, string oldText, string newText)
    {
        var text = Read(programme);
        Assert.Contains(oldText, text, StringComparison.Ordinal);
        Write(programme, text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    /// <summary>Writes a programme's file whole, then moves it into place.</summary>
    public void Write(string programme, string text)
    {
        var temporary = File(programme) + ".tmp";
        System.IO.File.WriteAllText(temporary, text);
        System.IO.File.Move(temporary, File(programme), overwrite: true);
    }

    /// <summary>A container with <c>AddPolicyRules</c> on this folder, logging into <paramref name="log"/>.</summary>
    public ServiceProvider Services(RecordingLoggerProvider log, Action<PolicyRulesOptions>? configure = null, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddPolicyRules(options =>
        {
            options.RulesDirectory = Path;
            options.DefaultAsOf = () => TestProfiles.AsOf;
            configure?.Invoke(options);
        });
        return services.BuildServiceProvider();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A watcher of a test that failed may still hold it; the temp folder is cleaned eventually.
        }
    }
}
