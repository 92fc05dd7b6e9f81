using System.Buffers;

namespace PolicyRules.Screening;

/// <summary>
/// Writes the CSV results from rows the evaluating threads formatted (<see cref="CsvRowFormatter"/>):
/// the header, then each row's bytes in input order with its holes filled from the ranks. What the
/// in-order stage does per row is copying bytes. Owns the stream, as Sep's writer does.
/// </summary>
internal sealed class CsvRowWriter : IBufferWriter<byte>, IDisposable
{
    private const int BufferSize = 1 << 20;

    private readonly Stream _stream;
    private readonly int[] _selectTop;
    private readonly int[] _outputs;
    private byte[] _buffer = new byte[BufferSize];
    private int _used;
    private bool _disposed;

    /// <param name="stream">The results file (disposed with the writer).</param>
    /// <param name="formatter">How the rows were formatted.</param>
    /// <param name="selectTop">Per hole: how many its programme selects.</param>
    public CsvRowWriter(Stream stream, CsvRowFormatter formatter, int[] selectTop)
    {
        _stream = stream;
        _selectTop = selectTop;
        _outputs = [.. formatter.Ranked.Select(i => formatter.Columns[i].Outputs.Length)];
        Write(formatter.Header());
    }

    /// <summary>Writes <paramref name="row"/>, hole <c>j</c> filled with rank <paramref name="ranks"/>[j] (null: not ranked).</summary>
    public void Write(CsvRow row, ReadOnlySpan<int?> ranks)
    {
        var bytes = row.Bytes.AsSpan(0, row.Length);
        var from = 0;
        for (var hole = 0; hole < row.Holes.Length; hole++)
        {
            var at = row.Holes[hole];
            Write(bytes[from..at]);
            var rank = ranks[hole];
            CsvRowFormatter.FillHole(this, rank, rank <= _selectTop[hole], row.Award(hole), _outputs[hole]);
            from = at;
        }

        Write(bytes[from..]);
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        if (_used + bytes.Length > _buffer.Length)
        {
            Flush();
            if (bytes.Length > _buffer.Length)
            {
                _stream.Write(bytes);
                return;
            }
        }

        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    public void Advance(int count) => _used += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_used);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(_used);
    }

    private void Reserve(int sizeHint)
    {
        if (_used + Math.Max(sizeHint, 1) > _buffer.Length)
        {
            Flush();
            if (sizeHint > _buffer.Length)
            {
                _buffer = new byte[sizeHint];
            }
        }
    }

    private void Flush()
    {
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }

    /// <summary>Writes what is buffered and closes the stream (the run's files move into place, or not, after).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            Flush();
        }
        finally
        {
            _stream.Dispose();
        }
    }
}
