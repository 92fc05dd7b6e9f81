using System.Diagnostics;
using System.Globalization;
using PolicyRules;

// What ColdStartBenchmarks.LoadAndCompileBundledRules measures, in a process of its own: the first
// load of a rule directory (reading, checking, compiling; JIT included), timed from inside so that
// the runtime's own start is left out, as BenchmarkDotNet's cold-start job leaves it out.
if (args is not [var directory])
{
    Console.Error.WriteLine("usage: PolicyRules.ColdStart RULES-DIRECTORY");
    return 2;
}

var watch = Stopwatch.StartNew();
var engine = PolicyEngine.LoadDirectory(directory);
watch.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalMilliseconds:F1} {engine.Programmes.Length}"));
return 0;
