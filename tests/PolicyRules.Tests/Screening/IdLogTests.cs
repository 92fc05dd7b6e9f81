using CsCheck;
using PolicyRules.Bulk;

namespace PolicyRules.Tests.Screening;

/// <summary>
/// The id log gives back every byte appended, at every position, whether the bytes are in its
/// memory tail, in its temporary file, in memory chunks (no temporary folder), or moved to memory
/// after the file refused a write; and it leaves no file behind.
/// </summary>
public sealed class IdLogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("policyrules-idlog-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Appends of 0 bytes to over two tails' worth, and reads that cross every boundary.</summary>
    private static readonly Gen<(int Size, byte Fill)[]> Appends =
        Gen.Select(Gen.Frequency((6, Gen.Int[0, 40]), (2, Gen.Int[0, IdLog.TailSize]), (1, Gen.Int[IdLog.TailSize, (IdLog.TailSize * 2) + 7])), Gen.Byte).Array[1, 40];

    public static TheoryData<string> Places => new() { "folder", "memory", "missing folder", "full disk" };

    [Theory]
    [MemberData(nameof(Places))]
    public void Reads_back_every_byte_appended_at_every_position(string place)
    {
        Appends.Sample(
            appends =>
            {
                using var log = Open(place);
                var reference = new List<byte>();
                var rng = new Random(appends.Length);
                foreach (var (size, fill) in appends)
                {
                    var bytes = Enumerable.Range(0, size).Select(i => (byte)(fill + i)).ToArray();
                    Assert.Equal(reference.Count, log.Append(bytes));
                    reference.AddRange(bytes);
                    Assert.Equal(reference.Count, log.Length);
                    var from = rng.Next(reference.Count + 1);
                    var read = new byte[rng.Next(reference.Count - from + 1)];
                    log.Read(from, read);
                    Assert.Equal(reference.GetRange(from, read.Length), read);
                }

                var all = new byte[reference.Count];
                log.Read(0, all);
                Assert.Equal(reference, all);
                Assert.Throws<ArgumentOutOfRangeException>(() => log.Read(reference.Count, new byte[1]));
                Assert.Throws<ArgumentOutOfRangeException>(() => log.Read(-1, new byte[1]));
            },
            iter: 40);
    }

    [Fact]
    public void Opens_its_file_only_past_the_first_tail_and_leaves_none_behind()
    {
        using (var log = new IdLog(_folder))
        {
            log.Append(new byte[IdLog.TailSize]);
            Assert.False(log.Spilled); // a run with a few thousand ids makes no file
            log.Append(new byte[1]);
            Assert.True(log.Spilled);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Empty(Directory.EnumerateFileSystemEntries(_folder)); // deleted once open: nothing left if the process is killed
                // The open file (Linux shows it among the process's descriptors) is its owner's alone: ids are data.
                var open = Directory.EnumerateFileSystemEntries("/proc/self/fd")
                    .Where(fd => new FileInfo(fd).LinkTarget is { } target && target.StartsWith(_folder, StringComparison.Ordinal))
                    .ToList();
                var descriptor = Assert.Single(open);
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(descriptor));
            }
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public void Keeps_the_bytes_in_memory_when_the_file_refuses_a_write()
    {
        using var log = Open("full disk");
        log.Append(new byte[IdLog.TailSize]);
        log.Append([1, 2, 3]); // stores the tail: the write fails, and the bytes go to memory
        Assert.False(log.Spilled);
        var back = new byte[3];
        log.Read(IdLog.TailSize, back);
        Assert.Equal(new byte[] { 1, 2, 3 }, back);
    }

    private IdLog Open(string place) => place switch
    {
        "folder" => new IdLog(_folder),
        "memory" => new IdLog(spillFolder: null),
        "missing folder" => new IdLog(Path.Combine(_folder, "missing")),
        // Every write to /dev/full fails as on a full disk (ENOSPC); Linux, where the tests run.
        "full disk" => new IdLog(() => new FileStream("/dev/full", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0)),
        _ => throw new ArgumentException(place, nameof(place)),
    };
}
