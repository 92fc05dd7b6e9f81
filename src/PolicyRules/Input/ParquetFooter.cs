using System.Buffers.Binary;
using System.Reflection;
using Parquet.Meta;

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
/// </remarks>
internal static class ParquetFooter
{
    private static readonly ConstructorInfo? ReaderConstructor =
        typeof(FileMetaData).Assembly.GetType("Parquet.Meta.Proto.ThriftCompactProtocolReader")?.GetConstructor([typeof(Stream)]);

    private static readonly MethodInfo? DecodeMethod = ReaderConstructor is null ? null
        : typeof(FileMetaData).GetMethod("Read", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public, [ReaderConstructor.DeclaringType!]);

    /// <summary>True when Parquet.Net's footer decoder was found (a test keeps it so).</summary>
    internal static bool DecoderFound => DecodeMethod is not null;

    /// <summary>
    /// Decodes the footer of the Parquet file in <paramref name="file"/> (left at its start) as Parquet.Net will.
    /// </summary>
    /// <exception cref="InvalidDataException">The footer is damaged: its length, its magic or its content.</exception>
    public static void Check(Stream file)
    {
        var length = file.Length;
        if (length < 12)
        {
            throw new InvalidDataException($"a file of {length} bytes is too short to be Parquet");
        }

        Span<byte> tail = stackalloc byte[8];
        file.Seek(-8, SeekOrigin.End);
        file.ReadExactly(tail);
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (!tail[4..].SequenceEqual("PAR1"u8))
        {
            // Encrypted footers ("PARE") need keys this library never has; anything else is not Parquet.
            throw new InvalidDataException("the file does not end with Parquet's magic bytes PAR1");
        }

        if (footerLength <= 0 || footerLength > length - 12)
        {
            throw new InvalidDataException($"the footer's length ({footerLength}) does not fit a file of {length} bytes");
        }

        var footer = new byte[footerLength];
        file.Seek(-8 - footerLength, SeekOrigin.End);
        file.ReadExactly(footer);
        file.Seek(0, SeekOrigin.Begin);
        if (DecodeMethod is null)
        {
            throw new InvalidOperationException("Parquet.Net's footer decoder (Parquet.Meta.FileMetaData.Read) was not found: this build of Parquet.Net is not the one PolicyRules was built with");
        }

        try
        {
            DecodeMethod.Invoke(null, [ReaderConstructor!.Invoke([new EndGuardedStream(footer)])]);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is { } damage)
        {
            // Whatever the decoder met (a read past the end, a count sized from the damage, a value of a
            // type it does not expect), the footer is damaged: Parquet.Net would say so, or loop.
            throw new InvalidDataException($"its footer is damaged ({damage.GetType().Name}: {damage.Message})", damage);
        }
    }

    /// <summary>A read-only stream over a buffer that throws when asked to read past its end, where a <see cref="MemoryStream"/> returns nothing.</summary>
    private sealed class EndGuardedStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override int ReadByte() => Position < Length ? base.ReadByte() : throw new EndOfStreamException("read past the end of the footer");

        public override int Read(byte[] buffer, int offset, int count) =>
            count > 0 && Position >= Length ? throw new EndOfStreamException("read past the end of the footer") : base.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) =>
            buffer.Length > 0 && Position >= Length ? throw new EndOfStreamException("read past the end of the footer") : base.Read(buffer);
    }
}
