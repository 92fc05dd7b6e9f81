namespace PolicyRules.Model;

/// <summary>
/// One person, as person-level programmes (YoungTalentLeader) read it. Its own contract beside the
/// enterprise profile: CSV columns and JSON properties are the camelCase property names
/// (see <c>docs/data-dictionary.md</c>).
/// </summary>
// Not sealed: a district's extension of the kind (a "*.record.json" with "Extends") is a type
// emitted at load that derives from this one, so every programme compiled over it reads its records.
public record PersonProfile
{
    /// <summary>Identifier (ID card number, talent-programme number or any unique key), echoed in every output row.</summary>
    public string Id { get; init; } = "";

    /// <summary>Display name.</summary>
    public string Name { get; init; } = "";

    /// <summary>Date of birth (出生日期).</summary>
    public DateOnly BirthDate { get; init; }

    /// <summary>The unified social credit code of the employer, for linking to enterprise results; may be empty.</summary>
    public string EmployerId { get; init; } = "";

    /// <summary>Holds a leading-talent qualification (领军人才资格: lead of a major project, key platform or equivalent).</summary>
    public bool LeadingTalentQualified { get; init; }
}
