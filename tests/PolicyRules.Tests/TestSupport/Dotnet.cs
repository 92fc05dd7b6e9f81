using System.Diagnostics;

namespace PolicyRules.Tests.TestSupport;

/// <summary>
/// Runs <c>dotnet</c> (or a program it installed) as a child process, the way a user's shell would.
/// </summary>
internal static class Dotnet
{
    /// <summary>
    /// How long one dotnet command may run before it counts as hung: packing the whole solution (five
    /// packages since the SQL engines have their own) took close to ten minutes on a shared, loaded machine.
    /// </summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(15);

    /// <summary>The repository root (where PolicyRules.sln is).</summary>
    public static string Root { get; } = Path.GetFullPath(Path.Combine(TestProfiles.RulesDirectory, ".."));

    /// <summary>The installation the tests run on, for an app host that has to find the runtime.</summary>
    public static string DotnetRoot { get; } = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    /// <summary>The configuration this test assembly was built in, so packs reuse that build.</summary>
    public static string Configuration { get; } =
        typeof(Dotnet).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().FirstOrDefault()?.Configuration ?? "Debug";

    public static (int Exit, string Output) Run(string workingDirectory, IEnumerable<string> arguments, string program = "dotnet")
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The test host's MSBuild variables would point the child build at the wrong SDK pieces.
        foreach (var name in (string[])["MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly", "DOTNET_HOST_PATH"])
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_ROOT"] = DotnetRoot;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var (exit, stdout, stderr) = ChildProcess.Run(start, HangGuard);
        return (exit, System.Text.Encoding.UTF8.GetString(stdout) + stderr);
    }

    /// <summary>Runs with <paramref name="stdin"/> (when given) piped in; returns the exit code, standard output's bytes and standard error.</summary>
    public static (int Exit, byte[] Stdout, string Stderr) RunWithStreams(string workingDirectory, IEnumerable<string> arguments, byte[]? stdin, string program = "dotnet")
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in (string[])["MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly", "DOTNET_HOST_PATH"])
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_ROOT"] = DotnetRoot;
        return ChildProcess.Run(start, HangGuard, stdin);
    }

    /// <summary>Runs and requires exit code 0, returning the output.</summary>
    public static string Succeed(string workingDirectory, IEnumerable<string> arguments, string program = "dotnet")
    {
        var (exit, output) = Run(workingDirectory, arguments, program);
        Assert.True(exit == 0, $"{program} {string.Join(' ', arguments)} exited with {exit}:\n{output}");
        return output;
    }
}

/// <summary>
/// Tests that run <c>dotnet build</c> or <c>dotnet pack</c> on the repository's projects share their
/// bin and obj folders, so they run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DotnetBuilds
{
    public const string Name = "dotnet builds of the repository's projects";
}

/// <summary>
/// Tests that measure the process's heap (<see cref="GC.GetTotalMemory(bool)"/>) run alone, after the
/// parallel ones: any other test's allocations would count as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurements
{
    public const string Name = "measurements of the process's heap";
}
