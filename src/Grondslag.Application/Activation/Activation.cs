using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Domain.Cases;

namespace Grondslag.Application.Activation;

/// <summary>
/// Proposes a new version of reference data (four eyes, first half): the candidate is loaded and validated, its scenarios
/// run, and it is stored with its results — nothing comes into force until a different administrator approves it
/// (<see cref="IApproveActivation"/>). A candidate that does not load, or a rule set whose scenarios fail, is refused
/// with every problem named.
/// </summary>
public interface IProposeActivation
{
    Task<Outcome<ActivationProposal>> RuleSetAsync(string? cbwEntryIntoForce, Actor actor, CancellationToken cancellationToken = default);

    Task<Outcome<ActivationProposal>> PartiesAsync(ReadOnlyMemory<byte> yaml, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IProposeActivation"/>
public sealed class ProposeActivation(IReferenceLoader loader, IActivationStore store, TimeProvider clock) : IProposeActivation
{
    public Task<Outcome<ActivationProposal>> RuleSetAsync(string? cbwEntryIntoForce, Actor actor, CancellationToken cancellationToken = default) =>
        ProposeAsync(loader.RuleSetOnDisk(cbwEntryIntoForce), actor, cancellationToken);

    public Task<Outcome<ActivationProposal>> PartiesAsync(ReadOnlyMemory<byte> yaml, Actor actor, CancellationToken cancellationToken = default) =>
        ProposeAsync(loader.Parties(yaml), actor, cancellationToken);

    private async Task<Outcome<ActivationProposal>> ProposeAsync(Outcome<LoadedReference> loaded, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (loaded.Refusal is { } refusal)
        {
            return refusal;
        }

        var candidate = loaded.Value!;
        if (!candidate.ScenarioFailures.IsDefaultOrEmpty)
        {
            return new Refusal(RefusalKind.Prohibited, new Grondslag.Domain.Text.LocalText($"Not proposed: {candidate.ScenarioFailures.Length} scenario(s) fail: " + string.Join(" | ", candidate.ScenarioFailures), $"Niet voorgesteld: {candidate.ScenarioFailures.Length} scenario('s) falen: " + string.Join(" | ", candidate.ScenarioFailures)));
        }

        var kind = candidate.Version.Kind;
        var proposal = await store.ProposeAsync(candidate.Version, candidate.ScenariosPassed, actor.Name, clock.GetUtcNow(), id => new AuditRecord(
            kind.ToWire() + ".propose", actor.Name, actor.Role.ToWire(), null, candidate.Version.Sha256, new JsonObject
            {
                ["proposal"] = id,
                ["kind"] = kind.ToWire(),
                ["sha256"] = candidate.Version.Sha256,
                ["cbwEntryIntoForce"] = candidate.Version.CbwEntryIntoForce,
                ["scenariosPassed"] = candidate.ScenariosPassed,
                ["parties"] = candidate.Registry?.Parties.Length,
            }), cancellationToken).ConfigureAwait(false);
        return Outcome<ActivationProposal>.Ok(proposal);
    }
}

/// <summary>
/// Approves a proposed activation (four eyes, second half): only an administrator who did not propose it may, the
/// stored candidate is loaded again and must still hash to what was proposed, and then it is recorded as in force
/// (with the approval and the audit entry in one transaction) and swapped in for every later request. A refused
/// approval is audited too.
/// </summary>
public interface IApproveActivation
{
    Task<Outcome<ActivatedReference>> ExecuteAsync(long proposalId, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IApproveActivation"/>
public sealed class ApproveActivation(IReferenceLoader loader, IActivationStore store, IReferenceInForce inForce, IAuditTrail audit, TimeProvider clock) : IApproveActivation
{
    public async Task<Outcome<ActivatedReference>> ExecuteAsync(long proposalId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var proposal = await store.FindProposalAsync(proposalId, cancellationToken).ConfigureAwait(false);
        var refusal = proposal switch
        {
            null => new Refusal(RefusalKind.NotFound, new Grondslag.Domain.Text.LocalText($"There is no activation proposal {proposalId}.", $"Er is geen activeringsvoorstel {proposalId}.")),
            { ApprovedBy: { } by } => new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText($"Proposal {proposalId} was already approved by {by}.", $"Voorstel {proposalId} is al goedgekeurd door {by}.")),
            _ when string.Equals(proposal.ProposedBy.Trim(), actor.Name.Trim(), StringComparison.OrdinalIgnoreCase) =>
                new Refusal(RefusalKind.NotAllowed, new Grondslag.Domain.Text.LocalText($"Four eyes: {actor.Name} proposed this {proposal.Version.Kind.Noun()} and cannot also approve it; another administrator must.", $"Vier ogen: {actor.Name} heeft deze {proposal.Version.Kind.NounNl()} voorgesteld en kan die niet ook goedkeuren; een andere beheerder moet dat doen.")),
            _ => null,
        };
        var loaded = refusal is null ? loader.Load(proposal!.Version) : default;
        refusal ??= loaded.Refusal;
        if (refusal is not null)
        {
            await audit.AppendAsync(new AuditRecord("activation.approve-refused", actor.Name, actor.Role.ToWire(), null, proposal?.Version.Sha256 ?? proposalId.ToString(System.Globalization.CultureInfo.InvariantCulture), new JsonObject
            {
                ["proposal"] = proposalId,
                ["kind"] = proposal?.Version.Kind.ToWire(),
                ["reason"] = refusal.Reason,
            }), cancellationToken).ConfigureAwait(false);
            return refusal;
        }

        var version = proposal!.Version;
        var previous = await store.InForceAsync(version.Kind, cancellationToken).ConfigureAwait(false);
        var activated = await store.ActivateAsync(version, actor.Name, clock.GetUtcNow(), proposal, new AuditRecord(
            version.Kind.ActivateAction(), actor.Name, actor.Role.ToWire(), null, version.Sha256, new JsonObject
            {
                ["sha256"] = version.Sha256,
                ["proposal"] = proposal.Id,
                ["proposedBy"] = proposal.ProposedBy,
                ["approvedBy"] = actor.Name,
                ["cbwEntryIntoForce"] = version.CbwEntryIntoForce,
                ["scenariosPassed"] = proposal.ScenariosPassed,
                ["previous"] = previous?.Version.Sha256,
            }), cancellationToken).ConfigureAwait(false);
        inForce.Activate(loaded.Value!, activated.Id);
        return Outcome<ActivatedReference>.Ok(activated);
    }
}

/// <summary>What start-up brought into force for one kind, and whether the files on disk differ from it.</summary>
public sealed record PinnedReference(ReferenceKind Kind, string Sha256, bool FirstActivation, string? DiskSha256, string? DiskProblem)
{
    /// <summary>True when the configured files are another version than the one in force (they do not come into force).</summary>
    public bool DiskDiffers => !FirstActivation && DiskSha256 != Sha256;
}

/// <summary>
/// At start-up, brings into force exactly what was activated: the stored version of each kind, loaded from its snapshot
/// and verified against its recorded hash (a stored version that does not verify stops the start: nothing unverified
/// comes into force). Files on disk that differ are reported, not used. When nothing was ever activated, the files on
/// disk become the first activation, by <c>system</c>, audited.
/// </summary>
public interface IPinActivation
{
    Task<Outcome<IReadOnlyList<PinnedReference>>> ExecuteAsync(string? configuredCbwEntryIntoForce, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IPinActivation"/>
public sealed class PinActivation(IReferenceLoader loader, IActivationStore store, IReferenceInForce inForce, TimeProvider clock) : IPinActivation
{
    public const string System = "system";

    public async Task<Outcome<IReadOnlyList<PinnedReference>>> ExecuteAsync(string? configuredCbwEntryIntoForce, CancellationToken cancellationToken = default)
    {
        var pinned = new List<PinnedReference>();
        foreach (var kind in Enum.GetValues<ReferenceKind>())
        {
            var active = await store.InForceAsync(kind, cancellationToken).ConfigureAwait(false);
            var disk = kind == ReferenceKind.RuleSet ? loader.RuleSetOnDisk(active?.Version.CbwEntryIntoForce ?? configuredCbwEntryIntoForce) : loader.PartiesOnDisk();
            if (active is not null)
            {
                var stored = loader.Load(active.Version);
                if (stored.Refusal is { } broken)
                {
                    return new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText($"The activated {kind.Noun()} {active.Version.Sha256} (activation {active.Id}) cannot be brought into force: {broken.Reason}", $"De geactiveerde {kind.NounNl()} {active.Version.Sha256} (activering {active.Id}) kan niet in werking worden gesteld: {broken.For("nl")}"));
                }

                inForce.Activate(stored.Value!, active.Id);
                pinned.Add(new PinnedReference(kind, active.Version.Sha256, false, disk.Value?.Version.Sha256, disk.Refusal?.Reason));
                continue;
            }

            if (disk.Refusal is { } unreadable)
            {
                return new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText($"Nothing was ever activated and the {kind.Noun()} on disk does not load: {unreadable.Reason}", $"Er is nooit iets geactiveerd en de {kind.NounNl()} op schijf laadt niet: {unreadable.For("nl")}"));
            }

            var first = disk.Value!;
            var firstActivation = await store.ActivateAsync(first.Version, System, clock.GetUtcNow(), null, new AuditRecord(kind.ActivateAction(), System, System, null, first.Version.Sha256, new JsonObject
            {
                ["sha256"] = first.Version.Sha256,
                ["first"] = true,
                ["source"] = "the configured files on disk at start-up",
                ["cbwEntryIntoForce"] = first.Version.CbwEntryIntoForce,
                ["scenariosPassed"] = kind == ReferenceKind.RuleSet ? first.ScenariosPassed : null,
                ["scenariosFailed"] = kind == ReferenceKind.RuleSet ? first.ScenarioFailures.Length : null,
            }), cancellationToken).ConfigureAwait(false);
            inForce.Activate(first, firstActivation.Id);
            pinned.Add(new PinnedReference(kind, first.Version.Sha256, true, first.Version.Sha256, null));
        }

        return Outcome<IReadOnlyList<PinnedReference>>.Ok(pinned);
    }
}
