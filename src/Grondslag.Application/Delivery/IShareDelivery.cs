using Grondslag.Application.Auditing;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Disclosure;

namespace Grondslag.Application.Delivery;

/// <summary>
/// The delivery channels as the release and withdrawal use cases see them (implemented by the server: TAXII
/// collection, e-mail outbox). Both methods run inside the use case's transaction, after its own record is
/// written and before the commit, so a delivery is recorded if and only if the release (or withdrawal) is.
/// </summary>
public interface IShareDelivery
{
    /// <summary>Publishes a just-released share on every channel it can; returns one audit record per delivery step.</summary>
    Task<IReadOnlyList<AuditRecord>> DeliverAsync(ReleasedShare share, Actor actor, CancellationToken cancellationToken);

    /// <summary>Whether the share has been withdrawn already.</summary>
    Task<bool> IsWithdrawnAsync(string shareId, CancellationToken cancellationToken);

    /// <summary>Republishes the share revoked and queues the deletion request; returns one audit record per step.</summary>
    Task<IReadOnlyList<AuditRecord>> WithdrawAsync(ShareWithdrawal withdrawal, DateTimeOffset withdrawnAt, string reason, Actor actor, CancellationToken cancellationToken);
}

/// <summary>No channels (hosts without delivery, e.g. the CLI): releases are recorded, nothing is sent.</summary>
public sealed class NoShareDelivery : IShareDelivery
{
    public Task<IReadOnlyList<AuditRecord>> DeliverAsync(ReleasedShare share, Actor actor, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AuditRecord>>([]);

    public Task<bool> IsWithdrawnAsync(string shareId, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<IReadOnlyList<AuditRecord>> WithdrawAsync(ShareWithdrawal withdrawal, DateTimeOffset withdrawnAt, string reason, Actor actor, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AuditRecord>>([]);
}
