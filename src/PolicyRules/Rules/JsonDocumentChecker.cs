using System.Globalization;
using System.Text.Json;

namespace PolicyRules.Rules;

/// <summary>
/// The checks every JSON document of ours beside the rule files shares (plan targets, reforms):
/// reading the file within a size limit, parsing with positions, and checking keys and values with
/// every problem collected at its line and column, in both languages.
/// </summary>
internal abstract class JsonDocumentChecker(SourceText source)
{
    /// <summary>The largest such file read (the rule files' limit).</summary>
    public const long MaxFileBytes = 4L * 1024 * 1024;

    protected SourceText Source => source;

    public List<RuleDiagnostic> Diagnostics { get; } = [];

    /// <summary>Reads and parses a file; throws <see cref="RuleLoadException"/> naming the file (and the line and column of bad JSON).</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file is, e.g. "targets file", for the messages.</param>
    /// <param name="whatZh">The same in Chinese.</param>
    public static (SourceText Source, JsonSourceNode Root) Load(string path, string what, string whatZh)
    {
        byte[] utf8;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileBytes)
            {
                throw Fail(DiagnosticIds.UnreadableFile, SourceLocation.FileOnly(path),
                    string.Create(CultureInfo.InvariantCulture, $"The {what} is {info.Length:N0} bytes; at most {MaxFileBytes:N0} are read. / {whatZh}过大（{info.Length:N0} 字节，上限 {MaxFileBytes:N0}）。"));
            }

            // Bounded too when the length lies (a device such as /dev/zero, a pipe, a file growing while
            // read): File.ReadAllBytes read those to an OutOfMemoryException.
            // The reader says "the reform file is larger…": the kind without its own "file".
            var kind = $"{(what.EndsWith(" file", StringComparison.Ordinal) ? what[..^5] : what)} / {(whatZh.EndsWith("文件", StringComparison.Ordinal) ? whatZh[..^2] : whatZh)}";
            utf8 = Input.ProfileJsonReader.ReadBounded(path, (int)MaxFileBytes, kind);
        }
        catch (Input.ProfileInputException ex)
        {
            // The reason is "English / 中文" already: each half takes its own.
            var reason = ex.Errors[0].Reason;
            var (en, zh) = Input.InputErrorText.Split(reason) ?? (reason, reason);
            (en, zh) = (Unprefixed(en, "cannot be read: "), Unprefixed(zh, "无法读取文件：")); // said once, below
            throw Fail(DiagnosticIds.UnreadableFile, SourceLocation.FileOnly(path), $"The {what} cannot be read: {en} / {whatZh}无法读取：{zh}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var (en, zh) = Input.InputFiles.WhyUnreadable(path, ex);
            throw Fail(DiagnosticIds.UnreadableFile, SourceLocation.FileOnly(path), $"The {what} cannot be read: {en} / {whatZh}无法读取：{zh}");
        }

        return Parse(path, utf8);
    }

    internal static string Unprefixed(string text, string prefix) => text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text;

    /// <summary>Parses a document already in memory (an embedded resource); throws <see cref="RuleLoadException"/> at the line and column of bad JSON.</summary>
    public static (SourceText Source, JsonSourceNode Root) Parse(string path, byte[] utf8)
    {
        var original = utf8;
        utf8 = SourceText.FromUtf16(utf8);
        var source = new SourceText(path, utf8);
        if (SourceText.Utf16Replacement(original, utf8, loneOnly: false) is var replaced and >= 0)
        {
            throw Fail(DiagnosticIds.InvalidJson, source.Location(replaced, replaced + 3), JsonErrorText.Utf16Replacement);
        }

        try
        {
            return (source, JsonSourceNode.Parse(utf8));
        }
        catch (JsonException ex)
        {
            throw Fail(DiagnosticIds.InvalidJson, source.Location(ex), JsonErrorText.InvalidJson(ex.Message));
        }
    }

    private static RuleLoadException Fail(string id, SourceLocation location, string message) =>
        new([new RuleDiagnostic(id, DiagnosticSeverity.Error, message, location)]);

    protected bool Object(JsonSourceNode node, string[] keys, Noun what)
    {
        if (node.Kind != JsonValueKind.Object)
        {
            Error(DiagnosticIds.SchemaViolation, node, $"{what.En} is a JSON object, not {node.Describe()} / {what.Zh}应为 JSON 对象，而不是{node.DescribeZh()}");
            return false;
        }

        var ok = true;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in node.Properties)
        {
            if (!seen.Add(property.Name))
            {
                ok = false;
                Error(DiagnosticIds.SchemaViolation, property, $"\"{property.Name}\" appears twice in {what.En} / \"{property.Name}\" 在{what.Zh}中重复出现");
            }
            else if (Array.IndexOf(keys, property.Name) < 0)
            {
                ok = false;
                var message = Suggest.UnknownProperty(property.Name, keys, what, out _);
                Error(DiagnosticIds.SchemaViolation, property, message);
            }
        }

        return ok;
    }

    protected JsonSourceNode? Required(JsonSourceNode node, string key)
    {
        if (node.Property(key) is { } property)
        {
            return property.Value;
        }

        Error(DiagnosticIds.SchemaViolation, node, $"\"{key}\" is missing / 缺少 \"{key}\"");
        return null;
    }

    protected string? RequiredString(JsonSourceNode node, string key)
    {
        if (Required(node, key) is not { } value)
        {
            return null;
        }

        if (value.Kind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.StringValue))
        {
            Error(DiagnosticIds.SchemaViolation, value, $"\"{key}\" must be a non-empty string, not {value.Describe()} / \"{key}\" 须为非空字符串，而不是{value.DescribeZh()}");
            return null;
        }

        return value.StringValue;
    }

    protected string? OptionalString(JsonSourceNode node, string key) =>
        node.Property(key) is null ? null : RequiredString(node, key);

    protected bool Boolean(JsonSourceNode node, string key)
    {
        if (node.Property(key)?.Value is not { } value)
        {
            return false;
        }

        if (value.Kind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Error(DiagnosticIds.SchemaViolation, value, $"\"{key}\" must be true or false, not {value.Describe()} / \"{key}\" 须为 true 或 false，而不是{value.DescribeZh()}");
        }

        return value.BoolValue;
    }

    protected int? Integer(JsonSourceNode node, string key, int min, int max)
    {
        if (Required(node, key) is not { } value)
        {
            return null;
        }

        if (value.Kind != JsonValueKind.Number || !int.TryParse(value.NumberText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            Error(DiagnosticIds.SchemaViolation, value, $"\"{key}\" must be a whole number from {min} to {max}, not {value.NumberText ?? value.Describe()} / \"{key}\" 须为 {min} 至 {max} 的整数，而不是 {value.NumberText ?? value.DescribeZh()}");
            return null;
        }

        return number;
    }

    protected void Error(string id, JsonSourceNode node, string message) =>
        Diagnostics.Add(new RuleDiagnostic(id, DiagnosticSeverity.Error, message, Source.Location(node.Start, node.End)));

    protected void Error(string id, JsonSourceProperty property, string message) =>
        Diagnostics.Add(new RuleDiagnostic(id, DiagnosticSeverity.Error, message, Source.Location(property.NameStart, property.NameEnd)));
}
