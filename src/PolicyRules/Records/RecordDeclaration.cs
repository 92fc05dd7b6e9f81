using System.Collections.Immutable;
using PolicyRules.Model;
using PolicyRules.Rules;

namespace PolicyRules.Records;

/// <summary>
/// A record kind, or an extension of one, exactly as a <c>*.record.json</c> file declares it
/// (shape in <c>rules/policyrules-record.schema.json</c>, guide in docs/rules-authoring.md).
/// Knows nothing of JSON or of CLR types.
/// </summary>
public sealed record RecordDeclaration
{
    /// <summary>The record kind's name (<c>Record</c>), or for an extension the kind it extends (<c>Extends</c>).</summary>
    public required string Name { get; init; }

    /// <summary>True for an extension (<c>"Extends": "Enterprise"</c>): it only adds fields to an existing kind.</summary>
    public bool IsExtension { get; init; }

    /// <summary>The name expressions use for the record (<c>project</c>); null for an extension.</summary>
    public string? Variable { get; init; }

    /// <summary>The kind's title; null for an extension.</summary>
    public BilingualText? Title { get; init; }

    /// <summary>The declared fields, in file order.</summary>
    public ImmutableArray<FieldDeclaration> Fields { get; init; } = [];

    /// <summary>Columns that were fields of this kind and were removed: every reader refuses them, naming what replaces them.</summary>
    public ImmutableArray<RetiredField> Retired { get; init; } = [];

    /// <summary>The file the declaration was read from.</summary>
    public required string SourcePath { get; init; }

    /// <summary>Where the <c>Record</c> (or <c>Extends</c>) value stands.</summary>
    public required SourceLocation Location { get; init; }
}

/// <summary>One declared field: its contract name, kind, unit, period, titles and allowed values.</summary>
public sealed record FieldDeclaration
{
    /// <summary>The contract name (camelCase): CSV header, JSON property and Parquet column; expressions read its PascalCase form.</summary>
    public required string Name { get; init; }

    /// <summary>How values are written and held.</summary>
    public required FieldKind Kind { get; init; }

    /// <summary>The unit values are in (<c>yuan</c>, <c>people</c>…), when there is one.</summary>
    public string? Unit { get; init; }

    /// <summary>The period a value covers (<c>Y1</c>, <c>end of Y1</c>, <c>total</c>…), when it matters.</summary>
    public string? Period { get; init; }

    /// <summary>What the field is, in Chinese and English.</summary>
    public required BilingualText Title { get; init; }

    /// <summary>A longer explanation, when the title is not enough.</summary>
    public BilingualText? Meaning { get; init; }

    /// <summary>The smallest value accepted (numeric kinds), within the kind's own range.</summary>
    public decimal? Min { get; init; }

    /// <summary>The largest value accepted (numeric kinds), within the kind's own range.</summary>
    public decimal? Max { get; init; }

    /// <summary>The allowed values of a <see cref="FieldKind.Choice"/> field, in order.</summary>
    public ImmutableArray<string> Values { get; init; } = [];

    /// <summary>Where the field's name stands.</summary>
    public required SourceLocation Location { get; init; }
}

/// <summary>A column removed from a record kind, with what replaces it.</summary>
/// <param name="Name">The old column name.</param>
/// <param name="Reason">Why it was removed and what to supply instead.</param>
public sealed record RetiredField(string Name, BilingualText Reason);
