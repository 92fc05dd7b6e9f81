using System.Numerics;
using System.Runtime.InteropServices;

namespace PolicyRules.Screening;

/// <summary>
/// The distinct byte strings one programme's cells take in the formatted rows, each numbered once: a
/// spilled row (<see cref="CsvRowSpill"/>) names a programme's cells by number instead of writing them
/// again. Most programmes' cells take a few hundred values over a million rows (eligible, class, failed
/// criteria); one whose cells are all different (a score) fills the table and is then written out.
/// </summary>
/// <remarks>Bounded: at most <see cref="Capacity"/> strings, together at most <see cref="Budget"/> bytes.</remarks>
internal sealed class SegmentTable
{
    /// <summary>The most strings a table keeps.</summary>
    public const int DefaultCapacity = 8192;

    /// <summary>The most bytes a table keeps, its strings together.</summary>
    public const int DefaultBudget = 1 << 19;

    /// <summary>The longest string a table keeps (longer ones are always written out).</summary>
    public const int MaxLength = 1024;

    private int _kept;

    private readonly Dictionary<byte[], int> _numbers;
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly List<byte[]> _strings = [];

    public SegmentTable(int capacity = DefaultCapacity, int budget = DefaultBudget)
    {
        Capacity = capacity;
        Budget = budget;
        _numbers = new Dictionary<byte[], int>(ByteStringComparer.Instance);
        _lookup = _numbers.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int Capacity { get; }

    public int Budget { get; }

    /// <summary>The number of <paramref name="bytes"/>, numbered now if the table has room; -1 when it is not kept.</summary>
    public int Number(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxLength)
        {
            return -1;
        }

        if (_lookup.TryGetValue(bytes, out var number))
        {
            return number;
        }

        if (_strings.Count == Capacity || _kept + bytes.Length > Budget)
        {
            return -1;
        }

        _kept += bytes.Length;
        var kept = bytes.ToArray();
        _numbers.Add(kept, _strings.Count);
        _strings.Add(kept);
        return _strings.Count - 1;
    }

    /// <summary>The string numbered <paramref name="number"/>.</summary>
    public ReadOnlySpan<byte> this[int number] => _strings[number];

    /// <summary>Byte strings compared by content, looked up by a span without copying it.</summary>
    private sealed class ByteStringComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly ByteStringComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        /// <summary>
        /// Eight bytes a step, multiplied and rotated (a row's programmes hash ~700 bytes: HashCode.AddBytes's four
        /// bytes a step cost a tenth of a second a million rows more). Not keyed: the strings are the results' own
        /// cells, and a table keeps a bounded number of them, so a crafted collision costs at most that many comparisons.
        /// </summary>
        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            const ulong Multiplier = 0x9E3779B97F4A7C15;
            var hash = (ulong)alternate.Length * Multiplier;
            var words = MemoryMarshal.Cast<byte, ulong>(alternate);
            foreach (var word in words)
            {
                hash = BitOperations.RotateLeft((hash ^ word) * Multiplier, 29);
            }

            ulong tail = 0;
            foreach (var b in alternate[(words.Length * sizeof(ulong))..])
            {
                tail = (tail << 8) | b;
            }

            hash = (hash ^ tail) * Multiplier;
            return (int)(hash >> 32) ^ (int)hash;
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
