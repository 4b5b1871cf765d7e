using System.Collections.Immutable;
using Grondslag.Application.Auditing;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;

namespace Grondslag.Application.Activation;

/// <summary>The reference data a decision rests on and that an activation brings into force.</summary>
public enum ReferenceKind
{
    /// <summary>The legal rule set (all rule files and scenarios) with its configured Cbw entry into force.</summary>
    RuleSet,

    /// <summary>The party registry (its YAML).</summary>
    Parties,
}

/// <summary>Wire names of <see cref="ReferenceKind"/> (as stored and as the API shows them).</summary>
public static class ReferenceKinds
{
    public static string ToWire(this ReferenceKind kind) => kind switch
    {
        ReferenceKind.RuleSet => "rule-set",
        ReferenceKind.Parties => "parties",
    };

    public static ReferenceKind? FromWire(string? text) => text switch
    {
        "rule-set" => ReferenceKind.RuleSet,
        "parties" => ReferenceKind.Parties,
        _ => null,
    };

    /// <summary>The audit action of an activation of this kind (unchanged from before activation was pinned).</summary>
    public static string ActivateAction(this ReferenceKind kind) => kind switch
    {
        ReferenceKind.RuleSet => "rule-set.activate",
        ReferenceKind.Parties => "party-registry.activate",
    };

    public static string Noun(this ReferenceKind kind) => kind switch
    {
        ReferenceKind.RuleSet => "rule set",
        ReferenceKind.Parties => "party registry",
    };

    /// <summary>The kind in Dutch, for refusals a person reads.</summary>
    public static string NounNl(this ReferenceKind kind) => kind switch
    {
        ReferenceKind.RuleSet => "regelset",
        ReferenceKind.Parties => "partijregister",
    };
}

/// <summary>
/// One version of reference data, content-addressed: <see cref="Content"/> is everything that comes into force (for a rule
/// set a snapshot of every rule and scenario file; for a registry its YAML) and <see cref="Sha256"/> the hash the
/// activation records (the rule book's hash; the registry file's hash). Immutable.
/// </summary>
public sealed record ReferenceVersion(ReferenceKind Kind, string Sha256, string Content, string? CbwEntryIntoForce);

/// <summary>A version loaded and validated: the evaluator or registry it yields, and how its scenarios went.</summary>
public sealed record LoadedReference(ReferenceVersion Version, LegalEvaluator? Evaluator, PartyRegistry? Registry, int ScenariosPassed, ImmutableArray<string> ScenarioFailures);

/// <summary>A proposed activation waiting for a second administrator (or decided).</summary>
public sealed record ActivationProposal(long Id, ReferenceVersion Version, int ScenariosPassed, string ProposedBy, DateTimeOffset ProposedAt, string? ApprovedBy, DateTimeOffset? ApprovedAt);

/// <summary>The version in force of one kind: who proposed and who approved it (system for the first activation at start-up).</summary>
public sealed record ActivatedReference(long Id, ReferenceVersion Version, string ActivatedBy, DateTimeOffset ActivatedAt, string? ProposedBy);

/// <summary>Loads and validates reference data: from the configured files, from an upload, or from a stored snapshot.</summary>
public interface IReferenceLoader
{
    /// <summary>The rule files on disk as a snapshot, loaded with the given Cbw date and their scenarios run.</summary>
    Outcome<LoadedReference> RuleSetOnDisk(string? cbwEntryIntoForce);

    /// <summary>The configured party registry file.</summary>
    Outcome<LoadedReference> PartiesOnDisk();

    /// <summary>An uploaded registry.</summary>
    Outcome<LoadedReference> Parties(ReadOnlyMemory<byte> yaml);

    /// <summary>A stored version, exactly as it was activated or proposed; refused when it does not hash to <see cref="ReferenceVersion.Sha256"/>.</summary>
    Outcome<LoadedReference> Load(ReferenceVersion version);
}

/// <summary>Where proposals and activations are kept; each write commits together with its audit record.</summary>
public interface IActivationStore
{
    Task<ActivatedReference?> InForceAsync(ReferenceKind kind, CancellationToken cancellationToken);

    /// <summary>
    /// The sequence number (id) of the newest activation of any kind, 0 when there is none: a cheap check whether a
    /// node is behind. Ids only grow, so a newer activation of either kind has a higher one.
    /// </summary>
    Task<long> LatestActivationAsync(CancellationToken cancellationToken);

    Task<ActivationProposal?> FindProposalAsync(long id, CancellationToken cancellationToken);

    /// <summary>The proposals no second administrator has approved yet, oldest first (those of a kind this version does not know are left out).</summary>
    Task<IReadOnlyList<ActivationProposal>> PendingProposalsAsync(CancellationToken cancellationToken);

    Task<ActivationProposal> ProposeAsync(ReferenceVersion version, int scenariosPassed, string proposedBy, DateTimeOffset at, Func<long, AuditRecord> record, CancellationToken cancellationToken);

    /// <summary>Records the version as in force (and the proposal, if any, as approved by <paramref name="activatedBy"/>).</summary>
    Task<ActivatedReference> ActivateAsync(ReferenceVersion version, string activatedBy, DateTimeOffset at, ActivationProposal? proposal, AuditRecord record, CancellationToken cancellationToken);
}

/// <summary>The reference data every later request uses; an activation swaps it atomically.</summary>
public interface IReferenceInForce
{
    /// <summary>
    /// Swaps <paramref name="loaded"/> in as activation <paramref name="activationId"/>; ignored when an activation of the
    /// same kind at least as new is in force already (so a late or repeated notice never brings back an older version).
    /// </summary>
    void Activate(LoadedReference loaded, long activationId);

    /// <summary>The id of the activation of this kind in force on this node (0 when none was brought in yet).</summary>
    long ActivationInForce(ReferenceKind kind);
}
