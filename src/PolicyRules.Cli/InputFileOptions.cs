using System.CommandLine;
using PolicyRules.Input;

namespace PolicyRules.Cli;

/// <summary>The options that say how an input file is read: <c>--encoding</c> (CSV) and <c>--sheet</c> (.xlsx).</summary>
internal sealed class InputFileOptions
{
    public Option<string?> Encoding { get; } = new("--encoding")
    {
        Description = $"CSV encoding: {Names}; default auto (a byte-order mark, else UTF-8 or GB18030 by content; ambiguous files are refused). / CSV 编码：{Names}；默认 auto（有字节顺序标记按标记，否则按内容识别 UTF-8 或 GB18030；无法判定的文件拒收）",
    };

    public Option<string?> Sheet { get; } = new("--sheet")
    {
        Description = "The worksheet of an .xlsx input (default: the first). / .xlsx 输入的工作表名（默认第一个）",
    };

    /// <summary>The names <see cref="TryParseName"/> accepts.</summary>
    public const string Names = "auto, utf-8, gb18030 (gbk, gb2312), utf-16le, utf-16be";

    /// <summary>Parses an encoding name as people write it (<c>utf-8</c>, <c>gbk</c>, <c>GB18030</c>, <c>utf-16le</c>, <c>auto</c>).</summary>
    public static bool TryParseName(string? name, out InputEncoding encoding)
    {
        encoding = (name ?? "auto").Trim().ToLowerInvariant().Replace("_", "-", StringComparison.Ordinal) switch
        {
            "auto" or "detect" => InputEncoding.Auto,
            "utf-8" or "utf8" or "utf-8-bom" or "utf-8-sig" => InputEncoding.Utf8,
            // GBK and GB2312 are subsets of GB18030: their files read the same.
            "gb18030" or "gbk" or "gb2312" or "cp936" or "936" or "54936" => InputEncoding.GB18030,
            "utf-16" or "utf-16le" or "utf16" or "utf16le" or "unicode" => InputEncoding.Utf16LittleEndian,
            "utf-16be" or "utf16be" => InputEncoding.Utf16BigEndian,
            _ => (InputEncoding)(-1),
        };
        return Enum.IsDefined(encoding);
    }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Encoding);
        command.Options.Add(Sheet);
    }

    /// <summary>The read options given, or false (with the message on stderr) for an unknown encoding.</summary>
    public bool TryGet(ParseResult parse, TextWriter stderr, out ProfileReadOptions options)
    {
        var name = parse.GetValue(Encoding);
        if (!TryParseName(name, out var encoding))
        {
            stderr.WriteLine($"--encoding '{name}' is not an encoding read here; use one of: {Names}. / 不支持的编码 '{name}'，可选：{Names}");
            options = ProfileReadOptions.Default;
            return false;
        }

        options = new ProfileReadOptions { Encoding = encoding, Sheet = parse.GetValue(Sheet) };
        return true;
    }
}
