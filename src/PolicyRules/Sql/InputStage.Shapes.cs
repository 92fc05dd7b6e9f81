using System.Text;
using PolicyRules.Model;

namespace PolicyRules.Sql;

/// <summary>
/// The test that a row's every value passes, with the shapes of its texts checked by one regular
/// expression rather than one per column.
/// </summary>
internal static partial class InputStage
{
    /// <summary>U+001F, the unit separator, between the texts the joined shape test reads.</summary>
    private const string Separator = "chr(31)";

    /// <summary>
    /// Every field's test ANDed (TRUE only when all are TRUE). The shapes are tested at once: the texts
    /// joined by U+001F with <c>||</c> must match the fields' patterns joined by <c>\x1f</c>. The same
    /// answer as one match per text: no joined pattern can match U+001F (<see cref="Joinable"/>), so a
    /// joined text that matches holds exactly one separator between two texts, each matching its own
    /// pattern whole; a text holding U+001F itself adds a separator, and then nothing matches; a NULL
    /// text makes the joined text NULL (<c>||</c> is NULL when either side is), which fails as the NULL
    /// of its own test does. A field's range test (the rest) stays its own.
    /// </summary>
    private static string Accepts(ISqlDialect dialect, IReadOnlyList<ProfileField> fields, List<Stage> stages)
    {
        var joined = stages.Select((s, i) => (Stage: s, Index: i)).Where(x => x.Stage.Shape is { } shape && Joinable(shape)).Select(x => x.Index).ToHashSet();
        if (joined.Count < 2)
        {
            return string.Join("\n    AND ", stages.Select(s => s.Passes));
        }

        var texts = string.Join(" || " + Separator + " || ", joined.Order().Select(i => dialect.QuoteIdentifier(Text(fields[i]))));
        var pattern = string.Join(@"\x1f", joined.Order().Select(i => "(?:" + NonCapturing(stages[i].Shape!) + ")"));
        var tests = new List<string> { dialect.FullMatch("(" + texts + ")", pattern) };
        tests.AddRange(stages.Select((s, i) => joined.Contains(i) ? s.Rest! : s.Passes));
        return string.Join("\n    AND ", tests);
    }

    /// <summary>
    /// True when <paramref name="pattern"/> can only match printable characters, never U+001F: every
    /// character of it is printable ASCII, the only escape is <c>\.</c>, no bracket expression is
    /// negated and no dot stands for any character. A bracket range then runs between printable
    /// characters (U+0020 and above), so it cannot reach U+001F either.
    /// </summary>
    internal static bool Joinable(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c is < ' ' or > '~')
            {
                return false;
            }

            if (c == '\\')
            {
                if (i + 1 >= pattern.Length || pattern[i + 1] != '.')
                {
                    return false;
                }

                i++;
            }
            else if (c == '.' || (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == '^'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The pattern with its groups made non-capturing (<c>(?:…)</c>): nothing reads them.</summary>
    private static string NonCapturing(string pattern)
    {
        var result = new StringBuilder(pattern.Length + 16);
        var inBrackets = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            result.Append(c);
            if (c == '\\' && i + 1 < pattern.Length)
            {
                result.Append(pattern[++i]);
            }
            else if (inBrackets)
            {
                inBrackets = c != ']';
            }
            else if (c == '[')
            {
                inBrackets = true;
                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    result.Append(pattern[++i]); // a leading ] is a member, not the end
                }
            }
            else if (c == '(' && (i + 1 >= pattern.Length || pattern[i + 1] != '?'))
            {
                result.Append("?:");
            }
        }

        return result.ToString();
    }
}
