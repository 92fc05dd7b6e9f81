using System.Collections.Immutable;
using System.Reflection;
using PolicyRules.Rules;

namespace PolicyRules.Model;

/// <summary>One field of a record contract: its name, kind, meaning and allowed values, as its declaration states them.</summary>
public sealed class ProfileField
{
    internal ProfileField(int index, PropertyInfo property, FieldKind kind, Records.FieldDeclaration declaration)
    {
        Index = index;
        Property = property;
        Kind = kind;
        Declaration = declaration;
        Name = declaration.Name;
        var (min, max) = Records.FieldKinds.IsNumeric(kind) ? Records.FieldKinds.KindRange(kind) : (0m, 0m);
        Min = declaration.Min ?? (Records.FieldKinds.IsNumeric(kind) ? min : null);
        Max = declaration.Max ?? (Records.FieldKinds.IsNumeric(kind) ? max : null);
    }

    /// <summary>Position in its schema's <see cref="RecordSchema.Fields"/>; also the bit in a <see cref="FieldSet"/>.</summary>
    public int Index { get; }

    /// <summary>The contract name: CSV header and JSON property (camelCase).</summary>
    public string Name { get; }

    /// <summary>The C# property that holds the field.</summary>
    public PropertyInfo Property { get; }

    /// <summary>How values are written.</summary>
    public FieldKind Kind { get; }

    /// <summary>The field's title in Chinese, as its declaration states it.</summary>
    public string MeaningZh => Declaration.Title.Zh;

    /// <summary>The field's title in both languages.</summary>
    public BilingualText Title => Declaration.Title;

    /// <summary>The unit values are in, when the declaration names one.</summary>
    public string? Unit => Declaration.Unit;

    /// <summary>The period a value covers, when the declaration names one.</summary>
    public string? Period => Declaration.Period;

    /// <summary>The smallest value accepted (numeric fields): the declaration's <c>Min</c>, else the kind's.</summary>
    public decimal? Min { get; }

    /// <summary>The largest value accepted (numeric fields): the declaration's <c>Max</c>, else the kind's.</summary>
    public decimal? Max { get; }

    /// <summary>The allowed values of a choice field, in declared order; empty for other kinds.</summary>
    public ImmutableArray<string> Values => Declaration.Values;

    /// <summary>The declaration the field comes from.</summary>
    public Records.FieldDeclaration Declaration { get; }

    /// <summary>The fields of the schema this field belongs to, so a <see cref="FieldSet"/> can name its members.</summary>
    internal IReadOnlyList<ProfileField>? Owner { get; set; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
