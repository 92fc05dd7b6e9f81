using System.Reflection;

namespace PolicyRules.Model;

/// <summary>
/// The enterprise-profile contract as data: every field's contract name, kind and meaning, in the
/// order of <c>shared/spec/enterprise-profile.md</c> (then the fields added for later programmes).
/// A shortcut to <see cref="RecordSchema.Enterprise"/>.
/// </summary>
public static class ProfileSchema
{
    /// <summary>Largest amount of money accepted (10^18 元): far above any real enterprise and far
    /// below decimal's range, so sums over three years can never overflow.</summary>
    public const decimal MaxMoney = 1_000_000_000_000_000_000m;

    /// <summary>The fields in contract order.</summary>
    public static IReadOnlyList<ProfileField> Fields => RecordSchema.Enterprise.Fields;

    /// <summary>The <c>id</c> field, which every reader needs whatever the programmes read.</summary>
    public static ProfileField IdField => RecordSchema.Enterprise.IdField;

    /// <summary>Finds a field by its contract (camelCase) name, exactly.</summary>
    public static bool TryGetField(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProfileField? field) =>
        RecordSchema.Enterprise.TryGetField(name, out field);

    /// <summary>Finds the field behind a property of <see cref="EnterpriseProfile"/>.</summary>
    public static ProfileField? FieldOf(MemberInfo member) => RecordSchema.Enterprise.FieldOf(member);

    /// <summary>All fields as a set.</summary>
    public static FieldSet All => RecordSchema.Enterprise.All;

    /// <summary>Parses <paramref name="text"/> into <paramref name="profile"/>'s <paramref name="field"/>; null on success, else the reason.</summary>
    internal static string? TryAssign(EnterpriseProfile profile, ProfileField field, ReadOnlySpan<char> text) =>
        RecordSchema.Enterprise.TryAssign(profile, field, text);

    /// <summary>True for the fields that hold a number: money, counts, scores, percentages and decimals.</summary>
    internal static bool IsNumeric(ProfileField field) => Records.FieldKinds.IsNumeric(field.Kind);

    /// <summary>The smallest and largest values a reader accepts for a numeric field (its declared range within its kind's).</summary>
    internal static (decimal Min, decimal Max) RangeOf(ProfileField field) =>
        field.Min is { } min && field.Max is { } max ? (min, max) : throw new ArgumentException($"{field.Name} is not a numeric field.", nameof(field));

    /// <summary>The value of a numeric field as a decimal.</summary>
    internal static decimal GetNumber(EnterpriseProfile profile, ProfileField field) => RecordSchema.Enterprise.GetNumber(profile, field);

    /// <summary>
    /// Stores a numeric value into a profile that is not yet shared (a fresh copy): records are
    /// immutable once handed out, so callers copy first (<c>profile with { }</c>). A count must be whole.
    /// </summary>
    internal static void SetNumber(EnterpriseProfile profile, ProfileField field, decimal value) => RecordSchema.Enterprise.SetNumber(profile, field, value);
}
