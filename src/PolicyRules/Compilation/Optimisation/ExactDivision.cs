using System.Reflection;
using System.Runtime.CompilerServices;

namespace PolicyRules.Compilation.Optimisation;

/// <summary>
/// A decimal divided by a positive constant whose inverse is a decimal (0.10, 0.50, 1.00, 100), the
/// same decimal as <c>x / divisor</c> to the last bit — value, scale and sign — without the division
/// where that is cheap: the quotient is then x's mantissa times the inverse's, at x's scale plus the
/// inverse's, its trailing zeros dropped as the division drops them. A decimal division of a 28-digit
/// ratio costs some 200 ns; InnovationIndexTop50 divides four ratios by their caps for every record
/// (<see cref="ConstantDivisions"/>).
/// </summary>
/// <remarks>
/// <para>What decimal's division gives, for an exact quotient that fits: the quotient at the larger of
/// the dividend's scale less the divisor's (at least 0) and the fewest decimals that hold it — its
/// trailing zeros dropped down to that scale, never below. The shortcut is taken when the product fits
/// 96 bits at a scale of at most 28 (so it is the exact quotient), and drops its trailing zeros the same
/// way. Anything else — a product that would round or overflow, a zero dividend (whose sign the
/// division keeps) — is divided as written. <c>ExactDivisionTests</c> compare every bit with the division
/// on millions of dividends of every width, scale and sign.</para>
/// </remarks>
internal static class ExactDivision
{
    public static readonly MethodInfo DivideMethod = typeof(ExactDivision).GetMethod(nameof(Divide))!;

    /// <summary>The inverse's mantissa and scale when <paramref name="divisor"/> is positive and 1/divisor is a decimal whose mantissa fits 64 bits; else null.</summary>
    public static (ulong Mantissa, int Scale)? InverseOf(decimal divisor)
    {
        if (divisor <= 0m)
        {
            return null;
        }

        var inverse = 1m / divisor;
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(inverse, bits);
        if (bits[2] != 0)
        {
            return null;
        }

        var mantissa = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        decimal.GetBits(divisor, bits);
        var divisorMantissa = ((UInt128)(uint)bits[2] << 64) | ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        // Exact when inverse × divisor is 1: the mantissas multiply to 10^(sum of the scales).
        var exact = (System.Numerics.BigInteger)mantissa * (System.Numerics.BigInteger)divisorMantissa
            == System.Numerics.BigInteger.Pow(10, inverse.Scale + divisor.Scale);
        return exact ? (mantissa, inverse.Scale) : null;
    }

    /// <summary>
    /// <paramref name="dividend"/> / <paramref name="divisor"/>, bit for bit; the inverse is <paramref name="inverseMantissa"/> ×
    /// 10^-<paramref name="inverseScale"/> (<see cref="InverseOf"/>), <paramref name="divisorScale"/> the divisor's scale.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static decimal Divide(decimal dividend, ulong inverseMantissa, int inverseScale, int divisorScale, decimal divisor)
    {
        ref var raw = ref Unsafe.As<decimal, Fen.Raw>(ref dividend);
        var dividendScale = (raw.Flags >> 16) & 0xFF;
        var scale = dividendScale + inverseScale;
        if (Fen.LayoutKnown && (raw.Low | raw.High) != 0 && scale <= 28 && inverseMantissa <= uint.MaxValue)
        {
            // The product in three 32-bit limbs (the caps' inverses are small: 10, 2, 1, 125): no Int128 calls.
            var inverse = (uint)inverseMantissa;
            var p0 = (ulong)(uint)raw.Low * inverse;
            var p1 = ((raw.Low >> 32) * inverse) + (p0 >> 32);
            var p2 = ((ulong)raw.High * inverse) + (p1 >> 32);
            if ((p2 >> 32) == 0)
            {
                var (l0, l1, l2) = ((uint)p0, (uint)p1, (uint)p2);
                var preferred = Math.Max(dividendScale - divisorScale, 0);

                // Division drops the exact quotient's trailing zeros down to the preferred scale: x / 0.10 is x × 10,
                // which always ends in one. 2^32 and 2^64 are 6 modulo 10.
                while (scale > preferred && ((6UL * l2) + (6UL * l1) + l0) % 10 == 0)
                {
                    var q2 = l2 / 10;
                    var middle = ((ulong)(l2 % 10) << 32) | l1;
                    var bottom = ((middle % 10) << 32) | l0;
                    (l0, l1, l2) = ((uint)(bottom / 10), (uint)(middle / 10), q2);
                    scale--;
                }

                return new decimal((int)l0, (int)l1, (int)l2, raw.Flags < 0, (byte)scale);
            }
        }

        if (Fen.LayoutKnown && (raw.Low | raw.High) != 0 && scale is > 28 and <= 28 + 9 && inverseMantissa <= uint.MaxValue
            && Rounded(raw, (uint)inverseMantissa, scale - 28) is var (r0, r1, r2, exact) && !exact
            && ((6UL * r2) + (6UL * r1) + r0) % 10 != 0)
        {
            // Past 28 decimals the division rounds its quotient to 28, half to even; one ending in a zero (whose zeros
            // the division drops), exact, or past 96 bits is left to the division.
            return new decimal((int)r0, (int)r1, (int)r2, raw.Flags < 0, 28);
        }

        return dividend / divisor;
    }

    /// <summary>
    /// The dividend's mantissa × <paramref name="inverse"/> / 10^<paramref name="excess"/>, rounded half to even,
    /// in three 32-bit limbs, and whether nothing was rounded; the limbs are null-like (all zero, exact) when the
    /// result does not fit 96 bits, which the caller leaves to the division.
    /// </summary>
    private static (uint L0, uint L1, uint L2, bool Exact) Rounded(in Fen.Raw raw, uint inverse, int excess)
    {
        var p0 = (ulong)(uint)raw.Low * inverse;
        var p1 = ((raw.Low >> 32) * inverse) + (p0 >> 32);
        var p2 = ((ulong)raw.High * inverse) + (p1 >> 32);
        ReadOnlySpan<uint> limbs = [(uint)(p2 >> 32), (uint)p2, (uint)p1, (uint)p0];
        var divisor = Pow10[excess];
        Span<uint> quotient = stackalloc uint[4];
        ulong remainder = 0;
        for (var i = 0; i < 4; i++)
        {
            var current = (remainder << 32) | limbs[i];
            quotient[i] = (uint)(current / divisor);
            remainder = current % divisor;
        }

        var half = divisor / 2;
        if (remainder > half || (remainder == half && (quotient[3] & 1) == 1))
        {
            for (var i = 3; i >= 0 && ++quotient[i] == 0; i--)
            {
            }
        }

        return quotient[0] != 0 ? (0, 0, 0, true) : (quotient[3], quotient[2], quotient[1], remainder == 0);
    }

    private static readonly ulong[] Pow10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];
}
