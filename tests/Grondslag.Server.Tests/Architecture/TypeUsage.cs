using System.Reflection;
using System.Reflection.Emit;

namespace Grondslag.Server.Tests.Architecture;

/// <summary>
/// Every type a type uses, read from its signatures and from the IL of its method bodies (calls, object creation,
/// field access, casts, locals), compiler-made nested types (lambdas, async state machines) included. Reflection only:
/// what the compiler emitted is what runs, so a use cannot hide behind <c>var</c> or a fully qualified name.
/// </summary>
internal static class TypeUsage
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>Each use of a type matching <paramref name="forbidden"/> by <paramref name="type"/> or its nested types, as "Type.Member uses X".</summary>
    public static IEnumerable<string> Uses(Type type, Func<Type, bool> forbidden)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var t in WithNested(type))
        {
            void Note(string where, Type? used)
            {
                foreach (var u in Expand(used))
                {
                    if (forbidden(u))
                    {
                        found.Add($"{Outer(t).FullName}{where} uses {u.FullName}");
                    }
                }
            }

            Note("", t.BaseType);
            foreach (var i in t.GetInterfaces())
            {
                Note("", i);
            }

            foreach (var f in t.GetFields(Everything))
            {
                Note("." + f.Name, f.FieldType);
            }

            foreach (var p in t.GetProperties(Everything))
            {
                Note("." + p.Name, p.PropertyType);
            }

            foreach (var m in t.GetMethods(Everything).Cast<MethodBase>().Concat(t.GetConstructors(Everything)))
            {
                var where = "." + Member(m);
                foreach (var p in m.GetParameters())
                {
                    Note(where, p.ParameterType);
                }

                if (m is MethodInfo mi)
                {
                    Note(where, mi.ReturnType);
                }

                foreach (var used in BodyTypes(m))
                {
                    Note(where, used);
                }
            }
        }

        return found;
    }

    /// <summary>The types a method body names: locals, and the tokens of calls, object creation, fields, casts and type tests.</summary>
    private static IEnumerable<Type> BodyTypes(MethodBase method)
    {
        MethodBody? body;
        try
        {
            body = method.GetMethodBody();
        }
        catch (InvalidOperationException)
        {
            yield break;
        }

        if (body is null)
        {
            yield break;
        }

        foreach (var local in body.LocalVariables)
        {
            yield return local.LocalType;
        }

        var il = body.GetILAsByteArray() ?? [];
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            short value = il[i];
            if (il[i] == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[i + 1]));
                i += 2;
            }
            else
            {
                i += 1;
            }

            if (!OpCodesByValue.TryGetValue(value, out var op))
            {
                yield break; // not IL we can read: report what was read so far
            }

            var operand = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
                _ => 4,
            };
            if (op.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                var token = BitConverter.ToInt32(il, i);
                MemberInfo? member = null;
                try
                {
                    member = method.Module.ResolveMember(token, typeArgs, methodArgs);
                }
                catch (ArgumentException)
                {
                }
                catch (TypeLoadException)
                {
                }
                catch (FileNotFoundException)
                {
                }

                switch (member)
                {
                    case Type t:
                        yield return t;
                        break;
                    case FieldInfo f:
                        yield return f.DeclaringType!;
                        yield return f.FieldType;
                        break;
                    case MethodBase m:
                        yield return m.DeclaringType!;
                        foreach (var p in m.GetParameters())
                        {
                            yield return p.ParameterType;
                        }

                        if (m is MethodInfo mi)
                        {
                            yield return mi.ReturnType;
                            if (mi.IsGenericMethod)
                            {
                                foreach (var a in mi.GetGenericArguments())
                                {
                                    yield return a;
                                }
                            }
                        }

                        break;
                }
            }

            i += operand;
        }
    }

    /// <summary>A type with its element and generic argument types (Task&lt;GrondslagDbContext&gt; uses GrondslagDbContext).</summary>
    private static IEnumerable<Type> Expand(Type? type)
    {
        if (type is null || type.IsGenericParameter)
        {
            yield break;
        }

        if (type.HasElementType)
        {
            foreach (var e in Expand(type.GetElementType()))
            {
                yield return e;
            }

            yield break;
        }

        yield return type;
        if (type.IsGenericType)
        {
            foreach (var a in type.GetGenericArguments().SelectMany(Expand))
            {
                yield return a;
            }
        }
    }

    private static IEnumerable<Type> WithNested(Type type) =>
        new[] { type }.Concat(type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(WithNested));

    private static Type Outer(Type type) => type.DeclaringType is { } d ? Outer(d) : type;

    private static string Member(MethodBase m) => m.Name;
}
