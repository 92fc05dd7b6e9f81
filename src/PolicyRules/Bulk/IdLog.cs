using Microsoft.Win32.SafeHandles;

namespace PolicyRules.Bulk;

/// <summary>
/// An append-only run of bytes read back by position, for <see cref="IdRegister"/>: the newest 64 KiB
/// in memory, everything before them in a temporary file, so that what a run keeps of each id is an
/// 8-byte slot in memory and not the id itself. Where no temporary file can be made or written, the
/// bytes stay in memory (1 MiB chunks) and the run goes on: only its memory grows.
/// </summary>
/// <remarks>
/// The file is opened only once the first 64 KiB are full (a few thousand ids), and deleted as soon as
/// it is opened where the system allows (Unix: the open handle keeps it readable, and nothing is left
/// behind if the process is killed), else when it is closed (Windows). Its pages sit in the system's
/// file cache, which the system can reclaim, and not in the process's own memory.
/// </remarks>
internal sealed class IdLog : IDisposable
{
    internal const int TailSize = 1 << 16;
    private const int ChunkBits = 20;
    private const int ChunkSize = 1 << ChunkBits;

    private readonly Func<FileStream?> _openSpill;
    private readonly byte[] _tail = new byte[TailSize];
    private int _tailUsed;
    private long _stored; // bytes before the tail: in the file, or in the chunks
    private FileStream? _owner; // owns the handle
    private SafeFileHandle? _file;
    private bool _spillTried;
    private List<byte[]>? _chunks;

    /// <summary>A log spilling to a temporary file in <paramref name="spillFolder"/>; null: kept in memory.</summary>
    public IdLog(string? spillFolder)
        : this(() => spillFolder is null ? null : OpenSpill(spillFolder))
    {
    }

    /// <summary>A log spilling to the file <paramref name="openSpill"/> opens (null or a throw: memory).</summary>
    internal IdLog(Func<FileStream?> openSpill) => _openSpill = openSpill;

    /// <summary>Bytes appended.</summary>
    public long Length => _stored + _tailUsed;

    /// <summary>Whether the bytes before the tail are in a file (false: in memory, or none yet).</summary>
    internal bool Spilled => _file is not null;

    /// <summary>Appends <paramref name="bytes"/> and returns the position of their first byte.</summary>
    public long Append(ReadOnlySpan<byte> bytes)
    {
        var position = Length;
        if (bytes.Length > TailSize - _tailUsed)
        {
            StoreTail();
            if (bytes.Length > TailSize)
            {
                Store(bytes); // longer than the tail: stored whole at once
                return position;
            }
        }

        bytes.CopyTo(_tail.AsSpan(_tailUsed));
        _tailUsed += bytes.Length;
        return position;
    }

    /// <summary>Fills <paramref name="destination"/> with the bytes from <paramref name="position"/> on (all appended).</summary>
    public void Read(long position, Span<byte> destination)
    {
        if (position < 0 || position + destination.Length > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(position));
        }

        var stored = (int)Math.Clamp(_stored - position, 0, destination.Length);
        if (stored > 0)
        {
            ReadStored(position, destination[..stored]);
        }

        if (stored < destination.Length)
        {
            _tail.AsSpan((int)(position + stored - _stored), destination.Length - stored).CopyTo(destination[stored..]);
        }
    }

    public void Dispose()
    {
        _owner?.Dispose();
        _owner = null;
        _file = null;
        _chunks = null;
    }

    /// <summary>Opens a new file readable and writable by its owner alone, and removes its name where the system allows.</summary>
    private static FileStream OpenSpill(string folder)
    {
        var path = Path.Combine(folder, "policyrules-ids-" + Guid.NewGuid().ToString("N") + ".tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = 0, // read and written by position (RandomAccess), never through the stream
            Options = OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var file = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                File.Delete(path);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        return file;
    }

    private void StoreTail()
    {
        Store(_tail.AsSpan(0, _tailUsed));
        _tailUsed = 0;
    }

    private void Store(ReadOnlySpan<byte> bytes)
    {
        if (!_spillTried)
        {
            _spillTried = true;
            _owner = TryOpen();
            _file = _owner?.SafeFileHandle;
        }

        if (_file is not null)
        {
            try
            {
                RandomAccess.Write(_file, bytes, _stored);
                _stored += bytes.Length;
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                BringIntoMemory(); // a full disk: the run goes on in memory
            }
        }

        StoreInChunks(bytes);
    }

    private FileStream? TryOpen()
    {
        try
        {
            return _openSpill();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return null; // no temporary folder, or not writable: memory
        }
    }

    /// <summary>Moves what the file holds into chunks and closes it (what failed to be written is still in the caller's hands).</summary>
    private void BringIntoMemory()
    {
        var file = _file!;
        using var owner = _owner;
        var stored = _stored;
        _file = null;
        _owner = null;
        _stored = 0;
        var block = new byte[ChunkSize];
        for (long at = 0; at < stored;)
        {
            var part = block.AsSpan(0, (int)Math.Min(block.Length, stored - at));
            ReadFile(file, at, part);
            StoreInChunks(part);
            at += part.Length;
        }
    }

    private void StoreInChunks(ReadOnlySpan<byte> bytes)
    {
        _chunks ??= [];
        while (!bytes.IsEmpty)
        {
            var offset = (int)(_stored & (ChunkSize - 1));
            if (offset == 0 && _chunks.Count == (int)(_stored >> ChunkBits))
            {
                _chunks.Add(new byte[ChunkSize]);
            }

            var part = Math.Min(bytes.Length, ChunkSize - offset);
            bytes[..part].CopyTo(_chunks[(int)(_stored >> ChunkBits)].AsSpan(offset));
            bytes = bytes[part..];
            _stored += part;
        }
    }

    private void ReadStored(long position, Span<byte> destination)
    {
        if (_file is not null)
        {
            ReadFile(_file, position, destination);
            return;
        }

        while (!destination.IsEmpty)
        {
            var offset = (int)(position & (ChunkSize - 1));
            var part = Math.Min(destination.Length, ChunkSize - offset);
            _chunks![(int)(position >> ChunkBits)].AsSpan(offset, part).CopyTo(destination);
            destination = destination[part..];
            position += part;
        }
    }

    private static void ReadFile(SafeFileHandle file, long position, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            var read = RandomAccess.Read(file, destination, position);
            if (read <= 0)
            {
                throw new IOException("The temporary file of ids ended early. / id 临时文件提前结束。");
            }

            destination = destination[read..];
            position += read;
        }
    }
}
