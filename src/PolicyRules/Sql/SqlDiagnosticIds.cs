namespace PolicyRules.Sql;

/// <summary>
/// The diagnostic of the SQL back end. Not a rule-file diagnostic (the rules load and run in .NET):
/// it says that <see cref="ScreeningSql"/> cannot translate an expression exactly (docs/diagnostics/PR1032.md).
/// </summary>
public static class SqlDiagnosticIds
{
    /// <summary>An expression has no exact SQL translation: screen that programme with the .NET engine.</summary>
    public const string NotTranslatableToSql = "PR1032";
}
