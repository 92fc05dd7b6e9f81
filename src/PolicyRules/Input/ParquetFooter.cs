using System.Buffers.Binary;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Parquet.Meta;
using PolicyRules.Model;

namespace PolicyRules.Input;

/// <summary>
/// Checks that a Parquet file's footer decodes before Parquet.Net is given the file.
/// </summary>
/// <remarks>
/// <para>
/// Parquet.Net (6.1) decodes the footer (the file's metadata, Thrift compact encoding) from a buffer
/// whose end its reader takes for 0xFF bytes: a damaged footer whose variable-length integer runs to
/// the end of the buffer makes it loop for ever, and a hostile or damaged file would hang the screen
/// (found by <c>CorruptParquetTests</c>' random damage, about once in 8,000 damaged files).
/// </para>
/// <para>
/// So the footer is decoded first by the very code Parquet.Net decodes it with, over a stream that
/// refuses to be read past its end: what decodes without reading past the end is read by Parquet.Net
/// byte for byte the same way, and what does not is a damaged footer, reported as such. Parquet.Net's
/// decoder is internal, found by name; <c>ParquetFooterTests</c> fails if a new version renames it.
/// </para>
/// <para>
/// The decoder skips a field it does not know by calling itself for each element of a list, so lists
/// nested deep enough overflow the stack and kill the process. A footer whose structs and lists nest
/// more than <see cref="MaxNesting"/> levels is refused before any decoding (<see cref="ThriftNesting"/>).
/// The decoder also misreads a struct it does not know (it skips the struct's field headers but not
/// their values), so its reading can fall out of step with the encoding the scan follows: the first
/// decoding therefore runs on a thread of its own with a small stack (<see cref="DecodingStack"/>), and
/// stops, as damage, where the runtime says the stack is running short; Parquet.Net's own decoding of
/// the same bytes then needs no more than the ~128 KB that leaves, which a thread with room to call it has.
/// </para>
/// </remarks>
internal static class ParquetFooter
{
    /// <summary>The deepest nesting of structs and lists a footer may have: FileMetaData nests fewer than 10 levels.</summary>
    internal const int MaxNesting = 64;

    /// <summary>
    /// The first decoding's stack: the runtime keeps about half of it in reserve
    /// (RuntimeHelpers.EnsureSufficientExecutionStack), leaving ~128 KB, some hundreds of nested lists.
    /// </summary>
    private const int DecodingStack = 256 * 1024;

    private static readonly ConstructorInfo? ReaderConstructor =
        typeof(FileMetaData).Assembly.GetType("Parquet.Meta.Proto.ThriftCompactProtocolReader")?.GetConstructor([typeof(Stream)]);

    private static readonly MethodInfo? DecodeMethod = ReaderConstructor is null ? null
        : typeof(FileMetaData).GetMethod("Read", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public, [ReaderConstructor.DeclaringType!]);

    /// <summary>True when Parquet.Net's footer decoder was found (a test keeps it so).</summary>
    internal static bool DecoderFound => DecodeMethod is not null;

    /// <summary>
    /// Decodes the footer of the Parquet file in <paramref name="file"/> (left at its start) as Parquet.Net will.
    /// </summary>
    /// <exception cref="DamagedParquetException">The footer is damaged: its length, its magic, its nesting or its content.</exception>
    public static void Check(Stream file)
    {
        var length = file.Length;
        if (length < 12)
        {
            throw new DamagedParquetException($"a file of {length} bytes is too short to be Parquet", $"文件仅 {length} 字节，太短，不可能是 Parquet 文件");
        }

        Span<byte> tail = stackalloc byte[8];
        file.Seek(-8, SeekOrigin.End);
        file.ReadExactly(tail);
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (!tail[4..].SequenceEqual("PAR1"u8))
        {
            // Encrypted footers ("PARE") need keys this library never has; anything else is not Parquet.
            throw new DamagedParquetException("the file does not end with Parquet's magic bytes PAR1", "文件末尾不是 Parquet 的标志字节 PAR1");
        }

        if (footerLength <= 0 || footerLength > length - 12)
        {
            throw new DamagedParquetException($"the footer's length ({footerLength}) does not fit a file of {length} bytes", $"文件尾长度（{footerLength}）与 {length} 字节的文件不符");
        }

        var footer = new byte[footerLength];
        file.Seek(-8 - footerLength, SeekOrigin.End);
        file.ReadExactly(footer);
        file.Seek(0, SeekOrigin.Begin);
        if (DecodeMethod is null)
        {
            throw new InvalidOperationException("Parquet.Net's footer decoder (Parquet.Meta.FileMetaData.Read) was not found: this build of Parquet.Net is not the one PolicyRules was built with");
        }

        if (ThriftNesting.NestsDeeperThan(footer, MaxNesting))
        {
            throw new DamagedParquetException(
                $"its footer is damaged: its structs and lists nest more than {MaxNesting} levels deep",
                $"文件尾已损坏：其中的结构与列表嵌套超过 {MaxNesting} 层");
        }

        if (Decode(footer) is { } damage)
        {
            // Whatever the decoder met (a read past the end, a count sized from the damage, a value of a
            // type it does not expect, a stack running short), the footer is damaged: Parquet.Net would
            // say so, loop, or overflow the stack.
            var (en, zh) = damage switch
            {
                ReadPastEndException => ("it ends inside a value", "在某个值的中途结束"),
                InsufficientExecutionStackException => ("it nests too deeply to decode", "嵌套过深，无法解码"),
                _ => ForeignMessage.Quoted(damage),
            };
            throw new DamagedParquetException($"its footer is damaged ({en})", $"文件尾已损坏（{zh}）", damage);
        }
    }

    /// <summary>Decodes the footer with Parquet.Net's decoder on a thread with a small stack: null, or what the decoder threw.</summary>
    private static Exception? Decode(byte[] footer)
    {
        Exception? damage = null;
        ExceptionDispatchInfo? failure = null;
        var decoding = new Thread(
            () =>
            {
                try
                {
                    DecodeMethod!.Invoke(null, [ReaderConstructor!.Invoke([new EndGuardedStream(footer)])]);
                }
                catch (TargetInvocationException ex) when (ex.InnerException is { } inner)
                {
                    damage = inner;
                }
                catch (Exception ex)
                {
                    failure = ExceptionDispatchInfo.Capture(ex); // not the footer's: thrown on the caller's thread, not left to end the process
                }
            },
            DecodingStack)
        {
            IsBackground = true,
            Name = "Parquet footer check",
        };
        decoding.Start();
        decoding.Join();
        failure?.Throw();
        return damage;
    }

    /// <summary>
    /// A read-only stream over a buffer that throws when asked to read past its end, where a
    /// <see cref="MemoryStream"/> returns nothing, and when the thread's stack runs short: the decoder
    /// reads at least a byte at each level it nests, so it stops there rather than overflow.
    /// </summary>
    private sealed class EndGuardedStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override int ReadByte()
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            return Position < Length ? base.ReadByte() : throw new ReadPastEndException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            return count > 0 && Position >= Length ? throw new ReadPastEndException() : base.Read(buffer, offset, count);
        }

        public override int Read(Span<byte> buffer)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            return buffer.Length > 0 && Position >= Length ? throw new ReadPastEndException() : base.Read(buffer);
        }
    }

    /// <summary>The decoder asked for a byte past the footer's end.</summary>
    private sealed class ReadPastEndException() : EndOfStreamException("read past the end of the footer");
}
