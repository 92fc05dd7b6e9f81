using BenchmarkDotNet.Running;
using PolicyRules.Benchmarks;

if (args is ["handwritten-screen", var input, var output])
{
    return HandWrittenScreen.Run(input, output);
}

if (args is ["sql-screen", .. var sqlArgs])
{
    return SqlScreen.Run(sqlArgs);
}

if (args is ["kernel-dump", var name])
{
    return KernelDump.Run(name);
}

if (args is ["kernel-breakdown"])
{
    return KernelBreakdown.Run();
}

if (args is ["sample-coverage"])
{
    return SampleCoverage.Run();
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

/// <summary>Entry point, named for BenchmarkSwitcher.</summary>
public partial class Program;
