using PolicyRules.Rules;

namespace PolicyRules.Cli;

/// <summary>
/// The command-line parser's own messages (a value it cannot read as a number, an unknown option, a
/// value outside a list, a missing value) in English and Chinese with the same values: the parser
/// writes English only, and printed them so.
/// </summary>
internal static class CommandLineErrorText
{
    /// <summary>Each message of System.CommandLine (its <c>Properties.Resources</c>) with its Chinese; a test checks the table against the parser's resources.</summary>
    internal static readonly IReadOnlyList<(string English, string Chinese)> Templates =
    [
        ("Cannot parse argument '{0}' as expected type '{1}'.", "无法将参数 '{0}' 读作所需类型 '{1}'。"),
        ("Cannot parse argument '{0}' for command '{1}' as expected type '{2}'.", "无法将命令 '{1}' 的参数 '{0}' 读作所需类型 '{2}'。"),
        ("Cannot parse argument '{0}' for command '{1}' as expected type '{2}'. Did you mean one of the following?{3}", "无法将命令 '{1}' 的参数 '{0}' 读作所需类型 '{2}'。是否应为以下之一？{3}"),
        ("Cannot parse argument '{0}' for option '{1}' as expected type '{2}'.", "无法将选项 '{1}' 的值 '{0}' 读作所需类型 '{2}'。"),
        ("Cannot parse argument '{0}' for option '{1}' as expected type '{2}'. Did you mean one of the following?{3}", "无法将选项 '{1}' 的值 '{0}' 读作所需类型 '{2}'。是否应为以下之一？{3}"),
        ("Required argument missing for command: '{0}'.", "命令 '{0}' 缺少必需的参数。"),
        ("Directory does not exist: '{0}'.", "目录不存在：'{0}'。"),
        ("Error reading response file '{0}': {1}", "读取响应文件 '{0}' 出错：{1}"),
        ("File does not exist: '{0}'.", "文件不存在：'{0}'。"),
        ("File or directory does not exist: '{0}'.", "文件或目录不存在：'{0}'。"),
        ("Character not allowed in a file name: '{0}'.", "文件名中含有不允许的字符：'{0}'。"),
        ("Character not allowed in a path: '{0}'.", "路径中含有不允许的字符：'{0}'。"),
        ("Option '{0}' expects a single argument but {1} were provided.", "选项 '{0}' 只接受一个值，实际给了 {1} 个。"),
        ("Required argument missing for option: '{0}'.", "选项 '{0}' 缺少值。"),
        ("Required command was not provided.", "未指定命令。"),
        ("Option '{0}' is required.", "选项 '{0}' 为必填项。"),
        ("Response file not found '{0}'.", "找不到响应文件 '{0}'。"),
        ("'{0}' was not matched. Did you mean one of the following?", "'{0}' 无法匹配，是否应为以下之一？"),
        ("Argument '{0}' not recognized. Must be one of:{1}", "值 '{0}' 无法识别，须为以下之一：{1}"),
        ("Unrecognized command or argument '{0}'.", "无法识别的命令或参数 '{0}'。"),
        ("{0} option cannot be combined with other arguments.", "{0} 选项不能与其他参数一起使用。"),
    ];

    private static readonly MessageTemplates Translation = new(Templates, "System.CommandLine 原文");

    /// <summary>
    /// The parser's <paramref name="message"/> on one line, in both languages. A list of allowed values
    /// comes one a line; it is joined by spaces, so both halves stay on one line.
    /// </summary>
    public static string Bilingual(string message)
    {
        var english = string.Join(' ', message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        return $"{english} / {Translation.InChinese(english)}";
    }
}
