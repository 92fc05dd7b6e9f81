using nietras.SeparatedValues;
using PolicyRules.Input;
using PolicyRules.Output;

namespace PolicyRules.Bulk;

/// <summary>
/// The rejects file every bulk job writes beside its output (<c>&lt;output&gt;.rejects.csv</c>): one CSV
/// row per unreadable or unevaluable input row, <c>row,line,id,column,reason</c>.
/// </summary>
internal static class RejectsFile
{
    /// <summary>The rejects file written beside <paramref name="outputPath"/>.</summary>
    public static string PathFor(string outputPath) => outputPath + ".rejects.csv";

    /// <summary>A rejects file with its header: <c>row,line,id,column,reason</c>.</summary>
    public static SepWriter Open(Stream stream)
    {
        var rejects = Sep.New(',').Writer(o => o with { Escape = true }).To(stream);
        foreach (var name in (string[])["row", "line", "id", "column", "reason"])
        {
            rejects.Header.Add(name);
        }

        return rejects;
    }

    /// <summary>Writes one unreadable (or unevaluable) row.</summary>
    public static void Write(SepWriter rejects, ProfileRecord record, string column, string reason, bool rawText)
    {
        using var row = rejects.NewRow();
        row["row"].Format(record.Row);
        row["line"].Format(record.Line);
        SpreadsheetText.Set(row["id"], record.Id, rawText);
        SpreadsheetText.Set(row["column"], column, rawText);
        SpreadsheetText.Set(row["reason"], reason, rawText);
    }
}
