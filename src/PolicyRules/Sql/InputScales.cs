namespace PolicyRules.Sql;

/// <summary>The decimals the SQL input stage keeps for each kind of number.</summary>
internal static class InputScales
{
    /// <summary>Money is to the fen, as every reader requires.</summary>
    public const int Money = 2;

    /// <summary>Scores, percentages and decimals: more decimals than this are refused as a reject (the .NET readers take up to 28).</summary>
    public const int Fraction = 12;
}
