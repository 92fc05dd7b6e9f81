using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace PolicyRules.Screening;

/// <summary>
/// One spilled row's record (<see cref="CsvRowSpill"/>), built in memory and written to the spill file in one
/// piece after its length, then read back whole: whole numbers in 7-bit groups (a byte for most), byte strings
/// after their length, an output as a presence byte and the decimal's 16 bytes. Reused from row to row.
/// </summary>
internal sealed class SpilledRow
{
    private byte[] _bytes = new byte[1024];
    private int _length;
    private int _at;

    public void Reset() => _length = 0;

    /// <summary>A whole number, zero or more.</summary>
    public void WriteNumber(int value)
    {
        Reserve(5);
        var rest = (uint)value;
        for (; rest >= 0x80; rest >>= 7)
        {
            _bytes[_length++] = (byte)(rest | 0x80);
        }

        _bytes[_length++] = (byte)rest;
    }

    /// <summary>A byte string, after its length.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteNumber(bytes.Length);
        Reserve(bytes.Length);
        bytes.CopyTo(_bytes.AsSpan(_length));
        _length += bytes.Length;
    }

    public void WriteOutput(decimal? value)
    {
        Reserve(17);
        _bytes[_length++] = value is null ? (byte)0 : (byte)1;
        if (value is { } v)
        {
            decimal.GetBits(v, MemoryMarshal.Cast<byte, int>(_bytes.AsSpan(_length, 16)));
            _length += 16;
        }
    }

    /// <summary>Writes the record, after its length in four bytes.</summary>
    public void WriteTo(Stream file)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, _length);
        file.Write(length);
        file.Write(_bytes, 0, _length);
    }

    /// <summary>Reads the next record of <paramref name="file"/>, to be taken apart from its start.</summary>
    public void ReadFrom(Stream file)
    {
        Span<byte> length = stackalloc byte[4];
        file.ReadExactly(length);
        _length = 0;
        _at = 0;
        var size = BinaryPrimitives.ReadInt32LittleEndian(length);
        Reserve(size);
        file.ReadExactly(_bytes, 0, size);
        _length = size;
    }

    public int ReadNumber()
    {
        var value = 0u;
        for (var shift = 0; ; shift += 7)
        {
            var next = _bytes[_at++];
            value |= (uint)(next & 0x7F) << shift;
            if (next < 0x80)
            {
                return (int)value;
            }
        }
    }

    /// <summary>The length of the byte string that comes next, without reading past it.</summary>
    public int PeekLength()
    {
        var at = _at;
        var length = ReadNumber();
        _at = at;
        return length;
    }

    /// <summary>Copies the byte string that comes next to the start of <paramref name="destination"/>; its length.</summary>
    public int ReadBytes(Span<byte> destination)
    {
        var length = ReadNumber();
        _bytes.AsSpan(_at, length).CopyTo(destination);
        _at += length;
        return length;
    }

    public decimal? ReadOutput()
    {
        if (_bytes[_at++] == 0)
        {
            return null;
        }

        var value = new decimal(MemoryMarshal.Cast<byte, int>(_bytes.AsSpan(_at, 16)));
        _at += 16;
        return value;
    }

    private void Reserve(int more)
    {
        if (_length + more > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_length + more, _bytes.Length * 2));
        }
    }
}
