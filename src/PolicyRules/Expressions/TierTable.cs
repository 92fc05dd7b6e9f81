using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;

namespace PolicyRules.Expressions;

/// <summary>
/// A table of thresholds written the way policy documents print them:
/// <c>"&gt;= 30%: 20; &gt;= 25%: 16; &gt;= 20%: 12; else: 0"</c>. Rows are tried in order and the
/// first whose condition holds gives the result; <c>else</c> (last, required) applies otherwise and
/// when the value is undefined (a ratio with a zero denominator).
/// </summary>
/// <remarks>
/// Numbers are exact decimals and may carry <c>%</c> (÷100), <c>万</c> (×10⁴) or <c>亿</c> (×10⁸).
/// All rows compare in one direction: <c>&gt;=</c>/<c>&gt;</c> with falling bounds, or
/// <c>&lt;=</c>/<c>&lt;</c> with rising bounds, so no row can hide another.
/// </remarks>
public sealed class TierTable
{
    private readonly Row[] _rows;

    private TierTable(string text, Row[] rows, decimal otherwise)
    {
        Text = text;
        _rows = rows;
        Otherwise = otherwise;
    }

    /// <summary>The table as written.</summary>
    public string Text { get; }

    /// <summary>The rows other than <c>else</c>, in order.</summary>
    public ImmutableArray<TierRow> Rows => [.. _rows.Select(r => new TierRow(r.Operator, r.Bound, r.Result))];

    /// <summary>The <c>else</c> result.</summary>
    public decimal Otherwise { get; }

    /// <summary>The result of the first row whose condition holds for <paramref name="value"/>.</summary>
    public decimal Lookup(decimal? value)
    {
        if (value is not { } v)
        {
            return Otherwise;
        }

        foreach (var row in _rows)
        {
            var holds = row.Operator switch
            {
                TierOperator.AtLeast => v >= row.Bound,
                TierOperator.Above => v > row.Bound,
                TierOperator.AtMost => v <= row.Bound,
                _ => v < row.Bound,
            };
            if (holds)
            {
                return row.Result;
            }
        }

        return Otherwise;
    }

    private static readonly ConcurrentDictionary<string, TierTable> Cache = new(StringComparer.Ordinal);

    /// <summary>Parses a table, caching by text; throws <see cref="TierTableException"/> on a bad table.</summary>
    public static TierTable Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Cache.TryGetValue(text, out var cached))
        {
            return cached;
        }

        var table = ParseUncached(text);
        // Bounded: only tables that parse are cached, and rule files are finite.
        if (Cache.Count < 10_000)
        {
            Cache.TryAdd(text, table);
        }

        return table;
    }

    private static TierTable ParseUncached(string text)
    {
        var rows = new List<Row>();
        decimal? otherwise = null;
        var position = 0;
        foreach (var part in text.Split(';'))
        {
            var start = position;
            position += part.Length + 1;
            var trimmed = part.Trim();
            var offset = start + part.IndexOf(trimmed, StringComparison.Ordinal);
            if (trimmed.Length == 0)
            {
                throw new TierTableException("Empty row: remove the extra ';'. / 空行：请删除多余的 ';'。", start, Math.Max(part.Length, 1));
            }

            if (otherwise is not null)
            {
                throw new TierTableException("Rows after 'else': 'else' must be the last row. / 'else' 之后还有行：'else' 必须是最后一行。", offset, trimmed.Length);
            }

            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new TierTableException($"Row '{trimmed}' has no ':' between condition and result. / 行 '{trimmed}' 的条件与结果之间缺少 ':'（请用半角冒号）。", offset, trimmed.Length);
            }

            var condition = trimmed[..colon].Trim();
            var resultText = trimmed[(colon + 1)..].Trim();
            var resultOffset = offset + colon + 1 + trimmed[(colon + 1)..].IndexOf(resultText, StringComparison.Ordinal);
            var result = ParseNumber(resultText, resultOffset);
            if (condition == "else")
            {
                otherwise = result;
                continue;
            }

            var (op, opLength) = condition switch
            {
                _ when condition.StartsWith(">=", StringComparison.Ordinal) => (TierOperator.AtLeast, 2),
                _ when condition.StartsWith("<=", StringComparison.Ordinal) => (TierOperator.AtMost, 2),
                _ when condition.StartsWith('≥') => (TierOperator.AtLeast, 1),
                _ when condition.StartsWith('≤') => (TierOperator.AtMost, 1),
                _ when condition.StartsWith('>') => (TierOperator.Above, 1),
                _ when condition.StartsWith('<') => (TierOperator.Below, 1),
                _ => throw new TierTableException($"Condition '{condition}' must start with >=, >, <=, < or be 'else'. / 条件 '{condition}' 须以 >=、>、<=、< 开头，或为 'else'。", offset, Math.Max(condition.Length, 1)),
            };
            var boundText = condition[opLength..].Trim();
            var bound = ParseNumber(boundText, offset + condition.IndexOf(boundText, opLength, StringComparison.Ordinal));
            if (rows.Count > 0)
            {
                var previous = rows[^1];
                var falling = previous.Operator is TierOperator.AtLeast or TierOperator.Above;
                var nowFalling = op is TierOperator.AtLeast or TierOperator.Above;
                if (falling != nowFalling)
                {
                    throw new TierTableException("All rows must compare in one direction (all >=/> or all <=/<). / 各行比较方向须一致（全部为 >=/> 或全部为 <=/<）。", offset, trimmed.Length);
                }

                if (falling ? bound >= previous.Bound : bound <= previous.Bound)
                {
                    throw new TierTableException(
                        $"Bounds out of order: {boundText} after {previous.BoundText}; with {(falling ? ">=" : "<=")} each bound must be {(falling ? "lower" : "higher")} than the one before. / 阈值顺序错误：{boundText} 位于 {previous.BoundText} 之后；使用 {(falling ? ">=" : "<=")} 时每个阈值须{(falling ? "低于" : "高于")}前一个。",
                        offset, trimmed.Length);
                }
            }

            rows.Add(new Row(op, bound, boundText, result));
        }

        if (otherwise is null)
        {
            throw new TierTableException("The table has no 'else: …' row (the result when no row holds). / 表中缺少 'else: …' 行（所有行都不满足时的结果）。", Math.Max(text.Length - 1, 0), 1);
        }

        return new TierTable(text, [.. rows], otherwise.Value);
    }

    private static decimal ParseNumber(string text, int offset)
    {
        var scale = 1m;
        var digits = text;
        if (text.EndsWith('%'))
        {
            scale = 0.01m;
            digits = text[..^1];
        }
        else if (text.EndsWith('万'))
        {
            scale = 10_000m;
            digits = text[..^1];
        }
        else if (text.EndsWith('亿'))
        {
            scale = 100_000_000m;
            digits = text[..^1];
        }

        switch (Input.DecimalText.Parse(digits.Trim(), out var value))
        {
            case Input.DecimalParse.NotANumber:
                throw new TierTableException($"'{text}' is not a number (digits, optionally with %, 万 or 亿). / '{text}' 不是数字（数字，可带 %、万 或 亿）。", offset, Math.Max(text.Length, 1));
            case Input.DecimalParse.Inexact:
                throw NotExact(text, offset);
        }

        // 万 and 亿 multiply, % divides: the bound must still be held exactly, and within decimal's range.
        try
        {
            var bound = value * scale;
            if (bound / scale == value)
            {
                return bound;
            }
        }
        catch (OverflowException)
        {
        }

        throw NotExact(text, offset);
    }

    private static TierTableException NotExact(string text, int offset) =>
        new($"'{text}' cannot be held exactly as a decimal (beyond ±79,228,162,514,264,337,593,543,950,335 or more than 28 significant digits): write a bound within range. / '{text}' 无法用十进制数精确表示（超出 ±79,228,162,514,264,337,593,543,950,335 或多于 28 位有效数字）：请写在范围内的阈值。", offset, Math.Max(text.Length, 1));

    private readonly record struct Row(TierOperator Operator, decimal Bound, string BoundText, decimal Result);
}

/// <summary>How a tier row compares the value with its bound.</summary>
public enum TierOperator
{
    /// <summary>value ≥ bound (含本数).</summary>
    AtLeast,
    /// <summary>value &gt; bound (不含).</summary>
    Above,
    /// <summary>value ≤ bound (含本数).</summary>
    AtMost,
    /// <summary>value &lt; bound (不含).</summary>
    Below,
}

/// <summary>One row of a <see cref="TierTable"/>.</summary>
public sealed record TierRow(TierOperator Operator, decimal Bound, decimal Result);

/// <summary>A tier table that cannot be read; <see cref="Offset"/> is the character position inside the table text.</summary>
public sealed class TierTableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TierTableException(string message, int offset, int length)
        : base(message)
    {
        Offset = offset;
        Length = length;
    }

    /// <summary>Character offset of the fault in the table text.</summary>
    public int Offset { get; }

    /// <summary>Length of the faulty part.</summary>
    public int Length { get; }
}

/// <summary>Tier tables for rule expressions: <c>Tiers.Lookup(staffRatio, "&gt;= 30%: 20; … else: 0")</c>.</summary>
public static class Tiers
{
    /// <summary>The result of the first row of <paramref name="table"/> that holds for <paramref name="value"/>.</summary>
    public static decimal Lookup(decimal? value, string table) => TierTable.Parse(table).Lookup(value);
}
