using System.Globalization;
using PolicyRules.Input;
using PolicyRules.Model;
using PolicyRules.Screening;

namespace PolicyRules.Tests.Screening;

/// <summary>
/// The CSV fast path holds its batches, not the rows written. Measured as the process's whole heap
/// after full collections, so it runs alone (<see cref="MemoryMeasurements"/>): another test's
/// allocations made it fail under a loaded parallel run.
/// </summary>
[Collection(MemoryMeasurements.Name)]
public sealed class CsvFastPathMemoryTests : IDisposable
{
    private static readonly Lazy<PolicyEngine> Engine = new(() => PolicyEngine.LoadDirectory(TestProfiles.RulesDirectory));

    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-csvmemory-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Memory_retained_while_screening_does_not_grow_with_the_rows_written()
    {
        // Every row is written (none is eligible for the population-level programme: nothing to rank is kept),
        // so what the run holds stays that of its batches: measured after a full collection at each progress call.
        var programmes = TestProfiles.EnterpriseProgrammes(Engine.Value).Select(n => Engine.Value.GetProgramme(n, ProfileGen.AsOf)).ToArray();
        var old = TestProfiles.Baseline() with { RegistrationDate = new DateOnly(2001, 1, 1) };
        var input = Path.Combine(_dir, "flat.csv");
        ProfileCsvWriter.Write(input, Enumerable.Range(0, 60_000).Select(i => old with { Id = "E" + i.ToString("D6", CultureInfo.InvariantCulture) }));
        var retained = new List<long>();
        var summary = ScreeningJob.Run(input, Path.Combine(_dir, "flat-out.csv"), programmes, ProfileGen.AsOf,
            progress: _ => retained.Add(GC.GetTotalMemory(forceFullCollection: true)), options: new ScreeningOptions { DegreeOfParallelism = 2 });
        Assert.Equal(60_000, summary.Written);
        Assert.Equal(0, summary.Programmes.Single(p => p.Programme == "InnovationIndexTop50").Eligible);
        Assert.True(retained.Count >= 10, $"{retained.Count} progress calls");

        // From the second call (batches made) to the last, over 50,000 rows of ~700 bytes of results each.
        var growth = retained[^2] - retained[1];
        Assert.True(growth < 4_000_000, $"retained memory grew by {growth:N0} bytes: {string.Join(", ", retained)}");
    }
}
