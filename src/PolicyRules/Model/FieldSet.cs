using System.Numerics;
using System.Text;

namespace PolicyRules.Model;

/// <summary>
/// A set of fields of one <see cref="RecordSchema"/>, as bits over <see cref="ProfileField.Index"/>.
/// Unbounded: the first 128 fields are held inline (no allocation, as before records were declared
/// as data), any beyond in a small array that is never changed after the set is made.
/// </summary>
public readonly struct FieldSet : IEquatable<FieldSet>
{
    private const int InlineBits = 128;

    private readonly UInt128 _low;

    // Bits 128 and up, 64 per word, without trailing zero words (so equal sets have equal arrays).
    private readonly ulong[]? _high;

    // The schema's fields, so a set can name its members; null for the empty set.
    private readonly IReadOnlyList<ProfileField>? _fields;

    private FieldSet(UInt128 low, ulong[]? high, IReadOnlyList<ProfileField>? fields)
    {
        _low = low;
        _high = high;
        _fields = fields;
    }

    /// <summary>The empty set.</summary>
    public static FieldSet Empty => default;

    /// <summary>The empty set over a schema's fields (so sets unioned into it name fields by that schema).</summary>
    internal static FieldSet EmptyOf(IReadOnlyList<ProfileField> fields) => new(UInt128.Zero, null, fields);

    /// <summary>Every field of <paramref name="fields"/> (a schema's fields in order).</summary>
    internal static FieldSet AllOf(IReadOnlyList<ProfileField> fields)
    {
        var set = new FieldSet(UInt128.Zero, null, fields);
        foreach (var field in fields)
        {
            set = set.With(field);
        }

        return set;
    }

    /// <summary>True when no field is in the set.</summary>
    public bool IsEmpty => _low == UInt128.Zero && _high is null;

    /// <summary>How many fields are in the set.</summary>
    public int Count
    {
        get
        {
            var count = (int)UInt128.PopCount(_low);
            foreach (var word in _high ?? [])
            {
                count += BitOperations.PopCount(word);
            }

            return count;
        }
    }

    /// <summary>The set with <paramref name="field"/> added.</summary>
    public FieldSet With(ProfileField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var fields = Wider(_fields, field.Owner);
        if (field.Index < InlineBits)
        {
            return new FieldSet(_low | (UInt128.One << field.Index), _high, fields);
        }

        var word = (field.Index - InlineBits) / 64;
        var high = new ulong[Math.Max(word + 1, _high?.Length ?? 0)];
        _high?.CopyTo(high, 0);
        high[word] |= 1UL << ((field.Index - InlineBits) % 64);
        return new FieldSet(_low, high, fields);
    }

    /// <summary>True when <paramref name="field"/> is in the set.</summary>
    public bool Contains(ProfileField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return Contains(field.Index);
    }

    /// <summary>True when the field at <paramref name="index"/> of its schema is in the set.</summary>
    public bool Contains(int index)
    {
        if (index < InlineBits)
        {
            return index >= 0 && (_low & (UInt128.One << index)) != 0;
        }

        var word = (index - InlineBits) / 64;
        return _high is { } high && word < high.Length && (high[word] & (1UL << ((index - InlineBits) % 64))) != 0;
    }

    /// <summary>The fields in both sets.</summary>
    public FieldSet Intersect(FieldSet other)
    {
        ulong[]? high = null;
        if (_high is not null && other._high is not null)
        {
            var length = Math.Min(_high.Length, other._high.Length);
            while (length > 0 && (_high[length - 1] & other._high[length - 1]) == 0)
            {
                length--;
            }

            if (length > 0)
            {
                high = new ulong[length];
                for (var i = 0; i < length; i++)
                {
                    high[i] = _high[i] & other._high[i];
                }
            }
        }

        return new FieldSet(_low & other._low, high, Wider(_fields, other._fields));
    }

    /// <summary>The fields in either set.</summary>
    public FieldSet Union(FieldSet other)
    {
        var high = _high;
        if (other._high is not null)
        {
            high = _high is null ? other._high : new ulong[Math.Max(_high.Length, other._high.Length)];
            if (_high is not null)
            {
                for (var i = 0; i < high.Length; i++)
                {
                    high[i] = (i < _high.Length ? _high[i] : 0) | (i < other._high.Length ? other._high[i] : 0);
                }
            }
        }

        return new FieldSet(_low | other._low, high, Wider(_fields, other._fields));
    }

    /// <summary>The first field of the set in contract order, or null when empty.</summary>
    public ProfileField? First
    {
        get
        {
            foreach (var member in Fields)
            {
                return member;
            }

            return null;
        }
    }

    /// <summary>The fields in contract order.</summary>
    public IEnumerable<ProfileField> Fields
    {
        get
        {
            var fields = _fields ?? ProfileSchema.Fields;
            var bits = _low;
            while (bits != UInt128.Zero)
            {
                yield return fields[(int)UInt128.TrailingZeroCount(bits)];
                bits &= bits - 1;
            }

            for (var word = 0; word < (_high?.Length ?? 0); word++)
            {
                var rest = _high![word];
                while (rest != 0)
                {
                    yield return fields[InlineBits + (word * 64) + BitOperations.TrailingZeroCount(rest)];
                    rest &= rest - 1;
                }
            }
        }
    }

    /// <inheritdoc/>
    public bool Equals(FieldSet other) =>
        _low == other._low && (_high ?? []).AsSpan().SequenceEqual(other._high ?? []);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is FieldSet other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_low);
        foreach (var word in _high ?? [])
        {
            hash.Add(word);
        }

        return hash.ToHashCode();
    }

    /// <summary>True when both sets hold the same fields.</summary>
    public static bool operator ==(FieldSet left, FieldSet right) => left.Equals(right);

    /// <summary>True when the sets differ.</summary>
    public static bool operator !=(FieldSet left, FieldSet right) => !left.Equals(right);

    /// <summary>The contract names, comma-separated.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var field in Fields)
        {
            if (text.Length > 0)
            {
                text.Append(", ");
            }

            text.Append(field.Name);
        }

        return text.ToString();
    }

    // An extension's schema starts with the fields of the kind it extends, so the longer list names both.
    private static IReadOnlyList<ProfileField>? Wider(IReadOnlyList<ProfileField>? a, IReadOnlyList<ProfileField>? b) =>
        a is null ? b : b is null || a.Count >= b.Count ? a : b;
}
