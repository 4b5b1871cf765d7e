using System.Reflection;
using Grondslag.Domain.Law;

namespace Grondslag.Domain.Tests;

/// <summary>Domain values are immutable: no public setters other than init, no mutable collections exposed.</summary>
public sealed class ImmutabilityTests
{
    public static TheoryData<Type> DomainTypes()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(Verdict).Assembly.GetTypes().Where(t => t.IsPublic && t.Namespace is { } ns && (ns.EndsWith(".Law", StringComparison.Ordinal) || ns.EndsWith(".Time", StringComparison.Ordinal)) && !t.IsEnum && !t.IsInterface && !(t.IsAbstract && t.IsSealed)))
        {
            if (type != typeof(LegalEvaluator))
            {
                data.Add(type);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DomainTypes))]
    public void DomainType_HasNoMutableState(Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var setter = property.SetMethod;
            var isInitOnly = setter?.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit") ?? false;
            Assert.True(setter is null || !setter.IsPublic || isInitOnly, $"{type.Name}.{property.Name} has a public setter");
            var t = property.PropertyType;
            Assert.False(t.IsGenericType && (t.GetGenericTypeDefinition() == typeof(List<>) || t.GetGenericTypeDefinition() == typeof(Dictionary<,>)), $"{type.Name}.{property.Name} exposes a mutable collection");
            Assert.False(t.IsArray, $"{type.Name}.{property.Name} exposes an array");
        }

        Assert.DoesNotContain(type.GetFields(BindingFlags.Public | BindingFlags.Instance), f => !f.IsInitOnly);
    }
}
