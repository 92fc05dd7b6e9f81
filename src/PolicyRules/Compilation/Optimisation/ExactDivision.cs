using System.Reflection;
using System.Runtime.CompilerServices;

namespace PolicyRules.Compilation.Optimisation;

/// <summary>
/// A decimal divided by a positive constant whose inverse is a decimal (0.10, 0.50, 1.00, 100), the
/// same decimal as <c>x / divisor</c> to the last bit — value, scale and sign — without the division
/// where that is cheap: the quotient is then x's mantissa times the inverse's, at x's scale plus the
/// inverse's. A decimal division of a 28-digit ratio costs some 200 ns; InnovationIndexTop50 divides
/// three ratios by their caps for every record (<see cref="ConstantDivisions"/>).
/// </summary>
/// <remarks>
/// <para>What decimal's division gives, for an exact quotient that fits: the quotient at the larger of
/// the dividend's scale less the divisor's (at least 0) and the fewest decimals that hold it — its
/// trailing zeros dropped down to that scale, never below. The shortcut is taken only when no zero
/// would be dropped: the product fits 96 bits at a scale of at most 28 (so it is the exact quotient)
/// and is at the preferred scale already or does not end in a zero. Anything else — a product that
/// would round or overflow, a trailing zero, a zero dividend (whose sign the division keeps) — is
/// divided as written. <c>ExactDivisionTests</c> compare every bit with the division on millions of
/// dividends of every width, scale and sign.</para>
/// </remarks>
internal static class ExactDivision
{
    /// <summary>The 96-bit mantissa limit of <see cref="decimal"/>.</summary>
    private static readonly UInt128 MantissaLimit = (UInt128)1 << 96;

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
        var scale = ((raw.Flags >> 16) & 0xFF) + inverseScale;
        var mantissa = new UInt128(raw.High, raw.Low);
        if (Fen.LayoutKnown && mantissa != 0 && scale <= 28)
        {
            // Below 2^128 when either factor is small enough; only then is the wrapped product read.
            var product = mantissa * inverseMantissa;
            var preferred = Math.Max(((raw.Flags >> 16) & 0xFF) - divisorScale, 0);
            if (((mantissa >> 64) == 0 || inverseMantissa < (1UL << 32)) && (product >> 96) == 0
                && (scale == preferred || !EndsInZero(product)))
            {
                return new decimal((int)(uint)product, (int)(uint)(product >> 32), (int)(uint)(product >> 64), raw.Flags < 0, (byte)scale);
            }
        }

        return dividend / divisor;
    }

    /// <summary>Whether a mantissa below 2^96 is a multiple of 10 (even, and a multiple of 5: 2^64 ≡ 1 mod 5).</summary>
    private static bool EndsInZero(UInt128 mantissa)
    {
        var low = (ulong)mantissa;
        return (low & 1) == 0 && (((ulong)(mantissa >> 64) % 5) + (low % 5)) % 5 == 0;
    }
}
