using System.Text.RegularExpressions;

namespace PolicyRules.Rules;

/// <summary>
/// The Chinese for the JSON parser's messages, with the same token quoted, so the Chinese half of
/// PR1001 (and of a JSON profile's error) names what the English half names.
/// </summary>
internal static partial class JsonErrorText
{
    /// <summary>The parser's English message in Chinese; a message not known here is given as it is.</summary>
    public static string Chinese(string message)
    {
        var match = Known().Match(message);
        if (!match.Success)
        {
            return message;
        }

        var token = match.Groups["t"].Value;
        return match.Groups.Cast<Group>().Skip(1).First(g => g.Success && g.Name != "t").Name switch
        {
            "property" => $"'{token}' 不能作为属性名的开头，属性名须以 '\"' 开头。",
            "afterValue" => $"值后面不能是 '{token}'，应为 ','、'}}' 或 ']'。",
            "afterName" => $"属性名后面不能是 '{token}'，应为 ':'。",
            "inString" => $"JSON 字符串中不能直接出现 '{token}'，须正确转义。",
            "value" => $"'{token}' 不能作为值的开头。",
            "afterSingle" => $"JSON 值结束后不能是 '{token}'，应为文件末尾。",
            "trailingObject" => "JSON 对象末尾有多余的逗号。",
            "trailingArray" => "JSON 数组末尾有多余的逗号。",
            "endOfString" => "字符串没有结束引号，文件已到末尾。",
            "depth" => "文件末尾仍有未闭合的对象或数组。",
            "empty" => "文件为空。",
            "after" => "JSON 值结束后还有内容。",
            _ => message,
        };
    }

    [GeneratedRegex("""
        ^(?:'(?<t>.*?)' is an invalid start of a property name(?<property>)
        |'(?<t>.*?)' is invalid after a value(?<afterValue>)
        |'(?<t>.*?)' is invalid after a property name(?<afterName>)
        |'(?<t>.*?)' is invalid within a JSON string(?<inString>)
        |'(?<t>.*?)' is an invalid start of a value(?<value>)
        |'(?<t>.*?)' is invalid after a single JSON value(?<afterSingle>)
        |The JSON object contains a trailing comma(?<trailingObject>)
        |The JSON array contains a trailing comma(?<trailingArray>)
        |Expected end of string, but instead reached end of data(?<endOfString>)
        |Expected depth to be zero at the end of the JSON payload(?<depth>)
        |The file is empty(?<empty>)
        |Unexpected content after the end of the JSON value(?<after>))
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture)]
    private static partial Regex Known();
}
