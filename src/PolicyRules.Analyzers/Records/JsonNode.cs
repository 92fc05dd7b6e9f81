using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace PolicyRules.Analyzers.Records;

/// <summary>
/// A JSON value with its character span in the file, so a problem is reported on its token. The
/// compiler host may not carry System.Text.Json, and this needs only objects, arrays and scalars.
/// </summary>
internal sealed class JsonNode
{
    private JsonNode(JsonKind kind, int start, int end, string? text, List<KeyValuePair<JsonNode, JsonNode>>? properties, List<JsonNode>? items)
    {
        Kind = kind;
        Start = start;
        End = end;
        Text = text;
        Properties = properties ?? [];
        Items = items ?? [];
    }

    public JsonKind Kind { get; }

    public int Start { get; }

    public int End { get; }

    /// <summary>A string's value, a number's literal text.</summary>
    public string? Text { get; }

    /// <summary>An object's members: key node (a string) and value, in file order.</summary>
    public List<KeyValuePair<JsonNode, JsonNode>> Properties { get; }

    public List<JsonNode> Items { get; }

    public JsonNode? Property(string name)
    {
        foreach (var property in Properties)
        {
            if (string.Equals(property.Key.Text, name, StringComparison.Ordinal))
            {
                return property.Value;
            }
        }

        return null;
    }

    /// <summary>Parses a whole document; on a syntax error returns null with its position and message.</summary>
    public static JsonNode? Parse(string text, out int errorAt, out string? error)
    {
        var parser = new Parser(text);
        try
        {
            parser.SkipSpace();
            if (parser.Position < text.Length && text[parser.Position] == '\uFEFF')
            {
                parser.Position++;
                parser.SkipSpace();
            }

            var value = parser.Value(0);
            parser.SkipSpace();
            if (parser.Position < text.Length)
            {
                throw new FormatException("text after the end of the document / 文档结束后仍有内容");
            }

            errorAt = 0;
            error = null;
            return value;
        }
        catch (FormatException ex)
        {
            errorAt = Math.Min(parser.Position, text.Length);
            error = ex.Message;
            return null;
        }
    }

    private sealed class Parser(string text)
    {
        private const int MaxDepth = 64; // a declaration is shallow; a hostile file may not be

        public int Position { get; set; }

        public void SkipSpace()
        {
            while (Position < text.Length && (text[Position] is ' ' or '\t' or '\r' or '\n'))
            {
                Position++;
            }
        }

        public JsonNode Value(int depth)
        {
            if (depth > MaxDepth)
            {
                throw new FormatException("nested too deeply / 嵌套层级过深");
            }

            SkipSpace();
            if (Position >= text.Length)
            {
                throw new FormatException("the document ends where a value was expected / 文档意外结束");
            }

            var start = Position;
            switch (text[Position])
            {
                case '{':
                    return Object(depth);
                case '[':
                    return Array(depth);
                case '"':
                    var value = String();
                    return new JsonNode(JsonKind.String, start, Position, value, null, null);
                case 't':
                    return Literal("true", JsonKind.True);
                case 'f':
                    return Literal("false", JsonKind.False);
                case 'n':
                    return Literal("null", JsonKind.Null);
                default:
                    return Number();
            }
        }

        private JsonNode Object(int depth)
        {
            var start = Position++;
            var properties = new List<KeyValuePair<JsonNode, JsonNode>>();
            SkipSpace();
            if (Peek() == '}')
            {
                Position++;
                return new JsonNode(JsonKind.Object, start, Position, null, properties, null);
            }

            while (true)
            {
                SkipSpace();
                if (Peek() != '"')
                {
                    throw new FormatException("expected a property name in double quotes / 此处应为带双引号的属性名");
                }

                var keyStart = Position;
                var key = String();
                var keyNode = new JsonNode(JsonKind.String, keyStart, Position, key, null, null);
                SkipSpace();
                Expect(':');
                properties.Add(new KeyValuePair<JsonNode, JsonNode>(keyNode, Value(depth + 1)));
                SkipSpace();
                if (Peek() == ',')
                {
                    Position++;
                    continue;
                }

                Expect('}');
                return new JsonNode(JsonKind.Object, start, Position, null, properties, null);
            }
        }

        private JsonNode Array(int depth)
        {
            var start = Position++;
            var items = new List<JsonNode>();
            SkipSpace();
            if (Peek() == ']')
            {
                Position++;
                return new JsonNode(JsonKind.Array, start, Position, null, null, items);
            }

            while (true)
            {
                items.Add(Value(depth + 1));
                SkipSpace();
                if (Peek() == ',')
                {
                    Position++;
                    continue;
                }

                Expect(']');
                return new JsonNode(JsonKind.Array, start, Position, null, null, items);
            }
        }

        private string String()
        {
            Position++; // opening quote
            var value = new StringBuilder();
            while (true)
            {
                if (Position >= text.Length)
                {
                    throw new FormatException("a string is not closed / 字符串缺少结束引号");
                }

                var c = text[Position++];
                if (c == '"')
                {
                    return value.ToString();
                }

                if (c < ' ')
                {
                    Position--;
                    throw new FormatException("a control character inside a string / 字符串中含控制字符");
                }

                if (c != '\\')
                {
                    value.Append(c);
                    continue;
                }

                var escape = Peek();
                Position++;
                switch (escape)
                {
                    case '"': value.Append('"'); break;
                    case '\\': value.Append('\\'); break;
                    case '/': value.Append('/'); break;
                    case 'b': value.Append('\b'); break;
                    case 'f': value.Append('\f'); break;
                    case 'n': value.Append('\n'); break;
                    case 'r': value.Append('\r'); break;
                    case 't': value.Append('\t'); break;
                    case 'u' when Position + 4 <= text.Length
                        && int.TryParse(text.Substring(Position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                        value.Append((char)code);
                        Position += 4;
                        break;
                    default:
                        Position--;
                        throw new FormatException("an invalid escape in a string / 字符串中的转义无效");
                }
            }
        }

        private JsonNode Number()
        {
            var start = Position;
            if (Peek() == '-')
            {
                Position++;
            }

            var digits = Position;
            while (Position < text.Length && (char.IsDigit(text[Position]) || text[Position] is '.' or 'e' or 'E' or '+' or '-'))
            {
                Position++;
            }

            var literal = text.Substring(start, Position - start);
            if (Position == digits || !double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                Position = start;
                throw new FormatException("expected a value (object, array, string, number, true, false or null) / 此处应为一个值");
            }

            return new JsonNode(JsonKind.Number, start, Position, literal, null, null);
        }

        private JsonNode Literal(string word, JsonKind kind)
        {
            var start = Position;
            if (string.CompareOrdinal(text, Position, word, 0, word.Length) != 0)
            {
                throw new FormatException("expected a value (object, array, string, number, true, false or null) / 此处应为一个值");
            }

            Position += word.Length;
            return new JsonNode(kind, start, Position, null, null, null);
        }

        private char Peek() => Position < text.Length ? text[Position] : '\0';

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw new FormatException($"expected '{c}' / 此处应为 '{c}'");
            }

            Position++;
        }
    }
}

internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}
