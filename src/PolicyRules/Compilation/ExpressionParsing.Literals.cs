using System.Globalization;
using System.Text;
using PolicyRules.Input;
using PolicyRules.Rules;

namespace PolicyRules.Compilation;

/// <summary>
/// Decimal literals checked before the parser sees them. The parser rounds a literal with more digits
/// than decimal keeps (a threshold silently changes) and fails on one with an exponent with "Value
/// cannot be null" at the start of the expression; each is refused here, at the literal, naming the fix.
/// </summary>
internal static partial class ExpressionParsing
{
    private const string DecimalLimits = "28 significant digits, nothing finer than 10^-28";

    private const string DecimalLimitsZh = "最多 28 位有效数字，精度不细于 10^-28";

    private static RuleDiagnostic? CheckNumbers(ExpressionSource source)
    {
        var text = source.Text;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '"' or '\'')
            {
                i = EndOfLiteral(text, i);
            }
            else if (char.IsLetter(c) || c is '_' or '@')
            {
                // A name (enterprise.RevenueY1): its digits are not a number.
                while (i + 1 < text.Length && (char.IsLetterOrDigit(text[i + 1]) || text[i + 1] == '_'))
                {
                    i++;
                }
            }
            else if (char.IsAsciiDigit(c))
            {
                var end = EndOfNumber(text, i, out var mantissaEnd, out var exponentAt);
                if (CheckNumber(text[i..end], mantissaEnd - i, exponentAt < 0 ? -1 : exponentAt - i) is { } problem)
                {
                    return new RuleDiagnostic(DiagnosticIds.ExpressionSyntax, DiagnosticSeverity.Error, problem, source.Locate(i, end - i));
                }

                i = end - 1;
            }
        }

        return null;
    }

    /// <summary>The end of the number at <paramref name="start"/>: digits, a fraction, an exponent, then any suffix letters.</summary>
    private static int EndOfNumber(string text, int start, out int mantissaEnd, out int exponentAt)
    {
        var i = Digits(text, start);
        if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            i = Digits(text, i + 1);
        }

        mantissaEnd = i;
        exponentAt = -1;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var sign = i + 1 < text.Length && text[i + 1] is '+' or '-' ? 1 : 0;
            if (i + 1 + sign < text.Length && char.IsAsciiDigit(text[i + 1 + sign]))
            {
                exponentAt = i;
                i = Digits(text, i + 1 + sign);
            }
        }

        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        return i;
    }

    private static int Digits(string text, int i)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>Why <paramref name="literal"/> cannot be read exactly as a decimal, or null when it can (or is not a decimal).</summary>
    private static string? CheckNumber(string literal, int mantissaEnd, int exponentAt)
    {
        var suffix = literal[(exponentAt < 0 ? mantissaEnd : Digits(literal, exponentAt + 2))..];
        var mantissa = literal[..mantissaEnd];
        if (suffix is ("m" or "M") && exponentAt < 0 && !mantissa.Contains('.', StringComparison.Ordinal))
        {
            return WholeDecimal(literal, mantissa, suffix);
        }

        if (suffix is not ("" or "m" or "M") || (exponentAt < 0 && !mantissa.Contains('.', StringComparison.Ordinal)))
        {
            return null; // doubles are PR1009/PR1016's, integers the parser's own; hex and others are not decimals
        }

        if (exponentAt >= 0)
        {
            if (suffix.Length == 0)
            {
                return null; // without m the parser reads a double: PR1009/PR1016
            }

            var digits = WrittenOut(mantissa, literal[(exponentAt + 1)..^suffix.Length]);
            return digits is not null && DecimalText.Parse(digits, out _) == DecimalParse.Exact
                ? $"The number '{literal}' has an exponent, which a decimal literal cannot have here: write its digits, {digits}m. / 数字 '{literal}' 带指数，此处十进制字面量不能使用指数：请写出其数字 {digits}m。"
                : $"The number '{literal}' has an exponent, which a decimal literal cannot have here, and decimal cannot hold it exactly ({DecimalLimits}). / 数字 '{literal}' 带指数，此处十进制字面量不能使用指数，且十进制无法精确表示该数（{DecimalLimitsZh}）。";
        }

        return DecimalText.Parse(mantissa, out _) switch
        {
            DecimalParse.Exact => null,
            DecimalParse.Inexact when decimal.TryParse(mantissa, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rounded) =>
                $"The number '{literal}' has more digits than decimal holds exactly ({DecimalLimits}): it would be read as {rounded.ToString(CultureInfo.InvariantCulture)}; write it with fewer digits. / 数字 '{literal}' 的位数超出十进制可精确表示的范围（{DecimalLimitsZh}）：将被读作 {rounded.ToString(CultureInfo.InvariantCulture)}；请减少位数。",
            _ => $"The number '{literal}' is beyond what decimal holds exactly ({DecimalLimits}, at most 79228162514264337593543950335). / 数字 '{literal}' 超出十进制可精确表示的范围（{DecimalLimitsZh}，最大 79228162514264337593543950335）。",
        };
    }

    /// <summary>
    /// Why a whole number with the m suffix cannot be read, or null when it can. The parser (RulesEngine's
    /// too) reads its digits as a ulong before it applies the suffix, so past ulong.MaxValue it fails with
    /// "invalid integer literal" even where decimal holds the value; written with a decimal point, both
    /// parsers read it as a decimal, exactly.
    /// </summary>
    private static string? WholeDecimal(string literal, string digits, string suffix)
    {
        if (ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return null;
        }

        return DecimalText.Parse(digits, out _) == DecimalParse.Exact
            ? $"The number '{literal}' is a whole number with the m suffix beyond {ulong.MaxValue}, which the expression parser (RulesEngine's too) cannot read: write it with a decimal point, {digits}.0{suffix}, which reads as exactly this decimal. / 数字 '{literal}' 是带 m 后缀的整数，超过 {ulong.MaxValue}，表达式解析器（RulesEngine 的也一样）无法读取：请加小数点写作 {digits}.0{suffix}，即精确读作该十进制数。"
            : $"The number '{literal}' is beyond what decimal holds exactly ({DecimalLimits}, at most 79228162514264337593543950335). / 数字 '{literal}' 超出十进制可精确表示的范围（{DecimalLimitsZh}，最大 79228162514264337593543950335）。";
    }

    /// <summary><paramref name="mantissa"/> × 10^<paramref name="exponent"/> in plain digits, or null when it is too far from decimal's range to write out.</summary>
    private static string? WrittenOut(string mantissa, string exponent)
    {
        if (!int.TryParse(exponent, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var shift) || shift is > 64 or < -64)
        {
            return null;
        }

        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var at = (point < 0 ? mantissa.Length : point) + shift;
        var text = new StringBuilder();
        if (at <= 0)
        {
            text.Append("0.").Append('0', -at).Append(digits);
        }
        else if (at >= digits.Length)
        {
            text.Append(digits).Append('0', at - digits.Length);
        }
        else
        {
            text.Append(digits, 0, at).Append('.').Append(digits, at, digits.Length - at);
        }

        var plain = text.ToString();
        if (plain.Contains('.', StringComparison.Ordinal))
        {
            plain = plain.TrimEnd('0').TrimEnd('.');
        }

        plain = plain.TrimStart('0');
        return plain.Length == 0 || plain[0] == '.' ? "0" + plain : plain;
    }
}
