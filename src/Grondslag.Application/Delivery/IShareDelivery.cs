using Grondslag.Domain.Disclosure;

namespace Grondslag.Application.Delivery;

/// <summary>
/// The delivery channels as the release and withdrawal use cases see them, inside their transaction: they only
/// <em>record</em> the work (one outbox row per channel, written with the release's own changes), so a delivery is
/// queued if and only if the release (or withdrawal) commits. The channels run after the commit
/// (<see cref="IDeliverShares"/>), each step audited in its own short transaction.
/// </summary>
public interface IShareDelivery
{
    /// <summary>Stages the outbox work of a just-released share, one row per channel (no I/O: saved with the release).</summary>
    void Stage(ReleasedShare share);

    /// <summary>Stages the outbox work of a withdrawal: the revocation on TAXII, the deletion request by e-mail.</summary>
    void StageWithdrawal(ShareWithdrawal withdrawal, DateTimeOffset withdrawnAt, string reason);

    /// <summary>Whether the share has been withdrawn already.</summary>
    Task<bool> IsWithdrawnAsync(string shareId, CancellationToken cancellationToken);

    /// <summary>
    /// After the commit: runs the share's channel steps now (this node holds them under a lease), so a release request
    /// usually answers with its channels done. Never throws for a channel's failure: what is not done stays in the
    /// outbox for any node's worker.
    /// </summary>
    Task AfterCommitAsync(string shareId, CancellationToken cancellationToken);

    /// <summary>
    /// After the last commit of a bulk release: runs the channel steps of the released shares, one share after
    /// another, on their own (the request does not wait for each share's channels before releasing the next, and
    /// answers with them queued or done). Never throws for a channel's failure: what is not done stays in the outbox.
    /// </summary>
    async Task AfterCommitAsync(IReadOnlyList<string> shareIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shareIds);
        foreach (var shareId in shareIds)
        {
            await AfterCommitAsync(shareId, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>No channels (hosts without delivery, e.g. the CLI): releases are recorded, nothing is queued or sent.</summary>
public sealed class NoShareDelivery : IShareDelivery
{
    public void Stage(ReleasedShare share)
    {
    }

    public void StageWithdrawal(ShareWithdrawal withdrawal, DateTimeOffset withdrawnAt, string reason)
    {
    }

    public Task<bool> IsWithdrawnAsync(string shareId, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task AfterCommitAsync(string shareId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task AfterCommitAsync(IReadOnlyList<string> shareIds, CancellationToken cancellationToken) => Task.CompletedTask;
}
