using System.Text.RegularExpressions;

namespace PolicyRules.Rules;

/// <summary>
/// Translates the English messages of a library we call (a parser, a JSON reader) into Chinese by
/// their templates: the values the library put in a message (<c>{0}</c>, <c>{1}</c>…) are kept as they
/// are, the words around them translated. The most specific template wins ("')' expected" before
/// "{0} expected"); a message no template matches is quoted as written, marked as the library's own.
/// </summary>
internal sealed class MessageTemplates
{
    private readonly (Regex Pattern, string Chinese)[] compiled;
    private readonly string unknownLabel;

    /// <param name="templates">English and Chinese templates with the same holes.</param>
    /// <param name="unknownLabel">Put before a message no template matches, e.g. "解析器原文".</param>
    public MessageTemplates(IEnumerable<(string English, string Chinese)> templates, string unknownLabel)
    {
        compiled = [.. templates
            .OrderByDescending(t => t.English.Length - (Regex.Count(t.English, @"\{\d\}") * 3))
            .Select(t => (Pattern(t.English), t.Chinese))];
        this.unknownLabel = unknownLabel;
    }

    /// <summary>The <paramref name="english"/> message in Chinese with its values kept.</summary>
    public string InChinese(string english)
    {
        var text = english.Trim();
        foreach (var (pattern, chinese) in compiled)
        {
            if (pattern.Match(text) is { Success: true } match)
            {
                var result = chinese;
                for (var i = 0; match.Groups[$"v{i}"].Success; i++)
                {
                    result = result.Replace("{" + i + "}", match.Groups[$"v{i}"].Value, StringComparison.Ordinal);
                }

                return result;
            }
        }

        return $"{unknownLabel}：{english}";
    }

    private static Regex Pattern(string template)
    {
        var pattern = Regex.Escape(template);
        for (var i = 0; i < 4; i++)
        {
            pattern = pattern.Replace(@"\{" + i + "}", $"(?<v{i}>.*?)", StringComparison.Ordinal);
        }

        // A sentence may or may not end in a full stop, depending on who raised it.
        pattern = pattern.EndsWith(@"\.", StringComparison.Ordinal) ? pattern[..^2] : pattern;
        return new Regex($@"^{pattern}\.?$", RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }
}
