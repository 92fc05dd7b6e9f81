using System.Runtime.CompilerServices;

namespace PolicyRules.Input;

/// <summary>
/// A Parquet file as Parquet.Net reads or writes it: every read and write on the caller's thread, and
/// byte reads stopping where the thread's stack runs short.
/// </summary>
/// <remarks>
/// <para>
/// Parquet.Net (6.1) is asynchronous only, and we call it synchronously. A <see cref="FileStream"/>
/// opened for synchronous use does each asynchronous read or write on a thread-pool thread, so each call
/// blocked a thread waiting for another: in a busy process (a web server, a loaded test run) a 50-row
/// file took longer than 20 seconds to read. Here the asynchronous calls do the work at once and return
/// a finished task, so reading and writing never wait for the pool.
/// </para>
/// <para>
/// Parquet.Net decodes each page's header (Thrift compact encoding) a byte at a time from the file,
/// skipping a field it does not know by calling itself for each element of a list: a page header of
/// lists nested 200,000 deep overflowed the stack and killed the process. Each level reads a byte, so
/// checking the stack at each byte read turns that into an <see cref="InsufficientExecutionStackException"/>,
/// reported as a damaged row group. Block reads (the pages' data) pass straight through.
/// </para>
/// </remarks>
internal sealed class ParquetIoStream(Stream file) : Stream
{
    public override bool CanRead => file.CanRead;

    public override bool CanSeek => file.CanSeek;

    public override bool CanWrite => file.CanWrite;

    public override long Length => file.Length;

    public override long Position
    {
        get => file.Position;
        set => file.Position = value;
    }

    public override int ReadByte()
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return file.ReadByte();
    }

    public override int Read(byte[] buffer, int offset, int count) => file.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => file.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }

        try
        {
            return new ValueTask<int>(file.Read(buffer.Span));
        }
        catch (Exception ex)
        {
            return ValueTask.FromException<int>(ex);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => file.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => file.Write(buffer);

    public override void WriteByte(byte value) => file.WriteByte(value);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        Synchronously(() => file.Write(buffer.Span), cancellationToken);

    public override void Flush() => file.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => Synchronously(file.Flush, cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);

    public override void SetLength(long value) => file.SetLength(value);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }

    // DisposeAsync is Stream's own: it calls Dispose on the caller's thread.

    private static ValueTask Synchronously(Action work, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        try
        {
            work();
            return ValueTask.CompletedTask;
        }
        catch (Exception ex)
        {
            return ValueTask.FromException(ex);
        }
    }
}
