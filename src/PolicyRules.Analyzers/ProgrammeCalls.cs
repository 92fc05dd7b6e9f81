using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace PolicyRules.Analyzers;

/// <summary>What a parameter of a PolicyRules API stands for.</summary>
internal enum ParameterRole
{
    None,

    /// <summary>A programme name: <c>string programme</c>.</summary>
    ProgrammeName,

    /// <summary>Several programme names: <c>IEnumerable&lt;string&gt; programmes</c> and its kin.</summary>
    ProgrammeNames,

    /// <summary>A compiled programme, whose name is known when it came from <c>GetProgramme("…")</c>.</summary>
    Programme,

    /// <summary>The date an evaluation is as of: <c>DateOnly asOf</c> or <c>DateOnly? asOf</c>.</summary>
    AsOf,

    /// <summary>A record or records evaluated: a profile, a sequence of profiles, or <c>object record</c>.</summary>
    Record,

    /// <summary>A file of records screened: <c>string inputPath</c>.</summary>
    InputPath,
}

/// <summary>
/// Reads calls into the PolicyRules API (any method of an assembly named PolicyRules or PolicyRules.*)
/// through one table of parameter roles, by name and type. A new public API whose parameters follow
/// the conventions (<c>string programme</c>, <c>DateOnly asOf</c>, a profile) is checked by PR2001,
/// PR2002 and PR2003 with no change here; the sweep test over the public API keeps that true.
/// </summary>
internal sealed class ProgrammeCalls
{
    private const int MaxDepth = 4;

    private readonly INamedTypeSymbol? _enterprise;
    private readonly INamedTypeSymbol? _person;
    private readonly INamedTypeSymbol? _compiled;
    private readonly INamedTypeSymbol? _dateOnly;
    private readonly INamedTypeSymbol? _timeProvider;
    private readonly INamedTypeSymbol _enumerable;

    private ProgrammeCalls(Compilation compilation)
    {
        _enterprise = compilation.GetTypeByMetadataName("PolicyRules.Model.EnterpriseProfile");
        _person = compilation.GetTypeByMetadataName("PolicyRules.Model.PersonProfile");
        _compiled = compilation.GetTypeByMetadataName("PolicyRules.Compilation.CompiledProgramme");
        _dateOnly = compilation.GetTypeByMetadataName("System.DateOnly");
        _timeProvider = compilation.GetTypeByMetadataName("System.TimeProvider");
        _enumerable = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
    }

    public INamedTypeSymbol? Enterprise => _enterprise;

    public INamedTypeSymbol? Person => _person;

    /// <summary>The reader for a compilation that references PolicyRules; null when it does not.</summary>
    public static ProgrammeCalls? For(Compilation compilation) =>
        compilation.GetTypeByMetadataName("PolicyRules.PolicyEngine") is null ? null : new ProgrammeCalls(compilation);

    /// <summary>True for an ordinary method of a PolicyRules assembly (constructors, such as an exception's, are not calls to check).</summary>
    public static bool IsPolicyRulesCall(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var assembly = method.ContainingAssembly?.Name;
        return method.MethodKind is MethodKind.Ordinary or MethodKind.ReducedExtension
            && assembly is not null && (assembly == "PolicyRules" || assembly.StartsWith("PolicyRules.", System.StringComparison.Ordinal));
    }

    /// <summary>The role table: a parameter's role from its name and type.</summary>
    public ParameterRole Role(IParameterSymbol parameter)
    {
        var type = parameter.Type;
        return parameter.Name switch
        {
            "programme" when type.SpecialType == SpecialType.System_String => ParameterRole.ProgrammeName,
            "programmes" when ElementType(type)?.SpecialType == SpecialType.System_String => ParameterRole.ProgrammeNames,
            "asOf" when IsDateOnly(type) => ParameterRole.AsOf,
            "inputPath" when type.SpecialType == SpecialType.System_String => ParameterRole.InputPath,
            "record" when type.SpecialType == SpecialType.System_Object => ParameterRole.Record,
            _ when Is(type, _compiled) => ParameterRole.Programme,
            _ when RecordKind(type) is not null => ParameterRole.Record,
            _ => ParameterRole.None,
        };
    }

    /// <summary>The profile type of a profile or a sequence of profiles; null for anything else.</summary>
    public INamedTypeSymbol? RecordKind(ITypeSymbol? type)
    {
        if (type is null)
        {
            return null;
        }

        if (Is(type, _enterprise))
        {
            return _enterprise;
        }

        if (Is(type, _person))
        {
            return _person;
        }

        var element = ElementType(type);
        return element is not null && (Is(element, _enterprise) || Is(element, _person)) ? (INamedTypeSymbol)element : null;
    }

    /// <summary>
    /// The programme a call is about: its constant <c>programme</c> argument, or the name behind the
    /// compiled programme it is made on or given (<c>engine.GetProgramme("X", d).Evaluate(…)</c>,
    /// <c>GapAnalyser.Analyse(engine.GetProgramme("X", d), …)</c>, or a local holding one).
    /// </summary>
    public string? ProgrammeOf(IInvocationOperation invocation, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        foreach (var argument in invocation.Arguments)
        {
            switch (argument.Parameter is null ? ParameterRole.None : Role(argument.Parameter))
            {
                case ParameterRole.ProgrammeName:
                    return argument.Value.ConstantValue is { HasValue: true, Value: string constant } ? constant : null;
                case ParameterRole.Programme when NameBehind(argument.Value, depth) is { } behind:
                    return behind;
            }
        }

        return invocation.Instance is { } instance && Is(instance.Type, _compiled) ? NameBehind(instance, depth) : null;
    }

    private string? NameBehind(IOperation value, int depth)
    {
        value = Unwrap(value);
        if (value is IInvocationOperation call && IsPolicyRulesCall(call))
        {
            return ProgrammeOf(call, depth + 1);
        }

        if (value is ILocalReferenceOperation local && depth < MaxDepth)
        {
            // Followed only when every value the local is given names the same programme.
            var names = ValuesOf(local).Select(v => NameBehind(v, depth + 1)).Distinct().ToList();
            return names.Count == 1 ? names[0] : null;
        }

        return null;
    }

    /// <summary>
    /// The clock the value reads — "DateTime.Today", "TimeProvider.System.GetUtcNow()" and the like —
    /// however wrapped (<c>DateOnly.FromDateTime(…)</c>) and through locals assigned from it; null when none.
    /// </summary>
    public string? ClockIn(IOperation value, int depth = 0)
    {
        foreach (var operation in value.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IPropertyReferenceOperation { Property: { IsStatic: true } property }
                    when property.Name is "Now" or "Today" or "UtcNow" && property.ContainingType.ToDisplayString() is "System.DateTime" or "System.DateTimeOffset":
                    return property.ContainingType.Name + "." + property.Name;
                case IInvocationOperation { TargetMethod.Name: "GetUtcNow" or "GetLocalNow" } call when Is(call.TargetMethod.ContainingType, _timeProvider):
                    return (call.Instance is IPropertyReferenceOperation { Property.Name: "System" } ? "TimeProvider.System." : "TimeProvider.") + call.TargetMethod.Name + "()";
                case IPropertyReferenceOperation { Property: { IsStatic: true, Name: "System" } property } when Is(property.ContainingType, _timeProvider):
                    return "TimeProvider.System";
                case ILocalReferenceOperation local when depth < MaxDepth:
                    foreach (var assigned in ValuesOf(local))
                    {
                        if (ClockIn(assigned, depth + 1) is { } clock)
                        {
                            return clock + ", through '" + local.Local.Name + "'";
                        }
                    }

                    break;
            }
        }

        return null;
    }

    /// <summary>The values a local is given in its declaration and by plain assignments in the same body.</summary>
    private static IEnumerable<IOperation> ValuesOf(ILocalReferenceOperation reference)
    {
        var model = reference.SemanticModel;
        var local = reference.Local;
        if (model is null || local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not VariableDeclaratorSyntax declarator)
        {
            yield break;
        }

        if (declarator.Initializer is { } initializer && model.GetOperation(initializer.Value) is { } initial)
        {
            yield return initial;
        }

        var body = declarator.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax or GlobalStatementSyntax)
            ?? declarator.SyntaxTree.GetRoot();
        foreach (var assignment in body.DescendantNodes().OfType<AssignmentExpressionSyntax>())
        {
            if (assignment.Left is IdentifierNameSyntax name && name.Identifier.ValueText == local.Name
                && model.GetOperation(assignment) is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } simple
                && SymbolEqualityComparer.Default.Equals(target.Local, local))
            {
                yield return simple.Value;
            }
        }
    }

    /// <summary>The value as written, before an implicit conversion (a profile passed as object, a DateOnly as DateOnly?).</summary>
    public static IOperation Unwrap(IOperation value)
    {
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        return value;
    }

    private bool IsDateOnly(ITypeSymbol type) =>
        Is(type, _dateOnly)
        || (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable && Is(nullable.TypeArguments[0], _dateOnly));

    private ITypeSymbol? ElementType(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType;
        }

        var sequence = type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, _enumerable)
            ? named
            : type.AllInterfaces.FirstOrDefault(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, _enumerable));
        return sequence?.TypeArguments[0];
    }

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
        type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
}
