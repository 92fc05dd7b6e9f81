using PolicyRules.Model;

namespace PolicyRules.Records;

/// <summary>The names of field kinds in declaration files, and what each kind holds.</summary>
internal static class FieldKinds
{
    /// <summary>Every kind name a declaration may write, as written.</summary>
    public static readonly string[] Names = ["text", "bool", "date", "count", "money", "signedMoney", "percent", "decimal", "score", "choice"];

    public static FieldKind? Parse(string name) => name switch
    {
        "text" => FieldKind.Text,
        "bool" => FieldKind.Boolean,
        "date" => FieldKind.Date,
        "count" => FieldKind.Count,
        "money" => FieldKind.Money,
        "signedMoney" => FieldKind.SignedMoney,
        "percent" => FieldKind.Percent,
        "decimal" => FieldKind.Number,
        "score" => FieldKind.Score,
        "choice" => FieldKind.Choice,
        _ => null,
    };

    public static string NameOf(FieldKind kind) => kind switch
    {
        FieldKind.Text => "text",
        FieldKind.Boolean => "bool",
        FieldKind.Date => "date",
        FieldKind.Count => "count",
        FieldKind.Money => "money",
        FieldKind.SignedMoney => "signedMoney",
        FieldKind.Percent => "percent",
        FieldKind.Number => "decimal",
        FieldKind.Score => "score",
        FieldKind.Choice or FieldKind.Industry => "choice",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>True for the kinds that hold a decimal number.</summary>
    public static bool IsDecimal(FieldKind kind) =>
        kind is FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent or FieldKind.Number;

    /// <summary>True for the kinds that hold a number (a count or a decimal).</summary>
    public static bool IsNumeric(FieldKind kind) => kind == FieldKind.Count || IsDecimal(kind);

    /// <summary>The CLR type an emitted record holds a field of <paramref name="kind"/> in (one place decides it).</summary>
    public static Type ClrType(FieldKind kind) => kind switch
    {
        FieldKind.Text or FieldKind.Choice => typeof(string),
        FieldKind.Boolean => typeof(bool),
        FieldKind.Date => typeof(DateOnly),
        FieldKind.Count => typeof(int),
        _ when IsDecimal(kind) => typeof(decimal),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The range every value of a numeric kind must lie in, whatever a declaration narrows it to.</summary>
    public static (decimal Min, decimal Max) KindRange(FieldKind kind) => kind switch
    {
        FieldKind.Money => (0m, ProfileSchema.MaxMoney),
        FieldKind.SignedMoney or FieldKind.Number => (-ProfileSchema.MaxMoney, ProfileSchema.MaxMoney),
        FieldKind.Count => (0m, int.MaxValue),
        FieldKind.Score or FieldKind.Percent => (0m, 100m),
        _ => throw new ArgumentException($"{kind} is not a numeric kind.", nameof(kind)),
    };
}
