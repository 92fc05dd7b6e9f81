using System.Runtime.CompilerServices;

namespace PolicyRules.Input;

/// <summary>
/// The Parquet file as Parquet.Net reads it, byte reads stopping where the thread's stack runs short.
/// </summary>
/// <remarks>
/// Parquet.Net (6.1) decodes each page's header (Thrift compact encoding) a byte at a time from the
/// file, skipping a field it does not know by calling itself for each element of a list: a page header
/// of lists nested 200,000 deep overflowed the stack and killed the process. Each level reads a byte,
/// so checking the stack at each byte read turns that into an <see cref="InsufficientExecutionStackException"/>,
/// reported as a damaged row group. Block reads (the pages' data) pass straight through.
/// </remarks>
internal sealed class StackGuardedStream(Stream file) : Stream
{
    public override bool CanRead => file.CanRead;

    public override bool CanSeek => file.CanSeek;

    public override bool CanWrite => false;

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

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => file.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => file.ReadAsync(buffer, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await file.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
