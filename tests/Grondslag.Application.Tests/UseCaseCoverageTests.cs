using System.Reflection;
using Grondslag.Application.Cases;

namespace Grondslag.Application.Tests;

/// <summary>Names the application use cases a test class tests: their outcome and side effects, on both providers.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class TestsOfAttribute(params Type[] useCases) : Attribute
{
    public IReadOnlyList<Type> UseCases { get; } = useCases;
}

/// <summary>
/// Issue 18, acceptance: every application use case has a test of its own. A use case is, by the layer's convention, a
/// public sealed class of Grondslag.Application behind an interface of its own name (<c>Release : IRelease</c>) whose
/// members are asynchronous; a test class says which use cases it tests with <see cref="TestsOfAttribute"/>.
/// </summary>
public sealed class UseCaseCoverageTests
{
    /// <summary>
    /// Use cases that still lack a test of their own, with the work that adds it. The list only shrinks: an entry that
    /// has a test, or is no use case any more, fails the test, so the lead takes it off at merge.
    /// </summary>
    private static readonly Dictionary<string, string> KnownMissing = new(StringComparer.Ordinal)
    {
    };

    [Fact]
    public void EveryUseCase_HasATestClassOfItsOwn_KnownGapsOnlyShrink()
    {
        var useCases = UseCases().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var tested = typeof(UseCaseCoverageTests).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<TestsOfAttribute>() is not null && HasTests(t))
            .SelectMany(t => t.GetCustomAttribute<TestsOfAttribute>()!.UseCases.Select(u => u.Name))
            .ToHashSet(StringComparer.Ordinal);

        Assert.True(useCases.Count >= 30, $"the convention found only {useCases.Count} use cases; has it changed?");
        var missing = useCases.Where(u => !tested.Contains(u) && !KnownMissing.ContainsKey(u)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "Use cases without a test class of their own (add one with [TestsOf(typeof(...))]: outcome and side effects on both providers): " + string.Join(", ", missing));
        var stale = KnownMissing.Keys.Where(k => tested.Contains(k) || !useCases.Contains(k)).Order(StringComparer.Ordinal).ToList();
        Assert.True(stale.Count == 0, "Take these off UseCaseCoverageTests.KnownMissing (tested now, or no longer a use case): " + string.Join(", ", stale));
        var notUseCases = tested.Where(t => !useCases.Contains(t)).Order(StringComparer.Ordinal).ToList();
        Assert.True(notUseCases.Count == 0, "[TestsOf] names types that are not use cases: " + string.Join(", ", notUseCases));
    }

    [Fact]
    public void Convention_FindsTheCaseStepsAndNotTheirHelpers()
    {
        var names = UseCases().Select(t => t.Name).ToList();
        Assert.Contains(nameof(Release), names);
        Assert.Contains(nameof(CloseCase), names);
        Assert.Contains(nameof(ReleaseShares), names);
        Assert.DoesNotContain(nameof(Grondslag.Application.Delivery.NoShareDelivery), names);
        Assert.DoesNotContain(nameof(StoredRelease), names);
    }

    private static IEnumerable<Type> UseCases() =>
        typeof(IRelease).Assembly.GetExportedTypes().Where(t => t is { IsClass: true, IsSealed: true, IsAbstract: false }
            && t.GetMethod("<Clone>$") is null
            && (t.GetInterfaces().Any(i => i.Name == "I" + t.Name && i.Assembly == t.Assembly
                    && i.GetMethods().Any(m => typeof(Task).IsAssignableFrom(m.ReturnType)))
                // A use case without an interface of its own still has the use-case entry point.
                || t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                    .Any(m => m.Name == "ExecuteAsync" && typeof(Task).IsAssignableFrom(m.ReturnType))));

    private static bool HasTests(Type testClass) =>
        testClass.GetMethods().Any(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any());
}
