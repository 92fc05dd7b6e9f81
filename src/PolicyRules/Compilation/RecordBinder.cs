using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using PolicyRules.Model;

namespace PolicyRules.Compilation;

/// <summary>
/// Binds an object of the caller's own class to a record kind by property name: a public readable
/// property named as a field (its PascalCase form) supplies it. Compiled once per (kind, CLR type)
/// and cached. A property of the wrong type is an error naming it when the type is first bound; a
/// field the programme reads that the class lacks, or a nullable property left null, is an error
/// naming the field when evaluated — never a silent zero.
/// </summary>
internal static class RecordBinder
{
    private sealed record Binding(Func<object, object> Copy, Func<object, FieldSet> Unset, FieldSet Mapped);

    private static readonly ConditionalWeakTable<RecordSchema, ConcurrentDictionary<Type, Binding>> Cache = [];

    /// <summary>A record of <paramref name="programme"/>'s kind holding the values of <paramref name="source"/>.</summary>
    public static object Bind(object source, CompiledProgramme programme, DateOnly asOf)
    {
        var schema = programme.Schema;
        var binding = Cache.GetOrCreateValue(schema).GetOrAdd(source.GetType(), type => Compile(schema, type));
        var read = programme.FieldsRead(asOf);
        foreach (var field in schema.FieldsIn(read))
        {
            if (!binding.Mapped.Contains(field))
            {
                throw new ArgumentException(
                    $"{programme.Name} reads '{field.Name}' ({field.Title.En}), but {source.GetType().Name} has no property {field.Property.Name}. / {programme.Name} 需要字段 {field.Name}（{field.Title.Zh}），但 {source.GetType().Name} 没有属性 {field.Property.Name}。",
                    nameof(source));
            }
        }

        var unset = binding.Unset(source).Intersect(read);
        if (unset.First is { } missing)
        {
            throw new ArgumentException(
                $"{programme.Name} reads '{missing.Name}' ({missing.Title.En}), which {source.GetType().Name}.{missing.Property.Name} leaves null: set it (an empty value is an error, never a zero). / {programme.Name} 需要读取字段 {missing.Name}（{missing.Title.Zh}），但 {source.GetType().Name}.{missing.Property.Name} 为 null：请设置（空值视为错误，绝不视为零）。",
                nameof(source));
        }

        return binding.Copy(source);
    }

    private static Binding Compile(RecordSchema schema, Type type)
    {
        var source = Expression.Parameter(typeof(object), "source");
        var typed = Expression.Variable(type, "typed");
        var record = Expression.Variable(schema.RecordType, "record");
        var unset = Expression.Variable(typeof(FieldSet), "unset");
        var copy = new List<Expression> { Expression.Assign(typed, Expression.Convert(source, type)), Expression.Assign(record, Expression.New(schema.RecordType)) };
        var checks = new List<Expression> { Expression.Assign(typed, Expression.Convert(source, type)), Expression.Assign(unset, Expression.Constant(FieldSet.Empty)) };
        var mapped = FieldSet.Empty;
        var problems = new List<string>();
        var with = typeof(FieldSet).GetMethod(nameof(FieldSet.With))!;
        foreach (var field in schema.Fields)
        {
            var property = type.GetProperty(field.Property.Name, BindingFlags.Public | BindingFlags.Instance);
            if (property is null || !property.CanRead)
            {
                continue;
            }

            var target = field.Property.PropertyType;
            var value = Expression.Property(typed, property);
            if (property.PropertyType == target)
            {
                copy.Add(Expression.Assign(Expression.Property(record, field.Property), value));
                if (!target.IsValueType)
                {
                    checks.Add(Expression.IfThen(Expression.Equal(value, Expression.Constant(null, target)),
                        Expression.Assign(unset, Expression.Call(unset, with, Expression.Constant(field)))));
                }
            }
            else if (Nullable.GetUnderlyingType(property.PropertyType) == target)
            {
                // int?, decimal?, DateOnly?: null is "not known", which a read field must not be.
                copy.Add(Expression.IfThen(Expression.Property(value, "HasValue"),
                    Expression.Assign(Expression.Property(record, field.Property), Expression.Property(value, "Value"))));
                checks.Add(Expression.IfThen(Expression.Not(Expression.Property(value, "HasValue")),
                    Expression.Assign(unset, Expression.Call(unset, with, Expression.Constant(field)))));
            }
            else
            {
                problems.Add($"{type.Name}.{property.Name} is {property.PropertyType.Name}, but field '{field.Name}' is held as {target.Name}");
                continue;
            }

            mapped = mapped.With(field);
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(
                $"{type.Name} cannot be read as a {schema.Name} record: {string.Join("; ", problems)}. / {type.Name} 无法作为 {schema.Name} 记录读取：属性类型不符（{string.Join("；", problems)}）。");
        }

        copy.Add(Expression.Convert(record, typeof(object)));
        checks.Add(unset);
        var copier = Expression.Lambda<Func<object, object>>(Expression.Block([typed, record], copy), source).Compile();
        var unsetOf = Expression.Lambda<Func<object, FieldSet>>(Expression.Block([typed, unset], checks), source).Compile();
        return new Binding(copier, unsetOf, mapped);
    }
}
