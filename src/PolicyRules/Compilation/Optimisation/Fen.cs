using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PolicyRules.Compilation.Optimisation;

/// <summary>
/// Money as a whole number of fen (1/100 yuan) in <see cref="Int128"/>, read once per record for the
/// fast kernel's integer criteria (<see cref="ScaledIntegers"/>). 10^18 yuan is 10^20 fen, past
/// <see cref="long"/>; a declared maximum of 9.2 × 10^16 yuan would fit one field in a long, and
/// 10^14 yuan a three-year sum cross-multiplied by a percentage, but the contract declares neither.
/// </summary>
internal static class Fen
{
    /// <summary>10^20 fen: <see cref="Model.ProfileSchema.MaxMoney"/>.</summary>
    private static readonly UInt128 MaxFen = UInt128.Parse("100000000000000000000", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether <see cref="decimal"/> is laid out as this runtime's source says (flags, high 32 bits, low 64 bits).</summary>
    private static readonly bool LayoutKnown = CheckLayout();

    public static readonly MethodInfo OfMethod = typeof(Fen).GetMethod(nameof(Of))!;

    /// <summary>
    /// <paramref name="value"/> × 100 when that is a whole number of magnitude at most 10^20 — what every
    /// reader accepts for a money field — else 0 with <paramref name="holds"/> set false: a record built in
    /// code may hold anything, and for it the kernel decides by the rule as written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Int128 Of(decimal value, ref bool holds)
    {
        if (!LayoutKnown)
        {
            return Slow(value, ref holds);
        }

        ref var raw = ref Unsafe.As<decimal, Raw>(ref value);
        var scale = (raw.Flags >> 16) & 0xFF;
        var mantissa = new UInt128(raw.High, raw.Low);
        // Whole yuan and tenths too (a CSV's "5000000" reads at scale 0): up to the fen by one product, as Slow does.
        if (scale <= 2)
        {
            var scaled = scale == 2 ? mantissa : mantissa * (scale == 1 ? 10u : 100u); // at most 2^96 × 100: no overflow
            if (scaled <= MaxFen)
            {
                var fen = (Int128)scaled;
                return raw.Flags < 0 ? -fen : fen;
            }
        }

        return Slow(value, ref holds);
    }

    /// <summary>Any scale: whole yuan, tenths, or trailing zeros past the fen ("12.300").</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Int128 Slow(decimal value, ref bool holds)
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

        var fen = (Int128)mantissa;
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

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct Raw
    {
        public readonly int Flags;
        public readonly uint High;
        public readonly ulong Low;
    }
}
