using PolicyRules.Model;

namespace PolicyRules.Input;

/// <summary>
/// Why a path named as a file to read is not one — it is a folder, or nothing is there — in English
/// and Chinese: the runtime says "Access to the path is denied" of a folder, in English only.
/// </summary>
internal static class InputFiles
{
    /// <summary>The reason <paramref name="path"/> cannot be read as a file, or null when it is a file.</summary>
    public static (string En, string Zh)? NotAFile(string path) =>
        File.Exists(path) ? null
        : Directory.Exists(path) ? ("it is a folder, not a file: name a file in it", "这是文件夹而不是文件：请指定其中的一个文件")
        : ("the file does not exist", "文件不存在");

    /// <summary>
    /// Why <paramref name="path"/> could not be read (<paramref name="ex"/>), in both languages: folder and
    /// missing file in each language's words, anything else the runtime's words quoted (<see cref="ForeignMessage"/>).
    /// </summary>
    public static (string En, string Zh) WhyUnreadable(string path, Exception ex) => NotAFile(path) ?? ForeignMessage.Quoted(ex);
}
