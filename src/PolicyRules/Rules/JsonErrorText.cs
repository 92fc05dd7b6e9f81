namespace PolicyRules.Rules;

/// <summary>
/// The Chinese for the JSON reader's messages, with the same token quoted, so the Chinese half of
/// PR1001 (and of a JSON profile's error) names what the English half names.
/// </summary>
internal static class JsonErrorText
{
    /// <summary>
    /// Each message System.Text.Json's reader raises, by its resource name
    /// (<c>System.Text.Json.ExceptionResource</c>, <c>SR</c>), and ours from <see cref="JsonSourceNode"/>
    /// (names starting "Ours."). A test checks the table against the runtime's resources.
    /// </summary>
    internal static readonly IReadOnlyList<(string Name, string English, string Chinese)> Templates =
    [
        ("ArrayDepthTooLarge", "The maximum configured depth of {0} has been exceeded. Cannot read next JSON array.", "嵌套超过允许的最大深度 {0}，无法继续读取 JSON 数组。"),
        ("ObjectDepthTooLarge", "The maximum configured depth of {0} has been exceeded. Cannot read next JSON object.", "嵌套超过允许的最大深度 {0}，无法继续读取 JSON 对象。"),
        ("EndOfCommentNotFound", "Expected end of comment, but instead reached end of data.", "注释没有结束，文件已到末尾。"),
        ("EndOfStringNotFound", "Expected end of string, but instead reached end of data.", "字符串没有结束引号，文件已到末尾。"),
        ("RequiredDigitNotFoundAfterDecimal", "'{0}' is invalid within a number, immediately after a decimal point ('.'). Expected a digit ('0'-'9').", "数字的小数点（'.'）后不能是 '{0}'，应为数字（'0'-'9'）。"),
        ("RequiredDigitNotFoundAfterSign", "'{0}' is invalid within a number, immediately after a sign character ('+' or '-'). Expected a digit ('0'-'9').", "数字的正负号（'+' 或 '-'）后不能是 '{0}'，应为数字（'0'-'9'）。"),
        ("RequiredDigitNotFoundEndOfData", "Expected a digit ('0'-'9'), but instead reached end of data.", "此处应为数字（'0'-'9'），文件却已到末尾。"),
        ("ExpectedEndAfterSingleJson", "'{0}' is invalid after a single JSON value. Expected end of data.", "JSON 值结束后不能是 '{0}'，应为文件末尾。"),
        ("ExpectedEndOfDigitNotFound", "'{0}' is an invalid end of a number. Expected a delimiter.", "数字不能以 '{0}' 结尾，应为分隔符。"),
        ("ExpectedFalse", "'{0}' is an invalid JSON literal. Expected the literal 'false'.", "'{0}' 不是有效的 JSON 字面量，应为 'false'。"),
        ("ExpectedNextDigitEValueNotFound", "'{0}' is an invalid end of a number. Expected 'E' or 'e'.", "数字不能以 '{0}' 结尾，应为 'E' 或 'e'。"),
        ("ExpectedNull", "'{0}' is an invalid JSON literal. Expected the literal 'null'.", "'{0}' 不是有效的 JSON 字面量，应为 'null'。"),
        ("ExpectedSeparatorAfterPropertyNameNotFound", "'{0}' is invalid after a property name. Expected a ':'.", "属性名后面不能是 '{0}'，应为 ':'。"),
        ("ExpectedStartOfPropertyNotFound", "'{0}' is an invalid start of a property name. Expected a '\"'.", "'{0}' 不能作为属性名的开头，属性名须以 '\"' 开头。"),
        ("ExpectedStartOfPropertyOrValueNotFound", "Expected start of a property name or value, but instead reached end of data.", "此处应为属性名或值，文件却已到末尾。"),
        ("ExpectedStartOfPropertyOrValueAfterComment", "'{0}' is an invalid start of a property name or value, after a comment.", "注释之后的 '{0}' 不能作为属性名或值的开头。"),
        ("ExpectedStartOfValueNotFound", "'{0}' is an invalid start of a value.", "'{0}' 不能作为值的开头。"),
        ("ExpectedTrue", "'{0}' is an invalid JSON literal. Expected the literal 'true'.", "'{0}' 不是有效的 JSON 字面量，应为 'true'。"),
        ("ExpectedValueAfterPropertyNameNotFound", "Expected a value, but instead reached end of data.", "此处应为值，文件却已到末尾。"),
        ("FoundInvalidCharacter", "'{0}' is invalid after a value. Expected either ',', '}', or ']'.", "值后面不能是 '{0}'，应为 ','、'}' 或 ']'。"),
        ("InvalidCharacterWithinString", "'{0}' is invalid within a JSON string. The string should be correctly escaped.", "JSON 字符串中不能直接出现 '{0}'，须正确转义。"),
        ("InvalidCharacterAfterEscapeWithinString", "'{0}' is an invalid escapable character within a JSON string. The string should be correctly escaped.", "JSON 字符串中 '{0}' 不能跟在反斜杠后转义，须正确转义。"),
        ("InvalidHexCharacterWithinString", "'{0}' is not a hex digit following '\\u' within a JSON string. The string should be correctly escaped.", "JSON 字符串中 '\\u' 之后的 '{0}' 不是十六进制数字，须正确转义。"),
        ("InvalidEndOfJsonNonPrimitive", "'{0}' is an invalid token type for the end of the JSON payload. Expected either 'EndArray' or 'EndObject'.", "JSON 内容不能以 '{0}' 结束，应为 'EndArray' 或 'EndObject'。"),
        ("MismatchedObjectArray", "'{0}' is invalid without a matching open.", "'{0}' 没有与之配对的开括号。"),
        ("ZeroDepthAtEnd", "Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed.", "文件末尾仍有未闭合的对象或数组。"),
        ("ExpectedJsonTokens", "The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, when isFinalBlock is true.", "输入中没有任何 JSON 内容（isFinalBlock 为 true 时，输入须以有效的 JSON 记号开头）。"),
        ("TrailingCommaNotAllowedBeforeArrayEnd", "The JSON array contains a trailing comma at the end which is not supported in this mode. Change the reader options.", "JSON 数组末尾有多余的逗号。"),
        ("TrailingCommaNotAllowedBeforeObjectEnd", "The JSON object contains a trailing comma at the end which is not supported in this mode. Change the reader options.", "JSON 对象末尾有多余的逗号。"),
        ("InvalidCharacterAtStartOfComment", "'{0}' is invalid after '/' at the beginning of the comment. Expected either '/' or '*'.", "注释开头的 '/' 后面不能是 '{0}'，应为 '/' 或 '*'。"),
        ("UnexpectedEndOfDataWhileReadingComment", "Unexpected end of data while reading a comment.", "读取注释时文件意外结束。"),
        ("UnexpectedEndOfLineSeparator", "Found invalid line or paragraph separator character while reading a comment.", "注释中有无效的行分隔符或段落分隔符。"),
        ("ExpectedOneCompleteToken", "The input does not contain any complete JSON tokens. Expected the input to have at least one valid, complete, JSON token.", "输入中没有任何完整的 JSON 内容。"),
        ("NotEnoughData", "There is not enough data to read through the entire JSON array or object.", "数据不完整，无法读完整个 JSON 数组或对象。"),
        ("InvalidLeadingZeroInNumber", "Invalid leading zero before '{0}'.", "'{0}' 前面的前导零无效。"),
        ("CannotTranscodeInvalidUtf8", "Cannot transcode invalid UTF-8 JSON text to UTF-16 string.", "文本不是有效的 UTF-8 编码，无法转换为 UTF-16 字符串（请将文件另存为 UTF-8）。"),
        // Raised when a string is read (GetString), not by the tokenizer: an escaped lone surrogate ("\ud800").
        ("CannotReadIncompleteUTF16", "Cannot read incomplete UTF-16 JSON text as string with missing low surrogate.", "无法读取 JSON 字符串：UTF-16 文本不完整，高代理项后缺少低代理项。"),
        ("CannotReadInvalidUTF16", "Cannot read invalid UTF-16 JSON text as string. Invalid surrogate value: '{0}'.", "无法读取 JSON 字符串：UTF-16 文本无效，代理项值 '{0}' 无效。"),
        ("Ours.Empty", "The file is empty.", "文件为空。"),
        ("Ours.ContentAfterValue", "Unexpected content after the end of the JSON value.", "JSON 值结束后还有内容。"),
        ("Ours.UnexpectedToken", "Unexpected token {0}.", "意外的 JSON 记号 {0}。"),
    ];

    private static readonly MessageTemplates Translation = new(Templates.Select(t => (t.English, t.Chinese)), "JSON 读取器原文");

    /// <summary>
    /// The reader's message in English and in Chinese. The reader quotes the token it met in apostrophes,
    /// so an apostrophe met reads <c>'''</c>, which neither a reader nor the bilingual check can tell from
    /// the quotes around it: both halves quote it <c>"'"</c> instead, and any token holding an apostrophe
    /// in double quotes (<see cref="MessageTemplates.Halves"/>).
    /// </summary>
    public static (string En, string Zh) Halves(string message)
    {
        var (en, zh) = Translation.Halves(message);
        return (Unambiguous(en), Unambiguous(zh));
    }

    /// <summary>PR1001's message for the reader's <paramref name="message"/>, in both languages.</summary>
    public static string InvalidJson(string message)
    {
        var (en, zh) = Halves(message);
        return $"Invalid JSON: {en} / JSON 格式错误：{zh}";
    }

    /// <summary>PR1001's message for a UTF-16 file holding U+FFFD (<see cref="SourceText.Utf16Replacement"/>), in both languages.</summary>
    public const string Utf16Replacement =
        "The file is UTF-16 and holds U+FFFD, the replacement character, here: either half a character (a lone surrogate, which no text has), or U+FFFD written as such, which the build cannot tell from it. Save the file as UTF-8, or write the character as \\uFFFD. / " +
        "文件为 UTF-16 编码，此处为替换字符 U+FFFD：可能是被截断的半个字符（孤立代理项，不是任何文本），也可能是直接写入的 U+FFFD，构建时无法区分两者。请将文件另存为 UTF-8，或将该字符写作 \\uFFFD。";

    private static string Unambiguous(string text) => text.Replace("'''", "\"'\"", StringComparison.Ordinal);
}
