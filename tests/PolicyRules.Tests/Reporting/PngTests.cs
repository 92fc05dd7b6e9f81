using System.Buffers.Binary;
using System.IO.Compression;

namespace PolicyRules.Tests.Reporting;

/// <summary>
/// The screenshot decoder reads what a PNG encoder writes (every filter type, RGB and RGBA), rejects
/// a corrupted file, and the screenshot check tells a blank page from a report.
/// </summary>
public sealed class PngTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    public void Decodes_every_filter_type(int colourType)
    {
        var random = new Random(20230609);
        var (width, height) = (37, 23);
        var pixels = new int[width * height];
        for (var i = 0; i < pixels.Length; i++)
        {
            // Runs of one colour and noise, so the filters see both.
            pixels[i] = i % 7 < 3 ? 0x2E7D32 : random.Next(0x1000000);
        }

        var png = Png.Read(Encode(width, height, pixels, colourType));

        Assert.Equal((width, height), (png.Width, png.Height));
        Assert.Equal(pixels, png.Pixels);
    }

    [Fact]
    public void A_corrupted_chunk_is_refused()
    {
        var file = Encode(4, 4, new int[16], 2);
        file[^20] ^= 0xFF; // inside the IDAT data
        Assert.Throws<InvalidDataException>(() => Png.Read(file));
        Assert.Throws<InvalidDataException>(() => Png.Read([1, 2, 3]));
    }

    [Fact]
    public void A_blank_screenshot_fails_the_check()
    {
        var white = Png.Read(Encode(1280, 2000, Enumerable.Repeat(0xFFFFFF, 1280 * 2000).ToArray(), 2));
        var (problems, _) = ReportInBrowserTests.ScreenshotProblems(white);
        Assert.Contains(problems, p => p.Contains("blank", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("green", StringComparison.Ordinal));
    }

    /// <summary>A PNG with row y filtered by type y mod 5 (None, Sub, Up, Average, Paeth).</summary>
    private static byte[] Encode(int width, int height, int[] pixels, int colourType)
    {
        var channels = colourType == 2 ? 3 : 4;
        var stride = width * channels;
        var raw = new byte[height][];
        for (var y = 0; y < height; y++)
        {
            raw[y] = new byte[stride];
            for (var x = 0; x < width; x++)
            {
                var p = pixels[(y * width) + x];
                raw[y][x * channels] = (byte)(p >> 16);
                raw[y][(x * channels) + 1] = (byte)(p >> 8);
                raw[y][(x * channels) + 2] = (byte)p;
                if (channels == 4)
                {
                    raw[y][(x * channels) + 3] = (byte)(x * 7);
                }
            }
        }

        using var data = new MemoryStream();
        using (var deflate = new ZLibStream(data, CompressionLevel.Fastest, leaveOpen: true))
        {
            var zero = new byte[stride];
            for (var y = 0; y < height; y++)
            {
                var filter = (byte)(y % 5);
                var above = y > 0 ? raw[y - 1] : zero;
                deflate.WriteByte(filter);
                for (var i = 0; i < stride; i++)
                {
                    int left = i >= channels ? raw[y][i - channels] : 0;
                    int upLeft = i >= channels ? above[i - channels] : 0;
                    var predictor = filter switch
                    {
                        0 => 0,
                        1 => left,
                        2 => above[i],
                        3 => (left + above[i]) >> 1,
                        _ => Paeth(left, above[i], upLeft),
                    };
                    deflate.WriteByte((byte)(raw[y][i] - predictor));
                }
            }
        }

        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        header[8] = 8;
        header[9] = (byte)colourType;
        using var file = new MemoryStream();
        file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(file, "IHDR", header);
        Chunk(file, "IDAT", data.ToArray());
        Chunk(file, "IEND", []);
        return file.ToArray();
    }

    private static void Chunk(Stream file, string type, byte[] data)
    {
        var buffer = new byte[data.Length + 12];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)data.Length);
        System.Text.Encoding.ASCII.GetBytes(type, buffer.AsSpan(4));
        data.CopyTo(buffer, 8);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8 + data.Length), Crc32(buffer.AsSpan(4, data.Length + 4)));
        file.Write(buffer);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
