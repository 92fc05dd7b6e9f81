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
    private readonly (Regex Pattern, string English, string Chinese)[] compiled;
    private readonly string unknownLabel;

    /// <param name="templates">English and Chinese templates with the same holes.</param>
    /// <param name="unknownLabel">Put before a message no template matches, e.g. "解析器原文".</param>
    public MessageTemplates(IEnumerable<(string English, string Chinese)> templates, string unknownLabel)
    {
        compiled = [.. templates
            .OrderByDescending(t => t.English.Length - (Regex.Count(t.English, @"\{\d\}") * 3))
            .Select(t => (Pattern(t.English), t.English, t.Chinese))];
        this.unknownLabel = unknownLabel;
    }

    /// <summary>The <paramref name="english"/> message in Chinese with its values kept.</summary>
    public string InChinese(string english)
    {
        var text = english.Trim();
        foreach (var (pattern, _, chinese) in compiled)
        {
            if (pattern.Match(text) is { Success: true } match)
            {
                return Filled(chinese, match, requote: false);
            }
        }

        return $"{unknownLabel}：{english}";
    }

    /// <summary>
    /// The <paramref name="english"/> message in English and in Chinese, from one template: a value the
    /// template quotes in apostrophes (<c>'{0}'</c>) that holds an apostrophe itself is quoted in double
    /// quotes in both halves, so that a reader can tell where it ends (a random file's
    /// <c>'f?K'm' is an invalid JSON literal</c> read as two quoted pieces with words between them).
    /// </summary>
    public (string En, string Zh) Halves(string english)
    {
        var text = english.Trim();
        foreach (var (pattern, template, chinese) in compiled)
        {
            if (pattern.Match(text) is { Success: true } match)
            {
                var requote = Enumerable.Range(0, 4).Any(i => match.Groups[$"v{i}"] is { Success: true } value && value.Value.Contains('\'', StringComparison.Ordinal));
                return (requote ? Filled(template, match, requote: true) : english, Filled(chinese, match, requote));
            }
        }

        return (english, $"{unknownLabel}：{english}");
    }

    private static string Filled(string template, Match match, bool requote)
    {
        var result = template;
        for (var i = 0; match.Groups[$"v{i}"].Success; i++)
        {
            var value = match.Groups[$"v{i}"].Value;
            if (requote && value.Contains('\'', StringComparison.Ordinal))
            {
                result = result.Replace("'{" + i + "}'", "\"{" + i + "}\"", StringComparison.Ordinal);
            }

            result = result.Replace("{" + i + "}", value, StringComparison.Ordinal);
        }

        return result;
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
