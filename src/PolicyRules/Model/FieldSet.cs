using System.Text;

namespace PolicyRules.Model;

/// <summary>
/// A set of fields of one <see cref="RecordSchema"/>, as a bit mask over <see cref="ProfileField.Index"/>.
/// <see cref="Fields"/> and <see cref="ToString"/> name enterprise fields; for other schemas use
/// <see cref="RecordSchema.FieldsIn"/>.
/// </summary>
public readonly record struct FieldSet(UInt128 Bits)
{
    /// <summary>The empty set.</summary>
    public static FieldSet Empty => default;

    /// <summary>True when no field is in the set.</summary>
    public bool IsEmpty => Bits == UInt128.Zero;

    /// <summary>How many fields are in the set.</summary>
    public int Count => (int)UInt128.PopCount(Bits);

    /// <summary>The set with <paramref name="field"/> added.</summary>
    public FieldSet With(ProfileField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return new FieldSet(Bits | (UInt128.One << field.Index));
    }

    /// <summary>True when <paramref name="field"/> is in the set.</summary>
    public bool Contains(ProfileField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return (Bits & (UInt128.One << field.Index)) != 0;
    }

    /// <summary>True when the field at <paramref name="index"/> of its schema is in the set.</summary>
    public bool Contains(int index) => (Bits & (UInt128.One << index)) != 0;

    /// <summary>The fields in both sets.</summary>
    public FieldSet Intersect(FieldSet other) => new(Bits & other.Bits);

    /// <summary>The fields in either set.</summary>
    public FieldSet Union(FieldSet other) => new(Bits | other.Bits);

    /// <summary>The first field of the set in contract order, or null when empty.</summary>
    public ProfileField? First => IsEmpty ? null : ProfileSchema.Fields[(int)UInt128.TrailingZeroCount(Bits)];

    /// <summary>The fields in contract order.</summary>
    public IEnumerable<ProfileField> Fields
    {
        get
        {
            var bits = Bits;
            while (bits != UInt128.Zero)
            {
                var index = (int)UInt128.TrailingZeroCount(bits);
                yield return ProfileSchema.Fields[index];
                bits &= bits - 1;
            }
        }
    }

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
}
