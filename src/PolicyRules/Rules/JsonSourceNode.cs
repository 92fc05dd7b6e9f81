using System.Text;
using System.Text.Json;

namespace PolicyRules.Rules;

/// <summary>
/// A JSON value with the byte span it came from, so every later check can point at the exact
/// token. System.Text.Json's DOM forgets positions; this small tree keeps them.
/// </summary>
internal sealed class JsonSourceNode
{
    private JsonSourceNode(JsonValueKind kind, int start, int end)
    {
        Kind = kind;
        Start = start;
        End = end;
    }

    public JsonValueKind Kind { get; }

    /// <summary>Byte offset of the first byte of the token (the opening quote for strings).</summary>
    public int Start { get; }

    /// <summary>Byte offset just past the token.</summary>
    public int End { get; private set; }

    public string? StringValue { get; private init; }

    /// <summary>The number's text exactly as written, so decimals stay exact.</summary>
    public string? NumberText { get; private init; }

    public bool BoolValue { get; private init; }

    public List<JsonSourceProperty> Properties { get; } = [];

    public List<JsonSourceNode> Items { get; } = [];

    public JsonSourceProperty? Property(string name) =>
        Properties.Find(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    public string Describe() => Kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => Kind.ToString(),
    };

    /// <summary>What the value is, in Chinese, as <see cref="Describe"/> says it in English.</summary>
    public string DescribeZh() => Kind switch
    {
        JsonValueKind.Object => "对象",
        JsonValueKind.Array => "数组",
        JsonValueKind.String => "字符串",
        JsonValueKind.Number => "数字",
        JsonValueKind.True or JsonValueKind.False => "布尔值",
        JsonValueKind.Null => "null",
        _ => Kind.ToString(),
    };

    /// <summary>Parses a whole document; throws <see cref="JsonException"/> with a line and byte position on bad JSON.</summary>
    /// <remarks>
    /// Positions are byte offsets in <paramref name="utf8"/>, a UTF-8 byte-order mark included. Every
    /// failure, invalid UTF-8 too, is a <see cref="JsonException"/> whose position is absolute when
    /// <see cref="JsonException.LineNumber"/> is 0.
    /// </remarks>
    public static JsonSourceNode Parse(byte[] utf8)
    {
        var offset = utf8.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var reader = new Utf8JsonReader(utf8.AsSpan(offset), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 });
        try
        {
            if (!reader.Read())
            {
                throw new JsonException("The file is empty.", null, 0, offset);
            }

            var root = ReadValue(ref reader, offset);
            if (reader.Read())
            {
                throw new JsonException("Unexpected content after the end of the JSON value.", null, 0, offset + reader.TokenStartIndex);
            }

            return root;
        }
        catch (JsonException ex) when (ex.LineNumber == 0 && offset > 0 && ex.Message != "The file is empty.")
        {
            throw new JsonException(Clean(ex.Message), null, 0, ex.BytePositionInLine + offset);
        }
        catch (JsonException ex)
        {
            throw new JsonException(Clean(ex.Message), null, ex.LineNumber, ex.BytePositionInLine);
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader reports invalid UTF-8 inside a string this way.
            throw new JsonException(ex.Message, null, 0, offset + reader.TokenStartIndex);
        }
    }

    /// <summary>Drops the reader's own " LineNumber: … | BytePositionInLine: …" suffix: we print positions ourselves.</summary>
    private static string Clean(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at >= 0 ? message[..at] : message;
    }

    private static JsonSourceNode ReadValue(ref Utf8JsonReader reader, int offset)
    {
        var start = offset + (int)reader.TokenStartIndex;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var node = new JsonSourceNode(JsonValueKind.Object, start, start);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var nameStart = offset + (int)reader.TokenStartIndex;
                    var name = reader.GetString()!;
                    var nameEnd = nameStart + TokenLength(ref reader);
                    reader.Read();
                    node.Properties.Add(new JsonSourceProperty(name, nameStart, nameEnd, ReadValue(ref reader, offset)));
                }

                node.End = offset + (int)reader.TokenStartIndex + 1;
                return node;
            }

            case JsonTokenType.StartArray:
            {
                var node = new JsonSourceNode(JsonValueKind.Array, start, start);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    node.Items.Add(ReadValue(ref reader, offset));
                }

                node.End = offset + (int)reader.TokenStartIndex + 1;
                return node;
            }

            case JsonTokenType.String:
                return new JsonSourceNode(JsonValueKind.String, start, start + TokenLength(ref reader)) { StringValue = reader.GetString() };
            case JsonTokenType.Number:
                return new JsonSourceNode(JsonValueKind.Number, start, start + TokenLength(ref reader))
                {
                    NumberText = Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan),
                };
            case JsonTokenType.True:
                return new JsonSourceNode(JsonValueKind.True, start, start + 4) { BoolValue = true };
            case JsonTokenType.False:
                return new JsonSourceNode(JsonValueKind.False, start, start + 5);
            case JsonTokenType.Null:
                return new JsonSourceNode(JsonValueKind.Null, start, start + 4);
            default:
                throw new JsonException($"Unexpected token {reader.TokenType}.", null, 0, offset + reader.TokenStartIndex);
        }
    }

    private static int TokenLength(ref Utf8JsonReader reader)
    {
        // ValueSpan excludes a string's quotes and holds escapes raw, so the raw length is span + 2.
        var length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        return reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName ? length + 2 : length;
    }
}

/// <summary>A property of a <see cref="JsonSourceNode"/> object, with the span of its name.</summary>
internal sealed record JsonSourceProperty(string Name, int NameStart, int NameEnd, JsonSourceNode Value);
