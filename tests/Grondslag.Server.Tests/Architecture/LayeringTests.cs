using System.Reflection;
using Grondslag.Application.Cases;
using Grondslag.Domain.Law;

namespace Grondslag.Server.Tests.Architecture;

/// <summary>
/// Who may call whom (docs/architecture.md), read from the built assemblies: the domain references no package but its
/// one pure library; the application layer references no host and no storage; the hosts (server, CLI) use no EF or
/// storage type outside their <c>Composition</c> namespace. A host that reaches past the application layer fails here.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>
    /// Host types that still reach storage outside composition, each with the issue point that removes it. The test
    /// fails on any other offender and on an entry that no longer offends (so the list only shrinks).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> KnownExceptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // Empty since issue 18 (arch18): every host type reaches storage only through a port or its Composition namespace.
    };

    private static readonly Assembly Domain = typeof(LegalEvaluator).Assembly;
    private static readonly Assembly Application = typeof(ICaseStore).Assembly;
    private static readonly Assembly Server = typeof(Program).Assembly;
    private static readonly Assembly Cli = typeof(Grondslag.Cli.Commands.GlobalOptions).Assembly;

    [Fact]
    public void Domain_ReferencesOnlyTheFrameworkAndNodaTime()
    {
        // NodaTime is the one pure library the domain may use: its embedded time-zone database gives the legal day in
        // the Netherlands without the host's zone files (docs/decisions.md, "Disclosure gate").
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var packages = Domain.GetReferencedAssemblies()
            .Where(a => !File.Exists(Path.Combine(framework, a.Name + ".dll")) && a.Name != "NodaTime")
            .Select(a => a.Name)
            .ToList();

        Assert.True(packages.Count == 0, "The domain references assemblies outside the framework: " + string.Join(", ", packages));
    }

    [Fact]
    public void Application_ReferencesNoHostAndNoStorage()
    {
        var forbidden = Application.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(n => n is "Grondslag.Server" or "Grondslag.Cli" or "grondslag" or "Grondslag.Storage" or "Grondslag.Delivery" || IsStorageAssembly(n))
            .ToList();

        Assert.True(forbidden.Count == 0, "The application layer references a host or storage: " + string.Join(", ", forbidden));
        Assert.DoesNotContain(Application.GetTypes().SelectMany(t => TypeUsage.Uses(t, IsStorageType)), u => true);
    }

    [Fact]
    public void Hosts_UseNoStorageTypeOutsideComposition()
    {
        var offenders = HostOffences(Server.GetTypes().Concat(Cli.GetTypes()));
        var unexpected = offenders.Where(o => !KnownExceptions.ContainsKey(o.Key))
            .Select(o => $"{o.Key} uses {string.Join(", ", o.Value.Select(u => u[(u.LastIndexOf(" uses ", StringComparison.Ordinal) + 6)..]).Distinct().Order(StringComparer.Ordinal))}")
            .ToList();
        var stale = KnownExceptions.Keys.Where(k => !offenders.ContainsKey(k)).ToList();

        Assert.True(unexpected.Count == 0,
            "A host reaches past the application layer (use a use case or query behind a port, or compose it in the host's Composition namespace):\n"
            + string.Join("\n", unexpected));
        Assert.True(stale.Count == 0, "These no longer reach storage: remove them from LayeringTests.KnownExceptions: " + string.Join(", ", stale));
    }

    [Fact]
    public void HostOffences_PageQueryingTheDbContext_Reported()
    {
        var offences = HostOffences([typeof(Grondslag.Server.Web.Pages.Samples.PageQueryingTheDatabase)]);

        var uses = Assert.Single(offences).Value;
        Assert.Contains(uses, u => u.EndsWith(" uses Grondslag.Storage.GrondslagDbContext", StringComparison.Ordinal));
        Assert.Contains(uses, u => u.Contains("uses Grondslag.Storage.Cases.CaseRow", StringComparison.Ordinal));
    }

    [Fact]
    public void HostOffences_StorageUsedOnlyInsideAMethodBody_Reported()
    {
        // No field, parameter or return type names storage: only the IL of the method (and its async state machine) does.
        var offences = HostOffences([typeof(Grondslag.Cli.Commands.Samples.CommandOpeningTheDatabase)]);

        var uses = Assert.Single(offences).Value;
        Assert.Contains(uses, u => u.Contains("uses Grondslag.Storage.GrondslagDatabase", StringComparison.Ordinal));
    }

    [Fact]
    public void HostOffences_StorageInCompositionOrApplicationUseOnly_NotReported()
    {
        var offences = HostOffences([typeof(Grondslag.Server.Composition.Samples.ComposesTheStore), typeof(Grondslag.Server.Web.Pages.Samples.PageCallingAQuery)]);

        Assert.Empty(offences);
    }

    /// <summary>Per host type outside composition, every use of a storage type (nested and compiler-made types fold into their outer type).</summary>
    internal static Dictionary<string, List<string>> HostOffences(IEnumerable<Type> types) =>
        types.Where(t => !t.IsNested && !InComposition(t))
            .Select(t => (Type: t, Uses: TypeUsage.Uses(t, IsStorageType).ToList()))
            .Where(x => x.Uses.Count > 0)
            .ToDictionary(x => x.Type.FullName!, x => x.Uses, StringComparer.Ordinal);

    /// <summary>Composition: <c>Grondslag.Server.Composition</c>, <c>Grondslag.Cli.Composition</c>, and the entry points that call it.</summary>
    private static bool InComposition(Type type) =>
        type.Namespace is { } ns ? ns.StartsWith("Grondslag.Server.Composition", StringComparison.Ordinal) || ns.StartsWith("Grondslag.Cli.Composition", StringComparison.Ordinal)
            : type.Name is "Program" or "<Module>" or "<PrivateImplementationDetails>" || type.Name.StartsWith('<');

    private static bool IsStorageType(Type type) =>
        type.Assembly.GetName().Name is { } name && (name == "Grondslag.Storage" || IsStorageAssembly(name));

    private static bool IsStorageAssembly(string name) =>
        name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || name.StartsWith("Npgsql", StringComparison.Ordinal)
        || name.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal) || name.StartsWith("SQLitePCL", StringComparison.Ordinal);
}
