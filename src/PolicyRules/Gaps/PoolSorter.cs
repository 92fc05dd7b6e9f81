using System.Text;
using Microsoft.Win32.SafeHandles;

namespace PolicyRules.Gaps;

/// <summary>
/// Sorts the reserve pool in bounded memory: rows gather up to a budget, each full run is sorted and
/// written to a temporary file beside the output, and the runs are merged at the end; a pool within
/// the budget never touches the disk. The pool of a million enterprises is some 130,000 rows of two
/// gap texts each (~200 MB as objects), so holding it whole made the run's memory grow with the input.
/// </summary>
internal sealed class PoolSorter : IDisposable
{
    private const int ReadBuffer = 1 << 16;

    /// <summary>UTF-8 that refuses what it cannot carry (a lone surrogate) instead of writing U+FFFD: a row comes back as written, or not at all.</summary>
    private static readonly UTF8Encoding Exact = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly long _budget;
    private readonly string? _outputPath;
    private readonly List<PoolRow> _rows = [];
    private readonly List<(long Start, int Count)> _runs = [];
    private long _size;
    private FileStream? _file;

    /// <param name="budget">Bytes of rows held before a run is written out.</param>
    /// <param name="outputPath">The output the runs' file is made beside (its folder is writable; null: the temporary folder).</param>
    public PoolSorter(long budget, string? outputPath)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budget);
        _budget = budget;
        _outputPath = outputPath;
    }

    /// <summary>Rows added.</summary>
    public long Count { get; private set; }

    /// <summary>Runs written to disk so far.</summary>
    internal int RunsWritten => _runs.Count;

    public void Add(PoolRow row)
    {
        _rows.Add(row);
        _size += row.Size;
        Count++;
        if (_size >= _budget)
        {
            WriteRun();
        }
    }

    /// <summary>Every row added, in the pool's order (each once; read once).</summary>
    public IEnumerable<PoolRow> Sorted()
    {
        if (_runs.Count == 0)
        {
            _rows.Sort(static (a, b) => a.Key.CompareTo(b.Key));
            return _rows;
        }

        if (_rows.Count > 0)
        {
            WriteRun();
        }

        _file!.Flush();
        return Merge(_file.SafeFileHandle);
    }

    public void Dispose() => _file?.Dispose(); // deletes the runs

    private void WriteRun()
    {
        _rows.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        _file ??= Output.SpillFiles.OpenBeside(_outputPath, ReadBuffer, "pool");
        var start = _file.Position;
        using (var writer = new BinaryWriter(_file, Exact, leaveOpen: true))
        {
            foreach (var row in _rows)
            {
                Write(writer, row);
            }
        }

        _runs.Add((start, _rows.Count));
        _rows.Clear();
        _size = 0;
    }

    private IEnumerable<PoolRow> Merge(SafeFileHandle file)
    {
        var readers = _runs.Select(run => new BinaryReader(new BufferedStream(new RegionStream(file, run.Start), ReadBuffer), Exact)).ToArray();
        var left = _runs.Select(run => run.Count).ToArray();
        var heads = new PriorityQueue<(PoolRow Row, int Run), PoolKey>(readers.Length);
        for (var r = 0; r < readers.Length; r++)
        {
            Next(r);
        }

        while (heads.TryDequeue(out var head, out _))
        {
            yield return head.Row;
            Next(head.Run);
        }

        void Next(int run)
        {
            if (left[run]-- > 0)
            {
                var row = Read(readers[run]);
                heads.Enqueue((row, run), row.Key);
            }
        }
    }

    private static void Write(BinaryWriter writer, PoolRow row)
    {
        writer.Write(row.Key.Failed);
        writer.Write(row.Key.NotClosable);
        writer.Write(row.Key.Largest.HasValue);
        writer.Write(row.Key.Largest.GetValueOrDefault());
        writer.Write(row.Key.InputIndex);
        writer.Write(row.Id);
        writer.Write(row.Name);
        writer.Write(row.Failed);
        writer.Write(row.GapsZh);
        writer.Write(row.GapsEn);
    }

    private static PoolRow Read(BinaryReader reader)
    {
        var failed = reader.ReadInt32();
        var notClosable = reader.ReadInt32();
        var hasLargest = reader.ReadBoolean();
        var largest = reader.ReadDecimal();
        var key = new PoolKey(failed, notClosable, hasLargest ? largest : null, reader.ReadInt64());
        return new PoolRow(key, reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadString());
    }

    /// <summary>The file from a position on, read by position: one file serves every run's reader.</summary>
    private sealed class RegionStream(SafeFileHandle file, long start) : Input.ForwardReadStream
    {
        private long _at = start;

        public override int Read(Span<byte> buffer)
        {
            var read = RandomAccess.Read(file, buffer, _at);
            _at += read;
            return read;
        }
    }
}
