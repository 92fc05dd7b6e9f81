using System.Diagnostics;
using PolicyRules.Bulk;
using PolicyRules.Model;
using Careful = PolicyRules.Benchmarks.HandWrittenCareful;

namespace PolicyRules.Benchmarks;

/// <summary>
/// <c>kernel-breakdown</c>: per programme, the bulk kernel (with the programmes it uses, as a screener
/// runs them) beside the careful hand-written contender computing the same, in ns per enterprise over
/// the 1,000 samples — to find which programmes make "all programmes" slower than the contender.
/// Indicative (a stopwatch, median of rounds); the figures of record are BenchmarkDotNet's.
/// </summary>
internal static class KernelBreakdown
{
    private const int Rounds = 9;
    private const int Repeats = 200;

    public static int Run()
    {
        var profiles = Samples.Profiles()[..1000];
        var engine = PolicyEngine.LoadDirectory(Samples.RulesDirectory);
        var asOf = Samples.AsOf;
        Console.WriteLine($"{"programme",-24} {"bulk ns",9} {"careful ns",11} {"ratio",6}");
        double bulkTotal = 0, carefulTotal = 0;
        foreach (var (name, _) in HandWrittenScreener.Programmes)
        {
            var screener = ProgrammeScreener.Create([engine.GetProgramme(name, asOf)], asOf);
            var bulk = Time(profiles, p => screener.Screen(p));
            var careful = Time(profiles, CarefulOf(name, asOf));
            bulkTotal += bulk;
            carefulTotal += careful;
            Console.WriteLine($"{name,-24} {bulk,9:F1} {careful,11:F1} {bulk / careful,6:F2}");
        }

        var all = ProgrammeScreener.Create(EvaluationBenchmarks.EnterpriseProgrammes(engine), asOf);
        var everyCareful = new HandWrittenScreener(careful: true);
        Console.WriteLine($"{"all 14 (one screener)",-24} {Time(profiles, p => all.Screen(p)),9:F1} {Time(profiles, p => everyCareful.Screen(p, asOf)),11:F1}");
        Console.WriteLine($"{"sum of the rows",-24} {bulkTotal,9:F1} {carefulTotal,11:F1}");
        return 0;
    }

    /// <summary>The careful contender for one programme, with what it uses computed first.</summary>
    private static Action<EnterpriseProfile> CarefulOf(string name, DateOnly asOf) => name switch
    {
        "SmeSize" => e => Careful.SmeSize(e),
        "TechBasedSme" => e => Careful.TechBasedSme(e, out _),
        "HighTechEnterprise" => e => Careful.HighTech(e, asOf),
        "InnovativeSme" => e => Careful.InnovativeSme(e, Careful.SmeSize(e), out _),
        "SpecializedSme" => e => Careful.SpecializedSme(e, Careful.SmeSize(e)),
        "LittleGiant" => e => Careful.LittleGiant(e, Careful.SmeSize(e)),
        "Gazelle" => e => Careful.Gazelle(e, asOf),
        "Unicorn" => e => Careful.Unicorn(e, asOf),
        "ManufacturingChampion" => e => HandWritten.ManufacturingChampion(e),
        "AboveScale" => e => HandWritten.AboveScale(e, out _),
        "GreenFactory" => e => { HandWritten.GreenFactory(e); HandWritten.GreenFactoryClass(e); },
        "TechLoanWhitelist" => e =>
        {
            var size = Careful.SmeSize(e);
            HandWritten.TechLoanWhitelist(e, Careful.HighTech(e, asOf) == 0, Careful.TechBasedSme(e, out _) == 0,
                Careful.SpecializedSme(e, size) == 0, Careful.LittleGiant(e, size) == 0, out _);
        },
        "PayAfterUseLicensee" => e => HandWritten.PayAfterUseLicensee(e, Careful.SmeSize(e)),
        "InnovationIndexTop50" => e => HandWritten.InnovationIndexTop50(e, asOf, Careful.TechBasedSme(e, out _) == 0, out _),
        _ => throw new ArgumentException($"No careful contender for {name}.", nameof(name)),
    };

    private static double Time(EnterpriseProfile[] profiles, Action<EnterpriseProfile> screen)
    {
        var samples = new double[Rounds];
        for (var round = -2; round < Rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            for (var r = 0; r < Repeats; r++)
            {
                foreach (var profile in profiles)
                {
                    screen(profile);
                }
            }

            if (round >= 0)
            {
                samples[round] = clock.Elapsed.TotalNanoseconds / (Repeats * profiles.Length);
            }
        }

        Array.Sort(samples);
        return samples[Rounds / 2];
    }
}
