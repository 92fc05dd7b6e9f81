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
/// Exact (ids are compared byte for byte, never by hash alone) and compact, since it is the one part
/// of a run that grows with the input: each id is kept once as UTF-8 with its row in 1 MiB chunks
/// (which grow without copying), and an open-addressing table of 8-byte slots points into them —
/// ~39 MB live at a million 18-character ids, some 40–50 bytes an id with the table's growth. The hash is
/// <see cref="HashCode"/>'s, seeded afresh in every process, so no input can be made to collide on purpose.
/// </remarks>
internal sealed class IdRegister
{
    private const int ChunkBits = 20;
    private const int ChunkSize = 1 << ChunkBits;
    private const int TagBits = 24;
    private const ulong TagMask = (1UL << TagBits) - 1;

    private readonly List<byte[]> _chunks = [];
    private readonly List<int> _chunkLengths = []; // bytes used in each chunk but the last (_chunkUsed)
    private int _chunkUsed = ChunkSize; // no chunk yet: the first entry opens one
    private ulong[] _slots = new ulong[1 << 10]; // 0 = empty; else (entry position + 1) << TagBits | hash tag
    private int _count;
    private byte[] _scratch = new byte[64];

    /// <summary>Ids registered.</summary>
    public int Count => _count;

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

    /// <summary>Appends the entry (row, length, bytes) to the chunks; returns its slot value.</summary>
    private ulong Store(ReadOnlySpan<byte> bytes, int row, uint hash)
    {
        var size = VarIntSize((uint)row) + VarIntSize((uint)bytes.Length) + bytes.Length;
        if (_chunkUsed + size > (_chunks.Count == 0 ? 0 : _chunks[^1].Length))
        {
            if (_chunks.Count > 0)
            {
                _chunkLengths.Add(_chunkUsed);
            }

            _chunks.Add(new byte[Math.Max(size, ChunkSize)]); // an id longer than a chunk has one of its own
            _chunkUsed = 0;
        }

        var chunk = _chunks[^1];
        var position = ((ulong)(_chunks.Count - 1) << ChunkBits) | (uint)_chunkUsed;
        var at = WriteVarInt(chunk, _chunkUsed, (uint)row);
        at = WriteVarInt(chunk, at, (uint)bytes.Length);
        bytes.CopyTo(chunk.AsSpan(at));
        _chunkUsed = at + bytes.Length;
        return ((position + 1) << TagBits) | (hash & TagMask);
    }

    private ReadOnlySpan<byte> Read(ulong slot, out int row)
    {
        var position = (slot >> TagBits) - 1;
        var chunk = _chunks[(int)(position >> ChunkBits)];
        var at = ReadVarInt(chunk, (int)(position & (ChunkSize - 1)), out var first);
        at = ReadVarInt(chunk, at, out var length);
        row = (int)first;
        return chunk.AsSpan(at, (int)length);
    }

    /// <summary>
    /// Doubles the table, placing each entry again by the hash of its bytes (no id is decoded). The
    /// entries are taken from the chunks in the order they were stored: read in sequence, not in the
    /// table's scattered order (which cost a cache miss an entry).
    /// </summary>
    private void Grow()
    {
        _slots = new ulong[_slots.Length * 2];
        var mask = _slots.Length - 1;
        for (var c = 0; c < _chunks.Count; c++)
        {
            var chunk = _chunks[c];
            var used = c < _chunkLengths.Count ? _chunkLengths[c] : _chunkUsed;
            for (var at = 0; at < used;)
            {
                var position = ((ulong)c << ChunkBits) | (uint)at;
                at = ReadVarInt(chunk, at, out _);
                at = ReadVarInt(chunk, at, out var length);
                var hash = Hash(chunk.AsSpan(at, (int)length));
                at += (int)length;
                var i = Bucket(hash, _slots.Length);
                while (_slots[i] != 0)
                {
                    i = (i + 1) & mask;
                }

                _slots[i] = ((position + 1) << TagBits) | (hash & TagMask);
            }
        }
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

    private static int ReadVarInt(byte[] buffer, int at, out uint value)
    {
        value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = buffer[at++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return at;
            }
        }
    }
}
