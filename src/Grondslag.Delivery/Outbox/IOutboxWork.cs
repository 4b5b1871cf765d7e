namespace Grondslag.Delivery.Outbox;

/// <summary>
/// The outbox rows as the release's delivery and the channel steps see them, on the request's own unit of work
/// (implemented in storage): staging joins the caller's transaction; reads never take one.
/// </summary>
public interface IOutboxWork
{
    /// <summary>
    /// Adds the work of a release or withdrawal (made by <see cref="ChannelWork"/> from the gate-made share) unsaved: it is
    /// written with the release's own changes, in its transaction.
    /// </summary>
    void Stage(OutboxEntry entry);

    /// <summary>The entry with this key as stored (a channel step reads its work).</summary>
    Task<OutboxEntry?> FindAsync(string key, CancellationToken cancellationToken);

    /// <summary>Whether an entry with this key is stored (e.g. the revocation of a share).</summary>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);
}
