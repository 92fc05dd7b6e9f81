using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PolicyRules.Compilation.Optimisation;

/// <summary>
/// Money as a whole number of fen (1/100 yuan) in <see cref="long"/>, read once per record for the
/// fast kernel's integer criteria (<see cref="ScaledIntegers"/>). The fast path's contract is narrower
/// than the readers' (<see cref="Model.ProfileSchema.MaxMoney"/>, 10^18 yuan): at most
/// <see cref="MaxFen"/> (10^13 yuan, more than any enterprise's yearly revenue), so that a three-year
/// sum cross-multiplied by a percentage stays in a <see cref="long"/>. 64-bit arithmetic is a few
/// instructions where <see cref="Int128"/>'s operators are calls the JIT stops inlining in a large
/// kernel (issue 19: HighTechEnterprise made ~30 such calls a record). A record past it (a reader
/// admits up to 10^18 yuan) takes the rule as written, in <see cref="decimal"/>.
/// </summary>
internal static class Fen
{
    /// <summary>10^15 fen (10^13 yuan): the largest magnitude the fast path takes.</summary>
    public const long MaxFen = 1_000_000_000_000_000;

    /// <summary><see cref="MaxFen"/> for the compile-time bounds (<see cref="ExactRange"/>, <see cref="ScaledIntegers"/>).</summary>
    public static readonly System.Numerics.BigInteger Bound = MaxFen;

    /// <summary>Whether <see cref="decimal"/> is laid out as this runtime's source says (flags, high 32 bits, low 64 bits).</summary>
    internal static readonly bool LayoutKnown = CheckLayout();

    public static readonly MethodInfo OfMethod = typeof(Fen).GetMethod(nameof(Of))!;

    /// <summary>
    /// <paramref name="value"/> × 100 when that is a whole number of magnitude at most <see cref="MaxFen"/>,
    /// else 0 with <paramref name="holds"/> set false: for such a record (built in code, or past 10^13 yuan)
    /// the kernel decides by the rule as written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Of(decimal value, ref bool holds)
    {
        if (LayoutKnown)
        {
            ref var raw = ref Unsafe.As<decimal, Raw>(ref value);
            // Whole yuan and tenths too (a CSV's "5000000" reads at scale 0): up to the fen by one product, as Slow does.
            var scale = (raw.Flags >> 16) & 0xFF;
            var low = raw.Low;
            if (raw.High == 0 && scale <= 2 && low <= MaxFen)
            {
                var fen = scale == 2 ? low : low * (scale == 1 ? 10u : 100u); // at most 10^17: no overflow
                if (fen <= MaxFen)
                {
                    return raw.Flags < 0 ? -(long)fen : (long)fen;
                }
            }
        }

        return Slow(value, ref holds);
    }

    /// <summary>Any scale: whole yuan, tenths, or trailing zeros past the fen ("12.300").</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Slow(decimal value, ref bool holds)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var mantissa = new UInt128((uint)bits[2], ((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
        for (; scale < 2; scale++)
        {
            mantissa *= 10; // at most 2^96 × 100: no overflow in 128 bits
        }

        for (; scale > 2; scale--)
        {
            var (quotient, remainder) = UInt128.DivRem(mantissa, 10);
            if (remainder != 0)
            {
                holds = false;
                return 0;
            }

            mantissa = quotient;
        }

        if (mantissa > MaxFen)
        {
            holds = false;
            return 0;
        }

        var fen = (long)mantissa;
        return bits[3] < 0 ? -fen : fen;
    }

    private static bool CheckLayout()
    {
        Span<int> bits = stackalloc int[4];
        foreach (var probe in (ReadOnlySpan<decimal>)[-1234567890123456789.01m, 79228162514264337593543950335m, 0.0000000000000000000000000001m])
        {
            var copy = probe;
            var raw = Unsafe.As<decimal, Raw>(ref copy);
            decimal.GetBits(probe, bits);
            if (raw.Flags != bits[3] || raw.High != (uint)bits[2] || raw.Low != (((ulong)(uint)bits[1] << 32) | (uint)bits[0]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><see cref="decimal"/>'s fields, where <see cref="LayoutKnown"/> says they are.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal readonly struct Raw
    {
        public readonly int Flags;
        public readonly uint High;
        public readonly ulong Low;
    }
}
