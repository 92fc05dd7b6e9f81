using System.Linq.Dynamic.Core.Exceptions;
using System.Linq.Dynamic.Core.Parser;
using System.Linq.Expressions;
using PolicyRules.Rules;

namespace PolicyRules.Compilation;

/// <summary>
/// A text compared with an enum is one of its names, case aside. The parser turns such a text into a
/// value with <see cref="Enum.Parse(Type, string, bool)"/>, which also takes a number ("7"), spaces around
/// a name (" Retail") and a list of names ("Retail, Wholesale", 4 | 3 = Postal): each loaded, and meant
/// another value than written. A text that only such a reading makes a value is tried again in the
/// expression as a text no enum takes: if the parse then fails, asking for the enum, the parser was
/// reading it as one, and it is refused at the text (a text compared with a text field parses either way).
/// </summary>
internal static partial class ExpressionParsing
{
    private const string NoEnumName = "policyrules:no-name";

    private static readonly Type[] Enums = [.. AllowList.ModelTypes.Where(t => t.IsEnum)];

    private static RuleDiagnostic? CheckEnumLiterals(ExpressionSource source, IReadOnlyList<ParameterExpression> visible, Type? resultType)
    {
        var text = source.Text;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('"' or '\''))
            {
                continue;
            }

            var end = EndOfLiteral(text, i);
            var value = text[(i + 1)..Math.Min(end, text.Length)];
            if (end < text.Length && ReadOnlyByParse(value))
            {
                var retried = string.Concat(text.AsSpan(0, i + 1), NoEnumName, text.AsSpan(end));
                try
                {
                    lock (LiteralCache.Gate)
                    {
                        LiteralCache.Reset();
                        _ = new ExpressionParser([.. visible], retried, [], AllowList.CreateParsingConfig()).Parse(resultType);
                    }
                }
                catch (ParseException ex) when (ExpectedType().Match(ex.Message) is { Success: true } expected && EnumOf(expected.Groups["type"].Value) is { } enumType)
                {
                    return new RuleDiagnostic(DiagnosticIds.UnknownMember, DiagnosticSeverity.Error, NotAValueOf(enumType, value), source.Locate(i, end - i + 1));
                }
                catch (Exception ex) when (ex is ParseException or ArgumentException or InvalidOperationException or NotSupportedException or FormatException or InsufficientExecutionStackException)
                {
                    // Any other failure of the retried text (a number's text compared with a number): not an enum's.
                }
            }

            i = end;
        }

        return null;
    }

    /// <summary>True for a text no enum names but Enum.Parse makes a value of one (a number, a list, a name with spaces).</summary>
    private static bool ReadOnlyByParse(string value) =>
        Array.Exists(Enums, e => Enum.TryParse(e, value, ignoreCase: true, out _))
        && !Array.Exists(Enums, e => Array.Exists(Enum.GetNames(e), n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase)));

    /// <summary>"X" is not a value of <paramref name="enumType"/>, listing its names and the closest one, in both languages.</summary>
    private static string NotAValueOf(Type enumType, string value)
    {
        var names = Enum.GetNames(enumType);
        var suggestion = Suggest.Closest(value.Trim(), names);
        return $"\"{value}\" is not a {enumType.Name} ({string.Join(", ", names)}): write one name, as declared{(suggestion is null ? "" : $"; did you mean \"{suggestion}\"?")} / \"{value}\" 不是 {enumType.Name} 的取值（{string.Join("、", names)}）：请写一个已声明的名称{(suggestion is null ? "" : $"，是否应为 \"{suggestion}\"？")}";
    }
}
