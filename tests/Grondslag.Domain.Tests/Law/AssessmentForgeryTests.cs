using System.Reflection;
using Grondslag.Domain.Law;

namespace Grondslag.Domain.Tests.Law;

/// <summary>Only the evaluator makes an <see cref="Assessment"/>: nothing outside the domain can construct, copy or change one.</summary>
public sealed class AssessmentForgeryTests
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void Assessment_HasNoPublicOrProtectedConstructor()
    {
        var type = typeof(Assessment);

        Assert.True(type.IsSealed);
        Assert.All(type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance), c => Assert.True(c.IsAssembly, $"{c} is visible outside the domain"));
    }

    [Fact]
    public void Assessment_HasNoSetterOrInitAndNoCloneOrWithUsableFromOutside()
    {
        var type = typeof(Assessment);

        Assert.All(type.GetProperties(Everything), p => Assert.Null(p.SetMethod));
        Assert.All(type.GetFields(Everything).Where(f => !f.IsStatic), f => Assert.True(f.IsPrivate && f.IsInitOnly, $"{f.Name} is writable or visible"));
        Assert.DoesNotContain(type.GetMethods(Everything), m => m.Name == "<Clone>$");
        Assert.False(typeof(IEquatable<Assessment>).IsAssignableFrom(type), "a record would offer `with`");
    }

    [Fact]
    public void NoPublicMemberOfTheDomainReturnsAnAssessmentOtherThanTheEvaluatorOrAProperty()
    {
        var makers = typeof(Assessment).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.ReturnType == typeof(Assessment) && !m.IsSpecialName)
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(["LegalEvaluator.Assess"], makers);
    }
}
