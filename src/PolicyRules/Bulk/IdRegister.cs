using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Unicode;

namespace PolicyRules.Bulk;

/// <summary>
/// The ids a bulk run has accepted, each with the row that first had it, so a later row with the
/// same id can be rejected naming that row: the input contract makes <c>id</c> a unique key, and a
/// record screened twice would be ranked twice by a population programme and counted twice by the
/// summary and the targets.
/// </summary>
/// <remarks>
/// Exact (ids are compared byte for byte, never by hash alone) and small in memory, since it is the one
/// part of a run that grows with the input: each id is written once, as UTF-8 with its row, to an
/// <see cref="IdLog"/> (a temporary file past its first 64 KiB), and the register keeps in memory only
/// an open-addressing table of 8-byte slots, each the entry's position and 24 bits of its hash — 16 MB
/// at a million ids. A lookup reads an entry back only when those 24 bits match (the same id, or one
/// chance in 16 million a slot). The hash is <see cref="HashCode"/>'s, seeded afresh in every process,
/// so no input can be made to collide on purpose.
/// </remarks>
internal sealed class IdRegister : IDisposable
{
    private const int TagBits = 24;
    private const ulong TagMask = (1UL << TagBits) - 1;
    private const long MaxPosition = (1L << (64 - TagBits)) - 2; // a slot holds position + 1 above the tag

    private readonly IdLog _log;
    private ulong[] _slots = new ulong[1 << 10]; // 0 = empty; else (entry position + 1) << TagBits | hash tag
    private int _count;
    private byte[] _scratch = new byte[64];
    private byte[] _entry = new byte[64];

    /// <summary>A register keeping its ids in a temporary file in the system's temporary folder (memory where it cannot).</summary>
    public IdRegister()
        : this(new IdLog(Path.GetTempPath()))
    {
    }

    /// <summary>
    /// As <see cref="IdRegister()"/>, its table sized for <paramref name="expected"/> ids (a caller that
    /// counted the rows first), so that it does not grow — reading every id back from the log — while
    /// they come: up to <see cref="MaxPresizedSlots"/> slots (32 MB), beyond which it grows as ids come.
    /// </summary>
    public IdRegister(long expected)
        : this()
    {
        var slots = _slots.Length;
        while (slots < MaxPresizedSlots && (long)slots / 4 * 3 < expected)
        {
            slots *= 2;
        }

        _slots = new ulong[slots];
    }

    /// <summary>The largest table a register starts with (4 Mi slots, three million ids).</summary>
    internal const int MaxPresizedSlots = 1 << 22;

    /// <summary>A register keeping its ids in <paramref name="log"/>, which it then owns.</summary>
    internal IdRegister(IdLog log) => _log = log;

    /// <summary>Ids registered.</summary>
    public int Count => _count;

    /// <summary>The register's ids in memory alone (for profiles a caller already holds in memory).</summary>
    public static IdRegister InMemory() => new(new IdLog(spillFolder: null));

    /// <summary>
    /// Registers <paramref name="id"/> as first had by <paramref name="row"/> and returns 0; when an
    /// earlier row registered it, returns that row and registers nothing. Spaces around an id do not
    /// count (<c>" A1 "</c> is <c>A1</c>), as the SQL engines trim every id; case and every other
    /// character do.
    /// </summary>
    public int FirstRow(string id, int row)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(row);
        var bytes = Encode(id);
        var hash = Hash(bytes);
        var mask = _slots.Length - 1;
        for (var i = Bucket(hash, _slots.Length); ; i = (i + 1) & mask)
        {
            var slot = _slots[i];
            if (slot == 0)
            {
                _slots[i] = Store(bytes, row, hash);
                if (++_count > _slots.Length / 4 * 3)
                {
                    Grow();
                }

                return 0;
            }

            if ((slot & TagMask) == (hash & TagMask) && Read(slot, out var first).SequenceEqual(bytes))
            {
                return first;
            }
        }
    }

    public void Dispose() => _log.Dispose();

    /// <summary>
    /// The id's bytes, spaces around it left out: UTF-8, or, for an id holding a lone surrogate (which UTF-8 cannot carry, and
    /// a replacement character would make equal to another), 0xFF and its UTF-16 code units: 0xFF
    /// never occurs in UTF-8, so the two forms never meet.
    /// </summary>
    private ReadOnlySpan<byte> Encode(string text)
    {
        var id = text.AsSpan().Trim(' ');
        var needed = checked((id.Length * 3) + 1); // UTF-8 takes at most 3 bytes a UTF-16 unit
        if (needed > _scratch.Length)
        {
            _scratch = new byte[Math.Max(needed, _scratch.Length * 2)];
        }

        if (Utf8.FromUtf16(id, _scratch, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done)
        {
            return _scratch.AsSpan(0, written);
        }

        _scratch[0] = 0xFF;
        MemoryMarshal.AsBytes(id).CopyTo(_scratch.AsSpan(1));
        return _scratch.AsSpan(0, 1 + (id.Length * 2));
    }

    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = default(HashCode);
        hash.AddBytes(bytes);
        return (uint)hash.ToHashCode();
    }

    /// <summary>The slot to start from: the hash's high bits, mixed, so the tag's low bits are not the bucket's.</summary>
    private static int Bucket(uint hash, int capacity) =>
        (int)((hash * 0x9E3779B9u) >> (32 - System.Numerics.BitOperations.Log2((uint)capacity)));

    /// <summary>Appends the entry (row, length, bytes) to the log; returns its slot value.</summary>
    private ulong Store(ReadOnlySpan<byte> bytes, int row, uint hash)
    {
        var header = VarIntSize((uint)row) + VarIntSize((uint)bytes.Length);
        var size = header + bytes.Length;
        if (size > _entry.Length)
        {
            _entry = new byte[Math.Max(size, _entry.Length * 2)];
        }

        var at = WriteVarInt(_entry, 0, (uint)row);
        WriteVarInt(_entry, at, (uint)bytes.Length);
        bytes.CopyTo(_entry.AsSpan(header));
        var position = _log.Append(_entry.AsSpan(0, size));
        if (position > MaxPosition)
        {
            throw new InvalidOperationException("Over 1 TB of ids: more than a slot can address. / id 超过 1 TB，超出槽位可寻址的范围。");
        }

        return ((ulong)(position + 1) << TagBits) | (hash & TagMask);
    }

    /// <summary>The entry a slot points to: its id's bytes (valid until the next read) and its row.</summary>
    private ReadOnlySpan<byte> Read(ulong slot, out int row)
    {
        var position = (long)(slot >> TagBits) - 1;
        var head = _entry.AsSpan(0, (int)Math.Min(10, _log.Length - position)); // two variable-length numbers of at most 5 bytes
        _log.Read(position, head);
        var at = ReadVarInt(head, 0, out var first);
        at = ReadVarInt(head, at, out var length);
        row = (int)first;
        if (length > _entry.Length)
        {
            _entry = new byte[Math.Max((int)length, _entry.Length * 2)];
        }

        var bytes = _entry.AsSpan(0, (int)length);
        _log.Read(position + at, bytes);
        return bytes;
    }

    /// <summary>
    /// Doubles the table, placing each entry again by the hash of its bytes (no id is decoded). The
    /// entries are read back from the log in the order they were written — in sequence, in blocks,
    /// not in the table's scattered order.
    /// </summary>
    private void Grow()
    {
        _slots = new ulong[_slots.Length * 2];
        var mask = _slots.Length - 1;
        var block = new byte[IdLog.TailSize];
        var length = _log.Length;
        for (long start = 0; start < length;)
        {
            var filled = block.AsSpan(0, (int)Math.Min(block.Length, length - start));
            _log.Read(start, filled);
            var at = 0;
            while (at < filled.Length && TryEntry(filled[at..], out var header, out var idLength))
            {
                var hash = Hash(filled.Slice(at + header, idLength));
                var i = Bucket(hash, _slots.Length);
                while (_slots[i] != 0)
                {
                    i = (i + 1) & mask;
                }

                _slots[i] = ((ulong)(start + at + 1) << TagBits) | (hash & TagMask);
                at += header + idLength;
            }

            if (at == 0)
            {
                // One entry longer than the block: a block its size.
                TryHeader(filled, out var header, out var idLength);
                block = new byte[header + idLength];
            }

            start += at;
        }
    }

    /// <summary>Whether <paramref name="bytes"/> start with a whole entry; its header's and id's lengths.</summary>
    private static bool TryEntry(ReadOnlySpan<byte> bytes, out int header, out int idLength) =>
        TryHeader(bytes, out header, out idLength) && header + idLength <= bytes.Length;

    private static bool TryHeader(ReadOnlySpan<byte> bytes, out int header, out int idLength)
    {
        header = idLength = 0;
        if (!TryReadVarInt(bytes, 0, out var at, out _) || !TryReadVarInt(bytes, at, out at, out var length))
        {
            return false;
        }

        header = at;
        idLength = (int)length;
        return true;
    }

    private static int VarIntSize(uint value) => value < 1u << 7 ? 1 : value < 1u << 14 ? 2 : value < 1u << 21 ? 3 : value < 1u << 28 ? 4 : 5;

    private static int WriteVarInt(byte[] buffer, int at, uint value)
    {
        while (value >= 0x80)
        {
            buffer[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[at++] = (byte)value;
        return at;
    }

    private static int ReadVarInt(ReadOnlySpan<byte> buffer, int at, out uint value) =>
        TryReadVarInt(buffer, at, out var end, out value) ? end : throw new InvalidOperationException("A damaged id entry. / id 条目已损坏。");

    private static bool TryReadVarInt(ReadOnlySpan<byte> buffer, int at, out int end, out uint value)
    {
        value = 0;
        for (var shift = 0; at < buffer.Length && shift < 35; shift += 7)
        {
            var b = buffer[at++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                end = at;
                return true;
            }
        }

        end = at;
        return false;
    }
}
