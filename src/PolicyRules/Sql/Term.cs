namespace PolicyRules.Sql;

/// <summary>What kind of SQL value a translated expression is.</summary>
internal enum SqlKind
{
    Boolean,
    Number,
    Date,
    Text,
    /// <summary>SQL NULL written as a literal (<c>x != null</c>).</summary>
    Null,
}

/// <summary>
/// One translated expression. A number may be a ratio kept as numerator and denominator
/// (<see cref="Den"/>), the denominator positive or NULL (a zero denominator: no ratio), so
/// comparisons cross-multiply and stay exact; <see cref="Scale"/> bounds the decimals the SQL value
/// carries (the same rules as SQL's: a sum keeps the larger, a product adds them).
/// </summary>
internal sealed record Term(SqlKind Kind, string Sql)
{
    /// <summary>True when the value may be NULL (a ratio whose denominator was zero, a class no row gave).</summary>
    public bool Nullable { get; init; }

    /// <summary>The denominator of a ratio (positive, or NULL for no ratio); null for every other value.</summary>
    public string? Den { get; init; }

    /// <summary>Decimals of <see cref="Sql"/>, at most.</summary>
    public int Scale { get; init; }

    /// <summary>Decimals of <see cref="Den"/>, at most.</summary>
    public int DenScale { get; init; }

    /// <summary>A CLR int or long: its division is whole-number division.</summary>
    public bool Integer { get; init; }

    /// <summary>Known never to be negative (money, counts, sums and products of such).</summary>
    public bool NonNegative { get; init; }

    /// <summary>
    /// For a number that came from a rounding step of .NET's <see cref="decimal"/> (a quotient of a
    /// quotient, arithmetic on a quotient): the mantissa at 28 decimals of .NET's value, a whole number
    /// (see <see cref="DecimalSql"/>); <see cref="Sql"/> is then the same value as a decimal. Null for an
    /// exact number and for a ratio (a ratio is one quotient: .NET's value is that quotient rounded once).
    /// </summary>
    public string? Mantissa { get; init; }

    /// <summary>
    /// An exact number below 7.9 in magnitude with at most 4 decimals (a constant, a tier's result): a
    /// single quotient is compared with it by cross-multiplication, since .NET's rounding of the quotient
    /// (at its 28th decimal) cannot cross it. Anything else is compared with .NET's rounded value.
    /// </summary>
    public bool SmallExact { get; init; }

    /// <summary>The value when it is a number known at translation time.</summary>
    public decimal? Constant { get; init; }

    public bool IsRatio => Den is not null;

    /// <summary>SQL that is TRUE when the value is NULL.</summary>
    public string IsNullSql => Kind == SqlKind.Null ? "TRUE" : !Nullable ? "FALSE" : IsRatio ? $"(({Den}) IS NULL)" : $"(({Mantissa ?? Sql}) IS NULL)";
}

/// <summary>
/// A construct the SQL back end cannot translate exactly; becomes a diagnostic at the expression, whose
/// halves show <see cref="En"/> and <see cref="Zh"/> (the message whole would put English in the Chinese half).
/// </summary>
internal sealed class SqlTranslationException(string en, string zh) : Exception($"{en} / {zh}")
{
    /// <summary>Why, in English.</summary>
    public string En { get; } = en;

    /// <summary>Why, in Chinese.</summary>
    public string Zh { get; } = zh;

    /// <summary>True when the construct is a parameter whose own translation already failed (reported there, not again).</summary>
    public bool Cascade { get; init; }
}
