using System.Text.Json;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Input;

/// <summary>
/// Reads one enterprise profile from JSON: an object whose properties are the contract field names
/// (camelCase). Numbers are read from their exact text, so money stays exact. Errors name the line
/// and column of the offending token.
/// </summary>
public static class ProfileJsonReader
{
    /// <summary>Reads a profile file.</summary>
    /// <param name="path">The JSON file.</param>
    /// <param name="required">Fields that must be present and non-null (those the programme reads; <c>id</c> is always needed).</param>
    /// <exception cref="ProfileInputException">The file is unreadable, not JSON, or has bad, unknown, removed (the error names the replacement) or missing values.</exception>
    public static EnterpriseProfile ReadFile(string path, FieldSet required) =>
        (EnterpriseProfile)ReadFile(path, RecordSchema.Enterprise, required);

    /// <summary>
    /// The largest profile accepted, in bytes (1 MiB): one record is a few kilobytes, and a larger
    /// file is refused with a clear error before it is read rather than exhausting memory.
    /// </summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Reads a record file of <paramref name="schema"/> (an enterprise or a person profile).</summary>
    /// <exception cref="ProfileInputException">The file is unreadable, larger than <see cref="MaxFileBytes"/>, not JSON, or has bad, unknown, removed (the error names the replacement) or missing values.</exception>
    public static object ReadFile(string path, RecordSchema schema, FieldSet required) =>
        Read(path, ReadBounded(path, MaxFileBytes, "profile / 画像"), schema, required);

    /// <summary>
    /// A file's bytes, at most <paramref name="limit"/> of them: a larger file (or an endless one, such
    /// as a device or a pipe, whose length is unknown) is an error naming the limit, never an
    /// <see cref="OutOfMemoryException"/>.
    /// </summary>
    internal static byte[] ReadBounded(string path, int limit, string what)
    {
        try
        {
            using var file = InputFiles.OpenToRead(path, 1, FileOptions.SequentialScan) ?? throw new ProfileInputException([new InputError(path, 0, 0, "(file)",
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"cannot be read: it did not open within {InputFiles.OpenWait.TotalSeconds:0} s (a pipe nothing writes to) / 无法读取文件：{InputFiles.OpenWait.TotalSeconds:0} 秒内未能打开（无程序写入的管道）"))]);
            if (file.CanSeek && file.Length > limit)
            {
                throw TooLarge(path, limit, what, file.Length);
            }

            var buffer = new byte[Math.Min(limit + 1, file.CanSeek && file.Length > 0 ? (int)file.Length + 1 : 64 * 1024)];
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        throw TooLarge(path, limit, what, null);
                    }

                    Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limit + 1L));
                }

                var read = file.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    return length == buffer.Length ? buffer : buffer[..length];
                }

                length += read;
                if (length > limit)
                {
                    throw TooLarge(path, limit, what, null);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var (en, zh) = InputFiles.WhyUnreadable(path, ex);
            throw new ProfileInputException([new InputError(path, 0, 0, "(file)", $"cannot be read: {en} / 无法读取文件：{zh}")]);
        }
    }

    private static ProfileInputException TooLarge(string path, int limit, string what, long? length)
    {
        // what is itself "English / 中文" ("rule / 规则"): each half of the message takes its own.
        var split = what.IndexOf(" / ", StringComparison.Ordinal);
        var (whatEn, whatZh) = split < 0 ? (what, what) : (what[..split], what[(split + 3)..]);
        return new([new InputError(path, 0, 0, "(file)", length is { } size
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the {whatEn} file is {size:N0} bytes; the limit is {limit:N0} / {whatZh}文件为 {size:N0} 字节，超过上限 {limit:N0} 字节")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the {whatEn} file is larger than the limit of {limit:N0} bytes / {whatZh}文件超过上限 {limit:N0} 字节"))]);
    }

    /// <summary>Reads profile JSON; <paramref name="sourceName"/> names it in errors.</summary>
    public static EnterpriseProfile Read(string sourceName, byte[] utf8, FieldSet required) =>
        (EnterpriseProfile)Read(sourceName, utf8, RecordSchema.Enterprise, required);

    /// <summary>Reads a record of <paramref name="schema"/> from JSON; <paramref name="sourceName"/> names it in errors.</summary>
    public static object Read(string sourceName, byte[] utf8, RecordSchema schema, FieldSet required)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(utf8);
        if (utf8.Length > MaxFileBytes)
        {
            throw TooLarge(sourceName, MaxFileBytes, "profile / 画像", utf8.Length);
        }

        var source = new SourceText(sourceName, SourceText.FromUtf16(utf8));
        if (SourceText.Utf16Replacement(utf8, source.Utf8, loneOnly: true) is var half and >= 0)
        {
            throw new ProfileInputException([Error(source, half, "(json)",
                "the file is UTF-16 and holds half a character here (a lone surrogate, which no text has): it would be read as U+FFFD. Save the file again as UTF-8 or UTF-16 from the program that made it / " +
                "文件为 UTF-16 编码，此处有被截断的半个字符（孤立代理项，不是任何文本），读取时会变成 U+FFFD。请用生成该文件的程序重新另存为 UTF-8 或 UTF-16")]);
        }

        var root = Parse(source, "(json)");

        if (root.Kind != JsonValueKind.Object)
        {
            throw new ProfileInputException([Error(source, root, "(json)", $"a profile is a JSON object, not {root.Describe()} / 画像应为 JSON 对象，而不是{root.DescribeZh()}")]);
        }

        required = required.With(schema.IdField);
        var profile = schema.Create();
        var errors = new List<InputError>();
        var present = FieldSet.Empty;
        var nulls = new Dictionary<ProfileField, JsonSourceNode>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.Properties)
        {
            if (!seen.Add(property.Name))
            {
                errors.Add(Error(source, property.NameStart, property.Name, "the property appears twice / 属性重复"));
                continue;
            }

            if (schema.TryGetRetired(property.Name, out var retired))
            {
                errors.Add(Error(source, property.NameStart, property.Name, retired));
                continue;
            }

            if (!schema.TryGetField(property.Name, out var field))
            {
                var suggestion = Suggest.Closest(property.Name, schema.Fields.Select(f => f.Name));
                errors.Add(Error(source, property.NameStart, property.Name,
                    $"'{property.Name}' is not a profile field{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} / '{property.Name}' 不是画像字段{(suggestion is null ? "" : $"，是否应为 '{suggestion}'？")}"));
                continue;
            }

            var value = property.Value;
            var text = value.Kind switch
            {
                JsonValueKind.String => value.StringValue,
                JsonValueKind.Number => Plain(value.NumberText!),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
            if (value.Kind == JsonValueKind.Null)
            {
                nulls[field] = value; // missing: an error below if the programme needs it
                continue;
            }

            var wantsString = field.Kind is FieldKind.Text or FieldKind.Date or FieldKind.Industry or FieldKind.Choice;
            if (text is null || (value.Kind == JsonValueKind.String) != wantsString)
            {
                errors.Add(Error(source, value, field.Name, $"expected {Expected(field.Kind)}, not {value.Describe()} / 值的类型错误：应为{ExpectedZh(field.Kind)}，而不是{value.DescribeZh()}"));
                continue;
            }

            if (schema.TryAssign(profile, field, text) is { } reason)
            {
                errors.Add(Error(source, value, field.Name, reason));
                continue;
            }

            present = present.With(field);
        }

        foreach (var field in schema.FieldsIn(required))
        {
            if (!present.Contains(field) && !errors.Exists(e => e.Column == field.Name))
            {
                errors.Add(Error(source, nulls.GetValueOrDefault(field) ?? root, field.Name, "missing: the programme needs this field, and a missing value is not a zero / 缺少必需字段，缺失值不视为零"));
            }
        }

        return errors.Count == 0 ? profile : throw new ProfileInputException(errors);
    }

    /// <summary>Parses JSON input keeping positions; malformed JSON is a <see cref="ProfileInputException"/> at its line and column.</summary>
    internal static JsonSourceNode Parse(SourceText source, string column)
    {
        try
        {
            return JsonSourceNode.Parse(source.Utf8);
        }
        catch (JsonException ex)
        {
            var at = source.Location(ex);
            // JSON is UTF-8 (RFC 8259); a profile saved by a Chinese editor may be GB18030: say so.
            var utf8 = System.Text.Unicode.Utf8.IsValid(source.Utf8);
            var (hintEn, hintZh) = utf8 ? ("", "")
                : (" — the file is not valid UTF-8 (saved as GB18030/GBK?); JSON must be saved as UTF-8", "——文件不是有效的 UTF-8（可能为 GB18030/GBK），JSON 须保存为 UTF-8");
            var (en, zh) = Rules.JsonErrorText.Halves(ex.Message);
            throw new ProfileInputException([new InputError(source.Path, at.Line, at.Line, column, $"invalid JSON (line {at.Line}, column {at.Column}): {en}{hintEn} / JSON 格式错误（第 {at.Line} 行第 {at.Column} 列）：{zh}{hintZh}")]);
        }
    }

    /// <summary>
    /// JSON allows exponents (4.8E7); the contract's parsers take plain decimals, so the exponent is
    /// applied to the digits as text — exactly, so that 1E-30 stays a number too small to hold (and is
    /// refused) rather than becoming 0. An exponent beyond ±64 leaves the text as it is (refused).
    /// </summary>
    internal static string Plain(string number)
    {
        var e = number.AsSpan().IndexOfAny('e', 'E');
        if (e < 0 || !int.TryParse(number.AsSpan(e + 1), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var exponent)
            || exponent is < -64 or > 64) // not Math.Abs: it throws on int.MinValue (1e-2147483648)
        {
            return number;
        }

        var mantissa = number[..e];
        var negative = mantissa.StartsWith('-');
        var unsigned = negative ? mantissa[1..] : mantissa;
        var point = unsigned.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? unsigned : unsigned.Remove(point, 1);
        var pointAt = (point < 0 ? unsigned.Length : point) + exponent;
        if (pointAt <= 0)
        {
            digits = new string('0', 1 - pointAt) + digits;
            pointAt = 1;
        }
        else if (pointAt > digits.Length)
        {
            digits += new string('0', pointAt - digits.Length);
        }

        var plain = pointAt == digits.Length ? digits : digits[..pointAt] + "." + digits[pointAt..];
        return negative ? "-" + plain : plain;
    }

    private static string ExpectedZh(FieldKind kind) => kind switch
    {
        FieldKind.Boolean => " true 或 false",
        FieldKind.Count => "整数",
        FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent => "数字",
        _ => "字符串",
    };

    private static string Expected(FieldKind kind) => kind switch
    {
        FieldKind.Boolean => "true or false",
        FieldKind.Count => "a whole number",
        FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent or FieldKind.Number => "a number",
        _ => "a string",
    };

    private static InputError Error(SourceText source, JsonSourceNode node, string column, string reason) =>
        Error(source, node.Start, column, reason);

    private static InputError Error(SourceText source, int byteOffset, string column, string reason)
    {
        var (line, col) = source.Position(byteOffset);
        // Every reason here is "English / 中文": the position goes into each half, in its language.
        return new InputError(source.Path, line, line, column, InputErrorText.Split(reason) is var (en, zh)
            ? $"{en} (line {line}, column {col}) / {zh}（第 {line} 行第 {col} 列）"
            : $"{reason} (line {line}, column {col}) / {reason}（第 {line} 行第 {col} 列）");
    }
}
