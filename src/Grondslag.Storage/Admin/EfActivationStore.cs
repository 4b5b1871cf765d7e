using Grondslag.Application.Activation;
using Grondslag.Application.Auditing;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Storage.Admin;

/// <summary>Activation proposals and activations in the Grondslag database; every write commits with its audit entry.</summary>
public sealed class EfActivationStore(GrondslagDbContext db, IAuditTrail audit) : IActivationStore
{
    public async Task<ActivatedReference?> InForceAsync(ReferenceKind kind, CancellationToken cancellationToken)
    {
        var wire = kind.ToWire();
        var row = await db.Set<ActivationRow>().AsNoTracking().Where(a => a.Kind == wire && a.Content != null)
            .OrderByDescending(a => a.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is null ? null : new ActivatedReference(row.Id, new ReferenceVersion(kind, row.Sha256, row.Content!, row.CbwEntryIntoForce), row.ActivatedBy, row.ActivatedAt, row.ProposedBy);
    }

    public async Task<long> LatestActivationAsync(CancellationToken cancellationToken) =>
        await db.Set<ActivationRow>().AsNoTracking().Where(a => a.Content != null).MaxAsync(a => (long?)a.Id, cancellationToken).ConfigureAwait(false) ?? 0;

    public async Task<ActivationProposal?> FindProposalAsync(long id, CancellationToken cancellationToken) =>
        await db.Set<ActivationProposalRow>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken).ConfigureAwait(false) is { } row
            ? ToProposal(row)
            : null;

    public async Task<IReadOnlyList<ActivationProposal>> PendingProposalsAsync(CancellationToken cancellationToken) =>
        [.. (await db.Set<ActivationProposalRow>().AsNoTracking().Where(p => p.ApprovedBy == null).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Where(r => ReferenceKinds.FromWire(r.Kind) is not null).OrderBy(r => r.Id).Select(ToProposal)];

    public async Task<ActivationProposal> ProposeAsync(ReferenceVersion version, int scenariosPassed, string proposedBy, DateTimeOffset at, Func<long, AuditRecord> record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(record);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var row = new ActivationProposalRow
        {
            Kind = version.Kind.ToWire(),
            Sha256 = version.Sha256,
            Content = version.Content,
            CbwEntryIntoForce = version.CbwEntryIntoForce,
            ScenariosPassed = scenariosPassed,
            ProposedBy = proposedBy,
            ProposedAt = at,
        };
        db.Set<ActivationProposalRow>().Add(row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(record(row.Id), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        db.Entry(row).State = EntityState.Detached;
        return ToProposal(row);
    }

    public async Task<ActivatedReference> ActivateAsync(ReferenceVersion version, string activatedBy, DateTimeOffset at, ActivationProposal? proposal, AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (proposal is not null)
        {
            // Approve once: the conditional update loses to a concurrent approval, which then stands alone.
            var approved = await db.Set<ActivationProposalRow>().Where(p => p.Id == proposal.Id && p.ApprovedBy == null)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.ApprovedBy, activatedBy).SetProperty(p => p.ApprovedAt, at), cancellationToken).ConfigureAwait(false);
            if (approved != 1)
            {
                throw new InvalidOperationException($"Activation proposal {proposal.Id} was approved meanwhile.");
            }
        }

        var row = new ActivationRow
        {
            Kind = version.Kind.ToWire(),
            Sha256 = version.Sha256,
            Content = version.Content,
            CbwEntryIntoForce = version.CbwEntryIntoForce,
            ActivatedBy = activatedBy,
            ActivatedAt = at,
            ProposalId = proposal?.Id,
            ProposedBy = proposal?.ProposedBy,
        };
        db.Set<ActivationRow>().Add(row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(record, cancellationToken).ConfigureAwait(false);
        await ActivationNotices.AnnounceAsync(db, row.Id, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        db.Entry(row).State = EntityState.Detached;
        return new ActivatedReference(row.Id, version, activatedBy, at, proposal?.ProposedBy);
    }

    private static ActivationProposal ToProposal(ActivationProposalRow row) => new(
        row.Id,
        new ReferenceVersion(ReferenceKinds.FromWire(row.Kind) ?? throw new InvalidDataException($"Activation proposal {row.Id} has unknown kind '{row.Kind}'."), row.Sha256, row.Content, row.CbwEntryIntoForce),
        row.ScenariosPassed,
        row.ProposedBy,
        row.ProposedAt,
        row.ApprovedBy,
        row.ApprovedAt);
}
