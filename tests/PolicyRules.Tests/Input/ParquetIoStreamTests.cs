using System.Collections.Concurrent;
using Parquet;
using Parquet.Schema;
using PolicyRules.Input;

namespace PolicyRules.Tests.Input;

/// <summary>
/// Parquet files are read and written on the caller's thread (<see cref="ParquetIoStream"/>): a file
/// stream opened for synchronous use does its asynchronous reads and writes on the thread pool, so
/// Parquet.Net, called synchronously, blocked a thread waiting for another and, in a busy process, read
/// a 50-row file for longer than 20 seconds.
/// </summary>
public sealed class ParquetIoStreamTests
{
    [Fact]
    public void A_parquet_file_is_written_and_read_back_without_a_single_read_or_write_on_another_thread()
    {
        var inner = new PoolStream();
        var values = Enumerable.Range(0, 10_000).ToArray();
        var texts = values.Select(v => "text " + v).ToArray();
        var field = new DataField<int>("n");
        var text = new DataField<string>("t");
        int[]? readValues = null;
        string?[]? readTexts = null;
        var caller = 0;

        // Awaited in full on one thread: an await that did not finish at once would go on on the thread pool.
        async Task WriteAndReadBack()
        {
            var stream = new ParquetIoStream(inner);
            await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(field, text), stream))
            {
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<int>(field, values);
                await group.WriteAsync(text, texts);
            }

            await stream.FlushAsync();
            inner.Position = 0;
            await using var reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true);
            using var rows = reader.OpenRowGroupReader(0);
            readValues = new int[values.Length];
            readTexts = new string?[texts.Length];
            await rows.ReadAsync<int>(field, readValues);
            await rows.ReadAsync(text, readTexts.AsMemory());
        }

        var thread = new Thread(() =>
        {
            caller = Environment.CurrentManagedThreadId;
            WriteAndReadBack().GetAwaiter().GetResult();
        });
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromMinutes(2)));

        Assert.Equal(values, readValues);
        Assert.Equal(texts, readTexts);
        Assert.NotEmpty(inner.Threads);
        Assert.All(inner.Threads, t => Assert.Equal(caller, t));
    }

    [Fact]
    public async Task A_failing_read_or_write_is_a_faulted_task_and_a_cancelled_token_a_cancelled_one()
    {
        var closed = new MemoryStream([1, 2, 3]);
        var stream = new ParquetIoStream(closed);
        await closed.DisposeAsync();

        Assert.True(stream.ReadAsync(new byte[3]).AsTask().IsFaulted);
        Assert.True(stream.WriteAsync(new byte[3]).AsTask().IsFaulted);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => stream.ReadAsync(new byte[3]).AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => stream.WriteAsync(new byte[3]).AsTask());

        var open = new ParquetIoStream(new MemoryStream([1, 2, 3]));
        var cancelled = new CancellationToken(canceled: true);
        Assert.True(open.ReadAsync(new byte[3], cancelled).AsTask().IsCanceled);
        Assert.True(open.WriteAsync(new byte[3], cancelled).AsTask().IsCanceled);
        Assert.True(open.FlushAsync(cancelled).IsCanceled);
        var buffer = new byte[3];
        Assert.True(open.ReadAsync(buffer).AsTask().IsCompletedSuccessfully); // done before the call returns
        Assert.Equal([1, 2, 3], buffer);
    }

    /// <summary>A stream that, like a file opened for synchronous use, does its asynchronous reads and writes on the thread pool; it records the thread of each.</summary>
    private sealed class PoolStream : MemoryStream
    {
        public ConcurrentBag<int> Threads { get; } = [];

        public override int Read(byte[] buffer, int offset, int count)
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            return base.Read(buffer, offset, count);
        }

        public override int Read(Span<byte> buffer)
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            return base.Read(buffer);
        }

        public override int ReadByte()
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            return base.ReadByte();
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            base.Write(buffer);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.Run(() => Read(buffer, offset, count), cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            new(Task.Run(() => Read(buffer.Span), cancellationToken));

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.Run(() => Write(buffer, offset, count), cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            new(Task.Run(() => Write(buffer.Span), cancellationToken));

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.Run(Flush, cancellationToken);
    }
}
