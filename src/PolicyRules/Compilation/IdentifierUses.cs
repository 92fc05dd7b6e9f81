using System.Globalization;
using System.Text.RegularExpressions;

namespace PolicyRules.Compilation;

/// <summary>
/// Whether an expression's text names a parameter: a whole word (letters, digits, marks,
/// underscores — the regular-expression <c>\w</c>) not read as a member (no dot before it), equal to
/// the name ignoring case as the parser looks names up (ordinal: the Kelvin sign is not a k). It
/// replaces a regular expression built for every parameter and rule — ~5% of a cold load (issue 19)
/// — whose case rules differed from the parser's in those few letters.
/// </summary>
internal static class IdentifierUses
{
    public static bool Names(string text, string name)
    {
        if (name.Length == 0 || !name.All(IsWordChar))
        {
            // Not a word, so never a parameter the parser can read; kept to the pattern's answer all the same.
            return Regex.IsMatch(text, $@"(?<![\w.]){Regex.Escape(name)}(?!\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }

        for (var start = 0; start < text.Length;)
        {
            if (!IsWordChar(text[start]))
            {
                start++;
                continue;
            }

            var end = start;
            while (end < text.Length && IsWordChar(text[end]))
            {
                end++;
            }

            if ((start == 0 || text[start - 1] != '.') && text.AsSpan(start, end - start).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            start = end;
        }

        return false;
    }

    /// <summary>The regular expressions' <c>\w</c>: letters, non-spacing marks, decimal digits, connector punctuation.</summary>
    internal static bool IsWordChar(char c) => char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation => true,
        _ => false,
    };
}
