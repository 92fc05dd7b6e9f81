using PolicyRules.Compilation;

namespace PolicyRules.Tests.Compilation;

public sealed class ParserWarmUpTests
{
    [Fact]
    public void The_warm_up_expression_parses_so_the_parser_is_really_warmed()
    {
        // A warm-up that failed to parse would stop early and warm little; it swallows its failure by design.
        Assert.True(ParserWarmUp.TryRun());
    }
}
