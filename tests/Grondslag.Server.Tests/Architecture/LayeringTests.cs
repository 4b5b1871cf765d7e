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
        // Issue 18 point 1 (activation becomes a use case behind ports; helper ha16).
        ["Grondslag.Server.Web.Pages.Admin.ActivationModel"] = "18.1 activation: reads the activation history from the DbContext",
        // Issue 18 points 1 and 2 (delivery orchestration and TAXII publication behind ports, delivery after commit; helper rel18).
        ["Grondslag.Server.Delivery.ShareDelivery"] = "18.1/18.2 delivery orchestration lives in the server on the DbContext",
        ["Grondslag.Server.Delivery.DeliveryEndpoints"] = "18.1 the deliveries of a share are read from the DbContext, not through a query",
        ["Grondslag.Server.Taxii.TaxiiCollections"] = "18.1 TAXII publication holds locking persistence in the server",
        ["Grondslag.Server.Taxii.TaxiiEndpoints"] = "18.1 the TAXII server reads collections from the DbContext, not through a query",
        ["Grondslag.Server.Taxii.TaxiiBasicHandler"] = "18.1 TAXII client credentials are read from the DbContext, not through a port",
        // Composition outside the Composition namespace (merge of session 4): to be moved into Server.Composition.
        ["Grondslag.Server.Taxii.TaxiiComposition"] = "18.1 the TAXII part composes its outbox and DbContext in its own namespace",
        ["Grondslag.Server.Notifications.NotificationComposition"] = "18.1 staff notifications compose their ledger in their own namespace",
        ["Grondslag.Server.Notifications.IdentityStaffDirectory"] = "18.1 staff addresses are read with EF from the Identity tables, not through IAccountRegistry",
        // Issue 18 point 2: the channel adapters still read and write outbox rows on the DbContext.
        ["Grondslag.Server.Delivery.DeliveryChannels"] = "18.2 the channel steps read outbox rows from the DbContext, not through IDeliveryOutbox",
        // Issue 18 point 1, the audit read path (arch18 did not finish it): the timeline, verification, checkpoints and proofs
        // need an application port with the verification and proof types beside IAuditTrail.
        ["Grondslag.Server.Endpoints.AuditEndpoints"] = "18.1 audit read path: timeline, verification and proofs on the DbContext",
        ["Grondslag.Server.Web.Pages.Audit.AuditModel"] = "18.1 audit read path: the audit page reads the DbContext and AuditVerifier",
        ["Grondslag.Server.Web.Pages.Audit.Web_Pages_Audit_Index"] = "18.1 audit read path: the audit page's view shows storage's AuditEntry and AuditVerification",
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
