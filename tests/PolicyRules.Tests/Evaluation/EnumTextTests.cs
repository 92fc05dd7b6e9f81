using PolicyRules.Evaluation;
using PolicyRules.Model;

namespace PolicyRules.Tests.Evaluation;

/// <summary>A class's text (SizeClass, GreenFactoryLevel) read by index is each member's own name, for small and for sparse enums alike, and an undefined value reads as its number.</summary>
public sealed class EnumTextTests
{
    private enum Sparse
    {
        Negative = -3,
        Zero = 0,
        Far = 1000,
    }

    private enum Wide : long
    {
        One = 1,
        Two = 2,
    }

    [Fact]
    public void Every_member_reads_as_its_name_and_an_undefined_value_as_its_number()
    {
        Check<SizeClass>();
        Check<GreenFactoryLevel>();
        Check<Industry>();
        Check<Sparse>();
        Check<Wide>();
        Assert.Null(EnumText<SizeClass>.Of(null));
        Assert.Equal("99", EnumText<SizeClass>.Of((SizeClass)99));
        Assert.Equal("-1", EnumText<SizeClass>.Of((SizeClass)(-1)));
        Assert.Equal("7", EnumText<Sparse>.Of((Sparse)7));
    }

    private static void Check<T>()
        where T : struct, Enum
    {
        foreach (var member in Enum.GetValues<T>())
        {
            Assert.Equal(member.ToString(), EnumText<T>.Of(member));
        }
    }
}
