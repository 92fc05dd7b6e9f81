using System.Reflection;
using System.Runtime;

namespace PolicyRules.Cli;

/// <summary>
/// .NET's multicore JIT for this tool: the methods one run compiled are compiled again at the next
/// start on another core, ahead of their first call (at the end of a screen, the summary table alone
/// took 60 ms to compile). The profile is kept per user and tool version in the local application data
/// folder (<c>~/.local/share/policyrules/jit</c>, <c>%LOCALAPPDATA%\policyrules\jit</c>), a few
/// dozen KB, safe to delete; where no such folder can be made, the tool starts as before.
/// </summary>
internal static class JitProfile
{
    public static void Start()
    {
        try
        {
            var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            if (string.IsNullOrEmpty(root))
            {
                return;
            }

            var folder = Path.Combine(root, "policyrules", "jit");
            Directory.CreateDirectory(folder);
            var version = typeof(JitProfile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
            ProfileOptimization.SetProfileRoot(folder);
            ProfileOptimization.StartProfile($"policyrules-{string.Concat(version.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_'))}.jitprofile");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // A read-only home, a path too long: the tool starts without the profile.
        }
    }
}
