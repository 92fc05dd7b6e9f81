using System.Numerics;
using System.Text;

namespace PolicyRules.Model;

/// <summary>A set of profile fields, as a bit mask over <see cref="ProfileField.Index"/>.</summary>
public readonly record struct FieldSet(ulong Bits)
{
    /// <summary>The empty set.</summary>
    public static FieldSet Empty => default;

    /// <summary>True when no field is in the set.</summary>
    public bool IsEmpty => Bits == 0;

    /// <summary>How many fields are in the set.</summary>
    public int Count => BitOperations.PopCount(Bits);

    /// <summary>The set with <paramref name="field"/> added.</summary>
    public FieldSet With(ProfileField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return new FieldSet(Bits | (1UL << field.Index));
    }

    /// <summary>True when <paramref name="field"/> is in the set.</summary>
    public bool Contains(ProfileField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return (Bits & (1UL << field.Index)) != 0;
    }

    /// <summary>The fields in both sets.</summary>
    public FieldSet Intersect(FieldSet other) => new(Bits & other.Bits);

    /// <summary>The fields in either set.</summary>
    public FieldSet Union(FieldSet other) => new(Bits | other.Bits);

    /// <summary>The first field of the set in contract order, or null when empty.</summary>
    public ProfileField? First => IsEmpty ? null : ProfileSchema.Fields[BitOperations.TrailingZeroCount(Bits)];

    /// <summary>The fields in contract order.</summary>
    public IEnumerable<ProfileField> Fields
    {
        get
        {
            var bits = Bits;
            while (bits != 0)
            {
                var index = BitOperations.TrailingZeroCount(bits);
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
