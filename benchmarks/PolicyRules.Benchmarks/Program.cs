using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point, named for BenchmarkSwitcher.</summary>
public partial class Program;
