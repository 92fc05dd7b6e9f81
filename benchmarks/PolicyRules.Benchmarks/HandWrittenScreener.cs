using System.Collections.Immutable;
using PolicyRules.Model;

namespace PolicyRules.Benchmarks;

/// <summary>
/// Every enterprise programme of the bundled catalogue, hand-written, for one enterprise at a time:
/// each programme once, the ones composites use first, into arrays reused for every enterprise (no
/// allocation) — the hand-written counterpart of <c>ProgrammeScreener</c>; dividing as the rule files
/// do (<see cref="HandWritten"/>), or as a careful engineer writes it (<see cref="HandWrittenCareful"/>).
/// </summary>
internal sealed class HandWrittenScreener(bool careful = false)
{
    private const int SmeSize = 0, TechBasedSme = 1, HighTechEnterprise = 2, InnovativeSme = 3, SpecializedSme = 4, LittleGiant = 5,
        Gazelle = 6, Unicorn = 7, ManufacturingChampion = 8, AboveScale = 9, GreenFactory = 10, TechLoanWhitelist = 11,
        PayAfterUseLicensee = 12, InnovationIndexTop50 = 13;

    /// <summary>The programmes by slot, with the workflow (version) each slot encodes: those in force on <see cref="Samples.AsOf"/>.</summary>
    public static ImmutableArray<(string Programme, string Workflow)> Programmes { get; } =
    [
        ("SmeSize", "SmeSize"), ("TechBasedSme", "TechBasedSme2022"), ("HighTechEnterprise", "HighTechEnterprise"),
        ("InnovativeSme", "InnovativeSme2022"), ("SpecializedSme", "SpecializedSme2022"), ("LittleGiant", "LittleGiant2022"),
        ("Gazelle", "Gazelle"), ("Unicorn", "Unicorn"), ("ManufacturingChampion", "ManufacturingChampion"), ("AboveScale", "AboveScale"),
        ("GreenFactory", "GreenFactory"), ("TechLoanWhitelist", "TechLoanWhitelist"), ("PayAfterUseLicensee", "PayAfterUseLicensee"),
        ("InnovationIndexTop50", "InnovationIndexTop50"),
    ];

    /// <summary>Failed top-level criteria of each programme for the last enterprise, one bit per criterion (0 = eligible).</summary>
    public int[] Failed { get; } = new int[Programmes.Length];

    /// <summary>The score of each scored programme for the last enterprise (null for the others).</summary>
    public decimal?[] Score { get; } = new decimal?[Programmes.Length];

    /// <summary>The class of each classifying programme for the last enterprise (null for the others).</summary>
    public string?[] Classification { get; } = new string?[Programmes.Length];

    /// <summary>Evaluates every programme for <paramref name="e"/> on <paramref name="asOf"/>.</summary>
    public void Screen(EnterpriseProfile e, DateOnly asOf)
    {
        var failed = Failed;
        var size = careful ? HandWrittenCareful.SmeSize(e) : HandWritten.SmeSize(e);
        failed[SmeSize] = size == SizeClass.Large ? 2 : 0; // criterion 0: every industry has a row
        Classification[SmeSize] = HandWritten.Name(size);
        failed[TechBasedSme] = careful ? HandWrittenCareful.TechBasedSme(e, out var techScore) : HandWritten.TechBasedSme(e, out techScore);
        Score[TechBasedSme] = techScore;
        failed[HighTechEnterprise] = careful ? HandWrittenCareful.HighTech(e, asOf) : HandWritten.HighTech(e, asOf);
        failed[InnovativeSme] = careful ? HandWrittenCareful.InnovativeSme(e, size, out var innovativeScore) : HandWritten.InnovativeSme(e, size, out innovativeScore);
        Score[InnovativeSme] = innovativeScore;
        failed[SpecializedSme] = careful ? HandWrittenCareful.SpecializedSme(e, size) : HandWritten.SpecializedSme(e, size);
        failed[LittleGiant] = careful ? HandWrittenCareful.LittleGiant(e, size) : HandWritten.LittleGiant(e, size);
        failed[Gazelle] = careful ? HandWrittenCareful.Gazelle(e, asOf) : HandWritten.Gazelle(e, asOf);
        failed[Unicorn] = careful ? HandWrittenCareful.Unicorn(e, asOf) : HandWritten.Unicorn(e, asOf);
        failed[ManufacturingChampion] = HandWritten.ManufacturingChampion(e);
        failed[AboveScale] = HandWritten.AboveScale(e, out var rdGrowthTarget);
        Classification[AboveScale] = rdGrowthTarget;
        failed[GreenFactory] = HandWritten.GreenFactory(e);
        Classification[GreenFactory] = HandWritten.GreenFactoryClass(e);
        failed[TechLoanWhitelist] = HandWritten.TechLoanWhitelist(e, failed[HighTechEnterprise] == 0, failed[TechBasedSme] == 0,
            failed[SpecializedSme] == 0, failed[LittleGiant] == 0, out var loanProducts);
        Classification[TechLoanWhitelist] = loanProducts;
        failed[PayAfterUseLicensee] = HandWritten.PayAfterUseLicensee(e, size);
        failed[InnovationIndexTop50] = HandWritten.InnovationIndexTop50(e, asOf, failed[TechBasedSme] == 0, out var index);
        Score[InnovationIndexTop50] = index;
    }
}
