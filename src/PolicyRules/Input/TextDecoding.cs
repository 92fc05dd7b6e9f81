using System.Text;

namespace PolicyRules.Input;

/// <summary>
/// Turns the bytes of a text input into characters in a known encoding, and never silently in a
/// wrong one: an undecodable byte becomes U+FFFD, which the readers reject at its row and column
/// (<see cref="InvalidTextReason(InputEncoding?)"/>), and a file whose encoding cannot be told is refused.
/// </summary>
internal static class TextDecoding
{
    /// <summary>How much of a file detection looks at: enough rows to see names in any real file.</summary>
    public const int DetectionWindow = 1 << 20;

    /// <summary>The character an undecodable byte sequence becomes (and a reader rejects).</summary>
    public const char Invalid = '\uFFFD';

    private static readonly Lazy<Encoding> Gb18030 = new(() => CreateGb18030(new DecoderReplacementFallback(Invalid.ToString())));
    private static readonly Lazy<Encoding> StrictGb18030 = new(() => CreateGb18030(DecoderFallback.ExceptionFallback));

    /// <summary>GB18030 (code page 54936) from the code-pages provider, without registering it process-wide.</summary>
    private static Encoding CreateGb18030(DecoderFallback fallback)
    {
        var encoding = (Encoding)CodePagesEncodingProvider.Instance.GetEncoding(54936)!.Clone();
        encoding.DecoderFallback = fallback;
        return encoding;
    }

    /// <summary>The display name used in messages.</summary>
    public static string NameOf(InputEncoding encoding) => encoding switch
    {
        InputEncoding.GB18030 => "GB18030",
        InputEncoding.Utf16LittleEndian => "UTF-16LE",
        InputEncoding.Utf16BigEndian => "UTF-16BE",
        _ => "UTF-8",
    };

    /// <summary>
    /// Opens <paramref name="stream"/> as text: the encoding given, or the one <see cref="Detect"/>
    /// finds; a byte-order mark is skipped. Takes ownership of the stream.
    /// </summary>
    /// <exception cref="ProfileInputException">Detection refused the file (binary, ambiguous).</exception>
    public static (TextReader Reader, InputEncoding Encoding) Open(Stream stream, string source, InputEncoding encoding)
    {
        var window = new byte[DetectionWindow];
        var length = 0;
        int count;
        while (length < window.Length && (count = stream.Read(window, length, window.Length - length)) > 0)
        {
            length += count;
        }

        var bytes = window.AsSpan(0, length);
        var bom = BomOf(bytes, out var bomLength);
        if (encoding == InputEncoding.Auto)
        {
            encoding = bom ?? Detect(bytes, complete: length < window.Length, source);
        }
        else if (bom is null || bom != encoding)
        {
            bomLength = 0; // a mark of another encoding is data in this one (and will not decode)
        }

        var rest = new PrefixedStream(window, bomLength, length - bomLength, stream);
        return (new StreamReader(rest, Decoding(encoding), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16), encoding);
    }

    /// <summary>The decoding encoding: no preamble (the mark is skipped above), undecodable bytes to U+FFFD.</summary>
    private static Encoding Decoding(InputEncoding encoding) => encoding switch
    {
        InputEncoding.GB18030 => Gb18030.Value,
        InputEncoding.Utf16LittleEndian => new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: false),
        InputEncoding.Utf16BigEndian => new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: false),
        _ => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false),
    };

    private static InputEncoding? BomOf(ReadOnlySpan<byte> bytes, out int length)
    {
        (InputEncoding? encoding, length) = bytes switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (InputEncoding.Utf8, 3),
            [0x84, 0x31, 0x95, 0x33, ..] => (InputEncoding.GB18030, 4),
            [0xFF, 0xFE, 0x00, 0x00, ..] => ((InputEncoding?)null, 0), // UTF-32LE: not supported, refused below
            [0xFF, 0xFE, ..] => (InputEncoding.Utf16LittleEndian, 2),
            [0xFE, 0xFF, ..] => (InputEncoding.Utf16BigEndian, 2),
            _ => ((InputEncoding?)null, 0),
        };
        return encoding;
    }

    /// <summary>
    /// Decides between UTF-8 and GB18030 for text without a byte-order mark. Valid UTF-8 with a few
    /// characters of three or more bytes (every Chinese character is one) is UTF-8: GB18030 text is
    /// practically never valid UTF-8 that way. Valid UTF-8 that is not GB18030 is UTF-8. Text valid
    /// as both with less evidence (<c>é</c>, <c>·</c>, one or two Chinese words — or GB18030
    /// characters that happen to pair up) is ambiguous and refused. Text invalid as UTF-8 is
    /// GB18030 when it fits GB18030 (or fits it better), unless it is plainly UTF-8 with a few bad
    /// bytes. Whatever is chosen, a cell that does not decode is rejected at its row and column.
    /// </summary>
    /// <param name="bytes">The start of the file.</param>
    /// <param name="complete">Whether <paramref name="bytes"/> is the whole file (else a sequence may be cut at its end).</param>
    /// <param name="source">The file, for errors.</param>
    /// <exception cref="ProfileInputException">The bytes are binary (zip, Parquet, NUL bytes) or ambiguous.</exception>
    public static InputEncoding Detect(ReadOnlySpan<byte> bytes, bool complete, string source)
    {
        if (bytes.StartsWith("PK\u0003\u0004"u8))
        {
            throw Refused(source, 1, "the file is a ZIP archive (an .xlsx workbook?), not CSV text: give it the .xlsx extension / 文件为 ZIP 压缩包（.xlsx 工作簿？），不是 CSV 文本，请使用 .xlsx 扩展名");
        }

        if (bytes.StartsWith("PAR1"u8))
        {
            throw Refused(source, 1, "the file is Parquet, not CSV text: give it the .parquet extension / 文件为 Parquet 格式，不是 CSV 文本，请使用 .parquet 扩展名");
        }

        if (bytes.IndexOf((byte)0) is var nul and >= 0)
        {
            throw Refused(source, LineAt(bytes, nul),
                $"the file has NUL bytes: UTF-16 without a byte-order mark, or not a text file; save it as UTF-8 or pass --encoding utf-16le / 文件含 NUL 字节：可能是无字节顺序标记的 UTF-16 或非文本文件，请另存为 UTF-8 或指定 --encoding utf-16le");
        }

        if (!complete && bytes.LastIndexOf((byte)'\n') is var lastLine and > 0)
        {
            bytes = bytes[..(lastLine + 1)]; // never judge a sequence cut by the window
        }

        var firstHigh = bytes.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
        if (firstHigh < 0)
        {
            return InputEncoding.Utf8; // ASCII so far: both read it the same
        }

        var (wide, invalid) = Utf8Evidence(bytes[firstHigh..]);
        if (invalid == 0 && wide >= Evidence)
        {
            return InputEncoding.Utf8;
        }

        var gb = IsValidGb18030(bytes);
        if (invalid == 0)
        {
            return gb ? throw Ambiguous(bytes, firstHigh, source) : InputEncoding.Utf8;
        }

        // Not UTF-8 as a whole. Many well-formed Chinese characters and few bad bytes are UTF-8
        // with a corrupt cell (rejected at its row); otherwise GB18030 if it fits, or the closer fit.
        if (wide >= Evidence && wide >= Evidence * invalid)
        {
            return InputEncoding.Utf8;
        }

        return gb || Gb18030.Value.GetString(bytes).AsSpan().Count(Invalid) < invalid ? InputEncoding.GB18030 : InputEncoding.Utf8;
    }

    /// <summary>
    /// Characters of three or more UTF-8 bytes needed before valid UTF-8 that is also valid GB18030
    /// is taken as UTF-8: GB18030 text lines up as that many three-byte UTF-8 sequences (and nothing
    /// invalid) practically never, while a tiny file of one or two Chinese words may fit both.
    /// </summary>
    private const int Evidence = 4;

    /// <summary>Well-formed UTF-8 characters of three or more bytes, and malformed sequences, in <paramref name="bytes"/>.</summary>
    private static (int Wide, int Invalid) Utf8Evidence(ReadOnlySpan<byte> bytes)
    {
        int wide = 0, invalid = 0;
        for (var i = 0; i < bytes.Length;)
        {
            if (bytes[i] < 0x80)
            {
                i++;
                continue;
            }

            var status = Rune.DecodeFromUtf8(bytes[i..], out _, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                wide += consumed >= 3 ? 1 : 0;
            }
            else
            {
                invalid++;
            }

            i += Math.Max(consumed, 1);
        }

        return (wide, invalid);
    }

    private static ProfileInputException Ambiguous(ReadOnlySpan<byte> bytes, int firstHigh, string source)
    {
        var line = LineAt(bytes, firstHigh);
        var start = bytes[..firstHigh].LastIndexOf((byte)'\n') + 1;
        var end = bytes[start..].IndexOf((byte)'\n') is var e and >= 0 ? start + e : bytes.Length;
        var utf8 = Excerpt(Encoding.UTF8.GetString(bytes[start..end]));
        var gb = Excerpt(Gb18030.Value.GetString(bytes[start..end]));
        return Refused(source, line,
            $"the encoding is ambiguous: line {line} reads as UTF-8 «{utf8}» and as GB18030 «{gb}»; pass --encoding utf-8 or --encoding gb18030 / 编码无法确定：第 {line} 行按 UTF-8 读作「{utf8}」，按 GB18030 读作「{gb}」，请用 --encoding utf-8 或 --encoding gb18030 指定");
    }

    private static bool IsValidGb18030(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _ = StrictGb18030.Value.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static string Excerpt(string line)
    {
        line = line.TrimEnd('\r');
        return line.Length <= 60 ? line : line[..60] + "…";
    }

    private static int LineAt(ReadOnlySpan<byte> bytes, int offset) => bytes[..offset].Count((byte)'\n') + 1;

    private static ProfileInputException Refused(string source, int line, string reason) =>
        new([new InputError(source, 0, line, "(file)", reason)]);

    /// <summary>Why a cell holding U+FFFD is rejected: bytes invalid in <paramref name="encoding"/> (or garbled before).</summary>
    public static string InvalidTextReason(InputEncoding? encoding) => InvalidTextReason("the text", "文本", encoding);

    /// <summary>
    /// Why <paramref name="subjectEn"/> (<paramref name="subjectZh"/>) holding U+FFFD is rejected, in both
    /// languages, the subject named in each: "the header `x` holds bytes that are not valid UTF-8 … / 表头 `x` 含无效的 UTF-8 字节…".
    /// </summary>
    public static string InvalidTextReason(string subjectEn, string subjectZh, InputEncoding? encoding) => encoding switch
    {
        null => $"{subjectEn} holds U+FFFD, the mark of bytes that could not be decoded: the value was garbled before it reached us / {subjectZh}含 U+FFFD（无法解码的字节的替代符），数据已损坏",
        InputEncoding.Utf8 => $"{subjectEn} holds bytes that are not valid UTF-8 (the file is read as UTF-8; if it was saved as GB18030/GBK, pass --encoding gb18030) / {subjectZh}含无效的 UTF-8 字节（文件按 UTF-8 读取；若为 GB18030/GBK 编码，请指定 --encoding gb18030）",
        _ => $"{subjectEn} holds bytes that are not valid {NameOf(encoding.Value)} (the file is read as {NameOf(encoding.Value)}; check the file's encoding and pass --encoding) / {subjectZh}含无效的 {NameOf(encoding.Value)} 字节（文件按 {NameOf(encoding.Value)} 读取；请核对文件编码并用 --encoding 指定）",
    };

    /// <summary>A value as it may be shown in outputs: an undecodable character becomes <c>?</c>, never U+FFFD.</summary>
    public static string Printable(string value) => value.Contains(Invalid, StringComparison.Ordinal) ? value.Replace(Invalid, '?') : value;

    /// <summary>The detection window's bytes (after a skipped mark), then the rest of the stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, int offset, int count, Stream rest) : ForwardReadStream
    {
        private int _offset = offset;
        private int _count = count;

        public override int Read(Span<byte> buffer)
        {
            if (_count == 0)
            {
                return rest.Read(buffer);
            }

            var n = Math.Min(_count, buffer.Length);
            prefix.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            _count -= n;
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                rest.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
