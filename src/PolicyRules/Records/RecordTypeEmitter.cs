using System.Reflection;
using System.Reflection.Emit;

namespace PolicyRules.Records;

/// <summary>
/// Emits the CLR type of a declared record kind (or of an extension, deriving from the kind it
/// extends): public auto-properties of the field kinds' CLR types and nothing an expression could
/// reach besides them, so Dynamic LINQ, the compiled kernels, the readers' compiled setters and the
/// RulesEngine oracle treat it exactly as a hand-written class. Each property's setter also marks
/// the field as set (a private flag), so evaluating a record that leaves a read field unset is an
/// error naming it rather than a silent zero.
/// </summary>
internal sealed class RecordTypeEmitter
{
    private const string SetFlagSuffix = ">k__IsSet";

    private readonly ModuleBuilder _module;

    public RecordTypeEmitter()
    {
        // Collectible: a hot reload emits new types and the old ones go with the old engine.
        var name = new AssemblyName("PolicyRules.DeclaredRecords." + Guid.NewGuid().ToString("N"));
        var assembly = AssemblyBuilder.DefineDynamicAssembly(name, AssemblyBuilderAccess.RunAndCollect);
        _module = assembly.DefineDynamicModule(name.Name!);
    }

    /// <summary>Emits a public class named <paramref name="name"/> deriving from <paramref name="baseType"/> with the given properties.</summary>
    public Type Emit(string name, Type baseType, IReadOnlyList<(string Property, Type Type)> properties)
    {
        var type = _module.DefineType("PolicyRules.Declared." + name, TypeAttributes.Public | TypeAttributes.Class | TypeAttributes.BeforeFieldInit, baseType);
        type.DefineDefaultConstructor(MethodAttributes.Public);
        var fields = new List<FieldBuilder>();
        foreach (var (propertyName, propertyType) in properties)
        {
            var backing = type.DefineField("<" + propertyName + ">k__BackingField", propertyType, FieldAttributes.Private);
            var isSet = type.DefineField("<" + propertyName + SetFlagSuffix, typeof(bool), FieldAttributes.Private);
            fields.Add(backing);
            fields.Add(isSet);
            var property = type.DefineProperty(propertyName, PropertyAttributes.None, propertyType, null);
            const MethodAttributes accessor = MethodAttributes.Public | MethodAttributes.SpecialName | MethodAttributes.HideBySig;

            var getter = type.DefineMethod("get_" + propertyName, accessor, propertyType, Type.EmptyTypes);
            var il = getter.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, backing);
            il.Emit(OpCodes.Ret);
            property.SetGetMethod(getter);

            var setter = type.DefineMethod("set_" + propertyName, accessor, null, [propertyType]);
            il = setter.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Stfld, backing);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Stfld, isSet);
            il.Emit(OpCodes.Ret);
            property.SetSetMethod(setter);
        }

        // A C# record base (an extension of EnterpriseProfile): `with` copies through the virtual
        // <Clone>$, which must copy the added fields too and keep the derived type.
        var clone = baseType.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance);
        var baseCopy = baseType.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, [baseType]);
        if (clone is { IsVirtual: true } && baseCopy is not null)
        {
            var copy = type.DefineConstructor(MethodAttributes.Family | MethodAttributes.HideBySig, CallingConventions.Standard, [type]);
            var il = copy.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Call, baseCopy);
            foreach (var field in fields)
            {
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Ldfld, field);
                il.Emit(OpCodes.Stfld, field);
            }

            il.Emit(OpCodes.Ret);
            var cloneOverride = type.DefineMethod("<Clone>$", MethodAttributes.Public | MethodAttributes.Virtual | MethodAttributes.HideBySig, clone.ReturnType, Type.EmptyTypes);
            il = cloneOverride.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Newobj, copy);
            il.Emit(OpCodes.Ret);
            type.DefineMethodOverride(cloneOverride, clone);
        }

        return type.CreateType();
    }

    /// <summary>The private flag an emitted setter raises, or null when <paramref name="property"/> is not of an emitted type.</summary>
    public static FieldInfo? SetFlag(PropertyInfo property) =>
        property.DeclaringType?.GetField("<" + property.Name + SetFlagSuffix, BindingFlags.Instance | BindingFlags.NonPublic);
}
