using System.CommandLine;

namespace PolicyRules.Cli;

/// <summary>
/// The one vocabulary of the command line: <c>--programme</c> for one programme, <c>--programmes</c>
/// for a list, <c>--profile</c> for one record's JSON file, <c>--rules</c> for rules folders. The
/// other spellings users type (<c>--program</c>, <c>--programs</c>, the singular for the plural and
/// back, <c>--input</c> for evaluate's profile) keep working, with a hint on standard error naming
/// the one the documentation uses, so scripts written against either spelling still run.
/// </summary>
internal static class Vocabulary
{
    /// <summary>The folder <c>lint</c> and <c>test</c> read without <c>--rules</c>: a rule author's own <c>./rules</c>.</summary>
    public const string AuthorRulesFolder = "rules";

    /// <summary>A comma-separated list of programmes (screen, simulate, sql).</summary>
    public static Option<string?> Programmes(string description) => new("--programmes", "--programs", "--programme", "--program")
    {
        Description = description,
    };

    /// <summary>One programme (evaluate, gap).</summary>
    public static Option<string> Programme() => new("--programme", "--program", "--programmes", "--programs")
    {
        Description = "Programme name, such as HighTechEnterprise. / 项目名称，如 HighTechEnterprise",
        Required = true,
    };

    /// <summary>The value of a <see cref="Programmes(string)"/> option, hinting at its spelling first.</summary>
    public static string? Programmes(ParseResult parse, Option<string?> option, TextWriter stderr)
    {
        HintSpelling(parse, option, stderr);
        return parse.GetValue(option);
    }

    /// <summary>
    /// Writes a hint to <paramref name="stderr"/> when <paramref name="option"/> was given by another
    /// spelling than its name; the value is used all the same.
    /// </summary>
    public static void HintSpelling(ParseResult parse, Option option, TextWriter stderr)
    {
        if (parse.GetResult(option)?.IdentifierToken?.Value is { } used && used != option.Name)
        {
            stderr.WriteLine($"Hint: {used} is read as {option.Name}, the spelling policyrules uses on every command. / 提示：{used} 按 {option.Name} 处理，各 policyrules 命令统一使用 {option.Name}。");
        }
    }
}
