namespace PolicyRules.Model;

/// <summary>
/// What another's code (the runtime, Parquet.Net, the Open XML SDK, DuckDB) said in an exception, for
/// either half of a bilingual message. Its words are English we cannot translate, so each half shows
/// them as a quoted value after the exception's name — <c>IOException: "…"</c>, <c>IOException：「…」</c>
/// — and says the rest in its own language, never as prose of ours left in English in the Chinese half.
/// One source, also compiled into the DI package and the analyzers (they cannot see this assembly's internals).
/// </summary>
internal static class ForeignMessage
{
    /// <summary>The exception's name and its words, quoted in each language's way.</summary>
    public static (string En, string Zh) Quoted(System.Exception ex) => Quoted(ex.GetType().Name, ex.Message);

    /// <summary><paramref name="words"/> that <paramref name="who"/> said, quoted in each language's way.</summary>
    public static (string En, string Zh) Quoted(string who, string words)
    {
        // One kind of quote inside, so each half's quotes pair.
        var inside = words.Replace('"', '\'');
        return ($"{who}: \"{inside}\"", $"{who}：「{inside}」");
    }
}
