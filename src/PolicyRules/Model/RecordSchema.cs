// Longer than ~400 lines on purpose: one type: a record kind's field table with the lookups, bindings and checks that read it; the parts share its private indexes.
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using PolicyRules.Records;
using PolicyRules.Rules;

namespace PolicyRules.Model;

/// <summary>
/// A record kind as data — the enterprise profile, the person profile, or a kind declared in a
/// <c>*.record.json</c> file (and any extensions of it): every field's contract name, kind, meaning
/// and range in declaration order, the CLR type that holds a record, and the parsing every reader
/// (CSV, JSON, Parquet, .xlsx) shares.
/// </summary>
public sealed class RecordSchema
{
    // Which schema a CLR type's records follow: the bundled classes and every emitted type.
    private static readonly ConditionalWeakTable<Type, RecordSchema> ByType = new();

    private readonly FrozenDictionary<string, ProfileField> _byName;
    private readonly FrozenDictionary<string, ProfileField> _byProperty;
    // Compiled on first use, not with the schema: the rule checker (lint, the build-time analyzer)
    // needs the fields but never reads or writes a record, and compiling ~160 accessors is ~40 ms
    // of CPU in a fresh process.
    private object[]? _setters;
    private object[]? _getters;
    private Func<object>? _create;

    private readonly FrozenDictionary<string, string> _retired;

    private RecordSchema(string name, string variable, BilingualText title, Type recordType, ProfileField[] fields,
        ImmutableArray<RetiredField> retired, ImmutableArray<RecordDeclaration> declarations, RecordSchema? extends)
    {
        Name = name;
        Variable = variable;
        Title = title;
        RecordType = recordType;
        Declarations = declarations;
        Extends = extends;
        _retired = retired.ToFrozenDictionary(r => r.Name, r => $"{r.Reason.En} / {r.Reason.Zh}", StringComparer.Ordinal);
        foreach (var field in fields)
        {
            field.Owner = fields;
        }

        Fields = fields;
        _byName = fields.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
        _byProperty = fields.ToFrozenDictionary(f => f.Property.Name, StringComparer.Ordinal);
        All = FieldSet.AllOf(fields);
        ByType.AddOrUpdate(recordType, this);
    }

    /// <summary>The enterprise profile, as <c>rules/Enterprise.record.json</c> declares it, held by <see cref="EnterpriseProfile"/>.</summary>
    public static RecordSchema Enterprise { get; } = Bundled("Enterprise.record.json", typeof(EnterpriseProfile));

    /// <summary>The person profile of person-level programmes (YoungTalentLeader), as <c>rules/Person.record.json</c> declares it.</summary>
    public static RecordSchema Person { get; } = Bundled("Person.record.json", typeof(PersonProfile));

    /// <summary>The schema of <paramref name="type"/>'s records, or null when it is not a record contract.</summary>
    public static RecordSchema? For(Type? type) => type is not null && ByType.TryGetValue(type, out var schema) ? schema : null;

    /// <summary>The record kind's name, as programmes' <c>Input</c> names it (<c>Enterprise</c>, <c>Project</c>).</summary>
    public string Name { get; }

    /// <summary>The name expressions read the record by (<c>enterprise</c>, <c>project</c>).</summary>
    public string Variable { get; }

    /// <summary>The kind's title.</summary>
    public BilingualText Title { get; }

    /// <summary>The declarations this schema was built from: the kind's own, then its extensions.</summary>
    public ImmutableArray<RecordDeclaration> Declarations { get; }

    /// <summary>For a kind with extensions, the schema without them (whose records the bundled programmes read); else null.</summary>
    public RecordSchema? Extends { get; }

    /// <summary>The C# record type.</summary>
    public Type RecordType { get; }

    /// <summary>The fields in contract order.</summary>
    public IReadOnlyList<ProfileField> Fields { get; }

    /// <summary>All fields as a set.</summary>
    public FieldSet All { get; }

    /// <summary>The <c>id</c> field, which every reader needs whatever the programmes read.</summary>
    public ProfileField IdField => _byName["id"];

    /// <summary>The record's display name (<c>name</c>), which reports and the reserve pool show; null when the contract has none.</summary>
    internal ProfileField? NameField => _byName.GetValueOrDefault("name");

    /// <summary>Finds a field by its contract (camelCase) name, exactly.</summary>
    public bool TryGetField(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProfileField? field) =>
        _byName.TryGetValue(name, out field);

    /// <summary>
    /// True when <paramref name="name"/> was a field of this contract and was removed; <paramref name="reason"/>
    /// then says, in English and Chinese, which field(s) replace it. Every reader refuses such a column
    /// rather than ignoring it: its values would otherwise be silently lost.
    /// </summary>
    internal bool TryGetRetired(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? reason) =>
        _retired.TryGetValue(name, out reason);

    /// <summary>Finds the field behind a property of <see cref="RecordType"/> (or of the type it derives from).</summary>
    public ProfileField? FieldOf(MemberInfo member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return member.DeclaringType is { } declaring && declaring.IsAssignableFrom(RecordType) && _byProperty.TryGetValue(member.Name, out var field)
            && field.Property.DeclaringType == declaring ? field : null;
    }

    /// <summary>The fields of <paramref name="set"/> (a set over this schema), in contract order.</summary>
    public IEnumerable<ProfileField> FieldsIn(FieldSet set)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (set.Contains(i))
            {
                yield return Fields[i];
            }
        }
    }

    /// <summary>The PascalCase property name expressions read a field by.</summary>
    internal static string PropertyName(string fieldName) => char.ToUpperInvariant(fieldName[0]) + fieldName[1..];

    /// <summary>
    /// The schema of a hand-written class (the bundled contracts): the declaration and the class must
    /// agree field by field — every declared field a public property of the kind's CLR type (an enum
    /// whose names are the declared values for a choice), and every public property declared.
    /// </summary>
    internal static RecordSchema FromClass(RecordDeclaration declaration, Type type)
    {
        var problems = new List<string>();
        var fields = new ProfileField[declaration.Fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            var field = declaration.Fields[i];
            var property = type.GetProperty(PropertyName(field.Name), BindingFlags.Public | BindingFlags.Instance);
            var kind = field.Kind;
            if (property is null)
            {
                problems.Add($"{field.Name}: {type.Name} has no property {PropertyName(field.Name)}");
                continue;
            }

            if (kind == FieldKind.Choice && property.PropertyType.IsEnum)
            {
                if (!Enum.GetNames(property.PropertyType).SequenceEqual(field.Values, StringComparer.Ordinal))
                {
                    problems.Add($"{field.Name}: the declared values differ from the names of {property.PropertyType.Name}");
                }

                kind = property.PropertyType == typeof(Industry) ? FieldKind.Industry : FieldKind.Choice;
            }
            else if (property.PropertyType != FieldKinds.ClrType(kind))
            {
                problems.Add($"{field.Name}: a {FieldKinds.NameOf(kind)} field is held as {FieldKinds.ClrType(kind).Name}, but {type.Name}.{property.Name} is {property.PropertyType.Name}");
            }

            fields[i] = new ProfileField(i, property, kind, field);
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            if (!declaration.Fields.Any(f => PropertyName(f.Name) == property.Name))
            {
                problems.Add($"{type.Name}.{property.Name} is not declared in {declaration.SourcePath}");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"{type.Name} and {declaration.SourcePath} disagree: {string.Join("; ", problems)}.");
        }

        return new RecordSchema(declaration.Name, declaration.Variable!, declaration.Title!, type, fields, declaration.Retired, [declaration], null);
    }

    /// <summary>The schema of a declared kind, held by a type emitted for it.</summary>
    internal static RecordSchema Emit(RecordDeclaration declaration, IReadOnlyList<RecordDeclaration> extensions, RecordTypeEmitter emitter)
    {
        var declared = declaration.Fields.Concat(extensions.SelectMany(e => e.Fields)).ToList();
        var type = emitter.Emit(declaration.Name, typeof(object), [.. declared.Select(f => (PropertyName(f.Name), FieldKinds.ClrType(f.Kind)))]);
        var fields = new ProfileField[declared.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = new ProfileField(i, type.GetProperty(PropertyName(declared[i].Name))!, declared[i].Kind, declared[i]);
        }

        return new RecordSchema(declaration.Name, declaration.Variable!, declaration.Title!, type, fields, declaration.Retired, [declaration, .. extensions], null);
    }

    /// <summary>
    /// This kind with the fields of <paramref name="extensions"/> added: a type deriving from
    /// <see cref="RecordType"/> holds them, so programmes compiled over the kind itself read its records unchanged.
    /// </summary>
    internal RecordSchema Extend(IReadOnlyList<RecordDeclaration> extensions, RecordTypeEmitter emitter)
    {
        var added = extensions.SelectMany(e => e.Fields).ToList();
        var type = emitter.Emit(RecordType.Name, RecordType, [.. added.Select(f => (PropertyName(f.Name), FieldKinds.ClrType(f.Kind)))]);
        var fields = new ProfileField[Fields.Count + added.Count];
        for (var i = 0; i < Fields.Count; i++)
        {
            fields[i] = new ProfileField(i, Fields[i].Property, Fields[i].Kind, Fields[i].Declaration);
        }

        for (var i = 0; i < added.Count; i++)
        {
            var index = Fields.Count + i;
            fields[index] = new ProfileField(index, type.GetProperty(PropertyName(added[i].Name), BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)!, added[i].Kind, added[i]);
        }

        var retired = Declarations.SelectMany(d => d.Retired).ToImmutableArray();
        return new RecordSchema(Name, Variable, Title, type, fields, retired, [.. Declarations, .. extensions], this);
    }

    private static RecordSchema Bundled(string resource, Type type)
    {
        using var stream = typeof(RecordSchema).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The bundled declaration {resource} is missing from {typeof(RecordSchema).Assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var diagnostics = new List<RuleDiagnostic>();
        var declaration = RecordFileReader.Read("rules/" + resource, copy.ToArray(), diagnostics)
            ?? throw new InvalidOperationException($"The bundled declaration {resource} has errors: {string.Join("; ", diagnostics)}");
        return FromClass(declaration, type);
    }

    /// <summary>
    /// The first field of <paramref name="read"/> that <paramref name="record"/> (of an emitted type)
    /// leaves unset, or null when all are set or the type does not track it (a hand-written class).
    /// </summary>
    internal ProfileField? FirstUnset(object record, FieldSet read)
    {
        foreach (var field in FieldsIn(read))
        {
            if (RecordTypeEmitter.SetFlag(field.Property) is { } flag && flag.DeclaringType!.IsInstanceOfType(record) && !(bool)flag.GetValue(record)!)
            {
                return field;
            }
        }

        return null;
    }

    // A shallow copy is a full one: fields hold values and immutable strings only.
    private static readonly Func<object, object> ShallowCopy =
        typeof(object).GetMethod(nameof(MemberwiseClone), BindingFlags.Instance | BindingFlags.NonPublic)!.CreateDelegate<Func<object, object>>();

    /// <summary>A copy of <paramref name="record"/> of the same type (set-field flags included), to change without touching the original.</summary>
    internal static object Copy(object record) => ShallowCopy(record);

    /// <summary>A new record with every field at its default.</summary>
    internal object Create() =>
        (_create ?? LazyInitializer.EnsureInitialized(ref _create, () => Expression.Lambda<Func<object>>(Expression.New(RecordType)).Compile()))();

    private object[] Setters => _setters ?? LazyInitializer.EnsureInitialized(ref _setters, () => [.. Fields.Select(CreateSetter)]);

    private object[] Getters => _getters ?? LazyInitializer.EnsureInitialized(ref _getters, () => [.. Fields.Select(CreateGetter)]);

    /// <summary>The value of a numeric field (count, money, score, percent) as a decimal.</summary>
    internal decimal GetNumber(object record, ProfileField field) => field.Kind switch
    {
        FieldKind.Count => ((Func<object, int>)Getters[field.Index])(record),
        _ when FieldKinds.IsDecimal(field.Kind) => ((Func<object, decimal>)Getters[field.Index])(record),
        _ => throw new ArgumentException($"{field.Name} is not a numeric field.", nameof(field)),
    };

    /// <summary>Stores a numeric value into a record not yet shared (a fresh copy). A count must be whole.</summary>
    internal void SetNumber(object record, ProfileField field, decimal value)
    {
        switch (field.Kind)
        {
            case FieldKind.Count:
                ((Action<object, int>)Setters[field.Index])(record, decimal.ToInt32(value));
                break;
            case FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent or FieldKind.Number:
                ((Action<object, decimal>)Setters[field.Index])(record, value);
                break;
            default:
                throw new ArgumentException($"{field.Name} is not a numeric field.", nameof(field));
        }
    }

    /// <summary>The id of a record of this schema.</summary>
    internal string IdOf(object record) => (string)IdField.Property.GetValue(record)!;

    /// <summary>
    /// Parses <paramref name="text"/> as a value of <paramref name="field"/> and stores it into
    /// <paramref name="record"/>. Returns null on success, else the reason in English and Chinese.
    /// An empty cell is not handled here: readers record it as missing.
    /// </summary>
    internal string? TryAssign(object record, ProfileField field, ReadOnlySpan<char> text)
    {
        var setter = Setters[field.Index];
        switch (field.Kind)
        {
            case FieldKind.Text:
                if (ReferenceEquals(field, IdField) && IsBlankId(text))
                {
                    return BlankIdReason;
                }

                ((Action<object, string>)setter)(record, text.ToString());
                return null;
            case FieldKind.Boolean:
                if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
                {
                    ((Action<object, bool>)setter)(record, true);
                    return null;
                }

                if (text.Equals("false", StringComparison.OrdinalIgnoreCase))
                {
                    ((Action<object, bool>)setter)(record, false);
                    return null;
                }

                return Reason(text, "expected true or false", "应为 true 或 false");
            case FieldKind.Date:
                if (TryParseIsoDate(text, out var date) || DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
                {
                    ((Action<object, DateOnly>)setter)(record, date);
                    return null;
                }

                return DateReason(text);
            case FieldKind.Count:
                if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count) && IsCountInRange(field, count))
                {
                    ((Action<object, int>)setter)(record, count);
                    return null;
                }

                return NumberReason(field, text);
            case FieldKind.Money or FieldKind.SignedMoney or FieldKind.Score or FieldKind.Percent or FieldKind.Number:
                var parsed = Input.DecimalText.Parse(text, out var amount);
                if (parsed == Input.DecimalParse.Exact && IsInRange(field, amount))
                {
                    ((Action<object, decimal>)setter)(record, amount);
                    return null;
                }

                return parsed == Input.DecimalParse.Inexact
                    ? Reason(text, "more digits than can be held exactly (at most 28 significant digits; nothing below 10^-28), so the value would be silently rounded", "位数超出精确表示范围（最多 28 位有效数字，不小于 10^-28），将被静默舍入")
                    : NumberReason(field, text);
            case FieldKind.Industry:
                if (TryParseName<Industry>(text, out var industry))
                {
                    ((Action<object, Industry>)setter)(record, industry);
                    return null;
                }

                return Reason(text, "expected one of " + string.Join(", ", Enum.GetNames<Industry>()), "应为以下行业名称之一：" + string.Join("、", Enum.GetNames<Industry>()));
            case FieldKind.Choice when field.Property.PropertyType == typeof(GreenFactoryLevel):
                if (TryParseName<GreenFactoryLevel>(text, out var level))
                {
                    ((Action<object, GreenFactoryLevel>)setter)(record, level);
                    return null;
                }

                return Reason(text, "expected one of " + string.Join(", ", Enum.GetNames<GreenFactoryLevel>()), "应为以下等级名称之一：" + string.Join("、", Enum.GetNames<GreenFactoryLevel>()));
            case FieldKind.Choice when field.Property.PropertyType == typeof(string):
                foreach (var choice in field.Values)
                {
                    if (text.Equals(choice, StringComparison.OrdinalIgnoreCase))
                    {
                        // The declared spelling, so expressions compare with one exact value.
                        ((Action<object, string>)setter)(record, choice);
                        return null;
                    }
                }

                return Reason(text, "expected one of " + string.Join(", ", field.Values), "应为以下取值之一：" + string.Join("、", field.Values));
            default:
                throw new InvalidOperationException($"Unknown field kind {field.Kind}.");
        }
    }

    /// <summary>
    /// True when <paramref name="value"/> is acceptable for a field of <paramref name="kind"/> (money,
    /// signed money, score, percent or count; a count must also be whole). Every reader applies this
    /// rule, to parsed text and to typed values alike.
    /// </summary>
    internal static bool IsInRange(FieldKind kind, decimal value) => kind switch
    {
        FieldKind.Money => IsPlainFen(value, out var negative) ? !negative : value >= 0 && value <= ProfileSchema.MaxMoney && IsWholeFen(value),
        FieldKind.SignedMoney => IsPlainFen(value, out _) || (value >= -ProfileSchema.MaxMoney && value <= ProfileSchema.MaxMoney && IsWholeFen(value)),
        FieldKind.Number => value >= -ProfileSchema.MaxMoney && value <= ProfileSchema.MaxMoney,
        FieldKind.Score or FieldKind.Percent => value >= 0 && value <= 100,
        FieldKind.Count => value >= 0 && value <= int.MaxValue && value == decimal.Truncate(value),
        _ => false,
    };

    /// <summary>
    /// True when <paramref name="value"/> is acceptable for <paramref name="field"/>: within its kind's
    /// range (<see cref="IsInRange(FieldKind, decimal)"/>) and within the range its declaration states.
    /// </summary>
    internal static bool IsInRange(ProfileField field, decimal value) =>
        IsInRange(field.Kind, value) && (field.Declaration.Min is not { } min || value >= min) && (field.Declaration.Max is not { } max || value <= max);

    /// <summary>
    /// <see cref="IsInRange(ProfileField, decimal)"/> for a count read as an <see cref="int"/> (whole and
    /// within int by construction): decided without decimal arithmetic unless the declaration bounds it.
    /// </summary>
    internal static bool IsCountInRange(ProfileField field, int count) =>
        count >= 0 && ((field.Declaration.Min is null && field.Declaration.Max is null) || IsInRange(field, count));

    /// <summary>
    /// Money is in yuan to the fen (分, 2 decimals), as accounts and tax returns state it: 1.005 is not an
    /// amount anyone owes or earns, so it is refused rather than rounded either way (1.000 is 1 yuan).
    /// </summary>
    private static bool IsWholeFen(decimal value) => decimal.Round(value, 2) == value;

    /// <summary>
    /// The common amount decided without decimal arithmetic (a bulk reader checks dozens a row): at
    /// most 2 decimals and a mantissa of at most 10^18, so whole fen and |value| ≤ 10^18.
    /// <paramref name="negative"/> is true below zero (not for -0). False leaves it to the general checks.
    /// </summary>
    private static bool IsPlainFen(decimal value, out bool negative)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        negative = bits[3] < 0 && mantissa != 0;
        return bits[2] == 0 && value.Scale <= 2 && mantissa <= 1_000_000_000_000_000_000UL;
    }

    /// <summary>Why <paramref name="shown"/> is not a value of numeric <paramref name="field"/>, in English and Chinese.</summary>
    internal static string NumberReason(ProfileField field, ReadOnlySpan<char> shown) => field.Declaration.Min is not null || field.Declaration.Max is not null
        ? Reason(shown, $"expected a {FieldKinds.NameOf(field.Kind)} value from {Shown(field.Min)} to {Shown(field.Max)}{(field.Kind is FieldKind.Money or FieldKind.SignedMoney ? ", to the fen (at most 2 decimals)" : "")}",
            $"应为 {Shown(field.Min)} 至 {Shown(field.Max)} 之间的{(field.Kind == FieldKind.Count ? "整数" : "数值")}（{FieldKinds.NameOf(field.Kind)}）{(field.Kind is FieldKind.Money or FieldKind.SignedMoney ? "，精确到分（最多 2 位小数）" : "")}")
        : field.Kind switch
    {
        FieldKind.Number => Reason(shown, "expected a number between -10^18 and 10^18", "应为 -10^18 至 10^18 之间的数值"),
        FieldKind.Count => Reason(shown, "expected a whole number ≥ 0", "应为不小于 0 的整数"),
        FieldKind.Money => Reason(shown, "expected an amount in yuan between 0 and 10^18, to the fen (at most 2 decimals)", "应为 0 至 10^18 之间的金额（元），精确到分（最多 2 位小数）"),
        FieldKind.SignedMoney => Reason(shown, "expected an amount in yuan between -10^18 and 10^18, to the fen (at most 2 decimals)", "应为 -10^18 至 10^18 之间的金额（元），精确到分（最多 2 位小数）"),
        FieldKind.Score => Reason(shown, "expected a score between 0 and 100", "应为 0 至 100 之间的分数"),
        FieldKind.Percent => Reason(shown, "expected a percentage between 0 and 100", "应为 0 至 100 之间的百分数"),
        _ => throw new ArgumentException($"{field.Name} is not a numeric field.", nameof(field)),
    };

    private static string Shown(decimal? bound) => bound?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// Why a row whose id is empty or only spaces is rejected, by every reader and by the SQL engines:
    /// such an id names no record, and every output row echoes it.
    /// </summary>
    internal const string BlankIdReason = "the id is empty or only spaces: every row needs an id, which its output echoes / id 为空或仅含空格：每行都须有 id（输出中回显）";

    /// <summary>
    /// Why a row is rejected whose id an earlier accepted row (<paramref name="firstRow"/>, 1-based
    /// data row) has, by the bulk runs and by the SQL engines: the contract makes the id a unique key.
    /// </summary>
    internal static string DuplicateIdReason(long firstRow) => DuplicateIdReason(firstRow.ToString(CultureInfo.InvariantCulture));

    /// <summary>As <see cref="DuplicateIdReason(long)"/>, the row given as text (the SQL engines put their own column there).</summary>
    internal static string DuplicateIdReason(string firstRow) =>
        $"duplicate id: row {firstRow} has the same id, and an id names one record (the first row is kept) / id 重复：第 {firstRow} 行已使用同一 id，一个 id 只对应一条记录（保留首行）";

    /// <summary>Whether <paramref name="reason"/> is a <see cref="DuplicateIdReason(long)"/>, whatever its row.</summary>
    internal static bool IsDuplicateIdReason(string reason)
    {
        var parts = DuplicateIdReason("\u0001").Split('\u0001');
        return reason.StartsWith(parts[0], StringComparison.Ordinal) && reason.EndsWith(parts[^1], StringComparison.Ordinal);
    }

    /// <summary>Whether <paramref name="id"/> is empty after trimming spaces, as the CSV reader and the SQL engines trim.</summary>
    internal static bool IsBlankId(ReadOnlySpan<char> id) => id.Trim(' ').IsEmpty;

    /// <summary>Why <paramref name="shown"/> is not a calendar date, in English and Chinese.</summary>
    internal static string DateReason(ReadOnlySpan<char> shown) => Reason(shown, "expected a date YYYY-MM-DD", "应为日期 YYYY-MM-DD");

    /// <summary>
    /// The compiled setter of <paramref name="field"/>: <c>Action&lt;object, T&gt;</c> where T is the
    /// property's type. Typed readers (Parquet) resolve it once per column, not once per value.
    /// </summary>
    internal TSetter SetterOf<TSetter>(ProfileField field)
        where TSetter : Delegate => (TSetter)Setters[field.Index];

    /// <summary>
    /// <c>yyyy-MM-dd</c> of a real date read digit by digit (a bulk reader reads several dates a row);
    /// anything else, valid or not, is left to <see cref="DateOnly.TryParseExact(ReadOnlySpan{char}, ReadOnlySpan{char}, IFormatProvider?, DateTimeStyles, out DateOnly)"/>.
    /// </summary>
    internal static bool TryParseIsoDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-')
        {
            return false;
        }

        var year = 0;
        var month = 0;
        var day = 0;
        for (var i = 0; i < 10; i++)
        {
            if (i is 4 or 7)
            {
                continue;
            }

            var digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            if (i < 4)
            {
                year = (year * 10) + digit;
            }
            else if (i < 7)
            {
                month = (month * 10) + digit;
            }
            else
            {
                day = (day * 10) + digit;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool TryParseName<TEnum>(ReadOnlySpan<char> text, out TEnum value)
        where TEnum : struct, Enum
    {
        // Names only: Enum.TryParse would also accept numbers such as "3".
        var names = EnumNames<TEnum>.Names;
        for (var i = 0; i < names.Length; i++)
        {
            if (text.Equals(names[i], StringComparison.OrdinalIgnoreCase))
            {
                value = EnumNames<TEnum>.Values[i];
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>An enum's values and names, computed once: readers match a name per cell.</summary>
    private static class EnumNames<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly TEnum[] Values = Enum.GetValues<TEnum>();

        public static readonly string[] Names = [.. Values.Select(v => v.ToString())];
    }

    internal static string Reason(ReadOnlySpan<char> text, string english, string chinese)
    {
        var shown = text.Length > 40 ? string.Concat(text[..40], "…") : text.ToString();
        return $"{english}, got '{shown}' / {chinese}，实为 '{shown}'";
    }

    private object CreateSetter(ProfileField field)
    {
        // Readers build a record field by field; init accessors are ordinary setters to an
        // expression tree, so each field gets a typed, non-boxing setter once.
        var record = Expression.Parameter(typeof(object), "record");
        var value = Expression.Parameter(field.Property.PropertyType, "value");
        var assign = Expression.Assign(Expression.Property(Expression.Convert(record, field.Property.DeclaringType!), field.Property), value);
        var delegateType = typeof(Action<,>).MakeGenericType(typeof(object), field.Property.PropertyType);
        return Expression.Lambda(delegateType, assign, record, value).Compile();
    }

    private object CreateGetter(ProfileField field)
    {
        var record = Expression.Parameter(typeof(object), "record");
        var delegateType = typeof(Func<,>).MakeGenericType(typeof(object), field.Property.PropertyType);
        return Expression.Lambda(delegateType, Expression.Property(Expression.Convert(record, field.Property.DeclaringType!), field.Property), record).Compile();
    }
}
