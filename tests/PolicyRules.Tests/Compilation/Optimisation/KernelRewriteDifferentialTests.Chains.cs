using PolicyRules.Compilation;
using PolicyRules.Rules;

namespace PolicyRules.Tests.Compilation.Optimisation;

/// <summary>
/// Parameters each reading the one before more than once: the fast kernel grows with their number, not
/// with its power. Restating each parameter where it was read (in integers, <see cref="PolicyRules.Compilation.Optimisation.ScaledIntegers"/>)
/// doubled the kernel with each parameter of <c>p + p - p</c> or a cap <c>p &gt; 1000 ? p : 1000</c>: 13 such
/// parameters took 4 GB and overflowed the stack in <c>screen</c>, while <c>lint</c> and <c>evaluate</c> passed.
/// </summary>
public sealed partial class KernelRewriteDifferentialTests
{
    public static TheoryData<string> ChainLinks => new()
    {
        "@ + @ - @",
        "@ > 1000 ? @ : 1000",
        "Num.Max(@, @)",
        "Num.Min(@ * 2, @ + @)",
        "@ * 2 - @",
        "(@ + @) / 2",
        "@ - @ + @ / 10000 * 10000",
        "Ratio.Of(@, @) >= 1 ? @ : 0",
    };

    [Theory]
    [MemberData(nameof(ChainLinks))]
    public void A_chain_of_parameters_reading_the_one_before_twice_grows_the_kernel_linearly_and_keeps_its_answers(string link)
    {
        var sizes = new Dictionary<int, int>();
        foreach (var length in (int[])[6, 9, 12]) // short enough that an exponential kernel fails the check below rather than never ends
        {
            var (rewritten, plain) = OneRule($"p{length} >= 1000000", Chain(link, length));
            sizes[length] = Nodes(ProgrammeCompiler.FastKernelTree(rewritten.Definition, rewritten.Schema, new List<RuleDiagnostic>())!);
            foreach (var revenue in (decimal[])[999_999.99m, 1_000_000m, 1_000_000.01m, 0m, 500m, -1m, 99_999_999_999_999m])
            {
                var profile = TestProfiles.Baseline() with { RevenueY1 = revenue };
                Assert.Equal(Screen(plain, profile, ProfileGen.AsOf), Screen(rewritten, profile, ProfileGen.AsOf));
            }
        }

        // Bounded by the parameters' number: three more parameters may add their own nodes, not multiply the tree (8 times for a doubling).
        Assert.True(sizes[12] <= 2 * Math.Max(sizes[6], sizes[9]) + 200, $"kernel nodes at 6, 9, 12 parameters: {sizes[6]}, {sizes[9]}, {sizes[12]}");
    }

    /// <summary>p0 = RevenueY1, then p1 … pN each <paramref name="link"/> with the one before for <c>@</c>.</summary>
    private static string Chain(string link, int length) =>
        string.Join(", ", Enumerable.Range(0, length + 1).Select(i => i == 0
            ? """{ "Name": "p0", "Expression": "enterprise.RevenueY1" }"""
            : $$"""{ "Name": "p{{i}}", "Expression": "{{link.Replace("@", $"p{i - 1}", StringComparison.Ordinal)}}" }"""));

    private static int Nodes(System.Linq.Expressions.Expression tree)
    {
        var counter = new NodeCount();
        counter.Visit(tree);
        return counter.Count;
    }

    private sealed class NodeCount : System.Linq.Expressions.ExpressionVisitor
    {
        public int Count { get; private set; }

        public override System.Linq.Expressions.Expression? Visit(System.Linq.Expressions.Expression? node)
        {
            Count += node is null ? 0 : 1;
            return Count > 10_000_000 ? node : base.Visit(node); // an exponential tree stops here, its size past any linear bound
        }
    }
}
