namespace PolicyRules.Input;

/// <summary>
/// How deep the structs, lists, sets and maps of a Thrift compact-protocol struct nest, found with a
/// stack of our own (no recursion), so a footer nested a million deep is measured, not followed.
/// </summary>
/// <remarks>
/// Parquet.Net (6.1) skips a field it does not know by calling itself for each element of a list, so
/// a footer of lists nested deep enough overflows the stack, which kills the process (a
/// <see cref="StackOverflowException"/> cannot be caught). A real footer (FileMetaData) nests fewer
/// than 10 levels.
/// </remarks>
internal static class ThriftNesting
{
    private const byte Stop = 0x00, BooleanTrue = 0x01, BooleanFalse = 0x02, Byte = 0x03, I16 = 0x04, I32 = 0x05, I64 = 0x06,
        Double = 0x07, Binary = 0x08, List = 0x09, Set = 0x0A, Map = 0x0B, Struct = 0x0C, Uuid = 0x0D;

    /// <summary>
    /// True when the struct encoded at the start of <paramref name="bytes"/> nests more than
    /// <paramref name="limit"/> levels deep (the struct itself is level 1). Bytes that are not Thrift
    /// (a value running past the end, an unknown type) end the measuring with false: the decoder reports them.
    /// </summary>
    public static bool NestsDeeperThan(ReadOnlySpan<byte> bytes, int limit)
    {
        var open = new Stack<Container>();
        open.Push(Container.OfStruct());
        var at = 0;
        while (open.Count > 0)
        {
            var top = open.Pop();
            byte type;
            if (top.IsStruct)
            {
                if (at >= bytes.Length)
                {
                    return false;
                }

                var header = bytes[at++];
                if (header == Stop)
                {
                    continue; // the struct ends
                }

                open.Push(top);
                type = (byte)(header & 0x0F);
                if (header >> 4 == 0 && !SkipVarint(bytes, ref at))
                {
                    return false; // the field id, written out when its delta does not fit the header
                }

                if (type is BooleanTrue or BooleanFalse)
                {
                    continue; // a struct's boolean is its header's type
                }
            }
            else
            {
                if (top.Remaining == 0)
                {
                    continue; // the list (set, map) ends
                }

                type = top.Next(out var rest);
                open.Push(rest);
            }

            switch (type)
            {
                case Struct:
                    open.Push(Container.OfStruct());
                    break;
                case List or Set:
                    if (!ReadListHeader(bytes, ref at, out var size, out var element))
                    {
                        return false;
                    }

                    open.Push(Container.OfList(size, element));
                    break;
                case Map:
                    if (!ReadMapHeader(bytes, ref at, out var entries, out var key, out var value))
                    {
                        return false;
                    }

                    open.Push(Container.OfMap(entries, key, value));
                    break;
                default:
                    if (!SkipValue(bytes, ref at, type))
                    {
                        return false;
                    }

                    continue;
            }

            if (open.Count > limit)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Skips a value that holds no other (a list's booleans are a byte each).</summary>
    private static bool SkipValue(ReadOnlySpan<byte> bytes, ref int at, byte type)
    {
        switch (type)
        {
            case BooleanTrue or BooleanFalse or Byte:
                at++;
                break;
            case I16 or I32 or I64:
                return SkipVarint(bytes, ref at);
            case Double:
                at += 8;
                break;
            case Uuid:
                at += 16;
                break;
            case Binary:
                if (!ReadVarint(bytes, ref at, out var length) || length > (ulong)(bytes.Length - at))
                {
                    return false;
                }

                at += (int)length;
                break;
            default:
                return false;
        }

        return at <= bytes.Length;
    }

    private static bool ReadListHeader(ReadOnlySpan<byte> bytes, ref int at, out ulong size, out byte element)
    {
        size = 0;
        element = 0;
        if (at >= bytes.Length)
        {
            return false;
        }

        var header = bytes[at++];
        element = (byte)(header & 0x0F);
        size = (ulong)(header >> 4);
        return size != 15 || ReadVarint(bytes, ref at, out size);
    }

    private static bool ReadMapHeader(ReadOnlySpan<byte> bytes, ref int at, out ulong entries, out byte key, out byte value)
    {
        key = value = 0;
        if (!ReadVarint(bytes, ref at, out entries))
        {
            return false;
        }

        if (entries == 0)
        {
            return true; // an empty map writes no types
        }

        if (at >= bytes.Length)
        {
            return false;
        }

        key = (byte)(bytes[at] >> 4);
        value = (byte)(bytes[at++] & 0x0F);
        return true;
    }

    private static bool SkipVarint(ReadOnlySpan<byte> bytes, ref int at) => ReadVarint(bytes, ref at, out _);

    private static bool ReadVarint(ReadOnlySpan<byte> bytes, ref int at, out ulong value)
    {
        value = 0;
        for (var shift = 0; at < bytes.Length; shift += 7)
        {
            var b = bytes[at++];
            if (shift < 64)
            {
                value |= (ulong)(b & 0x7F) << shift;
            }

            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A struct being read, or a list (set, map) with the elements it has left and their types.</summary>
    private readonly record struct Container(bool IsStruct, ulong Remaining, byte Element, byte Value, bool IsMap)
    {
        public static Container OfStruct() => new(true, 0, 0, 0, false);

        public static Container OfList(ulong size, byte element) => new(false, size, element, 0, false);

        /// <summary>A map's entries as one list of keys and values in turn (an even count left: a key is next).</summary>
        public static Container OfMap(ulong entries, byte key, byte value) => new(false, entries > ulong.MaxValue / 2 ? ulong.MaxValue - 1 : entries * 2, key, value, true);

        /// <summary>The type of the next element, and the container after it.</summary>
        public byte Next(out Container rest)
        {
            rest = this with { Remaining = Remaining - 1 };
            return IsMap && Remaining % 2 == 1 ? Value : Element;
        }
    }
}
