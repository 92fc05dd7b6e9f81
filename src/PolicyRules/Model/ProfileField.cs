using System.Reflection;

namespace PolicyRules.Model;

/// <summary>One column of the enterprise-profile contract: its name, kind and meaning.</summary>
public sealed class ProfileField
{
    internal ProfileField(int index, PropertyInfo property, FieldKind kind, string meaningZh)
    {
        Index = index;
        Property = property;
        Kind = kind;
        MeaningZh = meaningZh;
        Name = char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
    }

    /// <summary>Position in <see cref="ProfileSchema.Fields"/>; also the bit in a <see cref="FieldSet"/>.</summary>
    public int Index { get; }

    /// <summary>The contract name: CSV header and JSON property (camelCase).</summary>
    public string Name { get; }

    /// <summary>The C# property on <see cref="EnterpriseProfile"/>.</summary>
    public PropertyInfo Property { get; }

    /// <summary>How values are written.</summary>
    public FieldKind Kind { get; }

    /// <summary>The field's meaning in Chinese, as the contract states it.</summary>
    public string MeaningZh { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
