using System.Globalization;
using System.Text;

namespace PolicyRules.Screening;

/// <summary>
/// One results row as UTF-8 bytes (<see cref="CsvRowFormatter"/>), with a hole per population-level
/// programme where its rank, selection and outputs go, and those outputs as written when selected.
/// One per batch row, reused: the arrays grow to the longest row and stay (no allocation per row).
/// </summary>
internal sealed class CsvRow
{
    private int[] _awardStart;
    private int[] _awardLength;
    private int _awardUsed;

    /// <param name="holes">How many population-level programmes the row has.</param>
    /// <param name="programmes">How many programmes' cells it has (<see cref="Segments"/>).</param>
    public CsvRow(int holes, int programmes)
    {
        Holes = new int[holes];
        Segments = new int[programmes + 1];
        _awardStart = new int[holes];
        _awardLength = new int[holes];
    }

    /// <summary>The row's bytes, its line end included, are <c>Bytes[..Length]</c>.</summary>
    public byte[] Bytes { get; private set; } = new byte[1024];

    public int Length { get; private set; }

    /// <summary>Per population-level programme: the offset in <see cref="Bytes"/> its rank, selection and outputs go at.</summary>
    public int[] Holes { get; }

    /// <summary>
    /// Where each programme's cells start in <see cref="Bytes"/> (the comma before its first), and last where
    /// the row ends: programme <c>i</c>'s cells are <c>Bytes[Segments[i]..Segments[i + 1]]</c>, the id before them.
    /// </summary>
    public int[] Segments { get; }

    /// <summary>Scratch text for cells built before they are written.</summary>
    public char[] Chars = new char[256];

    private byte[] _award = new byte[64];

    /// <summary>Hole <paramref name="hole"/>'s outputs as written when selected: <c>,v1,v2</c> (empty when there are none).</summary>
    public ReadOnlySpan<byte> Award(int hole) => _award.AsSpan(_awardStart[hole], _awardLength[hole]);

    public void Reset()
    {
        Length = 0;
        _awardUsed = 0;
    }

    /// <summary>Takes a row read back (a spill): its bytes, holes and awards.</summary>
    public Span<byte> Load(int length)
    {
        Reset();
        Grow(length);
        Length = length;
        return Bytes.AsSpan(0, length);
    }

    /// <summary>Room for hole <paramref name="hole"/>'s award of <paramref name="length"/> bytes, read back.</summary>
    public Span<byte> LoadAward(int hole, int length)
    {
        BeginAward(hole);
        var award = _award;
        Ensure(ref award, _awardUsed + length);
        _award = award;
        _awardUsed += length;
        EndAward(hole);
        return _award.AsSpan(_awardStart[hole], length);
    }

    public void Append(byte value)
    {
        if (Length == Bytes.Length)
        {
            Grow(1);
        }

        Bytes[Length++] = value;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (Length + bytes.Length > Bytes.Length)
        {
            Grow(bytes.Length);
        }

        bytes.CopyTo(Bytes.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Appends <paramref name="text"/> when it is all ASCII; false (nothing appended) otherwise.</summary>
    public bool TryAppendAscii(ReadOnlySpan<char> text)
    {
        if (Length + text.Length > Bytes.Length)
        {
            Grow(text.Length);
        }

        if (Ascii.FromUtf16(text, Bytes.AsSpan(Length), out var written) == System.Buffers.OperationStatus.Done)
        {
            Length += written;
            return true;
        }

        return false;
    }

    /// <summary>Appends <paramref name="text"/> in <paramref name="encoding"/> (which throws where StreamWriter's would).</summary>
    public void AppendUtf8(ReadOnlySpan<char> text, Encoding encoding)
    {
        var most = encoding.GetMaxByteCount(text.Length);
        if (Length + most > Bytes.Length)
        {
            Grow(most);
        }

        Length += encoding.GetBytes(text, Bytes.AsSpan(Length));
    }

    /// <summary>A number as Sep formats it: the invariant culture, no format string.</summary>
    public void AppendNumber(decimal value)
    {
        if (Length + 64 > Bytes.Length)
        {
            Grow(64);
        }

        value.TryFormat(Bytes.AsSpan(Length), out var written, default, CultureInfo.InvariantCulture);
        Length += written;
    }

    public void BeginAward(int hole) => _awardStart[hole] = _awardUsed;

    public void EndAward(int hole) => _awardLength[hole] = _awardUsed - _awardStart[hole];

    public void AppendAward(byte value)
    {
        Ensure(ref _award, _awardUsed + 1);
        _award[_awardUsed++] = value;
    }

    public void AppendAwardNumber(decimal value)
    {
        Ensure(ref _award, _awardUsed + 64);
        value.TryFormat(_award.AsSpan(_awardUsed), out var written, default, CultureInfo.InvariantCulture);
        _awardUsed += written;
    }

    private void Grow(int more)
    {
        var bytes = Bytes;
        Ensure(ref bytes, Length + more);
        Bytes = bytes;
    }

    private static void Ensure(ref byte[] buffer, int size)
    {
        if (size > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(size, buffer.Length * 2));
        }
    }
}
