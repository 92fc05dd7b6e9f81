using System.Collections.Frozen;
using System.Linq.Dynamic.Core;
using System.Linq.Dynamic.Core.CustomTypeProviders;
using System.Reflection;
using PolicyRules.Evaluation;
using PolicyRules.Expressions;
using PolicyRules.Model;

namespace PolicyRules.Compilation;

/// <summary>
/// What a rule expression may reach: the input model, our helper classes and a few pure members of
/// the base library. The parser is told only of these types, and every parsed tree is walked again
/// (<see cref="ExpressionChecker"/>) so that nothing the parser knows by itself — <c>DateTime.Now</c>,
/// <c>Convert</c>, <c>Math</c> on doubles — slips through.
/// </summary>
public static class AllowList
{
    /// <summary>The helper classes expressions may call, by the name they are written with.</summary>
    public static IReadOnlyList<Type> HelperTypes { get; } = [typeof(Ratio), typeof(Tiers), typeof(Dates), typeof(Num), typeof(SizeTable)];

    /// <summary>The model types expressions may see.</summary>
    public static IReadOnlyList<Type> ModelTypes { get; } = [typeof(EnterpriseProfile), typeof(PersonProfile), typeof(Industry), typeof(SizeClass), typeof(GreenFactoryLevel), typeof(ProgrammeOutcomes)];

    private static readonly FrozenSet<Type> ValueTypes = new[]
    {
        typeof(bool), typeof(int), typeof(long), typeof(decimal), typeof(string), typeof(DateOnly),
        typeof(Industry), typeof(SizeClass), typeof(GreenFactoryLevel), typeof(EnterpriseProfile), typeof(PersonProfile), typeof(ProgrammeOutcomes), typeof(TierTable),
    }.ToFrozenSet();

    private static readonly FrozenSet<string> DecimalOperators = new[]
    {
        "op_Addition", "op_Subtraction", "op_Multiply", "op_Division", "op_Modulus", "op_UnaryNegation", "op_UnaryPlus",
        "op_Equality", "op_Inequality", "op_LessThan", "op_LessThanOrEqual", "op_GreaterThan", "op_GreaterThanOrEqual",
        "op_Implicit", "op_Explicit", "Compare", "Equals",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly Provider TypeProvider = new();

    /// <summary>
    /// A fresh parser configuration (case-insensitive, as RulesEngine's default). Fresh for every
    /// expression: System.Linq.Dynamic.Core caches numeric literals per configuration by value, so a
    /// shared one lets a double literal in one expression (say 0.1d) turn a later 0.10 into a double.
    /// The enums of the base library (<c>DayOfWeek</c>, <c>StringComparison</c>, …) are not known to
    /// the parser: no rule may use them (they are not in the allow-list), and building the parser's
    /// table of them loads and scans five framework assemblies (System.Private.Xml among them) on the
    /// first parse — ~85 ms of CPU in every fresh process, the build-time analyzer's included. Its
    /// promoter remembers answers by type (<see cref="RememberingPromoter"/>; switched off only by the
    /// test that shows the trees equal without it).
    /// </summary>
    internal static ParsingConfig CreateParsingConfig(bool rememberPromotions = true)
    {
        var config = new ParsingConfig
        {
            CustomTypeProvider = TypeProvider,
            IsCaseSensitive = false,
            SupportEnumerationsFromSystemNamespace = false,
        };
        if (rememberPromotions)
        {
            config.ExpressionPromoter = new RememberingPromoter(config);
        }

        return config;
    }

    /// <summary>True when values of <paramref name="type"/> may appear in an expression.</summary>
    public static bool IsAllowedType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsArray)
        {
            return IsAllowedType(type.GetElementType()!);
        }

        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        // A declared record kind's emitted type: its members are still checked one by one (IsAllowedMember).
        return ValueTypes.Contains(underlying) || RecordSchema.For(underlying) is not null;
    }

    /// <summary>True when an expression may read <paramref name="member"/>.</summary>
    public static bool IsAllowedMember(MemberInfo member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var type = member.DeclaringType;
        if (RecordSchema.For(type) is { } schema)
        {
            return schema.FieldOf(member) is not null;
        }

        if (type == typeof(DateOnly))
        {
            return member.Name is nameof(DateOnly.Year) or nameof(DateOnly.Month) or nameof(DateOnly.Day) or nameof(DateOnly.DayNumber);
        }

        if (type == typeof(string))
        {
            return member.Name == nameof(string.Length);
        }

        return type is { IsGenericType: true } && type.GetGenericTypeDefinition() == typeof(Nullable<>)
            && member.Name is "HasValue" or "Value";
    }

    /// <summary>True when an expression may call <paramref name="method"/>.</summary>
    public static bool IsAllowedMethod(MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var type = method.DeclaringType;
        if (type is null)
        {
            return false;
        }

        if (HelperTypes.Contains(type))
        {
            return method.IsStatic && method.IsPublic;
        }

        if (type == typeof(ProgrammeOutcomes))
        {
            return method.Name is nameof(ProgrammeOutcomes.Eligible) or nameof(ProgrammeOutcomes.Score) or nameof(ProgrammeOutcomes.Classification);
        }

        if (type == typeof(TierTable))
        {
            return method.Name == nameof(TierTable.Lookup);
        }

        if (type == typeof(decimal) || type == typeof(DateOnly))
        {
            return DecimalOperators.Contains(method.Name);
        }

        if (type == typeof(string))
        {
            // Not Concat (string '+'): a chain of parameters each doubling a string exhausts memory.
            return OrdinalText.IsAllowed(method);
        }

        // DLC writes `x in ("A", "B")` as Enumerable.Contains over an array literal.
        return type == typeof(Enumerable) && method.Name == nameof(Enumerable.Contains);
    }

    private sealed class Provider : IDynamicLinqCustomTypeProvider
    {
        private static readonly HashSet<Type> Types = [.. HelperTypes, .. ModelTypes];

        public HashSet<Type> GetCustomTypes() => Types;

        public Dictionary<Type, List<MethodInfo>> GetExtensionMethods() => [];

        public Type? ResolveType(string typeName) => null;

        public Type? ResolveTypeBySimpleName(string simpleTypeName) => null;
    }
}
